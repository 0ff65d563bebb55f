struct P{T} x::T end
try
    P{1}(2)
catch e
    println(typeof(e))
end
abstract type A{T<:Int} end
try
    struct B <: A{String} end
catch e
    println(typeof(e))
end
println(P(1) isa P{<:Integer})
try
    Union{1}
catch e
    println(typeof(e))
end
