v = Any[]; push!(v, v); println(v)
mutable struct N; x; end
n = N(nothing); n.x = n; println(n)
mutable struct Node; val::Int; next; end
function build(k)
    head = nothing
    for i in 1:k
        head = Node(i, head)
    end
    head.val
end
println(build(200000))
for i in typemax(Int)-2:typemax(Int); println(i); end
try; "héllo"[1:3]; catch e; println(e.msg); end
println(length(typemax(Int):-1:-1))
mutable struct MC; x; end
println(MC(1) == MC(1), " ", MC(1) === MC(1))
println(9007199254740993 == 9007199254740992.0, " ", float(typemax(Int)) == typemax(Int), " ", typemax(Int) < 2.0^63)
println([1,2,3] == 1:3, " ", 1:0 == 2:1, " ", Dict(1=>2) == Dict(1=>2))
deep = Any[]
for i in 1:100000; global deep = Any[deep]; end
# Julia overflows its stack printing 100,000 levels; so does kiln, catchably.
println(try length(string(deep)) > 0 catch e; e end)
