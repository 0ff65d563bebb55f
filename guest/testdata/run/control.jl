function fib(n)
    if n < 2
        return n
    end
    return fib(n - 1) + fib(n - 2)
end
println(fib(20))

function collatz(n::Int)
    steps = 0
    while n != 1
        n = iseven(n) ? n ÷ 2 : 3n + 1
        steps += 1
    end
    steps
end
println(collatz(27))

total = 0
for i in 1:10
    if i % 2 == 0
        continue
    end
    if i > 7
        break
    end
    global total += i
end
println(total)

for (i, c) in enumerate("abc")
    print(i, c, " ")
end
println()

sq(x) = x * x
println(map(sq, [1, 2, 3]))
println(map(x -> x + 1, 1:3))
println(filter(iseven, 1:10))
println(sum([1, 2, 3]), " ", sum(1:100), " ", prod([1, 2, 3, 4]))

function apply_twice(f, x)
    f(f(x))
end
println(apply_twice(x -> 2x, 5))

r = map([1, 2, 3]) do x
    x * 10
end
println(r)

function counter()
    n = 0
    inc = () -> (n += 1)
    inc(); inc()
    return n
end
println(counter())

try
    error("boom")
catch e
    println("caught: ", e.msg)
finally
    println("finally")
end

adders = Any[]
for i in 1:3
    push!(adders, x -> x + i)
end
println(map(f -> f(10), adders))

function firstneg(xs)
    for x in xs
        x < 0 && return x
    end
    nothing
end
println(firstneg([3, -2, -5]), " ", firstneg([1]))
greet(name, punct = "!") = "hi " * name * punct
println(greet("a"), " ", greet("b", "?"))
total2(xs...) = sum(xs)
println(total2(1, 2, 3), " ", total2([4, 5]...))
d = Dict("a" => 1, "b" => 2)
d["c"] = 3
println(d["b"], " ", length(d), " ", haskey(d, "z"), " ", get(d, "z", 0))
for (k, v) in d
    print(k, "=", v, ";")
end
println()
