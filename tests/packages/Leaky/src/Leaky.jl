# A package whose workload tries to leak: it mutates globals, defines a type and a method of its
# own, and redefines a dispatch the package relies on. kiln must keep the image clean and say why
# it rejected what it rejected.
module Leaky

const CACHE = Dict{String,Int}()
counter = 0

abstract type Thing end
struct Widget <: Thing
    n::Int
end

weight(t::Thing) = 1
total(ts::Vector) = sum(map(weight, ts))
function bump()
    global counter += 1
    return counter
end
label(x) = "thing"
describe(t::Thing) = label(t) * " of weight " * string(weight(t))

end

Base.precompilation(Leaky) do
    Leaky.CACHE["workload"] = 1
    Leaky.bump()
    Leaky.total([Leaky.Widget(1), Leaky.Widget(2)])
    Leaky.describe(Leaky.Widget(3))
    include("workload_extras.jl")
end
