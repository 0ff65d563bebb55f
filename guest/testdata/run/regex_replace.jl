# Regex replacement, splitting, SubString results, substitution strings, string macros and
# the errors of bad patterns and replacements.
println(replace("hello world", r"o" => "0"))
println(replace("John Smith", r"(\w+) (\w+)" => s"\2, \1"))
println(replace("2024-01-15", r"(?<y>\d+)-(?<m>\d+)-(?<d>\d+)" => s"\g<d>/\g<m>/\g<y>"))
println(replace("#Hello# from Julia", r"#(.+)# from (?<from>\w+)" => s"FROM: \g<from>; MESSAGE: \1"))
println(replace("abc def", r"\w+" => uppercase))
println(replace("a1b22", r"\d+" => x -> string(parse(Int, x) * 2)))
println(replace("aaa", r"a" => "b", count = 2), " ", replace("abc", r"x" => "y"))
println(replace("abc", r"b*" => "-"), " ", replace("abc", r"" => "."))
println(replace("a.b", r"\." => s"\\\\"), " ", replace("x1", r"(\d)" => s"<\0>"))
println(replace("héllo", r"é" => "e"), " ", replace("tab", r"a" => s"\t|"))
sub = s"\1 and \g<x>"
println(sub, " ", typeof(sub), " ", repr(sub), " ", string(sub) == "\\1 and \\g<x>")

parts = split("a1b22c333d", r"\d+")
println(parts)
display(parts)
println(split("a,b,,c", r","), " ", split("a,b,,c", r",", keepempty = false))
println(split("a,b,,c", r",", limit = 2), " ", split("", r","), " ", split(" x  y ", r"\s+"))
println(join(split("one  two three", r"\s+"), "|"))
println(split("a b  c"), " ", split("a,b", ','), " ", Symbol(split("x y")[2]), " ", sizeof(split("é")[1]))

# SubString, as matches, splits and the constructor give it.
s = SubString("hello world", 1, 5)
println(s, " ", typeof(s), " ", length(s), " ", ncodeunits(s), " ", repr(s))
println(s == "hello", " ", "hello" == s, " ", String(s) * "!", " ", uppercase(s), " ", s * s)
t = SubString("héllo", 2, 2)
println(t, " ", ncodeunits(t), " ", SubString("héllo", 2), " ", isempty(SubString("abc", 2, 1)))
counts = Dict{String,Int}()
for w in split("a b a c a", r" ")
    counts[w] = get(counts, w, 0) + 1
end
println(counts["a"], " ", counts["b"], " ", counts["c"], " ", haskey(counts, SubString("xa", 2)))
w = match(r"\d+", "x42y").match
println("[$w] ", parse(Int, w) + 1, " ", collect(w), " ", w[1], " ", lastindex(w))

# String macros: `name"..."` is `@name_str`, its text raw; a suffix is a second argument.
macro shout_str(s)
    uppercase(s)
end
macro tagged_str(s, flags)
    string(s, " with ", flags)
end
println(shout"hello", " ", tagged"abc"xyz)
println(raw"C:\path\new", " ", raw"a\"b", " ", raw"\\\"", " ", raw"a\\b")
block = raw"""
    first\n
      second
    """
print(block)

# Errors: bad patterns, flags and replacements.
try
    Regex("(")
catch e
    println(typeof(e), " ", startswith(e.msg, "PCRE compilation error"), " ", occursin("r\"(\"", e.msg))
end
try
    Regex("a", "q")
catch e
    println(e)
end
try
    replace("abc", r"b" => s"\g<x>")
catch e
    println(e)
end
try
    replace("abc", r"(b)" => s"x\\")
catch e
    println(e)
end
try
    match(r"a", "abc", 10)
catch e
    println(e)
end
