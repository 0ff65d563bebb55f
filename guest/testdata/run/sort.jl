v = [3, 1, 2, 5, 4, 9, 7, 8, 6, 10, 15, 12, 11, 14, 13, 20, 18, 17, 19, 16, 0]
println(sort(v))
println(sort(v; rev=true))
println(sort(["banana", "apple", "cherry", "fig"]; by=length))
println(sort([(2, "b"), (1, "z"), (2, "a"), (1, "a")]; by=first))
println(sort([3.0, 0/0, 1.0, -0.0, 0.0]))
w = [5, 3, 1]
sort!(w)
println(w)
println(sortperm([30, 10, 20]))
println(issorted([1, 2, 2, 3]), " ", issorted([3, 1]))
println(sort(1:5; rev=true))
println(sort([1, 2, 3]; lt=(a, b) -> a > b))
println(invokelatest(+, 1, 2))
struct P; x::Int; end
Base.isless(a::P, b::P) = a.x < b.x
println(sort([P(3), P(1), P(2)]))
println(sort(collect(Dict("b" => 2, "a" => 1))))
words = ["pear", "fig", "apple", "kiwi", "banana", "date", "plum"]
println(sort(words; by=w -> (length(w), w)))
println(sort(words; by=length, rev=true))
n = [mod(i * 7919, 101) for i in 1:60]
s = sort(n)
println(issorted(s), " ", length(s), " ", s[1], " ", s[end])
println(sortperm([2, 1, 2, 1]))
try
    sort([1, "a", 2])
catch e
    println(typeof(e))
end
