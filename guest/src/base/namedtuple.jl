# NamedTuple (Julia's base/namedtuple.jl) over Core's `_nt_names`/`_nt_values`, and the
# `Base.Pairs` a `kws...` parameter receives (Julia's base/iterators.jl `pairs(::NamedTuple)`).

keys(t::NamedTuple) = _nt_names(t)
values(t::NamedTuple) = _nt_values(t)
length(t::NamedTuple) = length(_nt_values(t))
isempty(t::NamedTuple) = length(t) == 0
function getindex(t::NamedTuple, i::Int)
    (1 <= i <= length(t)) || throw(BoundsError(t, i))
    return _nt_values(t)[i]
end
getindex(t::NamedTuple, s::Symbol) = getfield(t, s)
iterate(t::NamedTuple, i::Int = 1) = i > length(t) ? nothing : (_nt_values(t)[i], i + 1)
haskey(t::NamedTuple, s::Symbol) = s in _nt_names(t)
get(t::NamedTuple, s::Symbol, default) = haskey(t, s) ? getfield(t, s) : default
==(a::NamedTuple, b::NamedTuple) = _nt_names(a) === _nt_names(b) && _nt_values(a) == _nt_values(b)
isequal(a::NamedTuple, b::NamedTuple) =
    _nt_names(a) === _nt_names(b) && isequal(_nt_values(a), _nt_values(b))
Tuple(t::NamedTuple) = _nt_values(t)

# `merge(a, b)`: the fields of `a`, then those of `b` not in `a`; `b`'s values win.
function merge(a::NamedTuple, b::NamedTuple)
    names = Any[]
    vals = Any[]
    for k in _nt_names(a)
        push!(names, k)
    end
    for v in _nt_values(a)
        push!(vals, v)
    end
    bn = _nt_names(b)
    bv = _nt_values(b)
    for j in 1:length(bn)
        i = _findname(names, bn[j])
        if i == 0
            push!(names, bn[j])
            push!(vals, bv[j])
        else
            vals[i] = bv[j]
        end
    end
    return _namedtuple(tuple(names...), vals...)
end

# `merge(a, itr)`: `itr` yields `Symbol => value` pairs.
function merge(a::NamedTuple, itr)
    names = Any[]
    vals = Any[]
    for (k, v) in itr
        k = k::Symbol
        i = _findname(names, k)
        if i == 0
            push!(names, k)
            push!(vals, v)
        else
            vals[i] = v
        end
    end
    return merge(a, _namedtuple(tuple(names...), vals...))
end
merge(a::NamedTuple) = a
merge(a::NamedTuple, b, c...) = merge(merge(a, b), c...)

function _findname(names, k)
    for i in 1:length(names)
        names[i] === k && return i
    end
    return 0
end

# Splatted keyword arguments (`f(; kws...)`) are merged in with this.
_kwmerge(a::NamedTuple, b::NamedTuple) = merge(a, b)
_kwmerge(a::NamedTuple, itr) = merge(a, itr)

# `promote_typejoin` as Julia's eltype of a heterogeneous tuple uses it.
function _promote_typejoin(a::Type, b::Type)
    a === b && return a
    a === Union{} && return b
    b === Union{} && return a
    sa, sb = _promote_typesubtract(a), _promote_typesubtract(b)
    c = sa === Union{} ? sb : sb === Union{} ? sa : typejoin(sa, sb)
    return Union{a, b, c}
end

promote_typejoin(a::Type, b::Type) = _promote_typejoin(a, b)

# A type without its `Nothing` and `Missing` members (Julia's `_promote_typesubtract`).
_promote_typesubtract(a::Type) = _subtract_missing(_subtract_nothing(a))
_subtract_nothing(a::Type) = a === Nothing ? Union{} : a
_subtract_nothing(::Type{Union{T, Nothing}}) where {T} = T
_subtract_missing(a::Type) = a === Missing ? Union{} : a
_subtract_missing(::Type{Union{T, Missing}}) where {T} = T

function _nt_eltype(t::NamedTuple)
    T = Union{}
    for v in _nt_values(t)
        T = _promote_typejoin(T, typeof(v))
    end
    return T
end

# `pairs(::NamedTuple)`: what a `kws...` parameter holds.
struct Pairs{K, V, I, A} <: AbstractDict{K, V}
    data::A
    itr::I
end

pairs(t::NamedTuple) = Pairs{Symbol, _nt_eltype(t), typeof(_nt_names(t)), typeof(t)}(t, _nt_names(t))
pairs(p::Pairs) = p
length(p::Pairs) = length(p.itr)
isempty(p::Pairs) = length(p.itr) == 0
keys(p::Pairs) = p.itr
values(p::Pairs) = p.data
haskey(p::Pairs, k) = haskey(p.data, k)
getindex(p::Pairs, k) = p.data[k]
get(p::Pairs, k, default) = get(p.data, k, default)
function iterate(p::Pairs, i::Int = 1)
    i > length(p.itr) && return nothing
    k = p.itr[i]
    return (k => p.data[k], i + 1)
end
_kwmerge(a::NamedTuple, p::Pairs) = merge(a, p.data)
eltype(p::Pairs{K, V, I, A}) where {K, V, I, A} = Pair{K, V}
keytype(p::Pairs{K, V, I, A}) where {K, V, I, A} = K
valtype(p::Pairs{K, V, I, A}) where {K, V, I, A} = V
function collect(p::Pairs{K, V, I, A}) where {K, V, I, A}
    for x in p.data
        # Pairs of an abstract value type (`Pair{Symbol, Real}`) cannot be stored yet.
        typeof(x) === V || error("unsupported: collecting keyword arguments of different types (a Vector{Pair{", K, ", ", V, "}})")
    end
    v = Vector{Pair{K, V}}(undef, length(p))
    for i in 1:length(p)
        k = p.itr[i]
        v[i] = k => p.data[k]
    end
    return v
end

function show(io::IO, p::Pairs{K, V, I, A}) where {K, V, I, A}
    if !isempty(p) && typeinfo_implicit(K) && typeinfo_implicit(V)
        print(io, "Base.Pairs(")
    else
        print(io, "Base.", typeof(p), "(")
    end
    first = true
    for kv in p
        first || print(io, ", ")
        first = false
        show(io, kv)
    end
    print(io, ")")
end

# Julia's `Core.tuple`.
tuple(xs...) = xs
