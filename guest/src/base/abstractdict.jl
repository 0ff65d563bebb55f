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
