# Rational numbers, as in Julia's base/rational.jl: exact fractions in lowest terms with a
# positive denominator, arithmetic that throws `OverflowError` rather than wrapping, promotion
# with integers (to `Rational`) and floats (to the float), and printing as `3//4`.

struct Rational{T<:Integer} <: Real
    num::T
    den::T
end

unsafe_rational(num::T, den::T) where {T<:Integer} = Core._new(Rational{T}, num, den)

# A denominator made positive (the sign moves to the numerator).
function _checked_den(num::T, den::T) where {T<:Integer}
    if den < 0
        num = checked_neg(num)
        den = checked_neg(den)
    end
    return unsafe_rational(num, den)
end

function Rational(num::T, den::T) where {T<:Integer}
    if iszero(den) && iszero(num)
        throw(ArgumentError(string("invalid rational: zero(", T, ")//zero(", T, ")")))
    end
    num, den = divgcd(num, den)
    return _checked_den(num, den)
end
Rational(num::Integer, den::Integer) = Rational(promote(num, den)...)
Rational(n::Integer) = unsafe_rational(n, one(n))
Rational(x::Rational) = x

//(n::Integer, d::Integer) = Rational(n, d)
function //(x::Rational, y::Integer)
    xn, yn = divgcd(x.num, y)
    return _checked_den(promote(xn, checked_mul(x.den, yn))...)
end
function //(x::Integer, y::Rational)
    xn, yn = divgcd(x, y.num)
    return _checked_den(promote(checked_mul(xn, y.den), yn)...)
end
function //(x::Rational, y::Rational)
    xn, yn = divgcd(x.num, y.num)
    xd, yd = divgcd(x.den, y.den)
    return _checked_den(promote(checked_mul(xn, yd), checked_mul(xd, yn))...)
end

numerator(x::Integer) = x
denominator(x::Integer) = one(x)
numerator(x::Rational) = x.num
denominator(x::Rational) = x.den

function show(io::IO, x::Rational)
    show(io, numerator(x))
    print(io, "//")
    show(io, denominator(x))
end

convert(::Type{Rational{T}}, x::Rational) where {T<:Integer} = unsafe_rational(convert(T, x.num), convert(T, x.den))
convert(::Type{Rational{T}}, x::Rational{T}) where {T<:Integer} = x
convert(::Type{Rational{T}}, x::Integer) where {T<:Integer} = unsafe_rational(convert(T, x), one(T))
float(x::Rational) = x.num / x.den
Float64(x::Rational) = Float64(x.num) / Float64(x.den)
Float32(x::Rational) = Float32(Float64(x))

promote_rule(::Type{Rational{T}}, ::Type{S}) where {T<:Integer, S<:Integer} = Rational{promote_type(T, S)}
promote_rule(::Type{Rational{T}}, ::Type{Rational{S}}) where {T<:Integer, S<:Integer} = Rational{promote_type(T, S)}
promote_rule(::Type{Rational{T}}, ::Type{S}) where {T<:Integer, S<:AbstractFloat} = promote_type(T, S)

iszero(x::Rational) = iszero(x.num)
isone(x::Rational) = isone(x.num) & isone(x.den)
zero(::Type{Rational{T}}) where {T<:Integer} = unsafe_rational(zero(T), one(T))
one(::Type{Rational{T}}) where {T<:Integer} = unsafe_rational(one(T), one(T))
zero(x::Rational) = zero(typeof(x))
one(x::Rational) = one(typeof(x))
isinteger(x::Rational) = x.den == 1
sign(x::Rational) = oftype(x, sign(x.num))
oftype(x, y) = convert(typeof(x), y)
abs(x::Rational) = unsafe_rational(checked_abs(x.num), x.den)
function inv(x::Rational)
    iszero(x.num) && throw(DivideError())
    return _checked_den(x.den, x.num)
end

-(x::Rational) = unsafe_rational(checked_neg(x.num), x.den)
function +(x::Rational, y::Rational)
    xd, yd = divgcd(x.den, y.den)
    return Rational(checked_add(checked_mul(x.num, yd), checked_mul(y.num, xd)), checked_mul(x.den, yd))
end
function -(x::Rational, y::Rational)
    xd, yd = divgcd(x.den, y.den)
    return Rational(checked_sub(checked_mul(x.num, yd), checked_mul(y.num, xd)), checked_mul(x.den, yd))
end
function *(x::Rational, y::Rational)
    xn, yd = divgcd(x.num, y.den)
    xd, yn = divgcd(x.den, y.num)
    return unsafe_rational(promote(checked_mul(xn, yn), checked_mul(xd, yd))...)
end
/(x::Rational, y::Rational) = x // y
/(x::Rational, y::Integer) = x // y
/(x::Integer, y::Rational) = x // y
^(x::Rational, n::Integer) = n >= 0 ? power_by_squaring(x, n) : power_by_squaring(inv(x), -n)

==(x::Rational, y::Rational) = (x.den == y.den) & (x.num == y.num)
==(x::Rational, y::Integer) = (x.den == 1) & (x.num == y)
==(x::Integer, y::Rational) = y == x
==(x::Rational, y::AbstractFloat) = x.num == x.den * y
==(x::AbstractFloat, y::Rational) = y == x
<(x::Rational, y::Rational) = x.den == y.den ? x.num < y.num : checked_mul(x.num, y.den) < checked_mul(x.den, y.num)
<=(x::Rational, y::Rational) = x.den == y.den ? x.num <= y.num : checked_mul(x.num, y.den) <= checked_mul(x.den, y.num)
isless(x::Rational, y::Rational) = x < y

# base/hashing.jl's `hash_integer` for integers of 64 bits or fewer.
hash_integer(n::Integer, h::UInt64) = h ⊻ hash_uint((n % UInt64) ⊻ h)

# base/rational.jl's hash of a rational of 64-bit integers: equal to the hash of the integer or
# float it equals.
function hash(x::Rational, h::UInt64)
    num, den = x.num, x.den
    den == 1 && return hash(num, h)
    den == 0 && return hash(ifelse(num > 0, Inf, -Inf), h)
    if isodd(den)
        pow = trailing_zeros(num)
        num >>= pow
    else
        pow = trailing_zeros(den)
        den >>= pow
        pow = -pow
        if den == 1 && abs(num) < 9007199254740992
            return hash(Float64(num) * 2.0^pow, h)
        end
    end
    h = hash_integer(den, h)
    h = hash_integer(pow, h)
    h = hash_integer(num, h)
    return h
end
