# Scenario 6, package A: its workload compiles `describe(::Square)`, whose code relies on
# `area(::Square)` dispatching to the fallback `area(::Shape)`. GeomArea adds a method that
# changes that decision: loading both must discard `describe(::Square)` and nothing else.
module Geom

abstract type Shape end
struct Square <: Shape
    side::Float64
end

area(s::Shape) = 0.0
describe(s::Shape) = "area " * string(area(s))
perimeter(s::Square) = 4 * s.side

end

Base.precompilation(Geom) do
    Geom.describe(Geom.Square(2.0))
    Geom.perimeter(Geom.Square(2.0))
end
