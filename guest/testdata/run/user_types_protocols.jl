# Types written by users that plug into Base: operators defined as `Base.:(==)`, the
# iteration protocol, an `AbstractVector` from `size` and `getindex`, a custom
# `show(io, ::MIME"text/plain", x)`; and `merge` of dictionaries, `Float32` literals.
struct Point{T<:Real}
    x::T
    y::T
end
Base.:+(a::Point, b::Point) = Point(a.x + b.x, a.y + b.y)
Base.:(==)(a::Point, b::Point) = a.x == b.x && a.y == b.y
Base.:(<)(a::Point, b::Point) = (a.x, a.y) < (b.x, b.y)
p = Point(1, 2) + Point(3, 4)
println(p, " ", p == Point(4, 6), " ", p != Point(4, 6), " ", Point(1, 2) < Point(1, 3))
try
    sort([Point(2, 1), Point(1, 5)])  # `sort` orders by `isless`, not `<`
catch e
    println(first(split(sprint(showerror, e), '\n')))
end
Base.isless(a::Point, b::Point) = a < b
println(sort([Point(2, 1), Point(1, 5), Point(1, 2)]))

struct Countdown
    n::Int
end
Base.iterate(c::Countdown, state=c.n) = state <= 0 ? nothing : (state, state - 1)
Base.length(c::Countdown) = c.n
println(collect(Countdown(3)), " ", sum(Countdown(4)), " ", [x^2 for x in Countdown(3)])

struct Tens <: AbstractVector{Int}
    data::Vector{Int}
end
Base.size(v::Tens) = size(v.data)
Base.getindex(v::Tens, i::Int) = v.data[i] * 10
t = Tens([1, 2, 3])
println(t[2], " ", length(t), " ", sum(t), " ", maximum(t), " ", collect(t), " ", eltype(t))
println(t, " ", t[end], " ", firstindex(t), " ", size(t, 1), " ", ndims(t), " ", isempty(t))
println([x + 1 for x in t], " ", map(x -> x ÷ 10, t), " ", summary(t))
display(t)
for (i, x) in enumerate(t)
    print(i, "=", x, " ")
end
println()

d = merge(Dict(1 => "a", 2 => "b"), Dict(2 => "B", 3 => "c"))
println(sort(collect(d)), " ", typeof(merge(Dict(1 => 1), Dict(2 => 2.5))))
println(sort(collect(mergewith(+, Dict(:a => 1, :b => 2), Dict(:b => 10)))))
d2 = Dict("x" => 1)
merge!(d2, Dict("y" => 2))
println(sort(collect(keys(d2))), " ", ("x" => 1) in d2, " ", ("x" => 2) in d2)
println(sort(collect(filter(kv -> kv.second > 1, Dict("a" => 1, "b" => 2, "c" => 3)))))

println(1.5f0, " ", typeof(2f0), " ", 1.1f0 + 1, " ", 3f-2, " ", Float32(1) / 3, " ", 2.5f0 * 2)
