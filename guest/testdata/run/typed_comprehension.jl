# `T[… for …]`: comprehensions with an element type.
println(Any[x for x in 1:3])
println(Float64[x^2 for x in 1:3 if isodd(x)])
println(Int[i + j for i in 1:2, j in 1:3])
println(String[string(c) for c in "ab"])
v = Union{Int,Nothing}[i == 2 ? nothing : i for i in 1:3]
println(typeof(v), " ", v)
println(Float64[])
