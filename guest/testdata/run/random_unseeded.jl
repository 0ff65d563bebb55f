# Random without a seed: the default generator is seeded from the system's entropy, so only
# properties are checked here (ranges, lengths, permutations).
using Random
x = rand()
println(0 <= x < 1, " ", typeof(x), " ", typeof(rand(Float32)), " ", typeof(randn()))
v = rand(1:6, 1000)
println(length(v), " ", all(x -> 1 <= x <= 6, v), " ", 6 in v)
println(size(rand(2, 3)), " ", eltype(rand(Int, 3)), " ", typeof(rand(Bool)), " ", length(rand(5)))
println(sort(randperm(20)) == collect(1:20), " ", sort(shuffle(collect(1:10))) == collect(1:10))
w = collect(1:5)
shuffle!(w)
println(sort(w) == collect(1:5))
c = randcycle(7)
println(sort(c) == collect(1:7), " ", all(i -> c[i] != i, 1:7))
s = randstring(100)
println(length(randstring()), " ", length(s), " ", all(ch -> isletter(ch) || isdigit(ch), s))
println(rand(['x']), " ", rand("q"), " ", rand((:z,)), " ", rand(-2:-2), " ", size(rand((2, 3))))
println(rand(Xoshiro(), 1:3) in 1:3, " ", rand(RandomDevice(), 1:3) in 1:3, " ", Xoshiro() == Xoshiro())
Random.seed!(42)
a = rand(4)
Random.seed!(42)
println(a == rand(4))
Random.seed!()
println(all(x -> 0 <= x < 1, rand(100)), " ", all(x -> abs(x) < 10, randn(100)))
try
    rand(1:0)
catch e
    println(e)
end
try
    MersenneTwister(1)
catch e
    println(e)
end
try
    rand(Int[])
catch e
    println(e)
end
