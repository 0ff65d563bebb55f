println(isless(0/0, 1.0), " ", isless(1, 0/0), " ", sort([3.0, 0/0, 1.0]), " ", maximum([1, 0/0, 3]))
try; typemin(Int) ÷ -1; catch e; println(e); end
println(mod(5, typemax(Int)), " ", mod(-1, typemin(Int)), " ", mod(-7, 3), " ", 4 << -1, " ", 1 >> -1)
try; Int(2.0^63); catch e; println(typeof(e)); end
println(3^(2^32+1) == 3^(2^32-1), " ", 1.0 ÷ 0.1, " ", mod(1.0, 0.1), " ", sign(-0.0))
try; (-8.0)^(1/3); catch e; println(typeof(e)); end
v(xs...) = 1; v(x::Int, xs...) = 2; println(v(1), v(), v("a"))
struct Pt{T}; x::T; y::T; end
try; Pt(1, 2.0); catch e; println(typeof(e)); end
mutable struct Node2; val::Int; next::Union{Node2, Nothing}; end
println(Node2(1, Node2(2, nothing)).next.val)
a = [0, 0]
a[(print("idx "); 1)] = (print("val "); 5); println(a)
try; first(Int[]); catch e; println(typeof(e)); end
println(first(1:0), " ", fld(-7, 2), " ", cld(7, 2), " ", cmp(1, 2), " ", unique([1, 2, 1, 3]), " ", extrema([3, 1, 2]))
println(parse(Int, "42") + 1, " ", replace("a-b-c", "-" => "+"), " ", 'a' + 1, " ", Int('a'), " ", NaN, " ", Inf)
