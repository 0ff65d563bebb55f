# Value types and MIME types: `Val{x}` and `MIME"text/plain"`, so that a type can say how it is
# displayed (`show(io, ::MIME"text/plain", x)`, which `display` and the REPL-like `kiln eval`
# use), as Julia's `essentials.jl` and `multimedia.jl`.

struct Val{x} end
Val(x) = Val{x}()

struct MIME{mime} end
MIME(s) = MIME{Symbol(s)}()

macro MIME_str(s)
    return :(MIME{$(QuoteNode(Symbol(s)))})
end

print(io::IO, ::MIME{mime}) where {mime} = print(io, mime)
show(io::IO, ::MIME{mime}) where {mime} = print(io, "MIME type ", mime)
string(::MIME{mime}) where {mime} = string(mime)

# The fallback: the text `display` shows.
show(io::IO, ::MIME"text/plain", x) = _show_plain(io, x)
show(io::IO, m::AbstractString, x) = show(io, MIME(m), x)

istextmime(::MIME{mime}) where {mime} = startswith(string(mime), "text/")
showable(::MIME"text/plain", x) = true
