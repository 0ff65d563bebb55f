module CycB
using CycA
fb() = 2
end
