# Integer functions, as in Julia's base/intfuncs.jl.

# `x^p` by repeated squaring, in Julia's order of multiplications (so that floating-point
# results round as Julia's do).
function power_by_squaring(x, p::Integer)
    if p == 1
        return x
    elseif p == 0
        return one(x)
    elseif p == 2
        return x * x
    elseif p < 0
        isone(x) && return x
        throw(DomainError(p, "Cannot raise an integer x to a negative power -n."))
    end
    t = trailing_zeros(p) + 1
    p >>= t
    while (t -= 1) > 0
        x *= x
    end
    y = x
    while p > 0
        t = trailing_zeros(p) + 1
        p >>= t
        while (t -= 1) >= 0
            x *= x
        end
        y *= x
    end
    return y
end

isone(x) = x == one(x)
iszero(x) = x == zero(x)
signbit(x::Integer) = x < 0
signbit(x::Float64) = x < 0 || (x == 0 && 1 / x < 0)
signbit(x::Float32) = signbit(Float64(x))

## checked arithmetic: `OverflowError` instead of wrapping ##
using Core.Intrinsics: checked_sadd_int, checked_ssub_int, checked_smul_int,
    checked_uadd_int, checked_usub_int, checked_umul_int

_overflow(op, x, y) = throw(OverflowError(string(x, " ", op, " ", y, " overflowed for type ", typeof(x))))

function checked_add(x::T, y::T) where {T<:BitSigned}
    r, o = checked_sadd_int(x, y)
    o && _overflow("+", x, y)
    return r
end
function checked_sub(x::T, y::T) where {T<:BitSigned}
    r, o = checked_ssub_int(x, y)
    o && _overflow("-", x, y)
    return r
end
function checked_mul(x::T, y::T) where {T<:BitSigned}
    r, o = checked_smul_int(x, y)
    o && _overflow("*", x, y)
    return r
end
function checked_add(x::T, y::T) where {T<:BitUnsigned}
    r, o = checked_uadd_int(x, y)
    o && _overflow("+", x, y)
    return r
end
function checked_sub(x::T, y::T) where {T<:BitUnsigned}
    r, o = checked_usub_int(x, y)
    o && _overflow("-", x, y)
    return r
end
function checked_mul(x::T, y::T) where {T<:BitUnsigned}
    r, o = checked_umul_int(x, y)
    o && _overflow("*", x, y)
    return r
end
checked_add(x::Integer, y::Integer) = checked_add(promote(x, y)...)
checked_sub(x::Integer, y::Integer) = checked_sub(promote(x, y)...)
checked_mul(x::Integer, y::Integer) = checked_mul(promote(x, y)...)
function checked_neg(x::T) where {T<:Integer}
    x == typemin(T) && x != 0 && throw(OverflowError(string("checked arithmetic: cannot compute -x for x = ", x, "::", T)))
    return -x
end

## gcd and lcm (Euclid's algorithm on absolute values) ##
function gcd(a::T, b::T) where {T<:Integer}
    while b != 0
        t = b
        b = rem(a, b)
        a = t
    end
    return checked_abs(a)
end
gcd(a::Integer, b::Integer) = gcd(promote(a, b)...)
gcd(a::Integer) = checked_abs(a)
function lcm(a::T, b::T) where {T<:Integer}
    (a == 0 || b == 0) && return zero(a)
    return checked_abs(checked_mul(a, div(b, gcd(b, a))))
end
lcm(a::Integer, b::Integer) = lcm(promote(a, b)...)
checked_abs(x::Integer) = x < 0 ? checked_neg(x) : x

# `(x, y)` divided by their greatest common divisor.
function divgcd(x::Integer, y::Integer)
    g = gcd(x, y)
    return (div(x, g), div(y, g))
end

divrem(x, y) = (div(x, y), rem(x, y))
fldmod(x, y) = (fld(x, y), mod(x, y))

# The bits of a primitive number, most significant first.
function bitstring(x::Union{Integer,AbstractFloat})
    n = 8 * sizeof(x)
    u = reinterpret(_unsigned_of_size(sizeof(x)), x)
    out = IOBuffer()
    for i in n-1:-1:0
        print(out, (u >> i) & 1 == 1 ? '1' : '0')
    end
    return String(take!(out))
end

# The digits of `n` in `base`, least significant first (negative digits for negative `n`),
# at least `pad` of them.
function digits(n::Integer; base::Integer = 10, pad::Integer = 1)
    base < 2 && throw(DomainError(base, "base must be ≥ 2"))
    out = Int[]
    while n != 0 || length(out) < pad
        push!(out, Int(rem(n, base)))
        n = div(n, base)
    end
    return out
end

# `string(n; base, pad)` for integers (Bool prints as `true`/`false`, elsewhere).
function string(n::Union{Int8,Int16,Int32,Int64,UInt8,UInt16,UInt32,UInt64,Int128,UInt128}; base::Integer = 10, pad::Integer = 1)
    (base < 2 || base > 62) && throw(ArgumentError("base must be 2 ≤ base ≤ 62, got $base"))
    neg = n < 0
    U = sizeof(n) == 16 ? UInt128 : UInt64
    u = neg ? -(n % U) : U(n)
    b = U(base)
    ds = Char[]
    while u > 0 || length(ds) < pad
        d = Int(u % b)
        push!(ds, d < 10 ? Char(48 + d) : d < 36 ? Char(87 + d) : Char(29 + d))
        u = u ÷ b
    end
    neg && push!(ds, '-')
    return String(reverse(ds))
end

isinteger(::Integer) = true
isinteger(x::AbstractFloat) = isfinite(x) && trunc(x) == x

function ndigits(n::Integer; base::Integer = 10, pad::Integer = 1)
    k = 0
    while n != 0
        n = div(n, base)
        k += 1
    end
    return max(k, pad)
end

# The largest integer whose square is at most `x`, as Julia's: the float square root is exact
# for narrow types; for 64 and 128 bits one Newton step fixes the bits the conversion lost
# (without ever squaring past the type's range).
isqrt(x::Integer) = oftype(x, trunc(sqrt(x)))
function isqrt(x::Union{Int64, UInt64, Int128, UInt128})
    x == 0 && return x
    s = oftype(x, trunc(sqrt(x)))
    s = (s + div(x, s)) >>> 1
    return s * s > x ? s - 1 : s
end

# `mod1(x, y)`: the modulus in `1:y` rather than `0:y-1`.
function mod1(x::Real, y::Real)
    m = mod(x, y)
    return m == 0 ? y : m
end
fld1(x::Real, y::Real) = fld(x - 1, y) + 1

## factorial, binomial, powermod, invmod ##
# `factorial` of a primitive integer, as Julia's table lookup: `OverflowError` past the
# largest that fits (20 for 64 bits, 33 for `Int128`, 34 for `UInt128`).
function factorial(n::BitInteger)
    T = n isa Union{Int128, UInt128, UInt64} ? typeof(n) : Int64
    lim = n isa Int128 ? 33 : n isa UInt128 ? 34 : 20
    n < 0 && throw(DomainError(n, "`n` must not be negative."))
    n > lim && throw(OverflowError(string(n, " is too large to look up in the table; consider using `factorial(big(", n, "))` instead")))
    f = one(T)
    for i in 2:Int(n)
        f *= T(i)
    end
    return f
end

# `x^p` of any number with an integer power (a user's number type), as Julia's fallback:
# repeated squaring, with the inverse for a negative power.
^(x::Number, p::Integer) = p < 0 ? power_by_squaring(inv(x), -p) : power_by_squaring(x, p)

# Julia's `binomial`, exact and checked.
function binomial(n::T, k::T) where {T<:Integer}
    n0, k0 = n, k
    k < 0 && return zero(T)
    sgn = one(T)
    if n < 0
        n = -n + k - one(T)
        isodd(k) && (sgn = -sgn)
    end
    k > n && return zero(T)
    (k == 0 || k == n) && return sgn
    k == 1 && return sgn * n
    k > (n >> 1) && (k = n - k)
    x = nn = n - k + one(T)
    nn += one(T)
    rr = T(2)
    while rr <= k
        xt = div(widemul(x, nn), rr)
        x = xt % T
        x == xt || throw(OverflowError(string("binomial(", n0, ", ", k0, ") overflows")))
        rr += one(T)
        nn += one(T)
    end
    return sgn < 0 ? -x : x
end
binomial(n::Integer, k::Integer) = binomial(promote(n, k)...)

# `x^p mod m` with the sign of `m`, computed exactly; a negative `p` uses `invmod(x, m)`.
powermod(x::Integer, p::Integer, m::Integer) = oftype(m, powermod(big(x), big(p), big(m)))

function invmod(n::Integer, m::Integer)
    iszero(m) && throw(DomainError(m, "`m` must not be 0."))
    g = gcd(n, m)
    g != 1 && throw(DomainError((n, m), string("Greatest common divisor is ", g, ".")))
    T = promote_type(typeof(n), typeof(m))
    return T(invmod(big(n), big(m)))
end
