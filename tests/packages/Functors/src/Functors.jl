# A package whose types are called like functions: the workload's calls of instances
# (`(p::Poly)(x)`) must reach the image as method instances and work after loading.
module Functors

using Printf

struct Poly
    coeffs::Vector{Float64}
end

# Horner's rule.
function (p::Poly)(x)
    y = 0.0
    for c in reverse(p.coeffs)
        y = y * x + c
    end
    return y
end

(p::Poly)(xs::Vector) = [p(x) for x in xs]

# Uses the Printf standard library, which images refer to like Base.
describe(p::Poly, x) = @sprintf("p(%.1f) = %.3f", x, p(x))

end

Base.precompilation(Functors) do
    p = Functors.Poly([1.0, 2.0, 3.0])
    println(p(2.0), " ", p([0.0, 1.0]))
    println(Functors.describe(p, 0.5))
end
