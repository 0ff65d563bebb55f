# Regular expressions, as Julia's base/regex.jl defines them: `Regex` (pattern and PCRE
# options, and the compiled form, made once when the `Regex` is), `r"..."`, `RegexMatch`,
# `match`, `eachmatch`, `findnext`/`findall`, `occursin`, `startswith`/`endswith`,
# `replace` with `s"..."` substitutions, `split` and `count`. The engine is a Rust builtin
# (`_regex_exec`: one search from a byte offset, giving the byte offsets of the match and its
# groups); everything else is here.

abstract type AbstractPattern end

module PCRE
const CASELESS = 0x00000008
const DOTALL = 0x00000020
const EXTENDED = 0x00000080
const MULTILINE = 0x00000400
const UCP = 0x00020000
const UTF = 0x00080000
const ALT_BSUX = 0x00000002
const MATCH_INVALID_UTF = 0x04000000
const NO_UTF_CHECK = 0x40000000
end

const DEFAULT_COMPILER_OPTS = PCRE.UTF | PCRE.MATCH_INVALID_UTF | PCRE.ALT_BSUX | PCRE.UCP
const DEFAULT_MATCH_OPTS = PCRE.NO_UTF_CHECK

mutable struct Regex <: AbstractPattern
    pattern::String
    compile_options::UInt32
    match_options::UInt32
    regex::CompiledRegex
end

function Regex(pattern::AbstractString, compile_options::Integer, match_options::Integer)
    pattern = String(pattern)
    compile_options = UInt32(compile_options)
    match_options = UInt32(match_options)
    return Core._new(Regex, pattern, compile_options, match_options,
                     _regex_compile(pattern, compile_options))
end

function Regex(pattern::AbstractString, flags::AbstractString)
    compile_options = DEFAULT_COMPILER_OPTS
    match_options = DEFAULT_MATCH_OPTS
    for f in flags
        if f == 'a'
            compile_options &= ~PCRE.UCP
            compile_options &= ~PCRE.UTF
            compile_options &= ~PCRE.MATCH_INVALID_UTF
            match_options &= ~PCRE.NO_UTF_CHECK
        else
            compile_options |= f == 'i' ? PCRE.CASELESS :
                               f == 'm' ? PCRE.MULTILINE :
                               f == 's' ? PCRE.DOTALL :
                               f == 'x' ? PCRE.EXTENDED :
                               throw(ArgumentError("unknown regex flag: $f"))
        end
    end
    return Regex(pattern, compile_options, match_options)
end
Regex(pattern::AbstractString) = Regex(pattern, DEFAULT_COMPILER_OPTS, DEFAULT_MATCH_OPTS)

macro r_str(pattern, flags...)
    Regex(pattern, flags...)
end

# `raw"..."`: the text as written (the parser already halved the backslashes before quotes).
macro raw_str(s)
    s
end

# `s` between the quotes of a raw string literal: quotes, and the backslashes before a quote or
# at the end, escaped.
function _backslashes(io::IO, n::Int)
    for _ in 1:n
        print(io, '\\')
    end
end

function escape_raw_string(io::IO, s::AbstractString)
    run = 0
    for c in s
        if c == '\\'
            run += 1
            continue
        end
        _backslashes(io, c == '"' ? 2run + 1 : run)
        run = 0
        print(io, c)
    end
    _backslashes(io, 2run)
    return nothing
end

function show(io::IO, re::Regex)
    imsx = PCRE.CASELESS | PCRE.MULTILINE | PCRE.DOTALL | PCRE.EXTENDED
    ac = PCRE.UTF | PCRE.MATCH_INVALID_UTF | PCRE.UCP
    am = PCRE.NO_UTF_CHECK
    opts = re.compile_options
    mopts = re.match_options
    default = ((opts & ~imsx) | ac) == DEFAULT_COMPILER_OPTS
    if default
        if (opts & ac) == ac
            default = mopts == DEFAULT_MATCH_OPTS
        elseif (opts & ac) == 0
            default = mopts == (DEFAULT_MATCH_OPTS & ~am)
        else
            default = false
        end
    end
    if default
        print(io, "r\"")
        escape_raw_string(io, re.pattern)
        print(io, "\"")
        (opts & PCRE.CASELESS) != 0 && print(io, "i")
        (opts & PCRE.MULTILINE) != 0 && print(io, "m")
        (opts & PCRE.DOTALL) != 0 && print(io, "s")
        (opts & PCRE.EXTENDED) != 0 && print(io, "x")
        (opts & ac) == 0 && print(io, "a")
    else
        print(io, "Regex(")
        show(io, re.pattern)
        print(io, ", ")
        show(io, opts)
        print(io, ", ")
        show(io, mopts)
        print(io, ")")
    end
end

==(a::Regex, b::Regex) = a.pattern == b.pattern && a.compile_options == b.compile_options &&
    a.match_options == b.match_options
isequal(a::Regex, b::Regex) = a == b

abstract type AbstractMatch end

struct RegexMatch{S<:AbstractString} <: AbstractMatch
    match::SubString{S}
    captures::Vector{Union{Nothing,SubString{S}}}
    offset::Int
    offsets::Vector{Int}
    regex::Regex
end

# The index of the group named `name`, or 0.
function _group_number(re::Regex, name)
    names = _regex_names(re.regex)
    key = string(name)
    for i in 1:length(names)
        names[i] == key && return i
    end
    return 0
end

function keys(m::RegexMatch)
    names = _regex_names(m.regex.regex)
    ks = Any[]
    for i in 1:length(m.captures)
        push!(ks, names[i] === nothing ? i : names[i])
    end
    return ks
end

function show(io::IO, m::RegexMatch)
    print(io, "RegexMatch(")
    show(io, m.match)
    capture_keys = keys(m)
    if !isempty(capture_keys)
        print(io, ", ")
        for (i, capture_name) in enumerate(capture_keys)
            print(io, capture_name, "=")
            show(io, m.captures[i])
            if i < length(m)
                print(io, ", ")
            end
        end
    end
    print(io, ")")
end

getindex(m::RegexMatch, idx::Integer) = m.captures[idx]
function getindex(m::RegexMatch, name::Union{AbstractString,Symbol})
    idx = _group_number(m.regex, name)
    idx <= 0 && error("no capture group named $name found in regex")
    return m[idx]
end
haskey(m::RegexMatch, idx::Integer) = 1 <= idx <= length(m.captures)
haskey(m::RegexMatch, name::Union{AbstractString,Symbol}) = _group_number(m.regex, name) > 0
iterate(m::RegexMatch) = iterate(m.captures)
iterate(m::RegexMatch, i) = iterate(m.captures, i)
length(m::RegexMatch) = length(m.captures)
eltype(m::RegexMatch) = eltype(m.captures)

_substr(s::String, from::Int, to::Int) = Core._new(SubString{String}, s, from, to - from)

# The match of `re` in `str` at or after byte index `idx`; `mode` says where it may be (0:
# anywhere, 1: starting at `idx`, 2: ending at the end, 3: starting at `idx` and not empty).
function _match(re::Regex, str::String, idx::Integer, mode::Int)
    ov = _regex_exec(re.regex, str, idx - 1, mode)
    ov === nothing && return nothing
    n = div(length(ov), 2) - 1
    mat = _substr(str, ov[1], ov[2])
    cap = Union{Nothing,SubString{String}}[]
    off = Int[]
    for i in 1:n
        a = ov[2i + 1]
        push!(cap, a < 0 ? nothing : _substr(str, a, ov[2i + 2]))
        push!(off, a + 1)
    end
    return Core._new(RegexMatch{String}, mat, cap, ov[1] + 1, off, re)
end

function match(re::Regex, str::Union{String,SubString{String}}, idx::Integer)
    idx > ncodeunits(str) + 1 && error("PCRE.exec error: bad offset value")
    return _match(re, String(str), idx, 0)
end
match(r::Regex, s::AbstractString) = match(r, s, firstindex(s))

occursin(r::Regex, s::AbstractString; offset::Integer=0) =
    _regex_exec(r.regex, String(s), offset, 0) !== nothing
contains(haystack::AbstractString, needle) = occursin(needle, haystack)
startswith(s::AbstractString, r::Regex) = _regex_exec(r.regex, String(s), 0, 1) !== nothing
endswith(s::AbstractString, r::Regex) = _regex_exec(r.regex, String(s), 0, 2) !== nothing

function findnext(re::Regex, str::Union{String,SubString{String}}, idx::Integer)
    if idx > nextind(str, lastindex(str))
        throw(BoundsError())
    end
    ov = _regex_exec(re.regex, String(str), idx - 1, 0)
    ov === nothing && return nothing
    return (ov[1] + 1):prevind(str, ov[2] + 1)
end
findfirst(r::Regex, s::AbstractString) = findnext(r, s, firstindex(s))

function findall(t::Regex, s::AbstractString; overlap::Bool=false)
    found = UnitRange{Int}[]
    i, e = firstindex(s), lastindex(s)
    while true
        r = findnext(t, s, i)
        r === nothing && break
        push!(found, r)
        j = overlap || isempty(r) ? first(r) : last(r)
        j > e && break
        i = nextind(s, j)
    end
    return found
end

function count(t::AbstractPattern, s::AbstractString; overlap::Bool=false)
    n = 0
    i, e = firstindex(s), lastindex(s)
    while true
        r = findnext(t, s, i)
        r === nothing && break
        n += 1
        j = overlap || isempty(r) ? first(r) : last(r)
        j > e && break
        i = nextind(s, j)
    end
    return n
end

struct RegexMatchIterator{S<:AbstractString}
    regex::Regex
    string::S
    overlap::Bool
end

eachmatch(re::Regex, str::AbstractString; overlap=false) =
    Core._new(RegexMatchIterator{String}, re, String(str), overlap)
eltype(::Type{RegexMatchIterator{String}}) = RegexMatch

function iterate(itr::RegexMatchIterator, state=(1, false))
    offset, prevempty = state
    while true
        mat = _match(itr.regex, itr.string, offset, prevempty ? 3 : 0)
        if mat === nothing
            if prevempty && offset <= ncodeunits(itr.string)
                offset = nextind(itr.string, offset)
                prevempty = false
                continue
            else
                break
            end
        else
            if itr.overlap
                if !isempty(mat.match)
                    offset = nextind(itr.string, mat.offset)
                else
                    offset = mat.offset
                end
            else
                offset = mat.offset + ncodeunits(mat.match)
            end
            return (mat, (offset, isempty(mat.match)))
        end
    end
    return nothing
end

function collect(itr::RegexMatchIterator)
    out = RegexMatch[]
    for m in itr
        push!(out, m)
    end
    return out
end

function show(io::IO, itr::RegexMatchIterator)
    print(io, "Base.RegexMatchIterator{String}(")
    show(io, itr.regex)
    print(io, ", ")
    show(io, itr.string)
    print(io, ", ", itr.overlap, ")")
end

# Substitution strings: `\N` and `\g<name>` in the replacement of a regex.
struct SubstitutionString{T<:AbstractString} <: AbstractString
    string::T
end

function show(io::IO, s::SubstitutionString)
    print(io, "s\"")
    escape_raw_string(io, s.string)
    print(io, "\"")
end
print(io::IO, s::SubstitutionString) = print(io, s.string)
String(s::SubstitutionString) = String(s.string)
ncodeunits(s::SubstitutionString) = ncodeunits(s.string)
length(s::SubstitutionString) = length(s.string)
iterate(s::SubstitutionString) = iterate(s.string)
iterate(s::SubstitutionString, i) = iterate(s.string, i)

macro s_str(string)
    SubstitutionString(string)
end

replace_err(repl) = error("Bad replacement string: $repl")

# The text of group `group` of the match `ov` (byte offsets) in `str`.
function _write_capture(io, group::Int, str::String, ov)
    2group + 2 <= length(ov) || error("PCRE error: unknown substring")
    a = ov[2group + 1]
    a < 0 && return
    print(io, _substr(str, a, ov[2group + 2]))
end

_replace(io, repl, str, ov, re) = print(io, repl)
_replace(io, repl::Function, str, ov, re) = print(io, repl(_substr(str, ov[1], ov[2])))

# Julia reads the escapes of a substitution string (keeping `\\`, `\g` and `\0`–`\9` for the
# substitution) before it substitutes; here the common escapes are read the same way.
function _unescape_subst(s::AbstractString)
    out = IOBuffer()
    chars = collect(s)
    i = 1
    while i <= length(chars)
        c = chars[i]
        if c == '\\' && i < length(chars)
            d = chars[i + 1]
            if d == '\\' || d == 'g' || isdigit(d)
                print(out, c, d)
            elseif d == 'n'
                print(out, '\n')
            elseif d == 't'
                print(out, '\t')
            elseif d == 'r'
                print(out, '\r')
            elseif d == '"' || d == '\'' || d == '$'
                print(out, d)
            else
                print(out, c, d)
            end
            i += 2
        else
            print(out, c)
            i += 1
        end
    end
    return String(take!(out))
end

function _replace(io, repl_s::SubstitutionString, str, ov, re)
    repl = collect(_unescape_subst(repl_s.string))
    shown = String(repl_s.string)
    i = 1
    e = length(repl)
    while i <= e
        if repl[i] == '\\'
            i + 1 > e && replace_err(shown)
            c = repl[i + 1]
            if c == '\\'
                print(io, '\\')
                i += 2
            elseif isdigit(c)
                group = 0
                i += 1
                while i <= e && isdigit(repl[i])
                    group = 10group + (repl[i] - '0')
                    i += 1
                end
                _write_capture(io, group, str, ov)
            elseif c == 'g'
                i += 2
                (i > e || repl[i] != '<') && replace_err(shown)
                i += 1
                i > e && replace_err(shown)
                start = i
                while repl[i] != '>'
                    i += 1
                    i > e && replace_err(shown)
                end
                groupname = String(repl[start:i-1])
                if all(isdigit, groupname)
                    group = parse(Int, groupname)
                else
                    group = _group_number(re, groupname)
                    group <= 0 && replace_err("Group $groupname not found in regex $re")
                end
                _write_capture(io, group, str, ov)
                i += 1
            else
                replace_err(shown)
            end
        else
            print(io, repl[i])
            i += 1
        end
    end
end

function replace(s::AbstractString, pat_repl::Pair{Regex}; count::Integer=typemax(Int))
    re, repl = pat_repl.first, pat_repl.second
    str = String(s)
    count == 0 && return str
    count < 0 && throw(DomainError(count, "`count` must be non-negative."))
    e1 = ncodeunits(str) + 1
    ov = _regex_exec(re.regex, str, 0, 0)
    ov === nothing && return str
    out = IOBuffer()
    n = 1
    i = a = 1
    while true
        j = ov[1] + 1
        k = prevind(str, ov[2] + 1)
        if i == a || i <= k
            print(out, _substr(str, i - 1, j - 1))
            _replace(out, repl, str, ov, re)
        end
        if k < j
            i = j
            j == e1 && break
            k = nextind(str, j)
        else
            i = k = nextind(str, k)
        end
        n == count && break
        ov = _regex_exec(re.regex, str, k - 1, 0)
        ov === nothing && break
        n += 1
    end
    print(out, _substr(str, i - 1, e1 - 1))
    return String(take!(out))
end

function split(str::AbstractString, splitter::Regex; limit::Integer=0, keepempty::Bool=true)
    strs = SubString{String}[]
    s = String(str)
    i = 1
    n = lastindex(s)
    r = findfirst(splitter, s)
    if r !== nothing
        j, k = first(r), nextind(s, last(r))
        while 0 < j <= n && length(strs) != limit - 1
            if i < k
                if keepempty || i < j
                    push!(strs, _substr(s, i - 1, j - 1))
                end
                i = k
            end
            (k <= j) && (k = nextind(s, j))
            r = findnext(splitter, s, k)
            r === nothing && break
            j, k = first(r), nextind(s, last(r))
        end
    end
    if keepempty || i <= ncodeunits(s)
        push!(strs, _substr(s, i - 1, ncodeunits(s)))
    end
    return strs
end

# Concatenation and repetition of regexes: strings and characters match literally (`\Q...\E`);
# flags that not every regex has are applied to its part alone.
function _regex_concat(parts)
    mask = PCRE.CASELESS | PCRE.MULTILINE | PCRE.DOTALL | PCRE.EXTENDED
    match_opts = nothing
    compile_opts = nothing
    shared = mask
    for r in parts
        r isa Regex || continue
        if match_opts === nothing
            match_opts = r.match_options
            compile_opts = r.compile_options & ~mask
        else
            r.match_options == match_opts && r.compile_options & ~mask == compile_opts ||
                throw(ArgumentError("cannot multiply regexes: incompatible options"))
        end
        shared &= r.compile_options
    end
    unshared = mask & ~shared
    io = IOBuffer()
    for p in parts
        _wrap_string(io, p, unshared)
    end
    return Regex(String(take!(io)), compile_opts | shared, match_opts)
end

function _regex_opts_str(opts)
    s = ""
    (opts & PCRE.CASELESS) != 0 && (s *= "i")
    (opts & PCRE.MULTILINE) != 0 && (s *= "m")
    (opts & PCRE.DOTALL) != 0 && (s *= "s")
    (opts & PCRE.EXTENDED) != 0 && (s *= "x")
    return s
end

_wrap_string(io, r::Regex, unshared) =
    print(io, "(?", _regex_opts_str(r.compile_options & unshared), ":", r.pattern, ")")
_wrap_string(io, s::AbstractString, unshared) =
    print(io, "\\Q", replace(String(s), "\\E" => "\\\\E\\QE"), "\\E")
_wrap_string(io, c::AbstractChar, unshared) = print(io, "\\Q", c, "\\E")

*(r::Regex) = r
*(r::Regex, rs::Union{Regex,AbstractString,AbstractChar}...) = _regex_concat(_parts(r, rs))
*(s::AbstractString, r::Regex, rs::Union{Regex,AbstractString,AbstractChar}...) =
    _regex_concat(_parts(s, _parts(r, rs)))
*(c::AbstractChar, r::Regex, rs::Union{Regex,AbstractString,AbstractChar}...) =
    _regex_concat(_parts(c, _parts(r, rs)))

function _parts(first, rest)
    v = Any[first]
    for x in rest
        push!(v, x)
    end
    return v
end
^(r::Regex, i::Integer) = Regex(string("(?:", r.pattern, "){", i, "}"), r.compile_options, r.match_options)
