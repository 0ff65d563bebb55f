# A package whose workload runs tasks and channels and leaves tasks behind, still waiting, when
# it ends: the workload must finish normally and none of it may reach the image.
module TaskLeftovers

const INBOX = Channel{Int}(1)
const READY = Condition()

function squares_total(n)
    ch = Channel{Int}(c -> foreach(i -> put!(c, i * i), 1:n))
    return sum(collect(ch))
end

end

Base.precompilation(TaskLeftovers) do
    println("total ", TaskLeftovers.squares_total(4))
    @async take!(TaskLeftovers.INBOX)
    @async take!(TaskLeftovers.INBOX)
    @async wait(TaskLeftovers.READY)
    yield()
    println("leaving ", length(TaskLeftovers.INBOX.cond_take.waitq), " tasks on INBOX")
end
