# `function f end`: a generic function with no methods, methods added later.
function area end
println(area)
display(area)
area(r::Float64) = π * r^2
println(area(1.0))
display(area)
module Shapes2
export perimeter
function perimeter end
end
using .Shapes2
Shapes2.perimeter(x::Int) = 4x
println(perimeter(2))
ex = :(function g end)
println(ex)
dump(ex)
eval(ex)
println(g)
println(instances)
