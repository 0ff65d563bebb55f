# Inventory report with NamedTuples, Printf, grouping and sorting.
using Printf

items = [
    (name = "widget", category = :hardware, price = 2.50, qty = 120),
    (name = "gadget", category = :hardware, price = 12.99, qty = 15),
    (name = "manual", category = :books, price = 8.00, qty = 40),
    (name = "cable", category = :hardware, price = 4.25, qty = 0),
    (name = "novel", category = :books, price = 15.50, qty = 7),
    (name = "mug", category = :kitchen, price = 6.75, qty = 33),
]

value(it) = it.price * it.qty
println("Total value: ", @sprintf("%.2f", sum(value, items)))

bycat = Dict{Symbol, Vector{eltype(items)}}()
for it in items
    push!(get!(bycat, it.category, eltype(items)[]), it)
end
for cat in sort(collect(keys(bycat)))
    group = bycat[cat]
    @printf("%-9s %2d items  %8.2f\n", cat, length(group), sum(value, group))
end

println()
@printf("%-8s %8s %5s %9s\n", "name", "price", "qty", "value")
for it in sort(items; by = value, rev = true)
    @printf("%-8s %8.2f %5d %9.2f\n", it.name, it.price, it.qty, value(it))
end

out_of_stock = [it.name for it in items if it.qty == 0]
low = filter(it -> 0 < it.qty < 20, items)
println("\nout of stock: ", out_of_stock, "; low: ", map(it -> it.name, low))
cheapest = argmin(it -> it.price, items)
println("cheapest: ", cheapest.name, " at ", cheapest.price)
restocked = [merge(it, (qty = it.qty + 50,)) for it in items if it.qty < 20]
println(restocked[1])
println(keys(items[1]), " ", values(items[1])[3], " ", haskey(items[1], :qty))
avg = sum(it.price for it in items) / length(items)
println("average price: ", round(avg; digits = 3), ", above: ", count(it -> it.price > avg, items))
println(typeof(items[1]))
