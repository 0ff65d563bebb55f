struct MyVal{x} end
v = MyVal{:abc}()
println(typeof(v))
f(::MyVal{:abc}) = "abc!"
f(::MyVal{T}) where {T} = string("other ", T)
println(f(v), " ", f(MyVal{:q}()))
g(::Val{3}) = "three"
println(g(Val(3)))
println(MIME("text/plain"), " ", typeof(MIME"text/plain"()), " ", Val{:x}, " ", MyVal{3})
struct Temp
    deg::Float64
end
Base.show(io::IO, t::Temp) = print(io, t.deg, "°")
Base.show(io::IO, ::MIME"text/plain", t::Temp) = print(io, "Temperature: ", t.deg, " degrees")
t = Temp(21.5)
println(t)
display(t)
show(stdout, MIME"text/plain"(), t); println()
show(stdout, MIME"text/plain"(), [1, 2]); println()
display([t, t])
h(::Val{N}) where {N} = N + 1
println(h(Val(41)))
