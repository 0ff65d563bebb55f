# A `where` variable bound through a bound (`Type{<:AbstractArray{T}}`) or through a user
# type's supertype parameters.
eltype_of(::Type{<:AbstractArray{T}}) where {T} = T
println(eltype_of(Vector{Int}), " ", eltype_of(Matrix{Float64}), " ", eltype_of(UnitRange{Int}))
struct Three{T} <: AbstractVector{T}
    x::T
end
Base.size(::Three) = (3,)
Base.getindex(v::Three, i::Int) = v.x
elt(::AbstractVector{T}) where {T} = T
println(elt(Three(1.5)), " ", eltype_of(Three{Int}), " ", elt([1]), " ", elt(1:2))
kv(::Type{<:AbstractDict{K,V}}) where {K,V} = (K, V)
println(kv(Dict{Int, String}))
both(::Type{<:AbstractArray{T,N}}) where {T,N} = (T, N)
println(both(Matrix{Int}), " ", both(Three{Char}))
