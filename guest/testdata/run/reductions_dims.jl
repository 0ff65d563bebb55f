# Reductions of a matrix along a dimension, kept as a matrix.
M = [9 8 7; 5 3 2; 6 6 7]
println(minimum(M, dims=1), " ", maximum(M; dims=2), " ", prod([1 2; 3 4]; dims=1), " ", sum(M; dims=(1, 2)), " ", maximum(M))
println(sum([1 2; 3 4]; dims=1), " ", sum([1 2; 3 4]))
sum([1 2; 3 4]; dims=0)
