# Parse a small CSV, compute per-department statistics, and print a table.
data = """
name,dept,salary,start
Alice,Engineering,120000,2019-03-01
Bob,Engineering,95000,2021-07-15
Carol,Sales,70000,2018-01-10
Dan,Sales,65000,2022-11-30
Eve,Engineering,135000,2015-05-20
Frank,Support,50000,2020-02-29
"""

lines = split(strip(data), '\n')
header = Symbol.(split(lines[1], ','))
rows = map(lines[2:end]) do line
    f = split(line, ',')
    y, m, d = parse.(Int, split(f[4], '-'))
    (name = String(f[1]), dept = String(f[2]), salary = parse(Int, f[3]), start = (y, m, d))
end
println(header, " ", length(rows), " rows")

depts = sort(unique(r.dept for r in rows))
mean(xs) = sum(xs) / length(xs)
function median(xs)
    s = sort(xs)
    n = length(s)
    return isodd(n) ? s[(n + 1) ÷ 2] : (s[n ÷ 2] + s[n ÷ 2 + 1]) / 2
end
println(rpad("dept", 12), lpad("n", 3), lpad("mean", 10), lpad("median", 10), lpad("max", 8))
for d in depts
    s = [r.salary for r in rows if r.dept == d]
    println(rpad(d, 12), lpad(length(s), 3), lpad(round(Int, mean(s)), 10), lpad(median(s), 10), lpad(maximum(s), 8))
end

seniority = sort(rows; by = r -> r.start)
println("longest serving: ", first(seniority).name, " since ", join(first(seniority).start, "-"))
leap = [r.name for r in rows if r.start[2] == 2 && r.start[3] == 29]
println("started on Feb 29: ", leap)
raise(r) = r.dept == "Sales" ? round(Int, r.salary * 1.05) : r.salary
payroll = sum(raise, rows)
println("payroll after raises: ", payroll, " (", payroll - sum(r -> r.salary, rows), " more)")
initials = join([r.name[1] for r in rows])
println(initials, " ", uppercase(initials[end:-1:1]), " ", occursin("CD", initials))
byyear = Dict{Int, Vector{String}}()
for r in rows
    push!(get!(() -> String[], byyear, r.start[1]), r.name)
end
for y in sort(collect(keys(byyear)))
    println(y, ": ", join(byyear[y], ", "))
end
println(sum(r.salary > 80000 for r in rows), " earn over 80k; ", any(r -> r.dept == "HR", rows))
