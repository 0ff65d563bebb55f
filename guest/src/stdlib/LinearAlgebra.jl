# The LinearAlgebra standard library, after Julia 1.11's stdlib/LinearAlgebra (adjtrans.jl,
# matmul.jl, generic.jl, dense.jl, lu.jl, diagonal.jl, uniformscaling.jl): the lazy
# `Adjoint`/`Transpose` wrappers, matrix products, `dot`, `cross`, `norm`, LU with partial
# pivoting and what is built on it (`det`, `inv`, `\`), `Diagonal`, `I`. Loaded at boot, as
# Julia's sysimage loads it, so `*`, `'` and `transpose` work without `using LinearAlgebra`.
# Where Julia calls BLAS or LAPACK for `Float64`, the loops here are the reference algorithms
# (the same operations in the same order for the small sizes Julia special-cases).
module LinearAlgebra

import Base: adjoint, transpose, *, /, \, +, -, ==, size, getindex, setindex!, length, copy,
    inv, show, summary, parent, collect, eltype, axes, similar, iterate, one, zero, oneunit,
    conj, real, imag, Matrix, Array, convert, isone, iszero

export Adjoint, Transpose, dot, ⋅, cross, ×, norm, normalize, normalize!, det, logdet, tr,
    diag, diagm, diagind, Diagonal, I, UniformScaling, kron, issymmetric, ishermitian,
    istriu, istril, isdiag, triu, tril, triu!, tril!, lu, LU, SingularException, mul!,
    checksquare, opnorm, rank, eigvals, adjoint!, transpose!, lmul!, rmul!, axpy!, ldiv!

struct SingularException <: Exception
    info::Int64
end

# ----- Adjoint and Transpose -----

"""
    Adjoint(A)

The lazy adjoint (conjugate transpose) of a vector or matrix: `A'`.
"""
struct Adjoint{T,S} <: AbstractMatrix{T}
    parent::S
    Adjoint{T,S}(x) where {T,S} = new(x)
end

"""
    Transpose(A)

The lazy transpose of a vector or matrix: `transpose(A)`.
"""
struct Transpose{T,S} <: AbstractMatrix{T}
    parent::S
    Transpose{T,S}(x) where {T,S} = new(x)
end

Adjoint(A) = Adjoint{eltype(A),typeof(A)}(A)
Transpose(A) = Transpose{eltype(A),typeof(A)}(A)

const AdjOrTrans = Union{Adjoint,Transpose}

adjoint(A::AbstractVecOrMat) = Adjoint(A)
transpose(A::AbstractVecOrMat) = Transpose(A)
adjoint(A::Adjoint) = A.parent
transpose(A::Transpose) = A.parent
adjoint(A::Transpose{T,S}) where {T<:Real,S} = A.parent
transpose(A::Adjoint{T,S}) where {T<:Real,S} = A.parent

# A character is its own adjoint and transpose (so a `Matrix{Char}` can be transposed).
adjoint(c::AbstractChar) = c
transpose(c::AbstractChar) = c

parent(A::AdjOrTrans) = A.parent

_wrapperop(::Adjoint) = adjoint
_wrapperop(::Transpose) = transpose

function size(A::AdjOrTrans)
    p = A.parent
    return ndims(p) == 1 ? (1, length(p)) : (size(p, 2), size(p, 1))
end
size(A::AdjOrTrans, d::Integer) = d <= 2 ? size(A)[d] : 1
length(A::AdjOrTrans) = length(A.parent)
axes(A::AdjOrTrans) = map(n -> Base.OneTo(n), size(A))

function getindex(A::AdjOrTrans, i::Integer, j::Integer)
    p = A.parent
    m, n = size(A)
    (1 <= i <= m && 1 <= j <= n) || throw(BoundsError(A, (i, j)))
    return _wrapperop(A)(ndims(p) == 1 ? p[j] : p[j, i])
end
function getindex(A::AdjOrTrans, k::Integer)
    m = size(A, 1)
    (1 <= k <= length(A)) || throw(BoundsError(A, (k,)))
    return A[rem(k - 1, m) + 1, div(k - 1, m) + 1]
end
getindex(A::AdjOrTrans, I::CartesianIndex) = A[Tuple(I)...]
getindex(A::AdjOrTrans, i, j) = collect(A)[i, j]
getindex(A::AdjOrTrans, i) = collect(A)[i]
# More specific than both the above and Base's `getindex(::AbstractArray, ::Colon)`.
getindex(A::AdjOrTrans, c::typeof(:)) = collect(A)[c]

function setindex!(A::AdjOrTrans, x, i::Integer, j::Integer)
    p = A.parent
    v = _wrapperop(A)(x)
    ndims(p) == 1 ? (p[j] = v) : (p[j, i] = v)
    return A
end
function setindex!(A::AdjOrTrans, x, k::Integer)
    m = size(A, 1)
    return setindex!(A, x, rem(k - 1, m) + 1, div(k - 1, m) + 1)
end

iterate(A::AdjOrTrans, k = 1) = k > length(A) ? nothing : (A[k], k + 1)

function collect(A::AdjOrTrans)
    m, n = size(A)
    B = Matrix{eltype(A)}(undef, m, n)
    for j in 1:n, i in 1:m
        B[i, j] = A[i, j]
    end
    return B
end
Matrix(A::AdjOrTrans) = collect(A)
Array(A::AdjOrTrans) = collect(A)
# The copy of a wrapped vector stays wrapped; of a wrapped matrix it is a `Matrix`.
copy(A::AdjOrTrans) = ndims(A.parent) == 1 ? _wrapperop(A)(copy(A.parent)) : collect(A)
similar(A::AdjOrTrans) = Matrix{eltype(A)}(undef, size(A)...)
similar(A::AdjOrTrans, T::Type) = Matrix{T}(undef, size(A)...)

show(io::IO, A::AdjOrTrans) = show(io, collect(A))

function _showarg(io::IO, A::AdjOrTrans, toplevel::Bool)
    print(io, A isa Adjoint ? "adjoint(" : "transpose(")
    Base._showarg(io, A.parent, false)
    print(io, ")")
    toplevel && print(io, " with eltype ", eltype(A))
    return nothing
end
Base._showarg(io::IO, A::AdjOrTrans, toplevel::Bool) = _showarg(io, A, toplevel)

function summary(io::IO, A::AdjOrTrans)
    m, n = size(A)
    print(io, m, "×", n, " ")
    _showarg(io, A, true)
end

# Elementwise arithmetic keeps a wrapped vector wrapped (Julia broadcasts over its parent).
_vecwrap(A) = A isa AdjOrTrans && ndims(A.parent) == 1
*(x::Number, A::AdjOrTrans) = _vecwrap(A) ? _wrapperop(A)(_wrapperop(A)(x) * A.parent) : x * collect(A)
*(A::AdjOrTrans, x::Number) = _vecwrap(A) ? _wrapperop(A)(A.parent * _wrapperop(A)(x)) : collect(A) * x
/(A::AdjOrTrans, x::Number) = _vecwrap(A) ? _wrapperop(A)(A.parent / _wrapperop(A)(x)) : collect(A) / x
-(A::AdjOrTrans) = _vecwrap(A) ? _wrapperop(A)(-A.parent) : -collect(A)
function +(A::AdjOrTrans, B::AdjOrTrans)
    typeof(A).name === typeof(B).name && _vecwrap(A) && _vecwrap(B) &&
        return _wrapperop(A)(A.parent + B.parent)
    return collect(A) + collect(B)
end
function -(A::AdjOrTrans, B::AdjOrTrans)
    typeof(A).name === typeof(B).name && _vecwrap(A) && _vecwrap(B) &&
        return _wrapperop(A)(A.parent - B.parent)
    return collect(A) - collect(B)
end

# Broadcasting over adjoint (transposed) vectors and numbers gives an adjoint (transposed)
# vector, as Julia's `broadcast(f, avs::Union{Number,AdjointAbsVec}...)`: the broadcast of
# `(xs...) -> op(f(op.(xs)...))` over the parents, wrapped.
function _bc_wrapkind(x)
    x isa Number && return :scalar
    x isa Base.Broadcasted && return _bc_wrapkind_all(x.args)
    x isa Adjoint && ndims(x.parent) == 1 && return :adjoint
    x isa Transpose && ndims(x.parent) == 1 && return :transpose
    return :none
end
function _bc_wrapkind_all(args)
    kind = :scalar
    for a in args
        k = _bc_wrapkind(a)
        k === :none && return :none
        k === :scalar && continue
        kind !== :scalar && kind !== k && return :none
        kind = k
    end
    return kind
end
_bc_unwrap(x, op) = x isa Base.Broadcasted ?
    Base.Broadcasted((xs...) -> op(x.f(map(op, xs)...)), map(a -> _bc_unwrap(a, op), x.args)) :
    x isa AdjOrTrans ? x.parent : x
function Base._materialize_wrapped(bc::Base.Broadcasted)
    kind = _bc_wrapkind(bc)
    kind === :adjoint || kind === :transpose || return nothing
    op = kind === :adjoint ? adjoint : transpose
    return op(Base.materialize(_bc_unwrap(bc, op)))
end

# `hcat` of adjoint (transposed) vectors and numbers is an adjoint (transposed) vector.
function Base._hcat_wrapped(xs::Tuple)
    kind = _bc_wrapkind_all(xs)
    kind === :adjoint || kind === :transpose || return nothing
    op = kind === :adjoint ? adjoint : transpose
    return op(vcat(map(op, xs)...))
end

# Arithmetic of any other matrix written in Julia (`Diagonal`, a user's): on its elements.
+(A::AbstractArray, B::AbstractArray) = Base._elementwise(+, A, B)
-(A::AbstractArray, B::AbstractArray) = Base._elementwise(-, A, B)
-(A::AbstractArray) = Base._scale((a, _) -> -a, A, nothing)
*(A::AbstractArray, x::Number) = Base._scale(*, A, x)
*(x::Number, A::AbstractArray) = Base._scale((a, y) -> y * a, A, x)
/(A::AbstractArray, x::Number) = Base._scale(/, A, x)

# ----- products -----

# The element type of a product of matrices with elements of types `S` and `T` (Julia's
# `promote_op(matprod, S, T)`: `x*y + x*y`), or `nothing` when the types do not say.
function _matprod_type(S, T)
    (S <: Number && T <: Number) || return nothing
    x, y = try
        (zero(S), zero(T))
    catch
        return nothing
    end
    # An abstract element type (`Real`) does not say what the products are.
    (typeof(x) === S && typeof(y) === T) || return nothing
    return typeof(x * y + x * y)
end

_dims_str(A::AbstractVector) = string("(", length(A), ",)")
_dims_str(A) = string(size(A))
_axes_str(A, d) = string("Base.OneTo(", size(A, d), ")")

function _check_matmul(A, B)
    m, k = size(A, 1), size(A, 2)
    k2, n = size(B, 1), size(B, 2)
    k == k2 && return nothing
    if eltype(A) === eltype(B) && eltype(A) <: Union{Float64,Float32,ComplexF64}
        throw(DimensionMismatch("A has dimensions ($m,$k) but B has dimensions ($k2,$n)"))
    end
    throw(DimensionMismatch(string("matrix A has axes (", _axes_str(A, 1), ",", _axes_str(A, 2),
                                   "), matrix B has axes (", _axes_str(B, 1), ",",
                                   _axes_str(B, 2), ")")))
end

# `C[i, j] = sum(A[i, l] * B[l, j] for l in 1:k)`, summed in order from the first product
# (Julia's `matmul2x2!`/`matmul3x3!` for the small sizes).
function _matmul(A::AbstractMatrix, B::AbstractMatrix)
    _check_matmul(A, B)
    m, k = size(A)
    n = size(B, 2)
    TS = _matprod_type(eltype(A), eltype(B))
    out = TS === nothing ? Any[] : Vector{TS}(undef, m * n)
    for j in 1:n, i in 1:m
        if k == 0
            s = zero(TS === nothing ? promote_type(eltype(A), eltype(B)) : TS)
        else
            s = A[i, 1] * B[1, j]
            for l in 2:k
                s += A[i, l] * B[l, j]
            end
        end
        TS === nothing ? push!(out, s) : (out[(j - 1) * m + i] = s)
    end
    TS === nothing && return Base._array_of(promote_type(eltype(A), eltype(B)), out, (m, n))
    return reshape(out, m, n)
end

*(A::AbstractMatrix, B::AbstractMatrix) = _matmul(A, B)

function *(A::AbstractMatrix, x::AbstractVector)
    m, k = size(A)
    if k != length(x)
        if eltype(A) === eltype(x) && eltype(A) <: Union{Float64,Float32,ComplexF64}
            throw(DimensionMismatch("second dimension of A, $k, does not match length of x, $(length(x))"))
        end
        throw(DimensionMismatch("matrix A has dimensions ($m,$k), vector B has length $(length(x))"))
    end
    TS = _matprod_type(eltype(A), eltype(x))
    out = TS === nothing ? Any[] : Vector{TS}(undef, m)
    for i in 1:m
        if k == 0
            s = zero(TS === nothing ? promote_type(eltype(A), eltype(x)) : TS)
        else
            s = A[i, 1] * x[1]
            for l in 2:k
                s += A[i, l] * x[l]
            end
        end
        TS === nothing ? push!(out, s) : (out[i] = s)
    end
    TS === nothing && return Base._array_of(promote_type(eltype(A), eltype(x)), out, (m,))
    return out
end

# A vector times a matrix: the vector is an n×1 matrix.
*(a::AbstractVector, B::AbstractMatrix) = reshape(collect(a), length(a), 1) * B

# A row vector times a column vector is a scalar; times a matrix, a row vector.
function *(u::Adjoint{T,S}, v::AbstractVector) where {T,S<:AbstractVector}
    return dot(u.parent, v)
end
function *(u::Transpose{T,S}, v::AbstractVector) where {T,S<:AbstractVector}
    length(u.parent) == length(v) || throw(DimensionMismatch(
        "first array has length $(length(u.parent)) which does not match the length of the second, $(length(v))."))
    return _dot_nonrecursive(u.parent, v)
end
*(u::Adjoint{T,S}, A::AbstractMatrix) where {T,S<:AbstractVector} = adjoint(adjoint(A) * u.parent)
*(u::Transpose{T,S}, A::AbstractMatrix) where {T,S<:AbstractVector} = transpose(transpose(A) * u.parent)
*(u::Adjoint{T,S}, A::Adjoint) where {T,S<:AbstractVector} = adjoint(adjoint(A) * u.parent)
*(u::Transpose{T,S}, A::Transpose) where {T,S<:AbstractVector} = transpose(transpose(A) * u.parent)

function _dot_nonrecursive(x, y)
    isempty(x) && return zero(eltype(x)) * zero(eltype(y))
    s = x[1] * y[1]
    for i in 2:length(x)
        s += x[i] * y[i]
    end
    return s
end

# `A^p` of a square matrix: repeated squaring (Julia's `power_by_squaring`), of `inv(A)` for a
# negative `p`.
function Base.:^(A::AbstractMatrix, p::Integer)
    checksquare(A)
    p < 0 && return _power_by_squaring(inv(A), -p)
    return _power_by_squaring(A, p)
end

function _power_by_squaring(x, p::Integer)
    if p == 1
        return copy(x)
    elseif p == 0
        n = size(x, 1)
        return Matrix{eltype(x)}(I, n, n)
    elseif p == 2
        return x * x
    end
    t = trailing_zeros(p) + 1
    p >>= t
    while (t -= 1) > 0
        x = x * x
    end
    y = x
    while p > 0
        t = trailing_zeros(p) + 1
        p >>= t
        while (t -= 1) >= 0
            x = x * x
        end
        y = y * x
    end
    return y
end

"""
    mul!(Y, A, B) -> Y

The product `A * B` written into `Y`.
"""
function mul!(C::AbstractArray, A, B)
    P = A * B
    size(C) == size(P) || throw(DimensionMismatch("result C has dimensions $(size(C)), needs $(size(P))"))
    for i in 1:length(P)
        C[i] = P[i]
    end
    return C
end

# ----- dot, cross, norms -----

"""
    dot(x, y)
    x ⋅ y

The dot product: `sum(dot(x[i], y[i]))`, with `dot(a, b) = conj(a) * b` for numbers.
"""
dot(x::Number, y::Number) = conj(x) * y
function dot(x::AbstractArray, y::AbstractArray)
    lx = length(x)
    if lx != length(y)
        if x isa Vector{Float64} && y isa Vector{Float64}
            throw(DimensionMismatch("dot product arguments have lengths $lx and $(length(y))"))
        end
        throw(DimensionMismatch("first array has length $lx which does not match the length of the second, $(length(y))."))
    end
    lx == 0 && return dot(zero(eltype(x)), zero(eltype(y)))
    s = dot(x[1], y[1])
    for i in 2:lx
        s += dot(x[i], y[i])
    end
    return s
end
function dot(x, y)
    a = collect(x)
    b = collect(y)
    return dot(a, b)
end
const ⋅ = dot

"""
    cross(x, y)
    ×(x, y)

The cross product of two 3-vectors.
"""
function cross(a::AbstractVector, b::AbstractVector)
    if !(length(a) == length(b) == 3)
        throw(DimensionMismatch("cross product is only defined for vectors of length 3"))
    end
    a1, a2, a3 = a[1], a[2], a[3]
    b1, b2, b3 = b[1], b[2], b[3]
    return [a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1]
end
const × = cross

norm(x::Number, p::Real = 2) = p == 0 ? (iszero(x) ? zero(abs(float(x))) : oneunit(abs(float(x)))) : abs(float(x))

_normInf(x) = maximum(v -> norm(v), x)
_normMinusInf(x) = minimum(v -> norm(v), x)

function _norm2(x)
    maxabs = _normInf(x)
    (iszero(maxabs) || isinf(maxabs)) && return maxabs
    T = typeof(maxabs)
    if isfinite(length(x) * maxabs * maxabs) && !iszero(maxabs * maxabs)
        s = float(abs2(norm(x[1])))
        for i in 2:length(x)
            s += abs2(norm(x[i]))
        end
        return convert(T, sqrt(s))
    end
    s = 0.0
    for i in 1:length(x)
        s += abs2(norm(x[i]) / maxabs)
    end
    return convert(T, maxabs * sqrt(s))
end

function _norm1(x)
    av = float(norm(x[1]))
    T = typeof(av)
    s = av
    for i in 2:length(x)
        s += norm(x[i])
    end
    return convert(T, s)
end

function _normp(x, p)
    v = x[1]
    if p > 1 || p < -1
        maxabs = p > 1 ? _normInf(x) : _normMinusInf(x)
        (iszero(maxabs) || isinf(maxabs)) && return maxabs
        T = typeof(maxabs)
    else
        T = typeof(float(norm(v)))
    end
    spp = convert(Float64, p)
    if -1 <= p <= 1 || (isfinite(length(x) * maxabs^spp) && !iszero(maxabs^spp))
        s = float(norm(v))^spp
        for i in 2:length(x)
            s += norm(x[i])^spp
        end
        return convert(T, s^inv(spp))
    end
    s = (norm(v) / maxabs)^spp
    for i in 2:length(x)
        s += (norm(x[i]) / maxabs)^spp
    end
    return convert(T, maxabs * s^inv(spp))
end

"""
    norm(A, p::Real=2)

The `p`-norm of the elements of `A` (for a matrix, of all its elements: Frobenius for `p = 2`).
"""
function norm(itr, p::Real = 2)
    x = itr isa AbstractArray ? itr : collect(itr)
    isempty(x) && return float(norm(zero(eltype(x))))
    if p == 2
        return _norm2(x)
    elseif p == 1
        return _norm1(x)
    elseif p == Inf
        return float(_normInf(x))
    elseif p == 0
        return typeof(float(norm(x[1])))(count(!iszero, x))
    elseif p == -Inf
        return float(_normMinusInf(x))
    end
    return _normp(x, p)
end

"""
    opnorm(A::AbstractMatrix, p::Real=2)

The operator norm for `p = 1` (largest column sum) and `p = Inf` (largest row sum).
"""
function opnorm(A::AbstractMatrix, p::Real = 2)
    m, n = size(A)
    if p == 1
        return maximum(j -> sum(i -> float(norm(A[i, j])), 1:m), 1:n)
    elseif p == Inf
        return maximum(i -> sum(j -> float(norm(A[i, j])), 1:n), 1:m)
    end
    throw(ArgumentError("opnorm with p = $p needs a singular value decomposition, which is not supported"))
end

"""
    normalize(a, p::Real=2)

`a` divided by its `p`-norm (multiplied by the norm's inverse, as Julia's `rmul!`).
"""
function normalize(a::AbstractArray, p::Real = 2)
    nrm = norm(a, p)
    T = typeof(first(a) / nrm)
    b = similar(a, T)
    for i in 1:length(a)
        b[i] = a[i]
    end
    return _normalize!(b, nrm)
end
normalize(x::Number) = iszero(x) ? x / abs(x) : sign(x)
normalize!(a::AbstractArray, p::Real = 2) = _normalize!(a, norm(a, p))

_floatmax(::Float64) = 1.7976931348623157e308
_floatmax(::Float32) = 3.4028235f38

function _normalize!(a, nrm)
    # The largest float whose inverse is finite: `inv(prevfloat(typemax(nrm)))`.
    δ = inv(_floatmax(nrm))
    if nrm >= δ
        invnrm = inv(nrm)
        for i in 1:length(a)
            a[i] *= invnrm
        end
    else
        εδ = eps(one(nrm)) / δ
        for i in 1:length(a)
            a[i] *= εδ
        end
        s = inv(nrm * εδ)
        for i in 1:length(a)
            a[i] *= s
        end
    end
    return a
end

rmul!(A::AbstractArray, x::Number) = (for i in 1:length(A); A[i] *= x; end; A)
lmul!(x::Number, A::AbstractArray) = (for i in 1:length(A); A[i] = x * A[i]; end; A)
function axpy!(α, x::AbstractArray, y::AbstractArray)
    length(x) == length(y) || throw(DimensionMismatch("x has length $(length(x)), but y has length $(length(y))"))
    for i in 1:length(x)
        y[i] += x[i] * α
    end
    return y
end

# ----- structure -----

"""
    checksquare(A)

The size of a square matrix, or a `DimensionMismatch`.
"""
function checksquare(A)
    m, n = size(A, 1), size(A, 2)
    m == n || throw(DimensionMismatch("matrix is not square: dimensions are $(size(A))"))
    return m
end

"""
    tr(A)

The trace: the sum of the diagonal.
"""
function tr(A::AbstractMatrix)
    n = checksquare(A)
    n == 0 && return zero(eltype(A))
    t = A[1, 1]
    for i in 2:n
        t += A[i, i]
    end
    return t
end
tr(x::Number) = x

"""
    diag(A, k::Integer=0)

The `k`-th diagonal of `A`, as a vector.
"""
function diag(A::AbstractMatrix, k::Integer = 0)
    m, n = size(A)
    if !(-m <= k <= n)
        throw(ArgumentError(string("requested diagonal, $k, must be at least $(-m) ",
                                   "and at most $n in an $m-by-$n matrix")))
    end
    len = k >= 0 ? max(0, min(m, n - k)) : max(0, min(m + k, n))
    out = Vector{eltype(A)}(undef, len)
    for i in 1:len
        out[i] = k >= 0 ? A[i, i + k] : A[i - k, i]
    end
    return out
end

"""
    diagind(A, k::Integer=0)

The linear indices of the `k`-th diagonal of `A`.
"""
function diagind(A::AbstractMatrix, k::Integer = 0)
    m, n = size(A)
    if !(-m <= k <= n)
        throw(ArgumentError(string("requested diagonal, $k, must be at least $(-m) ",
                                   "and at most $n in an $m-by-$n matrix")))
    end
    return k <= 0 ? range(1 - k, step = m + 1, length = min(m + k, n)) :
           range(k * m + 1, step = m + 1, length = min(m, n - k))
end

"""
    diagm(kv::Pair{<:Integer,<:AbstractVector}...)
    diagm(v::AbstractVector)

A square matrix with the vectors on the given diagonals (zeros elsewhere).
"""
function diagm(kv::Pair...)
    n = 0
    for p in kv
        n = max(n, length(p.second) + abs(p.first))
    end
    return diagm(n, n, kv...)
end
function diagm(m::Integer, n::Integer, kv::Pair...)
    T = promote_type(map(p -> eltype(p.second), kv)...)
    A = zeros(T, m, n)
    for p in kv
        k, v = p.first, p.second
        len = k >= 0 ? max(0, min(m, n - k)) : max(0, min(m + k, n))
        length(v) > len && throw(DimensionMismatch("diagonal $k has $(length(v)) elements, but the matrix fits $len"))
        for i in 1:length(v)
            k >= 0 ? (A[i, i + k] += v[i]) : (A[i - k, i] += v[i])
        end
    end
    return A
end
diagm(v::AbstractVector) = diagm(0 => v)
diagm(m::Integer, n::Integer, v::AbstractVector) = diagm(m, n, 0 => v)

"""
    istriu(A, k::Integer=0)

Whether `A` is zero below its `k`-th superdiagonal.
"""
function istriu(A::AbstractMatrix, k::Integer = 0)
    m, n = size(A)
    for j in 1:n, i in max(1, j - k + 1):m
        iszero(A[i, j]) || return false
    end
    return true
end

"""
    istril(A, k::Integer=0)

Whether `A` is zero above its `k`-th superdiagonal.
"""
function istril(A::AbstractMatrix, k::Integer = 0)
    m, n = size(A)
    for j in 1:n, i in 1:min(j - k - 1, m)
        iszero(A[i, j]) || return false
    end
    return true
end
istriu(x::Number) = true
istril(x::Number) = true

isdiag(A::AbstractMatrix) = istriu(A) && istril(A)
isdiag(x::Number) = true

function issymmetric(A::AbstractMatrix)
    m, n = size(A)
    m == n || return false
    for j in 1:n, i in j:n
        A[i, j] == transpose(A[j, i]) || return false
    end
    return true
end
issymmetric(x::Number) = x == x

function ishermitian(A::AbstractMatrix)
    m, n = size(A)
    m == n || return false
    for j in 1:n, i in j:n
        A[i, j] == adjoint(A[j, i]) || return false
    end
    return true
end
ishermitian(x::Number) = x == conj(x)

"""
    triu(A, k::Integer=0)

A copy of `A` with the elements below its `k`-th superdiagonal zero.
"""
triu(A::AbstractMatrix, k::Integer = 0) = triu!(copy(A), k)
tril(A::AbstractMatrix, k::Integer = 0) = tril!(copy(A), k)
function triu!(A::AbstractMatrix, k::Integer = 0)
    m, n = size(A)
    for j in 1:n, i in max(1, j - k + 1):m
        A[i, j] = zero(A[i, j])
    end
    return A
end
function tril!(A::AbstractMatrix, k::Integer = 0)
    m, n = size(A)
    for j in 1:n, i in 1:min(j - k - 1, m)
        A[i, j] = zero(A[i, j])
    end
    return A
end

copy(A::AbstractMatrix) = collect(A)

"""
    kron(A, B)

The Kronecker product of two vectors or two matrices.
"""
function kron(a::AbstractVector, b::AbstractVector)
    m, n = length(a), length(b)
    T = _matprod_type(eltype(a), eltype(b))
    out = Vector{T === nothing ? promote_type(eltype(a), eltype(b)) : typeof(zero(eltype(a)) * zero(eltype(b)))}(undef, m * n)
    for i in 1:m, k in 1:n
        out[(i - 1) * n + k] = a[i] * b[k]
    end
    return out
end
function kron(A::AbstractVecOrMat, B::AbstractVecOrMat)
    m, n = size(A, 1), size(A, 2)
    p, q = size(B, 1), size(B, 2)
    R = Matrix{typeof(zero(eltype(A)) * zero(eltype(B)))}(undef, m * p, n * q)
    for j in 1:n, i in 1:m, l in 1:q, k in 1:p
        R[(i - 1) * p + k, (j - 1) * q + l] = A[i, j] * B[k, l]
    end
    return R
end
kron(a::Number, b::Number) = a * b
kron(a::Number, B::AbstractArray) = a * B
kron(A::AbstractArray, b::Number) = A * b

# ----- LU with partial pivoting -----

"""
    LU

The LU factorization of a matrix with row pivoting: `F.L * F.U == A[F.p, :]`.
"""
struct LU{T,S,P}
    factors::S
    ipiv::P
    info::Int64
    # Julia computes these on `getproperty`; kiln has no `getproperty` overloading, so they
    # are made with the factorization.
    L::S
    U::S
    p::P
    P::S
end

_lutype(T) = typeof(zero(T) / one(T))

"""
    lu(A; check = true) -> LU

The LU factorization of `A` with partial (row maximum) pivoting, Julia's `generic_lufact!`;
`check` makes a singular matrix a `SingularException`.
"""
function lu(A::AbstractMatrix; check::Bool = true)
    T = _lutype(eltype(A))
    F = Matrix{T}(undef, size(A)...)
    for j in 1:size(A, 2), i in 1:size(A, 1)
        F[i, j] = A[i, j]
    end
    return _lufact!(F, check)
end

function _lufact!(A::AbstractMatrix{T}, check::Bool) where {T}
    m, n = size(A)
    minmn = min(m, n)
    info = 0
    ipiv = Vector{Int64}(undef, minmn)
    for k in 1:minmn
        kp = k
        if k < m
            amax = abs(A[k, k])
            for i in k+1:m
                absi = abs(A[i, k])
                if absi > amax
                    kp = i
                    amax = absi
                end
            end
        end
        ipiv[k] = kp
        if !iszero(A[kp, k])
            if k != kp
                for i in 1:n
                    tmp = A[k, i]
                    A[k, i] = A[kp, i]
                    A[kp, i] = tmp
                end
            end
            Akkinv = inv(A[k, k])
            for i in k+1:m
                A[i, k] *= Akkinv
            end
        elseif info == 0
            info = k
        end
        for j in k+1:n
            for i in k+1:m
                A[i, j] -= A[i, k] * A[k, j]
            end
        end
    end
    check && info > 0 && throw(SingularException(info))
    L, U, p, P = _lu_parts(A, ipiv, T)
    return LU{T,typeof(A),typeof(ipiv)}(A, ipiv, info, L, U, p, P)
end

issuccess(F::LU) = F.info == 0
size(F::LU) = size(getfield(F, :factors))
size(F::LU, d::Integer) = size(getfield(F, :factors), d)

# The permutation `p` with `A[p, :] == L * U`.
function _ipiv2perm(ipiv, m)
    p = collect(1:m)
    for i in 1:length(ipiv)
        j = ipiv[i]
        p[i], p[j] = p[j], p[i]
    end
    return p
end

function _lu_parts(A, ipiv, T)
    m, n = size(A)
    k = min(m, n)
    L = zeros(T, m, k)
    for j in 1:k, i in 1:m
        L[i, j] = i == j ? one(T) : i > j ? A[i, j] : zero(T)
    end
    U = zeros(T, k, n)
    for j in 1:n, i in 1:min(j, k)
        U[i, j] = A[i, j]
    end
    p = _ipiv2perm(ipiv, m)
    P = zeros(T, m, m)
    for i in 1:m
        P[i, p[i]] = one(T)
    end
    return L, U, p, P
end

function show(io::IO, ::MIME"text/plain", F::LU)
    if issuccess(F)
        println(io, typeof(F))
        println(io, "L factor:")
        show(io, MIME"text/plain"(), F.L)
        println(io)
        println(io, "U factor:")
        show(io, MIME"text/plain"(), F.U)
    else
        print(io, "Failed factorization of type ", typeof(F))
    end
end

function det(F::LU{T}) where {T}
    n = checksquare(getfield(F, :factors))
    issuccess(F) || return zero(T)
    A = getfield(F, :factors)
    ipiv = getfield(F, :ipiv)
    P = one(T)
    c = 0
    for i in 1:n
        P *= A[i, i]
        if ipiv[i] != i
            c += 1
        end
    end
    s = isodd(c) ? -one(T) : one(T)
    return P * s
end

# Solves `A x = b` in place with the factors: the row interchanges, then forward substitution
# with the unit lower triangle and back substitution with the upper one (LAPACK's `getrs`).
function _lu_solve!(F::LU, B::AbstractVecOrMat)
    A = getfield(F, :factors)
    ipiv = getfield(F, :ipiv)
    n = size(A, 1)
    nrhs = size(B, 2)
    for i in 1:length(ipiv)
        p = ipiv[i]
        if p != i
            for c in 1:nrhs
                B[i, c], B[p, c] = B[p, c], B[i, c]
            end
        end
    end
    for c in 1:nrhs
        for j in 1:n
            bj = B[j, c]
            if !iszero(bj)
                for i in j+1:n
                    B[i, c] -= bj * A[i, j]
                end
            end
        end
        for j in n:-1:1
            if !iszero(B[j, c])
                B[j, c] /= A[j, j]
                bj = B[j, c]
                for i in 1:j-1
                    B[i, c] -= bj * A[i, j]
                end
            end
        end
    end
    return B
end

function _solvecopy(T, B::AbstractVecOrMat)
    X = ndims(B) == 1 ? Vector{T}(undef, length(B)) : Matrix{T}(undef, size(B)...)
    for i in 1:length(B)
        X[i] = B[i]
    end
    return X
end

function \(F::LU{T}, B::AbstractVecOrMat) where {T}
    issuccess(F) || throw(SingularException(getfield(F, :info)))
    n = size(getfield(F, :factors), 1)
    size(B, 1) == n || throw(DimensionMismatch("matrix has $n rows but right hand side has $(size(B, 1)) rows"))
    return _lu_solve!(F, _solvecopy(promote_type(T, _lutype(eltype(B))), B))
end

# Triangular solves (Julia's `naivesub!`): a zero on the diagonal is `SingularException(j)`.
function _upper_solve(A::AbstractMatrix, B::AbstractVecOrMat)
    n = checksquare(A)
    size(B, 1) == n || throw(DimensionMismatch("second dimension of left hand side A, $n, and first dimension of right hand side B, $(size(B, 1)), must be equal"))
    X = _solvecopy(promote_type(_lutype(eltype(A)), _lutype(eltype(B))), B)
    for c in 1:size(X, 2)
        for j in n:-1:1
            iszero(A[j, j]) && throw(SingularException(j))
            xj = X[j, c] = A[j, j] \ X[j, c]
            for i in j-1:-1:1
                X[i, c] -= A[i, j] * xj
            end
        end
    end
    return X
end
function _lower_solve(A::AbstractMatrix, B::AbstractVecOrMat)
    n = checksquare(A)
    size(B, 1) == n || throw(DimensionMismatch("second dimension of left hand side A, $n, and first dimension of right hand side B, $(size(B, 1)), must be equal"))
    X = _solvecopy(promote_type(_lutype(eltype(A)), _lutype(eltype(B))), B)
    for c in 1:size(X, 2)
        for j in 1:n
            iszero(A[j, j]) && throw(SingularException(j))
            xj = X[j, c] = A[j, j] \ X[j, c]
            for i in j+1:n
                X[i, c] -= A[i, j] * xj
            end
        end
    end
    return X
end

"""
    A \\ B

The solution `X` of `A * X = B`: triangular solves for a triangular `A`, LU with partial
pivoting for any other square one.
"""
function \(A::AbstractMatrix, B::AbstractVecOrMat)
    m, n = size(A)
    if m == n
        if istril(A)
            if istriu(A)
                return Diagonal(diag(A)) \ B
            end
            return _lower_solve(A, B)
        end
        istriu(A) && return _upper_solve(A, B)
        return lu(A) \ B
    end
    throw(ArgumentError("least squares solutions of non-square systems (QR) are not supported"))
end
\(x::Number, B::AbstractArray) = B / x
/(A::AbstractVecOrMat, B::AbstractMatrix) = copy(transpose(transpose(B) \ transpose(A)))

"""
    det(A)

The determinant: the product of the diagonal of a triangular matrix, from an LU
factorization otherwise.
"""
function det(A::AbstractMatrix{T}) where {T}
    checksquare(A)
    if istriu(A) || istril(A)
        S = typeof((one(T) * zero(T) + zero(T)) / one(T))
        n = size(A, 1)
        n == 0 && return one(S)
        d = A[1, 1]
        for i in 2:n
            d *= A[i, i]
        end
        return convert(S, d)
    end
    return det(lu(A; check = false))
end
det(x::Number) = x

logdet(A::AbstractMatrix) = log(det(A))

"""
    inv(A::AbstractMatrix)

The inverse of a square matrix, computed from its LU factorization as LAPACK's `getri` does
(the inverse of `U`, then the system `inv(A) * L = inv(U)`, then the column interchanges).
"""
function inv(A::AbstractMatrix{T}) where {T}
    n = checksquare(A)
    F = lu(A)
    X = copy(getfield(F, :factors))
    ipiv = getfield(F, :ipiv)
    # inv(U), in place (`trti2`).
    for j in 1:n
        X[j, j] = inv(X[j, j])
        ajj = -X[j, j]
        # x = U⁻¹[1:j-1, 1:j-1] * X[1:j-1, j] (`trmv`), then scaled by ajj.
        for jj in 1:j-1
            if !iszero(X[jj, j])
                temp = X[jj, j]
                for i in 1:jj-1
                    X[i, j] += temp * X[i, jj]
                end
                X[jj, j] *= X[jj, jj]
            end
        end
        for i in 1:j-1
            X[i, j] *= ajj
        end
    end
    # inv(A) * L = inv(U), column by column from the last.
    work = Vector{eltype(X)}(undef, n)
    for j in n:-1:1
        for i in j+1:n
            work[i] = X[i, j]
            X[i, j] = zero(eltype(X))
        end
        if j < n
            for jj in j+1:n
                w = work[jj]
                for i in 1:n
                    X[i, j] -= X[i, jj] * w
                end
            end
        end
    end
    for j in n-1:-1:1
        jp = ipiv[j]
        if jp != j
            for i in 1:n
                X[i, j], X[i, jp] = X[i, jp], X[i, j]
            end
        end
    end
    return X
end

"""
    rank(A)

Not supported: Julia computes it from a singular value decomposition.
"""
rank(A::AbstractMatrix; kws...) =
    throw(ArgumentError("rank needs a singular value decomposition, which is not supported"))

"""
    eigvals(A)

The eigenvalues of a real symmetric 2×2 matrix or of a diagonal matrix; other matrices need
LAPACK's eigensolvers, which are not supported.
"""
function eigvals(A::AbstractMatrix)
    checksquare(A)
    if isdiag(A)
        return sort(float.(diag(A)))
    end
    throw(ArgumentError("eigvals of a non-diagonal matrix is not supported"))
end

# ----- Diagonal -----

"""
    Diagonal(v::AbstractVector)

A square matrix with `v` on its diagonal and zeros elsewhere, stored as `v`.
"""
struct Diagonal{T,V} <: AbstractMatrix{T}
    diag::V
    Diagonal{T,V}(x) where {T,V} = new(x)
end
Diagonal(v::AbstractVector) = Diagonal{eltype(v),typeof(v)}(v)
Diagonal(A::AbstractMatrix) = Diagonal(diag(A))
Diagonal{T}(v::AbstractVector) where {T} = Diagonal(convert(Vector{T}, collect(v)))

size(D::Diagonal) = (length(D.diag), length(D.diag))
size(D::Diagonal, d::Integer) = d <= 2 ? length(D.diag) : 1
length(D::Diagonal) = length(D.diag)^2
axes(D::Diagonal) = map(n -> Base.OneTo(n), size(D))
diag(D::Diagonal) = copy(D.diag)
parent(D::Diagonal) = D.diag

function getindex(D::Diagonal, i::Integer, j::Integer)
    n = length(D.diag)
    (1 <= i <= n && 1 <= j <= n) || throw(BoundsError(D, (i, j)))
    return i == j ? D.diag[i] : zero(eltype(D))
end
function getindex(D::Diagonal, k::Integer)
    n = length(D.diag)
    (1 <= k <= n * n) || throw(BoundsError(D, (k,)))
    return D[rem(k - 1, n) + 1, div(k - 1, n) + 1]
end
getindex(D::Diagonal, I::CartesianIndex) = D[Tuple(I)...]
function setindex!(D::Diagonal, x, i::Integer, j::Integer)
    if i == j
        D.diag[i] = x
    elseif !iszero(x)
        throw(ArgumentError("cannot set off-diagonal entry ($i, $j) to a nonzero value ($x)"))
    end
    return D
end
iterate(D::Diagonal, k = 1) = k > length(D) ? nothing : (D[k], k + 1)

function collect(D::Diagonal)
    n = length(D.diag)
    A = zeros(eltype(D), n, n)
    for i in 1:n
        A[i, i] = D.diag[i]
    end
    return A
end
Matrix(D::Diagonal) = collect(D)
Array(D::Diagonal) = collect(D)
copy(D::Diagonal) = Diagonal(copy(D.diag))
similar(D::Diagonal) = Matrix{eltype(D)}(undef, size(D)...)
similar(D::Diagonal, T::Type) = Matrix{T}(undef, size(D)...)

==(D::Diagonal, E::Diagonal) = D.diag == E.diag
+(D::Diagonal, E::Diagonal) = Diagonal(D.diag + E.diag)
-(D::Diagonal, E::Diagonal) = Diagonal(D.diag - E.diag)
-(D::Diagonal) = Diagonal(-D.diag)
*(x::Number, D::Diagonal) = Diagonal(x * D.diag)
*(D::Diagonal, x::Number) = Diagonal(D.diag * x)
/(D::Diagonal, x::Number) = Diagonal(D.diag / x)
*(D::Diagonal, E::Diagonal) = Diagonal(_diag_mul(D.diag, E.diag))
_diag_mul(a, b) = (length(a) == length(b) || throw(DimensionMismatch("a has size ($(length(a)),), b has size ($(length(b)),), mismatch at dim 1")); [a[i] * b[i] for i in 1:length(a)])
function *(D::Diagonal, v::AbstractVector)
    length(D.diag) == length(v) || throw(DimensionMismatch("second dimension of D, $(length(D.diag)), does not match length of V, $(length(v))"))
    return [D.diag[i] * v[i] for i in 1:length(v)]
end
function *(D::Diagonal, A::AbstractMatrix)
    n = length(D.diag)
    size(A, 1) == n || throw(DimensionMismatch("second dimension of D, $n, does not match the first of B, $(size(A, 1))"))
    return [D.diag[i] * A[i, j] for i in 1:n, j in 1:size(A, 2)]
end
function *(A::AbstractMatrix, D::Diagonal)
    n = length(D.diag)
    size(A, 2) == n || throw(DimensionMismatch("second dimension of A, $(size(A, 2)), does not match the first of D, $n"))
    return [A[i, j] * D.diag[j] for i in 1:size(A, 1), j in 1:n]
end
function \(D::Diagonal, B::AbstractVecOrMat)
    n = length(D.diag)
    size(B, 1) == n || throw(DimensionMismatch("diagonal matrix is $n by $n but right hand side has $(size(B, 1)) rows"))
    for i in 1:n
        iszero(D.diag[i]) && throw(SingularException(i))
    end
    X = _solvecopy(typeof(zero(eltype(B)) / one(eltype(D))), B)
    for c in 1:size(X, 2), i in 1:n
        X[i, c] = D.diag[i] \ X[i, c]
    end
    return X
end
function inv(D::Diagonal)
    for i in 1:length(D.diag)
        iszero(D.diag[i]) && throw(SingularException(i))
    end
    return Diagonal(map(inv, D.diag))
end
det(D::Diagonal) = prod(D.diag)
tr(D::Diagonal) = sum(D.diag)
adjoint(D::Diagonal) = Diagonal(map(adjoint, D.diag))
transpose(D::Diagonal) = Diagonal(map(transpose, D.diag))
issymmetric(D::Diagonal) = true
isdiag(D::Diagonal) = true
istriu(D::Diagonal, k::Integer = 0) = k <= 0 || all(iszero, D.diag)
istril(D::Diagonal, k::Integer = 0) = k >= 0 || all(iszero, D.diag)

show(io::IO, D::Diagonal) = (print(io, "Diagonal("); show(io, D.diag); print(io, ")"))

function summary(io::IO, D::Diagonal)
    n = length(D.diag)
    print(io, n, "×", n, " ", typeof(D))
end

# Julia's display of a structured matrix: the structural zeros shown as a centered `⋅` in the
# width the zero would take (`replace_with_centered_mark`).
function show(io::IO, ::MIME"text/plain", D::Diagonal)
    summary(io, D)
    n = length(D.diag)
    n == 0 && return nothing
    text = Base._display_text(collect(D))
    lines = split(text, '\n')
    print(io, ":")
    for i in 1:n
        print(io, "\n", _mark_row(lines[i+1], i, n))
    end
end

# The cells of a displayed row (maximal runs of non-blanks), with all but the `keep`-th
# replaced by a centered mark of the same width; the row unchanged if it does not split into
# `n` cells.
function _mark_row(line, keep, n)
    chars = collect(line)
    cells = Tuple{Int,Int}[]
    i = 1
    while i <= length(chars)
        if chars[i] == ' '
            i += 1
        else
            j = i
            while j < length(chars) && chars[j+1] != ' '
                j += 1
            end
            push!(cells, (i, j))
            i = j + 1
        end
    end
    length(cells) == n || return line
    for (k, (a, b)) in enumerate(cells)
        k == keep && continue
        w = b - a + 1
        for c in a:b
            chars[c] = ' '
        end
        chars[a + cld(w, 2) - 1] = '⋅'
    end
    return String(chars)
end

# ----- UniformScaling -----

"""
    UniformScaling{T<:Number}

A scalar multiple of the identity of any size; `I` is `UniformScaling(true)`.
"""
struct UniformScaling{T<:Number}
    λ::T
end

const I = UniformScaling(true)

eltype(::UniformScaling{T}) where {T} = T
(J::UniformScaling)(n::Integer) = Diagonal(fill(J.λ, n))

function show(io::IO, ::MIME"text/plain", J::UniformScaling)
    s = string(J.λ)
    if occursin(r"\w+\s*[\+\-]\s*\w+", s)
        s = "($s)"
    end
    print(io, typeof(J), "\n", s, "*I")
end
show(io::IO, J::UniformScaling) = print(io, "UniformScaling{", eltype(J), "}(", J.λ, ")")

getindex(J::UniformScaling, i::Integer, j::Integer) = i == j ? J.λ : zero(J.λ)

one(::Type{UniformScaling{T}}) where {T} = UniformScaling(one(T))
one(J::UniformScaling) = UniformScaling(one(J.λ))
zero(J::UniformScaling) = UniformScaling(zero(J.λ))
isone(J::UniformScaling) = isone(J.λ)
iszero(J::UniformScaling) = iszero(J.λ)
copy(J::UniformScaling) = UniformScaling(J.λ)
conj(J::UniformScaling) = UniformScaling(conj(J.λ))
adjoint(J::UniformScaling) = UniformScaling(adjoint(J.λ))
transpose(J::UniformScaling) = J
==(J::UniformScaling, K::UniformScaling) = J.λ == K.λ

-(J::UniformScaling) = UniformScaling(-J.λ)
+(J::UniformScaling, K::UniformScaling) = UniformScaling(J.λ + K.λ)
-(J::UniformScaling, K::UniformScaling) = UniformScaling(J.λ - K.λ)
*(J::UniformScaling, K::UniformScaling) = UniformScaling(J.λ * K.λ)
*(J::UniformScaling, x::Number) = UniformScaling(J.λ * x)
*(x::Number, J::UniformScaling) = UniformScaling(x * J.λ)
/(J::UniformScaling, x::Number) = UniformScaling(J.λ / x)
inv(J::UniformScaling) = UniformScaling(inv(J.λ))

*(A::AbstractMatrix, J::UniformScaling) = A * J.λ
*(J::UniformScaling, A::AbstractVecOrMat) = J.λ * A

# `A ± λI`: `A` with `λ` added on (subtracted from) the diagonal.
function _plus_diag(A::AbstractMatrix, λ, sA, sλ)
    n = checksquare(A)
    T = typeof(zero(eltype(A)) + zero(λ))
    B = Matrix{T}(undef, n, n)
    for j in 1:n, i in 1:n
        B[i, j] = sA ? A[i, j] : -A[i, j]
    end
    for i in 1:n
        B[i, i] += sλ ? λ : -λ
    end
    return B
end
+(A::AbstractMatrix, J::UniformScaling) = _plus_diag(A, J.λ, true, true)
+(J::UniformScaling, A::AbstractMatrix) = _plus_diag(A, J.λ, true, true)
-(A::AbstractMatrix, J::UniformScaling) = _plus_diag(A, J.λ, true, false)
-(J::UniformScaling, A::AbstractMatrix) = _plus_diag(A, J.λ, false, true)
+(D::Diagonal, J::UniformScaling) = Diagonal(D.diag .+ J.λ)
+(J::UniformScaling, D::Diagonal) = Diagonal(J.λ .+ D.diag)
-(D::Diagonal, J::UniformScaling) = Diagonal(D.diag .- J.λ)
-(J::UniformScaling, D::Diagonal) = Diagonal(J.λ .- D.diag)

function ==(A::AbstractMatrix, J::UniformScaling)
    m, n = size(A)
    m == n || return false
    for j in 1:n, i in 1:n
        A[i, j] == (i == j ? J.λ : zero(J.λ)) || return false
    end
    return true
end
==(J::UniformScaling, A::AbstractMatrix) = A == J

# `Matrix(I, m, n)`, `Matrix{T}(I, m, n)`, `Matrix{T}(I, (m, n))`: the scaled identity.
function _uniform_matrix(::Type{T}, J::UniformScaling, m::Integer, n::Integer) where {T}
    A = zeros(T, m, n)
    for i in 1:min(m, n)
        A[i, i] = J.λ
    end
    return A
end
Matrix(J::UniformScaling, m::Integer, n::Integer) = _uniform_matrix(eltype(J), J, m, n)
Matrix(J::UniformScaling, d::Tuple) = _uniform_matrix(eltype(J), J, d[1], d[2])
Matrix{T}(J::UniformScaling, m::Integer, n::Integer) where {T} = _uniform_matrix(T, J, m, n)
Matrix{T}(J::UniformScaling, d::Tuple) where {T} = _uniform_matrix(T, J, d[1], d[2])
Array(J::UniformScaling, m::Integer, n::Integer) = _uniform_matrix(eltype(J), J, m, n)

Diagonal(J::UniformScaling, n::Integer) = Diagonal(fill(J.λ, n))
Diagonal{T}(J::UniformScaling, n::Integer) where {T} = Diagonal(fill(convert(T, J.λ), n))

"""
    adjoint!(B, A), transpose!(B, A)

`B` overwritten with the adjoint (transpose) of `A`.
"""
adjoint!(B::AbstractMatrix, A::AbstractMatrix) = _wrap_copy!(B, adjoint(A))
transpose!(B::AbstractMatrix, A::AbstractMatrix) = _wrap_copy!(B, transpose(A))
function _wrap_copy!(B, W)
    size(B) == size(W) || throw(DimensionMismatch("B has size $(size(B)), needs $(size(W))"))
    for j in 1:size(W, 2), i in 1:size(W, 1)
        B[i, j] = W[i, j]
    end
    return B
end

ldiv!(A, B) = (X = A \ B; for i in 1:length(B); B[i] = X[i]; end; B)

end
