# Code as data: quoting, interpolation, Expr values and how Julia prints them.
ex = :(a + b * c + 1)
println(typeof(ex))
show(ex); println()
println(ex)
println(ex.head)
println(ex.args)
println(length(ex.args))
e2 = Expr(:call, :+, 1, 2)
println(e2, " = ", eval(e2))
println(e2 == :(1 + 2), " ", e2 === :(1 + 2))
push!(e2.args, 10)
println(e2, " = ", eval(e2))
e2.head = :vect
show(e2); println()
println(typeof(:(x)), " ", typeof(:(1)), " ", typeof(:("s")))
q = :(:x)
println(typeof(q))
show(q); println()
println(q.value)
show(QuoteNode(:y)); println()
show(:(f(:x, 2))); println()

# Interpolation.
a = 1
show(:($a + b)); println()
args = [:x, :y, :z]
show(:(f(1, $(args...)))); println()
show(:(g($(a + 1)))); println()
sym = :hello
show(:($sym(1))); println()
inner = :(p * q)
show(:($inner + 1)); println()
show(:(($inner) ^ 2)); println()
nested = :(:(u + $v))
println(typeof(nested), " ", nested.head)

# Printing of common forms.
show(:(a in (1, 2, 3))); println()
show(:(x[i, j] = v)); println()
show(:(p.q.r)); println()
show(:(a && (b || c))); println()
show(:((a + b) * c)); println()
show(:(a - (b - c))); println()
show(:(-x)); println()
show(:(!done)); println()
show(:(f(x...))); println()
show(:([1, 2, x])); println()
show(:((1, 2))); println()
show(:((1,))); println()
show(:(x::Int)); println()
show(:(Vector{Int})); println()
show(:(1:n)); println()
show(:(a < b <= c)); println()
show(:(x += 1)); println()
show(:(d[k] => v)); println()
show(:(f(x, y = 2))); println()
show(:(return x)); println()
show(:("a$(x)b")); println()
show(:(1.5 + 'c')); println()

# Blocks, with the line numbers removed (they name the file).
b = 2
blk = quote
    y = $b + 1
    y * 2
end
println(typeof(blk), " ", blk.head)
println(eval(blk))
show(Base.remove_linenums!(blk)); println()
cond = Base.remove_linenums!(:(if x > 0
    println("pos")
else
    println("neg")
end))
show(cond); println()
println(cond)
loop = Base.remove_linenums!(:(for i = 1:3
    s += i
end))
show(loop); println()
fdef = Base.remove_linenums!(:(function f(x)
    x + 1
end))
show(fdef); println()
println(Base.remove_linenums!(quote end))

# Line numbers are LineNumberNodes.
ln = LineNumberNode(7, :somefile)
show(ln); println()
println(ln.line, " ", ln.file)
show(Expr(:block, LineNumberNode(3, :f), :x)); println()

# dump and Meta.
dump(Meta.parse("1 + 4*5"))
dump(:(f(:s, "str", 1.5)))
println(Meta.parse("x = y"))
println(Meta.isexpr(:(f(x)), :call), " ", Meta.isexpr(:(f(x)), :ref))
show(Meta.quot(:(a + b))); println()
show(Expr(:foo, 1, :x)); println()

# Operator symbols, copies, equality.
ex = :(x = 10)
println(ex.head === :(=), " ", Meta.isexpr(ex, :(=)), " ", :(::), " ", :+)
println(eval(ex), " ", x)
c = copy(:(f(a, b)))
push!(c.args, :c)
println(c, " ", c == :(f(a, b, c)), " ", :(a.b) == :(a.c))
println(Symbol("a", 1, :b))

# Broadcasting and named tuples as data.
show(:(f.(x, y))); println()
show(:(a .+ b)); println()
show(:(x .= y .* 2)); println()
show(:((a = 1, b = 2))); println()
vals = [1, 2, 3]
println(eval(:(vals .* 2)), " ", eval(:((a = 1, b = vals))))
