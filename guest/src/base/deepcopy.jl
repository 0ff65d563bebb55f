# `deepcopy`, as Julia's base/deepcopy.jl: mutable objects are copied once each (a shared
# object stays shared, a cycle stays a cycle); immutable values are rebuilt around copies of
# what they hold.

# The `IdDict` maps each mutable original to its copy (Julia's `stackdict`).
deepcopy(x) = deepcopy_internal(x, IdDict{Any, Any}())

deepcopy_internal(x::Union{Number, Symbol, AbstractString, AbstractChar, Nothing, Function, Type, Module}, d::IdDict) = x

function deepcopy_internal(x::Array, d::IdDict)
    haskey(d, x) && return d[x]
    y = similar(x)
    d[x] = y
    for k in 1:length(x)
        y[k] = deepcopy_internal(x[k], d)
    end
    return y
end

function deepcopy_internal(x::Dict, d::IdDict)
    haskey(d, x) && return d[x]
    y = empty(x)
    d[x] = y
    for (k, v) in x
        y[deepcopy_internal(k, d)] = deepcopy_internal(v, d)
    end
    return y
end

deepcopy_internal(x::Tuple, d::IdDict) = map(v -> deepcopy_internal(v, d), x)
deepcopy_internal(x::Pair, d::IdDict) = deepcopy_internal(x.first, d) => deepcopy_internal(x.second, d)

function deepcopy_internal(x, d::IdDict)
    T = typeof(x)
    names = fieldnames(T)
    isempty(names) && return x
    if ismutable(x)
        haskey(d, x) && return d[x]
        y = Core._new(T, map(n -> getfield(x, n), names)...)
        d[x] = y
        for n in names
            setfield!(y, n, deepcopy_internal(getfield(x, n), d))
        end
        return y
    end
    return Core._new(T, map(n -> deepcopy_internal(getfield(x, n), d), names)...)
end
