# Dates: bad input is Julia's ArgumentError (or MethodError), never a crash.
using Dates

for f in (() -> Date(2015, 13, 1), () -> Date(2015, 2, 29), () -> DateTime(2015, 1, 1, 25),
          () -> Time(0, 60), () -> Date("2015-x1-01"), () -> Date("2015-01-01x"),
          () -> DateTime("2015-01-01 10"), () -> Date("01/02/2015", "dd-mm-yyyy"),
          () -> Date(2015, 1, 1) + Hour(1), () -> Day(1) < Month(1), () -> Day(1.5),
          () -> floor(Date(2015), Day(0)),
          () -> Date(2015):Day(0):Date(2016), () -> Dates.Minute(Second(90)))
    try
        f()
    catch e
        # The first line: Julia's list of closest candidates differs.
        println(first(split(sprint(showerror, e), '\n')))
    end
end
println(Dates.format(Date(2015, 1, 1), "yyyy"))

# The wall clock: now() is a DateTime of this century, today() its date.
t = now()
println(t isa DateTime, " ", year(t) >= 2026, " ", today() == Date(t) || today() == Date(t) + Day(1))
