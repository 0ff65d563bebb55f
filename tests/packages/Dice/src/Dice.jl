# Draws random numbers while it is defined (unseeded and seeded) and while its workload runs.
module Dice

using Random

const ROLLS = rand(1:6, 5)
const SEEDED = rand(Xoshiro(7), 1:6, 3)

roll(n) = rand(1:6, n)
reseed(n) = Random.seed!(n)

end # module

Base.precompilation(Dice) do
    Dice.reseed(99)
    Dice.roll(3)
end
