# Tasks: creation, scheduling, the task's state, fetch.
t = @task begin
    println("running in ", current_task() === t ? "t" : "another task")
    :result
end
println(t)
println(istaskstarted(t), " ", istaskdone(t), " ", istaskfailed(t))
println(schedule(t) === t)
println(istaskstarted(t))
println(yield())
println(istaskstarted(t), " ", istaskdone(t), " ", fetch(t))
println(t)
println(wait(t))
me = current_task()
println(me === current_task(), " ", istaskstarted(me), " ", istaskdone(me))

u = Task(() -> 6 * 7)
schedule(u)
try
    schedule(u)
catch e
    println(e)
end
println(fetch(u))
try
    wait(current_task())
catch e
    println(e)
end

# Tasks take turns at `yield()`, in the order they were scheduled.
order = String[]
for name in ("a", "b", "c")
    @async for k in 1:2
        push!(order, "$name$k")
        yield()
    end
end
push!(order, "main")
yield()
push!(order, "main again")
yield()
yield()
println(order)
