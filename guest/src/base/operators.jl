# Partially applied operators (`==(x)`, `<(x)`, `in(x)`, …), as Julia's `Base.Fix1`/`Fix2`,
# and `∉`.

struct Fix1{F,T} <: Function
    f::F
    x::T
end

struct Fix2{F,T} <: Function
    f::F
    x::T
end

(f::Fix1)(y) = f.f(f.x, y)
(f::Fix2)(y) = f.f(y, f.x)

==(x) = Fix2(==, x)
!=(x) = Fix2(!=, x)
isequal(x) = Fix2(isequal, x)
<(x) = Fix2(<, x)
<=(x) = Fix2(<=, x)
>(x) = Fix2(>, x)
>=(x) = Fix2(>=, x)
in(x) = Fix2(in, x)
const ∈ = in
startswith(x) = Fix2(startswith, x)
endswith(x) = Fix2(endswith, x)

∉(x, itr) = !in(x, itr)

# Unicode spellings of comparisons are the same functions (`filter(≥(2), xs)`).
const ≤ = <=
const ≥ = >=
const ≡ = ===

# `f ∘ g`: the composition, `(f ∘ g)(x) == f(g(x))`.
struct ComposedFunction{O,I} <: Function
    outer::O
    inner::I
end

(c::ComposedFunction)(xs...; kw...) = c.outer(c.inner(xs...; kw...))
∘(f) = f
∘(f, g) = ComposedFunction(f, g)
∘(f, g, h...) = ∘(f ∘ g, h...)

function show(io::IO, c::ComposedFunction)
    show(io, c.outer)
    print(io, " ∘ ")
    show(io, c.inner)
end
# The generic orders, as Julia's: `<` is `isless` unless a type says otherwise.
<(x, y) = isless(x, y)
>(x, y) = y < x
<=(x, y) = (x < y) | (x == y)
>=(x, y) = y <= x

reinterpret(::Type{T}, x) where {T} = Core.Intrinsics.bitcast(T, x)

_unsigned_of_size(n) = n == 1 ? UInt8 : n == 2 ? UInt16 : n == 4 ? UInt32 : n == 16 ? UInt128 : UInt64

keys(v::AbstractVector) = 1:length(v)
values(v::AbstractVector) = v

Char(x::Union{Int8,Int16,Int32,UInt8,UInt16,UInt32,UInt64}) = Char(Int(x))

# `!f`: the function returning the negation of `f`.
struct _Negated{F} <: Function
    f::F
end
(n::_Negated)(x...) = !n.f(x...)
!(f::Function) = _Negated(f)

Symbol(s::Symbol) = s
Symbol(x1, x2, xs...) = Symbol(string(x1, x2, xs...))

Tuple(v::AbstractVector) = tuple(v...)

function tryparse(::Type{T}, s::AbstractString) where {T}
    try
        return parse(T, s)
    catch e
        e isa ArgumentError || rethrow(e)
        return nothing
    end
end

# Collections.
function get!(d::AbstractDict, key, default)
    haskey(d, key) && return d[key]
    d[key] = default
    return default
end

function get!(f::Function, d::AbstractDict, key)
    haskey(d, key) && return d[key]
    v = f()
    d[key] = v
    return v
end

function splice!(v::AbstractVector, i::Integer)
    x = v[i]
    deleteat!(v, i)
    return x
end

ntuple(f, n::Integer) = Tuple(map(f, 1:n))

getindex(t::Tuple, r::UnitRange) = ntuple(i -> t[first(r) + i - 1], length(r))

# `range(start, stop; step)`, `range(start; stop, step, length)`, `range(start, stop, length)`
# as Julia's base/range.jl: integers give integer ranges except with `stop` and `length`;
# floats give the `StepRangeLen` of base/twiceprecision.jl.
function range(start; stop = nothing, length = nothing, step = nothing)
    if length === nothing
        stop === nothing && throw(ArgumentError("range needs `stop` or `length`"))
        return step === nothing ? (start:stop) : (start:step:stop)
    end
    length < 0 && throw(ArgumentError(string("length cannot be negative, got ", length)))
    if stop !== nothing
        step === nothing || throw(ArgumentError("Too many arguments specified; try passing only one of `stop` or `length`"))
        if start isa Integer && stop isa Integer
            return _linspace(Float64, start, stop, length, 1)
        end
        return _range_length(Float64(start), Float64(stop), length)
    end
    st = step === nothing ? one(start) : step
    if start isa Integer && st isa Integer
        return start:st:(start + (length - 1) * st)
    end
    return _range_step_length(Float64(start), Float64(st), length)
end
range(start, stop; length = nothing, step = nothing) = range(start; stop = stop, length = length, step = step)
range(start, stop, length::Integer) = range(start; stop = stop, length = length)

# Symbols order as their names' bytes (Julia's `strcmp`).
isless(a::Symbol, b::Symbol) = isless(string(a), string(b))
<(a::Symbol, b::Symbol) = isless(a, b)

# Julia's fallbacks for any real number type (a user's): the sign from `x < 0`.
signbit(x::Real) = x < 0
abs(x::Real) = signbit(x) ? -x : x

# Left division: `x \ y` is `y / x` for numbers (LinearAlgebra adds matrices).
\(x::Number, y::Number) = y / x
