# Cumulative reductions: `accumulate`, `cumsum`, `cumprod` (and their `!` forms).

function accumulate(op, xs; init = _InitialValue())
    out = Any[]
    acc = init
    for x in xs
        acc = acc isa _InitialValue ? x : op(acc, x)
        push!(out, acc)
    end
    return isempty(out) ? Vector{eltype(xs)}() : _narrow(out)
end

# `cumsum` adds with `add_sum` (so `Bool`s and narrow integers widen, as in Julia).
function cumsum(xs::AbstractVector)
    out = Any[]
    acc = nothing
    for x in xs
        acc = acc === nothing ? _reduce_first_sum(x) : add_sum(acc, x)
        push!(out, acc)
    end
    return isempty(out) ? Vector{eltype(xs)}() : _narrow(out)
end

cumprod(xs::AbstractVector) = accumulate(*, xs)

function accumulate!(op, dest, xs)
    acc = _InitialValue()
    for (i, x) in zip(eachindex(dest), xs)
        acc = acc isa _InitialValue ? x : op(acc, x)
        dest[i] = acc
    end
    return dest
end

cumsum!(dest, xs) = accumulate!(+, dest, xs)
cumprod!(dest, xs) = accumulate!(*, dest, xs)

function diff(xs::AbstractVector)
    out = Any[]
    for i in firstindex(xs):lastindex(xs)-1
        push!(out, xs[i+1] - xs[i])
    end
    return isempty(out) ? Vector{eltype(xs)}() : _narrow(out)
end
