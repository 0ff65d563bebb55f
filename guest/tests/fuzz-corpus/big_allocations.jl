for n in (10^12, 2^62, -1)
    try
        zeros(n)
    catch e
        println(typeof(e))
    end
end
try
    resize!(Int[], 10^15)
catch e
    println(typeof(e))
end
try
    "x" ^ (10^12)
catch e
    println(typeof(e))
end
