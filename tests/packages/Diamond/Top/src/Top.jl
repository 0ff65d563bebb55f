module Top
using Left, Right
top(x) = (Left.left(x), Right.right(x))
end

Base.precompilation(Top) do
    Top.top(1)
end
