x = (1 + 2
y = [1, 2
f(a b)
z = "unterminated
