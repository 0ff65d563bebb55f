show('\''); println()
show("\r\a\b\f\v"); println()
show("\0"); show('\0'); println()
show("a\u200bb"); println()
println([(1,2),(3,4)], " ", ["a"=>1], " ", [nothing, nothing])
println(typeof(1:2:5), " ", 1 => (2 => 3), " ", (1 => 2) => 3)
try; Int(1e30); catch e; println(e); end
try; sin(Inf); catch e; println(e.msg); end
println(repr("q\"\$x"), " ", repr('"'))
v = [1, nothing]
println(v, " ", typeof(v), " ", eltype(Dict(1 => "a")))
push!(v, 3)
println(v)
