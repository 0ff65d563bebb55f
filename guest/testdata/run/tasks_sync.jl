# `@sync` waits for the `@async` tasks started lexically inside it.
results = Int[]
@sync for i in 1:3
    @async begin
        for k in 1:i
            yield()
        end
        push!(results, i)
    end
end
println(results)

v = @sync begin
    @async push!(results, 4)
    :block_value
end
println(v, " ", results)

# Nested: the inner `@sync` waits for its own tasks only.
trail = String[]
@sync begin
    @async begin
        @sync begin
            @async push!(trail, "inner 1")
            @async push!(trail, "inner 2")
        end
        push!(trail, "inner done")
    end
    @async push!(trail, "outer")
end
println(trail)

# `@async` inside a function called from `@sync` is not waited for (the rule is lexical).
later = Channel{Int}(1)
spawn_later() = @async put!(later, 7)
@sync begin
    spawn_later()
end
println(isready(later), " ", take!(later))

# Failures are collected and rethrown as a CompositeException once every task has finished.
finished = String[]
try
    @sync begin
        @async error("first failure")
        @async push!(finished, "ok")
        @async throw(ArgumentError("second failure"))
    end
catch e
    println(typeof(e), " ", length(e.exceptions), " ", finished)
    for x in e.exceptions
        println(typeof(x), ": ", x.task.exception)
    end
end
