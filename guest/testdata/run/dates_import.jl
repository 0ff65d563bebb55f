# Dates without `using`: types print qualified, as Julia prints a name Main cannot see.
import Dates
d = Dates.Date(2020, 5, 17)
println(d)
show(d); println()
show(Dates.Day(3)); println()
println([Dates.Day(1)], " ", typeof(d), " ", Dates.Time(1, 2))
show(Dates.Time(1, 2)); println()
display([d])
println(Dates.format(d, "dd/mm/yyyy"), " ", Dates.dayname(d))
