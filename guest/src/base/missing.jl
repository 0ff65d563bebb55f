# `missing` and three-valued logic, as Julia's base/missing.jl (`Missing` itself is in Julia's
# essentials.jl); `Some` and `coalesce` as in its some.jl.

struct Missing end
const missing = Missing()

ismissing(x) = x === missing

show(io::IO, x::Missing) = print(io, "missing")

struct MissingException <: Exception
    msg::AbstractString
end
showerror(io::IO, ex::MissingException) = print(io, "MissingException: ", ex.msg)

nonmissingtype(::Type{Missing}) = Union{}
nonmissingtype(::Type{Union{T, Missing}}) where {T} = T
nonmissingtype(::Type{T}) where {T} = T
nonmissingtype(::Type{Any}) = Any

promote_rule(::Type{Missing}, ::Type{T}) where {T} = Union{T, Missing}
promote_rule(::Type{T}, ::Type{Missing}) where {T} = Union{T, Missing}
promote_rule(::Type{Missing}, ::Type{Missing}) = Missing
promote_rule(::Type{Missing}, ::Type{Any}) = Any
promote_rule(::Type{Any}, ::Type{Missing}) = Any

convert(::Type{Missing}, ::Missing) = missing
# Conversion to a union with `Missing` or `Nothing` (`Union{Nothing, Float64}[1, nothing]`):
# to the other member, as Julia's `convert(::Type{T}, x) where {T>:Nothing}`.
convert(::Type{Union{Missing, T}}, x::Missing) where {T} = x
convert(::Type{Union{Missing, T}}, x) where {T} = convert(T, x)
convert(::Type{Union{Nothing, T}}, x::Nothing) where {T} = x
convert(::Type{Union{Nothing, T}}, x) where {T} = convert(T, x)

# Comparison operators
==(::Missing, ::Missing) = missing
==(::Missing, ::Any) = missing
==(::Any, ::Missing) = missing
!=(::Missing, ::Missing) = missing
!=(::Missing, ::Any) = missing
!=(::Any, ::Missing) = missing
isequal(::Missing, ::Missing) = true
isequal(::Missing, ::Any) = false
isequal(::Any, ::Missing) = false
<(::Missing, ::Missing) = missing
<(::Missing, ::Any) = missing
<(::Any, ::Missing) = missing
<=(::Missing, ::Missing) = missing
<=(::Missing, ::Any) = missing
<=(::Any, ::Missing) = missing
isless(::Missing, ::Missing) = false
isless(::Missing, ::Any) = false
isless(::Any, ::Missing) = true

# Unary operators/functions
for f in (:!, :+, :-, :identity, :zero, :one, :abs, :abs2, :sign, :atan, :sin, :cos, :tan,
          :exp, :log, :log10, :log2, :sqrt, :iseven, :isodd, :isfinite, :isinf, :isinteger,
          :isnan, :iszero, :float)
    @eval $f(::Missing) = missing
end

# Binary operators/functions
for f in (:+, :-, :*, :/, :^, :div, :mod, :fld, :rem)
    @eval $f(::Missing, ::Missing) = missing
    @eval $f(::Missing, ::Number) = missing
    @eval $f(::Number, ::Missing) = missing
end

min(::Missing, ::Missing) = missing
min(::Missing, ::Any) = missing
min(::Any, ::Missing) = missing
max(::Missing, ::Missing) = missing
max(::Missing, ::Any) = missing
max(::Any, ::Missing) = missing

# Rounding
for f in (:ceil, :floor, :round, :trunc)
    @eval $f(::Missing) = missing
    @eval $f(::Type{T}, ::Missing) where {T} =
        throw(MissingException(string("cannot convert a missing value to type ", T)))
end

# Bit operators
(&)(::Missing, ::Missing) = missing
(&)(a::Missing, b::Bool) = ifelse(b, missing, false)
(&)(b::Bool, a::Missing) = ifelse(b, missing, false)
(&)(::Missing, ::Integer) = missing
(&)(::Integer, ::Missing) = missing
(|)(::Missing, ::Missing) = missing
(|)(a::Missing, b::Bool) = ifelse(b, true, missing)
(|)(b::Bool, a::Missing) = ifelse(b, true, missing)
(|)(::Missing, ::Integer) = missing
(|)(::Integer, ::Missing) = missing
xor(::Missing, ::Missing) = missing
xor(a::Missing, b::Bool) = missing
xor(b::Bool, a::Missing) = missing
xor(::Missing, ::Integer) = missing
xor(::Integer, ::Missing) = missing

*(d::Missing, x::AbstractString) = missing
*(d::AbstractString, x::Missing) = missing

# `skipmissing(itr)`: the elements of `itr` that are not `missing`.
skipmissing(itr) = SkipMissing(itr)

struct SkipMissing{T}
    x::T
end
eltype(itr::SkipMissing) = nonmissingtype(eltype(itr.x))

function iterate(itr::SkipMissing, state...)
    y = iterate(itr.x, state...)
    while y !== nothing
        item, s = y
        item isa Missing || return (item, s)
        y = iterate(itr.x, s)
    end
    return nothing
end

function show(io::IO, s::SkipMissing)
    print(io, "skipmissing(")
    show(io, s.x)
    print(io, ')')
end

# `coalesce(x, y...)`: the first argument that is not `missing`.
coalesce() = missing
coalesce(x::Missing, y...) = coalesce(y...)
coalesce(x, y...) = x

# Array equality is three-valued too: `missing` when no elements differ and some comparison
# was `missing` (Julia's `==(::AbstractArray, ::AbstractArray)`).
function ==(A::Array, B::Array)
    size(A) == size(B) || return false
    anymissing = false
    for i in 1:length(A)
        eq = A[i] == B[i]
        if eq === missing
            anymissing = true
        elseif !eq
            return false
        end
    end
    return anymissing ? missing : true
end
