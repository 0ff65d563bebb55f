# Dates: periods, compound periods, arithmetic, ranges, adjusters and rounding.
using Dates

# periods print with their units; show gives the constructor
println(Day(1), " | ", Day(5), " | ", Month(3), " | ", Year(-1), " | ", Millisecond(1), " | ", Nanosecond(2))
show(Day(5)); println()
display(Week(2))
println([Day(1), Day(2)])
display([Hour(1), Hour(36)])
println(Dates.value(Minute(7)), " ", Day(2) == Day(2), " ", Hour(1) == Minute(60), " ", Week(1) == Day(7), " ", Year(1) == Day(365), " ", Month(12) == Year(1))
println(Day(1) < Day(2), " ", Minute(59) < Hour(1), " ", Day(3) + Day(4), " ", Day(3) - Day(4), " ", Day(3) * 2, " ", 2 * Hour(2), " ", -Week(1))
println(Day(7) / Day(2), " ", div(Day(7), 2), " ", div(Day(7), Day(2)), " ", mod(Day(7), Day(2)), " ", rem(Day(-7), 2), " ", abs(Day(-3)), " ", sign(Day(-3)))
println(Minute(Hour(2)), " ", Millisecond(Second(3)), " ", Hour(Minute(120)), " ", Month(Year(2)), " ", convert(Day, Week(3)))
println(Dates.days(Week(2)), " ", Dates.days(Hour(49)), " ", Dates.toms(Second(2)), " ", Dates.tons(Millisecond(3)))
println(zero(Day), " ", one(Day), " ", oneunit(Day), " ", Day("12"))

# compound periods
p = Week(1) + Day(2)
println(p)
display(p)
show(p); println()
println(Year(1) + Day(1), " | ", Day(1) + Hour(1) - Minute(3), " | ", Dates.CompoundPeriod(Hour(12), Hour(13)), " | ", Dates.CompoundPeriod(Month(1), Week(-2)))
println(canonicalize(Dates.CompoundPeriod(Minute(50000))), " | ", canonicalize(Hour(-1) + Minute(1)), " | ", canonicalize(Hour(30)), " | ", canonicalize(Day(1) - Hour(1)))
println(Dates.CompoundPeriod(), " | ", Day(2) + Hour(3) == Hour(51), " | ", Week(1) + Day(1) == Day(8))

# date arithmetic
d = Date(2015, 1, 31)
println(d + Day(1), " ", d - Day(31), " ", d + Week(1), " ", d + Month(1), " ", d + Month(13), " ", d - Month(2), " ", d + Year(1))
println(Date(2016, 2, 29) + Year(1), " ", Date(2016, 2, 29) - Year(4), " ", Date(2015, 3, 31) - Month(1), " ", Date(2015, 11, 30) + Dates.Quarter(1), " ", DateTime(2015, 1, 1) - Dates.Quarter(2))
println(Date(2015, 3, 1) - Date(2015, 1, 1), " ", Date(2014, 1, 1) - Date(2015, 1, 1), " ", DateTime(2015, 1, 1, 1) - DateTime(2015, 1, 1))
println(Time(23) + Hour(2), " ", Time(1) - Minute(1), " ", Time(10, 30) - Time(9), " ", DateTime(2015, 12, 31, 23) + Hour(2))
println(DateTime(2011, 4, 25) + Second(10^9), " ", Date(2015, 1, 1) + Month(1) + Day(30), " ", Date(2015, 1, 1) + (Month(1) + Day(30)))
println(Date(2020, 1, 1) + Year(1) + Month(1), " ", DateTime(2020, 1, 31, 12) + Month(1), " ", Date(2000, 1, 1) - (Year(1) + Day(1)))
println([Date(2015, 1, 1), Date(2015, 2, 1)] .+ Day(1), " ", [Date(2015, 1, 1), Date(2015, 2, 1)] + Month(1))

# ranges
r = Date(2020):Day(1):Date(2020, 1, 5)
println(r)
display(r)
println(collect(r))
println(length(r), " ", r[2], " ", first(r), " ", last(r), " ", step(r), " ", Date(2020, 1, 3) in r)
println(collect(Date(2020, 1, 1):Date(2020, 1, 3)), " ", length(Date(2020):Month(1):Date(2020, 12, 15)), " ", last(Date(2020):Week(1):Date(2020, 2, 1)))
println(collect(Date(2020, 1, 31):Month(1):Date(2020, 5, 31)))
println(collect(DateTime(2020):Hour(6):DateTime(2020, 1, 2)))
println(collect(Date(2020, 1, 5):Day(-2):Date(2020, 1, 1)), " ", isempty(Date(2020, 1, 5):Day(1):Date(2020, 1, 1)), " ", length(Date(2020, 1, 5):Day(1):Date(2020, 1, 1)))
for x in Date(2021, 12, 30):Day(1):Date(2022, 1, 1)
    print(x, " ")
end
println()

# adjusters
x = Date(2015, 2, 14)
println(firstdayofmonth(x), " ", lastdayofmonth(x), " ", firstdayofweek(x), " ", lastdayofweek(x), " ", firstdayofyear(x), " ", lastdayofyear(x))
println(firstdayofquarter(x), " ", lastdayofquarter(x), " ", lastdayofmonth(DateTime(2016, 2, 3, 4)), " ", firstdayofweek(DateTime(2015, 2, 14, 10)))
println(tonext(x, Monday), " ", toprev(x, Monday), " ", tonext(x, Saturday), " ", tonext(x, Saturday; same=true), " ", tofirst(x, Monday), " ", tolast(x, Monday))
println(tofirst(x, Sunday; of=Year), " ", tolast(x, Friday; of=Year), " ", tonext(d -> day(d) == 13 && dayofweek(d) == Friday, x))
println(toprev(d -> month(d) == 12, x), " ", Date(d -> dayofweek(d) == Tuesday, 2015, 2), " ", Dates.trunc(DateTime(2015, 2, 14, 10, 31, 5), Hour))

# rounding
println(floor(x, Month), " ", ceil(x, Month), " ", round(x, Month), " ", floor(x, Week), " ", ceil(x, Day(10)), " ", floor(x, Year(10)))
println(floor(DateTime(2015, 2, 14, 10, 31), Hour), " ", round(DateTime(2015, 2, 14, 10, 31), Hour), " ", ceil(DateTime(2015, 2, 14, 10, 31), Minute(15)), " ", round(DateTime(2015, 2, 14, 10, 30), Hour))
println(floor(DateTime(2015, 2, 14, 10, 31), Day), " ", floor(Date(2015, 2, 14), Dates.Quarter(1)))
println((Date(2020, 1, 1):Day(2):Date(2020, 1, 7)) + Day(1), " ", length(DateTime(2020):DateTime(2020, 1, 1, 0, 0, 1)))
r = Day(1):Day(2):Day(8)
println(r, " ", length(r), " ", collect(r), " ", r[2], " ", Hour(1):Hour(3), " ", collect(Day(5):Day(-2):Day(0)))
println(sum([Day(1), Day(2)]), " ", maximum([Date(2015), Date(2016)]), " ", minimum([Hour(3), Hour(1)]), " ", sort([Day(3), Day(1)]))
println(unique([Time(1), Time(1), Time(2)]), " ", length(Set([Date(2015), Date(2015), Date(2016)])), " ", Dict(Day(1) => "a")[Day(1)])
