module CycA
using CycB
fa() = 1
end
