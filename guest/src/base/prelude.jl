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

function prod(xs)
    p = nothing
    for x in xs
        p = p === nothing ? x : p * x
    end
    return p === nothing ? one(eltype(xs)) : p
end

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
    return _narrow(out)
end

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

struct Zip{A,B}
    a::A
    b::B
end

zip(a, b) = Zip(a, b)
length(z::Zip) = min(length(z.a), length(z.b))

function iterate(z::Zip, state=(nothing, nothing))
    sa, sb = state
    na = sa === nothing ? iterate(z.a) : iterate(z.a, sa)
    na === nothing && return nothing
    nb = sb === nothing ? iterate(z.b) : iterate(z.b, sb)
    nb === nothing && return nothing
    return ((na[1], nb[1]), (na[2], nb[2]))
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
