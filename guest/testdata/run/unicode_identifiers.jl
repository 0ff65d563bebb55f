# Identifiers as Julia's parser reads them (src/support's is_wc_cat_id_start, jl_id_char):
# letters, currency and other symbols (emoji), an allowlist of math symbols, and, after the
# first character, digits, marks, modifier symbols, other numbers and primes.
🙂 = 2
€ = 5
∑x = 3
x² = 4
a₁ = 1
x̂ = 0.5
println(🙂 + € + ∑x + x² + a₁ + x̂)
f′(x) = 2x
println(f′(3))
∇f = [1, 2]
println(∇f)
println(repr(:🙂), " ", repr(:∑x), " ", repr(Symbol("a b")), " ", repr(:∈))

# `var"…"` names anything.
var"my var" = 3
println(var"my var" + 1)
var"#hidden"(x) = x + 1
println(var"#hidden"(1))
println(Meta.parse("var\"a b\" + 1"))

# The radical signs are Base's names for sqrt and cbrt.
println(√4, " ", √(2.25), " ", ∛27, " ", ∜16, " ", fourthroot(16.0))
println((√) === sqrt, " ", (∛) === cbrt)

# How `show` writes a symbol: as an identifier or operator when it is one.
for s in (:x, :end, Symbol("true"), :+, :(==), :(=>), :∈, Symbol("a b"), Symbol(""), Symbol("'"), Symbol("1x"))
    print(repr(s), " ")
end
println()
show([:a, Symbol("b c")]); println()
