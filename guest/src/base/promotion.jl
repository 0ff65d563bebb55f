# Promotion, as in Julia's base/promotion.jl: `promote_rule` says which type two types meet
# in (users add methods to it), `promote_type` asks it both ways round, `promote` converts
# values to that type, and arithmetic on mixed number types goes through `promote`.

# Where two types meet when nothing more specific is known: their nearest common supertype,
# keeping the parameters they agree on (Julia's `typejoin`: `Vector{Int64}` and
# `Vector{Float64}` meet in `Vector`, `Tuple{Int64}` and `Tuple{Float64}` in `Tuple{Real}`).
typejoin() = Union{}
typejoin(t) = t
typejoin(t, ts...) = typejoin(t, typejoin(ts...))
function typejoin(a::Type, b::Type)
    a <: b && return b
    b <: a && return a
    ua, ub = _union_types(a), _union_types(b)
    ua === nothing || return typejoin(typejoin(ua...), b)
    ub === nothing || return typejoin(a, typejoin(ub...))
    # Tuple types of one length join element by element (`Tuple{Int64, Real}`).
    pa, pb = _tuple_params(a), _tuple_params(b)
    if pa !== nothing && pb !== nothing
        length(pa) == length(pb) && return _tuple_type(map(typejoin, pa, pb))
        return Tuple
    end
    (pa !== nothing || pb !== nothing) && return Any
    return _typejoin_data(a, b)
end
promote_rule(::Type, ::Type) = Union{}

promote_type() = Union{}
promote_type(T::Type) = T
promote_type(::Type{T}, ::Type{T}) where {T} = T
promote_type(::Type{Union{}}, ::Type{Union{}}) = Union{}
promote_type(::Type{Union{}}, ::Type{T}) where {T} = T
promote_type(::Type{T}, ::Type{Union{}}) where {T} = T
promote_type(::Type{T}, ::Type{S}) where {T, S} =
    _promote_result(T, S, promote_rule(T, S), promote_rule(S, T))
promote_type(T::Type, S::Type, U::Type, rest...) = promote_type(promote_type(T, S), U, rest...)

# One direction gave a rule (the other gives `Union{}`): their meet is the answer.
_promote_result(::Type, ::Type, ::Type{T}, ::Type{S}) where {T, S} = promote_type(T, S)
# Neither did: the common supertype.
_promote_result(::Type{T}, ::Type{S}, ::Type{Union{}}, ::Type{Union{}}) where {T, S} = typejoin(T, S)

# `Bool` joins any other number type as that type.
promote_rule(::Type{Bool}, ::Type{T}) where {T<:Number} = T

promote() = ()
promote(x) = (x,)
promote(x::T, y::T) where {T} = (x, y)
function promote(x, y)
    T = promote_type(typeof(x), typeof(y))
    px = convert(T, x)
    py = convert(T, y)
    if typeof(px) === typeof(x) && typeof(py) === typeof(y)
        error("promotion of types ", typeof(x), " and ", typeof(y), " failed to change any arguments")
    end
    return (px, py)
end
function promote(x, y, z, rest...)
    T = promote_type(typeof(x), typeof(y), typeof(z), map(typeof, rest)...)
    return tuple(convert(T, x), convert(T, y), convert(T, z), map(r -> convert(T, r), rest)...)
end

convert(::Type{T}, x::T) where {T} = x
convert(::Type{T}, x::T) where {T<:Number} = x
convert(::Type{T}, x::Number) where {T<:Number} = T(x)

_no_op_err(name, T) = error(name, " not defined for ", T)

# The arguments of a mixed-type call of `op`, promoted to one type. Two values of one type that
# reach a generic method here have no method of their own for `op`.
function _promote_for(op, x, y)
    typeof(x) === typeof(y) && _no_op_err(op, typeof(x))
    return promote(x, y)
end

+(x::Number, y::Number) = +(_promote_for("+", x, y)...)
-(x::Number, y::Number) = -(_promote_for("-", x, y)...)
*(x::Number, y::Number) = *(_promote_for("*", x, y)...)
/(x::Number, y::Number) = /(_promote_for("/", x, y)...)
function ==(x::Number, y::Number)
    typeof(x) === typeof(y) && return x === y
    return ==(promote(x, y)...)
end
<(x::Real, y::Real) = <(_promote_for("<", x, y)...)
function <=(x::Real, y::Real)
    typeof(x) === typeof(y) && return (x < y) | (x == y)
    return <=(promote(x, y)...)
end
>(x::Real, y::Real) = y < x
>=(x::Real, y::Real) = y <= x
div(x::Real, y::Real) = div(_promote_for("div", x, y)...)
÷(x::Real, y::Real) = div(x, y)
rem(x::Real, y::Real) = rem(_promote_for("rem", x, y)...)
%(x::Real, y::Real) = rem(x, y)
mod(x::Real, y::Real) = mod(_promote_for("mod", x, y)...)
&(x::Integer, y::Integer) = &(_promote_for("&", x, y)...)
|(x::Integer, y::Integer) = |(_promote_for("|", x, y)...)
xor(x::Integer, y::Integer) = xor(_promote_for("xor", x, y)...)
# Reals order by `<` unless a type says otherwise (the builtin numbers have exact methods).
isless(x::Real, y::Real) = x < y

max(x::Real, y::Real) = max(promote(x, y)...)
min(x::Real, y::Real) = min(promote(x, y)...)
max(x::T, y::T) where {T<:Real} = isless(x, y) ? y : x
min(x::T, y::T) where {T<:Real} = isless(y, x) ? y : x

# `zero(T)`, `one(T)` of a number type the runtime does not know (a user's): the conversion
# of `0` or `1`, as Julia's fallbacks.
zero(::Type{T}) where {T<:Number} = convert(T, 0)
one(::Type{T}) where {T<:Number} = convert(T, 1)
zero(x::Number) = zero(typeof(x))
one(x::Number) = one(typeof(x))
