mutable struct R
    me::Any
end
r = R(nothing)
r.me = r
v = Any[1]
push!(v, v)
println(length(v))
d = Dict{Any,Any}()
d[1] = d
println(length(d))
show(stdout, v); println()
