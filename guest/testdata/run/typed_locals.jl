# Typed local variables: `x::T = v` converts this and every later assignment to `T`.
function acc(xs)
    total::Float64 = 0
    for x in xs
        total += x
    end
    carry::UInt8 = 0
    carry = 255
    return total, carry
end
println(acc([1, 2, 3]))
function bad()
    n::Int = 1
    n = 2.5
end
bad()
