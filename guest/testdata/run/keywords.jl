function greet(name; greeting = "Hello", punct = "!")
    return "$greeting, $name$punct"
end
println(greet("a"))
println(greet("b"; greeting = "Hi"))
println(greet("c", punct = "?", greeting = "Hey"))
punct = "."
println(greet("d"; punct))

scale(x, factor = 2; offset = 0) = x * factor + offset
println(scale(3), " ", scale(3, 3), " ", scale(3; offset = 1), " ", scale(3, 10; offset = 5))

area(; w, h = w) = w * h
println(area(w = 3), " ", area(w = 2, h = 5))

struct Box2
    v::Int
end
describe(b::Box2; verbose::Bool = false) = verbose ? "Box2 holding $(b.v)" : "Box2"
println(describe(Box2(1)), " / ", describe(Box2(2); verbose = true))

try
    greet("e"; volume = 11)
catch err
    println(err.msg)
end
try
    area()
catch err
    println(typeof(err))
end
try
    length([1]; fast = true)
catch err
    println(err.msg)
end
