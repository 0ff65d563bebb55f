# `Set{T}`: a set over a `Dict{T,Nothing}`, as Julia's base/set.jl builds it. Iteration (and
# printing) follows the dict's order, which is insertion order here where Julia's is hash order.

abstract type AbstractSet{T} end

struct Set{T} <: AbstractSet{T}
    dict::Dict{T,Nothing}
end

function _set_curly(::Type{Set{T}}, itr=()) where {T}
    s = Core._new(Set{T}, Dict{T,Nothing}())
    for x in itr
        push!(s, x)
    end
    return s
end
_register_curly_ctor(Set, _set_curly)

Set() = Set{Any}()
Set(itr) = _set_curly(Set{_set_eltype(itr)}, itr)
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

copy(s::Set{T}) where {T} = Set{T}(s)

function union!(s::Set, itrs...)
    for itr in itrs
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

union(s::AbstractSet, itrs...) = union!(Set{_union_eltype(s, itrs)}(s), itrs...)
function union(v::AbstractVector, itrs...)
    out = Vector{_union_eltype(v, itrs)}()
    append!(out, v)
    for itr in itrs
        append!(out, itr)
    end
    return unique(out)
end

function intersect!(s::Set, itrs...)
    for itr in itrs
        keep = Set(itr)
        for x in collect(s)
            x in keep || delete!(s, x)
        end
    end
    return s
end

intersect(s::AbstractSet, itrs...) = intersect!(copy(s), itrs...)
intersect(v::AbstractVector, itrs...) = unique([x for x in v if all(itr -> x in itr, itrs)])

function setdiff!(s::Set, itrs...)
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
    out = copy(s)
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
