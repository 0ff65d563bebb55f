a, b = "éa"
println(a, " ", b)
struct Countdown
    n::Int
end
Base.iterate(c::Countdown, s = c.n) = s == 0 ? nothing : (s, s - 1)
x, y, z = Countdown(5)
println(x, y, z)
p, q = 1 => 2
println(p + q)
k, v = (10, 20)
println(k * v)
function swap(t)
    u, w = t
    return (w, u)
end
println(swap((1, 2)))
try
    m, n = [1]
catch e
    println(typeof(e))
end
