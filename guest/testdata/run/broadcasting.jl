# Broadcasting: dot calls and dotted operators, fusion, scalars, tuples, ranges, in place.
x = [1, 2, 3]
println(x .+ 1, " ", typeof(x .+ 1))
println(x ./ 2, " ", typeof(x ./ 2))
println(x .* 2 .+ 1, " ", x .^ 2, " ", 2 .^ x)
println(sqrt.([1.0, 4.0, 9.0]))
f(a, b) = a * 10 + b
println(f.(x, 1), " ", f.(x, [4, 5, 6]), " ", f.(1, 2))
calls = Ref(0)
counted(v) = (calls[] += 1; v * 2)
println(counted.(counted.(x)), " ", calls[])
println((1, 2) .+ 1, " ", typeof((1, 2) .+ 1))
println((1, 2) .+ (10, 20), " ", (1,) .+ (1, 2, 3))
println((1, 2) .+ [10, 20], " ", typeof((1, 2) .+ [10, 20]))
println((1:3) .* 2, " ", typeof((1:3) .* 2))
println((1:3) .+ 1, " ", typeof((1:3) .+ 1))
println(10 .- (1:3), " ", .-(1:3), " ", (1:2:7) .+ 1, " ", (1:3) .+ (1:3))
println((1:3) .^ 2, " ", (1:3) .* 2 .+ 1)
println(x .== 2, " ", x .> 1, " ", x .!= 2, " ", x .<= 2, " ", x .>= 2, " ", x .< 2)
println(.-x, " ", .!(x .> 1))
println((x .> 1) .& (x .< 3), " ", (x .> 1) .| (x .< 2), " ", x .> 1 .&& x .< 3, " ", x .< 2 .|| x .> 2)
println(1 .+ 2, " ", "a" .* "b", " ", typeof(1 .+ 2))
println(string.("v", x), " ", uppercase.(["a", "b"]))
println(x .+ Ref(10), " ", length.(["a", "bb", ""]))
println([1, 2] .+ [10], " ", [1] .+ [1, 2])
println(round.([1.234, 5.678]; digits = 1), " ", round.(Int, [1.4, 2.6]))
println(broadcast(+, [1, 2], 3), " ", broadcast(max, (1, 5), 3))
println([1, nothing] .=== nothing)
println(x .+ 1.5, " ", [1, 2] .// 2)
g(v) = v > 1 ? v : "small"
println(g.(x))
y = zeros(3)
y .= x .* 2
println(y)
y .+= 1
println(y)
y .*= x
println(y)
z = [0, 0, 0]
z .= 7
println(z)
z .= [4, 5, 6]
println(z)
w = z
w .-= 1
println(z)
v = [1.0, 2.0]
broadcast!(+, v, v, 1)
println(v)
try
    [1, 2] .+ [1, 2, 3]
catch e
    println(e)
end
try
    (1, 2) .+ (1, 2, 3)
catch e
    println(e)
end
try
    z .= [1, 2]
catch e
    println(e)
end
try
    (a = 1,) .+ 1
catch e
    println(e)
end
try
    Dict(1 => 2) .+ 1
catch e
    println(e)
end
