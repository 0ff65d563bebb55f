# Functions and macros whose names are interpolated into quoted code.
rotate(n, c::Char) = 'a' <= c <= 'z' ? 'a' + (c - 'a' + n) % 26 : c
rotate(n, s::String) = map(c -> rotate(n, c), s)
for n in (1, 13)
    Core.eval(@__MODULE__, :(macro $(Symbol(:R, n, :_str))(s::String)
        :(rotate($$n, $s))
    end))
end
println(R1"abc", " ", R13"hello")
for (name, k) in ((:double, 2), (:triple, 3))
    @eval $name(x) = $k * x
    @eval function $(Symbol(name, :_all))(xs)
        return map($name, xs)
    end
end
println(double(4), " ", triple(4), " ", triple_all([1, 2]))
ex = :(macro $(:twice)(x)
    :(2 * $x)
end)
println(ex.head, " ", ex.args[1])
eval(ex)
println(@twice 21)
