# Broadcasting over matrices: shapes combined dimension by dimension (a length-1 dimension
# repeats), results of two or more dimensions, in-place `.=` into a matrix; a broadcast of a
# predicate is a `BitArray`, whose elements print as digits (`Bool[0 1]`).
A = [1 2 3; 4 5 6]
A .= 0
println(A)
B = reshape(collect(1:6), 2, 3)
println(B .+ [10, 20], " ", B .* [1 10 100], " ", B ./ 2)
println(max.(B, 3), " ", B .> 3, " ", typeof(B .> 3))
C = zeros(2, 3); C .+= B; println(C)
println(size(ones(3) .* ones(1, 4)), " ", (1:3) .+ (1:3)')
try
 [1 2; 3 4] .+ [1, 2, 3]
catch e
 println(e)
end
x = [1 2; 3 4]; x[1, :] .= 9; println(x)
A = [1 2; 3 4]
println(A .+ 1)
println(A .* A)
println(sqrt.(A))
println([1, 2] .+ [10 20])
B = zeros(2, 2); B .= A .* 2; println(B)
display([1,2] .> 1)
display([true false; false true])
# A range with a number stays a range (`./` too); with a matrix or a fused broadcast it is an
# ordinary broadcast; `x'` under `@.` is the adjoint of `x`, not broadcast.
n = 0:2
println((0:3) ./ 4, " ", (1:4) ./ 4, " ", @. n' + n)
println(@. 2 * n' * n)
