# String indices over UTF-8 code units, as in Julia's base/strings/basic.jl and string.jl:
# `isvalid`, `nextind`, `prevind` with a count, `thisind`.

_is_continuation(b::UInt8) = (b & 0xc0) == 0x80

isvalid(s::String, i::Integer) = 1 <= i <= ncodeunits(s) && !_is_continuation(codeunit(s, i))

function nextind(s::String, i::Integer)
    n = ncodeunits(s)
    i == 0 && return 1
    (i < 0 || i > n) && throw(BoundsError(s, i))
    j = i + 1
    while j <= n && _is_continuation(codeunit(s, j))
        j += 1
    end
    return j
end

# `n` characters on from `i`; past the end, each further step counts one code unit.
function nextind(s::String, i::Integer, n::Integer)
    n < 0 && throw(ArgumentError("n cannot be negative: $n"))
    z = ncodeunits(s)
    0 <= i <= z || throw(BoundsError(s, i))
    n == 0 && return thisind(s, i) == i ? i : throw(ArgumentError("invalid index $i"))
    while n > 0 && i < z
        i += 1
        n -= isvalid(s, i)
    end
    return i + n
end

function prevind(s::String, i::Integer, n::Integer)
    n < 0 && throw(ArgumentError("n cannot be negative: $n"))
    z = ncodeunits(s) + 1
    0 < i <= z || throw(BoundsError(s, i))
    n == 0 && return thisind(s, i) == i ? i : throw(ArgumentError("invalid index $i"))
    while n > 0 && 1 < i
        i -= 1
        n -= isvalid(s, i)
    end
    return i - n
end

function thisind(s::String, i::Integer)
    i == 0 && return 0
    n = ncodeunits(s)
    i == n + 1 && return i
    (i < 0 || i > n) && throw(BoundsError(s, i))
    while i > 1 && _is_continuation(codeunit(s, i))
        i -= 1
    end
    return i
end

# `s[3:-1:1]`, `s[[1, 3]]`: the characters at those indices, as a new string (Julia's
# `getindex(s::AbstractString, v::AbstractVector{<:Integer})`; a unit range is a substring
# copy, done by the runtime).
function getindex(s::AbstractString, v::Union{StepRange{Int64, Int64}, Vector{Int64}})
    io = IOBuffer()
    for i in v
        print(io, s[i])
    end
    return String(take!(io))
end
