# Reading and writing streams, files and the environment, over the stream primitives of
# `vm/io.rs`. The host decides what the program may reach: a file outside the directories it
# granted cannot be opened (a `SystemError` that says which flag would grant it), a variable it
# did not grant is not in `ENV`.

struct SystemError <: Exception
    prefix::String
    errnum::Int32
    extrainfo
end
SystemError(prefix::AbstractString, errnum::Integer) = SystemError(String(prefix), Int32(errnum), nothing)

const _STRERROR = Dict{Int, String}(
    1 => "Operation not permitted", 2 => "No such file or directory", 5 => "Input/output error",
    9 => "Bad file descriptor", 13 => "Permission denied", 17 => "File exists",
    20 => "Not a directory", 21 => "Is a directory", 22 => "Invalid argument",
    28 => "No space left on device", 39 => "Directory not empty")

function showerror(io::IO, ex::SystemError)
    msg = get(_STRERROR, Int(ex.errnum), string("Unknown error ", ex.errnum))
    print(io, "SystemError: ", ex.prefix, ": ", msg)
    # A denial of the sandbox says what would grant the request (Julia has no such case).
    ex.extrainfo === nothing || print(io, " (", ex.extrainfo, ")")
end

struct IOError <: Exception
    msg::String
    code::Int32
end
showerror(io::IO, ex::IOError) = print(io, "IOError: ", ex.msg)

# --- writing -----------------------------------------------------------------------------

write(io::IO, s::String) = _io_write(io, s)
write(io::IO, s::AbstractString) = _io_write(io, String(s))
write(io::IO, c::Char) = _io_write(io, string(c))
write(io::IO, s::Symbol) = _io_write(io, string(s))
write(io::IO, b::UInt8) = _io_write(io, String(UInt8[b]))
write(io::IO, v::Vector{UInt8}) = _io_write(io, String(copy(v)))
function write(io::IO, x, xs...)
    n = write(io, x)
    for y in xs
        n += write(io, y)
    end
    return n
end
write(filename::AbstractString, content) = open(io -> write(io, content), filename, "w")

# --- reading -----------------------------------------------------------------------------

function readline(io::IO=stdin; keep::Bool=false)
    line = _io_readline(io, keep)
    return line === nothing ? "" : line
end
readline(filename::AbstractString; keep::Bool=false) = open(io -> readline(io; keep=keep), filename)

struct EachLine{IOT<:IO}
    stream::IOT
    ondone::Function
    keep::Bool
end

eachline(io::IO=stdin; keep::Bool=false) = EachLine(io, () -> nothing, keep)
function eachline(filename::AbstractString; keep::Bool=false)
    s = open(filename)
    return EachLine(s, () -> close(s), keep)
end

function iterate(itr::EachLine, state=nothing)
    line = _io_readline(itr.stream, itr.keep)
    if line === nothing
        itr.ondone()
        return nothing
    end
    return (line, nothing)
end
eltype(::Type{<:EachLine}) = String
collect(itr::EachLine) = String[line for line in itr]

readlines(io::IO=stdin; keep::Bool=false) = collect(eachline(io; keep=keep))
readlines(filename::AbstractString; keep::Bool=false) = open(io -> readlines(io; keep=keep), filename)

read(io::IO, ::Type{String}) = _io_readall(io)
read(filename::AbstractString, ::Type{String}) = open(io -> _io_readall(io), filename)
function read(io::IO)
    s = _io_readall(io)
    return UInt8[codeunit(s, i) for i in 1:ncodeunits(s)]
end
read(filename::AbstractString) = open(read, filename)
function read(io::IO, ::Type{UInt8})
    b = _io_readbyte(io)
    b === nothing && throw(EOFError())
    return b
end
function read(io::IO, ::Type{Char})
    b = read(io, UInt8)
    b < 0x80 && return Char(b)
    n = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1
    bytes = UInt8[b]
    for _ in 1:n
        eof(io) && break
        push!(bytes, read(io, UInt8))
    end
    return first(String(bytes))
end

readchomp(x) = chomp(read(x, String))

function readuntil(io::IO, delim::AbstractString; keep::Bool=false)
    out = IOBuffer()
    d = String(delim)
    while !eof(io)
        write(out, read(io, Char))
        s = String(take!(out))
        if endswith(s, d)
            return keep ? s : s[1:end-ncodeunits(d)]
        end
        write(out, s)
    end
    return String(take!(out))
end
readuntil(io::IO, delim::Char; keep::Bool=false) = readuntil(io, string(delim); keep=keep)
readuntil(filename::AbstractString, delim; keep::Bool=false) =
    open(io -> readuntil(io, delim; keep=keep), filename)

function countlines(io::IO; eol::AbstractChar='\n')
    n = 0
    last = eol
    while !eof(io)
        last = read(io, Char)
        last == eol && (n += 1)
    end
    return last == eol ? n : n + 1
end
countlines(filename::AbstractString; eol::AbstractChar='\n') = open(io -> countlines(io; eol=eol), filename)

# --- opening files -------------------------------------------------------------------------

function open(filename::AbstractString; read=nothing, write=nothing, create=nothing,
              truncate=nothing, append=nothing)
    wr = write === nothing ? (truncate === true || append === true) : write
    rd = read === nothing ? !wr : read
    ap = append === nothing ? false : append
    tr = truncate === nothing ? (wr && !ap && !rd) : truncate
    return _open(String(filename), rd, wr, tr, ap)
end

function open(filename::AbstractString, mode::AbstractString)
    mode == "r" && return open(filename; read=true)
    mode == "r+" && return open(filename; read=true, write=true)
    mode == "w" && return open(filename; write=true, truncate=true)
    mode == "w+" && return open(filename; read=true, write=true, truncate=true)
    mode == "a" && return open(filename; write=true, append=true)
    mode == "a+" && return open(filename; read=true, write=true, append=true)
    throw(ArgumentError(string("invalid open mode: ", mode)))
end

function open(f::Function, args...; kwargs...)
    io = open(args...; kwargs...)
    try
        return f(io)
    finally
        close(io)
    end
end

# --- the file system ---------------------------------------------------------------------

ispath(path::AbstractString) = _stat(String(path)) !== nothing
function isfile(path::AbstractString)
    s = _stat(String(path))
    return s !== nothing && !s[1]
end
function isdir(path::AbstractString)
    s = _stat(String(path))
    return s !== nothing && s[1]
end
function filesize(path::AbstractString)
    s = _stat(String(path))
    return s === nothing ? 0 : s[2]
end

function readdir(dir::AbstractString="."; join::Bool=false, sort::Bool=true)
    names = _readdir(String(dir))
    return join ? [joinpath(dir, n) for n in names] : names
end

mkdir(path::AbstractString; mode::Integer=0o777) = _mkdir(String(path))
function mkpath(path::AbstractString; mode::Integer=0o777)
    isdir(path) && return path
    parent = dirname(rstrip(path, '/'))
    parent == "" || parent == path || mkpath(parent)
    isdir(path) || mkdir(path)
    return path
end

function rm(path::AbstractString; force::Bool=false, recursive::Bool=false)
    force && !ispath(path) && return nothing
    _rm(String(path), recursive)
    return nothing
end

function touch(path::AbstractString)
    open(io -> nothing, path, "a")
    return path
end

function cp(src::AbstractString, dst::AbstractString; force::Bool=false)
    !force && ispath(dst) && throw(ArgumentError(string("'", dst, "' exists. `force=true` is required to remove '", dst, "' before copying.")))
    write(dst, read(src, String))
    return dst
end

function mv(src::AbstractString, dst::AbstractString; force::Bool=false)
    cp(src, dst; force=force)
    rm(src)
    return dst
end

# --- paths (POSIX) -----------------------------------------------------------------------

isabspath(path::AbstractString) = startswith(path, '/')
isdirpath(path::AbstractString) = endswith(path, '/') || basename(path) in (".", "..")

function splitdir(path::AbstractString)
    p = String(path)
    i = findlast(==('/'), p)
    i === nothing && return ("", p)
    dir = p[1:i]
    # The directory without its trailing slashes, unless it is only slashes.
    stripped = rstrip(dir, '/')
    return (isempty(stripped) ? dir : String(stripped), p[i+1:end])
end
dirname(path::AbstractString) = splitdir(path)[1]
basename(path::AbstractString) = splitdir(path)[2]

function splitext(path::AbstractString)
    dir, base = splitdir(path)
    i = findlast(==('.'), base)
    (i === nothing || i == 1 || all(==('.'), base[1:i])) && return (String(path), "")
    cut = ncodeunits(path) - (ncodeunits(base) - i + 1)
    return (String(path)[1:cut], base[i:end])
end

function joinpath(a::AbstractString, parts::AbstractString...)
    out = String(a)
    for p in parts
        if isabspath(p)
            out = String(p)
        elseif isempty(out) || endswith(out, '/')
            out = string(out, p)
        else
            out = string(out, '/', p)
        end
    end
    return out
end
joinpath(parts::Vector) = joinpath(parts...)

function normpath(path::AbstractString)
    abs = isabspath(path)
    trailing = endswith(path, '/') || endswith(path, "/.") || endswith(path, "/..")
    parts = String[]
    for c in split(path, '/')
        if c == "" || c == "."
            continue
        elseif c == ".." && !isempty(parts) && last(parts) != ".."
            pop!(parts)
        elseif c == ".." && abs
            continue
        else
            push!(parts, String(c))
        end
    end
    p = join(parts, '/')
    abs && (p = string('/', p))
    isempty(p) && return abs ? "/" : "."
    return trailing && !endswith(p, '/') ? string(p, '/') : p
end

abspath(path::AbstractString) = normpath(isabspath(path) ? path : joinpath(pwd(), path))
function splitpath(path::AbstractString)
    parts = String[]
    isabspath(path) && push!(parts, "/")
    for c in split(path, '/')
        isempty(c) || push!(parts, String(c))
    end
    return parts
end
homedir() = get(ENV, "HOME", "/")

# --- the environment -----------------------------------------------------------------------

"""
    EnvDict

The type of `ENV`: the environment variables the host granted (`--allow-env NAME`). Setting
and deleting change what the program sees, not the host's environment.
"""
struct EnvDict <: AbstractDict{String, String}
    set::Dict{String, String}
    deleted::Set{String}
end

const ENV = EnvDict(Dict{String, String}(), Set{String}())

function get(e::EnvDict, k::AbstractString, default)
    key = String(k)
    haskey(e.set, key) && return e.set[key]
    key in e.deleted && return default
    v = _getenv(key)
    return v === nothing ? default : v
end
function getindex(e::EnvDict, k::AbstractString)
    v = get(e, k, nothing)
    v === nothing && throw(KeyError(String(k)))
    return v
end
haskey(e::EnvDict, k::AbstractString) = get(e, k, nothing) !== nothing
in(p::Pair, e::EnvDict) = get(e, p.first, nothing) == p.second
function setindex!(e::EnvDict, v, k::AbstractString)
    key = String(k)
    delete!(e.deleted, key)
    e.set[key] = string(v)
    return e
end
function delete!(e::EnvDict, k::AbstractString)
    key = String(k)
    delete!(e.set, key)
    push!(e.deleted, key)
    return e
end
function keys(e::EnvDict)
    names = String[n for n in _envnames() if !(n in e.deleted)]
    for k in keys(e.set)
        k in names || push!(names, k)
    end
    return sort!(names)
end
length(e::EnvDict) = length(keys(e))
isempty(e::EnvDict) = length(e) == 0
function iterate(e::EnvDict, state=(keys(e), 1))
    names, i = state
    i > length(names) && return nothing
    return (names[i] => e[names[i]], (names, i + 1))
end
values(e::EnvDict) = String[e[k] for k in keys(e)]
collect(e::EnvDict) = Pair{String, String}[k => e[k] for k in keys(e)]
function show(io::IO, e::EnvDict)
    print(io, "Base.EnvDict(")
    first = true
    for k in keys(e)
        first || print(io, ", ")
        first = false
        show(io, k)
        print(io, " => ")
        show(io, e[k])
    end
    print(io, ")")
end
