# Base functions written in Julia: reductions, accumulations, string utilities and indices,
# partially applied operators, numeric helpers.
println(Symbol("a", 1), " ", Symbol("x"), " ", Symbol(:a))
println(isapprox(0.1+0.2, 0.3), " ", 0.1+0.2 ≈ 0.3, " ", 1.0 ≈ 1.1, " ", isapprox(1.0, 1.05; atol = 0.1))
println(bitstring(UInt8(5)), " ", bitstring(Int16(-1)), " ", bitstring(1.0))
println(ntuple(i -> i^2, 3), " ", Tuple([1,2]))
println(sizeof("héllo"), " ", sizeof(1.0), " ", nextind("héllo", 2), " ", prevind("héllo", 4, 2), " ", thisind("héllo", 3), " ", isvalid("héllo", 3))
println(chop("abc"), " ", chop("abcdef"; head = 1, tail = 2), " ", strip("xxaxx", 'x'), " ", lstrip(isdigit, "12ab"), " ", rstrip("a  "))
println(findlast("l", "hello"), " ", findnext('l', "hello", 4), " ", findprev(isequal('l'), "hello", 3), " ", findfirst(==(3), [1,3,5]))
println(filter(!isodd, 1:6), " ", map(!iseven, [1, 2]), " ", count(in([1,2]), [1,2,3,2]))
println(eps(1.0), " ", eps(1e10), " ", eps(0.0), " ", clamp(-1, 0, 10), " ", clamp(2.5, 0, 1))
println(foldr(-, [1, 2, 3]), " ", reduce(+, Int[]; init = 0), " ", mapreduce(abs, max, [-3, 2]), " ", maximum(length, ["a", "abc"]))
println(argmax(x -> -abs(x - 2), [0, 1, 2, 3]), " ", findmin([3, 1, 1]), " ", extrema(abs, [-5, 2]))
println(cumsum([true, true, false]), " ", cumprod([1, 2, 3]), " ", accumulate(max, [1, 3, 2]), " ", diff(Int[]))
println(something(nothing, nothing, 3), " ", tryparse(Float64, "2.5"), " ", tryparse(Int, "2.5"))
d = Dict{String,Vector{Int}}()
push!(get!(d, "a", Int[]), 1); push!(get!(() -> [0], d, "a"), 2)
println(d)
println(atan(1.0, 1.0), " ", tan(0.0), " ", log2(1024), " ", log10(1e-3), " ", exp2(3))
try; asin(2.0); catch e; println(e); end
try; reduce(+, Int[]); catch e; println(e); end
try; something(nothing); catch e; println(e); end
println(lowercasefirst("ABC"), " ", titlecase("the QUICK-brown fox"), " ", first("héllo", 2), " ", last("héllo", 4), " ", first("ab", 5))
println(allequal([1, 1]), " ", allunique("abca"), " ", divrem(-7, 2), " ", fldmod(-7, 2))
println(join(["a","b","c"], ", ", " and "), " ", join([1], ", ", " and "))
println(isascii("abc"), isascii("é"), " ", occursin('x', "xyz"), " ", count("ab", "abcab"), " ", count("aa", "aaaa"; overlap = true))
println(range(1, 10, step=3), " ", collect(range(1, 10, step=3)), " ", range(2, stop=5))
println(string(-255, base=16), " ", string(255, base=16, pad=4), " ", digits(10, base=2), " ", digits(5, pad=3), " ", string(UInt8(7), base=2))
println(string(true), " ", string(3), " ", string(-3), " ", string(typemin(Int64)), " ", -8 >>> 60, " ", isinteger(2.0), isinteger(2.5))
try; maximum(Int[]); catch e; println(e); end
