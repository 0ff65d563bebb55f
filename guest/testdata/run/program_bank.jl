# A small bank: accounts, transactions and a monthly statement.
abstract type Transaction end

struct Deposit <: Transaction
    amount::Float64
    memo::String
end

struct Withdrawal <: Transaction
    amount::Float64
    memo::String
end

mutable struct Account
    id::Int
    owner::String
    balance::Float64
    history::Vector{Transaction}
end

Account(id::Int, owner::String) = Account(id, owner, 0.0, Transaction[])

struct InsufficientFunds <: Exception
    account::Int
    needed::Float64
end

Base.showerror(io::IO, e::InsufficientFunds) =
    print(io, "InsufficientFunds: account ", e.account, " is short by ", e.needed)

apply!(a::Account, t::Deposit) = (a.balance += t.amount; push!(a.history, t); a)

function apply!(a::Account, t::Withdrawal)
    if t.amount > a.balance
        throw(InsufficientFunds(a.id, t.amount - a.balance))
    end
    a.balance -= t.amount
    push!(a.history, t)
    return a
end

function transfer!(bank::Dict{Int, Account}, from::Int, to::Int, amount)
    apply!(bank[from], Withdrawal(amount, "transfer to $(bank[to].owner)"))
    apply!(bank[to], Deposit(amount, "transfer from $(bank[from].owner)"))
    return nothing
end

bank = Dict{Int, Account}()
for (i, name) in enumerate(["Ada", "Grace", "Linus"])
    bank[i] = Account(i, name)
end

apply!(bank[1], Deposit(500, "salary"))
apply!(bank[2], Deposit(1200.50, "salary"))
transfer!(bank, 2, 3, 200)
apply!(bank[3], Withdrawal(45.25, "groceries"))

try
    transfer!(bank, 1, 2, 1000)
catch e
    println("Failed: ", sprint(showerror, e))
end

total = sum(a.balance for a in values(bank))
println("Total deposits held: ", round(total; digits = 2))

for id in sort(collect(keys(bank)))
    a = bank[id]
    println(rpad(a.owner, 6), lpad(string(round(a.balance; digits = 2)), 10))
    for t in a.history
        sign = t isa Deposit ? "+" : "-"
        println("    ", sign, t.amount, "  ", t.memo)
    end
end

richest = argmax(a -> a.balance, collect(values(bank)))
println("Richest: ", richest.owner)
counts = Dict(name => length(a.history) for (name, a) in ((a.owner, a) for a in values(bank)))
println(sort(collect(counts)))
