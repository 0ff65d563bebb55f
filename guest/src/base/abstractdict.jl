# Functions of dictionaries written over `get`, `setindex!`, iteration and `empty`, as Julia's
# `abstractdict.jl`.

keytype(::Type{Dict{K,V}}) where {K,V} = K
valtype(::Type{Dict{K,V}}) where {K,V} = V

empty(d::Dict, ::Type{K}, ::Type{V}) where {K,V} = Dict{K,V}()

function merge!(d::AbstractDict, others::AbstractDict...)
    for other in others
        # A `Dict` grows once, as Julia's does (its layout, so its order, depends on it).
        sizehint!(d, length(d) + length(other); shrink=false)
        for (k, v) in other
            d[k] = v
        end
    end
    return d
end

function mergewith!(combine, d::AbstractDict, others::AbstractDict...)
    for other in others
        sizehint!(d, length(d) + length(other); shrink=false)
        for (k, v) in other
            d[k] = haskey(d, k) ? combine(d[k], v) : v
        end
    end
    return d
end
merge!(combine::Function, d::AbstractDict, others::AbstractDict...) = mergewith!(combine, d, others...)

# The result's key and value types are the promotion of all the dictionaries', and it starts
# as a copy of the first (its layout too, so it iterates as Julia's does).
function _typeddict(d::AbstractDict, others::AbstractDict...)
    K = keytype(d)
    V = valtype(d)
    for o in others
        K = promote_type(K, keytype(o))
        V = promote_type(V, valtype(o))
    end
    return Dict{K,V}(d)
end

merge(d::AbstractDict, others::AbstractDict...) = merge!(_typeddict(d, others...), others...)
mergewith(combine, d::AbstractDict, others::AbstractDict...) =
    mergewith!(combine, _typeddict(d, others...), others...)
merge(combine::Function, d::AbstractDict, others::AbstractDict...) = mergewith(combine, d, others...)

# A new dict of the entries for which `f(k => v)` holds, inserted in `d`'s order.
function filter(f, d::AbstractDict)
    out = empty(d)
    for (k, v) in d
        f(k => v) && (out[k] = v)
    end
    return out
end

getkey(d::AbstractDict, k, default) = haskey(d, k) ? k : default

in(p::Pair, d::AbstractDict) = haskey(d, p.first) && isequal(d[p.first], p.second)

# What a dictionary type written in Julia (`struct D{K,V} <: AbstractDict{K,V}` with `get`,
# `iterate` and `length`) gets from Base, as from Julia's abstractdict.jl. `keys` and `values`
# are vectors, as `Dict`'s are here (Julia's are iterators over the dict).
const _secret_table_token = :__c782dbf1cf4d6a2e5e3865d7e95634f2e09b5902__

function getindex(t::AbstractDict, key)
    v = get(t, key, _secret_table_token)
    v === _secret_table_token && throw(KeyError(key))
    return v
end
haskey(d::AbstractDict, k) = get(d, k, _secret_table_token) !== _secret_table_token
function get(f::Union{Function, Type}, d::AbstractDict, k)
    v = get(d, k, _secret_table_token)
    return v === _secret_table_token ? f() : v
end
keys(d::AbstractDict) = keytype(d)[first(p) for p in d]
values(d::AbstractDict) = valtype(d)[last(p) for p in d]
isempty(d::AbstractDict) = length(d) == 0
keytype(::Type{<:AbstractDict{K,V}}) where {K,V} = K
valtype(::Type{<:AbstractDict{K,V}}) where {K,V} = V
keytype(d::AbstractDict) = keytype(typeof(d))
valtype(d::AbstractDict) = valtype(typeof(d))
eltype(::Type{<:AbstractDict{K,V}}) where {K,V} = Pair{K,V}
eltype(d::AbstractDict) = eltype(typeof(d))
collect(d::AbstractDict) = eltype(d)[p for p in d]

# `MyDict("a" => 1)` when the key and value types go without saying (Julia's
# `typeinfo_prefix`), else `MyDict{Any, Int64}(…)`.
function show(io::IO, d::AbstractDict)
    K, V = keytype(d), valtype(d)
    T = typeof(d)
    print(io, !isempty(d) && typeinfo_implicit(K) && typeinfo_implicit(V) ? nameof(T) : T, "(")
    first = true
    for (k, v) in d
        first || print(io, ", ")
        first = false
        show(io, k)
        print(io, " => ")
        show(io, v)
    end
    print(io, ")")
end

function show(io::IO, ::MIME"text/plain", d::AbstractDict)
    isempty(d) && return show(io, d)
    n = length(d)
    print(io, typeof(d), " with ", n, n == 1 ? " entry:" : " entries:")
    for (k, v) in d
        print(io, "\n  ")
        show(io, k)
        print(io, " => ")
        show(io, v)
    end
end

# `Dict(ps...)` and `Dict(kv)` without key and value types: the pairs' types, widened with
# `promote_typejoin` where they differ as Julia's `grow_to!` widens them, so
# `Dict(1 => 1, 2 => 2.5)` is a `Dict{Int64, Real}` (never promoted: its values stay as given).
function Dict(ps::Pair...)
    K, V = _dict_types(ps)
    return Dict{K, V}(ps)
end
function Dict(kv)
    kv isa Dict && return Dict{keytype(kv), valtype(kv)}(kv)
    items = kv isa Union{AbstractArray, Tuple} ? kv : collect(kv)
    # A vector of one pair type gives that type's key and value types, even when empty.
    if items isa AbstractArray
        kvt = _pair_types(eltype(items))
        kvt === nothing || return Dict{kvt[1], kvt[2]}(items)
    end
    K, V = _dict_types(items)
    return Dict{K, V}(items)
end
_pair_types(::Type{Pair{K,V}}) where {K,V} = (K, V)
_pair_types(::Type) = nothing
function _dict_types(items)
    K = Union{}
    V = Union{}
    for p in items
        p isa Union{Pair, Tuple{Any, Any}} ||
            throw(ArgumentError("Dict(kv): kv needs to be an iterator of pairs"))
        k, v = p
        k isa K || (K = _promote_typejoin(K, typeof(k)))
        v isa V || (V = _promote_typejoin(V, typeof(v)))
    end
    return isempty(items) ? (Any, Any) : (K, V)
end
