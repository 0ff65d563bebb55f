# Base, the parts written in the language itself. Evaluated into `Base` when a runtime starts.

!=(a, b) = !(a == b)
≠(a, b) = !(a == b)
identity(x) = x
ifelse(c::Bool, a, b) = c ? a : b
max(a, b) = isless(a, b) ? b : a
min(a, b) = isless(b, a) ? b : a
max(a, b, c, xs...) = max(max(a, b), c, xs...)
min(a, b, c, xs...) = min(min(a, b), c, xs...)
iseven(x::Integer) = x % 2 == 0
isodd(x::Integer) = x % 2 != 0
sign(x::Real) = x > 0 ? one(x) : (x < 0 ? -one(x) : x)
abs2(x::Number) = x * x
isempty(x) = length(x) == 0
eltype(x) = eltype(typeof(x))
eachindex(v) = 1:length(v)
function first(x)
    n = iterate(x)
    n === nothing && throw(BoundsError(x, 1))
    return n[1]
end
first(r::UnitRange) = r.start
last(x) = x[lastindex(x)]

# Three-valued, as Julia's `any(y -> y == x, itr)`: `missing` when no element is equal and
# some comparison was `missing`.
function in(x, itr)
    anymissing = false
    for y in itr
        v = y == x
        if v === missing
            anymissing = true
        elseif v
            return true
        end
    end
    return anymissing ? missing : false
end

# Sums add with `add_sum`, which widens integers narrower than `Int` as Julia does
# (`sum(Int32[1, 2])` is an `Int64`).
function sum(xs)
    s = nothing
    for x in xs
        s = s === nothing ? _reduce_first_sum(x) : add_sum(s, x)
    end
    return s === nothing ? zero(eltype(xs)) : s
end

function sum(f, xs)
    s = nothing
    for x in xs
        s = s === nothing ? _reduce_first_sum(f(x)) : add_sum(s, f(x))
    end
    return s === nothing ? 0 : s
end

add_sum(x, y) = x + y
# The first element of a sum, alone: widened like `add_sum` widens (`Base.reduce_first`).
_reduce_first_sum(x) = x

# Products multiply with `mul_prod`, which widens integers narrower than `Int` as `add_sum`
# does (`prod(Int8[100, 100])` is `10000`).
function prod(xs)
    p = nothing
    for x in xs
        p = p === nothing ? _reduce_first_sum(x) : mul_prod(p, x)
    end
    return p === nothing ? one(eltype(xs)) : p
end

mul_prod(x, y) = x * y

function maximum(xs)
    isempty(xs) && _empty_reduce_error()
    m = first(xs)
    for x in xs
        if isless(m, x)
            m = x
        end
    end
    return m
end

function minimum(xs)
    isempty(xs) && _empty_reduce_error()
    m = first(xs)
    for x in xs
        if isless(x, m)
            m = x
        end
    end
    return m
end

function map(f, xs)
    out = Any[]
    for x in xs
        push!(out, f(x))
    end
    return _collected(Any, out)
end

# An array maps to an array of its shape.
function map(f, A::AbstractArray)
    out = Any[]
    for x in A
        push!(out, f(x))
    end
    return _array_of(Any, out, size(A))
end

# A tuple maps to a tuple, a named tuple to one with the same names.
function map(f, t::Tuple)
    out = Any[]
    for x in t
        push!(out, f(x))
    end
    return tuple(out...)
end

map(f, t::NamedTuple) = _namedtuple(_nt_names(t), map(f, _nt_values(t))...)

# A string maps to a string: `f` gives characters.
function map(f, s::AbstractString)
    out = Char[]
    for c in s
        r = f(c)
        r isa AbstractChar ||
            throw(ArgumentError("map(f, s::AbstractString) requires f to return AbstractChar; try map(f, collect(s)) or a comprehension instead"))
        push!(out, r)
    end
    return String(out)
end

# Several collections: `f` of their elements side by side, as long as the shortest.
function map(f, a, b, rest...)
    out = Any[]
    for t in zip(a, b, rest...)
        push!(out, f(t...))
    end
    if a isa AbstractArray && ndims(a) > 1 && all(x -> x isa AbstractArray && size(x) == size(a), (b, rest...))
        return _array_of(Any, out, size(a))
    end
    return _collected(Any, out)
end
map(f, a::Tuple, b::Tuple, rest::Tuple...) = tuple(map(f, collect(a), collect(b), map(collect, rest)...)...)

function filter(f, xs)
    out = Vector{eltype(xs)}()
    for x in xs
        if f(x)
            push!(out, x)
        end
    end
    return out
end

function foreach(f, xs)
    for x in xs
        f(x)
    end
    return nothing
end

function any(f, xs)
    for x in xs
        f(x) && return true
    end
    return false
end

function all(f, xs)
    for x in xs
        f(x) || return false
    end
    return true
end

any(xs) = any(identity, xs)
all(xs) = all(identity, xs)

function count(f, xs)
    n = 0
    for x in xs
        if f(x)
            n += 1
        end
    end
    return n
end

function findfirst(f, xs)
    i = 1
    for x in xs
        f(x) && return i
        i += 1
    end
    return nothing
end

# A dictionary's key; for a vector of `Bool`s, the first `true`.
function findfirst(f, d::AbstractDict)
    for (k, v) in d
        f(v) && return k
    end
    return nothing
end
findfirst(A::AbstractArray{Bool}) = findfirst(identity, A)
findall(A::AbstractArray{Bool}) = findall(identity, A)
findlast(A::AbstractArray{Bool}) = findlast(identity, A)
findnext(A::AbstractArray{Bool}, i::Integer) = findnext(identity, A, i)
findprev(A::AbstractArray{Bool}, i::Integer) = findprev(identity, A, i)

# `DomainError(x)`: no message.
DomainError(val) = DomainError(val, "")

first(p::Pair) = p.first
last(p::Pair) = p.second

# A number is a collection of one element (Julia's base/number.jl).
iterate(x::Number, done = false) = done ? nothing : (x, true)
length(x::Number) = 1
isempty(x::Number) = false
first(x::Number) = x
last(x::Number) = x
firstindex(x::Number) = 1
lastindex(x::Number) = 1
getindex(x::Number) = x
function getindex(x::Number, i::Integer)
    i == 1 || throw(BoundsError(x, i))
    return x
end
in(x, y::Number) = x == y

struct Enumerate{I}
    itr::I
end

enumerate(itr) = Enumerate(itr)
length(e::Enumerate) = length(e.itr)

function iterate(e::Enumerate, state=(1, nothing))
    i, s = state
    n = s === nothing ? iterate(e.itr) : iterate(e.itr, s)
    n === nothing && return nothing
    return ((i, n[1]), (i + 1, n[2]))
end

# `zip(a, b, …)`: tuples of the iterators' elements, side by side, until one ends.
struct Zip{Is<:Tuple}
    is::Is
end

zip(its...) = Zip(its)
length(z::Zip) = isempty(z.is) ? 0 : minimum(map(length, z.is))

# Two iterators (the common case): no intermediate vectors.
function iterate(z::Zip{Tuple{A,B}}, state = (nothing, nothing)) where {A,B}
    a, b = z.is
    sa, sb = state
    na = sa === nothing ? iterate(a) : iterate(a, sa)
    na === nothing && return nothing
    nb = sb === nothing ? iterate(b) : iterate(b, sb)
    nb === nothing && return nothing
    return ((na[1], nb[1]), (na[2], nb[2]))
end

function iterate(z::Zip, state = nothing)
    isempty(z.is) && return nothing
    vals = Any[]
    states = Any[]
    for k in 1:length(z.is)
        n = state === nothing ? iterate(z.is[k]) : iterate(z.is[k], state[k])
        n === nothing && return nothing
        push!(vals, n[1])
        push!(states, n[2])
    end
    return (tuple(vals...), tuple(states...))
end

# `Ref(x)`: a mutable cell, read with `r[]` and written with `r[] = v`.
mutable struct RefValue{T}
    x::T
end

Ref(x) = RefValue(x)
getindex(r::RefValue) = r.x

function setindex!(r::RefValue, v)
    r.x = v
    return r
end

cmp(a, b) = isless(a, b) ? -1 : (isless(b, a) ? 1 : 0)
extrema(xs) = (minimum(xs), maximum(xs))

function fld(x::Integer, y::Integer)
    d = div(x, y)
    return (x % y != 0 && (x < 0) != (y < 0)) ? d - 1 : d
end

function cld(x::Integer, y::Integer)
    d = div(x, y)
    return (x % y != 0 && (x < 0) == (y < 0)) ? d + 1 : d
end

function unique(xs)
    seen = Dict{eltype(xs),Bool}()
    out = Vector{eltype(xs)}()
    for x in xs
        if !haskey(seen, x)
            seen[x] = true
            push!(out, x)
        end
    end
    return out
end

function vcat(a::AbstractVector, b::AbstractVector)
    out = Any[]
    append!(out, a)
    append!(out, b)
    return _narrow(out)
end

rethrow(e) = throw(e)

# Strings and characters.
function lpad(s, n::Integer, p = ' ')
    s = string(s)
    k = n - length(s)
    return k > 0 ? string(repeat(string(p), k), s) : s
end

function rpad(s, n::Integer, p = ' ')
    s = string(s)
    k = n - length(s)
    return k > 0 ? string(s, repeat(string(p), k)) : s
end

chomp(s::AbstractString) = endswith(s, "\n") ? s[1:prevind(s, lastindex(s))] : s

# Calls `f` in the newest world. The VM always dispatches in the newest world, so this is a call.
invokelatest(f, args...) = f(args...)

# `rand` and `randn` are Base's functions, as in Julia; their methods are in the Random standard
# library (`stdlib/Random.jl`), which is loaded at boot.
function rand end
function randn end
