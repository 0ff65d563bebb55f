x .+ y .* 2
f.(x, y; k = 1)
.-x
a .&& b
x .= y
x .+= 1
z = x .== y
t = (a = 1, b = 2)
(a = 1,)
(; a, b = 2, t.c)
(; t..., :d => 4)
(;)
(; a, b) = t
f(x; kw...) = g(; kw..., y = 1)
h(; :a => 1, s.b)
