# Sieve of Eratosthenes over a BitVector, with a few summaries of the primes found.
function sieve(n::Int)
    isprime = trues(n)
    isprime[1] = false
    for i in 2:isqrt(n)
        if isprime[i]
            for j in i*i:i:n
                isprime[j] = false
            end
        end
    end
    return isprime
end

function twin_primes(primes::Vector{Int})
    pairs = Tuple{Int,Int}[]
    for k in 1:length(primes)-1
        if primes[k+1] - primes[k] == 2
            push!(pairs, (primes[k], primes[k+1]))
        end
    end
    return pairs
end

mask = sieve(100)
println(typeof(mask), " with ", count(mask), " primes below 100")
primes = findall(mask)
println("primes: ", primes)
println("first > 50: ", findnext(mask, 51))
println("twin primes: ", twin_primes(primes))
gaps = diff(primes)
println("largest gap: ", maximum(gaps), " after ", primes[argmax(gaps)])
odd_composites = .!mask .& isodd.(1:100)
odd_composites[1] = false
println("odd composites below 30: ", findall(odd_composites)[1:5])
big = sieve(10_000)
println("primes below 10000: ", sum(big))
println("last prime below 10000: ", findlast(big))
digitsum(n) = sum(digits(n))
special = filter(p -> big[digitsum(p)], findall(big))
println("primes with a prime digit sum: ", length(special), ", first ", special[1:8])
counts = [count(big[(k-1)*1000+1:k*1000]) for k in 1:10]
println("per thousand: ", counts)
println(all(counts .> 100), " ", any(counts .> 160))
