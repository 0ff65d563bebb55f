# Views: reads and writes go through to the parent.
A = [1, 2, 3, 4, 5]
v = view(A, 2:3)
println(typeof(v))
println(v)
display(v)
v[1] = 0
println(A)
println(sum(v), " ", maximum(v), " ", length(v), " ", size(v), " ", eachindex(v))
w = @view A[3:end]
println(w, " ", parent(w) === A, " ", parentindices(w))
w .= 7
println(A)
A[1:2] .= [8, 9]
println(A)

M = [1 2 3; 4 5 6]
c = view(M, :, 2)
println(typeof(c))
display(c)
r = @view M[1, :]
println(typeof(r), " ", r)
M[:, 3] .= 0
println(M)
display(view(M, 1:2, 2:3))
println(view(M, 1:2, 2:3))
println(size(view(M, 1:2, 2:3)), " ", ndims(view(M, 1, 2:3)))

# A view of a view indexes the original parent.
vv = view(v, 2:2)
println(typeof(vv), " ", vv, " ", parent(vv) === A, " ", parentindices(vv))
println(typeof(view(A, [1, 3])))
println(typeof(view(A, :)))

println(collect(c), " ", copy(r), " ", sort(view([3, 1, 2], 1:3)))
println(v .+ 1, " ", 2 .* c)
x = [5, 3, 1, 4]
sort!(view(x, 1:3))
println(x)
fill!(view(x, 3:4), 0)
println(x)
for (i, y) in enumerate(view(x, 1:2))
    println(i, " ", y)
end
println(view(x, 1:2) == [1, 3], " ", eltype(view([1.5], 1:1)))

# `@views` turns every slice in an expression or block into a view.
@views function f(a)
    b = a[2:3]
    b[1] = 100
    return a[1]
end
println(f(x), " ", x)
B = [1 2; 3 4]
@views begin
    col = B[:, 1]
    col[2] = 30
    println(B[1, 1], " ", B[end, end])
end
println(B)
println(selectdim(B, 2, 1), " ", selectdim(B, 1, 2))

s = view(A, 2:3)
s[3]
