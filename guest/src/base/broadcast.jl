# Broadcasting (Julia's base/broadcast.jl, simplified). `f.(x, y)` and `x .+ y` lower to
# `materialize(broadcasted(f, x, y))`; a nested dot call stays a lazy `Broadcasted` argument, so
# `x .* 2 .+ 1` is one loop (fusion), and `x .= …` is `materialize!(x, broadcasted(…))`.
#
# Arguments are made broadcastable first (`broadcastable`): numbers, characters, arrays, ranges,
# tuples and `Ref`s as they are; strings, symbols, functions, types and `nothing` as scalars
# (`Ref`); other iterables collected. The shape of a broadcast is a tuple of lengths, one per
# dimension (`()` for scalars); each argument's dimensions must equal the result's or be 1
# (Julia's `combine_axes`). Only one dimension exists today; the shape functions are written per
# dimension so that N-d arrays can extend them. The result is a scalar when every argument is,
# a tuple when the arguments are tuples and scalars, and a `Vector` otherwise; its element type
# is widened as values arrive (`promote_typejoin`), as Julia's `copy` does when inference cannot
# tell it.

struct DimensionMismatch <: Exception
    msg::String
end

struct Broadcasted
    f
    args::Tuple
end

broadcastable(x::Union{AbstractArray, Number, AbstractChar, Tuple, Broadcasted, RefValue}) = x
broadcastable(x::Union{AbstractString, Symbol, Function, Nothing, Type, Pair}) = Ref(x)
broadcastable(x::Union{AbstractDict, NamedTuple}) =
    throw(ArgumentError("broadcasting over dictionaries and `NamedTuple`s is reserved"))
broadcastable(x) = collect(x)

function broadcasted(f, args...)
    r = _bc_range(f, args)
    r === nothing || return r
    n = length(args)
    v = Vector{Any}(undef, n)
    for i in 1:n
        v[i] = broadcastable(args[i])
    end
    return Broadcasted(f, tuple(v...))
end

# `a .&& b`, `a .|| b`, and `f.(x; kw…)`.
_bc_andand(a, b) = a && b
_bc_oror(a, b) = a || b
_bc_kwfunc(f, kw) = function (args...)
    f(args...; kw...)
end

# Julia computes these on ranges without a loop, and the results are ranges again:
# `(1:3) .+ 1 == 2:4`, `(1:3) .* 2 == 2:2:6`, `.-(1:3) == -1:-1:-3`.
const _IntRange = Union{UnitRange{Int64}, StepRange{Int64, Int64}}
function _bc_range(f, args)
    if length(args) == 1
        r = args[1]
        r isa _IntRange || return nothing
        f === (-) && return _steprange(-first(r), -step(r), length(r))
        f === (+) && return r
        return nothing
    end
    length(args) == 2 || return nothing
    a, b = args[1], args[2]
    (a isa AbstractRange || b isa AbstractRange) || return nothing
    # Only a range with a number or another range gives a range; with an array or a fused
    # broadcast (`(1:3) .+ [1 2]`, `(2 .* x) .* r`), an ordinary broadcast.
    ((a isa AbstractRange || a isa Number) && (b isa AbstractRange || b isa Number)) ||
        return nothing
    (f === (+) || f === (-) || f === (*) || f === (/)) || return nothing
    fr = _bc_floatrange(f, a, b)
    fr === nothing || return fr
    # `(0:3) ./ 4` is `(0:3) / 4`: a float range.
    f === (/) && a isa _IntRange && b isa Real && return a / b
    # A number divided by a range is no range (`2 ./ (1:3)` is a vector).
    f === (/) && !(a isa AbstractRange) && return nothing
    # An integer range with a float is a float range, from the result's first element and step
    # (Julia's `range_start_step_length`): `(1:3) .* 0.5 == 0.5:0.5:1.5`, `(1:3) .+ 0.5`.
    if a isa _IntRange && b isa Float64
        f === (*) && return _range_step_length(first(a) * b, step(a) * b, length(a))
        f === (+) && return _range_step_length(first(a) + b, Float64(step(a)), length(a))
        f === (-) && return _range_step_length(first(a) - b, Float64(step(a)), length(a))
    elseif a isa Float64 && b isa _IntRange
        f === (*) && return _range_step_length(a * first(b), a * step(b), length(b))
        f === (+) && return _range_step_length(a + first(b), Float64(step(b)), length(b))
        f === (-) && return _range_step_length(a - first(b), -Float64(step(b)), length(b))
    end
    (a isa StepRangeLen || b isa StepRangeLen || a isa LinRange || b isa LinRange) && return nothing
    if (a isa AbstractRange && !(a isa _IntRange && (b isa Int64 || b isa _IntRange))) ||
       (b isa AbstractRange && !(b isa _IntRange && (a isa Int64 || a isa _IntRange))) ||
       f === (/)
        # Julia's answer is a `StepRangeLen` (or a range of another element type).
        error("unsupported: broadcasting `", f, "` over a range with these operands (the result would be a range kind not implemented yet)")
    end
    if a isa _IntRange && b isa _IntRange
        f === (*) && return nothing
        length(a) == length(b) || throw(DimensionMismatch(string("arrays could not be broadcast to a common size; got a dimension with lengths ", length(a), " and ", length(b))))
        s = f === (+) ? step(a) + step(b) : step(a) - step(b)
        s == 0 && error("unsupported: broadcasting `", f, "` over two ranges gives a zero step")
        return _steprange(f(first(a), first(b)), s, length(a))
    end
    if a isa _IntRange
        f === (*) && b == 0 && error("unsupported: broadcasting `*` of a range by zero")
        f === (*) && return _steprange(first(a) * b, step(a) * b, length(a))
        a isa UnitRange && return f(first(a), b):f(last(a), b)
        return _steprange(f(first(a), b), step(a), length(a))
    end
    f === (*) && a == 0 && error("unsupported: broadcasting `*` of a range by zero")
    f === (*) && return _steprange(a * first(b), a * step(b), length(b))
    f === (+) && b isa UnitRange && return (a + first(b)):(a + last(b))
    f === (+) && return _steprange(a + first(b), step(b), length(b))
    return _steprange(a - first(b), -step(b), length(b))
end

_steprange(start, s, n) = start:s:(start + s * (n - 1))

# ----- shapes -----

_bcaxes(x::Broadcasted) = _bccombine_all(x.args, 1)
_bcaxes(x::Union{Number, AbstractChar, RefValue}) = ()
_bcaxes(x::AbstractArray) = size(x)
_bcaxes(x) = (length(x),)

function _bccombine_all(args, i)
    i > length(args) && return ()
    return _bccombine(_bcaxes(args[i]), _bccombine_all(args, i + 1))
end

_bccombine(a::Tuple{}, b::Tuple{}) = ()
_bccombine(a::Tuple{}, b) = b
_bccombine(a, b::Tuple{}) = a
# Dimension by dimension (missing trailing dimensions are 1): equal, or one of them 1.
function _bccombine(a, b)
    if length(a) == 1 && length(b) == 1
        n, m = a[1], b[1]
        n == m && return a
        n == 1 && return b
        m == 1 && return a
        _bcmismatch(n, m)
    end
    out = Int[]
    for k in 1:max(length(a), length(b))
        n = k <= length(a) ? a[k] : 1
        m = k <= length(b) ? b[k] : 1
        push!(out, (n == m || m == 1) ? n : n == 1 ? m : _bcmismatch(n, m))
    end
    return Tuple(out)
end
# Julia 1.11's `_bcs1` of two axes.
_bcmismatch(n, m) = throw(DimensionMismatch(string("arrays could not be broadcast to a common size: a has axes Base.OneTo(", n, ") and b has axes Base.OneTo(", m, ")")))

# 0: every argument a scalar; 1: tuples (and scalars); 2: an array.
_bcstyle(x::Broadcasted) = _bcstyle_all(x.args, 1)
_bcstyle(x::Tuple) = 1
_bcstyle(x::Union{Number, AbstractChar, RefValue}) = 0
_bcstyle(x) = 2
function _bcstyle_all(args, i)
    i > length(args) && return 0
    return max(_bcstyle(args[i]), _bcstyle_all(args, i + 1))
end

# ----- elements -----

function _bcget(x::Broadcasted, i)
    args = x.args
    n = length(args)
    n == 1 && return x.f(_bcget(args[1], i))
    n == 2 && return x.f(_bcget(args[1], i), _bcget(args[2], i))
    v = Vector{Any}(undef, n)
    for k in 1:n
        v[k] = _bcget(args[k], i)
    end
    return x.f(v...)
end
_bcget(x::RefValue, i) = x[]
_bcget(x::Union{Number, AbstractChar}, i) = x
# An array's element at the result's index: a linear `i` (a one-dimensional result), where a
# length-1 argument repeats; or a Cartesian tuple `I` (two or more dimensions), each dimension
# of length 1 repeated.
function _bcget(x, i)
    i isa Tuple || return length(x) == 1 ? x[1] : x[i]
    d = _bcaxes(x)
    lin = 0
    stride = 1
    for k in 1:length(d)
        lin += ((d[k] == 1 ? 1 : i[k]) - 1) * stride
        stride *= d[k]
    end
    return x[lin + 1]
end

# Column-major Cartesian indices of a shape, as tuples.
function _bc_cartesian(ax)
    out = Vector{Any}(undef, prod(ax))
    I = ones(Int, length(ax))
    for j in 1:length(out)
        out[j] = Tuple(I)
        k = 1
        while k <= length(ax)
            if I[k] < ax[k]
                I[k] += 1
                break
            end
            I[k] = 1
            k += 1
        end
    end
    return out
end

# ----- materializing -----

materialize(x) = x
# A broadcast whose result keeps a wrapper of its arguments (LinearAlgebra's adjoint and
# transposed vectors), or `nothing`.
_materialize_wrapped(bc) = nothing
function materialize(bc::Broadcasted)
    w = _materialize_wrapped(bc)
    w === nothing || return w
    ax = _bcaxes(bc)
    style = _bcstyle(bc)
    style == 0 && return _bcget(bc, 1)
    if style == 2
        b = _bc_bits(bc)
        b === nothing || return b
    end
    n = ax[1]
    if style == 1
        v = Vector{Any}(undef, n)
        for i in 1:n
            v[i] = _bcget(bc, i)
        end
        return tuple(v...)
    end
    # The result's indices: linear, or Cartesian tuples for two or more dimensions.
    idx = length(ax) >= 2 ? _bc_cartesian(ax) : (1:n)
    n = length(idx)
    if n == 0
        # Julia infers the element type; of an empty result, kiln knows it for the predicates
        # (a `BitArray`).
        _bc_predicate(bc.f) && return BitArray(undef, ax...)
        return length(ax) >= 2 ? Array{Any}(undef, ax...) : Any[]
    end
    length(ax) == 1 && _bc_flat(bc, n) && return _bc_collect_flat(bc, n)
    # The element type widens as values arrive.
    v1 = _bcget(bc, idx[1])
    T = typeof(v1)
    dest = Vector{T}(undef, n)
    dest[1] = v1
    for i in 2:n
        x = _bcget(bc, idx[i])
        if !(x isa T)
            T = _promote_typejoin(T, typeof(x))
            wider = Vector{T}(undef, n)
            for j in 1:(i - 1)
                wider[j] = dest[j]
            end
            dest = wider
        end
        dest[i] = x
    end
    dest = length(ax) >= 2 ? reshape(dest, ax...) : dest
    # A result of `Bool`s is a `BitArray` (Julia's `similar(bc, Bool)`).
    return T === Bool ? _bitarray_of(dest) : dest
end

const _bc_predicates = (==, !=, <, <=, >, >=, !, ~, &, |, xor, isequal, isless, isnan, isinf,
    isfinite, iseven, isodd, iszero, isone, in, ∈, ∉, ===, !==, ≤, ≥, ≠)
_bc_predicate(f) = any(p -> p === f, _bc_predicates)

# A one-dimensional broadcast of a function over vectors of the result's length and scalars,
# without nested broadcasts: its elements are computed in one loop here (what `_bcget` would
# do, without a call per argument and element).
function _bc_flat(bc, n)
    args = bc.args
    length(args) <= 2 || return false
    for a in args
        if a isa Array
            (ndims(a) == 1 && length(a) == n) || return false
        elseif !(a isa Number || a isa AbstractChar || a isa RefValue)
            return false
        end
    end
    return true
end
# The comparisons `_bits_compare` computes (its operator numbers).
function _bc_compare_op(f)
    f === (==) && return 0
    f === (!=) && return 1
    f === (<) && return 2
    f === (<=) && return 3
    f === (>) && return 4
    f === (>=) && return 5
    return -1
end
function _bc_collect_flat(bc, n)
    f = bc.f
    args = bc.args
    if length(args) == 2
        op = _bc_compare_op(f)
        if op >= 0
            chunks = _bits_compare(op, args[1], args[2], n)
            chunks === nothing || return BitVector(chunks, n, (n,))
        end
    end
    out = Vector{Any}(undef, n)
    if length(args) == 1
        a = args[1]
        if a isa Array
            for i in 1:n
                out[i] = f(a[i])
            end
        else
            x = f(_bcget(a, 1))
            for i in 1:n
                out[i] = x
            end
        end
    else
        a, b = args[1], args[2]
        if a isa Array && b isa Array
            for i in 1:n
                out[i] = f(a[i], b[i])
            end
        elseif a isa Array
            y = _bcget(b, 1)
            for i in 1:n
                out[i] = f(a[i], y)
            end
        elseif b isa Array
            x = _bcget(a, 1)
            for i in 1:n
                out[i] = f(x, b[i])
            end
        else
            x = f(_bcget(a, 1), _bcget(b, 1))
            for i in 1:n
                out[i] = x
            end
        end
    end
    # The element type: the first element's, widened as Julia's `copy` widens it.
    v = _collected(Any, out)
    return eltype(v) === Bool ? _bitarray_of(v) : v
end

materialize!(dest, x) = materialize!(dest, Broadcasted(identity, (broadcastable(x),)))
function materialize!(dest, bc::Broadcasted)
    ax = _bcaxes(bc)
    if ndims(dest) >= 2 || length(ax) >= 2
        dax = size(dest)
        _bccombine(dax, ax) == dax ||
            throw(DimensionMismatch("array could not be broadcast to match destination"))
        idx = _bc_cartesian(dax)
        for i in 1:length(idx)
            dest[i] = _bcget(bc, idx[i])
        end
        return dest
    end
    n = length(dest)
    if ax !== () && ax[1] != n && ax[1] != 1
        throw(DimensionMismatch("array could not be broadcast to match destination"))
    end
    for i in 1:n
        dest[i] = _bcget(bc, i)
    end
    return dest
end

broadcast(f, args...) = materialize(broadcasted(f, args...))
broadcast!(f, dest, args...) = materialize!(dest, broadcasted(f, args...))

# `@. f(x) + y`: every call and operator in the expression broadcast (`f.(x) .+ y`), and an
# assignment in place (`.=`); `$f(x)` is left a plain call (Julia's `@__dot__`).
macro __dot__(x)
    return esc(_dottify(x))
end

const _dot_operators = map(Symbol, ("+", "-", "*", "/", "^", "\\", "÷", "%", "<", ">", "<=", ">=",
    "==", "!=", "&", "|", "⊻", "//", "≤", "≥", "≠", "===", "!==", "<<", ">>", ">>>"))

function _dottify(x)
    x isa Expr || return x
    if x.head === Symbol("\$")
        return x.args[1]
    elseif x.head === :call && !isempty(x.args)
        f = x.args[1]
        args = Any[_dottify(a) for a in x.args[2:end]]
        # `x'` (Julia's `Expr(:', x)`, which `@.` leaves alone; kiln parses it as a call).
        f === :adjoint && length(args) == 1 && return Expr(:call, :adjoint, args[1])
        if f isa Symbol && f in _dot_operators
            return Expr(:call, Symbol(".", f), args...)
        end
        return Expr(Symbol("."), f, Expr(:tuple, args...))
    elseif x.head === :(=)
        return Expr(Symbol(".="), x.args[1], _dottify(x.args[2]))
    end
    return Expr(x.head, Any[_dottify(a) for a in x.args]...)
end
