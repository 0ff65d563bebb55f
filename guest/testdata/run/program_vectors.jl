# A 2-D vector type with arithmetic, promotion and a projectile simulation.
struct Vec2{T<:Real}
    x::T
    y::T
end
Vec2(x::Real, y::Real) = Vec2(promote(x, y)...)

Base.:+(a::Vec2, b::Vec2) = Vec2(a.x + b.x, a.y + b.y)
Base.:-(a::Vec2, b::Vec2) = Vec2(a.x - b.x, a.y - b.y)
Base.:*(k::Real, v::Vec2) = Vec2(k * v.x, k * v.y)
Base.:*(v::Vec2, k::Real) = k * v
Base.:/(v::Vec2, k::Real) = Vec2(v.x / k, v.y / k)
Base.:-(v::Vec2) = Vec2(-v.x, -v.y)
Base.zero(::Type{Vec2{T}}) where {T} = Vec2(zero(T), zero(T))
Base.show(io::IO, v::Vec2) = print(io, "⟨", v.x, ", ", v.y, "⟩")
Base.convert(::Type{Vec2{T}}, v::Vec2) where {T} = Vec2{T}(v.x, v.y)
Base.promote_rule(::Type{Vec2{S}}, ::Type{Vec2{T}}) where {S, T} = Vec2{promote_type(S, T)}
dot(a::Vec2, b::Vec2) = a.x * b.x + a.y * b.y
norm(v::Vec2) = sqrt(dot(v, v))

a = Vec2(1, 2)
b = Vec2(0.5, -1)
println(a, " ", b, " ", a + b, " ", 2a, " ", a / 2, " ", -b)
println(typeof(a), " ", typeof(a + b), " ", typeof(Vec2(1, 2.0)))
println(dot(a, b), " ", norm(Vec2(3, 4)), " ", sum([a, a, a]), " ", zero(Vec2{Int}))
println(promote(a, b), " ", [a, b], " ", eltype([a, b]))

function simulate(p0::Vec2, v0::Vec2; g = 9.81, dt = 0.1)
    p, v = p0, v0
    path = [p]
    while p.y >= 0
        v = v + dt * Vec2(0.0, -g)
        p = p + dt * v
        push!(path, p)
    end
    return path
end

path = simulate(Vec2(0.0, 0.0), Vec2(10.0, 10.0))
println(length(path), " steps; apex ", round(maximum(p -> p.y, path); digits = 3), "; lands near x = ", round(path[end].x; digits = 2))
for p in path[1:5:end]
    println("  ", Vec2(round(p.x; digits = 2), round(p.y; digits = 2)))
end
speeds = [norm(q - p) / 0.1 for (p, q) in zip(path, path[2:end])]
println(round(minimum(speeds); digits = 3), " ", round(maximum(speeds); digits = 3))
