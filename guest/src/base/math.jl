# Math functions written in Julia, as in Julia's base/math.jl and float.jl.

using Core.Intrinsics: fma_float, muladd_float, bitcast, slt_int

fma(x::Float64, y::Float64, z::Float64) = fma_float(x, y, z)
fma(x::Float32, y::Float32, z::Float32) = fma_float(x, y, z)
muladd(x::Float64, y::Float64, z::Float64) = muladd_float(x, y, z)
muladd(x::Float32, y::Float32, z::Float32) = muladd_float(x, y, z)
muladd(x::Number, y::Number, z::Number) = x * y + z

signbit(x::Float64) = slt_int(bitcast(Int64, x), 0)
signbit(x::Float32) = slt_int(bitcast(Int32, x), Int32(0))

eps(::Type{Float64}) = 2.220446049250313e-16
floatmin(::Type{Float64}) = 2.2250738585072014e-308
floatmax(::Type{Float64}) = 1.7976931348623157e308

# The length of (x, y), correctly rounded (Julia's algorithm with its fused-multiply-add
# correction), without overflow or underflow in between.
hypot(x::Real, y::Real) = hypot(promote(float(x), float(y))...)
function hypot(x::Float64, y::Float64)
    if isinf(x) || isinf(y)
        return Inf
    end
    ax, ay = abs(x), abs(y)
    if ay > ax
        ax, ay = ay, ax
    end
    # Widely varying operands (this also covers ay == 0).
    if ay <= ax * sqrt(eps(Float64) / 2)
        return ax
    end
    scale = eps(Float64) * sqrt(floatmin(Float64))
    if ax > sqrt(floatmax(Float64) / 2)
        ax = ax * scale
        ay = ay * scale
        scale = 1 / scale
    elseif ay < sqrt(floatmin(Float64))
        ax = ax / scale
        ay = ay / scale
    else
        scale = 1.0
    end
    h = sqrt(muladd(ax, ax, ay * ay))
    hsquared = h * h
    axsquared = ax * ax
    h -= (fma(-ay, ay, hsquared - axsquared) + fma(h, h, -hsquared) - fma(ax, ax, -axsquared)) / (2 * h)
    return h * scale
end
hypot(x::Float32, y::Float32) = Float32(hypot(Float64(x), Float64(y)))

# Floats: NaN wins, and -0.0 is less than 0.0 (as Julia's `min`/`max` of IEEE floats).
max(x::T, y::T) where {T<:Union{Float32, Float64}} =
    ifelse((y > x) | (signbit(y) < signbit(x)), ifelse(isnan(x), x, y), ifelse(isnan(y), y, x))
min(x::T, y::T) where {T<:Union{Float32, Float64}} =
    ifelse((y < x) | (signbit(y) > signbit(x)), ifelse(isnan(x), x, y), ifelse(isnan(y), y, x))

# `round(x; digits, sigdigits, base)` (Julia's base/floatfuncs.jl, rounding to nearest).
function round(x::Real; digits::Union{Nothing, Integer} = nothing,
               sigdigits::Union{Nothing, Integer} = nothing, base::Union{Nothing, Integer} = nothing)
    if digits === nothing
        if sigdigits === nothing
            return _round(x)
        end
        isfinite(x) || return float(x)
        return _round_sigdigits(x, sigdigits, base === nothing ? 10 : base)
    end
    sigdigits === nothing ||
        throw(ArgumentError("`round` cannot use both `digits` and `sigdigits` arguments."))
    isfinite(x) || return float(x)
    return _round_digits(x, digits, base === nothing ? 10 : base)
end

function _round_invstep(x, invstep)
    y = _round(x * invstep) / invstep
    isfinite(y) || return x
    return y
end

function _round_invstepsqrt(x, invstepsqrt)
    y = _round((x * invstepsqrt) * invstepsqrt) / invstepsqrt / invstepsqrt
    isfinite(y) || return x
    return y
end

function _round_step(x, step)
    y = _round(x / step) * step
    isfinite(y) || return x > 0 ? zero(x) : (x < 0 ? -zero(x) : x)
    return y
end

function _round_digits(x, digits::Integer, base)
    fx = float(x)
    if digits >= 0
        invstep = oftype(fx, base)^digits
        isfinite(invstep) && return _round_invstep(fx, invstep)
        return _round_invstepsqrt(fx, oftype(fx, base)^oftype(fx, digits / 2))
    end
    return _round_step(fx, oftype(fx, base)^-digits)
end

function _hidigit(x, base)
    x = float(x)
    iszero(x) && return 0
    # `1 + floor(log_base(|x|))`, the estimate corrected so that base^(h-1) <= |x| < base^h.
    ax = abs(x)
    b = Float64(base)
    e = floor(Int, log(ax) / log(b))
    while b^e > ax
        e -= 1
    end
    while b^(e + 1) <= ax
        e += 1
    end
    return 1 + e
end

_round_sigdigits(x, sigdigits::Integer, base) = _round_digits(x, sigdigits - _hidigit(x, base), base)

clamp(x, lo, hi) = x > hi ? convert(typeof(x), hi) : x < lo ? convert(typeof(x), lo) : x


# `isapprox` with Julia's defaults: `rtol` is √eps of the wider type unless `atol` is given.
function isapprox(x::Number, y::Number; atol::Real = 0, rtol::Real = _default_rtol(x, y, atol), nans::Bool = false)
    x == y && return true
    (nans && isnan(x) && isnan(y)) && return true
    (isinf(x) || isinf(y)) && return false
    return abs(x - y) <= max(atol, rtol * max(abs(x), abs(y)))
end

_rtol_of(x) = x isa AbstractFloat || x isa Complex ? sqrt(eps(float(real(x)))) : 0
_default_rtol(x, y, atol) = atol > 0 ? 0 : max(_rtol_of(x), _rtol_of(y))
≈(x, y; kws...) = isapprox(x, y; kws...)

eps() = eps(Float64)
eps(::Type{Float32}) = Float32(2.0^-23)
# The distance from `x` to the next float away from zero (Julia's `eps(x)`).
function eps(x::Float64)
    isfinite(x) || return NaN
    e = Int((reinterpret(UInt64, abs(x)) >> 52) & 0x7ff)
    e <= 52 && return reinterpret(Float64, UInt64(1) << max(e - 1, 0))
    return reinterpret(Float64, UInt64(e - 52) << 52)
end
