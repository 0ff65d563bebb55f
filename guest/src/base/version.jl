# Version numbers (Julia's base/version.jl): `VersionNumber` per semantic versioning, the
# `v"1.2.3"` literal, and `VERSION`, the Julia release whose behaviour kiln follows.

struct VersionNumber
    major::UInt32
    minor::UInt32
    patch::UInt32
    # Julia's `Tuple{Vararg{Union{UInt64,String}}}`: the identifiers after `-` and `+`.
    prerelease::Tuple
    build::Tuple
end

function _check_idents(idents, what)
    for ident in idents
        if ident isa Integer
            ident >= 0 || throw(ArgumentError("invalid negative $what component: $ident"))
        else
            s = string(ident)
            (occursin(r"^(?:|[0-9a-z-]*[a-z-][0-9a-z-]*)$"i, s) && !isempty(s)) ||
                throw(ArgumentError("invalid $what identifier: \"$s\""))
        end
    end
end

function VersionNumber(major::Integer, minor::Integer = 0, patch::Integer = 0,
                       pre::Tuple = (), bld::Tuple = ())
    major >= 0 || throw(ArgumentError("invalid negative major version: $major"))
    minor >= 0 || throw(ArgumentError("invalid negative minor version: $minor"))
    patch >= 0 || throw(ArgumentError("invalid negative patch version: $patch"))
    _check_idents(pre, "pre-release")
    _check_idents(bld, "build")
    norm = t -> map(x -> x isa Integer ? UInt64(x) : String(x), t)
    return VersionNumber(UInt32(major), UInt32(minor), UInt32(patch), norm(pre), norm(bld))
end
VersionNumber(v::VersionNumber) = v

# `1.2.3-rc.1+build.5`: identifiers of digits are numbers, others strings.
function _split_idents(s::AbstractString)
    return tuple(map(x -> occursin(r"^\d+$", x) ? parse(UInt64, x) : String(x), split(s, '.'))...)
end

const _VERSION_REGEX = r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(-)|(?:-((?:[0-9a-z-]+\.)*[0-9a-z-]+))?(?:(\+)|(?:\+((?:[0-9a-z-]+\.)*[0-9a-z-]+))?))$"i

function tryparse(::Type{VersionNumber}, v::AbstractString)
    v == "∞" && return typemax(VersionNumber)
    m = match(_VERSION_REGEX, String(strip(v)))
    m === nothing && return nothing
    major, minor, patch, minus, prerl, plus, build = m.captures
    major = parse(UInt32, major)
    minor = minor !== nothing ? parse(UInt32, minor) : UInt32(0)
    patch = patch !== nothing ? parse(UInt32, patch) : UInt32(0)
    if prerl !== nothing && !isempty(prerl) && prerl[1] == '-'
        prerl = prerl[2:end] # strip leading '-'
    end
    prerl = prerl !== nothing ? _split_idents(prerl) : minus !== nothing ? ("",) : ()
    build = build !== nothing ? _split_idents(build) : plus !== nothing ? ("",) : ()
    return VersionNumber(major, minor, patch, prerl, build)
end

function parse(::Type{VersionNumber}, v::AbstractString)
    ver = tryparse(VersionNumber, v)
    ver === nothing && throw(ArgumentError("invalid version string: $v"))
    return ver
end
VersionNumber(v::AbstractString) = parse(VersionNumber, v)

macro v_str(v)
    return VersionNumber(v)
end

typemin(::Type{VersionNumber}) = v"0-"
typemax(::Type{VersionNumber}) = VersionNumber(typemax(UInt32), typemax(UInt32), typemax(UInt32), (), ("",))

function print(io::IO, v::VersionNumber)
    v == typemax(VersionNumber) && return print(io, "∞")
    print(io, v.major, '.', v.minor, '.', v.patch)
    if !isempty(v.prerelease)
        print(io, '-')
        print(io, join(map(string, v.prerelease), "."))
    end
    if !isempty(v.build)
        print(io, '+')
        print(io, join(map(string, v.build), "."))
    end
end
show(io::IO, v::VersionNumber) = print(io, "v\"", v, "\"")
string(v::VersionNumber) = sprint(print, v)
convert(::Type{VersionNumber}, v::Integer) = VersionNumber(v)
convert(::Type{VersionNumber}, v::AbstractString) = VersionNumber(v)

# ----- comparison -----

_ident_cmp(a::Integer, b::Integer) = cmp(a, b)
_ident_cmp(a::Integer, b::String) = isempty(b) ? +1 : -1
_ident_cmp(a::String, b::Integer) = isempty(a) ? -1 : +1
_ident_cmp(a::String, b::String) = cmp(a, b)
function _ident_cmp(A::Tuple, B::Tuple)
    for i in 1:min(length(A), length(B))
        c = _ident_cmp(A[i], B[i])
        c != 0 && return c
    end
    return length(A) < length(B) ? -1 : length(B) < length(A) ? +1 : 0
end

==(a::VersionNumber, b::VersionNumber) =
    (a.major == b.major) & (a.minor == b.minor) & (a.patch == b.patch) &
    (_ident_cmp(a.prerelease, b.prerelease) == 0) & (_ident_cmp(a.build, b.build) == 0)
isequal(a::VersionNumber, b::VersionNumber) = a == b

function isless(a::VersionNumber, b::VersionNumber)
    (a.major < b.major) && return true
    (a.major > b.major) && return false
    (a.minor < b.minor) && return true
    (a.minor > b.minor) && return false
    (a.patch < b.patch) && return true
    (a.patch > b.patch) && return false
    (!isempty(a.prerelease) && isempty(b.prerelease)) && return true
    (isempty(a.prerelease) && !isempty(b.prerelease)) && return false
    c = _ident_cmp(a.prerelease, b.prerelease)
    (c < 0) && return true
    (c > 0) && return false
    (!isempty(a.build) && isempty(b.build)) && return false
    (isempty(a.build) && !isempty(b.build)) && return true
    c = _ident_cmp(a.build, b.build)
    (c < 0) && return true
    return false
end

function hash(v::VersionNumber, h::UInt)
    h = hash(v.major, h)
    h = hash(v.minor, h)
    h = hash(v.patch, h)
    h = hash(v.prerelease, h)
    return hash(v.build, h)
end

lowerbound(v::VersionNumber) = VersionNumber(v.major, v.minor, v.patch, ("",), ())
upperbound(v::VersionNumber) = VersionNumber(v.major, v.minor, v.patch, (), ("",))

thispatch(v::VersionNumber) = VersionNumber(v.major, v.minor, v.patch)
thisminor(v::VersionNumber) = VersionNumber(v.major, v.minor, 0)
thismajor(v::VersionNumber) = VersionNumber(v.major, 0, 0)

nextpatch(v::VersionNumber) = v < thispatch(v) ? thispatch(v) : VersionNumber(v.major, v.minor, v.patch + 1)
nextminor(v::VersionNumber) = v < thisminor(v) ? thisminor(v) : VersionNumber(v.major, v.minor + 1, 0)
nextmajor(v::VersionNumber) = v < thismajor(v) ? thismajor(v) : VersionNumber(v.major + 1, 0, 0)

# The Julia release kiln follows (ARCHITECTURE.md, "Numbers" and printing follow it too).
const VERSION = v"1.11.6"
