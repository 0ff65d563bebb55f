if a
    1
elseif b
    2
else
    3
end
while i < 3
    i += 1
end
for (i, x) in enumerate(xs), j = 1:2
    break
end
try
    f()
catch e
    g(e)
finally
    h()
end
map(xs) do x
    x * 2
end
[x^2 for x in 1:3 if isodd(x)]
s = "a $b and $(c + 1)\n"
t = """
    two
      lines
    """
c = 'x'
v = Int[1, 2][end]
@assert x > 0 "positive"
local q = 1
global r
return
