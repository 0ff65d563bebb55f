module Right
using Root
right(x) = Root.base(x) - 3
end

Base.precompilation(Right) do
    Right.right(1)
end
