# `deepcopy`, as Julia's base/deepcopy.jl: mutable objects are copied once each (a shared
# object stays shared, a cycle stays a cycle); immutable values are rebuilt around copies of
# what they hold.

deepcopy(x) = deepcopy_internal(x, _CopyMemo())

# Originals and their copies, compared by identity (Julia uses an `IdDict`): `index` finds the
# positions in `from` whose identity key is that of an object.
struct _CopyMemo
    index::Dict{UInt64, Vector{Int}}
    from::Vector{Any}
    to::Vector{Any}
end
_CopyMemo() = _CopyMemo(Dict{UInt64, Vector{Int}}(), Any[], Any[])
function _seen(d::_CopyMemo, x)
    at = get(d.index, _identity_key(x), nothing)
    at === nothing && return 0
    for i in at
        d.from[i] === x && return i
    end
    return 0
end
function _remember!(d::_CopyMemo, x, y)
    push!(d.from, x)
    push!(d.to, y)
    k = _identity_key(x)
    at = get(d.index, k, nothing)
    if at === nothing
        d.index[k] = [length(d.from)]
    else
        push!(at, length(d.from))
    end
    return y
end

deepcopy_internal(x::Union{Number, Symbol, AbstractString, AbstractChar, Nothing, Function, Type, Module}, d::_CopyMemo) = x

function deepcopy_internal(x::Array, d::_CopyMemo)
    i = _seen(d, x)
    i > 0 && return d.to[i]
    y = similar(x)
    _remember!(d, x, y)
    for k in 1:length(x)
        y[k] = deepcopy_internal(x[k], d)
    end
    return y
end

function deepcopy_internal(x::Dict, d::_CopyMemo)
    i = _seen(d, x)
    i > 0 && return d.to[i]
    y = empty(x)
    _remember!(d, x, y)
    for (k, v) in x
        y[deepcopy_internal(k, d)] = deepcopy_internal(v, d)
    end
    return y
end

deepcopy_internal(x::Tuple, d::_CopyMemo) = map(v -> deepcopy_internal(v, d), x)
deepcopy_internal(x::Pair, d::_CopyMemo) = deepcopy_internal(x.first, d) => deepcopy_internal(x.second, d)

function deepcopy_internal(x, d::_CopyMemo)
    T = typeof(x)
    names = fieldnames(T)
    isempty(names) && return x
    if ismutable(x)
        i = _seen(d, x)
        i > 0 && return d.to[i]
        y = Core._new(T, map(n -> getfield(x, n), names)...)
        _remember!(d, x, y)
        for n in names
            setfield!(y, n, deepcopy_internal(getfield(x, n), d))
        end
        return y
    end
    return Core._new(T, map(n -> deepcopy_internal(getfield(x, n), d), names)...)
end
