# `[r;]` is `vcat(r)`; `-r` of integer ranges; `abs` of a user's real type; an integer given
# to `sqrt` is converted before the `DomainError`.
println(typeof([1:3;]), " ", Int32[1:3;], " ", [1:2; 5:6])
println(-(1:3), " ", -(0:2:6), " ", collect(-(1:3)))
struct Money <: Real
    cents::Int
end
Base.:<(a::Money, b::Money) = a.cents < b.cents
Base.:-(a::Money) = Money(-a.cents)
Base.promote_rule(::Type{Money}, ::Type{Int}) = Money
Base.convert(::Type{Money}, x::Int) = Money(100x)
println(abs(Money(-250)), " ", abs(Money(5)), " ", signbit(Money(-1)))
try
    sqrt(-4)
catch e
    println(e)
end
# A parametric type's name stands for all its instances: `CB <: AbstractVector`.
struct CB{T} <: AbstractVector{T}
    x::Vector{T}
end
println(CB <: AbstractVector, " ", CB <: AbstractArray, " ", CB{Int} <: AbstractVector{Int}, " ", CB <: AbstractVector{Int})
# `r / x` of an integer range is a float range.
println((0:2:6) / 2, " ", collect((1:4) / 4), " ", -(0:2:4) / 4)
# Default constructors take the type's parameters from any field (`x::Vector{T}`), not only `x::T`.
struct Stack{T}
    items::Vector{T}
end
struct Grid{T}
    cells::Matrix{T}
    label::String
end
println(Stack([1, 2]), " ", typeof(Stack(["a"])), " ", typeof(Grid(zeros(2, 2), "g")))
println(eltype(CB([1, 2])), " ", eltype(CB{Float64}), " ", eltype(Vector{Float64}), " ", eltype(typeof(1:3)))
# A user's `AbstractDict` without methods of its own gets `MethodError`s, as in Julia (the
# runtime's `Dict` primitives apply to `Dict` only).
struct MyD <: AbstractDict end
for f in (length, copy, empty!)
    try
        f(MyD())
    catch e
        println(first(split(sprint(showerror, e), '\n')))
    end
end
