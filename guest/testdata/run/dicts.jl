d = Dict{Int,Int}()
for i in 1:100000
    d[i] = i
end
for i in 1:100000
    delete!(d, i)
end
println(length(d))
e = Dict(1 => 1, 2 => 2, 3 => 3)
for (k, v) in e
    delete!(e, k)
end
println(e, " ", length(e))
f = Dict("a" => 1, "b" => 2)
delete!(f, "a")
f["c"] = 3
println(f, " ", collect(keys(f)), " ", f == Dict("b" => 2, "c" => 3))
println(Dict{String,Any}("a"=>1), " ", Dict{Any,Any}(), " ", Dict(1=>"x"))
println(Dict{Int32, Symbol}(1 => :a), " ", Dict(:k => [1, 2]), " ", Dict{Any, Int}(1 => 2))
