f(x) = "generic"
g(x) = f(x)
println(g(1))
f(x::Int) = "specific"
println(g(1))
println(g(1.5))
h() = 1
k() = h() + 1
println(k())
h() = 10
println(k())
