# Bounded parameters in signatures: `Vector{<:Real}` is `Vector{T} where T<:Real`.
h(v::AbstractVector{<:Integer}) = sum(v)
println(h([1, 2]))
g(::Type{<:Integer}) = 2
println(g(Int))
k(d::Dict{<:AbstractString, <:Real}) = length(d)
println(k(Dict("a" => 1.5)))
h([1.5])
