# Scenario 7: a workload that never ends. `kiln precompile --timeout` stops it; with
# `--keep-going` the image is written without what the workload compiled.
module Endless

step(n) = n + 1

end

Base.precompilation(Endless) do
    n = 0
    while true
        n = Endless.step(n)
    end
end
