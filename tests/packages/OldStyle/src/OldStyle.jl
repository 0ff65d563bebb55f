# The old style: a task started while the module is being defined, kept in a global. Julia
# cannot serialize it either; kiln says which global holds it and what to do instead.
module OldStyle

const JOBS = Channel{Int}(10)
const WORKER = @async for j in JOBS
    println("job ", j)
end

work(n) = put!(JOBS, n)

end # module
