x = 1 + 2 * 3
println(x)
println(7 / 2)
println(7 ÷ 2, " ", 7 % 3, " ", 2^10)
println(0.1 + 0.2)
println(1e6, " ", 1.5e-7, " ", 100000.0)
y = 10
y += 5
y *= 2
println(y)
println(3 < 5, " ", 3 == 3.0, " ", 1 < 2 < 3, " ", !true)
s = "kiln"
println("Hello, $s! $(1 + 1) times")
println(length(s), " ", uppercase(s), " ", s * "!")
println([1, 2, 3], " ", [1.5, 2.0], " ", ["a", "b"], " ", Any[1, "a"])
println((1, "a", 2.5), " ", (1,))
println(nothing)
println(typeof(1), " ", typeof(1.0), " ", typeof("a"), " ", typeof([1]), " ", typeof((1, "a")))
println(Int[], " ", Any[])
v = [10, 20, 30]
push!(v, 40)
println(v[2], " ", v[end], " ", length(v))
v[1] = 5
println(v)
println(-2^2, " ", abs(-3), " ", max(2, 7), " ", min(2.5, 1.0))
println(1:3, " ", collect(1:3), " ", 'a', " ", repr('a'), " ", repr("q\"uote"))
