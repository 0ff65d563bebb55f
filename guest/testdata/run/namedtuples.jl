# NamedTuple: literals, access, iteration, merge, destructuring, equality, hashing, printing.
t = (a = 1, b = 2.5)
println(t)
println(typeof(t))
println(t.a, " ", t[:b], " ", t[2], " ", length(t))
println(keys(t), " ", values(t))
for v in t
    println(v)
end
println(haskey(t, :a), " ", haskey(t, :c), " ", get(t, :c, 0))
a = 3
b = "x"
u = (; a, b)
println(u, " ", typeof(u))
println((a = 1,), " ", typeof((a = 1,)))
println((x = [1, 2], y = (1, 2), z = :s, w = nothing))
println(typeof((x = 1, y = nothing)))
println(merge(t, (b = 3, c = 4)))
println(merge((p = 1,), [:q => 2, :p => 3]))
println((; t..., c = 'c'))
println((; :z => 1))
s = (k = 10,)
println((; s.k))
(; a, b) = t
println(a, " ", b)
struct Pt
    x::Int
    y::Int
end
(; x, y) = Pt(5, 6)
println(x + y)
println(t == (a = 1, b = 2.5), " ", (a = 1,) == (a = 1.0,), " ", (a = 1,) == (b = 1,))
println((a = 1,) === (a = 1,), " ", isequal((a = 1, b = 2), (a = 1, b = 2)))
println(t isa NamedTuple, " ", (1, 2) isa NamedTuple)
describe(n::NamedTuple) = "named tuple with $(length(n)) fields"
describe(x) = "something else"
println(describe(t), "; ", describe((1, 2)))
d = Dict((a = 1,) => "one", (a = 2,) => "two")
println(d[(a = 2,)])
println(collect(pairs((x = 1, y = 2))))
println(pairs((x = 1, y = 2)))
nt = (a = 1,)
try
    nt[2]
catch e
    println(typeof(e))
end
try
    merge(nt, ["k" => 1])
catch e
    println(typeof(e))
end
