# The Unicode standard library (Julia's stdlib/Unicode and base/strings/unicode.jl):
# normalization, extended grapheme clusters and assigned code points, over the builtins of
# `vm/unicode.rs` where Julia calls utf8proc. `normalize` supports the normal forms and the
# `compose`, `decompose`, `compat`, `casefold` and `stripmark` options; the others
# (`stripignore`, `stripcc`, `newline2lf`, `lump`, `chartransform`, …) are an ArgumentError.
module Unicode

import Base: iterate, length, eltype, show

export graphemes, isequal_normalized

"""
    Unicode.normalize(s::AbstractString; keywords...)
    Unicode.normalize(s::AbstractString, normalform::Symbol)

`s` normalized: `:NFC`, `:NFD`, `:NFKC` or `:NFKD`, or as the keywords say.
"""
function normalize(s::AbstractString, nf::Symbol)
    nf === :NFC && return normalize(s; compose = true)
    nf === :NFD && return normalize(s; decompose = true)
    nf === :NFKC && return normalize(s; compose = true, compat = true)
    nf === :NFKD && return normalize(s; decompose = true, compat = true)
    throw(ArgumentError(":$nf is not one of :NFC, :NFD, :NFKC, :NFKD"))
end

function normalize(s::AbstractString; stable::Bool = false, compat::Bool = false,
                   compose::Bool = true, decompose::Bool = false, casefold::Bool = false,
                   stripmark::Bool = false, kws...)
    isempty(kws) || throw(ArgumentError("Unicode.normalize: the option `$(first(keys(kws)))` is not supported"))
    # `decompose = true` asks for a decomposed result (utf8proc's `DECOMPOSE` without
    # `COMPOSE`, what `:NFD` and `:NFKD` pass).
    return Base._normalize(s, !decompose && compose, compat, casefold, stripmark)
end

normalize(c::AbstractChar, args...; kws...) = first(normalize(string(c), args...; kws...))

"""
    Unicode.isassigned(c) -> Bool

Whether `c` is an assigned code point (any general category but `Cn`).
"""
isassigned(c) = Base._isassigned(Char(c))

"""
    isequal_normalized(s1, s2; casefold=false, stripmark=false)

Whether `s1` and `s2` are equal once both are normalized (NFD) with the given options.
"""
isequal_normalized(s1::AbstractString, s2::AbstractString; casefold::Bool = false,
                   stripmark::Bool = false) =
    normalize(s1; decompose = true, casefold = casefold, stripmark = stripmark) ==
    normalize(s2; decompose = true, casefold = casefold, stripmark = stripmark)

# ----- grapheme clusters -----

struct GraphemeIterator{S<:AbstractString}
    s::S
end

"""
    graphemes(s::AbstractString) -> GraphemeIterator

An iterator over the extended grapheme clusters of `s`, each a `SubString`.
"""
graphemes(s::AbstractString) = GraphemeIterator{typeof(s)}(s)

_clusters(g::GraphemeIterator) = Base._graphemes(String(g.s))

eltype(::GraphemeIterator{S}) where {S} = SubString{S}
eltype(::Type{GraphemeIterator{S}}) where {S} = SubString{S}
length(g::GraphemeIterator) = length(_clusters(g))

function iterate(g::GraphemeIterator, state = nothing)
    cs = state === nothing ? _clusters(g) : state[1]
    i = state === nothing ? 1 : state[2]
    i > length(cs) && return nothing
    return (cs[i], (cs, i + 1))
end

show(io::IO, g::GraphemeIterator{S}) where {S} =
    print(io, "length-", length(g), " GraphemeIterator{", S, "} for \"", g.s, "\"")

end
