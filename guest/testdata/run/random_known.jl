# Random: seeded streams checked against outputs Julia itself published.
using Random

# Julia 1.11 manual, `Xoshiro` docstring (jldoctest).
rng = Xoshiro(1234)
println(rand(rng, 2))

# `shuffle`, `shuffle!`, `randperm`, `randperm!`, `randcycle`, `randcycle!` docstrings.
println(shuffle(Xoshiro(123), collect(1:10)))
println(shuffle!(Xoshiro(123), collect(1:10)))
println(randperm(Xoshiro(123), 4))
println(randperm!(Xoshiro(123), Vector{Int}(undef, 4)))
println(randcycle(Xoshiro(123), 6))
println(randcycle!(Xoshiro(123), Vector{Int}(undef, 6)))

# `randstring` docstring: the default generator after `Random.seed!(3)`, and a given alphabet.
Random.seed!(3)
println(randstring())
println(randstring(Xoshiro(3), "abcdefghijklmnopqrstuvwxyz", 6))

# A package's test suite (StateSpaceLearning.jl) relies on `Random.seed!(1234); rand(10)`:
# ten floats, the first eight from Julia's eight-lane bulk generation.
Random.seed!(1234)
println(rand(10))

# `randsubseq` and `randsubseq!` docstrings.
println(randsubseq(Xoshiro(123), 1:8, 0.3))
S = Int64[]
randsubseq!(Xoshiro(123), S, 1:8, 0.3)
println(S)
