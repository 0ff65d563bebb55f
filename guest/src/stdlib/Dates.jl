# The Dates standard library, after Julia 1.11's stdlib/Dates/src: `Date` (a `UTInstant{Day}`
# of Rata Die days), `DateTime` (milliseconds), `Time` (nanoseconds of the day), the periods and
# `CompoundPeriod`, accessors, queries, arithmetic, adjusters, rounding, ranges, `DateFormat`
# formatting and parsing, and printing as Julia prints them. Differences: a `DatePart` holds its
# letter in a field (Julia makes it a type parameter), and `now()` is UTC (the runtime knows no
# time zone).
module Dates

import Base: +, -, *, /, ==, isless, show, print, string, zero, one, typemin, typemax, hash,
    convert, promote_rule, div, fld, cld, rem, mod, abs, sign, length, first, last, step,
    iterate, getindex, isempty, collect, eltype, floor, ceil, round, trunc, parse, tryparse,
    eps, isfinite, min, max, lcm, gcd, in, size, firstindex, lastindex, reverse,
    broadcastable, typeinfo_implicit, isequal

export Period, DatePeriod, TimePeriod,
    Year, Quarter, Month, Week, Day, Hour, Minute, Second, Millisecond, Microsecond, Nanosecond,
    TimeZone, UTC, TimeType, DateTime, Date, Time,
    canonicalize,
    yearmonthday, yearmonth, monthday, year, month, week, day,
    hour, minute, second, millisecond, dayofmonth, microsecond, nanosecond,
    dayofweek, isleapyear, daysinmonth, daysinyear, dayofyear, dayname, dayabbr,
    dayofweekofmonth, daysofweekinmonth, monthname, monthabbr, quarterofyear, dayofquarter,
    Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday,
    Mon, Tue, Wed, Thu, Fri, Sat, Sun,
    January, February, March, April, May, June,
    July, August, September, October, November, December,
    Jan, Feb, Mar, Apr, Jun, Jul, Aug, Sep, Oct, Nov, Dec,
    unix2datetime, datetime2unix, now, today,
    rata2datetime, datetime2rata, julian2datetime, datetime2julian,
    firstdayofweek, lastdayofweek, firstdayofmonth, lastdayofmonth,
    firstdayofyear, lastdayofyear, firstdayofquarter, lastdayofquarter,
    adjust, tonext, toprev, tofirst, tolast,
    ISODateTimeFormat, ISODateFormat, ISOTimeFormat, DateFormat, RFC1123Format, @dateformat_str

# ----- types.jl -----

abstract type AbstractTime end
abstract type Period <: AbstractTime end
abstract type DatePeriod <: Period end
abstract type TimePeriod <: Period end

struct Year <: DatePeriod
    value::Int64
    Year(v::Number) = new(Int64(v))
end
struct Quarter <: DatePeriod
    value::Int64
    Quarter(v::Number) = new(Int64(v))
end
struct Month <: DatePeriod
    value::Int64
    Month(v::Number) = new(Int64(v))
end
struct Week <: DatePeriod
    value::Int64
    Week(v::Number) = new(Int64(v))
end
struct Day <: DatePeriod
    value::Int64
    Day(v::Number) = new(Int64(v))
end
struct Hour <: TimePeriod
    value::Int64
    Hour(v::Number) = new(Int64(v))
end
struct Minute <: TimePeriod
    value::Int64
    Minute(v::Number) = new(Int64(v))
end
struct Second <: TimePeriod
    value::Int64
    Second(v::Number) = new(Int64(v))
end
struct Millisecond <: TimePeriod
    value::Int64
    Millisecond(v::Number) = new(Int64(v))
end
struct Microsecond <: TimePeriod
    value::Int64
    Microsecond(v::Number) = new(Int64(v))
end
struct Nanosecond <: TimePeriod
    value::Int64
    Nanosecond(v::Number) = new(Int64(v))
end

abstract type Instant <: AbstractTime end

struct UTInstant{P<:Period} <: Instant
    periods::P
end

UTM(x) = UTInstant(Millisecond(x))
UTD(x) = UTInstant(Day(x))

abstract type Calendar <: AbstractTime end
struct ISOCalendar <: Calendar end

abstract type TimeZone end
struct UTC <: TimeZone end

abstract type TimeType <: AbstractTime end
abstract type AbstractDateTime <: TimeType end

struct DateTime <: AbstractDateTime
    instant::UTInstant{Millisecond}
    DateTime(instant::UTInstant{Millisecond}) = new(instant)
end

struct Date <: TimeType
    instant::UTInstant{Day}
    Date(instant::UTInstant{Day}) = new(instant)
end

struct Time <: TimeType
    instant::Nanosecond
    Time(instant::Nanosecond) = new(Nanosecond(mod(value(instant), 86400000000000)))
end

# Rata Die days of y-m-d: the year starts on March 1, so a leap day is its last day.
const SHIFTEDMONTHDAYS = (306, 337, 0, 31, 61, 92, 122, 153, 184, 214, 245, 275)
function totaldays(y, m, d)
    z = m < 3 ? y - 1 : y
    mdays = SHIFTEDMONTHDAYS[m]
    return d + mdays + 365z + fld(z, 4) - fld(z, 100) + fld(z, 400) - 306
end

isleapyear(y) = (y % 4 == 0) && ((y % 100 != 0) || (y % 400 == 0))

const DAYSINMONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
daysinmonth(y, m) = DAYSINMONTH[m] + (m == 2 && isleapyear(y))

@enum AMPM AM PM TWENTYFOURHOUR
function adjusthour(h::Int64, ampm::AMPM)
    ampm == TWENTYFOURHOUR && return h
    ampm == PM && h < 12 && return h + 12
    ampm == AM && h == 12 && return Int64(0)
    return h
end

function validargs(::Type{DateTime}, y::Int64, m::Int64, d::Int64,
                   h::Int64, mi::Int64, s::Int64, ms::Int64, ampm::AMPM=TWENTYFOURHOUR)
    0 < m < 13 || return ArgumentError("Month: $m out of range (1:12)")
    0 < d < daysinmonth(y, m) + 1 || return ArgumentError("Day: $d out of range (1:$(daysinmonth(y, m)))")
    if ampm == TWENTYFOURHOUR
        -1 < h < 24 || (h == 24 && mi == 0 && s == 0 && ms == 0) ||
            return ArgumentError("Hour: $h out of range (0:23)")
    else
        0 < h < 13 || return ArgumentError("Hour: $h out of range (1:12)")
    end
    -1 < mi < 60 || return ArgumentError("Minute: $mi out of range (0:59)")
    -1 < s < 60 || return ArgumentError("Second: $s out of range (0:59)")
    -1 < ms < 1000 || return ArgumentError("Millisecond: $ms out of range (0:999)")
    return nothing
end

function validargs(::Type{Date}, y::Int64, m::Int64, d::Int64)
    0 < m < 13 || return ArgumentError("Month: $m out of range (1:12)")
    0 < d < daysinmonth(y, m) + 1 || return ArgumentError("Day: $d out of range (1:$(daysinmonth(y, m)))")
    return nothing
end

function validargs(::Type{Time}, h::Int64, mi::Int64, s::Int64, ms::Int64, us::Int64, ns::Int64,
                   ampm::AMPM=TWENTYFOURHOUR)
    if ampm == TWENTYFOURHOUR
        -1 < h < 24 || return ArgumentError("Hour: $h out of range (0:23)")
    else
        0 < h < 13 || return ArgumentError("Hour: $h out of range (1:12)")
    end
    -1 < mi < 60 || return ArgumentError("Minute: $mi out of range (0:59)")
    -1 < s < 60 || return ArgumentError("Second: $s out of range (0:59)")
    -1 < ms < 1000 || return ArgumentError("Millisecond: $ms out of range (0:999)")
    -1 < us < 1000 || return ArgumentError("Microsecond: $us out of range (0:999)")
    -1 < ns < 1000 || return ArgumentError("Nanosecond: $ns out of range (0:999)")
    return nothing
end

function DateTime(y::Int64, m::Int64=1, d::Int64=1, h::Int64=0, mi::Int64=0, s::Int64=0,
                  ms::Int64=0, ampm::AMPM=TWENTYFOURHOUR)
    err = validargs(DateTime, y, m, d, h, mi, s, ms, ampm)
    err === nothing || throw(err)
    h = adjusthour(h, ampm)
    rata = ms + 1000 * (s + 60mi + 3600h + 86400 * totaldays(y, m, d))
    return DateTime(UTM(rata))
end

function Date(y::Int64, m::Int64=1, d::Int64=1)
    err = validargs(Date, y, m, d)
    err === nothing || throw(err)
    return Date(UTD(totaldays(y, m, d)))
end

function Time(h::Int64, mi::Int64=0, s::Int64=0, ms::Int64=0, us::Int64=0, ns::Int64=0,
              ampm::AMPM=TWENTYFOURHOUR)
    err = validargs(Time, h, mi, s, ms, us, ns, ampm)
    err === nothing || throw(err)
    h = adjusthour(h, ampm)
    return Time(Nanosecond(ns + 1000us + 1000000ms + 1000000000s + 60000000000mi + 3600000000000h))
end

DateTime(y::Year, m::Month=Month(1), d::Day=Day(1), h::Hour=Hour(0), mi::Minute=Minute(0),
         s::Second=Second(0), ms::Millisecond=Millisecond(0)) =
    DateTime(value(y), value(m), value(d), value(h), value(mi), value(s), value(ms))

Date(y::Year, m::Month=Month(1), d::Day=Day(1)) = Date(value(y), value(m), value(d))

Time(h::Hour, mi::Minute=Minute(0), s::Second=Second(0), ms::Millisecond=Millisecond(0),
     us::Microsecond=Microsecond(0), ns::Nanosecond=Nanosecond(0)) =
    Time(value(h), value(mi), value(s), value(ms), value(us), value(ns))

function DateTime(period::Period, periods::Period...)
    y = Year(1); m = Month(1); d = Day(1)
    h = Hour(0); mi = Minute(0); s = Second(0); ms = Millisecond(0)
    for p in (period, periods...)
        isa(p, Year) && (y = p)
        isa(p, Month) && (m = p)
        isa(p, Day) && (d = p)
        isa(p, Hour) && (h = p)
        isa(p, Minute) && (mi = p)
        isa(p, Second) && (s = p)
        isa(p, Millisecond) && (ms = p)
    end
    return DateTime(y, m, d, h, mi, s, ms)
end

function Date(period::Period, periods::Period...)
    y = Year(1); m = Month(1); d = Day(1)
    for p in (period, periods...)
        isa(p, Year) && (y = p)
        isa(p, Month) && (m = p)
        isa(p, Day) && (d = p)
    end
    return Date(y, m, d)
end

function Time(period::TimePeriod, periods::TimePeriod...)
    h = Hour(0); mi = Minute(0); s = Second(0)
    ms = Millisecond(0); us = Microsecond(0); ns = Nanosecond(0)
    for p in (period, periods...)
        isa(p, Hour) && (h = p)
        isa(p, Minute) && (mi = p)
        isa(p, Second) && (s = p)
        isa(p, Millisecond) && (ms = p)
        isa(p, Microsecond) && (us = p)
        isa(p, Nanosecond) && (ns = p)
    end
    return Time(h, mi, s, ms, us, ns)
end

function DateTime(dt::Date, t::Time)
    (microsecond(t) > 0 || nanosecond(t) > 0) && throw(InexactError(:DateTime, DateTime, t))
    y, m, d = yearmonthday(dt)
    return DateTime(y, m, d, hour(t), minute(t), second(t), millisecond(t))
end

DateTime(y::Integer, m::Integer=1, d::Integer=1, h::Integer=0, mi::Integer=0, s::Integer=0,
         ms::Integer=0, ampm::AMPM=TWENTYFOURHOUR) =
    DateTime(Int64(y), Int64(m), Int64(d), Int64(h), Int64(mi), Int64(s), Int64(ms), ampm)
Date(y::Integer, m::Integer=1, d::Integer=1) = Date(Int64(y), Int64(m), Int64(d))
Time(h::Integer, mi::Integer=0, s::Integer=0, ms::Integer=0, us::Integer=0, ns::Integer=0,
     ampm::AMPM=TWENTYFOURHOUR) =
    Time(Int64(h), Int64(mi), Int64(s), Int64(ms), Int64(us), Int64(ns), ampm)

isfinite(::TimeType) = true
calendar(dt::DateTime) = ISOCalendar
calendar(dt::Date) = ISOCalendar

eps(::Type{DateTime}) = Millisecond(1)
eps(::Type{Date}) = Day(1)
eps(::Type{Time}) = Nanosecond(1)
eps(x::TimeType) = eps(typeof(x))

zero(::Type{DateTime}) = Millisecond(0)
zero(::Type{Date}) = Day(0)
zero(::Type{Time}) = Nanosecond(0)
zero(x::TimeType) = zero(typeof(x))

typemax(::Type{DateTime}) = DateTime(146138512, 12, 31, 23, 59, 59)
typemin(::Type{DateTime}) = DateTime(-146138511, 1, 1, 0, 0, 0)
typemax(::Type{Date}) = Date(252522163911149, 12, 31)
typemin(::Type{Date}) = Date(-252522163911150, 1, 1)
typemax(::Type{Time}) = Time(23, 59, 59, 999, 999, 999)
typemin(::Type{Time}) = Time(0)
typemax(x::TimeType) = typemax(typeof(x))
typemin(x::TimeType) = typemin(typeof(x))

promote_rule(::Type{Date}, ::Type{DateTime}) = DateTime
isless(x::T, y::T) where {T<:TimeType} = isless(value(x), value(y))
isless(x::TimeType, y::TimeType) = isless(promote(x, y)...)
==(x::T, y::T) where {T<:TimeType} = value(x) == value(y)
==(x::TimeType, y::TimeType) = ===(promote(x, y)...)
min(x::AbstractTime) = x
max(x::AbstractTime) = x
hash(x::Time, h::UInt) =
    hash(hour(x), hash(minute(x), hash(second(x),
        hash(millisecond(x), hash(microsecond(x), hash(nanosecond(x), h))))))

Base.sleep(duration::Period) = sleep(toms(duration) / 1000)

# ----- periods.jl -----

value(x::Period) = x.value

const _PERIODS = (Year, Quarter, Month, Week, Day, Hour, Minute, Second, Millisecond,
                  Microsecond, Nanosecond)

for (P, unit) in ((:Year, "year"), (:Quarter, "quarter"), (:Month, "month"), (:Week, "week"),
                  (:Day, "day"), (:Hour, "hour"), (:Minute, "minute"), (:Second, "second"),
                  (:Millisecond, "millisecond"), (:Microsecond, "microsecond"),
                  (:Nanosecond, "nanosecond"))
    @eval _units(x::$P) = string(" ", $unit, abs(value(x)) == 1 ? "" : "s")
    @eval periodisless(x::$P, y::$P) = value(x) < value(y)
    @eval $P(x::AbstractString) = $P(Base.parse(Int64, x))
    @eval typeinfo_implicit(::Type{$P}) = true
    @eval $P(p::Period) = convert($P, p)
    @eval zero(::Type{$P}) = $P(0)
    @eval one(::Type{$P}) = 1
    @eval typemin(::Type{$P}) = $P(typemin(Int64))
    @eval typemax(::Type{$P}) = $P(typemax(Int64))
    @eval default(::Type{$P}) = $P <: DatePeriod ? $P(1) : $P(0)
    @eval convert(::Type{$P}, x::$P) = x
end

# The part of a date or time as a period: `Year(Date(2015, 3, 1)) == Year(2015)`.
Year(dt::TimeType) = Year(year(dt))
Quarter(dt::TimeType) = Quarter(quarter(dt))
Month(dt::TimeType) = Month(month(dt))
Week(dt::TimeType) = Week(week(dt))
Day(dt::TimeType) = Day(day(dt))
Hour(dt::Union{DateTime, Time}) = Hour(hour(dt))
Minute(dt::Union{DateTime, Time}) = Minute(minute(dt))
Second(dt::Union{DateTime, Time}) = Second(second(dt))
Millisecond(dt::Union{DateTime, Time}) = Millisecond(millisecond(dt))
Microsecond(dt::Time) = Microsecond(microsecond(dt))
Nanosecond(dt::Time) = Nanosecond(nanosecond(dt))

print(io::IO, x::Period) = print(io, value(x), _units(x))
show(io::IO, ::MIME"text/plain", x::Period) = print(io, x)
show(io::IO, p::Period) = print(io, typeof(p), '(', value(p), ')')
zero(p::Period) = zero(typeof(p))
one(p::Period) = 1
default(p::Period) = default(typeof(p))

-(x::P) where {P<:Period} = P(-value(x))
==(x::P, y::P) where {P<:Period} = value(x) == value(y)
==(x::Period, y::Period) = ==(promote(x, y)...)
isless(x::P, y::P) where {P<:Period} = isless(value(x), value(y))
isless(x::Period, y::Period) = isless(promote(x, y)...)

+(x::P, y::P) where {P<:Period} = P(value(x) + value(y))
-(x::P, y::P) where {P<:Period} = P(value(x) - value(y))
lcm(x::P, y::P) where {P<:Period} = P(lcm(value(x), value(y)))
gcd(x::P, y::P) where {P<:Period} = P(gcd(value(x), value(y)))

/(x::P, y::P) where {P<:Period} = /(value(x), value(y))
/(x::P, y::Real) where {P<:Period} = P(/(value(x), y))
div(x::P, y::P) where {P<:Period} = div(value(x), value(y))
div(x::P, y::Real) where {P<:Period} = P(div(value(x), Int64(y)))
fld(x::P, y::P) where {P<:Period} = fld(value(x), value(y))
fld(x::P, y::Real) where {P<:Period} = P(fld(value(x), Int64(y)))
cld(x::P, y::P) where {P<:Period} = cld(value(x), value(y))
cld(x::P, y::Real) where {P<:Period} = P(cld(value(x), Int64(y)))
rem(x::P, y::P) where {P<:Period} = P(rem(value(x), value(y)))
rem(x::P, y::Real) where {P<:Period} = P(rem(value(x), Int64(y)))
mod(x::P, y::P) where {P<:Period} = P(mod(value(x), value(y)))
mod(x::P, y::Real) where {P<:Period} = P(mod(value(x), Int64(y)))

*(x::P, y::Real) where {P<:Period} = P(value(x) * y)
*(y::Real, x::Period) = x * y
*(A::Period, B::AbstractArray) = A .* B
*(A::AbstractArray, B::Period) = A .* B

abs(a::T) where {T<:Period} = T(abs(value(a)))
sign(x::Period) = sign(value(x))

periodisless(::Period, ::Year) = true
periodisless(::Period, ::Quarter) = true
periodisless(::Year, ::Quarter) = false
periodisless(::Period, ::Month) = true
periodisless(::Year, ::Month) = false
periodisless(::Quarter, ::Month) = false
periodisless(::Period, ::Week) = true
periodisless(::Year, ::Week) = false
periodisless(::Quarter, ::Week) = false
periodisless(::Month, ::Week) = false
periodisless(::Period, ::Day) = true
periodisless(::Year, ::Day) = false
periodisless(::Quarter, ::Day) = false
periodisless(::Month, ::Day) = false
periodisless(::Week, ::Day) = false
periodisless(::Period, ::Hour) = false
periodisless(::Minute, ::Hour) = true
periodisless(::Second, ::Hour) = true
periodisless(::Millisecond, ::Hour) = true
periodisless(::Microsecond, ::Hour) = true
periodisless(::Nanosecond, ::Hour) = true
periodisless(::Period, ::Minute) = false
periodisless(::Second, ::Minute) = true
periodisless(::Millisecond, ::Minute) = true
periodisless(::Microsecond, ::Minute) = true
periodisless(::Nanosecond, ::Minute) = true
periodisless(::Period, ::Second) = false
periodisless(::Millisecond, ::Second) = true
periodisless(::Microsecond, ::Second) = true
periodisless(::Nanosecond, ::Second) = true
periodisless(::Period, ::Millisecond) = false
periodisless(::Microsecond, ::Millisecond) = true
periodisless(::Nanosecond, ::Millisecond) = true
periodisless(::Period, ::Microsecond) = false
periodisless(::Nanosecond, ::Microsecond) = true
periodisless(::Period, ::Nanosecond) = false

# The next coarser period and the conversion factor.
coarserperiod(::Type{P}) where {P<:Period} = (P, 1)
coarserperiod(::Type{Nanosecond}) = (Microsecond, 1000)
coarserperiod(::Type{Microsecond}) = (Millisecond, 1000)
coarserperiod(::Type{Millisecond}) = (Second, 1000)
coarserperiod(::Type{Second}) = (Minute, 60)
coarserperiod(::Type{Minute}) = (Hour, 60)
coarserperiod(::Type{Hour}) = (Day, 24)
coarserperiod(::Type{Day}) = (Week, 7)
coarserperiod(::Type{Month}) = (Year, 12)

# Periods from greatest to least type, equal types merged, zeros dropped.
struct CompoundPeriod <: AbstractTime
    periods::Vector{Period}
    function CompoundPeriod(p::Vector{Period})
        n = length(p)
        if n > 1
            sort!(p, rev=true, lt=periodisless)
            i = j = 1
            while j <= n
                k = j + 1
                while k <= n
                    if typeof(p[j]) == typeof(p[k])
                        p[j] += p[k]
                        k += 1
                    else
                        break
                    end
                end
                if p[j] != zero(p[j])
                    p[i] = p[j]
                    i += 1
                end
                j = k
            end
            n = i - 1
            p = resize!(p, n)
        elseif n == 1 && value(p[1]) == 0
            p = Period[]
        end
        return new(p)
    end
end

CompoundPeriod(p::Vector{<:Period}) = CompoundPeriod(Period[x for x in p])
CompoundPeriod(t::Time) = CompoundPeriod(Period[Hour(t), Minute(t), Second(t), Millisecond(t),
                                                Microsecond(t), Nanosecond(t)])
CompoundPeriod(p::Period...) = CompoundPeriod(Period[p...])

function canonicalize(x::CompoundPeriod)
    # Push each period's overflow into the coarser period.
    p = x.periods
    n = length(p)
    if n > 0
        pc = Period[]
        P = typeof(p[n])
        v = value(p[n])
        i = n - 1
        while true
            Pc, f = coarserperiod(P)
            if i > 0 && typeof(p[i]) == P
                v += value(p[i])
                i -= 1
            end
            v0 = f == 1 ? v : rem(v, f)
            v0 != 0 && push!(pc, P(v0))
            if v != v0
                P = Pc
                v = div(v - v0, f)
            elseif i > 0
                P = typeof(p[i])
                v = value(p[i])
                i -= 1
            else
                break
            end
        end
        p = reverse!(pc)
        n = length(p)
    else
        return x
    end

    # Fewer mixed positive and negative periods.
    if n > 0
        pc = Period[]
        i = n
        while i > 0
            j = i
            # The sign of the largest period of this group reachable through coarserperiod.
            last = Union{}
            current = typeof(p[i])
            while i > 0 && current != last
                if typeof(p[i]) == current
                    i -= 1
                end
                last, current = current, coarserperiod(current)[1]
            end
            s = sign(value(p[i + 1]))

            P = typeof(p[j])
            v = 0
            while j > i
                Pc, f = coarserperiod(P)
                if j > 0 && typeof(p[j]) == P
                    v += value(p[j])
                    j -= 1
                end
                v0 = f == 1 ? v : mod(v, f * s)
                v0 != 0 && push!(pc, P(v0))
                if v != v0
                    P = Pc
                    v = div(v - v0, f)
                elseif j > 0
                    P = typeof(p[j])
                    v = 0
                else
                    break
                end
            end
        end
        p = reverse!(pc)
    end
    return CompoundPeriod(p)
end

canonicalize(p::Period) = canonicalize(CompoundPeriod(p))

convert(::Type{CompoundPeriod}, x::Period) = CompoundPeriod(Period[x])
function string(x::CompoundPeriod)
    if isempty(x.periods)
        return "empty period"
    else
        s = ""
        for p in x.periods
            s *= ", " * string(p)
        end
        return s[3:end]
    end
end
show(io::IO, x::CompoundPeriod) = print(io, string(x))
print(io::IO, x::CompoundPeriod) = print(io, string(x))

+(x::Period, y::Period) = CompoundPeriod(Period[x, y])
+(x::CompoundPeriod, y::Period) = CompoundPeriod(vcat(x.periods, y))
+(y::Period, x::CompoundPeriod) = x + y
+(x::CompoundPeriod, y::CompoundPeriod) = CompoundPeriod(vcat(x.periods, y.periods))
-(x::Period, y::Period) = CompoundPeriod(Period[x, -y])
-(x::CompoundPeriod, y::Period) = CompoundPeriod(vcat(x.periods, -y))
-(x::CompoundPeriod) = CompoundPeriod(Period[-p for p in x.periods])
-(y::Union{Period, CompoundPeriod}, x::CompoundPeriod) = (-x) + y

const GeneralPeriod = Union{Period, CompoundPeriod}
+(x::GeneralPeriod) = x

==(x::CompoundPeriod, y::Period) = x == CompoundPeriod(y)
==(x::Period, y::CompoundPeriod) = y == x
==(x::CompoundPeriod, y::CompoundPeriod) = canonicalize(x).periods == canonicalize(y).periods

isequal(x::CompoundPeriod, y::Period) = isequal(x, CompoundPeriod(y))
isequal(x::Period, y::CompoundPeriod) = isequal(y, x)
isequal(x::CompoundPeriod, y::CompoundPeriod) = isequal(x.periods, y.periods)

+(a::TimeType, b::Period, c::Period) = +(a, b + c)
+(a::TimeType, b::Period, c::Period, d::Period...) = +(+(a, b + c), d...)

function +(x::TimeType, y::CompoundPeriod)
    for p in y.periods
        x += p
    end
    return x
end
+(x::CompoundPeriod, y::TimeType) = y + x

function -(x::TimeType, y::CompoundPeriod)
    for p in y.periods
        x -= p
    end
    return x
end

# Periods of a fixed length (weeks and shorter).
const FixedPeriod = Union{Week, Day, Hour, Minute, Second, Millisecond, Microsecond, Nanosecond}
const OtherPeriod = Union{Month, Quarter, Year}

function divexact(x, y)
    q, r = divrem(x, y)
    r == 0 || throw(InexactError(:divexact, Int, x / y))
    return q
end

const fixedperiod_conversions = [(:Week, 7), (:Day, 24), (:Hour, 60), (:Minute, 60),
                                 (:Second, 1000), (:Millisecond, 1000), (:Microsecond, 1000),
                                 (:Nanosecond, 1)]
for i = 1:length(fixedperiod_conversions)
    T, n = fixedperiod_conversions[i]
    N = Int64(1)
    for j = (i - 1):-1:1
        Tc, nc = fixedperiod_conversions[j]
        N *= nc
        vmax = typemax(Int64) ÷ N
        vmin = typemin(Int64) ÷ N
        @eval function convert(::Type{$T}, x::$Tc)
            $vmin ≤ value(x) ≤ $vmax || throw(InexactError(:convert, $T, x))
            return $T(value(x) * $N)
        end
    end
    N = n
    for j = (i + 1):length(fixedperiod_conversions)
        Tc, nc = fixedperiod_conversions[j]
        @eval convert(::Type{$T}, x::$Tc) = $T(divexact(value(x), $N))
        @eval promote_rule(::Type{$T}, ::Type{$Tc}) = $Tc
        N *= nc
    end
end

convert(::Type{Month}, x::Year) = Month(value(x) * 12)
convert(::Type{Year}, x::Month) = Year(divexact(value(x), 12))
promote_rule(::Type{Year}, ::Type{Month}) = Month
convert(::Type{Quarter}, x::Year) = Quarter(value(x) * 4)
convert(::Type{Year}, x::Quarter) = Year(divexact(value(x), 4))
promote_rule(::Type{Year}, ::Type{Quarter}) = Quarter
convert(::Type{Month}, x::Quarter) = Month(value(x) * 3)
convert(::Type{Quarter}, x::Month) = Quarter(divexact(value(x), 3))
promote_rule(::Type{Quarter}, ::Type{Month}) = Month

# Fixed periods are not comparable to other periods (Julia issue #21378).
==(x::FixedPeriod, y::OtherPeriod) = false
==(x::OtherPeriod, y::FixedPeriod) = false

const fixedperiod_seed = 0x5b7fc751bba97516
const otherperiod_seed = 0xe1837356ff2d2ac9
hash(x::FixedPeriod, h::UInt) = hash(tons(x), h + fixedperiod_seed)
hash(x::Year, h::UInt) = hash(12 * value(x), h + otherperiod_seed)
hash(x::Quarter, h::UInt) = hash(3 * value(x), h + otherperiod_seed)
hash(x::Month, h::UInt) = hash(value(x), h + otherperiod_seed)

isless(x::FixedPeriod, y::OtherPeriod) = throw(MethodError(isless, (x, y)))
isless(x::OtherPeriod, y::FixedPeriod) = throw(MethodError(isless, (x, y)))

isless(x::Period, y::CompoundPeriod) = CompoundPeriod(x) < y
isless(x::CompoundPeriod, y::Period) = x < CompoundPeriod(y)
function isless(x::CompoundPeriod, y::CompoundPeriod)
    has_other = false
    has_fixed = false
    x_val = 0
    y_val = 0
    for p in x.periods
        if p isa FixedPeriod
            has_fixed = true
            x_val += value(convert(Nanosecond, p))
        else
            has_other = true
            x_val += value(convert(Month, p))
        end
        if has_fixed && has_other
            throw(ErrorException("Can not compare OtherPeriods and FixedPeriods in a CompoundPeriod."))
        end
    end
    for p in y.periods
        if p isa FixedPeriod
            has_fixed = true
            y_val += value(convert(Nanosecond, p))
        else
            has_other = true
            y_val += value(convert(Month, p))
        end
        if has_fixed && has_other
            throw(ErrorException("Can not compare OtherPeriods and FixedPeriods in a CompoundPeriod."))
        end
    end
    return x_val < y_val
end

# Truncating conversions to milliseconds, nanoseconds and days.
toms(c::Nanosecond) = div(value(c), 1000000)
toms(c::Microsecond) = div(value(c), 1000)
toms(c::Millisecond) = value(c)
toms(c::Second) = 1000 * value(c)
toms(c::Minute) = 60000 * value(c)
toms(c::Hour) = 3600000 * value(c)
toms(c::Day) = 86400000 * value(c)
toms(c::Week) = 604800000 * value(c)
toms(c::Month) = 86400000.0 * 30.436875 * value(c)
toms(c::Quarter) = 86400000.0 * 91.310625 * value(c)
toms(c::Year) = 86400000.0 * 365.2425 * value(c)
toms(c::CompoundPeriod) = isempty(c.periods) ? 0.0 : Float64(sum(toms, c.periods))
tons(x) = toms(x) * 1000000
tons(x::Microsecond) = value(x) * 1000
tons(x::Nanosecond) = value(x)
tons(c::CompoundPeriod) = isempty(c.periods) ? 0.0 : Float64(sum(tons, c.periods))
days(c::Millisecond) = div(value(c), 86400000)
days(c::Second) = div(value(c), 86400)
days(c::Minute) = div(value(c), 1440)
days(c::Hour) = div(value(c), 24)
days(c::Day) = value(c)
days(c::Week) = 7 * value(c)
days(c::Year) = 365.2425 * value(c)
days(c::Quarter) = 91.310625 * value(c)
days(c::Month) = 30.436875 * value(c)
days(c::CompoundPeriod) = isempty(c.periods) ? 0.0 : Float64(sum(days, c.periods))

# ----- accessors.jl -----

# Rata Die days to proleptic Gregorian y, m, d.
function yearmonthday(days)
    z = days + 306; h = 100z - 25; a = fld(h, 3652425); b = a - fld(a, 4)
    y = fld(100b + h, 36525); c = b + z - 365y - fld(y, 4); m = div(5c + 456, 153)
    d = c - div(153m - 457, 5); return m > 12 ? (y + 1, m - 12, d) : (y, m, d)
end
function year(days)
    z = days + 306; h = 100z - 25; a = fld(h, 3652425); b = a - fld(a, 4)
    y = fld(100b + h, 36525); c = b + z - 365y - fld(y, 4); m = div(5c + 456, 153)
    return m > 12 ? y + 1 : y
end
function yearmonth(days)
    z = days + 306; h = 100z - 25; a = fld(h, 3652425); b = a - fld(a, 4)
    y = fld(100b + h, 36525); c = b + z - 365y - fld(y, 4); m = div(5c + 456, 153)
    return m > 12 ? (y + 1, m - 12) : (y, m)
end
function month(days)
    z = days + 306; h = 100z - 25; a = fld(h, 3652425); b = a - fld(a, 4)
    y = fld(100b + h, 36525); c = b + z - 365y - fld(y, 4); m = div(5c + 456, 153)
    return m > 12 ? m - 12 : m
end
function monthday(days)
    z = days + 306; h = 100z - 25; a = fld(h, 3652425); b = a - fld(a, 4)
    y = fld(100b + h, 36525); c = b + z - 365y - fld(y, 4); m = div(5c + 456, 153)
    d = c - div(153m - 457, 5); return m > 12 ? (m - 12, d) : (m, d)
end
function day(days)
    z = days + 306; h = 100z - 25; a = fld(h, 3652425); b = a - fld(a, 4)
    y = fld(100b + h, 36525); c = b + z - 365y - fld(y, 4); m = div(5c + 456, 153)
    return c - div(153m - 457, 5)
end

# ISO week of a Rata Die day.
const WEEK_INDEX = (15, 23, 3, 11)
function week(days)
    w = div(abs(days - 1), 7) % 20871
    c, w = divrem((w + (w >= 10435)), 5218)
    w = (w * 28 + WEEK_INDEX[c + 1]) % 1461
    return div(w, 28) + 1
end

function quarter(days)
    m = month(days)
    return m < 4 ? 1 : m < 7 ? 2 : m < 10 ? 3 : 4
end

value(dt::Date) = dt.instant.periods.value
value(dt::DateTime) = dt.instant.periods.value
value(t::Time) = t.instant.value
days(dt::Date) = value(dt)
days(dt::DateTime) = fld(value(dt), 86400000)
year(dt::TimeType) = year(days(dt))
quarter(dt::TimeType) = quarter(days(dt))
month(dt::TimeType) = month(days(dt))
week(dt::TimeType) = week(days(dt))
day(dt::TimeType) = day(days(dt))
hour(dt::DateTime) = mod(fld(value(dt), 3600000), 24)
minute(dt::DateTime) = mod(fld(value(dt), 60000), 60)
second(dt::DateTime) = mod(fld(value(dt), 1000), 60)
millisecond(dt::DateTime) = mod(value(dt), 1000)
hour(t::Time) = mod(fld(value(t), 3600000000000), 24)
minute(t::Time) = mod(fld(value(t), 60000000000), 60)
second(t::Time) = mod(fld(value(t), 1000000000), 60)
millisecond(t::Time) = mod(fld(value(t), 1000000), 1000)
microsecond(t::Time) = mod(fld(value(t), 1000), 1000)
nanosecond(t::Time) = mod(value(t), 1000)

dayofmonth(dt::TimeType) = day(dt)
yearmonth(dt::TimeType) = yearmonth(days(dt))
monthday(dt::TimeType) = monthday(days(dt))
yearmonthday(dt::TimeType) = yearmonthday(days(dt))

function isoyear(dt::DateTime)
    y = year(dt)
    w = week(dt)
    m = month(dt)
    w >= 52 && m == 1 && return Year(y - 1)
    w == 1 && m == 12 && return Year(y + 1)
    return Year(y)
end
isoweekdate(dt::DateTime) = (isoyear(dt), week(dt), dayofweek(dt))

# ----- query.jl -----

struct DateLocale
    months::Vector{String}
    months_abbr::Vector{String}
    days_of_week::Vector{String}
    days_of_week_abbr::Vector{String}
    month_value::Dict{String, Int64}
    month_abbr_value::Dict{String, Int64}
    day_of_week_value::Dict{String, Int64}
    day_of_week_abbr_value::Dict{String, Int64}
end

function locale_dict(names::Vector{String})
    result = Dict{String, Int64}()
    for i in 1:length(names)
        name = names[i]
        result[name] = i
        result[lowercase(name)] = i
    end
    return result
end

function DateLocale(months::Vector, months_abbr::Vector, days_of_week::Vector,
                    days_of_week_abbr::Vector)
    ms, mas = String[x for x in months], String[x for x in months_abbr]
    ds, das = String[x for x in days_of_week], String[x for x in days_of_week_abbr]
    DateLocale(ms, mas, ds, das, locale_dict(ms), locale_dict(mas), locale_dict(ds),
               locale_dict(das))
end

const ENGLISH = DateLocale(
    ["January", "February", "March", "April", "May", "June",
     "July", "August", "September", "October", "November", "December"],
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
)

const LOCALES = Dict{String, DateLocale}("english" => ENGLISH)

function _locale_value(d::Dict{String, Int64}, word::AbstractString)
    v = get(d, String(word), 0)
    v == 0 && (v = get(d, lowercase(String(word)), 0))
    return v
end
dayname_to_value(word::AbstractString, locale::DateLocale) =
    _locale_value(locale.day_of_week_value, word)
dayabbr_to_value(word::AbstractString, locale::DateLocale) =
    _locale_value(locale.day_of_week_abbr_value, word)
monthname_to_value(word::AbstractString, locale::DateLocale) =
    _locale_value(locale.month_value, word)
monthabbr_to_value(word::AbstractString, locale::DateLocale) =
    _locale_value(locale.month_abbr_value, word)

# Monday = 1 … Sunday = 7
dayofweek(days) = mod1(days, 7)
daysinyear(y) = 365 + isleapyear(y)

const MONTHDAYS = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
dayofyear(y, m, d) = MONTHDAYS[m] + d + (m > 2 && isleapyear(y))

dayofweek(dt::TimeType) = dayofweek(days(dt))

const Monday = 1
const Tuesday = 2
const Wednesday = 3
const Thursday = 4
const Friday = 5
const Saturday = 6
const Sunday = 7
const Mon = 1
const Tue = 2
const Wed = 3
const Thu = 4
const Fri = 5
const Sat = 6
const Sun = 7

dayname(day::Integer, locale::DateLocale) = locale.days_of_week[day]
dayabbr(day::Integer, locale::DateLocale) = locale.days_of_week_abbr[day]
dayname(day::Integer; locale::AbstractString="english") = dayname(day, LOCALES[locale])
dayabbr(day::Integer; locale::AbstractString="english") = dayabbr(day, LOCALES[locale])
dayname(dt::TimeType; locale::AbstractString="english") = dayname(dayofweek(dt); locale=locale)
dayabbr(dt::TimeType; locale::AbstractString="english") = dayabbr(dayofweek(dt); locale=locale)

ismonday(dt::TimeType) = dayofweek(dt) == Mon
istuesday(dt::TimeType) = dayofweek(dt) == Tue
iswednesday(dt::TimeType) = dayofweek(dt) == Wed
isthursday(dt::TimeType) = dayofweek(dt) == Thu
isfriday(dt::TimeType) = dayofweek(dt) == Fri
issaturday(dt::TimeType) = dayofweek(dt) == Sat
issunday(dt::TimeType) = dayofweek(dt) == Sun

function dayofweekofmonth(dt::TimeType)
    d = day(dt)
    return d < 8 ? 1 : d < 15 ? 2 : d < 22 ? 3 : d < 29 ? 4 : 5
end

const TWENTYNINE = (1, 8, 15, 22, 29)
const THIRTY = (1, 2, 8, 9, 15, 16, 22, 23, 29, 30)
const THIRTYONE = (1, 2, 3, 8, 9, 10, 15, 16, 17, 22, 23, 24, 29, 30, 31)

function daysofweekinmonth(dt::TimeType)
    y, m, d = yearmonthday(dt)
    ld = daysinmonth(y, m)
    return ld == 28 ? 4 : ld == 29 ? ((d in TWENTYNINE) ? 5 : 4) :
           ld == 30 ? ((d in THIRTY) ? 5 : 4) :
           (d in THIRTYONE) ? 5 : 4
end

const January = 1
const February = 2
const March = 3
const April = 4
const May = 5
const June = 6
const July = 7
const August = 8
const September = 9
const October = 10
const November = 11
const December = 12
const Jan = 1
const Feb = 2
const Mar = 3
const Apr = 4
const Jun = 6
const Jul = 7
const Aug = 8
const Sep = 9
const Oct = 10
const Nov = 11
const Dec = 12

monthname(month::Integer, locale::DateLocale) = locale.months[month]
monthabbr(month::Integer, locale::DateLocale) = locale.months_abbr[month]
monthname(month::Integer; locale::AbstractString="english") = monthname(month, LOCALES[locale])
monthabbr(month::Integer; locale::AbstractString="english") = monthabbr(month, LOCALES[locale])
monthname(dt::TimeType; locale::AbstractString="english") = monthname(month(dt); locale=locale)
monthabbr(dt::TimeType; locale::AbstractString="english") = monthabbr(month(dt); locale=locale)

daysinmonth(dt::TimeType) = ((y, m) = yearmonth(dt); return daysinmonth(y, m))
isleapyear(dt::TimeType) = isleapyear(year(dt))
dayofyear(dt::TimeType) = ((y, m, d) = yearmonthday(dt); return dayofyear(y, m, d))
daysinyear(dt::TimeType) = 365 + isleapyear(dt)

quarterofyear(dt::TimeType) = quarter(dt)
const QUARTERDAYS = (0, 31, 59, 0, 30, 61, 0, 31, 62, 0, 31, 61)
function dayofquarter(dt::TimeType)
    (y, m, d) = yearmonthday(dt)
    return QUARTERDAYS[m] + d + (m == 3 && isleapyear(y))
end

# ----- arithmetic.jl -----

+(x::Instant) = x
-(x::T, y::T) where {T<:Instant} = x.periods - y.periods

+(x::TimeType) = x
-(x::T, y::T) where {T<:Union{Date, DateTime}} = x.instant - y.instant
-(x::Time, y::Time) = x.instant - y.instant

function +(dt::Date, t::Time)
    (microsecond(t) > 0 || nanosecond(t) > 0) && throw(InexactError(:+, DateTime, t))
    y, m, d = yearmonthday(dt)
    return DateTime(y, m, d, hour(t), minute(t), second(t), millisecond(t))
end
+(t::Time, dt::Date) = dt + t

function +(dt::DateTime, y::Year)
    oy, m, d = yearmonthday(dt); ny = oy + value(y); ld = daysinmonth(ny, m)
    return DateTime(ny, m, d <= ld ? d : ld, hour(dt), minute(dt), second(dt), millisecond(dt))
end
function +(dt::Date, y::Year)
    oy, m, d = yearmonthday(dt); ny = oy + value(y); ld = daysinmonth(ny, m)
    return Date(ny, m, d <= ld ? d : ld)
end
function -(dt::DateTime, y::Year)
    oy, m, d = yearmonthday(dt); ny = oy - value(y); ld = daysinmonth(ny, m)
    return DateTime(ny, m, d <= ld ? d : ld, hour(dt), minute(dt), second(dt), millisecond(dt))
end
function -(dt::Date, y::Year)
    oy, m, d = yearmonthday(dt); ny = oy - value(y); ld = daysinmonth(ny, m)
    return Date(ny, m, d <= ld ? d : ld)
end

# Month arithmetic wraps around the year (12 + 1 == 1) and clamps to the month's last day.
monthwrap(m1, m2) = (v = mod1(m1 + m2, 12); return v < 0 ? 12 + v : v)
yearwrap(y, m1, m2) = y + fld(m1 + m2 - 1, 12)

function +(dt::DateTime, z::Month)
    y, m, d = yearmonthday(dt)
    ny = yearwrap(y, m, value(z))
    mm = monthwrap(m, value(z)); ld = daysinmonth(ny, mm)
    return DateTime(ny, mm, d <= ld ? d : ld, hour(dt), minute(dt), second(dt), millisecond(dt))
end
function +(dt::Date, z::Month)
    y, m, d = yearmonthday(dt)
    ny = yearwrap(y, m, value(z))
    mm = monthwrap(m, value(z)); ld = daysinmonth(ny, mm)
    return Date(ny, mm, d <= ld ? d : ld)
end
function -(dt::DateTime, z::Month)
    y, m, d = yearmonthday(dt)
    ny = yearwrap(y, m, -value(z))
    mm = monthwrap(m, -value(z)); ld = daysinmonth(ny, mm)
    return DateTime(ny, mm, d <= ld ? d : ld, hour(dt), minute(dt), second(dt), millisecond(dt))
end
function -(dt::Date, z::Month)
    y, m, d = yearmonthday(dt)
    ny = yearwrap(y, m, -value(z))
    mm = monthwrap(m, -value(z)); ld = daysinmonth(ny, mm)
    return Date(ny, mm, d <= ld ? d : ld)
end
+(x::Date, y::Quarter) = x + Month(y)
-(x::Date, y::Quarter) = x - Month(y)
+(x::DateTime, y::Quarter) = x + Month(y)
-(x::DateTime, y::Quarter) = x - Month(y)
+(x::Date, y::Week) = Date(UTD(value(x) + 7 * value(y)))
-(x::Date, y::Week) = Date(UTD(value(x) - 7 * value(y)))
+(x::Date, y::Day) = Date(UTD(value(x) + value(y)))
-(x::Date, y::Day) = Date(UTD(value(x) - value(y)))
+(x::DateTime, y::Period) = DateTime(UTM(value(x) + toms(y)))
-(x::DateTime, y::Period) = DateTime(UTM(value(x) - toms(y)))
+(x::Time, y::TimePeriod) = Time(Nanosecond(value(x) + tons(y)))
-(x::Time, y::TimePeriod) = Time(Nanosecond(value(x) - tons(y)))
+(y::Period, x::TimeType) = x + y

+(x::AbstractArray{<:TimeType}, y::GeneralPeriod) = x .+ y
+(y::GeneralPeriod, x::AbstractArray{<:TimeType}) = x .+ y
-(x::AbstractArray{<:TimeType}, y::GeneralPeriod) = x .- y
-(x::AbstractArray{T}, y::T) where {T<:TimeType} = x .- y
-(y::T, x::AbstractArray{T}) where {T<:TimeType} = y .- x

broadcastable(x::AbstractTime) = Ref(x)

# ----- conversions.jl -----

convert(::Type{DateTime}, dt::Date) = DateTime(UTM(value(dt) * 86400000))
convert(::Type{Date}, dt::DateTime) = Date(UTD(days(dt)))
convert(::Type{Time}, dt::DateTime) = Time(Nanosecond((value(dt) % 86400000) * 1000000))
convert(::Type{T}, dt::T) where {T<:TimeType} = dt
Date(dt::TimeType) = convert(Date, dt)
DateTime(dt::TimeType) = convert(DateTime, dt)
Time(dt::DateTime) = convert(Time, dt)

const UNIXEPOCH = value(DateTime(1970))
unix2datetime(x) = DateTime(UTM(UNIXEPOCH + round(Int64, 1000 * x)))
datetime2unix(dt::DateTime) = (value(dt) - UNIXEPOCH) / 1000.0

"""
    now() -> DateTime

The wall-clock time, from `time()` (so the deterministic clock while a package is
precompiled). Julia gives the local time; the runtime knows no time zone, so this is UTC, as
`now(UTC)`.
"""
now() = unix2datetime(time())
now(::Type{UTC}) = now()
today() = Date(now())

rata2datetime(days) = DateTime(yearmonthday(days)...)
datetime2rata(dt::TimeType) = days(dt)

const JULIANEPOCH = value(DateTime(-4713, 11, 24, 12))
julian2datetime(f) = DateTime(UTM(JULIANEPOCH + round(Int64, 86400000 * f)))
datetime2julian(dt::DateTime) = (value(dt) - JULIANEPOCH) / 86400000.0

# ----- adjusters.jl -----

trunc(dt::Date, ::Type{Year}) = Date(UTD(totaldays(year(dt), 1, 1)))
trunc(dt::Date, ::Type{Quarter}) = firstdayofquarter(dt)
trunc(dt::Date, ::Type{Month}) = firstdayofmonth(dt)
trunc(dt::Date, ::Type{Day}) = dt
trunc(dt::DateTime, ::Type{P}) where {P<:DatePeriod} = DateTime(trunc(Date(dt), P))
trunc(dt::DateTime, ::Type{Hour}) = dt - Minute(dt) - Second(dt) - Millisecond(dt)
trunc(dt::DateTime, ::Type{Minute}) = dt - Second(dt) - Millisecond(dt)
trunc(dt::DateTime, ::Type{Second}) = dt - Millisecond(dt)
trunc(dt::DateTime, ::Type{Millisecond}) = dt
trunc(t::Time, ::Type{Hour}) = Time(Hour(t))
trunc(t::Time, ::Type{Minute}) = Time(Hour(t), Minute(t))
trunc(t::Time, ::Type{Second}) = Time(Hour(t), Minute(t), Second(t))
trunc(t::Time, ::Type{Millisecond}) = t - Microsecond(t) - Nanosecond(t)
trunc(t::Time, ::Type{Microsecond}) = t - Nanosecond(t)
trunc(t::Time, ::Type{Nanosecond}) = t

firstdayofweek(dt::Date) = Date(UTD(value(dt) - dayofweek(dt) + 1))
firstdayofweek(dt::DateTime) = DateTime(firstdayofweek(Date(dt)))
lastdayofweek(dt::Date) = Date(UTD(value(dt) + (7 - dayofweek(dt))))
lastdayofweek(dt::DateTime) = DateTime(lastdayofweek(Date(dt)))

firstdayofmonth(dt::Date) = Date(UTD(value(dt) - day(dt) + 1))
firstdayofmonth(dt::DateTime) = DateTime(firstdayofmonth(Date(dt)))
function lastdayofmonth(dt::Date)
    y, m, d = yearmonthday(dt)
    return Date(UTD(value(dt) + daysinmonth(y, m) - d))
end
lastdayofmonth(dt::DateTime) = DateTime(lastdayofmonth(Date(dt)))

firstdayofyear(dt::Date) = Date(UTD(value(dt) - dayofyear(dt) + 1))
firstdayofyear(dt::DateTime) = DateTime(firstdayofyear(Date(dt)))
function lastdayofyear(dt::Date)
    y, m, d = yearmonthday(dt)
    return Date(UTD(value(dt) + daysinyear(y) - dayofyear(y, m, d)))
end
lastdayofyear(dt::DateTime) = DateTime(lastdayofyear(Date(dt)))

function firstdayofquarter(dt::Date)
    y, m = yearmonth(dt)
    mm = m < 4 ? 1 : m < 7 ? 4 : m < 10 ? 7 : 10
    return Date(y, mm, 1)
end
firstdayofquarter(dt::DateTime) = DateTime(firstdayofquarter(Date(dt)))
function lastdayofquarter(dt::Date)
    y, m = yearmonth(dt)
    mm, d = m < 4 ? (3, 31) : m < 7 ? (6, 30) : m < 10 ? (9, 30) : (12, 31)
    return Date(y, mm, d)
end
lastdayofquarter(dt::DateTime) = DateTime(lastdayofquarter(Date(dt)))

# An adjuster function and the date it was first checked on.
struct DateFunction
    f::Function
    function DateFunction(f, start)
        isa(f(start), Bool) || throw(ArgumentError("$f must return a Bool"))
        return new(f)
    end
end

function adjust(df::DateFunction, start, step, limit)
    for i = 1:limit
        df.f(start) && return start
        start += step
    end
    throw(ArgumentError("Adjustment limit reached: $limit iterations"))
end

function adjust(func::Function, start; step::Period=Day(1), limit::Int=10000)
    return adjust(DateFunction(func, start), start, step, limit)
end

_isdayofweek(dow) = x -> dayofweek(x) == dow

tonext(dt::TimeType, dow::Int; same::Bool=false) =
    adjust(DateFunction(_isdayofweek(dow), dt), same ? dt : dt + Day(1), Day(1), 7)
function tonext(func::Function, dt::TimeType; step::Period=Day(1), limit::Int=10000,
                same::Bool=false)
    return adjust(DateFunction(func, dt), same ? dt : dt + step, step, limit)
end

toprev(dt::TimeType, dow::Int; same::Bool=false) =
    adjust(DateFunction(_isdayofweek(dow), dt), same ? dt : dt + Day(-1), Day(-1), 7)
function toprev(func::Function, dt::TimeType; step::Period=Day(-1), limit::Int=10000,
                same::Bool=false)
    return adjust(DateFunction(func, dt), same ? dt : dt + step, step, limit)
end

function tofirst(dt::TimeType, dow::Int; of::Union{Type{Year}, Type{Month}}=Month)
    dt = of <: Month ? firstdayofmonth(dt) : firstdayofyear(dt)
    return adjust(DateFunction(_isdayofweek(dow), dt), dt, Day(1), 366)
end

function tolast(dt::TimeType, dow::Int; of::Union{Type{Year}, Type{Month}}=Month)
    dt = of <: Month ? lastdayofmonth(dt) : lastdayofyear(dt)
    return adjust(DateFunction(_isdayofweek(dow), dt), dt, Day(-1), 366)
end

function Date(func::Function, y, m=1, d=1; step::Period=Day(1), limit::Int=10000)
    return adjust(DateFunction(func, Date(y, m, d)), Date(y, m, d), step, limit)
end
function DateTime(func::Function, y, m=1, d=1, h=0, mi=0, s=0, ms=0;
                  step::Period=Day(1), limit::Int=10000)
    start = DateTime(y, m, d, h, mi, s, ms)
    return adjust(DateFunction(func, start), start, step, limit)
end

# ----- rounding.jl -----

const DATEEPOCH = value(Date(0))
const DATETIMEEPOCH = value(DateTime(0))
const WEEKEPOCH = value(Date(0, 1, 3))

epochdays2date(i) = Date(UTD(DATEEPOCH + Int64(i)))
epochms2datetime(i) = DateTime(UTM(DATETIMEEPOCH + Int64(i)))
date2epochdays(dt::Date) = value(dt) - DATEEPOCH
datetime2epochms(dt::DateTime) = value(dt) - DATETIMEEPOCH

function floor(dt::Date, p::Year)
    value(p) < 1 && throw(DomainError(p))
    years = year(dt)
    return Date(years - mod(years, value(p)))
end
function floor(dt::Date, p::Month)
    value(p) < 1 && throw(DomainError(p))
    y, m = yearmonth(dt)
    months_since_epoch = y * 12 + m - 1
    month_offset = months_since_epoch - mod(months_since_epoch, value(p))
    target_month = mod(month_offset, 12) + 1
    target_year = div(month_offset, 12) - (month_offset < 0 && target_month != 1)
    return Date(target_year, target_month)
end
floor(dt::Date, p::Quarter) = floor(dt, Month(p))
function floor(dt::Date, p::Week)
    value(p) < 1 && throw(DomainError(p))
    days = value(dt) - WEEKEPOCH
    days = days - mod(days, value(Day(p)))
    return Date(UTD(WEEKEPOCH + Int64(days)))
end
function floor(dt::Date, p::Day)
    value(p) < 1 && throw(DomainError(p))
    days = date2epochdays(dt)
    return epochdays2date(days - mod(days, value(p)))
end
floor(dt::DateTime, p::DatePeriod) = DateTime(floor(Date(dt), p))
function floor(dt::DateTime, p::TimePeriod)
    value(p) < 1 && throw(DomainError(p))
    milliseconds = datetime2epochms(dt)
    return epochms2datetime(milliseconds - mod(milliseconds, value(Millisecond(p))))
end
function floor(t::Time, p::TimePeriod)
    value(p) < 1 && throw(DomainError(p))
    return Time(Nanosecond(value(t) - mod(value(t), tons(p))))
end

function floorceil(dt::TimeType, p::Period)
    f = floor(dt, p)
    return f, (dt == f) ? f : f + p
end
ceil(dt::TimeType, p::Period) = floorceil(dt, p)[2]
function round(dt::TimeType, p::Period)
    f, c = floorceil(dt, p)
    return (dt - f) < (c - dt) ? f : c
end
floor(x::TimeType, ::Type{P}) where {P<:Period} = floor(x, oneunit(P))
ceil(x::TimeType, ::Type{P}) where {P<:Period} = ceil(x, oneunit(P))
round(x::TimeType, ::Type{P}) where {P<:Period} = round(x, oneunit(P))
Base.oneunit(::Type{P}) where {P<:Period} = P(1)
Base.oneunit(p::Period) = typeof(p)(1)

# ----- ranges.jl -----

# `d1:d2` steps by a day; other types by one unit of their difference, as Julia's generic
# `(:)(start, stop)` does.
Base.:(:)(start::Date, stop::Date) = _time_range(start, Day(1), stop)
Base.:(:)(start::DateTime, stop::DateTime) = _time_range(start, Millisecond(1), stop)
Base.:(:)(start::Time, stop::Time) = _time_range(start, Nanosecond(1), stop)
Base.:(:)(start::T, step::Period, stop::T) where {T<:TimeType} = _time_range(start, step, stop)

guess(a::DateTime, b::DateTime, c) = floor(Int64, (Int128(value(b)) - Int128(value(a))) / toms(c))
guess(a::Date, b::Date, c) = Int64(div(value(b - a), days(c)))
len(a::Time, b::Time, c) = Int64(div(value(b - a), tons(c)))
function len(a, b, c)
    lo, hi, st = min(a, b), max(a, b), abs(c)
    i = guess(a, b, c)
    v = lo + st * i
    prev = v
    while v <= hi && prev <= v
        prev = v
        v += st
        i += 1
    end
    return i - 1
end

# Ranges of periods (`Day(1):Day(2):Day(9)`) step by their values.
len(a::P, b::P, c::P) where {P<:Period} = div(value(b) - value(a), value(c))
function Base.:(:)(start::P, step::P, stop::P) where {P<:Period}
    value(step) == 0 && throw(ArgumentError("step cannot be zero"))
    r = value(start):value(step):value(stop)
    return StepRange{P, P}(start, step, isempty(r) ? start - step : P(last(r)))
end
Base.:(:)(start::P, stop::P) where {P<:Period} = start:oneunit(P):stop

# Julia's `steprange_last` for a `TimeType` start and a period step.
function _time_range(start::T, step::Period, stop::T) where {T<:TimeType}
    z = zero(step)
    step == z && throw(ArgumentError("step cannot be zero"))
    if stop == start
        last = stop
    elseif (step > z) != (stop > start)
        last = start - step
    else
        remain = stop - (start + step * len(start, stop, step))
        last = stop - remain
    end
    return StepRange{T, typeof(step)}(start, step, last)
end

first(r::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} = r.start
last(r::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} = r.stop
step(r::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} = r.step
isempty(r::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} =
    r.start != r.stop && (r.step > zero(r.step)) != (r.stop > r.start)
length(r::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} =
    isempty(r) ? 0 : len(r.start, r.stop, r.step) + 1
size(r::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} = (length(r),)
firstindex(r::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} = 1
lastindex(r::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} = length(r)
eltype(::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} = T
eltype(::Type{StepRange{T, P}}) where {T<:Union{TimeType, Period}, P<:Period} = T
function iterate(r::StepRange{T, P}, i = 0) where {T<:Union{TimeType, Period}, P<:Period}
    i >= length(r) && return nothing
    return (r.start + r.step * i, i + 1)
end
function getindex(r::StepRange{T, P}, i::Integer) where {T<:Union{TimeType, Period}, P<:Period}
    (1 <= i <= length(r)) || throw(BoundsError(r, i))
    return r.start + r.step * (i - 1)
end
getindex(r::StepRange{T, P}, s::AbstractVector) where {T<:Union{TimeType, Period}, P<:Period} = T[r[i] for i in s]
collect(r::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} = T[x for x in r]
in(x::TimeType, r::StepRange{T, P}) where {T<:TimeType, P<:Period} = any(==(x), r)
reverse(r::StepRange{T, P}) where {T<:TimeType, P<:Period} = _time_range(r.stop, -r.step, r.start)
==(a::StepRange{T, P}, b::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} =
    (isempty(a) && isempty(b)) || (a.start == b.start && a.step == b.step && a.stop == b.stop)
function show(io::IO, r::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period}
    show(io, r.start); print(io, ":"); show(io, r.step); print(io, ":"); show(io, r.stop)
end
show(io::IO, ::MIME"text/plain", r::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} = show(io, r)
Base.filter(f, r::StepRange{T, P}) where {T<:Union{TimeType, Period}, P<:Period} = filter(f, collect(r))
+(x::Period, r::StepRange{T, P}) where {T<:TimeType, P<:Period} =
    _time_range(x + first(r), step(r), x + last(r))
+(r::StepRange{T, P}, x::Period) where {T<:TimeType, P<:Period} = x + r
-(r::StepRange{T, P}, x::Period) where {T<:TimeType, P<:Period} =
    _time_range(first(r) - x, step(r), last(r) - x)

# ----- io.jl -----

abstract type AbstractDateToken end

# A run of one format letter: `yyyy` is `DatePart('y', 4, fixed)`. A fixed part is followed
# directly by another part, so it is parsed with exactly its width.
struct DatePart <: AbstractDateToken
    letter::Char
    width::Int
    fixed::Bool
end

struct Delim{T} <: AbstractDateToken
    d::T
end

struct DateFormat{S, T<:Tuple}
    tokens::T
    locale::DateLocale
end

min_width(d::DatePart) = d.fixed ? d.width : 1
max_width(d::DatePart) = d.fixed ? d.width : 0

function _show_content(io::IO, d::DatePart)
    for i = 1:d.width
        print(io, d.letter)
    end
end
function show(io::IO, d::DatePart)
    print(io, "DatePart(")
    _show_content(io, d)
    print(io, ")")
end

function _show_content(io::IO, d::Delim{Char})
    if haskey(CONVERSION_SPECIFIERS, d.d)
        print(io, '\\', d.d)
    else
        print(io, d.d)
    end
end
function _show_content(io::IO, d::Delim{String})
    for c in d.d
        haskey(CONVERSION_SPECIFIERS, c) && print(io, '\\')
        print(io, c)
    end
end
function show(io::IO, d::Delim)
    print(io, "Delim(")
    _show_content(io, d)
    print(io, ")")
end

abstract type DayOfWeekToken end

const CONVERSION_SPECIFIERS = Dict{Char, Type}(
    'y' => Year, 'Y' => Year, 'm' => Month, 'u' => Month, 'U' => Month,
    'e' => DayOfWeekToken, 'E' => DayOfWeekToken, 'd' => Day, 'H' => Hour, 'I' => Hour,
    'M' => Minute, 'S' => Second, 's' => Millisecond, 'p' => AMPM,
)

# The value a part gives when the string ends before it (Julia's `CONVERSION_DEFAULTS`).
conversion_default(::Type{<:Union{Year, Month, Day}}) = Int64(1)
conversion_default(::Type{<:Period}) = Int64(0)
conversion_default(::Type{DayOfWeekToken}) = Int64(0)
conversion_default(::Type{AMPM}) = TWENTYFOURHOUR

# The parts a type is made of, in its constructor's order (Julia's `CONVERSION_TRANSLATIONS`).
conversion_translation(::Type{Date}) = (Year, Month, Day)
conversion_translation(::Type{DateTime}) =
    (Year, Month, Day, Hour, Minute, Second, Millisecond, AMPM)
conversion_translation(::Type{Time}) =
    (Hour, Minute, Second, Millisecond, Microsecond, Nanosecond, AMPM)

const _FORMAT_LETTERS = "yYmuUeEdHIMSsp"

# The text between two parts, with backslash escapes removed.
function _unescape(s::AbstractString)
    io = IOBuffer()
    esc = false
    for c in s
        if !esc && c == '\\'
            esc = true
        else
            print(io, c)
            esc = false
        end
    end
    return String(take!(io))
end

function DateFormat(f::AbstractString, locale::DateLocale=ENGLISH)
    tokens = AbstractDateToken[]
    cs = collect(f)
    n = length(cs)
    prev = nothing   # (letter, width) of the part before the current text
    lit = Char[]     # the raw text since the previous part
    i = 1
    while i <= n
        c = cs[i]
        escaped = i > 1 && cs[i - 1] == '\\'
        if c in _FORMAT_LETTERS && !escaped
            j = i
            while j < n && cs[j + 1] == c
                j += 1
            end
            tran = _unescape(String(lit))
            if prev !== nothing
                push!(tokens, DatePart(prev[1], prev[2], isempty(tran)))
            end
            isempty(tran) || push!(tokens, Delim(length(tran) == 1 ? first(tran) : tran))
            prev = (c, j - i + 1)
            lit = Char[]
            i = j + 1
        else
            push!(lit, c)
            i += 1
        end
    end
    tran = _unescape(String(lit))
    prev === nothing || push!(tokens, DatePart(prev[1], prev[2], false))
    isempty(tran) || push!(tokens, Delim(length(tran) == 1 ? first(tran) : tran))
    tokens_tuple = (tokens...,)
    return DateFormat{Symbol(f), typeof(tokens_tuple)}(tokens_tuple, locale)
end

DateFormat(f::AbstractString, locale::AbstractString) = DateFormat(f, LOCALES[locale])

function show(io::IO, df::DateFormat)
    print(io, "dateformat\"")
    for t in df.tokens
        _show_content(io, t)
    end
    print(io, '"')
end
broadcastable(x::DateFormat) = Ref(x)

macro dateformat_str(str)
    DateFormat(str)
end

const ISODateTimeFormat = DateFormat("yyyy-mm-dd\\THH:MM:SS.s")
const ISODateFormat = DateFormat("yyyy-mm-dd")
const ISOTimeFormat = DateFormat("HH:MM:SS.s")
const RFC1123Format = DateFormat("e, dd u yyyy HH:MM:SS")

default_format(::Type{DateTime}) = ISODateTimeFormat
default_format(::Type{Date}) = ISODateFormat
default_format(::Type{Time}) = ISOTimeFormat

const Locale = Union{DateLocale, String}

_locale(l::DateLocale) = l
_locale(l::String) = LOCALES[l]

DateTime(dt::AbstractString, format::AbstractString; locale::Locale=ENGLISH) =
    parse(DateTime, dt, DateFormat(format, _locale(locale)))
DateTime(dt::AbstractString, df::DateFormat=ISODateTimeFormat) = parse(DateTime, dt, df)
Date(d::AbstractString, format::AbstractString; locale::Locale=ENGLISH) =
    parse(Date, d, DateFormat(format, _locale(locale)))
Date(d::AbstractString, df::DateFormat=ISODateFormat) = parse(Date, d, df)
Time(t::AbstractString, format::AbstractString; locale::Locale=ENGLISH) =
    parse(Time, t, DateFormat(format, _locale(locale)))
Time(t::AbstractString, df::DateFormat=ISOTimeFormat) = parse(Time, t, df)

# Formatting tokens.
hour12(dt) = let h = hour(dt); h > 12 ? h - 12 : h == 0 ? 12 : h; end

function format(io::IO, d::DatePart, dt, locale::DateLocale)
    c = d.letter
    if c == 'y'
        # The last `width` digits of the year, zero-padded.
        str = string(year(dt), base = 10, pad = d.width)
        l = lastindex(str)
        print(io, l == d.width ? str : SubString(str, l - (d.width - 1), l))
    elseif c == 'Y'
        print(io, string(year(dt), base = 10, pad = d.width))
    elseif c == 'm'
        print(io, string(month(dt), base = 10, pad = d.width))
    elseif c == 'd'
        print(io, string(day(dt), base = 10, pad = d.width))
    elseif c == 'H'
        print(io, string(hour(dt), base = 10, pad = d.width))
    elseif c == 'I'
        print(io, string(hour12(dt), base = 10, pad = d.width))
    elseif c == 'M'
        print(io, string(minute(dt), base = 10, pad = d.width))
    elseif c == 'S'
        print(io, string(second(dt), base = 10, pad = d.width))
    elseif c == 's'
        ms = millisecond(dt)
        if ms % 100 == 0
            str = string(div(ms, 100))
        elseif ms % 10 == 0
            str = string(div(ms, 10), pad = 2)
        else
            str = string(ms, pad = 3)
        end
        print(io, rpad(str, d.width, '0'))
    elseif c == 'u'
        print(io, monthabbr(month(dt), locale))
    elseif c == 'U'
        print(io, monthname(month(dt), locale))
    elseif c == 'e'
        print(io, dayabbr(dayofweek(dt), locale))
    elseif c == 'E'
        print(io, dayname(dayofweek(dt), locale))
    elseif c == 'p'
        print(io, hour(dt) < 12 ? "AM" : "PM")
    end
    return nothing
end
format(io::IO, d::Delim, dt, locale::DateLocale) = print(io, d.d)

function format(io::IO, dt::TimeType, fmt::DateFormat)
    for t in fmt.tokens
        format(io, t, dt, fmt.locale)
    end
    return nothing
end

function format(dt::TimeType, fmt::DateFormat, bufsize=12)
    io = IOBuffer()
    format(io, dt, fmt)
    return String(take!(io))
end

format(dt::TimeType, f::AbstractString; locale::Locale=ENGLISH) =
    format(dt, DateFormat(f, _locale(locale)))

# ----- printing -----

function string(t::Time)
    h, mi, s = hour(t), minute(t), second(t)
    hh = lpad(h, 2, "0")
    mii = lpad(mi, 2, "0")
    ss = lpad(s, 2, "0")
    nss = value(t) % 1000000000
    ns = nss == 0 ? "" : "." * rstrip(lpad(nss, 9, "0"), '0')
    return "$hh:$mii:$ss$ns"
end

show(io::IO, ::MIME"text/plain", t::Time) = print(io, t)
print(io::IO, t::Time) = print(io, string(t))

# kiln has no `IOContext` yet, so no stream asks for compact output.
_iscompact(io::IO) = false

function show(io::IO, t::Time)
    if _iscompact(io)
        print(io, t)
    else
        values = [hour(t), minute(t), second(t), millisecond(t), microsecond(t), nanosecond(t)]
        index = something(findlast(!iszero, values), 1)
        print(io, Time, "(")
        for i in 1:index
            show(io, values[i])
            i != index && print(io, ", ")
        end
        print(io, ")")
    end
end

function print(io::IO, dt::DateTime)
    str = if millisecond(dt) == 0
        format(dt, dateformat"YYYY-mm-dd\THH:MM:SS", 24)
    else
        format(dt, dateformat"YYYY-mm-dd\THH:MM:SS.s", 26)
    end
    print(io, str)
end

function print(io::IO, dt::Date)
    y, m, d = yearmonthday(value(dt))
    yy = y < 0 ? "-" * lpad(-y, 4, "0") : lpad(y, 4, "0")
    mm = lpad(m, 2, "0")
    dd = lpad(d, 2, "0")
    print(io, "$yy-$mm-$dd")
end

string(dt::Union{Date, DateTime}) = sprint(print, dt)

show(io::IO, ::MIME"text/plain", dt::Date) = print(io, dt)
show(io::IO, ::MIME"text/plain", dt::DateTime) = print(io, dt)
show(io::IO, dt::Date) = print(io, typeof(dt), "(\"", dt, "\")")
show(io::IO, dt::DateTime) = print(io, typeof(dt), "(\"", dt, "\")")
typeinfo_implicit(::Type{Date}) = true
typeinfo_implicit(::Type{DateTime}) = true

# ----- parse.jl -----

# The character at index `i` and the index after it.
_next(str::AbstractString, i::Int) = (str[i], nextind(str, i))

function tryparsenext_base10(str::AbstractString, i::Int, len::Int, min_width::Int=1,
                             max_width::Int=0)
    i > len && return nothing
    min_pos = min_width <= 0 ? i : i + min_width - 1
    max_pos = max_width <= 0 ? len : min(i + max_width - 1, len)
    d = Int64(0)
    while i <= max_pos
        c, ii = _next(str, i)
        if '0' <= c <= '9'
            d = d * 10 + (c - '0')
        else
            break
        end
        i = ii
    end
    return i <= min_pos ? nothing : (d, i)
end

function tryparsenext_word(str::AbstractString, i, len, locale, maxchars=0)
    word_start, word_end = i, 0
    max_pos = maxchars <= 0 ? len : min(len, nextind(str, i, maxchars - 1))
    while i <= max_pos
        c, ii = _next(str, i)
        if isletter(c)
            word_end = i
        else
            break
        end
        i = ii
    end
    return word_end == 0 ? nothing : (SubString(str, word_start, word_end), i)
end

function tryparsenext(d::DatePart, str, i, len, locale)
    c = d.letter
    if c in "yYmdHIMS"
        return tryparsenext_base10(str, i, len, min_width(d), max_width(d))
    elseif c == 's'
        val = tryparsenext_base10(str, i, len, min_width(d), max_width(d))
        val === nothing && return nothing
        ms0, ii = val
        n = ii - i
        if n > 3
            ms, r = divrem(ms0, Int64(10)^(n - 3))
            r == 0 || throw(InexactError(:convert, Decimal3, ms0))
        else
            ms = ms0 * Int64(10)^(3 - n)
        end
        return ms, ii
    elseif c == 'p'
        i + 1 > len && return nothing
        c1, ii = _next(str, i)
        ap = lowercase(c1)
        (ap == 'a' || ap == 'p') || return nothing
        c2, ii = _next(str, ii)
        lowercase(c2) == 'm' || return nothing
        return ap == 'a' ? AM : PM, ii
    else
        next = tryparsenext_word(str, i, len, locale, max_width(d))
        next === nothing && return nothing
        word, ii = next
        val = c == 'u' ? monthabbr_to_value(word, locale) :
              c == 'U' ? monthname_to_value(word, locale) :
              c == 'e' ? dayabbr_to_value(word, locale) : dayname_to_value(word, locale)
        val == 0 && return nothing
        return val, ii
    end
end

struct Decimal3 end

function tryparsenext(d::Delim{Char}, str, i::Int, len, locale)
    i > len && return nothing
    c, i = _next(str, i)
    c != d.d && return nothing
    return true, i
end

function tryparsenext(d::Delim{String}, str, i::Int, len, locale)
    for c2 in d.d
        i > len && return nothing
        c1, i = _next(str, i)
        c1 != c2 && return nothing
    end
    return true, i
end

# The values of the format's parts by the period type they give (`Year`, `Hour`, `AMPM`, …),
# the position parsing stopped at, and how many parts were parsed; `nothing` for the values
# when the string does not match (or an `ArgumentError` when `raise`).
function tryparsenext_core(str::AbstractString, pos::Int, len::Int, df::DateFormat,
                           raise::Bool=false)
    directives = df.tokens
    locale = df.locale
    values = Dict{Symbol, Any}()
    num_parsed = 0
    directive_index = 1
    for tok in directives
        pos > len && return values, pos, num_parsed
        next = tryparsenext(tok, str, pos, len, locale)
        next === nothing && return _parse_error(directives, directive_index, pos, raise)
        val, pos = next
        if tok isa DatePart
            values[_slot(CONVERSION_SPECIFIERS[tok.letter])] = val
            num_parsed += 1
        end
        directive_index += 1
    end
    pos > len || return _parse_error(directives, directive_index, pos, raise)
    return values, pos, num_parsed
end

function _parse_error(directives, directive_index, pos, raise)
    if raise
        if directive_index > length(directives)
            throw(ArgumentError("Found extra characters at the end of date time string"))
        else
            d = directives[directive_index]
            throw(ArgumentError("Unable to parse date time. Expected directive $d at char $pos"))
        end
    end
    return nothing, pos, 0
end

_slot(T::Type) = Symbol(string(T))

function tryparsenext_internal(::Type{T}, str::AbstractString, pos::Int, len::Int,
                               df::DateFormat, raise::Bool=false) where {T<:TimeType}
    values, pos, num_parsed = tryparsenext_core(str, pos, len, df, raise)
    values === nothing && return nothing
    out = Any[]
    for P in conversion_translation(T)
        push!(out, get(values, _slot(P), conversion_default(P)))
    end
    return (out...,), pos
end

# The ISO `DateTime` form, parsed directly as Julia does.
function _parse_iso_datetime(s::AbstractString)
    i, end_pos = firstindex(s), lastindex(s)
    bad() = throw(ArgumentError("Invalid DateTime string"))
    dm = dd = Int64(1)
    th = tm = ts = tms = Int64(0)
    vals = Int64[]
    val = tryparsenext_base10(s, i, end_pos, 1)
    val === nothing && bad()
    dy, i = val
    i > end_pos && bad()
    for (delim, maxw, k) in (('-', 2, 1), ('-', 2, 2), ('T', 2, 3), (':', 2, 4), (':', 2, 5))
        c, i = _next(s, i)
        c != delim && bad()
        i > end_pos && return DateTime(dy, dm, dd, th, tm, ts, tms)
        val = tryparsenext_base10(s, i, end_pos, 1, maxw)
        val === nothing && bad()
        v, i = val
        k == 1 ? (dm = v) : k == 2 ? (dd = v) : k == 3 ? (th = v) : k == 4 ? (tm = v) : (ts = v)
        i > end_pos && return DateTime(dy, dm, dd, th, tm, ts, tms)
    end
    c, i = _next(s, i)
    c != '.' && bad()
    i > end_pos && return DateTime(dy, dm, dd, th, tm, ts, tms)
    val = tryparsenext_base10(s, i, end_pos, 1, 3)
    val === nothing && bad()
    tms, j = val
    tms *= 10^(3 - (j - i))
    j > end_pos || bad()
    return DateTime(dy, dm, dd, th, tm, ts, tms)
end

function parse(::Type{T}, str::AbstractString, df::DateFormat=default_format(T)) where {T<:TimeType}
    T === DateTime && df === ISODateTimeFormat && return _parse_iso_datetime(str)
    pos, len = firstindex(str), lastindex(str)
    values, endpos = tryparsenext_internal(T, str, pos, len, df, true)
    return T(values...)
end

function tryparse(::Type{T}, str::AbstractString, df::DateFormat=default_format(T)) where {T<:TimeType}
    pos, len = firstindex(str), lastindex(str)
    res = tryparsenext_internal(T, str, pos, len, df, false)
    res === nothing && return nothing
    values, endpos = res
    validargs(T, values...) === nothing || return nothing
    return T(values...)
end

parse(::Type{T}, str::AbstractString, format::AbstractString) where {T<:TimeType} =
    parse(T, str, DateFormat(format))
tryparse(::Type{T}, str::AbstractString, format::AbstractString) where {T<:TimeType} =
    tryparse(T, str, DateFormat(format))

end # module Dates
