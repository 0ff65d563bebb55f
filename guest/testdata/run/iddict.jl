# IdDict: keys compared by identity (===), not by ==.
a = [1, 2]
b = [1, 2]
d = IdDict{Any, Int}()
d[a] = 1
d[b] = 2
println(length(d), " ", d[a], " ", d[b], " ", haskey(d, [1, 2]), " ", a == b)
println(typeof(d), " ", d isa AbstractDict{Any, Int})
e = IdDict(:x => 1, :y => 2)
println(typeof(e), " ", e[:x] + e[:y], " ", get(e, :z, 0))
e[:z] = 3
println(sort(collect(keys(e))), " ", sum(values(e)))
println(pop!(e, :x), " ", length(e), " ", haskey(e, :x))
delete!(e, :y)
println(e)
println(get!(e, :w, 10), " ", get!(() -> 20, e, :v), " ", get!(e, :w, 99))
# 1 and 1.0 are == but not ===: two keys.
f = IdDict{Any, String}(1 => "int", 1.0 => "float")
println(length(f), " ", f[1], " ", f[1.0])
try
    IdDict{Symbol, Int}()["s"] = 1
catch err
    println(sprint(showerror, err))
end
try
    e[:missing]
catch err
    println(sprint(showerror, err))
end
# Many insertions and deletions keep it consistent.
g = IdDict{Int, Int}()
for i in 1:1000
    g[i] = i * i
end
for i in 1:2:1000
    delete!(g, i)
end
println(length(g), " ", g[10], " ", sum(values(g)) == sum(i * i for i in 2:2:1000))
display(IdDict(:a => 1))
