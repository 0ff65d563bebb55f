struct P; a; b; end
p = P(1, 2)
println(getfield(p, :b), " ", :hello, " ", repr(:x), " ", Dict(:a => 1)[:a], " ", :a == :a, " ", typeof(:z), " ", Symbol("q"))
x = true ? :yes : :no
println(x)
