# `@enum`: the three forms, printing, conversion, order, instances, Dict keys.
@enum Color red green blue
println(red)
print(green, "\n")
show(blue); println()
display(red)
println(repr(green), " ", string(blue), " ", Symbol(red))
println(Int(blue), " ", Integer(green), " ", typeof(Integer(green)))
println(Color(1), " ", typeof(red), " ", red isa Enum, " ", Color <: Enum{Int32})
println(instances(Color))
println(red < blue, " ", blue < green, " ", red == red, " ", red === Color(0), " ", red != green)
println(sort([blue, red, green]), " ", maximum([red, blue, green]))
d = Dict(red => "r", blue => "b")
println(d[blue], " ", haskey(d, green))
for c in instances(Color)
    println(c, " => ", Int(c))
end
println(typemin(Color), " ", typemax(Color))

@enum Fruit::UInt8 apple=1 orange=2 kiwi=5
println(typeof(UInt8(kiwi)), " ", UInt8(kiwi), " ", Int(orange))
display(kiwi)
println([apple, kiwi])
println(Fruit(5))

@enum Shape begin
    circle
    square = 4
    triangle
end
println(Int(circle), " ", Int(square), " ", Int(triangle))
display(triangle)

describe(x::Color) = "color $x"
describe(x::Shape) = "shape $(Int(x))"
println(describe(green), ", ", describe(square))

try
    Color(7)
catch e
    showerror(stdout, e); println()
end
try
    Fruit(3)
catch e
    showerror(stdout, e); println()
end

abstract type Animal end
struct Dog <: Animal end
println(Dog <: Animal, " ", supertype(Color))

# An enum of another module: `print` gives the name, `show` qualifies it.
module Shapes
@enum Kind dot line
end
println(Shapes.dot, " ", string(Shapes.line))
show(Shapes.dot); println()
println([Shapes.dot, Shapes.line])
display(Shapes.line)
