using LinearAlgebra
println(typeof([1, 2]'))
A = [1 2; 3 4]
println(det(A), " ", det([2 0; 0 3]))
display(inv(A))
display(inv([4.0 7.0; 2.0 6.0]))
println(A \ [1, 2])
println([2.0 0.0; 1.0 4.0] \ [2.0, 9.0])
println([1 2 3; 0 4 5; 0 0 6] \ [6, 9, 6])
println(dot([1, 2, 3], [4, 5, 6]), " ", [1, 2, 3] ⋅ [4, 5, 6], " ", dot([1.0im, 2.0], [1.0im, 1.0]))
println(cross([1, 0, 0], [0, 1, 0]), " ", [1, 2, 3] × [4, 5, 6])
println(norm([3, 4]), " ", norm([1, 2, 3], 1), " ", norm([1, -5], Inf), " ", norm([1.0, 2.0], 3), " ", norm([1 2; 3 4]))
println(norm(Int[]), " ", norm([0, 0]), " ", norm([3, 0, 4], 0), " ", norm(-3))
println(normalize([3, 4]), " ", normalize([1.0, 1.0, 1.0, 1.0], 1))
println(tr(A), " ", diag(A), " ", diag([1 2 3; 4 5 6], 1), " ", diag(A, -1))
display(diagm([1, 2, 3]))
display(diagm(1 => [1, 2]))
display(kron([1 2; 3 4], [1 1; 1 1]))
println(kron([1, 2], [1, 10]))
println(issymmetric([1 2; 2 1]), " ", issymmetric(A), " ", ishermitian([1 2; 2 1]))
println(istriu([1 2; 0 1]), " ", istril([1 2; 0 1]), " ", istriu(A, -1), " ", istril([1 0; 5 1]))
display(triu([1 2 3; 4 5 6; 7 8 9]))
display(tril([1 2 3; 4 5 6; 7 8 9], -1))
display(triu([1 2 3; 4 5 6; 7 8 9], 1))
F = lu([1 2; 3 4])
display(F)
println(F.p, " ", F.L * F.U == [3.0 4.0; 1.0 2.0])
println(det(F))
display([1 1; 1 0]^10)
println([2 0; 0 2]^0, " ", [1 1; 0 1]^-1)
try
    inv([1 2; 2 4])
catch e
    println(e)
end
try
    [1.0 2.0; 3.0 4.0] * [1.0 2.0 3.0]
catch e
    println(e)
end
try
    [1 2; 3 4] * [1, 2, 3]
catch e
    println(e)
end
try
    dot([1, 2], [1, 2, 3])
catch e
    println(e)
end
try
    cross([1, 2], [3, 4])
catch e
    println(e)
end
try
    tr([1 2 3; 4 5 6])
catch e
    println(e)
end
[1 2; 2 4] \ [1, 2]
