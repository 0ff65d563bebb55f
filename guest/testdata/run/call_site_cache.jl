# One call site, many functions and argument types: each call dispatches on what it gets.
apply_all(fs, x) = [fn(x) for fn in fs]
println(apply_all([abs, sign, x -> 2x], -3))
println(apply_all([abs, sign], -2.5))

describe(x) = "something"
describe(x::Int) = "an Int"
describe(x::Tuple{Int, Int}) = "a pair of Ints"
describe(::Type{Int}) = "the type Int"
describe(x::Vector{Float64}) = "a vector of Float64"
function describe_all(xs)
    out = String[]
    for x in xs
        push!(out, describe(x))
    end
    out
end
println(describe_all(Any[1, 2.0, (1, 2), (1, 2.0), Int, Float64, [1.0], [1], (1, 2)]))

# A method defined between two runs of a loop is seen by the second one.
step(x) = x + 1
run_steps(x, n) = (for _ in 1:n; x = step(x); end; x)
println(run_steps(0, 10))
step(x::Int) = x + 2
println(run_steps(0, 10))
println(run_steps(0.0, 10))

# Arithmetic and comparisons at call sites that see the same operand types again and again,
# then others: wrapping, promotion, NaN, signed zeros, exact mixed comparisons.
function ops(a, b)
    r = Any[]
    for _ in 1:3
        r = Any[a + b, a - b, a * b, a / b, a < b, a <= b, a > b, a >= b, a == b]
    end
    r
end
println(ops(3, 4))
println(ops(typemax(Int), 1))
println(ops(1.5, 2))
println(ops(2, 1.5))
println(ops(NaN, 1.0))
println(ops(-0.0, 0.0))
println(ops(2^53 + 1, 2.0^53))
println(ops(true, 2))
struct Meters
    v::Float64
end
Base.:+(a::Meters, b::Meters) = Meters(a.v + b.v)
add3(a, b) = (s = a; for _ in 1:3; s = s + b; end; s)
println(add3(1, 2), " ", add3(1.0, 0.5), " ", add3(Meters(1.0), Meters(2.0)))

# Globals read by a method see every assignment, and a global defined after the first call.
scale = 2
scaled(x) = (r = 0; for _ in 1:3; r = scale * x; end; r)
println(scaled(3))
scale = 5
println(scaled(3))
uses_later() = later + 1
try
    uses_later()
catch e
    println(e isa UndefVarError)
end
later = 41
println(uses_later())
module Shapes
export area
area(r) = 3 * r^2
end
using .Shapes
total_area(rs) = (t = 0; for r in rs; t += area(r); end; t)
println(total_area([1, 2]))

# `for` over ranges and arrays at cached sites: empty ones, mixed element types, a matrix, and
# a vector that grows while it is walked.
function total(xs)
    t = 0
    for x in xs
        t += x
    end
    t
end
println(total(1:10), " ", total(5:4), " ", total([1, 2.5, 3]), " ", total(Any[1, 2.5]), " ",
        total(Float64[]), " ", total([1 2; 3 4]))
function walk(v)
    seen = Int[]
    for x in v
        push!(seen, x)
        length(v) < 6 && push!(v, x * 10)
    end
    seen
end
println(walk([1, 2, 3]))

# Closures' bodies and top-level loops keep call-site caches too (no method instance).
g2(x) = 1
h2 = x -> g2(x)
acc = 0
for i in 1:3
    global acc += h2(i)
end
println(acc)
g2(x::Int) = 10
acc = 0
for i in 1:3
    global acc += h2(i)
end
println(acc, " ", h2(1.5), " ", map(x -> string(x), Any[1, 2.5, :s]))

# Recursion through a cached site, then an error deep inside it keeps its backtrace.
countdown(n) = n == 0 ? error("done at the bottom") : countdown(n - 1)
countdown(3)
