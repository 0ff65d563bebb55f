# Keyword and splatted calls in a loop: a function with keyword arguments (defaults and one
# passed), and a call splatting a tuple.
scale(x; factor = 2, offset = 0) = x * factor + offset
add3(a, b, c) = a + b + c
function kwloop(n)
    s = 0
    for i in 1:n
        s += scale(i; offset = 1)
        t = (i, 1, 2)
        s += add3(t...)
    end
    s
end
println(kwloop(parse(Int, get(ENV, "N", "100000"))))
