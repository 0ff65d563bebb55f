# `@kwdef`: defaults, required keywords, mutable and parametric structs.
Base.@kwdef struct Config
    name::String = "default"
    size::Int = 10
    ratio = size / 4
    tag::Symbol
end
c = Config(tag = :x)
println(c)
println(Config(name = "n", size = 2, tag = :y))
println(Config("a", 1, 2.0, :z))
@kwdef mutable struct Counter
    count::Int = 0
    step::Int = 1
end
k = Counter()
k.count += k.step
println(k)
@kwdef struct P{T<:Real}
    x::T = 1
    y::T = 2
end
println(P())
println(P(x = 2.0, y = 3.5))
@kwdef struct Sub <: Number
    v::Int = 3
end
println(Sub().v)
try
    Config()
catch e
    showerror(stdout, e); println()
end
@kwdef struct Opts
    verbose::Bool = false
    level = 1
    label::String
end
println(Opts(label = "a", level = 3))
println(fieldnames(Opts))
struct Plain
    a::Int = 1
end
