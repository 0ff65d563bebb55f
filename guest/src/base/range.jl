# Ranges beyond the Rust `UnitRange{Int64}` and `StepRange{Int64, Int64}` (Julia's
# base/range.jl): `Base.OneTo`, `Base.Slice`, ranges indexed by ranges, and ranges of
# characters.

const Colon = typeof(:)

# `Base.OneTo(n)`: `1:n` as a type of its own (Julia's `AbstractUnitRange`).
struct OneTo{T} <: AbstractRange{T}
    stop::T
end
OneTo(r::OneTo) = r

# `Base.Slice(r)`: the indices of a whole dimension (a colon).
struct Slice{T} <: AbstractRange{Int64}
    indices::T
end

for R in (OneTo, Slice)
    @eval begin
        size(r::$R) = (length(r),)
        size(r::$R, d::Integer) = d == 1 ? length(r) : 1
        first(r::$R) = 1
        step(r::$R) = 1
        lastindex(r::$R) = length(r)
        firstindex(r::$R) = 1
        iterate(r::$R, i = 1) = i > length(r) ? nothing : (i, i + 1)
        getindex(r::$R, i::Integer) =
            1 <= i <= length(r) ? Int(i) : throw(BoundsError(r, i))
        getindex(r::$R, s::AbstractVector) = [r[i] for i in s]
        getindex(r::$R, s::UnitRange) = (checkbounds(r, s); s)
        getindex(r::$R, s::$R) = (checkbounds(r, s); s)
        getindex(r::$R, ::Colon) = r
        collect(r::$R) = collect(1:length(r))
        copy(r::$R) = r
        in(x, r::$R) = x isa Integer && 1 <= x <= length(r)
        ==(a::$R, b::$R) = length(a) == length(b)
        ==(a::$R, b::AbstractRange) = (1:length(a)) == b
        ==(a::AbstractRange, b::$R) = a == (1:length(b))
    end
end
length(r::OneTo) = Int(r.stop)
last(r::OneTo) = Int(r.stop)
length(r::Slice) = length(r.indices)
last(r::Slice) = length(r.indices)
show(io::IO, r::OneTo) = print(io, "Base.OneTo(", r.stop, ")")
show(io::IO, r::Slice) = (print(io, "Base.Slice("); show(io, r.indices); print(io, ")"))

# Julia's `checkbounds(Bool, r, s)` of a range of indices into a range.
checkbounds(::Type{Bool}, r::AbstractRange, s::AbstractRange) =
    isempty(s) || (1 <= first(s) <= length(r) && 1 <= last(s) <= length(r))

function getindex(r::StepRange{Int64, Int64}, i::Integer)
    (1 <= i <= length(r)) || throw(BoundsError(r, i))
    return first(r) + (i - 1) * step(r)
end

# A range indexed by a range is a range (`(2:5)[2:3] == 3:4`).
function getindex(r::UnitRange{Int64}, s::UnitRange{Int64})
    checkbounds(Bool, r, s) || throw(BoundsError(r, s))
    return (first(r) + first(s) - 1):(first(r) + last(s) - 1)
end
function getindex(r::UnitRange{Int64}, s::StepRange{Int64, Int64})
    checkbounds(Bool, r, s) || throw(BoundsError(r, s))
    return (first(r) + first(s) - 1):step(s):(first(r) + last(s) - 1)
end
function getindex(r::StepRange{Int64, Int64}, s::AbstractRange{Int64})
    checkbounds(Bool, r, s) || throw(BoundsError(r, s))
    isempty(s) && return first(r):step(r) * step(s):(first(r) - step(r) * step(s))
    return r[first(s)]:(step(r) * step(s)):r[last(s)]
end
getindex(r::Union{UnitRange{Int64}, StepRange{Int64, Int64}}, s::Union{OneTo, Slice}) =
    (checkbounds(Bool, r, s) || throw(BoundsError(r, s)); r)

# ----- ranges of characters -----

# `'a':'e'` is `StepRange{Char, Int64}` with step 1 (Julia's `(:)(start::T, stop::T)` takes the
# step's type from `stop - start`); its last element is the last one reached from `start`.
function _char_range(a::Char, s::Int64, b::Char)
    s == 0 && throw(ArgumentError("step cannot be zero"))
    d = b - a
    last = if (s > 0 && d < 0) || (s < 0 && d > 0)
        a - s
    else
        a + div(d, s) * s
    end
    return StepRange{Char, Int64}(a, s, last)
end
(:)(a::Char, b::Char) = _char_range(a, 1, b)
(:)(a::Char, s::Integer, b::Char) = _char_range(a, Int64(s), b)

const _CharRange = StepRange{Char, Int64}
first(r::_CharRange) = r.start
last(r::_CharRange) = r.stop
step(r::_CharRange) = r.step
length(r::_CharRange) = max(0, div(r.stop - r.start, r.step) + 1)
size(r::_CharRange) = (length(r),)
size(r::_CharRange, d::Integer) = d == 1 ? length(r) : 1
isempty(r::_CharRange) = length(r) == 0
eltype(::_CharRange) = Char
eltype(::Type{_CharRange}) = Char
firstindex(r::_CharRange) = 1
lastindex(r::_CharRange) = length(r)
function iterate(r::_CharRange, i = 0)
    i >= length(r) && return nothing
    return (r.start + i * r.step, i + 1)
end
function getindex(r::_CharRange, i::Integer)
    (1 <= i <= length(r)) || throw(BoundsError(r, i))
    return r.start + (i - 1) * r.step
end
getindex(r::_CharRange, s::AbstractVector) = Char[r[i] for i in s]
function in(c::Char, r::_CharRange)
    isempty(r) && return false
    d = c - r.start
    return d % r.step == 0 && 0 <= div(d, r.step) < length(r)
end
in(c, r::_CharRange) = false
collect(r::_CharRange) = Char[c for c in r]
copy(r::_CharRange) = r
reverse(r::_CharRange) = isempty(r) ? _char_range(r.stop, -r.step, r.start) : _char_range(r.stop, -r.step, r.start)
==(a::_CharRange, b::_CharRange) =
    (isempty(a) && isempty(b)) || (a.start == b.start && a.step == b.step && a.stop == b.stop)
show(io::IO, r::_CharRange) = (show(io, r.start); print(io, ":"); show(io, r.step); print(io, ":"); show(io, r.stop))
