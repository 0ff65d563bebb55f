struct Affine
    a::Float64
    b::Float64
end
(f::Affine)(x) = f.a * x + f.b
(f::Affine)(x, y) = f(x) + f(y)
mutable struct Counter
    n::Int
end
function (c::Counter)()
    c.n += 1
    c.n
end
struct Scale{T}
    k::T
end
(s::Scale{T})(x::T) where {T} = s.k * x
(s::Scale)(x) = "fallback $(x)"
struct Greet end
(::Greet)(name::String; punct = "!") = "hi " * name * punct
(g::Greet)(n::Int, m = 2) = n + m
f = Affine(2.0, 1.0)
println(f(3))
println(f(1, 2))
println(map(f, [1.0, 2.0]))
c = Counter(0)
c(); c()
println(c())
println(Scale(3)(4), " ", Scale(3)(4.0), " ", Scale(2.5)(2.0))
println(Greet()("bob"), " ", Greet()("amy"; punct = "?"))
println(Greet()(1), " ", Greet()(1, 5))
println(sort([3, 1, 2], by = Affine(-1.0, 0.0)))
try
    f("x", 1, 2)
catch e
    println(typeof(e))
end
try
    c(1)
catch e
    println(typeof(e), " ", e.f === c, " ", e.args)
end
try
    Greet()(1.5)
catch e
    println(e.f, " ", e.args)
end
# A closure over a callable struct, and one passed where a function is expected.
compose(f, g) = x -> f(g(x))
h = compose(Affine(1.0, 1.0), Affine(10.0, 0.0))
println(h(2), " ", sum(Affine(1.0, 0.5), [1, 2, 3]))
