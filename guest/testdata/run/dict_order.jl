# Dict and Set iteration order follows Julia's hash and table layout (base/dict.jl).

# hash values (Julia 1.11, 64-bit)
println(hash(10))
println(hash(10, hash(10)))
println(hash(1) == hash(1.0), " ", hash(0.0) == hash(-0.0), " ", hash(NaN) == hash(-NaN))
println(hash(Int8(3)) == hash(3), " ", hash(UInt64(3)) == hash(3), " ", hash(true) == hash(1))
println(hash(1.5))
println(hash(-0.0))
println(hash(NaN))
println(hash(2.0^70))
println(hash(Float32(0.25)) == hash(0.25))
println(hash("abc"))
println(hash(""))
println(hash("hello, world! this is longer than sixteen bytes"))
println(hash('a'))
println(hash('α'))
println(hash(:abc))
println(hash(:abc, UInt(0)))
println(hash((1, 2)))
println(hash(()))
println(hash(1 => 2))
println(hash([1, 2, 3]))
println(hash(SubString("xabcx", 2, 4)) == hash("abc"))

# docstring examples of Julia's manual
println(Dict([("A", 1), ("B", 2)]))
println(Dict('a' => 2, 'b' => 3))
a = Dict("foo" => 0.0, "bar" => 42.0)
b = Dict("baz" => 17, "bar" => 4711)
println(merge(a, b))

# Int keys
println(Dict(i => i for i in 1:20))
d = Dict{Int,Int}()
for i in 1:20
    d[i] = i * i
end
println(d)
println(collect(keys(d)))
println(Set(1:20))
println(Set([3, 1, 2]))
println(Set([-1, 0, 100, 7, 42]))

# strings, chars, symbols, floats, tuples
println(Dict("apple" => 1, "banana" => 2, "cherry" => 3, "date" => 4, "elderberry" => 5))
println(Set(["x", "y", "z", "w"]))
println(Dict(c => Int(c) for c in "hello world"))
println(Set(collect("mississippi")))
println(Dict(:a => 1, :b => 2, :c => 3, :x => 4, :y => 5))
println(Set([:red, :green, :blue]))
println(Dict(0.5 => "half", 1.0 => "one", 2.5 => "two and a half", -1.0 => "minus one"))
println(Set([1.5, 2.5, 3.5, NaN, -0.0, 0.0]))
println(Dict((1, 2) => "a", (2, 1) => "b", (0, 0) => "c"))
println(Set([(i, j) for i in 1:3 for j in 1:2]))

# deletes and re-inserts
d = Dict(i => string(i) for i in 1:10)
for i in 2:2:10
    delete!(d, i)
end
println(d)
d[4] = "four"
d[100] = "hundred"
println(d)
println(pop!(d, 1), " ", pop!(d, 999, "none"))
println(d)
empty!(d)
d[7] = "seven"
d[3] = "three"
println(d)

# growth past 16, 64 and 256 slots, inserted one at a time
d = Dict{Int,Int}()
for i in 1:12
    d[i * 7] = i
end
println(d)
d = Dict{String,Int}()
for i in 1:50
    d["k$i"] = i
end
println(collect(keys(d))[1:10])
d = Dict{Int,Int}()
for i in 1:300
    d[i * 13] = i
end
println(collect(keys(d))[1:12])
println(sum(keys(d)), " ", length(d))

# sizehint! changes the table size and so the order
d = Dict{Int,Int}()
sizehint!(d, 100)
for i in 1:12
    d[i * 7] = i
end
println(d)

# copies keep the layout; filter! deletes in place
d = Dict(i => i for i in 1:15)
c = copy(d)
println(c == d, " ", collect(keys(c)) == collect(keys(d)))
filter!(p -> isodd(p.first), d)
println(d)
s = Set(1:15)
filter!(iseven, s)
println(s)
println(union(Set([1, 2]), [30, 40]))
println(intersect(Set(1:10), [9, 3, 5, 11]))
println(symdiff(Set([1, 2, 3]), [3, 4]))
display(Dict("one" => 1, "two" => 2, "three" => 3))
println()
display(Set([9, 4, 8, 2, 7, 8]))
println()
display(Set{Int}())
println()
println(Set(["test", 9, :a]))
println(Dict("Name" => "Roger", "Age" => 52, "Index" => 0.3))

# Rational and Complex hash as the numbers they equal
println(hash(1//2) == hash(0.5), " ", hash(3//1) == hash(3), " ", hash(1//3))
println(hash(1 + 0im) == hash(1), " ", hash(1.5 + 2im))
println(Set([1//3, 2//3, 1//2, 5//4]))
println(Set([1 + 2im, 3 - 1im, 0 + 1im]))

# a struct with its own hash is placed by it
struct P
    x::Int
end
Base.hash(p::P, h::UInt) = hash(p.x, h)
println(hash(P(3)) == hash(3))
println(Dict(P(i) => i for i in 1:8))

# pop! of the first entry, get!
d = Dict(i => i for i in 1:6)
println(pop!(d), " ", d)
println(get!(d, 40, 0), " ", d)

# filter makes a new dict or set in the original's order
d = Dict(i => i^2 for i in 1:12)
println(filter(p -> iseven(p.first), d))
println(filter(isodd, Set(1:12)))
println(Dict{Any,Int}(1 => 1, 1.0 => 2))

# arrays of 8192 elements or more hash a Fibonacci-spaced sample, as Julia's do
println(hash(collect(1:10000)))
println(hash(zeros(9000)))
println(hash(Float64.(collect(1:9000))) == hash(collect(1:9000)))
