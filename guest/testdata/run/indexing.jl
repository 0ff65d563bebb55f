x = [10, 20, 30, 40, 50]
println(x[[1, 3]], " ", x[1:2:5], " ", x[2:3])
x[2:3] = [0, 0]
println(x)
try
    x[1:2] = [1, 2, 3]
catch e
    println(e.msg)
end
function risky(n)
    try
        n > 0 || error("bad n")
        n
    catch err
        println("cleanup")
        rethrow()
    end
end
println(risky(1))
try
    risky(0)
catch e
    println("caught: ", e.msg)
end
v = [5, 6, 7]
println(v[begin], " ", v[begin + 1], " ", v[end], " ", v[begin:end-1], " ", "abc"[begin])
