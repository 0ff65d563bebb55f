f(x::Int) = x + 1
g(x) = f(x)
println(g(1))
g("a")
