# A binary search tree with insertion, traversal, and a custom show.
abstract type Tree{T} end
struct Leaf{T} <: Tree{T} end
mutable struct Node{T} <: Tree{T}
    key::T
    left::Tree{T}
    right::Tree{T}
end
Node(key::T) where {T} = Node{T}(key, Leaf{T}(), Leaf{T}())

insert(t::Leaf{T}, k) where {T} = Node(convert(T, k))
function insert(t::Node{T}, k) where {T}
    if k < t.key
        t.left = insert(t.left, k)
    elseif k > t.key
        t.right = insert(t.right, k)
    end
    return t
end

Base.length(::Leaf) = 0
Base.length(t::Node) = 1 + length(t.left) + length(t.right)
height(::Leaf) = 0
height(t::Node) = 1 + max(height(t.left), height(t.right))
inorder(::Leaf{T}) where {T} = T[]
inorder(t::Node) = vcat(inorder(t.left), [t.key], inorder(t.right))
Base.in(k, ::Leaf) = false
Base.in(k, t::Node) = k == t.key || (k < t.key ? k in t.left : k in t.right)

Base.show(io::IO, ::Leaf) = print(io, "·")
Base.show(io::IO, t::Node) = print(io, "(", t.left, " ", t.key, " ", t.right, ")")

function Base.iterate(t::Tree, stack = Any[t])
    # in-order traversal with an explicit stack of trees and keys
    while !isempty(stack)
        x = pop!(stack)
        if x isa Node
            push!(stack, x.right, x.key, x.left)
        elseif !(x isa Leaf)
            return (x, stack)
        end
    end
    return nothing
end
Base.eltype(::Type{<:Tree{T}}) where {T} = T

t = Leaf{Int}()
for k in [50, 30, 70, 20, 40, 60, 80, 30, 65]
    global t = insert(t, k)
end
println(t)
println(length(t), " nodes, height ", height(t))
println(inorder(t))
println(collect(t), " ", eltype(t), " ", sum(t), " ", maximum(t))
println(40 in t, " ", 45 in t, " ", [k for k in t if iseven(k ÷ 10)])
words = foldl(insert, split("the quick brown fox jumps over the lazy dog"); init = Leaf{String}())
println(words)
println(join(words, ","), " ", typeof(first(words)))
