f(n) = f(n + 1)
try
    f(1)
catch e
    println(typeof(e))
end
g(x) = [g(x)]
try
    g(1)
catch e
    println(typeof(e))
end
