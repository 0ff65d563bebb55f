# Random: what each kind of request draws from a seeded Xoshiro (Julia 1.11's algorithms).
using Random
r = Xoshiro(42)
println(rand(r, 3))
println(rand(r, 1:6), " ", rand(r, Bool), " ", rand(r, Int), " ", rand(r, UInt8), " ", rand(r, Float32))
println(rand(r, ['a', 'b']), " ", rand(r, "abc"))
println(rand(r, 2, 3))
println(rand(r, 1:6, 4))
println(rand(r, UInt8, 5))
println(rand(r, Bool, 5))
println(rand(r, Int, 2))
println(rand(r, -3:3, 5), " ", rand(r, [10, 20, 30], 3))
println(rand(r, UInt64), " ", rand(r, Int32), " ", rand(r, UInt16))

# `randn`: the ziggurat (Julia's tables).
println(randn(Xoshiro(1), 2))
println(randn(Xoshiro(42), 5))

# Seeds: negative seeds differ from their complements; equal seeds give equal streams.
println(rand(Xoshiro(-1)), " ", rand(Xoshiro(0)), " ", Xoshiro(7) == Xoshiro(7), " ", Xoshiro(7) == Xoshiro(8))
a = Xoshiro(5)
b = copy(a)
println(rand(a) == rand(b))

# The default generator after `Random.seed!` is a `Xoshiro` with that seed.
Random.seed!(42)
x = rand(3)
println(x == rand(Xoshiro(42), 3), " ", Random.default_rng())
Random.seed!(42)
println(rand(1:100), " ", randn(), " ", shuffle([1, 2, 3, 4, 5]))

# Bulk requests of 64 bytes or more go through eight forked generators.
println(rand(Xoshiro(9), Int, 9))
println(rand(Xoshiro(9), UInt8, 70)[65:70])

# Arrays of Float32: each word gives two, its low half first.
println(rand(Xoshiro(5), Float32, 3))
println(rand(Xoshiro(5), Float32, 17)[15:17])

# `randexp` (ziggurat, Julia's tables) and `randsubseq` with a small probability, which skips
# ahead by exponential gaps.
println(randexp(Xoshiro(1234), 5))
println(randsubseq(Xoshiro(5), 1:200, 0.05))
