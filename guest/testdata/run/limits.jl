# Requests too large to honour are Julia errors, not crashes of the runtime.
attempts = [() -> "a"^(10^12), () -> zeros(10^12), () -> collect(1:10^12), () -> fill(1, 10^10),
            () -> Vector{Int}(undef, 10^11)]
for f in attempts
    try
        f()
        println("allocated")
    catch e
        println(e)
    end
end
println(length(1:2:10^18), " ", Vector{Float64}(undef, 2), " ", undef)
f(n) = f(n + 1)
try
    f(1)
catch e
    println(e)
end
