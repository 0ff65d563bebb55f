# Broadcasting arithmetic of an integer range with a float gives a float range (Julia's
# `range_start_step_length` of the first element and the step), as does dividing it.
println((1:3) .* 0.5, " ", 0.5 .* (1:3), " ", (0:2:6) .* 0.25)
println((1:3) .+ 0.5, " ", 0.5 .+ (1:3), " ", (1:3) .- 0.5, " ", 10.0 .- (1:3))
println(2 .* (0.0:0.5:2.0), " ", (0:2:6) / 4, " ", (0:2:6) ./ 4, " ", -(0:2:6) / 8)
println(typeof((1:3) .* 0.5))
println(2.0 ./ (1:4), " ", collect((1:3) .* 0.1))
println(typeof(==(1)))
# Dict literals keep their values' types, widened where they differ (never promoted).
d = Dict(1 => 1, 2 => 2.5)
println(typeof(d), " ", d[1], " ", typeof(Dict("a" => 1, "b" => nothing)))
println(typeof(Dict(i => (i == 1 ? 1 : "x") for i in 1:2)), " ", typeof(Dict(Pair{Int, Real}[])))
println(Union{Nothing, Float64}[1, nothing], " ", [1, 2.5, nothing])
