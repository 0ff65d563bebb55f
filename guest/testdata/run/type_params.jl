# Dispatch on types themselves (`Type{T}`) and static parameters used in method bodies.
f(::Type{T}) where {T} = string("type ", T)
g(::Type{Int64}) = "Int64 exactly"
g(::Type) = "some type"
h(x::DataType) = "datatype"
println(f(Int64), " | ", f(String))
println(g(Int64), " | ", g(Float64))
println(h(Int64))
println(Int64 isa Type{Int64}, " ", Int64 isa Type{Float64}, " ", Int64 isa DataType, " ", Int64 isa Type)
println(typeof(Int64))
println(Type{Int64})
k(::Type{Vector{T}}) where {T} = T
println(k(Vector{String}))
zero_of(::Type{Float64}) = 0.0
zero_of(::Type{Int64}) = 0
println(zero_of(Float64), " ", zero_of(Int64))
eltype_of(::Vector{T}) where {T} = T
println(eltype_of([1.5]), " ", eltype_of(["a"]))
firsttype(x::T, y) where {T} = (() -> T)()
println(firsttype(1, "a"))
both(x::T, y::T) where {T} = "same $T"
both(x, y) = "different"
println(both(1, 2), " ", both(1, "x"))
try
    zero_of(String)
catch e
    println(typeof(e))
end
