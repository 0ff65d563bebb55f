# Sorting, as in Julia's base/sort.jl: a stable sort (insertion sort for short runs, merge sort
# above) ordered by `lt(by(a), by(b))`, so user `isless` methods, `by=` and `lt=` functions and
# `rev=true` all work, and equal elements keep their order (Julia's default sort is stable).

# The strict ordering `sort!` uses: `lt` on the `by` images, reversed by `rev`.
struct _Ordering{L, B}
    lt::L
    by::B
    rev::Bool
end

_lt(o::_Ordering, a, b) = o.rev ? o.lt(o.by(b), o.by(a)) : o.lt(o.by(a), o.by(b))

function _insertion_sort!(v, lo::Int, hi::Int, o::_Ordering)
    i = lo + 1
    while i <= hi
        x = v[i]
        j = i - 1
        while j >= lo && _lt(o, x, v[j])
            v[j+1] = v[j]
            j -= 1
        end
        v[j+1] = x
        i += 1
    end
    return v
end

# Sorts v[lo:hi] using t as scratch space of the same length as v.
function _merge_sort!(v, lo::Int, hi::Int, o::_Ordering, t)
    if hi - lo < 16
        return _insertion_sort!(v, lo, hi, o)
    end
    m = div(lo + hi, 2)
    _merge_sort!(v, lo, m, o, t)
    _merge_sort!(v, m + 1, hi, o, t)
    # Already in order: nothing to merge.
    _lt(o, v[m+1], v[m]) || return v
    for k in lo:m
        t[k] = v[k]
    end
    i, j, k = lo, m + 1, lo
    while i <= m && j <= hi
        # Take from the right half only when strictly smaller: equal elements keep their order.
        if _lt(o, v[j], t[i])
            v[k] = v[j]
            j += 1
        else
            v[k] = t[i]
            i += 1
        end
        k += 1
    end
    while i <= m
        v[k] = t[i]
        i += 1
        k += 1
    end
    return v
end

function sort!(v::Vector; lt=isless, by=identity, rev::Bool=false)
    n = length(v)
    n < 2 && return v
    return _merge_sort!(v, 1, n, _Ordering(lt, by, rev), copy(v))
end

sort(v::AbstractArray; lt=isless, by=identity, rev::Bool=false) =
    sort!(collect(v); lt=lt, by=by, rev=rev)

function issorted(v; lt=isless, by=identity, rev::Bool=false)
    o = _Ordering(lt, by, rev)
    prev = nothing
    started = false
    for x in v
        if started && _lt(o, x, prev)
            return false
        end
        prev = x
        started = true
    end
    return true
end

function sortperm(v::AbstractArray; lt=isless, by=identity, rev::Bool=false)
    p = collect(1:length(v))
    return sort!(p; lt=lt, by=i -> by(v[i]), rev=rev)
end

# Pairs order by their first elements, then by their second ones (`sort(collect(dict))`).
isless(p::Pair, q::Pair) =
    ifelse(!isequal(p.first, q.first), isless(p.first, q.first), isless(p.second, q.second))
