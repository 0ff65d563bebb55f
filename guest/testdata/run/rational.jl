# Rational numbers: lowest terms, promotion with integers and floats, checked arithmetic.
x = 3 // 4
println(x, " ", typeof(x))
show(x); println()
println(1 // 2 + 1 // 3, " ", 1 // 2 - 3 // 4, " ", (2 // 3) * (3 // 4), " ", (1 // 2) / (1 // 4))
println(6 // 8, " ", -1 // 2, " ", 1 // -2, " ", 4 // 2, " ", 0 // 5)
println(1 // 2 + 1, " ", 1 // 2 + 0.5, " ", typeof(1 // 2 + 0.5), " ", 1 // 2 == 0.5, " ", 2 // 1 == 2)
println(1 // 3 < 1 // 2, " ", numerator(6 // 4), " ", denominator(6 // 4), " ", float(1 // 3))
println((2 // 3)^2, " ", gcd(12, 18), " ", lcm(4, 6), " ", Int8(3) // Int8(6), " ", typeof(Int8(3) // Int8(6)))
println([1 // 2, 3 // 4], " ", sum([1 // 2, 1 // 3, 1 // 6]))
try
    1 // 0
catch e
    println(e)
end
try
    0 // 0
catch e
    println(e)
end
try
    typemax(Int64) // 1 + 1 // 1
catch e
    println(e)
end
println(1 // 0, " ", -3 // 0)
