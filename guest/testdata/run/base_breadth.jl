# Base functions and syntax real programs use: in-place vector operations, composition,
# BitSet, numbers as collections, searchsorted, constructors of applied types, typed
# matrix literals and comprehensions, @., typed constants, docstrings in a struct.
println(filter!(iseven, [1, 2, 3, 4]))
h = uppercase ∘ string
println(h(:ab), " ", (sqrt ∘ abs)(-4.0))
println([1, 2, 3]')
s = BitSet([5, 1, 3, 200, -2])
push!(s, 7)
println(s, " ", length(s), " ", 3 in s, " ", 4 in s)
delete!(s, 3)
println(collect(s), " ", first(s), " ", last(s))
println(union(BitSet([1, 2]), [5]))
println(findall(isodd, [1, 2, 3]), findall(x -> x > 1, Dict(:a => 2)))
v = [1, 2, 3]
resize!(v, 2)
println(v)
println(≤(1, 2), " ", ≥(1, 2))
x = 0
for i in 3
    global x += i
end
println(x, " ", sum(4), " ", 4 in 4)
println(reverse!(v), v)
println(h(:ab))
println(filter(≥(2), [1, 2, 3]), 3 ≤ 4, 3 ≠ 4)
println(startswith("abc", 'a'), endswith("abc", 'c'))
println(findfirst(v -> v >= 4, Dict(:a => 5)))
println(prod(Int8[100, 100]), sum(Int8[100, 100]))
println(Dict([("a", 1)]), " ", Dict([(1, 2)]))
println([1, 2, 3]')
println(parse(Int, '7'))
println(searchsorted([1, 2, 2, 3], 2), searchsortedfirst([1, 3], 2), searchsortedlast([1, 3], 2))
const M::UInt8 = 0xFE
println(M)
struct T1 end
Base.in(x, t::T1) = true
import Base: in, length
println(3 in T1())
struct Q3{T}
    x::Vector{T}
    Q3{T}(n) where {T} = new(Vector{T}(undef, n))
end
println(length(Q3{Int}(3).x))
struct R{T<:Integer}
    a::T
    function R{T}(a::Integer) where T<:Integer
        new(a)
    end
end
R(a::T) where {T<:Integer} = R{T}(a)
println(R(3))
struct S
    s::String

    """
        S(s)
    doc
    """
    S(s) = new(uppercase(s))
end
println(S("a"))
s = Set{Int}([1, 2])
println(s, " ", Set([3]), " ", Set{String}())
struct Pt{T}
    x::T
    y::T
end
println(Pt{Float64}(1, 2))
struct W{T}
    v::T
    W{T}(v) where {T} = new(v + 1)
end
println(W{Int}(1))
println(W{Float64}(1))
struct Q8{T}
    x::Vector{T}
    function Q8{T}(n) where {T}
        println(T)
        new(zeros(T, n))
    end
end
println(Q8{Int}(3))
xs = [1.0, 4.0]
y = @. sqrt(xs) + 1
println(y)
z = similar(xs)
@. z = xs * 2 - 1
println(z)
println(@. abs(-xs) ^ 2)
println(Any[x for x in 1:2], Float64[x^2 for x in 1:3 if x > 1])
println(Int[9 8 7; 5 3 2], " ", Float64[1 2], " ", Int[1; 2])
println(findfirst([false, true]), " ", findall([true, false, true]))
println(DomainError(-1) isa Exception)
s = SubString("words", 1, 4)
println([s] == ["word"], " ", Dict{Any,Any}(s => 1) == Dict("word" => 1), " ", [1 2] == [1, 2], " ", 1:3 == [1, 2, 3])
println(eachrow([1 2; 3 4]), eachcol([1 2; 3 4]))
println(deleteat!([1, 2, 3, 4], [1, 3]), count([true, false, true]), isqrt(17), isqrt(10^18))
println(filter(isletter, "a1b2"))
println(isless((1, 2), (1, 3)), " ", isless([1, 2], [1, 3]), " ", [1, 2] < [1, 2, 0], " ", mod1(7, 3), mod1(6, 3), " ", count([true, 1 == 1]), isnumeric('½'))
println(Meta.parse(SubString("x + 2 y", 1, 5)))
W{Int}(1, 2)
