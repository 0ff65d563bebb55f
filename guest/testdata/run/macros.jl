t = @elapsed sum(1:10)
println(t isa Float64 && t >= 0)
x = 5
@show x
@show x + 1
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
