# Scenario 2 of the sandbox: a workload that leaves tasks and IO behind — a task blocked forever
# on a Channel, one spinning in `while true; yield(); end`, a Timer and a task waiting on it, an
# IOBuffer and an open file. Precompiling finishes anyway; the clone holding them is discarded
# and the image references none of them.
module Dangling

const INBOX = Channel{Int}(1)
work(x) = 2x

end # module

Base.precompilation(Dangling) do
    Dangling.work(1)
    @async take!(Dangling.INBOX)
    @async while true
        yield()
    end
    t = Timer(1000)
    @async wait(t)
    io = IOBuffer()
    write(io, "hello")
    f = open(joinpath(@__DIR__, "Dangling.jl"))
    readline(f)
end
