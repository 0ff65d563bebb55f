# Scenario 5: a workload that `@eval`s a new type and methods into the package, calls the
# package's functions with them, and redefines one of the package's methods. None of that may
# reach the image: each method instance that needs it is rejected with its reason, and the image
# holds the package's own `scale`.
module Evaled

abstract type Shape end
struct Square <: Shape
    side::Float64
end

area(s::Square) = s.side^2
describe(s::Shape) = "a shape of area " * string(area(s))
total(shapes::Vector) = sum(area, shapes)
scale(x::Number) = 2x

end

Base.precompilation(Evaled) do
    Evaled.describe(Evaled.Square(2.0))
    Evaled.scale(3)
    # A type and a method that exist only in this workload.
    @eval Evaled begin
        struct Circle <: Shape
            r::Float64
        end
        area(c::Circle) = 3.0 * c.r^2
    end
    Base.invokelatest(Evaled.describe, Base.invokelatest(Evaled.Circle, 1.0))
    Base.invokelatest(Evaled.total, [Evaled.Square(1.0), Base.invokelatest(Evaled.Circle, 2.0)])
    # A redefinition of a package method: the image keeps the original.
    @eval Evaled scale(x::Number) = 3x
    Base.invokelatest(Evaled.scale, 3.5)
end
