# Channels: buffered and unbuffered, producer/consumer, `Channel(f)`, iteration, `collect`.
function producer(c::Channel, n)
    for i in 1:n
        put!(c, i^2)
    end
    close(c)
end

c = Channel{Int}(2)
println(c, " ", typeof(c), " ", eltype(c))
println(isopen(c), " ", isready(c))
p = @async producer(c, 5)
total = 0
for x in c
    global total += x
    println("consumed ", x)
end
println("total ", total)
println(isopen(c), " ", istaskdone(p))

# An unbuffered channel: `put!` waits for a taker.
words = Channel() do ch
    for w in ["alpha", "beta", "gamma"]
        put!(ch, w)
    end
end
println(typeof(words))
for w in words
    println(w)
end
println(isopen(words))

squares = Channel{Int}(4) do ch
    foreach(i -> put!(ch, i^2), 1:6)
end
println(collect(squares))

# take!, put! and isready by hand.
q = Channel(3)
println(put!(q, :x), " ", put!(q, 2.5), " ", isready(q))
println(take!(q), " ", take!(q), " ", isready(q))
close(q)
try
    put!(q, 1)
catch e
    println(e)
end
try
    take!(q)
catch e
    println(e)
end
println(collect(q))

# A pipeline: numbers → squares → strings, each stage a task.
nums = Channel{Int}(c -> foreach(i -> put!(c, i), 1:4))
sq = Channel{Int}(c -> foreach(x -> put!(c, x * x), nums))
labels = Channel{String}(c -> foreach(x -> put!(c, "<$x>"), sq), 2)
println(collect(labels))

# A producer that fails closes its channel with the error.
bad = Channel{Int}() do ch
    put!(ch, 1)
    error("producer broke")
end
println(take!(bad))
try
    take!(bad)
catch e
    println(typeof(e), ": ", e.task.exception)
end
