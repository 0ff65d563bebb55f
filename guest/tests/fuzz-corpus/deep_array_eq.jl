a = Any[]
b = Any[]
for i in 1:20000
    global a = Any[a]
    global b = Any[b]
end
try
    println(a == b)
catch e
    println(typeof(e))
end
try
    println(hash(a) == hash(b))
catch e
    println(typeof(e))
end
