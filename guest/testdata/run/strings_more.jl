# String and collection helpers: parse with a base, tryparse, replace (count, several pairs,
# predicates, functions), repeat, pairs, deepcopy, map/filter on strings.
println(parse(Int, "ff"; base = 16), " ", parse(Int, "-101", base = 2), " ", parse(Int, "0x1f"), " ", parse(Int, " 42 "))
println(parse(UInt8, "200"), " ", parse(Int8, "-128"), " ", tryparse(Int, "12"; base = 3))
println(tryparse(Int, "x"), " ", tryparse(Int, "1_0"), " ", tryparse(Float64, "1.5"), " ", tryparse(Int8, "300"))
for s in ("", "12a", "9223372036854775808", "+", "1 2")
    try
        parse(Int, s)
    catch e
        showerror(stdout, e); println()
    end
end
try
    parse(Int, "1"; base = 1)
catch e
    showerror(stdout, e); println()
end
println(replace("abcabc", "a" => "X"; count = 1))
println(replace("abc", "a" => "1", "b" => "2"))
println(replace("a1b22", isdigit => "#"), " ", replace("hello", 'l' => uppercase), " ", replace("abc", ['a', 'c'] => "-"))
println(replace("abc", "" => "-"), " ", replace("aaa", "a" => "b"; count = 2), " ", replace("αβγ", "β" => "b"))
println(replace([1, 2, 1, 3], 1 => 0), " ", replace([1, 2, 1], 1 => 0; count = 1))
println(repeat([1, 2], 2), " ", repeat([1, 2], 2, 2), " ", repeat([1 2], 2, 2))
println(repeat('a', 3), " ", repeat("ab", 2), " ", repeat("-", 0) == "")
println(map(uppercase, "abc"), " ", filter(isdigit, "a1b2"), " ", codepoint('a'))
println(reverse([1 2; 3 4]), " ", reverse("αβγ"), " ", reverse([1, 2, 3]))
println(collect(pairs([10, 20])), " ", collect(pairs((a = 1, b = 2))))
for (i, x) in pairs(["a", "b"])
    println(i, " ", x)
end
d = Dict(:k => 1)
for (k, v) in pairs(d)
    println(k, " => ", v)
end
a = [[1], [2]]
b = deepcopy(a)
b[1][1] = 99
println(a, " ", b)
mutable struct Node
    val::Int
    next::Union{Node, Nothing}
end
n = Node(1, nothing)
n.next = n
m = deepcopy(n)
println(m.next === m, " ", m !== n, " ", m.val)
shared = [1]
c = deepcopy((shared, shared))
println(c[1] === c[2], " ", c[1] !== shared)
println(deepcopy(Dict("a" => [1, 2])))
println(chop("hello"), " ", chop("hello"; head = 1, tail = 2), " ", chomp("hi\n"), " ", strip("xxhixx", 'x'))
println(first("hello", 2), " ", last("hello", 3), " ", first("αβγ", 2))
println(uppercasefirst("abc"), " ", lowercasefirst("ABC"), " ", titlecase("hello wORLD"))
println(lpad(5, 3, '0'), " ", rpad("ab", 5, 'x'), " ", lpad("abc", 2))
println(isuppercase('A'), islowercase('a'), isletter('β'), ispunct('!'), isspace('\t'), isdigit('x'))
println(collect(enumerate("αβ")))
