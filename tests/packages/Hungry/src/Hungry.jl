# Scenario 7: a workload that allocates without bound. `kiln precompile --memory-limit` stops it;
# with `--keep-going` the image is written without what the workload compiled.
module Hungry

chunk(n) = zeros(n)

end

Base.precompilation(Hungry) do
    kept = Vector{Float64}[]
    while true
        push!(kept, Hungry.chunk(1_000_000))
    end
end
