# Float ranges, as Julia's base/range.jl and base/twiceprecision.jl (for `Float64`): `a:s:b`,
# `range(…; length)` and their `StepRangeLen` with twice-precision `ref` and `step`, so that
# the elements are bit-identical to Julia's (`(0:0.1:1)[4] == 0.3`); and `LinRange`.

# `hi + lo`, with every bit of `hi` above those of `lo`.
struct TwicePrecision{T}
    hi::T
    lo::T
end

TwicePrecision(x::Float64) = TwicePrecision(x, 0.0)
Float64(x::TwicePrecision{Float64}) = x.hi + x.lo

_truncbits(x::Float64, nb) = reinterpret(Float64, reinterpret(UInt64, x) & (typemax(UInt64) << nb))

# `i` as `hi + lo`, exactly (Julia's `splitprec`).
function _splitprec(i::Integer)
    hi = _truncbits(Float64(i), 27)
    ihi = Int(hi)
    return hi, Float64(i - ihi)
end

canonicalize2(big, little) = (h = big + little; (h, (big - h) + little))

function add12(x::Float64, y::Float64)
    x, y = ifelse(abs(y) > abs(x), (y, x), (x, y))
    return canonicalize2(x, y)
end

function mul12(x::Float64, y::Float64)
    h = x * y
    return ifelse(iszero(h) | !isfinite(h), (h, h), canonicalize2(h, fma(x, y, -h)))
end

# `TwicePrecision{Float64}(i)` and `TwicePrecision{Float64}((n, d))`.
_tp_int(i::Integer) = TwicePrecision(canonicalize2(_splitprec(i)...)...)
_tp_ratio(n::Integer, d::Integer) = _tp_int(n) / d

function twiceprecision(val::Float64, nb::Integer)
    hi = _truncbits(val, nb)
    return TwicePrecision(hi, val - hi)
end
function twiceprecision(val::TwicePrecision{Float64}, nb::Integer)
    hi = _truncbits(val.hi, nb)
    return TwicePrecision(hi, (val.hi - hi) + val.lo)
end

nbitslen(::Type{Float64}, len, offset) = min(27, nbitslen(len, offset))
nbitslen(len, offset) = len < 2 ? 0 : ceil(Int, log2(max(offset - 1, len - offset))) + 1

-(x::TwicePrecision) = TwicePrecision(-x.hi, -x.lo)

function +(x::TwicePrecision{Float64}, y::TwicePrecision{Float64})
    r = x.hi + y.hi
    s = abs(x.hi) > abs(y.hi) ? (((x.hi - r) + y.hi) + y.lo) + x.lo : (((y.hi - r) + x.hi) + x.lo) + y.lo
    return TwicePrecision(canonicalize2(r, s)...)
end

function *(x::TwicePrecision{Float64}, v::Integer)
    v == 0 && return TwicePrecision(x.hi * v, x.lo * v)
    nb = ceil(Int, log2(abs(v)))
    u = _truncbits(x.hi, nb)
    return TwicePrecision(canonicalize2(u * v, ((x.hi - u) + x.lo) * v)...)
end

/(x::TwicePrecision{Float64}, v::Number) = x / TwicePrecision(Float64(v))

function /(x::TwicePrecision{Float64}, y::TwicePrecision{Float64})
    hi = x.hi / y.hi
    uh, ul = mul12(hi, y.hi)
    lo = ((((x.hi - uh) - ul) + x.lo) - hi * y.lo) / y.hi
    ret = TwicePrecision(canonicalize2(hi, lo)...)
    return ifelse(iszero(hi) | !isfinite(hi), TwicePrecision(hi, hi), ret)
end

## StepRangeLen

# The range `ref + (i - offset) * step` for `i` in `1:len`.
struct StepRangeLen{T,R,S,L} <: AbstractRange{T}
    ref::R
    step::S
    len::L
    offset::L
end

function _srl(ref::TwicePrecision{Float64}, step::TwicePrecision{Float64}, len::Integer, offset::Integer = 1)
    len >= 0 || throw(ArgumentError(string("length cannot be negative, got ", len)))
    1 <= offset <= max(1, len) || throw(ArgumentError(string("StepRangeLen: offset must be in [1,", len, "], got ", offset)))
    return StepRangeLen{Float64,TwicePrecision{Float64},TwicePrecision{Float64},Int}(ref, step, Int(len), Int(offset))
end

# Julia's `steprangelen_hp`: from ratios of integers, or from floats (a float or a `(hi, lo)`).
_steprangelen_ratio(ref_n, ref_d, step_n, step_d, nb, len, offset) =
    _srl(_tp_ratio(ref_n, ref_d), twiceprecision(_tp_ratio(step_n, step_d), nb), len, offset)
_as_tp(x::Float64) = TwicePrecision(x, 0.0)
_as_tp(x::Tuple) = TwicePrecision(Float64(x[1]), Float64(x[2]))
_steprangelen_float(ref, step, nb, len, offset) =
    _srl(_as_tp(ref), twiceprecision(_as_tp(step), nb), len, offset)

# A range for rational start = start_n/den, step = step_n/den.
function floatrange(::Type{Float64}, start_n::Integer, step_n::Integer, len::Integer, den::Integer)
    if len < 2 || step_n == 0
        return _steprangelen_ratio(start_n, den, step_n, den, 0, Int(len), 1)
    end
    # index of smallest-magnitude value
    imin = clamp(round(Int, -start_n / step_n + 1), 1, Int(len))
    # Compute smallest-magnitude element to 2x precision
    ref_n = start_n + (imin - 1) * step_n
    nb = nbitslen(Float64, len, imin)
    return _steprangelen_ratio(ref_n, den, step_n, den, nb, Int(len), imin)
end

function (:)(start::Float64, step::Float64, stop::Float64)
    step == 0 && throw(ArgumentError("range step cannot be zero"))
    # see if the inputs have exact rational approximations (and if so,
    # perform all computations in terms of the rationals)
    step_n, step_d = rat(step)
    if step_d != 0 && Float64(step_n / step_d) == step
        start_n, start_d = rat(start)
        stop_n, stop_d = rat(stop)
        if start_d != 0 && stop_d != 0 &&
                Float64(start_n / start_d) == start && Float64(stop_n / stop_d) == stop
            den = lcm_unchecked(start_d, step_d) # use same denominator for start and step
            m = maxintfloat(Float64, Int)
            if den != 0 && abs(start * den) <= m && abs(step * den) <= m &&  # will round succeed?
                    rem(den, start_d) == 0 && rem(den, step_d) == 0      # check lcm overflow
                start_n = round(Int, start * den)
                step_n = round(Int, step * den)
                len = max(0, div(den * stop_n - stop_d * start_n + step_n * stop_d, step_n * stop_d))
                # Integer ops could overflow, so check that this makes sense
                if isbetween(start, start + (len - 1) * step, stop + step / 2) &&
                        !isbetween(start, start + len * step, stop)
                    # Return a 2x precision range
                    return floatrange(Float64, start_n, step_n, len, den)
                end
            end
        end
    end
    # Fallback, taking start and step literally
    lf = (stop - start) / step
    if lf < 0
        len = 0
    elseif lf == 0
        len = 1
    else
        len = round(Int, lf) + 1
        stop′ = start + (len - 1) * step
        # if we've overshot the end, subtract one:
        len -= (start < stop < stop′) + (start > stop > stop′)
    end
    return _steprangelen_float(start, step, 0, len, 1)
end

(:)(start::Float64, stop::Float64) = start:1.0:stop
(:)(start::Real, step::Real, stop::Real) = (:)(promote(start, step, stop)...)
(:)(start::Real, stop::Real) = (:)(promote(start, stop)...)

step(r::StepRangeLen{Float64,TwicePrecision{Float64},TwicePrecision{Float64},Int}) = Float64(r.step)
length(r::StepRangeLen) = r.len
size(r::StepRangeLen) = (r.len,)
isempty(r::StepRangeLen) = r.len == 0
eltype(r::StepRangeLen{T,R,S,L}) where {T,R,S,L} = T
first(r::StepRangeLen) = _unsafe_getindex(r, 1)
last(r::StepRangeLen) = _unsafe_getindex(r, r.len)
firstindex(r::StepRangeLen) = 1
lastindex(r::StepRangeLen) = r.len

# This assumes that r.step has already been split so that (0:len-1)*r.step.hi is exact
function _unsafe_getindex(r::StepRangeLen, i::Integer)
    u = i - r.offset
    shift_hi, shift_lo = u * r.step.hi, u * r.step.lo
    x_hi, x_lo = add12(r.ref.hi, shift_hi)
    return x_hi + (x_lo + (shift_lo + r.ref.lo))
end

function getindex(r::StepRangeLen, i::Integer)
    1 <= i <= r.len || throw(BoundsError(r, i))
    return _unsafe_getindex(r, i)
end
getindex(r::StepRangeLen, idx::AbstractVector) = [r[i] for i in idx]

# `r[2:3]`: a range again.
function getindex(r::StepRangeLen, s::Union{UnitRange{Int}, StepRange{Int, Int}})
    isempty(s) || (1 <= minimum(s) && maximum(s) <= r.len) || throw(BoundsError(r, s))
    soffset = 1 + round(Int, (r.offset - first(s)) / step(s))
    soffset = clamp(soffset, 1, length(s))
    ioffset = first(s) + (soffset - 1) * step(s)
    if step(s) == 1 || length(s) < 2
        newstep = r.step
    else
        newstep = twiceprecision(r.step * step(s), nbitslen(Float64, length(s), soffset))
    end
    if ioffset == r.offset
        return _srl(r.ref, newstep, length(s), max(1, soffset))
    else
        return _srl(r.ref + r.step * (ioffset - r.offset), newstep, length(s), max(1, soffset))
    end
end

iterate(r::StepRangeLen, i::Int = 1) = i > r.len ? nothing : (_unsafe_getindex(r, i), i + 1)

collect(r::StepRangeLen) = Float64[_unsafe_getindex(r, i) for i in 1:r.len]

function sum(r::StepRangeLen{Float64,TwicePrecision{Float64},TwicePrecision{Float64},Int})
    l = length(r)
    # Compute the contribution of step over all indices.
    # Indexes on opposite side of r.offset contribute with opposite sign,
    #    r.step * (sum(1:np) - sum(1:nn))
    np, nn = l - r.offset, r.offset - 1  # positive, negative
    # To prevent overflow in sum(1:n), multiply its factors by the step
    sp, sn = sumpair(np), sumpair(nn)
    tp = (r.step * sp[1]) * sp[2]
    tn = (r.step * sn[1]) * sn[2]
    s_hi, s_lo = add12(tp.hi, -tn.hi)
    s_lo += tp.lo - tn.lo
    # Add in contributions of ref
    ref = r.ref * l
    sm_hi, sm_lo = add12(s_hi, ref.hi)
    return add12(sm_hi, sm_lo + ref.lo)[1]
end

# sum(1:n) as a product of two integers
sumpair(n::Integer) = iseven(n) ? (n + 1, n >> 1) : (n, (n + 1) >> 1)

==(r::StepRangeLen, s::StepRangeLen) = r.len == s.len && (r.len == 0 || (first(r) == first(s) && step(r) == step(s)))
==(r::StepRangeLen, v::AbstractVector) = collect(r) == v
==(v::AbstractVector, r::StepRangeLen) = v == collect(r)

function show(io::IO, r::StepRangeLen)
    show(io, first(r))
    print(io, ':')
    show(io, step(r))
    print(io, ':')
    show(io, last(r))
end

# `range(start, stop; length)`, `range(start; step, length)` with floats.
function _range_length(start::Float64, stop::Float64, len::Integer)
    len < 2 && return _linspace1(start, stop, len)
    if start == stop
        return _steprangelen_float(start, 0.0, 0, len, 1)
    end
    # Attempt to find exact rational approximations
    start_n, start_d = rat(start)
    stop_n, stop_d = rat(stop)
    if start_d != 0 && stop_d != 0
        den = lcm_unchecked(start_d, stop_d)
        m = maxintfloat(Float64, Int)
        if den != 0 && abs(den * start) <= m && abs(den * stop) <= m
            start_n = round(Int, den * start)
            stop_n = round(Int, den * stop)
            if Float64(start_n / den) == start && Float64(stop_n / den) == stop
                return _linspace(Float64, start_n, stop_n, len, den)
            end
        end
    end
    return _linspace(start, stop, len)
end

function _linspace(start::Float64, stop::Float64, len::Integer)
    (isfinite(start) && isfinite(stop)) || throw(ArgumentError("start and stop must be finite, got $start and $stop"))
    # Find the index that returns the smallest-magnitude element
    Δ, Δfac = stop - start, 1
    if !isfinite(Δ)   # handle overflow for large endpoints
        Δ, Δfac = stop / len - start / len, Int(len)
    end
    tmin = -(start / Δ) / Δfac            # t such that (1-t)*start + t*stop == 0
    imin = round(Int, tmin * (len - 1) + 1) # index approximately corresponding to t
    if 1 < imin < len
        # The smallest-magnitude element is in the interior
        t = (imin - 1) / (len - 1)
        ref = Float64((1 - t) * start + t * stop)
        step = imin - 1 < len - imin ? (ref - start) / (imin - 1) : (stop - ref) / (len - imin)
    elseif imin <= 1
        imin = 1
        ref = start
        step = (Δ / (len - 1)) * Δfac
    else
        imin = Int(len)
        ref = stop
        step = (Δ / (len - 1)) * Δfac
    end
    if len == 2 && !isfinite(step)
        return _steprangelen_float(start, (-start, stop), 0, 2, 1)
    end
    # 2x calculations to get high precision endpoint matching while also
    # preventing overflow in ref_hi+(i-offset)*step_hi
    m, k = prevfloat(floatmax(Float64)), max(imin - 1, len - imin)
    step_hi_pre = clamp(step, max(-(m + ref) / k, (-m + ref) / k), min((m - ref) / k, (m + ref) / k))
    nb = nbitslen(Float64, len, imin)
    step_hi = _truncbits(step_hi_pre, nb)
    x1_hi, x1_lo = add12((1 - imin) * step_hi, ref)
    x2_hi, x2_lo = add12((len - imin) * step_hi, ref)
    a, b = (start - x1_hi) - x1_lo, (stop - x2_hi) - x2_lo
    step_lo = (b - a) / (len - 1)
    ref_lo = a - (1 - imin) * step_lo
    return _steprangelen_float((ref, ref_lo), (step_hi, step_lo), 0, Int(len), imin)
end

# A range of rationals, start = start_n/den, stop = stop_n/den (Julia widens to Int128 here).
function _linspace(::Type{Float64}, start_n::Integer, stop_n::Integer, len::Integer, den::Integer)
    len < 2 && return _linspace1(start_n / den, stop_n / den, len)
    start_n == stop_n && return _steprangelen_ratio(start_n, den, 0, den, 0, len, 1)
    tmin = -start_n / (Float64(stop_n) - Float64(start_n))
    imin = round(Int, tmin * (len - 1) + 1)
    imin = clamp(imin, 1, Int(len))
    ref_num = (len - imin) * start_n + (imin - 1) * stop_n
    ref_denom = (len - 1) * den
    return _steprangelen_ratio(ref_num, ref_denom, stop_n - start_n, ref_denom,
                               nbitslen(Float64, len, imin), Int(len), imin)
end

# For len < 2
function _linspace1(start, stop, len::Integer)
    len >= 0 || throw(ArgumentError("range($start, stop=$stop, length=$len): negative length"))
    len == 1 && (start == stop || throw(ArgumentError("range($start, stop=$stop, length=$len): endpoints differ")))
    # Ensure that first(r)==start and last(r)==stop even for len==0
    return _srl(TwicePrecision(Float64(start), 0.0), TwicePrecision(Float64(start), -Float64(stop)), len, 1)
end

function _range_step_length(a::Float64, st::Float64, len::Integer)
    start_n, start_d = rat(a)
    step_n, step_d = rat(st)
    if start_d != 0 && step_d != 0 &&
            Float64(start_n / start_d) == a && Float64(step_n / step_d) == st
        den = lcm_unchecked(start_d, step_d)
        m = maxintfloat(Float64, Int)
        if abs(den * a) <= m && abs(den * st) <= m &&
                rem(den, start_d) == 0 && rem(den, step_d) == 0
            start_n = round(Int, den * a)
            step_n = round(Int, den * st)
            return floatrange(Float64, start_n, step_n, len, den)
        end
    end
    return _steprangelen_float(a, st, 0, len, 1)
end

### Numeric utilities

# Approximate x with a rational representation. Guaranteed to return,
# but not guaranteed to return a precise answer.
function rat(x::Float64)
    y = x
    a = d = 1
    b = c = 0
    m = maxintfloat(Float32, Int)
    while abs(y) <= m
        f = trunc(Int, y)
        y -= f
        a, c = f * a + c, a
        b, d = f * b + d, b
        max(abs(a), abs(b)) <= convert(Int, m) || return c, d
        Float64(a) / Float64(b) == x && break
        y = 1.0 / y
    end
    return a, b
end

maxintfloat(::Type{Float64}, ::Type{Int}) = 9007199254740992
maxintfloat(::Type{Float32}, ::Type{Int}) = 16777216

# This version of lcm does not check for overflows
lcm_unchecked(a::Integer, b::Integer) = a * div(b, gcd(a, b))

isbetween(a, x, b) = a <= x <= b || b <= x <= a

prevfloat(x::Float64) = x == -Inf ? x : reinterpret(Float64, x > 0 ? reinterpret(UInt64, x) - 1 : (x == 0 ? reinterpret(UInt64, -5.0e-324) : reinterpret(UInt64, x) + 1))

## LinRange

# `n` points from `start` to `stop` evenly spaced, each computed as `(1-t)*start + t*stop`.
struct LinRange{T,L} <: AbstractRange{T}
    start::T
    stop::T
    len::L
    lendiv::L
end

function LinRange(start, stop, len::Integer)
    len >= 0 || throw(ArgumentError(string("range(", start, ", stop=", stop, ", length=", len, "): negative length")))
    a, b = promote(float(start), float(stop))
    if len == 1 && a != b
        throw(ArgumentError(string("range(", a, ", stop=", b, ", length=", len, "): endpoints differ")))
    end
    return LinRange{typeof(a),Int}(a, b, Int(len), max(Int(len) - 1, 1))
end

length(r::LinRange) = r.len
size(r::LinRange) = (r.len,)
isempty(r::LinRange) = r.len == 0
first(r::LinRange) = r.start
last(r::LinRange) = r.stop
step(r::LinRange) = (r.stop - r.start) / r.lendiv
firstindex(r::LinRange) = 1
lastindex(r::LinRange) = r.len

function _lerpi(j::Integer, d::Integer, a, b)
    t = j / d
    return (1 - t) * a + t * b
end

function getindex(r::LinRange, i::Integer)
    1 <= i <= r.len || throw(BoundsError(r, i))
    return _lerpi(i - 1, r.lendiv, r.start, r.stop)
end
getindex(r::LinRange, idx::AbstractVector) = [r[i] for i in idx]
iterate(r::LinRange, i::Int = 1) = i > r.len ? nothing : (_lerpi(i - 1, r.lendiv, r.start, r.stop), i + 1)
collect(r::LinRange{T,L}) where {T,L} = T[r[i] for i in 1:r.len]
sum(r::LinRange) = sum(collect(r))

function show(io::IO, r::LinRange{T,L}) where {T,L}
    print(io, "LinRange{", T, "}(")
    show(io, first(r))
    print(io, ", ")
    show(io, last(r))
    print(io, ", ")
    show(io, length(r))
    print(io, ')')
end

## Arithmetic of twice-precision numbers with plain ones, and broadcasting over float ranges

function +(x::TwicePrecision{Float64}, y::Number)
    s_hi, s_lo = add12(x.hi, Float64(y))
    return TwicePrecision(canonicalize2(s_hi, s_lo + x.lo)...)
end
+(x::Number, y::TwicePrecision{Float64}) = y + x
-(x::TwicePrecision{Float64}, y::Number) = x + (-y)
-(x::Number, y::TwicePrecision{Float64}) = x + (-y)

function *(x::TwicePrecision{Float64}, y::TwicePrecision{Float64})
    zh, zl = mul12(x.hi, y.hi)
    ret = TwicePrecision(canonicalize2(zh, (x.hi * y.lo + x.lo * y.hi) + zl)...)
    return ifelse(iszero(zh) | !isfinite(zh), TwicePrecision(zh, zh), ret)
end
function *(x::TwicePrecision{Float64}, v::Number)
    v == 0 && return TwicePrecision(x.hi * v, x.lo * v)
    return x * TwicePrecision(Float64(v))
end
*(v::Number, x::TwicePrecision{Float64}) = x * v

# Julia's `broadcasted` methods for `StepRangeLen` and `LinRange` with a number: the result is
# a range again (`(0:0.5:2) .* 2 == 0.0:1.0:4.0`); `nothing` for other operands.
function _bc_floatrange(f, a, b)
    if a isa StepRangeLen && b isa Number
        f === (+) && return _srl(a.ref + b, a.step, a.len, a.offset)
        f === (-) && return _srl(a.ref - b, a.step, a.len, a.offset)
        f === (*) && return _srl(a.ref * b, a.step * b, a.len, a.offset)
        f === (/) && return _srl(a.ref / b, a.step / b, a.len, a.offset)
    elseif a isa Number && b isa StepRangeLen
        f === (+) && return _srl(b.ref + a, b.step, b.len, b.offset)
        f === (-) && return _srl(a - b.ref, -b.step, b.len, b.offset)
        f === (*) && return _srl(b.ref * a, b.step * a, b.len, b.offset)
    elseif a isa LinRange && b isa Number
        (f === (+) || f === (-) || f === (*) || f === (/)) && return LinRange(f(a.start, b), f(a.stop, b), a.len)
    elseif a isa Number && b isa LinRange
        (f === (+) || f === (-) || f === (*)) && return LinRange(f(a, b.start), f(a, b.stop), b.len)
    end
    return nothing
end
