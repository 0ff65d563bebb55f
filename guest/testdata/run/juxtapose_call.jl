# Juxtaposition after a call or a parenthesized expression multiplies, as after a number.
x = 2
println(2(x + 1), " ", 2x, " ", (x + 1)x, " ", min(3, x)x, " ", max(3, x)x ÷ 2)
n = 4
println(min(5, 7)n - 1, " ", (n - 1)n^2)
# A parenthesized start of `a:b:c` is still one range.
println((x - 1):-1:1, " ", collect((n - 1):-1:1), " ", [10, 20, 30, 40][(end - 1):-1:1])
println((3:3:15)[2], " ", (3:3:15) .% 5)
