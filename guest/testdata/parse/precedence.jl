1 + 2 * 3
-2^2
a:b+1
1:2:10
x -> x + 1
a ? b : c ? d : e
1 < x <= 3
!a && b || c
2x^2
f(x)(y)
a.b[1].c = 3
x += 1
a, b = b, a
y = z = 0
p => q
-x * y
3(a + b)
v |> f
x::Int
a == b && c != d
