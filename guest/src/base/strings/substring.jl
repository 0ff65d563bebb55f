# `SubString`, as in Julia's base/strings/substring.jl: a view of part of a string (its parent,
# the byte offset before the first code unit, and the number of code units). Indices into a
# SubString are relative to it. The string builtins take one as they take a `String`.

struct SubString{T<:AbstractString} <: AbstractString
    string::T
    offset::Int
    ncodeunits::Int
    function SubString(s::String, i::Integer, j::Integer)
        j < i && return new{String}(s, Int(i) - 1, 0)
        # An index out of bounds or inside a character: `getindex` throws Julia's error.
        (isvalid(s, i) && isvalid(s, j)) || s[i:j]
        return new{String}(s, Int(i) - 1, nextind(s, j) - i)
    end
end

SubString(s::String, i::Integer) = SubString(s, i, lastindex(s))
SubString(s::String, r::UnitRange) = SubString(s, first(r), last(r))
SubString(s::String) = Core._new(SubString{String}, s, 0, ncodeunits(s))
SubString(s::SubString{String}) = s
function SubString(s::SubString{String}, i::Integer, j::Integer)
    j < i && return Core._new(SubString{String}, s.string, s.offset + Int(i) - 1, 0)
    return SubString(s.string, s.offset + i, s.offset + j)
end
SubString(s::SubString{String}, i::Integer) = SubString(s, i, lastindex(s))
SubString(s::SubString{String}, r::UnitRange) = SubString(s, first(r), last(r))

String(s::SubString{String}) = _substring_string(s)
string(s::SubString{String}) = String(s)
convert(::Type{String}, s::SubString{String}) = String(s)
convert(::Type{SubString{String}}, s::String) = SubString(s)

ncodeunits(s::SubString{String}) = s.ncodeunits
codeunit(s::SubString{String}, i::Integer) = codeunit(s.string, s.offset + i)
isvalid(s::SubString{String}, i::Integer) = 1 <= i <= s.ncodeunits && isvalid(s.string, s.offset + i)
length(s::SubString{String}) = length(String(s))
isempty(s::SubString{String}) = s.ncodeunits == 0
lastindex(s::SubString{String}) = s.ncodeunits == 0 ? 0 : thisind(s.string, s.offset + s.ncodeunits) - s.offset
firstindex(s::SubString{String}) = 1
iterate(s::SubString{String}) = iterate(String(s))
iterate(s::SubString{String}, i) = iterate(String(s), i)
getindex(s::SubString{String}, i) = String(s)[i]
nextind(s::SubString{String}, i::Integer) = nextind(String(s), i)
prevind(s::SubString{String}, i::Integer) = prevind(String(s), i)
thisind(s::SubString{String}, i::Integer) = thisind(String(s), i)
parent(s::SubString) = s.string
parentindices(s::SubString) = (s.offset + 1:s.offset + s.ncodeunits,)

==(a::SubString{String}, b::SubString{String}) = String(a) == String(b)
==(a::SubString{String}, b::String) = String(a) == b
==(a::String, b::SubString{String}) = a == String(b)
isequal(a::SubString{String}, b::AbstractString) = String(a) == String(b)
isequal(a::String, b::SubString{String}) = a == String(b)
isless(a::SubString{String}, b::AbstractString) = isless(String(a), String(b))
isless(a::String, b::SubString{String}) = isless(a, String(b))
Core.sizeof(s::SubString{String}) = s.ncodeunits
Symbol(s::SubString{String}) = Symbol(String(s))
reverse(s::SubString{String}) = reverse(String(s))
<(a::SubString{String}, b::AbstractString) = isless(String(a), String(b))
<(a::String, b::SubString{String}) = isless(a, String(b))
<=(a::SubString{String}, b::AbstractString) = !isless(String(b), String(a))
<=(a::String, b::SubString{String}) = !isless(String(b), a)
>(a::SubString{String}, b::AbstractString) = isless(String(b), String(a))
>(a::String, b::SubString{String}) = isless(String(b), a)
>=(a::SubString{String}, b::AbstractString) = !isless(String(a), String(b))
>=(a::String, b::SubString{String}) = !isless(a, String(b))
