# A user's number type gets Julia's fallbacks for zero, one, ^ and isfinite; a user's array
# type gets length and iteration from size and getindex.
struct Mod7 <: Number
    v::Int
end
Mod7(x::Mod7) = x
Base.convert(::Type{Mod7}, x::Int) = Mod7(mod(x, 7))
Base.:*(a::Mod7, b::Mod7) = Mod7(mod(a.v * b.v, 7))
Base.:-(a::Mod7, b::Mod7) = Mod7(mod(a.v - b.v, 7))
Base.inv(a::Mod7) = Mod7(mod(a.v^5, 7))
println(zero(Mod7), " ", one(Mod7), " ", zero(Mod7(3)), " ", Mod7(3)^2, " ", Mod7(3)^-1, " ", isfinite(Mod7(2)))

struct Squares <: AbstractVector{Int}
    n::Int
end
Base.size(s::Squares) = (s.n,)
Base.getindex(s::Squares, i::Int) = i^2
s = Squares(4)
println(length(s), " ", collect(s), " ", sum(s), " ", [x + 1 for x in s])
for x in Squares(2)
    println(x)
end
println(binomial(5, 2), " ", binomial(40, 20), " ", binomial(-3, 2), " ", binomial(4, 7), " ", only([7]))
println(sizehint!(Int[], 10), " ", 1 ∈ [1, 2], " ", ∈(2)([1, 2]), " ", ℯ * 1.0)
Base.@propagate_inbounds f(v, i) = v[i]
println(f([5, 6], 2))
only([1, 2])
