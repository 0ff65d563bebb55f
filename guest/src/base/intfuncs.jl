# Integer functions, as in Julia's base/intfuncs.jl.

# `x^p` by repeated squaring, in Julia's order of multiplications (so that floating-point
# results round as Julia's do).
function power_by_squaring(x, p::Integer)
    if p == 1
        return x
    elseif p == 0
        return one(x)
    elseif p == 2
        return x * x
    elseif p < 0
        isone(x) && return x
        throw(DomainError(p, "Cannot raise an integer x to a negative power -n."))
    end
    t = trailing_zeros(p) + 1
    p >>= t
    while (t -= 1) > 0
        x *= x
    end
    y = x
    while p > 0
        t = trailing_zeros(p) + 1
        p >>= t
        while (t -= 1) >= 0
            x *= x
        end
        y *= x
    end
    return y
end

isone(x) = x == one(x)
iszero(x) = x == zero(x)
signbit(x::Integer) = x < 0
signbit(x::Float64) = x < 0 || (x == 0 && 1 / x < 0)
signbit(x::Float32) = signbit(Float64(x))
