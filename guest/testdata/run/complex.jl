# Complex numbers: a parametric struct in Base, promotion with reals, Julia's printing.
z = 1 + 2im
println(z, " ", typeof(z))
show(z); println()
w = 3.0 - 4.5im
println(w, " ", typeof(w))
println(z + w, " ", z * w, " ", z - 1, " ", 2z, " ", z / 2)
println(abs(3 + 4im), " ", abs2(z), " ", conj(z), " ", real(w), " ", imag(w))
println(im, " ", im * im, " ", (1 + 2im)^2, " ", (1.0 + 1.0im)^3)
println((1 + 2im) / (3 - 4im), " ", 1 / (1.0 + 1.0im))
println([1 + 2im, 3 - 4im])
println(Complex(1, 2) == 1 + 2im, " ", Complex(1.0, 0.0) == 1, " ", complex(1, 2.5))
println(Complex{Float64}(1, 2), " ", convert(Complex{Float64}, 3))
println(zero(z), " ", one(w), " ", -z, " ", isreal(Complex(1, 0)))
println(Complex(0.0, -0.0), " ", Complex(1.0, NaN), " ", Complex(1, Inf))
println(hypot(3.0, 4.0), " ", hypot(1e308, 1e308), " ", hypot(1.0, 1.0))
println(typeof(1.0im), " ", typeof(Complex(Float32(1), Float32(2))), " ", typeof(im))
struct Point{T<:Real}
    x::T
    y::T
end
Point(x::Real, y::Real) = Point(promote(x, y)...)
p = Point(1, 2.5)
println(p, " ", typeof(p), " ", Point(1, 2), " ", Point{Float64}(1, 2))
mandel(c) = (z = 0.0im; n = 0; while abs(z) <= 2 && n < 50; z = z * z + c; n += 1; end; n)
println([mandel(complex(x / 2, 0.5)) for x in -4:1])
