# A user's `AbstractDict{K,V}` subtype with `get`, `iterate` and `length` gets Base's generic
# dictionary methods (Julia's abstractdict.jl) and prints as Julia prints a dict.
struct Registry{K,V} <: AbstractDict{K,V}
    d::Dict{K,V}
end
Base.get(r::Registry, k, default) = get(r.d, k, default)
Base.iterate(r::Registry, s...) = iterate(r.d, s...)
Base.length(r::Registry) = length(r.d)

r = Registry(Dict("a" => 1, "b" => 2))
println(r["a"], " ", haskey(r, "a"), " ", haskey(r, "z"), " ", get(r, "z", 0), " ", get(() -> -1, r, "z"))
println(sort(keys(r)), " ", sort(values(r)), " ", length(r), " ", isempty(r))
println(sort(collect(pairs(r))), " ", ("a" => 1) in r, " ", ("a" => 2) in r)
println(eltype(r), " ", keytype(r), " ", valtype(r), " ", eltype(typeof(r)))
println(Registry{String, Int} <: AbstractDict{String, Int}, " ", Dict{Int, Int} <: AbstractDict{Int, Int})
println(Dict{Int, Int} <: AbstractDict{Int}, " ", Dict{Int, Int} <: AbstractDict{Int, String})
kv(::AbstractDict{K,V}) where {K,V} = (K, V)
println(kv(r), " ", kv(Dict(1 => 'a')))
println(Registry(Dict(1 => "x")))
println(Registry(Dict{Any, Int}(1 => 2)))
println(Registry(Dict{String, Int}()))
display(Registry(Dict(:k => 1.5)))
display(Registry(Dict{Int, Int}()))
display(Dict{Int, Int}())
println(merge(r, Dict("c" => 3)) == Dict("a" => 1, "b" => 2, "c" => 3))
r["z"]
