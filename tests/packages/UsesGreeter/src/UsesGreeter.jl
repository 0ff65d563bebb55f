module UsesGreeter

using Greeter

welcome(names::Vector{String}) = join(map(greet, names), " ")

end

Base.precompilation(UsesGreeter) do
    UsesGreeter.welcome(["a", "b"])
end
