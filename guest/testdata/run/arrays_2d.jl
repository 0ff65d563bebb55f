# Matrices: literals, construction, indexing, arithmetic and printing.
A = [1 2; 3 4]
println(A)
println(typeof(A), " ", size(A), " ", size(A, 1), " ", ndims(A), " ", length(A))
display(A)
r = [1 2 3]
println(r, " ", size(r))
println([A; A])
println([A A])
println(hcat([1, 2], [3, 4]), " ", vcat([1, 2], [3]))
M = [1 2
     3 4]
println(M == A, " ", [1 2] == [1, 2])
c = [i + 10j for i in 1:2, j in 1:3]
display(c)
F = [1.5 -2.25; 100.0 1/3]
display(F)
println(F)
display([1, 10, 100])
display(reshape(1:12, 2, 3, 2))
println(reshape(1:8, 2, 2, 2))
println(typeof(zeros(2, 3, 4)), " ", Vector{Int64} === Array{Int64, 1}, " ", Matrix{Float64})
println(A isa Matrix, " ", A isa AbstractMatrix, " ", A isa Vector, " ", [1, 2] isa AbstractVector{Int})

# Construction
B = Matrix{Int}(undef, 2, 3)
B[1, 2] = 5
println(B[1, 2], " ", B[3])
println(zeros(Int, 2, 2), " ", ones(2, 2), " ", fill(7, 2, 3), " ", size(Array{Float64}(undef, 3, 2)))
println(typeof(similar(A)), " ", size(similar(A, Float64, 3, 3)), " ", copy(A) == A, " ", copy(A) === A)
R = reshape(1:6, 2, 3)
println(R[2, 3], " ", R[:, 2], " ", R[1, :], " ", R[:, 2:3], " ", R[end, 1], " ", R[end])

# Assignment
x = zeros(2, 3)
x[2, :] = [1, 2, 3]
x[1, 1] = 9
println(x)

# Iteration is column-major
for a in A
    print(a, " ")
end
println()
println(collect(eachindex(A)), " ", A[:])

# Arithmetic
println(A', " ", transpose(r), " ", permutedims(A))
println(A * [1, 1], " ", A * A, " ", 2A, " ", A * 0.5, " ", A - A, " ", A + A)
println(sum(A; dims=1), " ", sum(A; dims=2), " ", sum(A))
println(repr(A), " ", string(A))
display(["a" "bb"; "ccc" "d"])

# Errors
try
    A[0, 1]
catch e
    println(e)
end
try
    x[1, :] = [1, 2]
catch e
    println(e)
end
A[3, 1]
