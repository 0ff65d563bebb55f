abstract type Shape end
struct Circle <: Shape
    r::Float64
end
struct Rect <: Shape
    w::Float64
    h::Float64
end
area(c::Circle) = 3.0 * c.r^2
area(r::Rect) = r.w * r.h
describe(s::Shape) = "a shape with area $(area(s))"
describe(c::Circle) = "a circle of radius $(c.r)"

shapes = Shape[Circle(1.0), Rect(2, 3)]
for s in shapes
    println(describe(s))
end
println(Rect(2, 3))
println(shapes)

mutable struct Account
    owner::String
    balance::Int
end
a = Account("ann", 10)
a.balance += 5
println(a.balance, " ", a)

struct Point{T}
    x::T
    y::T
end
p = Point(1, 2)
println(p, " ", typeof(p), " ", Point(1.5, 2.0))
Base.:+(a::Point, b::Point) = Point(a.x + b.x, a.y + b.y)
println(p + p)
Base.show(io::IO, p::Point) = print(io, "<", p.x, ", ", p.y, ">")
println(p + Point(3, 4))
println([p])
kind(x::Integer) = "integer"
kind(x::Real) = "real"
kind(x) = "something"
println(kind(1), " ", kind(1.5), " ", kind("s"), " ", kind(true))
println(isa(1, Number), " ", 1 isa String, " ", Int <: Real, " ", Float64 <: Integer)
same(x::T, y::T) where {T} = "same"
same(x, y) = "different"
println(same(1, 2), " ", same(1, 2.0))
