# Comprehensions with several clauses and iterators, destructuring parameters, tuple splats, map's shapes.
println([x * y for x in 1:3 for y in 1:x])
println([(x, y) for x in 1:2, y in 1:3])
println([x + y + z for x in 1:2, y in 1:2, z in 0:1])
println([(x, y) for x in 1:3, y in 1:3 if x < y])
println([(i, c) for (i, c) in enumerate("ab")])
d = Dict("a" => 1)
println([k * string(v) for (k, v) in d])
println(sum(a * b for (a, b) in zip([1, 2], [3, 4])))
f = ((a, b), c) -> a + b + c
println(f((1, 2), 3))
g((a, b)) = a * b
println(g((3, 4)))
map([(1, 2), (3, 4)]) do (a, b)
    println(a - b)
end
x = 10
h = ((x, y),) -> x + y
println(h((1, 2)), " ", x)
println([line for v in [[1, 2], [3]] for line in v])
println([(x, y, z) for x in 1:2 if x > 1 for y in 1:2, z in 3:3 if y > 1])
function byfor()
    s = 0
    for (a, (b, c)) in [(1, (2, 3))]
        s += a + b + c
    end
    s
end
println(byfor())
println(size([1 for i in 1:2, j in 1:3, k in 1:4]))
println(map(length, (1:2, 1:3)))
println(map(x -> 2x, [1 2; 3 4]))
println(map(uppercase, "abc"))
println(map(+, [1, 2], [10, 20]))
println(map(x -> x^2, 1:3))
println(map(x -> x + 1, (a = 1, b = 2)))
println((1, (2:3)...), " ", (0, "ab"...))
v = (xs...) -> length(xs)
println(v(1, 2, 3))
xs = (2.5, 3)
println([1, xs...], " ", [xs..., [4]...], " ", ["a", "b"...])
function wordy(problem)
    ENG = ["plus" => "+"]
    foreach(op -> problem = replace(problem, first(op) => last(op)), ENG)
    return problem
end
println(wordy("1 plus 2"))
f = x -> y = x + 1
println(f(1))
f2 = (a, b) -> a
f2(1)
