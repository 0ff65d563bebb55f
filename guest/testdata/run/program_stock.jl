# An inventory: structs in a Dict, restocking, orders that may fail, and a report.
struct Item
    name::String
    price::Float64
    category::Symbol
end

mutable struct Stock
    item::Item
    qty::Int
end

struct OutOfStock <: Exception
    name::String
    wanted::Int
    have::Int
end
Base.showerror(io::IO, e::OutOfStock) =
    print(io, "OutOfStock: wanted ", e.wanted, " of ", e.name, ", have ", e.have)

inventory = Dict{String,Stock}()
function add!(inv, name, price, cat, qty)
    if haskey(inv, name)
        inv[name].qty += qty
    else
        inv[name] = Stock(Item(name, price, cat), qty)
    end
    return inv
end

add!(inventory, "apple", 0.5, :fruit, 100)
add!(inventory, "pear", 0.75, :fruit, 40)
add!(inventory, "hammer", 12.99, :tools, 5)
add!(inventory, "nails", 0.02, :tools, 1000)
add!(inventory, "apple", 0.5, :fruit, 20)

function order!(inv, name, n)
    s = get(inv, name, nothing)
    s === nothing && throw(KeyError(name))
    s.qty < n && throw(OutOfStock(name, n, s.qty))
    s.qty -= n
    return round(n * s.item.price, digits = 2)
end

orders = [("apple", 30), ("hammer", 6), ("nails", 250), ("saw", 1), ("pear", 40)]
revenue = 0.0
for (name, n) in orders
    global revenue
    try
        cost = order!(inventory, name, n)
        revenue += cost
        println("sold $n × $name for \$$cost")
    catch err
        print("failed: ")
        showerror(stdout, err)
        println()
    end
end
println("revenue: ", round(revenue, digits = 2))

bycat = Dict{Symbol,Vector{String}}()
for (name, s) in inventory
    push!(get!(bycat, s.item.category, String[]), name)
end
for cat in sort(collect(keys(bycat)))
    names = sort(bycat[cat])
    value = sum(inventory[n].qty * inventory[n].item.price for n in names)
    println(rpad(string(cat), 6), " ", join(names, ", "), " worth ", round(value, digits = 2))
end
empty = [name for (name, s) in inventory if s.qty == 0]
println("sold out: ", empty)
low = filter(p -> p.second.qty < 50, inventory)
println("low stock: ", sort([k => v.qty for (k, v) in low]))
