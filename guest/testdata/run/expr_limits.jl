# Code as data built by a program is bounded: a structure too deep (or containing itself) is an
# error, not a crash; printing one is cut short.
function nest(n)
    e = :x
    for i in 1:n
        e = Expr(:call, :identity, e)
    end
    e
end
x = 7
println(eval(nest(40)))
try
    eval(nest(100000))
catch err
    println(typeof(err), ": ", err.msg)
end
loop = Expr(:call, :f)
push!(loop.args, loop)
println(loop)
try
    eval(loop)
catch err
    println(typeof(err), ": ", err.msg)
end
try
    eval(Expr(:frobnicate, 1))
catch err
    println(typeof(err), ": ", err.msg)
end
try
    Expr("call")
catch err
    println(err)
end
