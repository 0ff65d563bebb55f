d = Dict{Any,Any}()
d[1] = "int"
println(d[1.0], " ", haskey(d, true), " ", haskey(d, 2.0))
d[[1, 2]] = "vec"
d[(1, 2)] = "tuple"
println(d[[1, 2]], " ", d[(1, 2)])
struct K; a::Int; end
mutable struct M; a::Int; end
d[K(1)] = "immutable"
m = M(1)
d[m] = "mutable"
println(d[K(1)], " ", d[m], " ", haskey(d, M(1)))
d[0.5] = "half"
d[NaN] = "nan"
println(d[0.5], " ", d[0/0], " ", haskey(d, -0.0), " ", length(d))
