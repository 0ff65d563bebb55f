# Shortest paths with Dijkstra's algorithm over a binary-heap priority queue.
struct MinHeap{T}
    items::Vector{Tuple{Int, T}}
end
MinHeap{T}() where {T} = MinHeap{T}(Tuple{Int, T}[])
Base.isempty(h::MinHeap) = isempty(h.items)
Base.length(h::MinHeap) = length(h.items)

function Base.push!(h::MinHeap, prio::Int, x)
    push!(h.items, (prio, x))
    i = length(h.items)
    while i > 1
        p = i ÷ 2
        h.items[p][1] <= h.items[i][1] && break
        h.items[p], h.items[i] = h.items[i], h.items[p]
        i = p
    end
    return h
end

function Base.popfirst!(h::MinHeap)
    top = h.items[1]
    last = pop!(h.items)
    if !isempty(h.items)
        h.items[1] = last
        i = 1
        n = length(h.items)
        while true
            l, r = 2i, 2i + 1
            m = i
            l <= n && h.items[l][1] < h.items[m][1] && (m = l)
            r <= n && h.items[r][1] < h.items[m][1] && (m = r)
            m == i && break
            h.items[m], h.items[i] = h.items[i], h.items[m]
            i = m
        end
    end
    return top
end

const Graph = Dict{Symbol, Vector{Pair{Symbol, Int}}}

function dijkstra(g::Graph, source::Symbol)
    dist = Dict{Symbol, Int}(source => 0)
    prev = Dict{Symbol, Symbol}()
    heap = MinHeap{Symbol}()
    push!(heap, 0, source)
    while !isempty(heap)
        d, u = popfirst!(heap)
        d > get(dist, u, typemax(Int)) && continue
        for (v, w) in get(g, u, Pair{Symbol, Int}[])
            nd = d + w
            if nd < get(dist, v, typemax(Int))
                dist[v] = nd
                prev[v] = u
                push!(heap, nd, v)
            end
        end
    end
    return dist, prev
end

function path(prev, target)
    p = [target]
    while haskey(prev, p[end])
        push!(p, prev[p[end]])
    end
    return reverse(p)
end

g = Graph(
    :a => [:b => 7, :c => 9, :f => 14],
    :b => [:a => 7, :c => 10, :d => 15],
    :c => [:a => 9, :b => 10, :d => 11, :f => 2],
    :d => [:b => 15, :c => 11, :e => 6],
    :e => [:d => 6, :f => 9],
    :f => [:a => 14, :c => 2, :e => 9],
)
dist, prev = dijkstra(g, :a)
for v in sort(collect(keys(dist)))
    println(v, ": ", lpad(dist[v], 2), "  ", join(path(prev, v), " → "))
end
h = MinHeap{String}()
for (p, s) in [(5, "e"), (1, "a"), (3, "c"), (2, "b"), (4, "d")]
    push!(h, p, s)
end
println([popfirst!(h)[2] for _ in 1:length(h)])
println(typeof(g), " ", length(g), " ", sum(length, values(g)))
