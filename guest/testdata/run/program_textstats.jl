# Text statistics: word frequencies, sentence lengths, letter histogram.
text = """
It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief. It was the epoch of
incredulity! Was it the season of Light? It was the season of Darkness.
"""

words = [lowercase(m.match) for m in eachmatch(r"[A-Za-z']+", text)]
println("words: ", length(words), ", distinct: ", length(unique(words)))

freq = Dict{String, Int}()
for w in words
    freq[w] = get(freq, w, 0) + 1
end
top = sort(collect(freq); by = p -> (-p.second, p.first))
for (w, n) in first(top, 5)
    println(rpad(w, 8), " ", "*"^n, " ", n)
end

sentences = filter(!isempty, strip.(split(text, r"[.!?]")))
lengths = [length(split(s)) for s in sentences]
println("sentences: ", length(sentences), ", words per sentence: ", lengths)
avg = sum(lengths) / length(lengths)
println("average: ", round(avg; digits = 3))

letters = Dict{Char, Int}()
for c in lowercase(text)
    isletter(c) || continue
    letters[c] = get(letters, c, 0) + 1
end
common = sort(collect(keys(letters)); by = c -> (-letters[c], c))[1:3]
println("most common letters: ", join(common, ", "))
vowels = count(c -> c in "aeiou", lowercase(text))
println("vowel share: ", round(100 * vowels / sum(values(letters)); digits = 1), "%")
longest = argmax(length, words)
println("longest word: ", longest, " (", length(longest), ")")
caps = [w for w in split(text) if isuppercase(first(w))]
println(caps)
println(titlecase("the season of light"), " | ", uppercase(words[end]))
