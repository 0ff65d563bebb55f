# sinpi, cospi, sincospi and cispi: exact at the quarter periods, as Julia's algorithms.
println(sinpi(0.5), " ", sinpi(1.0), " ", sinpi(-1.0), " ", sinpi(-1.5), " ", sinpi(1e20))
println(cospi(0.5), " ", cospi(1.0), " ", cospi(1 / 3), " ", sinpi(1 / 6))
println(sinpi(2), " ", cospi(3), " ", sinpi(-3), " ", sincospi(0.5), " ", sincospi(1))
println(cispi(1.0), " ", cispi(0.5), " ", cispi(2))
println(evalpoly(2, (1, 2, 3)), " ", evalpoly(0.5, (1.0, 1.0)))
sinpi(Inf)
