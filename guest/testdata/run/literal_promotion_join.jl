# A vector literal of arrays promotes them by element type (base/array.jl's promote_rule for
# arrays and el_same), falling back to promote_typejoin.
x = [[1], [2.5]]
println(typeof(x), " ", x)
println(typeof([[1, 2], [3, 4]]))
println(typeof([[1], ["a"]]))
println(typeof([[1 2], [3.0 4]]))
println(promote_type(Vector{Int}, Vector{Float64}), " ", promote_type(Vector{Int}, Vector{String}))

# `join` printing to a stream, with and without a last delimiter.
join(stdout, [1, 2, 3], ", ")
println()
join(stdout, ["a", "b", "c"], ", ", " and ")
println()
join(stdout, "xyz")
println()
io = IOBuffer()
join(io, (1.5, :a, 'c'), "|")
println(String(take!(io)))
println(join(1:4, "-", "+"))
