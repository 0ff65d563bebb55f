# Text processing: parsing a small log with split/regex, counting words, formatting a report.
log = """
2024-03-01 12:00:01 INFO  user=alice action=login ip=10.0.0.1
2024-03-01 12:03:17 WARN  user=bob action=login ip=10.0.0.7 attempts=3
2024-03-01 12:05:42 INFO  user=alice action=upload size=2048
2024-03-01 12:09:09 ERROR user=carol action=upload size=0 reason="empty file"
2024-03-01 12:10:00 INFO  user=bob action=logout
"""

struct Entry
    time::String
    level::Symbol
    fields::Dict{String,String}
end

function parse_line(line)
    m = match(r"^(\S+) (\S+) (\w+)\s+(.*)$", line)
    m === nothing && return nothing
    fields = Dict{String,String}()
    for kv in eachmatch(r"(\w+)=(\"[^\"]*\"|\S+)", m.captures[4])
        fields[kv.captures[1]] = strip(kv.captures[2], '"')
    end
    return Entry(m.captures[2], Symbol(m.captures[3]), fields)
end

entries = Entry[]
for line in split(strip(log), '\n')
    e = parse_line(line)
    e === nothing || push!(entries, e)
end
println(length(entries), " entries; levels: ", join(unique(e.level for e in entries), ", "))

users = Dict{String,Int}()
for e in entries
    u = e.fields["user"]
    users[u] = get(users, u, 0) + 1
end
for (u, n) in sort(collect(users), by = p -> (-p.second, p.first))
    println(lpad(u, 6), ": ", "*"^n, " (", n, ")")
end

problems = filter(e -> e.level != :INFO, entries)
for e in problems
    extra = haskey(e.fields, "reason") ? " — " * e.fields["reason"] : ""
    println(e.time, " ", uppercase(string(e.level)), " ", e.fields["user"], extra)
end

sizes = [parse(Int, e.fields["size"]) for e in entries if haskey(e.fields, "size")]
println("uploads: ", sizes, " total ", sum(sizes), " bytes")
ips = sort(unique([e.fields["ip"] for e in entries if haskey(e.fields, "ip")]))
println("ips: ", join(ips, " | "))
words = split(lowercase(replace(log, r"[^A-Za-z ]+" => " ")))
freq = Dict{String,Int}()
for w in words
    length(w) > 3 && (freq[w] = get(freq, w, 0) + 1)
end
top = first(sort(collect(freq), by = p -> (-p.second, p.first)), 3)
println("top words: ", join(["$(p.first)×$(p.second)" for p in top], ", "))
println(replace("alice,bob;carol", r"[,;]" => " & "), " ", titlecase("hello world"), " ", reverse("kiln"))
println(occursin("upload", log), " ", count("user=", log), " ", findfirst("ERROR", log))
