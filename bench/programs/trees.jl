struct Node
    left::Union{Node, Nothing}
    right::Union{Node, Nothing}
end
make(d) = d == 0 ? Node(nothing, nothing) : Node(make(d - 1), make(d - 1))
check(t::Node) = t.left === nothing ? 1 : 1 + check(t.left) + check(t.right)
println(check(make(parse(Int, get(ENV, "N", "12")))))
