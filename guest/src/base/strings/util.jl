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
function join(xs, delim, last)
    items = collect(xs)
    n = length(items)
    out = IOBuffer()
    for (i, x) in enumerate(items)
        i > 1 && print(out, i == n ? last : delim)
        print(out, x)
    end
    return String(take!(out))
end

# `join(io, xs, delim)` and `join(io, xs, delim, last)`: printed to `io` (base/strings/io.jl).
function join(io::IO, xs, delim = "")
    first = true
    for x in xs
        first ? (first = false) : print(io, delim)
        print(io, x)
    end
    return nothing
end
function join(io::IO, xs, delim, last)
    items = collect(xs)
    n = length(items)
    for (i, x) in enumerate(items)
        i > 1 && print(io, i == n ? last : delim)
        print(io, x)
    end
    return nothing
end

startswith(s::AbstractString, c::AbstractChar) = !isempty(s) && first(s) == c
endswith(s::AbstractString, c::AbstractChar) = !isempty(s) && last(s) == c

# `parse(Int, '7')`: the digit's value.
function parse(::Type{T}, c::AbstractChar; base::Integer = 10) where {T<:Integer}
    d = '0' <= c <= '9' ? c - '0' : 'a' <= c <= 'z' ? c - 'a' + 10 : 'A' <= c <= 'Z' ? c - 'A' + 10 : 99
    d < base || throw(ArgumentError("invalid base $base digit $(repr(c))"))
    return convert(T, d)
end
# `parse(T, s; base)` for integer types, as Julia's base/parse.jl `tryparse_internal`: spaces
# around, a sign, a `0x`/`0o`/`0b` prefix when no base is given, digits `0-9a-zA-Z`.
parse(::Type{T}, s::AbstractString; base::Union{Nothing, Integer} = nothing) where {T<:Signed} =
    _parse_int(T, s, base, true)
parse(::Type{T}, s::AbstractString; base::Union{Nothing, Integer} = nothing) where {T<:Unsigned} =
    _parse_int(T, s, base, true)
tryparse(::Type{T}, s::AbstractString; base::Union{Nothing, Integer} = nothing) where {T<:Signed} =
    _parse_int(T, s, base, false)
tryparse(::Type{T}, s::AbstractString; base::Union{Nothing, Integer} = nothing) where {T<:Unsigned} =
    _parse_int(T, s, base, false)

function _parse_int(::Type{T}, s::AbstractString, base, raise::Bool) where {T}
    if base !== nothing && !(2 <= base <= 62)
        throw(ArgumentError(string("invalid base: base must be 2 ≤ base ≤ 62, got ", base)))
    end
    cs = collect(s)
    n = length(cs)
    i = 1
    while i <= n && isspace(cs[i])
        i += 1
    end
    if i > n
        raise && throw(ArgumentError("input string is empty or only contains whitespace"))
        return nothing
    end
    neg = false
    if cs[i] == '-' || cs[i] == '+'
        neg = cs[i] == '-'
        i += 1
    end
    b = base === nothing ? 10 : Int(base)
    if base === nothing && i + 1 <= n && cs[i] == '0'
        p = cs[i + 1]
        b = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 10
        b == 10 || (i += 2)
    end
    if i > n
        raise && throw(ArgumentError(string("premature end of integer: ", repr(s))))
        return nothing
    end
    if neg && T <: Unsigned
        raise && throw(ArgumentError(string("invalid base ", b, " digit '-' in ", repr(s))))
        return nothing
    end
    x = zero(T)
    bT = convert(T, b)
    while i <= n
        c = cs[i]
        if isspace(c)
            # Only spaces may follow.
            while i <= n
                if !isspace(cs[i])
                    raise && throw(ArgumentError(string("extra characters after whitespace in ", repr(s))))
                    return nothing
                end
                i += 1
            end
            break
        end
        d = '0' <= c <= '9' ? Int(c) - Int('0') :
            'A' <= c <= 'Z' ? Int(c) - Int('A') + 10 :
            'a' <= c <= 'z' ? Int(c) - Int('a') + (b <= 36 ? 10 : 36) : 99
        if d >= b
            raise && throw(ArgumentError(string("invalid base ", b, " digit ", repr(c), " in ", repr(s))))
            return nothing
        end
        y = try
            neg ? checked_sub(checked_mul(x, bT), convert(T, d)) :
                  checked_add(checked_mul(x, bT), convert(T, d))
        catch e
            e isa OverflowError || rethrow(e)
            raise && throw(OverflowError(string("overflow parsing ", repr(s))))
            return nothing
        end
        x = y
        i += 1
    end
    return x
end

# `replace(s, pat => r, …; count)`: at each position the first pattern that matches is
# replaced; a pattern is a string, a character, characters (a vector, tuple or set) or a
# predicate on characters; a replacement is printed, or called on the match first if it is a
# function.
function replace(s::AbstractString, pats::Pair...; count::Integer = typemax(Int))
    count < 0 && throw(DomainError(count, "`count` must be non-negative."))
    cs = collect(s)
    n = length(cs)
    out = IOBuffer()
    done = 0
    i = 1
    while i <= n + 1
        m = done < count ? _replace_match(cs, i, pats) : nothing
        if m !== nothing
            len, r = m
            matched = String(cs[i:i + len - 1])
            print(out, r isa Function ? r(matched) : r)
            done += 1
            if len > 0
                i += len
                continue
            end
        end
        i <= n && print(out, cs[i])
        i += 1
    end
    return String(take!(out))
end

# The length of the first pattern matching at character `i`, and its replacement.
function _replace_match(cs, i, pats)
    n = length(cs)
    for p in pats
        pat = p.first
        if pat isa AbstractString
            m = length(pat)
            if i + m - 1 <= n && (m > 0 || i <= n + 1)
                pc = collect(pat)
                ok = true
                for k in 1:m
                    if cs[i + k - 1] != pc[k]
                        ok = false
                        break
                    end
                end
                ok && return (m, p.second)
            end
        elseif i <= n
            c = cs[i]
            hit = pat isa AbstractChar ? c == pat :
                  pat isa Function ? pat(c) : c in pat
            hit && return (1, p.second)
        end
    end
    return nothing
end

# `replace(A, old => new, …; count)` on collections: a copy with elements replaced.
function replace(A::AbstractArray, pats::Pair...; count::Integer = typemax(Int))
    B = copy(A)
    done = 0
    for i in 1:length(B)
        done >= count && break
        for p in pats
            if isequal(B[i], p.first)
                B[i] = p.second
                done += 1
                break
            end
        end
    end
    return B
end

codepoint(c::Char) = UInt32(Int(c))

# The characters of `s` for which `f` holds, as a string.
function filter(f, s::AbstractString)
    out = IOBuffer()
    for c in s
        f(c) && print(out, c)
    end
    return String(take!(out))
end

repeat(c::AbstractChar, n::Integer) = repeat(string(c), n)

# The columns a character or string takes in a terminal (Julia's base/strings/unicode.jl, over
# utf8proc's `charwidth`: the `_textwidth` builtin).
textwidth(c::AbstractChar) = _textwidth(c)
function textwidth(s::AbstractString)
    w = 0
    for c in s
        w += textwidth(c)
    end
    return w
end

# Character classes of Julia's base/strings/unicode.jl. `isprint` is approximated without a
# general-category table: assigned, not a control character, not a separator other than ' '
# (format characters such as U+200B count as printable here; Julia's do not).
iscntrl(c::AbstractChar) = c <= '\x1f' || '\x7f' <= c <= '\u9f'
isxdigit(c::AbstractChar) = '0' <= c <= '9' || 'a' <= c <= 'f' || 'A' <= c <= 'F'
isprint(c::AbstractChar) = c == ' ' || (!iscntrl(c) && !isspace(c) && _isassigned(c))
