# BitArray (base/bitarray.jl): `trues`/`falses`, broadcasts of predicates give a `BitVector`
# or `BitMatrix`, counting and searching on the chunks, logical indexing, growing, bitwise
# maps, conversions and printing (`Bool[1, 0]` printed, `3-element BitVector:` displayed).
b = trues(3)
println(typeof(b))
display(b)
f = falses(2, 3)
println(typeof(f))
display(f)
v = [3, -1, 4, -1, 5, -9, 2, 6]
m = v .> 0
println(m)
print(m); println()
show(m); println()
println(repr(m))
println(count(m), " ", sum(m), " ", any(m), " ", all(m))
println(findall(m))
println(findfirst(m), " ", findnext(m, 2), " ", findnext(m, 9))
println(findfirst(!, m))
println(v[m])
v[.!m] .= 0
println(v)
w = copy(m)
push!(w, false)
println(length(w), " ", w[end])
resize!(w, 3); println(w)
fill!(w, false); println(w)
println(reverse(m))
println(typeof(reverse(m)))
println(map(!, m))
println(typeof(map(!, m)))
println(.!m == map(!, m))
println(typeof(.~m))
a = BitVector([true, false, true])
println(a .& m[1:3])
println(a .| [false, true, false])
println(typeof(a .| [false, true, false]))
println(xor.(a, true))
println(Vector{Bool}(a), " ", typeof(Vector{Bool}(a)))
println(typeof(collect(a)))
println(BitVector(undef, 0))
println(BitArray([1 0; 0 1]))
display(BitArray([1 0; 0 1]))
try
    BitArray([1, 0, 2])
catch err
    println(err)
end
println(m .== m)
println(sum(m .& .!m))
x = 1:10
println(findall(iseven.(x)))
println(count(x .> 5))
e = Int[] .> 0
println(typeof(e), " ", length(e))
display(trues(0))
try
    ~m
catch err
    println(typeof(err))
end
z = falses(5); z[[true,false,true,false,true]] .= true; println(z)
println(trues(2) == [true, true])
M = trues(2,3); M[1,2] = false; println(M[1,2], " ", M[:, 2], " ", typeof(M[:, 2]))
println(size(M), " ", length(M), " ", count(M))
println(findall(.!M))
println([trues(2), falses(1)])
display([trues(2), falses(1)])
println(sum(x -> x ? 2 : 1, m))
for (i, bit) in enumerate(a)
    print(i, bit ? "T" : "F", " ")
end
println()
println(Bool[1, 0] .& BitVector([true, true]))
println(typeof([x > 1 for x in 1:3]))
println(typeof(map(x -> x > 1, [1, 2, 3])))
println(typeof(isodd.([1, 2, 3])))

# An array inside a container whose element type says its type prints without its own.
println([[true], [false]], " ", [Int8[1]], " ", Any[[true]], " ", [[1 2]])
# Comparisons of Int64/Float64 vectors are computed on the chunks; NaN and mixed kinds as Julia.
println([1.0, NaN, 3.0] .> 2.0, " ", [1.0, NaN] .!= NaN, " ", [1, 2, 3] .== [1.0, 2.5, 3.0], " ", [1, 2] .< 1.5, " ", 2 .>= [1, 2, 3], " ", ["a", "b"] .== "a")
# any/all over a dimension keep a BitMatrix; vec and reshape of a BitArray share its chunks.
H = [1 9; 7 2] .> 5; println(any(H, dims = 1), " ", all(H, dims = 2), " ", typeof(vec(H)), " ", vec(H))
# Filtering, concatenation, equality and hashing with Vector{Bool}, copies, edits.
b = BitVector([true, false, true, true])
println(filter(identity, b), " ", typeof(filter(identity, b)))
println(b .* 2, " ", -b, " ", sum(b .* 2))
println(count(!, b), " ", findlast(b), " ", findprev(b, 3), " ", findlast(!, b))
println(sort(b), " ", unique(b), " ", vcat(b, b), " ", typeof(vcat(b, b)))
println(isequal(b, [true, false, true, true]), " ", hash(b) == hash([true, false, true, true]))
println(BitVector(), " ", length(BitVector()))
println(b[end], " ", b[begin], " ", first(b), " ", last(b), " ", b[2:3], " ", typeof(b[2:3]))
println(convert(Vector{Bool}, b), " ", Array(b), " ", Int.(b), " ", float.(b))
println(sum(trues(3, 3)), " ", size(trues(2, 3, 2)), " ", typeof(trues(2, 3, 2)))
c = copy(b); c[1] = false; println(b[1], " ", c[1])
println(deleteat!(copy(b), 1))
d = copy(b); deleteat!(d, 1); insert!(d, 2, true); pushfirst!(d, false); println(d, " ", popfirst!(d), " ", d)
