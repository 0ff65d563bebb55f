# `Set{T}`: a set over a `Dict{T,Nothing}`, as Julia's base/set.jl builds it. Iteration (and
# printing) follows the dict's slot order, which `hash` decides, as in Julia.

abstract type AbstractSet{T} end

struct Set{T} <: AbstractSet{T}
    dict::Dict{T,Nothing}
end

Set{T}() where {T} = Core._new(Set{T}, Dict{T,Nothing}())
Set{T}(itr) where {T} = union!(Set{T}(), itr)

Set() = Set{Any}()
Set(itr) = Set{_set_eltype(itr)}(itr)
_set_eltype(itr) = eltype(itr)
_set_eltype(itr::Tuple) = isempty(itr) ? Any : typeof(itr[1])

eltype(::Set{T}) where {T} = T
length(s::Set) = length(s.dict)
isempty(s::Set) = isempty(s.dict)
in(x, s::Set) = haskey(s.dict, x)

function push!(s::Set, x)
    s.dict[x] = nothing
    return s
end

function delete!(s::Set, x)
    delete!(s.dict, x)
    return s
end

function pop!(s::Set, x)
    x in s || throw(KeyError(x))
    delete!(s.dict, x)
    return x
end

function pop!(s::Set, x, default)
    x in s || return default
    delete!(s.dict, x)
    return x
end

function empty!(s::Set)
    empty!(s.dict)
    return s
end

function iterate(s::Set, state...)
    n = iterate(keys(s.dict), state...)
    n === nothing && return nothing
    return n
end

copy(s::Set{T}) where {T} = Core._new(Set{T}, copy(s.dict))

# Whether `length(itr)` is known before iterating (Julia's `haslength`).
_haslength(::Union{AbstractArray,Tuple,AbstractSet,AbstractDict,NamedTuple}) = true
_haslength(itr) = false

function sizehint!(d::Dict, n::Integer; shrink::Bool=true)
    return _dict_sizehint!(d, Int(n), shrink)
end
function sizehint!(s::Set, n::Integer; shrink::Bool=true)
    _dict_sizehint!(s.dict, Int(n), shrink)
    return s
end

# A new set of the elements for which `f` holds, in `s`'s order.
function filter(f, s::Set)
    out = Set{eltype(s)}()
    for x in s
        f(x) && push!(out, x)
    end
    return out
end

function filter!(f, s::AbstractSet)
    for x in collect(s)
        f(x) || delete!(s, x)
    end
    return s
end


function union!(s::AbstractSet, itrs...)
    for itr in itrs
        s isa Set && _haslength(itr) && sizehint!(s, length(s) + length(itr); shrink=false)
        for x in itr
            push!(s, x)
        end
    end
    return s
end

function _union_eltype(s, itrs)
    T = eltype(s)
    for itr in itrs
        T = promote_type(T, eltype(itr))
    end
    return T
end

union(s::AbstractSet, itrs...) = union!(Set{_union_eltype(s, itrs)}(), s, itrs...)
function union(v::AbstractVector, itrs...)
    out = Vector{_union_eltype(v, itrs)}()
    append!(out, v)
    for itr in itrs
        append!(out, itr)
    end
    return unique(out)
end

function intersect!(s::AbstractSet, itrs...)
    for itr in itrs
        keep = Set(itr)
        for x in collect(s)
            x in keep || delete!(s, x)
        end
    end
    return s
end

function intersect(s::AbstractSet, itr)
    out = Set{_union_eltype(s, (itr,))}()
    for x in itr
        x in s && push!(out, x)
    end
    return out
end
intersect(s::AbstractSet) = copy(s)
intersect(s::AbstractSet, itr, itrs...) = intersect!(intersect(s, itr), itrs...)
intersect(v::AbstractVector, itrs...) = unique([x for x in v if all(itr -> x in itr, itrs)])

function setdiff!(s::AbstractSet, itrs...)
    for itr in itrs
        for x in itr
            delete!(s, x)
        end
    end
    return s
end

setdiff(s::AbstractSet, itrs...) = setdiff!(copy(s), itrs...)
setdiff(v::AbstractVector, itrs...) = unique([x for x in v if !any(itr -> x in itr, itrs)])

function symdiff(s::AbstractSet, t)
    out = Set{_union_eltype(s, (t,))}()
    for x in s
        push!(out, x)
    end
    for x in t
        x in s ? delete!(out, x) : push!(out, x)
    end
    return out
end

issubset(a, b) = all(x -> x in b, a)
⊆(a, b) = issubset(a, b)
⊇(a, b) = issubset(b, a)
issetequal(a, b) = issubset(a, b) && issubset(b, a)
==(a::AbstractSet, b::AbstractSet) = length(a) == length(b) && issubset(a, b)
isequal(a::AbstractSet, b::AbstractSet) = a == b

function show(io::IO, s::Set)
    if isempty(s)
        print(io, typeof(s), "()")
        return
    end
    print(io, "Set(")
    show(io, collect(s))
    print(io, ")")
end

# What the REPL and `display` print (Julia's `show(io, ::MIME"text/plain", ::AbstractSet)`).
function show(io::IO, ::MIME"text/plain", s::Set)
    isempty(s) && return show(io, s)
    n = length(s)
    print(io, typeof(s), " with ", n, n == 1 ? " element:" : " elements:")
    for x in s
        print(io, "\n  ")
        show(io, x)
    end
end

# `BitSet`: a sorted set of integers, one bit per possible element (words of 64 bits from
# `offset * 64`), as Julia's base/bitset.jl stores it.
mutable struct BitSet <: AbstractSet{Int}
    bits::Vector{UInt64}
    offset::Int
end

BitSet() = BitSet(UInt64[], 0)
function BitSet(itr)
    s = BitSet()
    for x in itr
        push!(s, x)
    end
    return s
end

eltype(::BitSet) = Int
_bit_word(n::Integer) = fld(n, 64)
_bit_mask(n::Integer) = UInt64(1) << mod(n, 64)

function in(x::Integer, s::BitSet)
    w = _bit_word(x) - s.offset + 1
    return 1 <= w <= length(s.bits) && (s.bits[w] & _bit_mask(x)) != 0
end
in(x, s::BitSet) = x isa Real && isinteger(x) ? in(Int(x), s) : false

function push!(s::BitSet, x::Integer)
    w = _bit_word(x)
    if isempty(s.bits)
        push!(s.bits, UInt64(0))
        s.offset = w
    elseif w < s.offset
        s.bits = vcat(zeros(UInt64, s.offset - w), s.bits)
        s.offset = w
    elseif w - s.offset + 1 > length(s.bits)
        append!(s.bits, zeros(UInt64, w - s.offset + 1 - length(s.bits)))
    end
    i = w - s.offset + 1
    s.bits[i] = s.bits[i] | _bit_mask(x)
    return s
end

function delete!(s::BitSet, x::Integer)
    if x in s
        i = _bit_word(x) - s.offset + 1
        s.bits[i] = s.bits[i] & ~_bit_mask(x)
    end
    return s
end

function pop!(s::BitSet, x::Integer)
    x in s || throw(KeyError(x))
    delete!(s, x)
    return x
end

function empty!(s::BitSet)
    empty!(s.bits)
    s.offset = 0
    return s
end

function length(s::BitSet)
    n = 0
    for w in s.bits
        n += count_ones(w)
    end
    return n
end
isempty(s::BitSet) = all(iszero, s.bits)
copy(s::BitSet) = BitSet(copy(s.bits), s.offset)
union(s::BitSet, itrs...) = union!(copy(s), itrs...)

# Ascending order: the next set bit from word `i`, bit `b` on.
function iterate(s::BitSet, state = (1, 0))
    i, b = state
    while i <= length(s.bits)
        w = s.bits[i] >> b
        if w != 0
            b += trailing_zeros(w)
            return ((s.offset + i - 1) * 64 + b, b == 63 ? (i + 1, 0) : (i, b + 1))
        end
        i += 1
        b = 0
    end
    return nothing
end

first(s::BitSet) = isempty(s) ? throw(ArgumentError("collection must be non-empty")) : iterate(s)[1]
last(s::BitSet) = isempty(s) ? throw(ArgumentError("collection must be non-empty")) : maximum(collect(s))
minimum(s::BitSet) = first(s)
maximum(s::BitSet) = last(s)

function show(io::IO, s::BitSet)
    print(io, "BitSet(")
    show(io, collect(s))
    print(io, ")")
end
