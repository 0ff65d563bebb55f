c = Channel{Int}(0)
try
    take!(c)
catch e
    println(typeof(e))
end
t = @async error("inner")
try
    wait(t)
catch e
    println(typeof(e))
end
