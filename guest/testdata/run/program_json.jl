# A JSON-like pretty printer for nested Dicts, Vectors, strings, numbers, booleans and nothing.
escape_json(s::AbstractString) = replace(s, "\\" => "\\\\", "\"" => "\\\"", "\n" => "\\n")

to_json(io::IO, x::Nothing, indent) = print(io, "null")
to_json(io::IO, x::Bool, indent) = print(io, x ? "true" : "false")
to_json(io::IO, x::Real, indent) = print(io, isinteger(x) ? string(Int(x)) : string(x))
to_json(io::IO, x::AbstractString, indent) = print(io, '"', escape_json(x), '"')
to_json(io::IO, x::Symbol, indent) = to_json(io, String(x), indent)

function to_json(io::IO, xs::AbstractVector, indent)
    if isempty(xs)
        return print(io, "[]")
    end
    if all(x -> x isa Union{Real, Nothing}, xs)
        print(io, "[")
        for (i, x) in enumerate(xs)
            i > 1 && print(io, ", ")
            to_json(io, x, indent)
        end
        return print(io, "]")
    end
    println(io, "[")
    for (i, x) in enumerate(xs)
        print(io, " "^(indent + 2))
        to_json(io, x, indent + 2)
        println(io, i < length(xs) ? "," : "")
    end
    print(io, " "^indent, "]")
end

function to_json(io::IO, d::AbstractDict, indent)
    isempty(d) && return print(io, "{}")
    println(io, "{")
    ks = sort(collect(keys(d)); by = string)
    for (i, k) in enumerate(ks)
        print(io, " "^(indent + 2), '"', k, "\": ")
        to_json(io, d[k], indent + 2)
        println(io, i < length(ks) ? "," : "")
    end
    print(io, " "^indent, "}")
end

to_json(x) = sprint(io -> to_json(io, x, 0))

config = Dict(
    "name" => "kiln",
    "version" => "0.3.1",
    "features" => ["precompile", "images", "tasks"],
    "limits" => Dict("memory_mb" => 512, "timeout_s" => 2.5, "output" => nothing),
    "authors" => [Dict("name" => "Ada", "admin" => true), Dict("name" => "Grace \"G\"", "admin" => false)],
    "matrix" => [[1, 2], [3, 4]],
    "empty" => Dict{String, Any}(),
    :symbolic => Any[],
)
println(to_json(config))
println(to_json([1, 2.5, nothing]), " ", to_json("line\nbreak"), " ", to_json(3.0))
s = to_json(config)
println(count(==('\n'), s) + 1, " lines, ", length(s), " characters")
