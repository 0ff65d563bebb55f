function floatloop(n)
    s = 0.0
    for i in 1:n
        s += i * 0.5
    end
    s
end
println(floatloop(parse(Int, get(ENV, "N", "300000"))))
