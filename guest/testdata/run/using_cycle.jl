println("start")
using CycA
