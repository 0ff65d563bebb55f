# Integers, as in Julia's base/int.jl and boot.jl: arithmetic, bit operations, conversions and
# promotion rules over the intrinsics of `Core.Intrinsics`. `Int64` and `Bool` arithmetic is
# still in Rust (vm/builtins.rs); every other width is here.

using Core.Intrinsics: add_int, sub_int, mul_int, neg_int, and_int, or_int, xor_int, not_int,
    checked_sdiv_int, checked_srem_int, checked_udiv_int, checked_urem_int, shl_int, lshr_int,
    ashr_int, eq_int, slt_int, ult_int, sext_int, zext_int, trunc_int, bitcast, sitofp, uitofp,
    fptosi, fptoui, ctpop_int, ctlz_int, cttz_int, bswap_int

const BitSigned = Union{Int8, Int16, Int32, Int64, Int128}
const BitUnsigned = Union{UInt8, UInt16, UInt32, UInt64, UInt128}
const BitInteger = Union{BitSigned, BitUnsigned}
# The widths whose arithmetic is Julia code here.
const _JlSigned = Union{Int8, Int16, Int32, Int128}
const _JlInt = Union{_JlSigned, BitUnsigned}

## arithmetic: wraps around ##
+(x::T, y::T) where {T<:_JlInt} = add_int(x, y)
-(x::T, y::T) where {T<:_JlInt} = sub_int(x, y)
*(x::T, y::T) where {T<:_JlInt} = mul_int(x, y)
-(x::_JlInt) = neg_int(x)
+(x::_JlInt) = x
/(x::T, y::T) where {T<:_JlInt} = Float64(x) / Float64(y)

div(x::T, y::T) where {T<:_JlSigned} = checked_sdiv_int(x, y)
div(x::T, y::T) where {T<:BitUnsigned} = checked_udiv_int(x, y)
rem(x::T, y::T) where {T<:_JlSigned} = checked_srem_int(x, y)
rem(x::T, y::T) where {T<:BitUnsigned} = checked_urem_int(x, y)
÷(x::T, y::T) where {T<:_JlInt} = div(x, y)
%(x::T, y::T) where {T<:_JlInt} = rem(x, y)
function mod(x::T, y::T) where {T<:_JlSigned}
    r = rem(x, y)
    return (r != 0) & ((r < 0) != (y < 0)) ? r + y : r
end
mod(x::T, y::T) where {T<:BitUnsigned} = rem(x, y)

^(x::_JlInt, p::Integer) = power_by_squaring(x, p)

abs(x::_JlSigned) = x < 0 ? -x : x
abs(x::BitUnsigned) = x

## bits ##
&(x::T, y::T) where {T<:_JlInt} = and_int(x, y)
|(x::T, y::T) where {T<:_JlInt} = or_int(x, y)
xor(x::T, y::T) where {T<:_JlInt} = xor_int(x, y)
const ⊻ = xor
~(x::_JlInt) = not_int(x)
count_ones(x::BitInteger) = Int64(ctpop_int(x))
leading_zeros(x::BitInteger) = Int64(ctlz_int(x))
trailing_zeros(x::BitInteger) = Int64(cttz_int(x))
bswap(x::BitInteger) = bswap_int(x)

# Shifts by a negative amount go the other way; past the width they give 0 (or the sign).
<<(x::_JlInt, n::Integer) = n >= 0 ? shl_int(x, n) : x >> -n
>>(x::_JlSigned, n::Integer) = n >= 0 ? ashr_int(x, n) : x << -n
>>(x::BitUnsigned, n::Integer) = n >= 0 ? lshr_int(x, n) : x << -n
>>>(x::Union{_JlInt,Int64}, n::Integer) = n >= 0 ? lshr_int(x, n) : x << -n

## traits ##
zero(::Type{T}) where {T<:_JlInt} = trunc_int(T, 0)
one(::Type{T}) where {T<:_JlInt} = trunc_int(T, 1)
zero(x::_JlInt) = zero(typeof(x))
one(x::_JlInt) = one(typeof(x))
typemin(::Type{T}) where {T<:BitUnsigned} = zero(T)
typemax(::Type{T}) where {T<:BitUnsigned} = not_int(zero(T))
typemax(::Type{T}) where {T<:_JlSigned} = lshr_int(not_int(zero(T)), 1)
typemin(::Type{T}) where {T<:_JlSigned} = not_int(typemax(T))
signed(x::Int8) = x
signed(x::Int16) = x
signed(x::Int32) = x
signed(x::Int128) = x
signed(x::UInt128) = bitcast(Int128, x)
unsigned(x::Int128) = bitcast(UInt128, x)
signed(x::UInt8) = bitcast(Int8, x)
signed(x::UInt16) = bitcast(Int16, x)
signed(x::UInt32) = bitcast(Int32, x)
signed(x::UInt64) = bitcast(Int64, x)
unsigned(x::Int8) = bitcast(UInt8, x)
unsigned(x::Int16) = bitcast(UInt16, x)
unsigned(x::Int32) = bitcast(UInt32, x)
unsigned(x::Int64) = bitcast(UInt64, x)
unsigned(x::BitUnsigned) = x

## conversions between integer types (boot.jl): `InexactError` when the value does not fit ##
_is_top_bit_set(x) = eq_int(lshr_int(x, 8 * sizeof(x) - 1), one(x))
_is_top_bit_set(x::Int64) = x < 0

function _check_sign_bit(::Type{To}, x) where {To}
    _is_top_bit_set(x) && throw(InexactError(sizeof(x) === sizeof(To) ? :convert : :trunc, To, x))
    return x
end

function _checked_trunc_sint(::Type{To}, x::From) where {To, From}
    y = trunc_int(To, x)
    eq_int(x, sext_int(From, y)) || throw(InexactError(:trunc, To, x))
    return y
end

function _checked_trunc_uint(::Type{To}, x::From) where {To, From}
    y = trunc_int(To, x)
    eq_int(x, zext_int(From, y)) || throw(InexactError(:trunc, To, x))
    return y
end

function _int_convert(::Type{To}, x::From) where {To, From}
    To === From && return x
    to_signed = To <: Signed
    if sizeof(To) < sizeof(From)
        if From <: Signed
            return to_signed ? _checked_trunc_sint(To, x) :
                   _checked_trunc_uint(To, _check_sign_bit(To, x))
        end
        return to_signed ? _checked_trunc_sint(To, _check_sign_bit(To, x)) :
               _checked_trunc_uint(To, x)
    elseif sizeof(To) == sizeof(From)
        # Same width, other signedness: the sign bit must be clear.
        return bitcast(To, _check_sign_bit(To, x))
    elseif From <: Signed
        return to_signed ? sext_int(To, x) : sext_int(To, _check_sign_bit(To, x))
    else
        return zext_int(To, x)
    end
end

# A float to an integer type: exact, or `InexactError`.
function _float_to_int(::Type{T}, x) where {T}
    if isfinite(x) && trunc(x) == x
        lo = Float64(typemin(T))
        # One past the largest value, exactly: 2^(bits - 1) or 2^bits.
        hi = 2.0^(8 * sizeof(T) - (T <: Signed ? 1 : 0))
        if lo <= x < hi
            return T <: Signed ? fptosi(T, x) : fptoui(T, x)
        end
    end
    throw(InexactError(Symbol(string(T)), T, x))
end

Int8(x::BitInteger) = _int_convert(Int8, x)
Int16(x::BitInteger) = _int_convert(Int16, x)
Int32(x::BitInteger) = _int_convert(Int32, x)
Int64(x::BitInteger) = _int_convert(Int64, x)
UInt8(x::BitInteger) = _int_convert(UInt8, x)
UInt16(x::BitInteger) = _int_convert(UInt16, x)
UInt32(x::BitInteger) = _int_convert(UInt32, x)
UInt64(x::BitInteger) = _int_convert(UInt64, x)
Int128(x::BitInteger) = _int_convert(Int128, x)
UInt128(x::BitInteger) = _int_convert(UInt128, x)
Int128(x::Bool) = x ? one(Int128) : zero(Int128)
UInt128(x::Bool) = x ? one(UInt128) : zero(UInt128)
Int128(x::Union{Float32, Float64}) = _float_to_int(Int128, x)
UInt128(x::Union{Float32, Float64}) = _float_to_int(UInt128, x)
Int8(x::Bool) = x ? one(Int8) : zero(Int8)
Int16(x::Bool) = x ? one(Int16) : zero(Int16)
Int32(x::Bool) = x ? one(Int32) : zero(Int32)
UInt8(x::Bool) = x ? one(UInt8) : zero(UInt8)
UInt16(x::Bool) = x ? one(UInt16) : zero(UInt16)
UInt32(x::Bool) = x ? one(UInt32) : zero(UInt32)
UInt64(x::Bool) = x ? one(UInt64) : zero(UInt64)
Int8(x::Union{Float32, Float64}) = _float_to_int(Int8, x)
Int16(x::Union{Float32, Float64}) = _float_to_int(Int16, x)
Int32(x::Union{Float32, Float64}) = _float_to_int(Int32, x)
UInt8(x::Union{Float32, Float64}) = _float_to_int(UInt8, x)
UInt16(x::Union{Float32, Float64}) = _float_to_int(UInt16, x)
UInt32(x::Union{Float32, Float64}) = _float_to_int(UInt32, x)
UInt64(x::Union{Float32, Float64}) = _float_to_int(UInt64, x)
Int64(x::Float32) = _float_to_int(Int64, x)
# boot.jl's `Bool(x::Real)`: exactly 0 or 1, else `InexactError`.
Bool(x::Bool) = x
Bool(x::Real) = x == 0 ? false : x == 1 ? true : throw(InexactError(:Bool, Bool, x))

# `x % T`: the low bits of `x` as a `T` (wrapping, never an error).
rem(x::BitInteger, ::Type{T}) where {T<:BitInteger} =
    sizeof(T) <= sizeof(x) ? trunc_int(T, x) : (x isa BitSigned ? sext_int(T, x) : zext_int(T, x))
%(x::BitInteger, ::Type{T}) where {T<:BitInteger} = rem(x, T)

## promotion ##
# With different sizes, the larger type; with mixed signedness and the same size, the unsigned.
promote_rule(::Type{Int16}, ::Union{Type{Int8}, Type{UInt8}}) = Int16
promote_rule(::Type{Int32}, ::Union{Type{Int16}, Type{Int8}, Type{UInt16}, Type{UInt8}}) = Int32
promote_rule(::Type{Int64}, ::Union{Type{Int16}, Type{Int32}, Type{Int8}, Type{UInt16}, Type{UInt32}, Type{UInt8}}) = Int64
promote_rule(::Type{UInt16}, ::Union{Type{Int8}, Type{UInt8}}) = UInt16
promote_rule(::Type{UInt32}, ::Union{Type{Int16}, Type{Int8}, Type{UInt16}, Type{UInt8}}) = UInt32
promote_rule(::Type{UInt64}, ::Union{Type{Int16}, Type{Int32}, Type{Int8}, Type{UInt16}, Type{UInt32}, Type{UInt8}}) = UInt64
promote_rule(::Type{UInt8}, ::Type{Int8}) = UInt8
promote_rule(::Type{UInt16}, ::Type{Int16}) = UInt16
promote_rule(::Type{UInt32}, ::Type{Int32}) = UInt32
promote_rule(::Type{UInt64}, ::Type{Int64}) = UInt64
promote_rule(::Type{Int128}, ::Union{Type{Int8}, Type{Int16}, Type{Int32}, Type{Int64}, Type{UInt8}, Type{UInt16}, Type{UInt32}, Type{UInt64}}) = Int128
promote_rule(::Type{UInt128}, ::Union{Type{Int8}, Type{Int16}, Type{Int32}, Type{Int64}, Type{Int128}, Type{UInt8}, Type{UInt16}, Type{UInt32}, Type{UInt64}}) = UInt128

# `sum` widens integers narrower than `Int`: `Base.add_sum`.
add_sum(x::_JlSigned, y::_JlSigned) = Int64(x) + Int64(y)
add_sum(x::Union{UInt8, UInt16, UInt32}, y::Union{UInt8, UInt16, UInt32}) = UInt64(x) + UInt64(y)
mul_prod(x::_JlSigned, y::_JlSigned) = Int64(x) * Int64(y)
mul_prod(x::Union{UInt8, UInt16, UInt32}, y::Union{UInt8, UInt16, UInt32}) = UInt64(x) * UInt64(y)
_reduce_first_sum(x::_JlSigned) = Int64(x)
_reduce_first_sum(x::Union{UInt8, UInt16, UInt32}) = UInt64(x)
