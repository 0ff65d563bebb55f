# Every closure has a type of its own, as Julia's lowering makes one: a struct type under
# `Function` named `#1#2` (the function `#1`), whose fields are the captured variables.
f = x -> x + 1
g = x -> x * 2
println(typeof(f) === typeof(g), " ", typeof(f) == typeof(f))
println(typeof(f), " ", typeof(g))
println(typeof(f) <: Function, " ", f isa Function, " ", supertype(typeof(f)))
println(f, " ", string(g))
show(f); println()
display(f)
println(fieldnames(typeof(f)))
println(eltype([f, g]), " ", eltype([f, f]) === typeof(f), " ", eltype([f, println]))

# One closure expression evaluated twice has one type.
fs = [x -> x + i for i in 1:2]
println(typeof(fs[1]) === typeof(fs[2]), " ", fs[1](10), " ", fs[2](10))
twice() = [() -> k for k in 1:2]
println(typeof(twice()[1]) === typeof(twice()[2]), " ", typeof(twice()[1]) === typeof(fs[1]))

# The captured variables are the type's fields; each call of the enclosing function makes a
# new instance of the same type.
function make_counter()
    n = 0
    () -> (n += 1)
end
c = make_counter()
c(); c()
c2 = make_counter()
println(c(), " ", c2(), " ", fieldnames(typeof(c)), " ", typeof(c2) === typeof(c))

# A local function is named as written.
function outer(k)
    inner(y) = y + k
    inner
end
h = outer(5)
println(h, " ", h(1), " ", fieldnames(typeof(h)), " ", typeof(h) === typeof(outer(6)), " ", h.k)

# Methods can dispatch on a closure's type.
kind(::typeof(f)) = "f"
kind(::Function) = "a function"
kind(x) = "other"
println(kind(f), " ", kind(g), " ", kind(1))

# Captured variables keep their meaning: each loop iteration a fresh variable, a variable
# assigned after it is captured seen with its last value.
acc = Function[]
for i in 1:3
    push!(acc, () -> i)
end
println([a() for a in acc])
function late()
    x = 1
    r = () -> x
    x = 2
    r()
end
println(late())
println(map(x -> x^2, [1, 2, 3]), " ", sort([3, 1, 2], by = x -> -x), " ", filter(isodd, 1:5))

f(1, 2)
