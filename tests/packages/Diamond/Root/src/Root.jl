module Root
base(x) = x + 1
end

Base.precompilation(Root) do
    Root.base(1)
end
