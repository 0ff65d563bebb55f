# Complex numbers, as in Julia's base/complex.jl: a parametric struct over a real type,
# arithmetic written in Julia, promotion with the real types, and Julia's printing.

struct Complex{T<:Real} <: Number
    re::T
    im::T
end

Complex(x::Real, y::Real) = Complex(promote(x, y)...)
Complex(x::Real) = Complex(x, zero(x))
Complex(z::Complex) = z

const im = Complex(false, true)
const ComplexF64 = Complex{Float64}
const ComplexF32 = Complex{Float32}

complex(x::Real, y::Real) = Complex(x, y)
complex(x::Real) = Complex(x)
complex(z::Complex) = z

real(z::Complex) = z.re
imag(z::Complex) = z.im
real(x::Real) = x
imag(x::Real) = zero(x)
reim(z) = (real(z), imag(z))
conj(z::Complex) = Complex(z.re, -z.im)
conj(x::Real) = x
abs2(z::Complex) = z.re * z.re + z.im * z.im
abs(z::Complex) = hypot(z.re, z.im)
angle(z::Complex) = atan(z.im, z.re)
isreal(z::Complex) = iszero(z.im)
isreal(x::Real) = true
iszero(z::Complex) = iszero(z.re) & iszero(z.im)
isfinite(z::Complex) = isfinite(z.re) & isfinite(z.im)
isnan(z::Complex) = isnan(z.re) | isnan(z.im)
zero(::Type{Complex{T}}) where {T<:Real} = Complex(zero(T), zero(T))
one(::Type{Complex{T}}) where {T<:Real} = Complex(one(T), zero(T))
zero(z::Complex) = zero(typeof(z))
one(z::Complex) = one(typeof(z))

convert(::Type{Complex{T}}, x::Real) where {T<:Real} = Complex{T}(x, 0)
convert(::Type{Complex{T}}, z::Complex) where {T<:Real} = Complex{T}(z.re, z.im)
convert(::Type{Complex{T}}, z::Complex{T}) where {T<:Real} = z

promote_rule(::Type{Complex{T}}, ::Type{S}) where {T<:Real, S<:Real} = Complex{promote_type(T, S)}
promote_rule(::Type{Complex{T}}, ::Type{Complex{S}}) where {T<:Real, S<:Real} =
    Complex{promote_type(T, S)}

==(z::Complex, w::Complex) = (z.re == w.re) & (z.im == w.im)
==(z::Complex, x::Real) = isreal(z) && real(z) == x
==(x::Real, z::Complex) = isreal(z) && real(z) == x
isequal(z::Complex, w::Complex) = isequal(z.re, w.re) & isequal(z.im, w.im)

-(z::Complex) = Complex(-z.re, -z.im)
+(z::Complex) = z
+(z::Complex, w::Complex) = Complex(z.re + w.re, z.im + w.im)
-(z::Complex, w::Complex) = Complex(z.re - w.re, z.im - w.im)
*(z::Complex, w::Complex) = Complex(z.re * w.re - z.im * w.im, z.re * w.im + z.im * w.re)
# A real operand is not made complex first (so `2 * (Inf + 0im)` has no NaN part).
+(x::Real, z::Complex) = Complex(x + z.re, z.im)
+(z::Complex, x::Real) = Complex(z.re + x, z.im)
-(x::Real, z::Complex) = Complex(x - z.re, -z.im)
-(z::Complex, x::Real) = Complex(z.re - x, z.im)
*(x::Real, z::Complex) = Complex(x * z.re, x * z.im)
*(z::Complex, x::Real) = Complex(z.re * x, z.im * x)
/(z::Complex, x::Real) = Complex(z.re / x, z.im / x)
/(x::Real, z::Complex) = Complex(x) / z
+(z::Complex{Bool}, x::Bool) = Complex(z.re + x, z.im + 0)
*(z::Complex{Bool}, x::Bool) = Complex(z.re * x, z.im * x)

function /(a::Complex{T}, b::Complex{T}) where {T<:Real}
    are, aim = reim(a)
    bre, bim = reim(b)
    if abs(bre) <= abs(bim)
        r = bre / bim
        den = bim + r * bre
        return Complex((are * r + aim) / den, (aim * r - are) / den)
    else
        r = bim / bre
        den = bre + r * bim
        return Complex((are + aim * r) / den, (aim - are * r) / den)
    end
end
/(a::Complex{T}, b::Complex{T}) where {T<:Integer} = float(a) / float(b)
/(a::Complex, b::Complex) = /(promote(a, b)...)
float(z::Complex) = Complex(float(z.re), float(z.im))

# Double precision: the robust algorithm of Baudin and Smith, as Julia divides.
function /(z::Complex{Float64}, w::Complex{Float64})
    a, b = reim(z)
    c, d = reim(w)
    if abs(d) <= abs(c)
        p, q = _robust_cdiv1(a, b, c, d)
    else
        p, q = _robust_cdiv1(b, a, d, c)
        q = -q
    end
    return Complex(p, q)
end
function _robust_cdiv1(a::Float64, b::Float64, c::Float64, d::Float64)
    r = d / c
    t = 1.0 / (c + d * r)
    return (_robust_cdiv2(a, b, c, d, r, t), _robust_cdiv2(b, -a, c, d, r, t))
end
function _robust_cdiv2(a::Float64, b::Float64, c::Float64, d::Float64, r::Float64, t::Float64)
    if r != 0
        br = b * r
        return br != 0 ? (a + br) * t : a * t + (b * t) * r
    end
    return (a + d * (b / c)) * t
end
inv(z::Complex) = one(z) / z

^(z::Complex, p::Integer) = p < 0 ? inv(power_by_squaring(z, -p)) : power_by_squaring(z, p)

function show(io::IO, z::Complex)
    r, i = reim(z)
    show(io, r)
    if signbit(i) && !isnan(i)
        print(io, " - ")
        show(io, -i)
    else
        print(io, " + ")
        show(io, i)
    end
    if !(i isa Integer && !(i isa Bool) || i isa AbstractFloat && isfinite(i))
        print(io, "*")
    end
    print(io, "im")
end
show(io::IO, z::Complex{Bool}) = print(io, z == im ? "im" : string("Complex(", z.re, ",", z.im, ")"))

# base/complex.jl's `hash`: a complex number with a zero imaginary part hashes as its real part.
const h_imag = 0x32a7a07f3e7cd1f9
hash(z::Complex, h::UInt64) = hash(z.re, h ⊻ hash(z.im, h_imag) ⊻ hash(0, h_imag))

# `cispi(x)`: `exp(iπx)`.
function cispi(x::Real)
    s, c = sincospi(x)
    return Complex(c, s)
end
function cispi(z::Complex)
    v = exp(-π * imag(z))
    s, c = sincospi(real(z))
    return Complex(v * c, v * s)
end
