# Floating point, as in Julia's base/float.jl: `Float32` arithmetic over the intrinsics,
# conversions between floats and integers, and promotion. `Float64` arithmetic is still in
# Rust (vm/builtins.rs).

using Core.Intrinsics: add_float, sub_float, mul_float, div_float, rem_float, neg_float,
    abs_float, copysign_float, sqrt_llvm, floor_llvm, ceil_llvm, trunc_llvm, rint_llvm,
    sitofp, uitofp, fpext, fptrunc

+(x::Float32, y::Float32) = add_float(x, y)
-(x::Float32, y::Float32) = sub_float(x, y)
*(x::Float32, y::Float32) = mul_float(x, y)
/(x::Float32, y::Float32) = div_float(x, y)
-(x::Float32) = neg_float(x)
+(x::Float32) = x
rem(x::Float32, y::Float32) = rem_float(x, y)
%(x::Float32, y::Float32) = rem_float(x, y)
function mod(x::Float32, y::Float32)
    r = rem(x, y)
    return r != 0 && (r < 0) != (y < 0) ? r + y : r
end
abs(x::Float32) = abs_float(x)
copysign(x::Float32, y::Float32) = copysign_float(x, y)
copysign(x::Float64, y::Float64) = copysign_float(x, y)
^(x::Float32, y::Float32) = Float32(Float64(x)^Float64(y))
^(x::Float32, n::Integer) = Float32(Float64(x)^n)

trunc(x::Float32) = trunc_llvm(x)
floor(x::Float32) = floor_llvm(x)
ceil(x::Float32) = ceil_llvm(x)
round(x::Float32) = rint_llvm(x)

isnan(x::Float32) = x != x
isinf(x::Float32) = !isnan(x) & isnan(x - x)
isfinite(x::Float32) = !isnan(x - x)
zero(::Type{Float32}) = Float32(0.0)
one(::Type{Float32}) = Float32(1.0)
zero(x::Float32) = Float32(0.0)
one(x::Float32) = Float32(1.0)
typemax(::Type{Float32}) = Float32(Inf)
typemin(::Type{Float32}) = Float32(-Inf)
float(x::Float32) = x

function sqrt(x::Float32)
    x < 0 && throw(DomainError(x, "sqrt was called with a negative real argument but will only return a complex result if called with a complex argument. Try sqrt(Complex(x))."))
    return sqrt_llvm(x)
end
# Computed in double precision and rounded once.
exp(x::Float32) = Float32(exp(Float64(x)))
log(x::Float32) = Float32(log(Float64(x)))
sin(x::Float32) = Float32(sin(Float64(x)))
cos(x::Float32) = Float32(cos(Float64(x)))

## conversions ##
Float32(x::Float32) = x
Float32(x::Float64) = fptrunc(Float32, x)
Float32(x::BitSigned) = sitofp(Float32, x)
Float32(x::BitUnsigned) = uitofp(Float32, x)
Float32(x::Bool) = uitofp(Float32, x)
Float64(x::Float32) = fpext(Float64, x)
Float64(x::_JlSigned) = sitofp(Float64, x)
Float64(x::BitUnsigned) = uitofp(Float64, x)
float(x::_JlInt) = Float64(x)
# Integers as floats in the generic math functions.
sqrt(x::_JlInt) = sqrt(Float64(x))
exp(x::_JlInt) = exp(Float64(x))
log(x::_JlInt) = log(Float64(x))
sin(x::_JlInt) = sin(Float64(x))
cos(x::_JlInt) = cos(Float64(x))

## promotion ##
promote_rule(::Type{Float64}, ::Type{Float32}) = Float64
promote_rule(::Type{Float32}, ::Type{T}) where {T<:Integer} = Float32
promote_rule(::Type{Float64}, ::Type{T}) where {T<:Integer} = Float64

isfinite(x::Float64) = !isnan(x - x)
isinf(x::Float64) = !isnan(x) & isnan(x - x)
isfinite(x::Integer) = true
isinf(x::Integer) = false

## Float16 (base/float.jl): stored in half precision, computed in `Float32` and rounded back,
## as Julia does on hardware without half-precision arithmetic.
Float16(x::Float16) = x
Float16(x::Float32) = fptrunc(Float16, x)
Float16(x::Float64) = fptrunc(Float16, x)
Float16(x::BitSigned) = sitofp(Float16, x)
Float16(x::BitUnsigned) = uitofp(Float16, x)
Float16(x::Bool) = uitofp(Float16, x)
Float32(x::Float16) = fpext(Float32, x)
Float64(x::Float16) = fpext(Float64, x)
Int64(x::Float16) = Int64(Float32(x))
Int32(x::Float16) = Int32(Float32(x))

+(x::Float16, y::Float16) = Float16(Float32(x) + Float32(y))
-(x::Float16, y::Float16) = Float16(Float32(x) - Float32(y))
*(x::Float16, y::Float16) = Float16(Float32(x) * Float32(y))
/(x::Float16, y::Float16) = Float16(Float32(x) / Float32(y))
rem(x::Float16, y::Float16) = Float16(rem(Float32(x), Float32(y)))
%(x::Float16, y::Float16) = rem(x, y)
mod(x::Float16, y::Float16) = Float16(mod(Float32(x), Float32(y)))
^(x::Float16, y::Float16) = Float16(Float32(x)^Float32(y))
^(x::Float16, n::Integer) = Float16(Float32(x)^n)
-(x::Float16) = neg_float(x)
+(x::Float16) = x
abs(x::Float16) = abs_float(x)
copysign(x::Float16, y::Float16) = copysign_float(x, y)

trunc(x::Float16) = Float16(trunc(Float32(x)))
floor(x::Float16) = Float16(floor(Float32(x)))
ceil(x::Float16) = Float16(ceil(Float32(x)))
round(x::Float16) = Float16(round(Float32(x)))
sqrt(x::Float16) = Float16(sqrt(Float32(x)))
exp(x::Float16) = Float16(exp(Float64(x)))
log(x::Float16) = Float16(log(Float64(x)))
sin(x::Float16) = Float16(sin(Float64(x)))
cos(x::Float16) = Float16(cos(Float64(x)))

isnan(x::Float16) = x != x
isinf(x::Float16) = !isnan(x) & isnan(x - x)
isfinite(x::Float16) = !isnan(x - x)
zero(::Type{Float16}) = Float16(0.0)
one(::Type{Float16}) = Float16(1.0)
zero(x::Float16) = Float16(0.0)
one(x::Float16) = Float16(1.0)
typemax(::Type{Float16}) = Float16(Inf)
typemin(::Type{Float16}) = Float16(-Inf)
float(x::Float16) = x
eps(::Type{Float16}) = Float16(0.0009765625)
floatmin(::Type{Float16}) = Float16(6.103515625e-5)
floatmax(::Type{Float16}) = Float16(65504.0)
const Inf16 = Float16(Inf)
const NaN16 = Float16(NaN)

promote_rule(::Type{Float32}, ::Type{Float16}) = Float32
promote_rule(::Type{Float64}, ::Type{Float16}) = Float64
promote_rule(::Type{Float16}, ::Type{T}) where {T<:Integer} = Float16
