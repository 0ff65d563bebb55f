module Left
using Root
left(x) = 2 * Root.base(x)
end

Base.precompilation(Left) do
    Left.left(1)
end
