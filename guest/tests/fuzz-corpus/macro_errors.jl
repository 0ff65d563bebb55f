macro m(x)
    error("boom")
end
try
    @eval @m 1
catch e
    println(sprint(showerror, e))
end
macro n()
    :(1 +)
end
@n
