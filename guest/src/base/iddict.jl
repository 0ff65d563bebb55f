# `IdDict{K,V}`: a dictionary whose keys are compared with `===` and hashed by identity, as
# Julia's base/iddict.jl. Entries iterate in insertion order (Julia's order follows object
# addresses, which kiln never lets show in output). `index` maps an identity key
# (`_identity_key`, equal for `===` values) to the slots holding keys with it.
mutable struct IdDict{K,V} <: AbstractDict{K,V}
    index::Dict{UInt64, Vector{Int}}
    keys::Vector{K}
    vals::Vector{V}
    live::Vector{Bool}
    count::Int
end
IdDict{K,V}() where {K,V} = IdDict{K,V}(Dict{UInt64, Vector{Int}}(), K[], V[], Bool[], 0)
function IdDict{K,V}(kv) where {K,V}
    d = IdDict{K,V}()
    for (k, v) in kv
        d[k] = v
    end
    return d
end
IdDict{K,V}(ps::Pair...) where {K,V} = IdDict{K,V}(ps)
IdDict() = IdDict{Any,Any}()
function IdDict(ps::Pair...)
    K, V = _dict_types(ps)
    return IdDict{K,V}(ps)
end
IdDict(kv) = IdDict{Any,Any}(kv)

# The slot holding `k`, or 0.
function _idslot(d::IdDict, k)
    at = get(d.index, _identity_key(k), nothing)
    at === nothing && return 0
    for i in at
        d.live[i] && d.keys[i] === k && return i
    end
    return 0
end

length(d::IdDict) = d.count
function get(d::IdDict, k, default)
    i = _idslot(d, k)
    return i == 0 ? default : d.vals[i]
end

function setindex!(d::IdDict{K,V}, v, k) where {K,V}
    k isa K || throw(ArgumentError(string(repr(k), " is not a valid key for type ", K)))
    val = convert(V, v)
    i = _idslot(d, k)
    if i > 0
        d.vals[i] = val
        return d
    end
    push!(d.keys, k)
    push!(d.vals, val)
    push!(d.live, true)
    d.count += 1
    h = _identity_key(k)
    at = get(d.index, h, nothing)
    if at === nothing
        d.index[h] = [length(d.keys)]
    else
        push!(at, length(d.keys))
    end
    return d
end

function get!(d::IdDict, k, default)
    i = _idslot(d, k)
    i > 0 && return d.vals[i]
    d[k] = default
    return d.vals[_idslot(d, k)]
end
function get!(f::Function, d::IdDict, k)
    i = _idslot(d, k)
    i > 0 && return d.vals[i]
    d[k] = f()
    return d.vals[_idslot(d, k)]
end

function pop!(d::IdDict, k, default)
    i = _idslot(d, k)
    i == 0 && return default
    v = d.vals[i]
    _idremove!(d, i)
    return v
end
function pop!(d::IdDict, k)
    i = _idslot(d, k)
    i == 0 && throw(KeyError(k))
    v = d.vals[i]
    _idremove!(d, i)
    return v
end
function delete!(d::IdDict, k)
    i = _idslot(d, k)
    i > 0 && _idremove!(d, i)
    return d
end
function _idremove!(d::IdDict, i)
    d.live[i] = false
    d.count -= 1
    # Compact once most slots are dead (the slots move, so the index is rebuilt).
    if length(d.live) > 16 && 2 * d.count < length(d.live)
        ks, vs = d.keys[d.live], d.vals[d.live]
        empty!(d)
        for j in 1:length(ks)
            d[ks[j]] = vs[j]
        end
    end
    return d
end

function empty!(d::IdDict)
    empty!(d.index)
    empty!(d.keys)
    empty!(d.vals)
    empty!(d.live)
    d.count = 0
    return d
end
empty(d::IdDict, ::Type{K}, ::Type{V}) where {K,V} = IdDict{K,V}()
empty(d::IdDict{K,V}) where {K,V} = IdDict{K,V}()
copy(d::IdDict{K,V}) where {K,V} = IdDict{K,V}(d)
sizehint!(d::IdDict, n; shrink = true) = d

function iterate(d::IdDict, i = 1)
    while i <= length(d.live)
        d.live[i] && return (d.keys[i] => d.vals[i], i + 1)
        i += 1
    end
    return nothing
end
