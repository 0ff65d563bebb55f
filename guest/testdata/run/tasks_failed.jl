# A task that throws: wait/fetch throw TaskFailedException wrapping the task.
t = @async error("boom")
try
    wait(t)
catch e
    println(typeof(e), " ", e.task === t)
    println(istaskdone(t), " ", istaskfailed(t), " ", t.exception)
end
println(t)
try
    fetch(t)
catch e
    println(e isa TaskFailedException)
end

deep(n) = n == 0 ? 0 : 1 + deep(n - 1)
s = @async deep(10^6)
try
    wait(s)
catch e
    println(typeof(e.task.exception))
end
println("main still runs: ", deep(100))

function risky(x)
    x < 0 && throw(ArgumentError("negative input: $x"))
    return sqrt(x)
end
println(fetch(@async risky(4)))
fetch(@async risky(-1))
