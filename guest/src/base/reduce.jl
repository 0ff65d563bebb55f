# Reductions: `mapreduce`, `mapfoldl`, `foldr`, `reduce`/`foldl` with `init`, `maximum`/`minimum`
# of a function, `findmax`/`findmin`, `argmax`/`argmin`, `extrema` of a function, `allunique`.
# (`sum`, `prod`, `maximum(xs)`, `any`, `all`, `count` are in prelude.jl.)

# The absence of an `init` keyword.
struct _InitialValue end

_empty_reduce_error() = throw(ArgumentError(
    "reducing over an empty collection is not allowed; consider supplying `init` to the reducer"))

function mapfoldl(f, op, itr; init = _InitialValue())
    acc = init
    for x in itr
        acc = acc isa _InitialValue ? f(x) : op(acc, f(x))
    end
    acc isa _InitialValue && _empty_reduce_error()
    return acc
end

function mapfoldr(f, op, itr; init = _InitialValue())
    xs = collect(itr)
    acc = init
    for i in length(xs):-1:1
        acc = acc isa _InitialValue ? f(xs[i]) : op(f(xs[i]), acc)
    end
    acc isa _InitialValue && _empty_reduce_error()
    return acc
end

mapreduce(f, op, itr; init = _InitialValue()) = mapfoldl(f, op, itr; init = init)
mapreduce(f, op, a, b; init = _InitialValue()) = mapfoldl(t -> f(t[1], t[2]), op, zip(a, b); init = init)
reduce(op, itr; init = _InitialValue()) = mapfoldl(identity, op, itr; init = init)
foldl(op, itr; init = _InitialValue()) = mapfoldl(identity, op, itr; init = init)
foldr(op, itr; init = _InitialValue()) = mapfoldr(identity, op, itr; init = init)

function maximum(f, xs)
    isempty(xs) && _empty_reduce_error()
    m = f(first(xs))
    for x in xs
        y = f(x)
        if isless(m, y)
            m = y
        end
    end
    return m
end

function minimum(f, xs)
    isempty(xs) && _empty_reduce_error()
    m = f(first(xs))
    for x in xs
        y = f(x)
        if isless(y, m)
            m = y
        end
    end
    return m
end

extrema(f, xs) = (minimum(f, xs), maximum(f, xs))

# The first greatest (smallest) value and its index; NaN counts as the greatest, as `isless`
# orders it.
function findmax(f, xs)
    isempty(xs) && throw(ArgumentError("collection must be non-empty"))
    best = nothing
    for (i, x) in zip(keys(xs), values(xs))
        y = f(x)
        if best === nothing || isless(best[1], y)
            best = (y, i)
        end
    end
    return best
end

function findmin(f, xs)
    isempty(xs) && throw(ArgumentError("collection must be non-empty"))
    best = nothing
    for (i, x) in zip(keys(xs), values(xs))
        y = f(x)
        if best === nothing || isless(y, best[1])
            best = (y, i)
        end
    end
    return best
end

findmax(xs) = findmax(identity, xs)
findmin(xs) = findmin(identity, xs)
argmax(xs) = findmax(xs)[2]
argmin(xs) = findmin(xs)[2]

# `argmax(f, domain)`: the element of `domain` for which `f` is greatest.
function argmax(f, domain)
    isempty(domain) && throw(ArgumentError("collection must be non-empty"))
    best = nothing
    for x in domain
        y = f(x)
        if best === nothing || isless(best[1], y)
            best = (y, x)
        end
    end
    return best[2]
end

function argmin(f, domain)
    isempty(domain) && throw(ArgumentError("collection must be non-empty"))
    best = nothing
    for x in domain
        y = f(x)
        if best === nothing || isless(y, best[1])
            best = (y, x)
        end
    end
    return best[2]
end

function allunique(xs)
    seen = Dict{eltype(xs),Bool}()
    for x in xs
        haskey(seen, x) && return false
        seen[x] = true
    end
    return true
end

allequal(xs) = isempty(xs) || all(isequal(first(xs)), xs)
