# Method specificity for signatures neither of which is a subtype of the other: Julia compares
# them argument by argument (src/subtype.c `tuple_morespecific`).
struct Cplx{T<:Real}
    re::T
    im::T
end
# Beats Base's `convert(::Type{T}, x::T) where {T}`: `Type{Cplx{T}}` is narrower than
# `Type{T}`, and `Cplx` than `T`.
function Base.convert(::Type{Cplx{T}}, z::Cplx) where {T<:Real}
    println("user convert")
    return Cplx{T}(z.re, z.im)
end
println(convert(Cplx{Int64}, Cplx(1, 2)))
println(convert(Cplx{Float64}, Cplx(1, 2)))

h(::Type{T}, x::T) where {T} = "diagonal"
h(::Type{Vector{T}}, x::AbstractVector) where {T} = "vector"
println(h(Vector{Int}, [1]), " ", h(Int, 1))

# More specific in one argument and less in another: Julia reports an ambiguity.
g(x::Int, y::Any) = "Int, Any"
g(x::Number, y::Int) = "Number, Int"
println(g(1, 2.5), " ", g(1.5, 2))
try
    g(1, 2)
catch e
    println(first(split(sprint(showerror, e), '\n')))
end
k(x::Integer, y::Real) = "Integer, Real"
k(x::Int, y::Number) = "Int, Number"
try
    k(1, 2)
catch e
    println(first(split(sprint(showerror, e), '\n')))
end
# One argument more specific, the other a subtype: not ambiguous.
m(x::Int, y::Real) = "Int, Real"
m(x::Integer, y) = "Integer, Any"
println(m(1, 2), " ", m(Int8(1), 2), " ", m(1, "a"))

# A variadic method against a fixed one: its varargs are compared as if spread, so
# `vs(x::Int...)` is chosen over `vs(x)` for one Int (and the fixed one for anything else).
vs(x::Int...) = "ints"
vs(x) = "any"
println(vs(1), " ", vs("a"), " ", vs(1, 2), " ", vs())
