function apply_n(f, n)
    s = 0.0
    for i in 1:n
        s += f(i)
    end
    s
end
n = parse(Int, get(ENV, "N", "100000"))
println(apply_n(x -> x * 0.5 + 1, n))
t = 0
for i in 1:n
    global t += i
end
println(t)
