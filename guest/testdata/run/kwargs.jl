# Keyword arguments: `kws...` parameters, splatting named tuples and pairs, passing keywords on.
f(x; kw...) = (x, kw)
println(f(1))
println(f(1; a = 2, b = "s"))
g(; kws...) = kws
k = g(a = 1, b = 2)
println(k)
println(keys(k), " ", values(k), " ", length(k), " ", k[:a], " ", haskey(k, :b), " ", isempty(k))
for (n, v) in k
    println(n, " => ", v)
end
println(collect(k))
println(g(flag = true))
h(; a = 0, b = 0) = a + 10b
nt = (a = 1, b = 2)
println(h(; nt...), " ", h(; k...), " ", h(; (b = 5,)...), " ", h(; [:a => 4]...))
println(h(; nt..., b = 9))
outer(; kw...) = h(; kw...)
println(outer(a = 3), " ", outer())
a = 7
println(h(; a))
pt = (a = 2, b = 1)
println(h(; pt.b))
args = (1, 2)
p(x, y; z = 0) = x + y + z
println(p(args...; z = 10), " ", p(args...))
q(x; kws...) = g(; kws..., x = x)
println(q(5; y = 1))
mixed(x; scale = 1, kws...) = (x * scale, kws)
println(mixed(2; scale = 3, extra = "e"))
withdefault(x, y = 10; kws...) = (x + y, length(kws))
println(withdefault(1), " ", withdefault(1, 2; a = 1))
println(round(3.14159; digits = 2), " ", round(3.14159, digits = 3), " ", round(Int, 2.5), " ", round(2.5))
println(round(1234.5678, sigdigits = 2), " ", round(-0.5), " ", round(3; digits = 2), " ", round(1234.5; digits = -2))
println(round(0.125; digits = 2), " ", round(2.675, digits = 2), " ", round(12345.0; sigdigits = 3))
try
    h(; Dict("a" => 1)...)
catch e
    println(typeof(e))
end
try
    round(1.5; digits = 1, sigdigits = 1)
catch e
    println(e)
end
