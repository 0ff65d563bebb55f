# A lending library: keyword-constructed records, sets, sorting and a due-date report.
Base.@kwdef mutable struct Book
    isbn::String
    title::String
    author::String
    year::Int
    tags::Set{Symbol} = Set{Symbol}()
    borrower::Union{Nothing, String} = nothing
end

struct Loan
    isbn::String
    member::String
    day::Int
end

books = [
    Book(isbn = "111", title = "Dune", author = "Herbert", year = 1965, tags = Set([:scifi, :classic])),
    Book(isbn = "222", title = "Neuromancer", author = "Gibson", year = 1984, tags = Set([:scifi, :cyberpunk])),
    Book(isbn = "333", title = "Emma", author = "Austen", year = 1815, tags = Set([:classic, :romance])),
    Book(isbn = "444", title = "Hyperion", author = "Simmons", year = 1989),
]
catalog = Dict(b.isbn => b for b in books)

function lend!(catalog, loans, isbn, member, day)
    b = get(catalog, isbn, nothing)
    b === nothing && return "no such book: $isbn"
    b.borrower === nothing || return "$(b.title) is out (with $(b.borrower))"
    b.borrower = member
    push!(loans, Loan(isbn, member, day))
    return "$(member) borrows $(b.title)"
end

loans = Loan[]
for (isbn, who, day) in [("111", "ann", 1), ("333", "bob", 3), ("111", "cy", 4), ("999", "ann", 5), ("222", "ann", 9)]
    println(lend!(catalog, loans, isbn, who, day))
end

today = 20
overdue = [(l, today - l.day - 14) for l in loans if today - l.day > 14]
sort!(overdue; by = x -> -x[2])
for (l, late) in overdue
    println(rpad(catalog[l.isbn].title, 12), " ", l.member, " is ", late, late == 1 ? " day" : " days", " late")
end

by_member = Dict{String, Vector{String}}()
for l in loans
    push!(get!(by_member, l.member, String[]), catalog[l.isbn].title)
end
println(sort(collect(by_member); by = first))

all_tags = reduce(union, (b.tags for b in books); init = Set{Symbol}())
println(sort(collect(all_tags)))
classics = [b.title for b in books if :classic in b.tags]
println("classics: ", join(classics, " & "))
available = filter(b -> b.borrower === nothing, books)
println("available: ", map(b -> b.title, available))
oldest = books[argmin([b.year for b in books])]
println("oldest: ", oldest.title, " (", oldest.year, "), untagged: ", count(b -> isempty(b.tags), books))
decades = sort(unique(10 * (b.year ÷ 10) for b in books))
println(decades, " ", mapreduce(b -> length(b.title), +, books), " ", maximum(b -> b.year, books) - minimum(b -> b.year, books))
println(findfirst(b -> b.author == "Gibson", books), " ", findfirst(b -> b.year > 2000, books))
println(replace(books[2].title, "mancer" => "-mancer"), " ", uppercase(books[1].author[1:3]))
