# sleep and Timer: a sleeping task lets the others run; timers fire in deadline order.
order = String[]
@sync begin
    @async (sleep(0.2); push!(order, "slow"))
    @async (sleep(0.05); push!(order, "fast"))
    @async push!(order, "immediate")
end
println(order)

t0 = time_ns()
sleep(0.1)
println(time_ns() - t0 >= 100_000_000)
try
    sleep(-1)
catch e
    println(e)
end

t = Timer(0.05)
println(isopen(t))
wait(t)
println(isopen(t))
try
    wait(t)
catch e
    println(e)
end

ticks = Int[]
tm = Timer(0.01; interval=0.01) do timer
    push!(ticks, length(ticks) + 1)
    length(ticks) == 3 && close(timer)
end
while isopen(tm)
    sleep(0.01)
end
println(ticks)

# A timer closed before it fires wakes its waiters with EOFError.
late = Timer(10)
waiter = @async try
    wait(late)
    "fired"
catch e
    e
end
yield()
close(late)
println(fetch(waiter))

# The main code may end while a timer is pending.
Timer(_ -> println("never printed"), 60)
println("done")
