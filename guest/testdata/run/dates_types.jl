# Dates: constructors, accessors, parsing and formatting, printing (Julia 1.11's Dates).
using Dates

d = Date(2015, 1, 1)
dt = DateTime(2015, 1, 1, 10, 20, 30)
t = Time(10, 20, 30)

# print, show and display
println(d, " ", dt, " ", t)
show(d); println()
show(dt); println()
show(t); println()
show(Time(1, 2, 3, 4)); println()
show(Time(0)); println()
println(repr(d), " ", string(d), " ", "$dt")
display(d)
display(dt)
display(t)
println(DateTime(2015, 1, 1, 10, 20, 30, 500), " ", DateTime(2015, 1, 1, 10, 20, 30, 50), " ", DateTime(2015, 1, 1, 10, 20, 30, 5))
println(Time(1, 2, 3, 4, 5, 6), " ", Time(23, 59, 59, 999), " ", Date(-5, 3, 1), " ", Date(12345, 6, 7))
println(typeof(d), " ", typeof(dt), " ", typeof(t))

# constructors from parts, periods and other types
println(Date(2015), " ", Date(2015, 7), " ", DateTime(2015, 7, 4, 12), " ", Time(13))
println(Date(Year(2016), Month(2), Day(29)), " ", Date(Day(3), Year(2000)), " ", DateTime(Hour(5), Year(2001)))
println(Date(dt), " ", DateTime(d), " ", Time(dt), " ", DateTime(d, Time(17, 30)), " ", d + Time(8))

# parsing
println(Date("2015-01-01"), " ", Date("2015-1-2"), " ", Date("2015"), " ", Date("2015-06"))
println(DateTime("2015-01-01T10:20:30"), " ", DateTime("2015-01-01"), " ", DateTime("2015-01-01T10:20:30.25"))
println(Date("01/02/2015", "mm/dd/yyyy"), " ", Date("20150304", "yyyymmdd"), " ", Date("2013-05-13", dateformat"y-m-d"))
println(DateTime("Thu, 01 Jan 2015 10:20:30", RFC1123Format), " ", Time("10:20"), " ", Time("10:20:30.5"))
println(Date("March 4, 2015", "U d, yyyy"), " ", Date("mar 4 15", "u d yy"), " ", DateTime("2015-01-01 09:05PM", "yyyy-mm-dd HH:MMp"))
println(tryparse(Date, "2015-02-30"), " ", tryparse(Date, "x"), " ", tryparse(Date, "2015-02-28"))
println(parse(Date, "2015-02-03"), " ", parse(DateTime, "2015/02/03 04", dateformat"y/m/d H"))

# DateFormat and format
df = DateFormat("yyyy-mm-dd")
println(df)
println(dateformat"y-m-d H:M:S")
println(DateFormat("yyyy\\ymm\\m"))
show(ISODateTimeFormat); println()
println(Dates.format(d, "yyyy-mm-dd"), " | ", Dates.format(dt, "e, dd u yyyy HH:MM:SS"), " | ", Dates.format(dt, "E U d yy"))
println(Dates.format(dt, "I:MM p"), " | ", Dates.format(DateTime(2015, 1, 1, 0, 5), "I:MM p"), " | ", Dates.format(dt, dateformat"yyyymmdd"))
println(Dates.format(DateTime(2015, 1, 1, 10, 20, 30, 7), "HH:MM:SS.sss"), " | ", Dates.format(t, "HH\\hMM"), " | ", Dates.format(Date(5, 1, 2), "Y-m-d"))

# accessors and queries
println(year(d), " ", month(d), " ", day(d), " ", hour(dt), " ", minute(dt), " ", second(dt), " ", millisecond(dt))
println(hour(t), " ", minute(t), " ", second(t), " ", millisecond(Time(1, 2, 3, 4, 5, 6)), " ", microsecond(Time(1, 2, 3, 4, 5, 6)), " ", nanosecond(Time(1, 2, 3, 4, 5, 6)))
println(dayofweek(d), " ", dayofyear(Date(2016, 3, 1)), " ", week(Date(2005, 1, 1)), " ", week(Date(2008, 12, 29)), " ", Dates.quarter(Date(2015, 8, 1)), " ", quarterofyear(Date(2015, 11, 30)))
println(daysinmonth(Date(2016, 2)), " ", daysinmonth(2015, 2), " ", isleapyear(2016), " ", isleapyear(Date(1900)), " ", daysinyear(2000), " ", dayofquarter(Date(2015, 5, 5)))
println(yearmonthday(d), " ", yearmonth(d), " ", monthday(d), " ", dayofmonth(d))
println(dayname(d), " ", monthname(d), " ", dayabbr(d), " ", monthabbr(d), " ", dayname(7), " ", monthabbr(12))
println(dayofweekofmonth(Date(2015, 2, 14)), " ", daysofweekinmonth(Date(2015, 1, 1)), " ", Dates.issaturday(Date(2015, 2, 14)))
println(Dates.value(d), " ", Dates.value(dt), " ", Dates.value(t), " ", Dates.days(dt))
println(Monday, " ", Sunday, " ", Mon, " ", January, " ", December, " ", Dec)
println(Year(d), " ", Month(dt), " ", Day(d), " ", Hour(dt), " ", Minute(t), " ", Week(d))
println(Dates.isoweekdate(DateTime(2005, 1, 1)), " ", Dates.isoyear(DateTime(2008, 12, 29)))

# comparison, conversion, extremes
println(d == Date(2015, 1, 1), " ", d < Date(2015, 1, 2), " ", DateTime(d) == d, " ", dt > d, " ", Time(13) < Time(17))
println(isless(d, Date(2016)), " ", max(d, Date(2014)), " ", sort([Date(2015, 3), Date(2014), Date(2015, 1)]))
println(typemax(Date), " ", typemin(DateTime), " ", eps(Date), " ", eps(DateTime), " ", zero(Time))
println(Dates.unix2datetime(0), " ", Dates.datetime2unix(DateTime(1970, 1, 2)), " ", Dates.rata2datetime(1), " ", Dates.datetime2rata(Date(1, 1, 2)))

# containers: display shows each element as `display` would, `show` as `repr` would
ds = [Date(2015, 1, 1), Date(2015, 12, 31)]
display(ds)
println(ds)
display([DateTime(2015, 1, 1), DateTime(2015, 1, 1, 10, 20, 30, 500)])
display([Time(1), Time(10, 20, 30, 5)])
println([Time(1), Time(10, 20, 30, 5)])
println(Date[], " ", (Date(2015), Day(2)), " ", Date(2015) => Day(2))
show([Date(2015) Date(2016)]); println()
display(reshape([Date(2015), Date(2016), Date(2017), Date(2018)], 2, 2))
