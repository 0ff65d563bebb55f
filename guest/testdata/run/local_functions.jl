for i in 1:2
    sq(x) = x^2 + i
    println(sq(3))
end
try
    fact(n) = n <= 1 ? 1 : n * fact(n - 1)
    println(fact(5))
catch e
end
let
    helper(a, b) = a + b
    println(helper(1, 2))
end
# Each iteration's function is its own closure over that iteration's variables.
fs = []
for k in 1:3
    addk(x) = x + k
    push!(fs, addk)
end
println([f(10) for f in fs])
while true
    twice(x) = 2x
    println(twice(21))
    break
end
