# Float ranges: `a:s:b`, `range(…; length)`, `LinRange`, with Julia's twice-precision
# `StepRangeLen`, so the elements are the ones Julia computes.
r = 0:0.1:1
println(r)
println(length(r), " ", r[4], " ", r[4] == 0.3, " ", first(r), " ", last(r), " ", step(r))
println(collect(r))
println(sum(r), " ", sum(0.1:0.1:1.0), " ", sum(-1:0.2:1))
println(collect(0.1:0.1:0.5))
println(collect(0.1:0.2:0.9))
println(range(0, 1; length = 11))
println(collect(range(0, 1; length = 5)))
println(range(0.0, 1.0, length = 4))
println(collect(range(0.0, 1.0, length = 4)))
println(collect(range(-0.3, 0.7, length = 6)))
println(range(0, 2π; length = 5)[2], " ", length(range(0, 2pi; length = 100)))
println(LinRange(0, 1, 5), " ", collect(LinRange(0, 1, 5)), " ", LinRange(0, 1, 5)[2])
println(1.0:3.0, " ", 1.5:0.5:3, " ", collect(1:-0.25:0))
println(range(1.0, step = 0.5, length = 3), " ", range(1, step = 2, length = 3), " ", range(1, 10, length = 10))
x = 0.0:0.3:1.0
println(x, " ", length(x), " ", last(x))
for v in 0:0.25:0.5
    println(v)
end
println(isempty(1.0:0.5:0.0), " ", length(1.0:0.5:0.0))
println(1:0.1:1.3 == [1.0, 1.1, 1.2, 1.3])
s = 0:0.5:2
println(s .* 2, " ", s .+ 1, " ", 1 .- s, " ", s ./ 2)
println(map(x -> x^2, s), " ", [x for x in s])
println(maximum(s), " ", minimum(s), " ", s[end], " ", s[2:3], " ", (0:0.1:1)[2:2:6])
display(s)
println(collect(0:0.1:0.3) .== [0.0, 0.1, 0.2, 0.3])
println(0.1 * 3, " ", (0:0.1:1)[4])
