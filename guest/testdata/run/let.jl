x = 10
y = let x = x + 1, z = 2
    x * z
end
println(x, " ", y)
counters = []
for i in 1:3
    let j = i
        push!(counters, () -> j * 100)
    end
end
println(map(f -> f(), counters))
function shadow(a)
    let a = a * 2
        a += 1
        println("inner ", a)
    end
    a
end
println(shadow(5))
make_counter = let count = 0
    () -> (count += 1)
end
make_counter(); make_counter()
println(make_counter())
let
    println("empty let")
end
