# Cartesian indices: column-major iteration, indexing, arithmetic.
I = CartesianIndex(1, 2)
println(I, " ", typeof(I), " ", Tuple(I), " ", I[2], " ", length(I))
println(I + CartesianIndex(1, 0), " ", I - CartesianIndex(1, 1), " ", 2 * I)
println(CartesianIndex(3), " ", I == CartesianIndex(1, 2), " ", isless(CartesianIndex(2, 1), CartesianIndex(1, 2)))
A = [1 2 3; 4 5 6]
println(A[I], " ", A[CartesianIndex(2, 3)])
A[I] = 20
println(A)
for J in CartesianIndices((2, 2))
    println(J)
end
C = CartesianIndices(A)
println(C, " ", size(C), " ", length(C), " ", C[4], " ", C[2, 3])
println(typeof(C))
display(CartesianIndices((2, 2)))
println(CartesianIndices((1:2, 3:4)), " ", CartesianIndices((2, 3:4)))
println(first(C), " ", last(C), " ", CartesianIndex(2, 2) in C)
println(sum(A[J] for J in CartesianIndices(A)))

B = [true false; false true]
println(findall(B))
println(findall(iseven, A))
println(findall([true, false, true]))
M = [3 9; 7 1]
println(argmax(M), " ", argmin(M), " ", findmax(M), " ", findmin(M))
println(keys(M))

L = LinearIndices(A)
println(L[2, 3], " ", L[CartesianIndex(1, 2)], " ", size(L), " ", typeof(L))
println(collect(LinearIndices((2, 2))))
println(eachindex(IndexCartesian(), [1 2]))
println(collect(CartesianIndices((2,))))
