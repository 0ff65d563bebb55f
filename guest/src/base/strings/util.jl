# String utilities, after Julia's base/strings/util.jl: `first`/`last` of a string,
# `uppercasefirst`, `lowercasefirst`, `titlecase`, `chop`, `strip` with characters,
# `findfirst`/`findlast`/`findnext`/`findprev` of characters and substrings, `ispunct`, `sprint`.

first(s::AbstractString, n::Integer) = s[1:min(lastindex(s), nextind(s, 0, n))]

function last(s::AbstractString, n::Integer)
    n < 0 && throw(ArgumentError("requested number of characters must be non-negative"))
    return s[max(firstindex(s), prevind(s, ncodeunits(s) + 1, n)):lastindex(s)]
end

function uppercasefirst(s::AbstractString)
    isempty(s) && return s
    c = s[1]
    return string(titlecase(c), s[nextind(s, 1):end])
end

function lowercasefirst(s::AbstractString)
    isempty(s) && return s
    c = s[1]
    return string(lowercase(c), s[nextind(s, 1):end])
end

titlecase(c::AbstractChar) = uppercase(c)

# Each word (a run of letters, by default) starts upper case; with `strict` the rest is
# lowered.
function titlecase(s::AbstractString; wordsep = !isletter, strict::Bool = true)
    out = IOBuffer()
    startword = true
    for c in s
        if wordsep(c)
            print(out, c)
            startword = true
        else
            print(out, startword ? titlecase(c) : (strict ? lowercase(c) : c))
            startword = false
        end
    end
    return String(take!(out))
end

function chop(s::AbstractString; head::Integer = 0, tail::Integer = 1)
    if head < 0 || tail < 0
        throw(ArgumentError("Requested head ($head) and tail ($tail) must be non-negative"))
    end
    n = length(s)
    head + tail >= n && return ""
    return s[nextind(s, 0, head + 1):prevind(s, ncodeunits(s) + 1, tail + 1)]
end

_strip_pred(c::AbstractChar) = x -> x == c
_strip_pred(cs::Union{AbstractVector,Tuple}) = x -> x in cs
_strip_pred(f) = f

function lstrip(f, s::AbstractString)
    for (i, c) in zip(eachindex(s), s)
        f(c) || return s[i:end]
    end
    return ""
end

function rstrip(f, s::AbstractString)
    i = lastindex(s)
    while i >= firstindex(s)
        f(s[i]) || return s[1:i]
        i = prevind(s, i)
    end
    return ""
end

lstrip(s::AbstractString, chars) = lstrip(_strip_pred(chars), s)
rstrip(s::AbstractString, chars) = rstrip(_strip_pred(chars), s)
strip(s::AbstractString, chars) = strip(_strip_pred(chars), s)
strip(f, s::AbstractString) = lstrip(f, rstrip(f, s))

# Searching. A character or predicate finds an index; a string finds a range of indices.
function findnext(f::Function, s::AbstractString, i::Integer)
    while i <= ncodeunits(s)
        f(s[i]) && return i
        i = nextind(s, i)
    end
    return nothing
end

function findprev(f::Function, s::AbstractString, i::Integer)
    while i >= 1
        f(s[i]) && return i
        i = prevind(s, i)
    end
    return nothing
end

findnext(c::AbstractChar, s::AbstractString, i::Integer) = findnext(==(c), s, i)
findprev(c::AbstractChar, s::AbstractString, i::Integer) = findprev(==(c), s, i)
findfirst(f::Function, s::AbstractString) = findnext(f, s, 1)
findlast(f::Function, s::AbstractString) = findprev(f, s, lastindex(s))
findfirst(c::AbstractChar, s::AbstractString) = findnext(==(c), s, 1)
findlast(c::AbstractChar, s::AbstractString) = findprev(==(c), s, lastindex(s))

function findnext(t::AbstractString, s::AbstractString, i::Integer)
    n = ncodeunits(t)
    while i + n - 1 <= ncodeunits(s)
        if startswith(s[i:end], t)
            return i:(i + n - 1 == i - 1 ? i - 1 : prevind(s, i + n))
        end
        i = nextind(s, i)
    end
    return nothing
end

function findprev(t::AbstractString, s::AbstractString, i::Integer)
    n = ncodeunits(t)
    j = min(i, ncodeunits(s) - n + 1)
    while j >= 1
        if isvalid(s, j) && startswith(s[j:end], t)
            return j:(n == 0 ? j - 1 : prevind(s, j + n))
        end
        j -= 1
    end
    return nothing
end

findfirst(t::AbstractString, s::AbstractString) = findnext(t, s, 1)
findlast(t::AbstractString, s::AbstractString) = findprev(t, s, ncodeunits(s))

# Arrays: the index of the next (previous) element satisfying `f`.
function findnext(f::Function, xs::AbstractVector, i::Integer)
    for j in i:lastindex(xs)
        f(xs[j]) && return j
    end
    return nothing
end

function findprev(f::Function, xs::AbstractVector, i::Integer)
    for j in i:-1:firstindex(xs)
        f(xs[j]) && return j
    end
    return nothing
end

findlast(f::Function, xs::AbstractVector) = findprev(f, xs, lastindex(xs))

# Punctuation (Unicode categories Pc, Pd, Ps, Pe, Pi, Pf, Po). Only ASCII is classified so
# far: a non-ASCII character is never punctuation here.
ispunct(c::AbstractChar) = c in "!\"#%&'()*,-./:;?@[\\]_{}"

# `sprint(f, args...)`: what `f(io, args...)` writes, as a string.
function sprint(f, args...)
    io = IOBuffer()
    f(io, args...)
    return String(take!(io))
end

occursin(c::AbstractChar, s::AbstractString) = c in s

# Non-overlapping occurrences of `t` in `s` (`overlap = true` counts every start).
function count(t::AbstractString, s::AbstractString; overlap::Bool = false)
    n = 0
    i = 1
    while true
        r = findnext(t, s, i)
        r === nothing && break
        n += 1
        i = overlap || isempty(r) ? nextind(s, first(r)) : nextind(s, last(r))
        i > ncodeunits(s) + 1 && break
    end
    return n
end

isascii(c::AbstractChar) = Int(c) < 0x80
isascii(s::AbstractString) = all(isascii, s)

# `join(xs, delim, last)`: `last` goes between the final two.
function join(xs, delim::AbstractString, last::AbstractString)
    items = collect(xs)
    n = length(items)
    out = IOBuffer()
    for (i, x) in enumerate(items)
        i > 1 && print(out, i == n ? last : delim)
        print(out, x)
    end
    return String(take!(out))
end

startswith(s::AbstractString, c::AbstractChar) = !isempty(s) && first(s) == c
endswith(s::AbstractString, c::AbstractChar) = !isempty(s) && last(s) == c

# `parse(Int, '7')`: the digit's value.
function parse(::Type{T}, c::AbstractChar; base::Integer = 10) where {T<:Integer}
    d = '0' <= c <= '9' ? c - '0' : 'a' <= c <= 'z' ? c - 'a' + 10 : 'A' <= c <= 'Z' ? c - 'A' + 10 : 99
    d < base || throw(ArgumentError("invalid base $base digit $(repr(c))"))
    return convert(T, d)
end

# The characters of `s` for which `f` holds, as a string.
function filter(f, s::AbstractString)
    out = Char[]
    for c in s
        f(c) && push!(out, c)
    end
    return String(out)
end
