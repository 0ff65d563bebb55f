# Inner constructors: new, new{T}, validation, and outer constructors beside them.
struct Foo
    x::Int
    Foo(x) = x < 0 ? error("negative: ", x) : new(x)
end
println(Foo(3))
try
    Foo(-1)
catch e
    println(e)
end
mutable struct Counter
    n::Int
    label::String
    function Counter(label::String)
        c = new(0, label)
        c.n += 1
        return c
    end
end
c = Counter("a")
println(c.n, " ", c.label)
struct Interval{T<:Real}
    lo::T
    hi::T
    function Interval(lo::T, hi::T) where {T<:Real}
        lo <= hi || throw(ArgumentError("lo > hi"))
        new{T}(lo, hi)
    end
end
Interval(lo::Real, hi::Real) = Interval(promote(lo, hi)...)
println(Interval(1, 2.5), " ", typeof(Interval(1, 2)))
try
    Interval(3, 1)
catch e
    println(e)
end
try
    Counter(1)
catch e
    println(typeof(e))
end
