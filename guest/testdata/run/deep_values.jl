# Deeply nested values: compared, hashed, printed and copied as Julia does, and a
# StackOverflowError (catchable) where Julia's recursion would overflow its stack — never a
# crash of the runtime and never a wrong answer.
function nest(n)
    a = Any[]
    for i in 1:n
        a = Any[a]
    end
    a
end

a = nest(3000); b = nest(3000); c = nest(2999)
println(a == b, " ", a == c, " ", isequal(a, b), " ", a === b)
println(hash(a) == hash(b), " ", hash(a) == hash(c))
s = repr(a)
println(length(s), " ", s[1:12], " ", s[end-5:end])
d = deepcopy(a)
println(d == a, " ", d === a)

# A shared object stays shared in the copy, and a cycle stays a cycle.
x = [1, 2]
pair = Any[x, x]
pc = deepcopy(pair)
println(pc[1] === pc[2], " ", pc[1] === x)
cyc = Any[1]
push!(cyc, cyc)
cc = deepcopy(cyc)
println(cc[2] === cc, " ", cc[2] === cyc)

# 50,000 levels: deeper than any of them goes.
deep = nest(50_000); deep2 = nest(50_000)
for (what, f) in (("==", () -> deep == deep2), ("hash", () -> hash(deep)), ("repr", () -> repr(deep)))
    r = try
        f()
        "no error"
    catch e
        sprint(showerror, e)
    end
    println(what, ": ", r)
end
