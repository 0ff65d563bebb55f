# Regular expressions: literals with flags, Regex, match and RegexMatch, eachmatch, search.
r = r"a(.)a"
println(r)
println(typeof(r), " ", r isa Base.AbstractPattern)
show(r"abc"i); println()
println(r"x"ms, " ", r"a b # c"x, " ", r"q\"", " ", r"a\\b", " ", r"^\d+$")
println(Regex("a+b"), " ", Regex("a+b", "i"), " ", Regex("x\\d"))
println(Regex("a+b") == r"a+b", " ", Regex("a+b", "i") == r"a+b", " ", isequal(r"z"i, Regex("z", "i")))
display([r"a", r"b"i])

m = match(r, "cabac")
println(m)
display(m)
println(typeof(m))
println(m.match, " ", m.captures, " ", m.offset, " ", m.offsets)
println(m[1], " ", typeof(m.match), " ", m.regex)
println(match(r, "cabac", 3) === nothing, " ", match(r"x", "abc"))

m2 = match(r"(?<hour>\d+):(?<minute>\d+)(am|pm)?", "11:30 in the morning")
println(m2)
println(m2[:hour], " ", m2["minute"], " ", m2[3])
display(m2.captures)
println(keys(m2))
println(haskey(m2, :hour), " ", haskey(m2, "second"), " ", haskey(m2, 3), " ", haskey(m2, 4))
hr, mn, ampm = m2
println(hr, ":", mn, " ", ampm)
println(length(m2), " ", parse(Int, m2[:hour]) * 60 + parse(Int, m2[:minute]))
try
    m2[:second]
catch e
    println(e)
end

# Flags, lookaround, backreferences, Unicode (offsets are byte indices).
println(match(r"HELLO"i, "say hello").match, " ", match(r"a.b"s, "a\nb").match == "a\nb")
println(match(r"^b"m, "a\nb").offset, " ", match(r"(?<=\$)\d+", "cost: \$42").match)
println(match(r"(\w)\1", "hello").match, " ", match(r"\d+(?!px)\b", "10px 20 30em").match)
println(match(r"\w+", "héllo wörld"), " ", match(r"ö(.)", "wörld").offsets)
println(match(r"b$", "ab\n"), " ", match(r"a$", "ab"))

# Searching.
println(occursin(r"^\d+$", "12345"), " ", occursin(r"^\d+$", "12a45"))
println(contains("hello world", r"o w"), " ", contains("hello", r"z"))
println(startswith("JuliaLang", r"Julia|Romeo"), " ", endswith("JuliaLang", r"Lang|Roberts"))
println(startswith("xJulia", r"Julia"), " ", endswith("Julia!", r"a"))
println(findfirst(r"l+", "hello"), " ", findnext(r"l", "hello", 4), " ", findfirst(r"z", "hello"))
println(findfirst(r"ö", "héllo wörld"))
println(findall(r"\d+", "a1b22c333"), " ", findall(r"aa", "aaaa"; overlap = true))
println(findall(r"", "ab"))
println(count(r"a(.)a", "cabacabac", overlap = true), " ", count(r"a(.)a", "cabacabac"))

# eachmatch.
println(collect(eachmatch(r"a.a", "a1a2a3a")))
display(collect(eachmatch(r"a.a", "a1a2a3a", overlap = true)))
for m in eachmatch(r"(?<word>\w)(\w*)", "the quick fox")
    println(m[:word], " ", m[2], " at ", m.offset)
end
println([m.match for m in eachmatch(r"x*", "axb")])
println(length(collect(eachmatch(r"\d", "no digits"))))

# Regex arithmetic, and regex literals as code.
r2 = r"a|b" * "c|d"
println(r2, " ", match(r2, "ac") === nothing, " ", match(r2, "ac|d"))
println(match(r"Hello|Good bye" * ' ' * "world", "Hello world"))
println(r"Test "^2, " ", match(r"Test "^2, "Test Test "))
println(r"a"i * r"b", " ", "x" * r"y"m, " ", match(r"a"i * r"b", "Ab"), " ", match(r"a"i * r"b", "AB"))
println(:(r"a\"b"i), " ", :(raw"x\y"), " ", macroexpand(Main, :(r"ab"s)))
