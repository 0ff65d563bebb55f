# Cyclic garbage is collected; everything reachable survives a collection, whatever holds it.

mutable struct Node
    value::Int
    next::Any
end

# Live cycles held by a global, a Dict, a closure's captured variable, a tuple and a task.
ring = Node(1, nothing)
ring.next = Node(2, Node(3, ring))

registry = Dict{String,Any}()
let n = Node(10, nothing)
    n.next = n
    registry["self"] = n
end

function counter()
    count = 0
    node = Node(0, nothing)
    node.next = (node, () -> count)
    () -> (count += 1; node)
end
tick = counter()

pair = (Node(5, nothing), 6)
pair[1].next = pair

ch = Channel{Any}(1)
t = @async begin
    local mine = Node(42, nothing)
    mine.next = mine
    put!(ch, :ready)
    wait(Condition())  # never notified: the task stays blocked, holding `mine`
    mine
end
take!(ch)

# Make a great deal of cyclic garbage, so that collections run in the middle of it all.
function churn(n)
    total = 0
    for i in 1:n
        a = Node(i, nothing)
        b = Node(i, a)
        a.next = [b, (a, b)]
        total += a.value + b.next.value
    end
    total
end
println(churn(50_000))
GC.gc()
GC.gc(true)

function walk(n, k)
    out = Int[]
    for _ in 1:k
        push!(out, n.value)
        n = n.next
    end
    out
end
println(walk(ring, 7))
println(registry["self"].next.next === registry["self"])
tick(); tick()
node = tick()
println(node.next[1] === node, " ", node.next[2]())
println(pair[1].next[1] === pair[1], " ", pair[2])
println(istaskdone(t), " ", istaskstarted(t))

# Turning automatic collection off and on says what it was.
println(GC.enable(false))
println(churn(1_000))
println(GC.enable(true))
println(GC.enable(true))
