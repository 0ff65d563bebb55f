# Set: construction, membership, set algebra (multi-element sets are printed sorted:
# Julia iterates a Set in hash order).
s = Set([1, 2, 2, 3])
println(sort(collect(s)), " ", length(s), " ", 2 in s, " ", 5 in s, " ", typeof(s))
push!(s, 4); delete!(s, 1)
println(sort(collect(s)))
t = Set{String}()
push!(t, "a")
println(t, " ", isempty(Set()), " ", Set{Int}())
println(sort(collect(union(Set([1, 2]), [3]))), " ", intersect(Set([1, 2, 3]), Set([2, 3, 4])) == Set([2, 3]))
println(setdiff([1, 2, 3], [2]), " ", union([1, 2], [2, 3]), " ", intersect([1, 2, 3], [3, 1]))
println(issubset([1], Set([1, 2])), " ", Set([1, 2]) ⊆ Set([1]), " ", Set([1,2]) == Set([2,1]))
for x in Set(["x"]) println(x) end
println(Set("hello") |> length, " ", sum(Set([1, 2, 3])))
