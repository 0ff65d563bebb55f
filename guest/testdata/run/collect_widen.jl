# A comprehension, `map` and `collect` of a generator type their result as Julia's
# `collect_to!` does: the first element's type, widened with `promote_typejoin` by each element
# that is not of it (never promoted, as a literal `[1, 1.5]` is).
struct Evens
    n::Int
end
Base.iterate(e::Evens, i = 1) = i > e.n ? nothing : (2i, i + 1)
Base.length(e::Evens) = e.n

v = [x for x in Evens(3)]
println(typeof(v), " ", v)
w = [x > 2 ? 1.5 : 1 for x in Evens(3)]
println(typeof(w), " ", w)
println(typeof(map(x -> x > 2 ? 1.5 : 1, 1:3)))
println(typeof([isodd(x) ? x : nothing for x in 1:3]))
println(typeof([isodd(x) ? x : missing for x in 1:3]))
println(typeof([isodd(x) ? x : "a" for x in 1:3]), " ", [isodd(x) ? x : "a" for x in 1:3])
println(typeof([x for x in Any[1, 2]]))
println(typeof([x for x in Any[1, 2.0]]))
println(typeof([(x, y) for x in 1:2, y in (1, 2.0)]))
println(typeof([x for x in Evens(4) if x > 2]))
println([x => x / 2 for x in Evens(2)])
# A struct holding the result is built with its declared field type.
struct Holder
    xs::Vector{Int}
end
println(Holder([x for x in Evens(2)]))
