# Macros: user definitions, hygiene, esc, macroexpand, and Base's macros written in Julia.
t = @elapsed sum(1:10)
println(t isa Float64 && t >= 0)
x = 5
@show x
@show x + 1
@show "str"
v = @show 2 * 3
println(v)
@show
@assert x == 5
try
    @assert x > 10 "x must be large"
catch e
    println(e.msg)
end
try
    @assert x < 0
catch e
    println(e.msg)
end
try
    @assert x < 0 string("x is ", x)
catch e
    println(typeof(e), ": ", e.msg)
end

macro sayhello(name)
    return :(println("Hello, ", $name))
end
@sayhello "human"
@sayhello("macro")
println(@macroexpand @sayhello "human")
println(macroexpand(Main, :(@sayhello x)))

# The arguments are expressions, not values.
macro kind(e)
    string(typeof(e))
end
println(@kind(1), " ", @kind(x), " ", @kind(x + 1), " ", @kind(:x))

# Hygiene: the macro's own variables do not touch the caller's.
macro twice_tmp(v)
    quote
        tmp = $(esc(v))
        tmp * 2
    end
end
tmp = 100
println(@twice_tmp(21), " ", tmp)
function uses_tmp(tmp)
    (@twice_tmp(tmp + 1), tmp)
end
println(uses_tmp(4))

# esc: the caller's variables, assigned in the caller.
macro setvar(name, val)
    :($(esc(name)) = $(esc(val)))
end
@setvar zz 7
println(zz)
function local_set()
    @setvar w 3
    w + 1
end
println(local_set())

# A macro writing a definition.
macro getter(name, val)
    fname = Symbol("get_", name)
    esc(:($fname() = $val))
end
@getter answer 42
println(get_answer())

# Macros calling macros, and splatting arguments.
macro add_all(xs...)
    :(+($(map(esc, xs)...)))
end
println(@add_all(1, 2, 3, 4))
macro show_twice(e)
    :(@show $(esc(e)); @show $(esc(e)))
end
@show_twice x * 2

# Global names in a macro are the macro module's.
module Lib
const scale = 10
macro scaled(x)
    :(scale * $(esc(x)))
end
export @scaled
end
using .Lib
scale = 2
println(@scaled(3), " ", Lib.@scaled(4))

# @eval and eval build code at run time.
for name in (:foo, :bar)
    @eval $name() = $(string(name))
end
println(foo(), bar())
n = 3
@eval triple(y) = $n * y
println(triple(5))
println(eval(:(n + 1)))
module Target
end
Core.eval(Target, :(value = 11))
println(Target.value)
@eval Target double() = 2 * value
println(Target.double())

# Compiler hints are accepted and change nothing.
function total(v)
    s = 0
    @inbounds for i in 1:length(v)
        s += v[i]
    end
    @simd for i in 1:2
        s += 0
    end
    s
end
@inline inc(y) = y + 1
@noinline dec(y) = y - 1
println(total([1, 2, 3]), " ", inc(1), " ", dec(1))

@gensym g1 g2
println(typeof(g1), " ", g1 == g2)
println(@__LINE__)
println(@__MODULE__)

# Macros inside functions, with @show and @assert there too.
function checked_double(y)
    @show y + 1
    @assert y > 0 "need positive"
    return 2y
end
println(checked_double(3))
try
    checked_double(-1)
catch e
    println(e.msg)
end
println(@eval 1 + 2)
h = @eval z -> z * 3
println(h(2))

# `:.` is the symbol of field access.
println(:(a.b).head === :., " ", :., " ", repr(:.), " ", [:., :+])
