fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2)
println(fib(parse(Int, get(ENV, "N", "20"))))
