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

# Julia's `typeinfo_implicit`: element types a container shows without a type prefix
# (`[1, 2]`); a type whose `show` says its type adds a method (`Dates.Date`).
typeinfo_implicit(T) = T === Float64 || T === Int64 || T === Char || T === String || T === Symbol || T === Nothing

# An `AbstractArray` written in Julia is displayed as the `Array` of its elements, under its
# own summary (`3-element MyVec:`).
function show(io::IO, ::MIME"text/plain", A::AbstractArray)
    summary(io, A)
    isempty(A) && return nothing
    body = _display_text(collect(A))
    print(io, ":", body[findfirst('\n', body):end])
end

istextmime(::MIME{mime}) where {mime} = startswith(string(mime), "text/")
showable(::MIME"text/plain", x) = true
# A range displays as it prints (`0.0:0.5:2.0`), as in Julia's `range.jl`.
show(io::IO, ::MIME"text/plain", r::AbstractRange) = show(io, r)
