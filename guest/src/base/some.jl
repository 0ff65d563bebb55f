# `Some` and `something`, as Julia's base/some.jl.

struct Some{T}
    value::T
end

function show(io::IO, x::Some)
    print(io, "Some(")
    show(io, x.value)
    print(io, ")")
end

something() = throw(ArgumentError("No value arguments present"))
something(x::Nothing, y...) = something(y...)
something(x::Some, y...) = x.value
something(x, y...) = x
