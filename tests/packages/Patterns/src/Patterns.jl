# A package whose image holds regexes: a constant, and a literal inside a method (bound to a
# hidden global when the macro expands). Both must be compiled again when the image loads.
module Patterns

const KEY_VALUE = r"(?<key>\w+)\s*=\s*(?<value>[^;]*)"i

function parse_settings(s::AbstractString)
    d = Dict{String,String}()
    for m in eachmatch(KEY_VALUE, s)
        d[lowercase(String(m[:key]))] = String(m[:value])
    end
    return d
end

shout(s) = replace(s, r"[aeiou]"i => uppercase)

end

Base.precompilation(Patterns) do
    Patterns.parse_settings("a = 1; B = two")
    Patterns.shout("hello")
end
