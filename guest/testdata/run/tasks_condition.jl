# Condition: wait/notify, one waiter or all of them, and waking with an error.
events = String[]
c = Condition()
ts = Task[]
for i in 1:3
    t = @async begin
        v = wait(c)
        push!(events, "waiter $i got $v")
        v
    end
    push!(ts, t)
end
yield()
println(notify(c, :first; all=false))
yield()
println(events)
println(notify(c, :rest))
println(notify(c))
foreach(wait, ts)
println(events)
println(map(fetch, ts))

stopper = @async begin
    try
        wait(c)
        "not reached"
    catch e
        "caught: $(e.msg)"
    end
end
yield()
notify(c, ErrorException("stop"); error=true)
println(fetch(stopper))
