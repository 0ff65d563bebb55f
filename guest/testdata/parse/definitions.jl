function f(x::Int, y = 2, zs...; kw = 1) where {T <: Number}
    return x + y
end
g(x) = x * 2
h(x)::Int where T = x
Base.show(io::IO, p::Point) = print(io, p.x)
Base.:+(a, b) = 0
(xs...) -> xs
(a, b) -> a + b
() -> 1
function (x)
    x
end
struct P{T <: Real} <: AbstractP
    x::T
    y
end
mutable struct M
    n::Int
end
abstract type Shape <: Any end
module Mod
export f, g
using A, B.C
using .Sub: x, y
import Base: +, show
const K = 1
end
(p::Poly)(x) = p.a * x
function (c::Counter)(k; by = 1)
    c.n += k * by
end
(::Marker)() = nothing
