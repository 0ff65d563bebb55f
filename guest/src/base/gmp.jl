# `BigInt`, as in Julia's base/gmp.jl: arbitrary-precision integers. Where Julia calls libgmp
# (`MPZ.add`), these methods call the builtins of vm/gmp.rs (`_mpz_add`), which always make a
# new `BigInt`; comparisons between a `BigInt` and any other number are exact Rust methods.

widen(::Type{Int8}) = Int16
widen(::Type{Int16}) = Int32
widen(::Type{Int32}) = Int64
widen(::Type{Int64}) = Int128
widen(::Type{UInt8}) = UInt16
widen(::Type{UInt16}) = UInt32
widen(::Type{UInt32}) = UInt64
widen(::Type{UInt64}) = UInt128
widen(::Type{Int128}) = BigInt
widen(::Type{UInt128}) = BigInt
widen(::Type{BigInt}) = BigInt
widen(x::Integer) = convert(widen(typeof(x)), x)
widemul(x, y) = widen(x) * widen(y)

signed(x::BigInt) = x

BigInt(x::BigInt) = x
BigInt(x::Integer) = _mpz_set(x)
function BigInt(x::Union{Float32, Float64})
    isinteger(x) || throw(InexactError(:BigInt, BigInt, x))
    return _mpz_set(x)
end

# A `BigInt` to a primitive integer type: exact, or `InexactError`.
function _mpz_to(::Type{T}, x::BigInt) where {T}
    typemin(T) <= x <= typemax(T) || throw(InexactError(Symbol(string(T)), T, x))
    return _mpz_rem(T, x)
end
# Narrower than a limb (64 bits): through `Int64`/`UInt64`, as Julia converts (so the error
# names the type that did not fit first).
Int8(x::BigInt) = Int8(Int64(x))
Int16(x::BigInt) = Int16(Int64(x))
Int32(x::BigInt) = Int32(Int64(x))
Int64(x::BigInt) = _mpz_to(Int64, x)
Int128(x::BigInt) = _mpz_to(Int128, x)
UInt8(x::BigInt) = UInt8(UInt64(x))
UInt16(x::BigInt) = UInt16(UInt64(x))
UInt32(x::BigInt) = UInt32(UInt64(x))
UInt64(x::BigInt) = _mpz_to(UInt64, x)
UInt128(x::BigInt) = _mpz_to(UInt128, x)
rem(x::BigInt, ::Type{T}) where {T<:BitInteger} = _mpz_rem(T, x)
%(x::BigInt, ::Type{T}) where {T<:BitInteger} = _mpz_rem(T, x)
rem(x::Integer, ::Type{BigInt}) = BigInt(x)
%(x::Integer, ::Type{BigInt}) = BigInt(x)

# Rounded to nearest (Julia's `Float64(n, RoundNearest)`); `Float32` through it.
Float64(x::BigInt) = _mpz_get_d(x)
Float32(x::BigInt) = Float32(_mpz_get_d(x))

promote_rule(::Type{BigInt}, ::Type{T}) where {T<:Integer} = BigInt

big(::Type{T}) where {T<:Integer} = BigInt
big(n::Integer) = convert(BigInt, n)

zero(::Type{BigInt}) = _mpz_set(0)
one(::Type{BigInt}) = _mpz_set(1)
zero(::BigInt) = _mpz_set(0)
one(::BigInt) = _mpz_set(1)

+(x::BigInt, y::BigInt) = _mpz_add(x, y)
-(x::BigInt, y::BigInt) = _mpz_sub(x, y)
*(x::BigInt, y::BigInt) = _mpz_mul(x, y)
mod(x::BigInt, y::BigInt) = _mpz_fdiv_r(x, y)
rem(x::BigInt, y::BigInt) = _mpz_tdiv_r(x, y)
div(x::BigInt, y::BigInt) = _mpz_tdiv_q(x, y)
fld(x::BigInt, y::BigInt) = _mpz_fdiv_q(x, y)
cld(x::BigInt, y::BigInt) = _mpz_cdiv_q(x, y)
divrem(x::BigInt, y::BigInt) = (_mpz_tdiv_q(x, y), _mpz_tdiv_r(x, y))
gcd(x::BigInt, y::BigInt) = _mpz_gcd(x, y)
lcm(x::BigInt, y::BigInt) = _mpz_lcm(x, y)
&(x::BigInt, y::BigInt) = _mpz_and(x, y)
|(x::BigInt, y::BigInt) = _mpz_ior(x, y)
xor(x::BigInt, y::BigInt) = _mpz_xor(x, y)
-(x::BigInt) = _mpz_neg(x)
+(x::BigInt) = x
~(x::BigInt) = _mpz_com(x)
abs(x::BigInt) = _mpz_abs(x)

<<(x::BigInt, n::Integer) = n >= 0 ? _mpz_shl(x, n) : _mpz_shr(x, -n)
>>(x::BigInt, n::Integer) = n >= 0 ? _mpz_shr(x, n) : _mpz_shl(x, -n)
>>>(x::BigInt, n::Integer) = x >> n

checked_abs(x::BigInt) = abs(x)
checked_neg(x::BigInt) = -x
checked_add(a::BigInt, b::BigInt) = a + b
checked_sub(a::BigInt, b::BigInt) = a - b
checked_mul(a::BigInt, b::BigInt) = a * b
add_with_overflow(a::BigInt, b::BigInt) = (a + b, false)
sub_with_overflow(a::BigInt, b::BigInt) = (a - b, false)
mul_with_overflow(a::BigInt, b::BigInt) = (a * b, false)

signbit(x::BigInt) = x < 0
iszero(x::BigInt) = x == 0
isone(x::BigInt) = x == 1
isodd(x::BigInt) = _mpz_tdiv_r(x, _mpz_set(2)) != 0
iseven(x::BigInt) = !isodd(x)
sign(x::BigInt) = _mpz_set(x > 0 ? 1 : x < 0 ? -1 : 0)
flipsign(x::BigInt, y::Integer) = signbit(y) ? -x : x

function trailing_zeros(x::BigInt)
    c = _mpz_trailing_zeros(x)
    c == -1 && throw(DomainError(x, "`x` must be non-zero"))
    return c
end
function count_ones(x::BigInt)
    c = _mpz_popcount(x)
    c == -1 && throw(DomainError(x, "`x` cannot be negative"))
    return c
end
top_set_bit(x::BigInt) = x < 0 ? throw(DomainError(x, "top_set_bit only supports negative arguments when they have type BitSigned.")) : _mpz_nbits(x)

function isqrt(x::BigInt)
    x < 0 && throw(DomainError(x, "isqrt of a negative number"))
    return _mpz_sqrt(x)
end

function bigint_pow(x::BigInt, y::Integer)
    x == 1 && return x
    x == -1 && return isodd(y) ? x : -x
    y < 0 && throw(DomainError(y, "`y` cannot be negative."))
    y > typemax(UInt64) && (x == 0 ? (return x) : throw(OverflowError("exponent $y is too large and computation will overflow")))
    return _mpz_pow(x, y)
end
^(x::BigInt, y::BigInt) = bigint_pow(x, y)
^(x::BigInt, y::Bool) = y ? x : one(x)
^(x::BigInt, y::Integer) = bigint_pow(x, y)
^(x::Integer, y::BigInt) = bigint_pow(BigInt(x), y)
^(x::Bool, y::BigInt) = power_by_squaring(x, y)

function invmod(x::BigInt, y::BigInt)
    ya = abs(y)
    ya == 1 && return zero(BigInt)
    z = y == 0 ? nothing : _mpz_invert(x, ya)
    z === nothing && throw(DomainError(y))
    # GMP's inverse is positive; Julia's has the sign of `y` (so `div(z, y) == 0`).
    return y < 0 ? z + y : z
end

function powermod(x::BigInt, p::BigInt, m::BigInt)
    p < 0 && return powermod(invmod(x, m), -p, m)
    r = _mpz_powm(x, p, m)
    return m < 0 && r > 0 ? r + m : r # the sign of `mod(x^p, m)`
end
powermod(x::Integer, p::Integer, m::BigInt) = powermod(big(x), big(p), m)

factorial(n::BigInt) = n < 0 ? throw(DomainError(n, "`n` must not be negative.")) : _big_factorial(n)
function _big_factorial(n::BigInt)
    f = one(BigInt)
    i = 2
    while i <= n
        f = f * i
        i += 1
    end
    return f
end

function binomial(n::BigInt, k::Integer)
    k < 0 && return BigInt(0)
    n < 0 && return isodd(k) ? -binomial(k - n - 1, k) : binomial(k - n - 1, k)
    k > n && return BigInt(0)
    k = min(k, n - k)
    r = one(BigInt)
    for i in 1:Int(k)
        r = div(r * (n - k + i), i)
    end
    return r
end

function string(n::BigInt; base::Integer = 10, pad::Integer = 1)
    2 <= base <= 62 || throw(ArgumentError("base must be 2 ≤ base ≤ 62, got $base"))
    iszero(n) && pad < 1 && return ""
    s = _mpz_string(abs(n), Int(base))
    if length(s) < pad
        s = string("0"^(pad - length(s)), s)
    end
    return n < 0 ? string("-", s) : s
end

function ndigits(x::BigInt; base::Integer = 10, pad::Integer = 1)
    base < 2 && throw(DomainError(base, "`b` cannot be less than 2."))
    iszero(x) && return max(1, pad)
    return max(length(_mpz_string(abs(x), Int(base))), pad)
end

function tryparse(::Type{BigInt}, s::AbstractString; base::Integer = 10)
    return _mpz_parse(String(filter(c -> c != '_', s)), Int(base))
end
function parse(::Type{BigInt}, s::AbstractString; base::Integer = 10)
    2 <= base <= 62 || throw(ArgumentError("invalid base: base must be 2 ≤ base ≤ 62, got $base"))
    isempty(strip(s)) && throw(ArgumentError(string("premature end of integer: ", repr(String(s)))))
    n = _mpz_parse(String(s), Int(base))
    n === nothing && throw(ArgumentError(string("invalid BigInt: ", repr(String(s)))))
    return n
end
# 128-bit integers parse as `BigInt`s that must fit.
function _parse_wide(::Type{T}, s::AbstractString, base::Integer) where {T}
    n = _mpz_parse(String(s), Int(base))
    n === nothing && throw(ArgumentError(string("invalid base ", base, " digits in ", repr(String(s)))))
    typemin(T) <= n <= typemax(T) || throw(OverflowError(string("overflow parsing ", repr(String(s)))))
    return _mpz_rem(T, n)
end
parse(::Type{Int128}, s::AbstractString; base::Integer = 10) = _parse_wide(Int128, s, base)
parse(::Type{UInt128}, s::AbstractString; base::Integer = 10) = _parse_wide(UInt128, s, base)

# `big"..."`: a `BigInt` made when the macro expands (a `BigFloat` literal is not supported).
macro big_str(s)
    n = tryparse(BigInt, s)
    n === nothing && throw(ArgumentError(string("invalid number format ", s, " for BigInt or BigFloat")))
    return n
end

# A float rounded to `Int128`, `UInt128` or `BigInt`: exact, or `InexactError(:trunc, …)`.
function _trunc_wide(::Type{T}, x) where {T}
    isfinite(x) || throw(InexactError(:trunc, T, x))
    y = trunc(x)
    T === BigInt && return BigInt(y)
    Float64(typemin(T)) <= y < 2.0^(8 * sizeof(T) - (T <: Signed ? 1 : 0)) || throw(InexactError(:trunc, T, x))
    return T(y)
end
const _WideInt = Union{Int128, UInt128, BigInt}
trunc(::Type{T}, x::Union{Float32, Float64}) where {T<:_WideInt} = _trunc_wide(T, x)
round(::Type{T}, x::Union{Float32, Float64}) where {T<:_WideInt} = _trunc_wide(T, round(x))
floor(::Type{T}, x::Union{Float32, Float64}) where {T<:_WideInt} = _trunc_wide(T, floor(x))
ceil(::Type{T}, x::Union{Float32, Float64}) where {T<:_WideInt} = _trunc_wide(T, ceil(x))
