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
    (isfinite(x) && isfinite(y)) || return false
    return abs(x - y) <= max(atol, rtol * max(abs(x), abs(y)))
end
# A number type of the user's is finite when `x - x` is zero (Julia's fallback).
isfinite(x::Number) = iszero(x - x)

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

# `evalpoly(x, (a0, a1, …))`: a0 + a1*x + … by Horner's rule with `muladd`, as Julia's.
function evalpoly(x, p::Tuple)
    ex = p[end]
    for i in length(p)-1:-1:1
        ex = muladd(x, ex, p[i])
    end
    return ex
end

# `sinpi`, `cospi`, `sincospi`, `cispi` (Julia's base/special/trig.jl): the argument reduced
# to [0, 0.5] exactly, then minimax polynomials of sin(πx) and cos(πx).
function _sinpi_kernel(x::Float64)
    x² = x * x
    x⁴ = x² * x²
    r = evalpoly(x², (2.5501640398773415, -0.5992645293202981, 0.08214588658006512,
                      -7.370429884921779e-3, 4.662827319453555e-4, -2.1717412523382308e-5))
    return muladd(3.141592653589793, x, x * muladd(-5.16771278004997,
                  x², muladd(x⁴, r, 1.2245907532225998e-16)))
end
function _cospi_kernel(x::Float64)
    x² = x * x
    r = x² * evalpoly(x², (4.058712126416765, -1.3352627688537357, 0.23533063027900392,
                           -0.025806887811869204, 1.9294917136379183e-3, -1.0368935675474665e-4))
    a_x² = 4.934802200544679 * x²
    a_x²lo = muladd(3.109686485461973e-16, x², muladd(4.934802200544679, x², -a_x²))
    w = 1.0 - a_x²
    return w + muladd(x², r, ((1.0 - w) - a_x²) - a_x²lo)
end

# `x` reduced to [0, 0.5]: the remainder and which quarter period it is in.
function _pi_reduce(x::Float64)
    n = round(2 * x)
    rx = muladd(-0.5, n, x)
    return rx, Int64(n) & 3
end

function sinpi(_x::Float64)
    x = abs(_x)
    if !isfinite(x)
        isnan(x) && return x
        throw(DomainError(x, "`sinpi(x)` is only defined for finite `x`."))
    end
    x >= 9.007199254740992e15 && return copysign(0.0, _x)
    rx, n = _pi_reduce(x)
    res = n == 0 ? _sinpi_kernel(rx) : n == 1 ? _cospi_kernel(rx) :
          n == 2 ? 0.0 - _sinpi_kernel(rx) : 0.0 - _cospi_kernel(rx)
    return signbit(_x) ? -res : res
end
function cospi(x::Float64)
    x = abs(x)
    if !isfinite(x)
        isnan(x) && return x
        throw(DomainError(x, "`cospi(x)` is only defined for finite `x`."))
    end
    x >= 9.007199254740992e15 && return 1.0
    rx, n = _pi_reduce(x)
    return n == 0 ? _cospi_kernel(rx) : n == 1 ? 0.0 - _sinpi_kernel(rx) :
           n == 2 ? 0.0 - _cospi_kernel(rx) : _sinpi_kernel(rx)
end
function sincospi(_x::Float64)
    x = abs(_x)
    if !isfinite(x)
        isnan(x) && return x, x
        throw(DomainError(x, "`sincospi(x)` is only defined for finite `x`."))
    end
    x >= 9.007199254740992e15 && return (copysign(0.0, _x), 1.0)
    rx, n = _pi_reduce(x)
    si, co = _sinpi_kernel(rx), _cospi_kernel(rx)
    if n == 1
        si, co = co, 0.0 - si
    elseif n == 2
        si, co = 0.0 - si, 0.0 - co
    elseif n == 3
        si, co = 0.0 - co, si
    end
    return (signbit(_x) ? -si : si), co
end
sinpi(x::Integer) = x >= 0 ? 0.0 : -0.0
cospi(x::Integer) = isodd(x) ? -1.0 : 1.0
sincospi(x::Integer) = (sinpi(x), cospi(x))
sinpi(x::Real) = sinpi(float(x))
cospi(x::Real) = cospi(float(x))
sincospi(x::Real) = sincospi(float(x))

# The multiplicative inverse (an integer's is a float, as `1 / x`).
inv(x::Number) = one(x) / x
inv(x::Integer) = float(one(x)) / float(x)

# The radical signs, as base/math.jl names them: `√x`, `∛x`, `∜x` (prefix operators), `√(x)`.
const var"√" = sqrt
const var"∛" = cbrt
fourthroot(x::Number) = sqrt(sqrt(x))
const var"∜" = fourthroot
