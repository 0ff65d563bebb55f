# An example package for kiln: a module, a global the workload mutates, and a precompilation
# workload written after the module, as JuliaLang/julia#51905 proposes.
module Greeter

export greet, Greeting, shout, greeted

abstract type AbstractGreeting end

struct Greeting <: AbstractGreeting
    name::String
    times::Int
end

mutable struct Counter
    count::Int
end

# Global state. The workload below greets twice; none of that may reach the image.
const COUNTER = Counter(0)
const GREETED = String[]

function greet(name::AbstractString)
    COUNTER.count += 1
    push!(GREETED, name)
    return "Hello, $(name)!"
end

function greet(g::Greeting)
    parts = String[]
    for i in 1:g.times
        push!(parts, greet(g.name))
    end
    return join(parts, " ")
end

shout(s::String) = uppercase(s) * "!"

mean(xs::Vector{Float64}) = sum(xs) / length(xs)

greeted() = COUNTER.count

end # module

Base.precompilation(Greeter) do
    Greeter.greet("world")
    Greeter.greet(Greeter.Greeting("kiln", 2))
    precompile(Greeter.shout, (String,))
    Greeter.mean([1.0, 2.5])
end
