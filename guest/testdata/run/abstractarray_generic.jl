# What a user's `<: AbstractVector` type gets from Base with only `size` and `getindex(A, i::Int)`.
struct Squares{T} <: AbstractVector{T}
    n::Int
    x::T
end
Base.size(s::Squares) = (s.n,)
Base.getindex(s::Squares, i::Int) = (checkbounds(s, i); s.x * i * i)

s = Squares(4, 1)
println(eltype(typeof(s)), " ", eltype(s))
println(s[2:3], " ", typeof(s[2:3]))
println(s[[1, 4]], " ", s[[true, false, true, false]], " ", s[:])
println(convert(Array, s), " ", typeof(convert(Array, s)))
println(Array(s), " ", Vector(s), " ", typeof(Vector(s)))
println(Vector{Float64}(s), " ", Array{Float64}(s), " ", convert(Vector{Float64}, s))
println(copy(s), " ", typeof(copy(s)))
println(s == [1, 4, 9, 16], " ", [1, 4, 9, 16] == s, " ", s == [1, 4])
println(first(s), " ", last(s), " ", isempty(s), " ", isempty(Squares(0, 1)))
println(4 in s, " ", 5 in s, " ", sum(s), " ", maximum(s))
println(map(x -> x + 1, s), " ", typeof(map(x -> x + 1, s)))
println(typeof(similar(s)), " ", size(similar(s, Float64, 2)))
println(collect(s), " ", length(s), " ", reverse(s))
println(s .+ 1, " ", Float64.(s))
println(s)
display(s)
for bad in (5, 3:5, [0, 1])
    try
        s[bad]
    catch e
        println(e)
    end
end
try
    first(Squares(0, 1))
catch e
    println(typeof(e))
end
