# `Base.Iterators`: lazy iterators, as in Julia's base/iterators.jl.

module Iterators

import Base: iterate, length, eltype, collect

export take, drop, countfrom, repeated, cycle, flatten, partition, product, takewhile,
    dropwhile, rest

struct Reverse{T}
    itr::T
end
reverse(itr) = Reverse(itr)
length(r::Reverse) = length(r.itr)
function iterate(r::Reverse, i = lastindex(r.itr))
    i < firstindex(r.itr) && return nothing
    return (r.itr[i], i - 1)
end

struct Take{I}
    xs::I
    n::Int
end
function take(xs, n::Integer)
    n < 0 && throw(ArgumentError("Take length must be non-negative"))
    return Take(xs, Int(n))
end
function iterate(t::Take, state = (t.n, ()))
    n, s = state
    n <= 0 && return nothing
    y = iterate(t.xs, s...)
    y === nothing && return nothing
    return (y[1], (n - 1, (y[2],)))
end

struct Drop{I}
    xs::I
    n::Int
end
function drop(xs, n::Integer)
    n < 0 && throw(ArgumentError("Drop length must be non-negative"))
    return Drop(xs, Int(n))
end
function iterate(d::Drop)
    y = iterate(d.xs)
    for _ in 1:d.n
        y === nothing && return nothing
        y = iterate(d.xs, y[2])
    end
    return y
end
iterate(d::Drop, s) = iterate(d.xs, s)

struct Count{T}
    start::T
    step::T
end
countfrom(start = 1, step = 1) = Count(promote(start, step)...)
iterate(c::Count, x = c.start) = (x, x + c.step)

struct Repeated{T}
    x::T
end
struct RepeatedN{T}
    x::T
    n::Int
end
repeated(x) = Repeated(x)
repeated(x, n::Integer) = RepeatedN(x, Int(n))
iterate(r::Repeated, s = nothing) = (r.x, nothing)
iterate(r::RepeatedN, i = 1) = i > r.n ? nothing : (r.x, i + 1)
length(r::RepeatedN) = r.n

struct Cycle{I}
    xs::I
end
cycle(xs) = Cycle(xs)
function iterate(c::Cycle, state = ())
    y = iterate(c.xs, state...)
    if y === nothing
        y = iterate(c.xs)
        y === nothing && return nothing
    end
    return (y[1], (y[2],))
end

struct Flatten{I}
    it::I
end
flatten(itr) = Flatten(itr)
function iterate(f::Flatten, state = ())
    if !isempty(state)
        outer_s, inner, inner_s = state
        y = iterate(inner, inner_s)
        y !== nothing && return (y[1], (outer_s, inner, y[2]))
        o = iterate(f.it, outer_s)
    else
        o = iterate(f.it)
    end
    while o !== nothing
        inner = o[1]
        y = iterate(inner)
        y !== nothing && return (y[1], (o[2], inner, y[2]))
        o = iterate(f.it, o[2])
    end
    return nothing
end

struct Partition{I}
    c::I
    n::Int
end
function partition(c, n::Integer)
    n < 1 && throw(ArgumentError("cannot create partitions of length $n"))
    return Partition(c, Int(n))
end
function iterate(p::Partition, state = ())
    y = iterate(p.c, state...)
    y === nothing && return nothing
    chunk = [y[1]]
    s = y[2]
    while length(chunk) < p.n
        y = iterate(p.c, s)
        y === nothing && return (chunk, (s,))
        push!(chunk, y[1])
        s = y[2]
    end
    return (chunk, (s,))
end

struct TakeWhile{I,P}
    pred::P
    xs::I
end
takewhile(pred, xs) = TakeWhile(pred, xs)
function iterate(t::TakeWhile, state = ())
    y = iterate(t.xs, state...)
    (y === nothing || !t.pred(y[1])) && return nothing
    return (y[1], (y[2],))
end

struct DropWhile{I,P}
    pred::P
    xs::I
end
dropwhile(pred, xs) = DropWhile(pred, xs)
function iterate(d::DropWhile)
    y = iterate(d.xs)
    while y !== nothing && d.pred(y[1])
        y = iterate(d.xs, y[2])
    end
    return y
end
iterate(d::DropWhile, s) = iterate(d.xs, s)

# `product(a, b)`: every pair, the first iterator varying fastest (column-major, as Julia).
struct Product2{A,B}
    a::A
    b::B
end
product(a, b) = Product2(a, b)
length(p::Product2) = length(p.a) * length(p.b)
# Its shape is the iterators' lengths: collecting two gives a matrix.
collect(p::Product2) = reshape([x for x in p], length(p.a), length(p.b))
function iterate(p::Product2, state = nothing)
    if state === nothing
        yb = iterate(p.b)
        yb === nothing && return nothing
        ya = iterate(p.a)
        ya === nothing && return nothing
        return ((ya[1], yb[1]), (ya[2], yb))
    end
    sa, yb = state
    ya = iterate(p.a, sa)
    if ya === nothing
        yb = iterate(p.b, yb[2])
        yb === nothing && return nothing
        ya = iterate(p.a)
    end
    return ((ya[1], yb[1]), (ya[2], yb))
end

rest(itr, state) = Rest(itr, state)
struct Rest{I,S}
    itr::I
    st::S
end
iterate(r::Rest, s = r.st) = iterate(r.itr, s)

end # module Iterators

# The one element of a collection (Julia's `only`).
function only(x)
    y = iterate(x)
    y === nothing && throw(ArgumentError("Collection is empty, must contain exactly 1 element"))
    v, s = y
    iterate(x, s) === nothing ||
        throw(ArgumentError("Collection has multiple elements, must contain exactly 1 element"))
    return v
end
