# Ranges of characters.
r = 'a':'e'
println(r)
println(typeof(r))
println(collect(r))
println(join(r), " ", length(r), " ", first(r), " ", last(r), " ", step(r))
println(join('a':2:'z'))
println('c' in r, " ", 'z' in r, " ", r[2])
println('a' + 1, " ", 'c' - 'a', " ", 'z' - 1)
for c in 'x':'z'
    print(c, ' ')
end
println()
println(collect('e':-2:'a'), " ", isempty('b':'a'), " ", length('b':'a'))
println(map(uppercase, 'a':'c'))
