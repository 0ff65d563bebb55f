# The main task waits for something no task can deliver: kiln reports the deadlock and names
# the blocked tasks (Julia itself would hang here).
c = Channel{Int}(1)
forgotten = @async take!(Channel{Int}())
yield()
put!(c, 1)
println(take!(c))
take!(c)
println("not reached")
