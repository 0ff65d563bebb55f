function f()
    fs = []
    for i in 1:3
        k = i * 2
        push!(fs, () -> k)
    end
    [g() for g in fs]
end
println(f())
function h()
    total = 0
    for i in 1:4
        sq = i * i
        total += sq
    end
    total
end
println(h())
function after()
    for i in 1:2
        w = i
    end
    try
        w
    catch e
        typeof(e)
    end
end
println(after())
function nested()
    acc = 0
    for i in 1:3
        s = 0
        j = 0
        while j < i
            j += 1
            s += j
        end
        acc += s
    end
    acc
end
println(nested())
