# Tasks still waiting when the main code ends do not keep the program alive.
c = Channel{Int}()
listener = @async for x in c
    println("never printed")
end
cond = Condition()
sleeper = @async wait(cond)
queued = Task(() -> println("never run either"))
yield()
println(istaskstarted(listener), " ", istaskdone(listener))
println(istaskstarted(sleeper), " ", istaskdone(sleeper))
println(istaskstarted(queued))
println("main is done")
