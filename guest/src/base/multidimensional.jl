# Cartesian indexing (Julia's base/multidimensional.jl and base/indices.jl): `CartesianIndex`,
# `CartesianIndices` (column-major iteration over a box of indices), `LinearIndices`, and the
# index styles.

abstract type IndexStyle end
struct IndexLinear <: IndexStyle end
struct IndexCartesian <: IndexStyle end
IndexStyle(A::AbstractArray) = IndexStyle(typeof(A))
IndexStyle(::Type{<:Array}) = IndexLinear()
IndexStyle(::Type{<:AbstractRange}) = IndexLinear()
IndexStyle(::Type) = IndexCartesian()

struct CartesianIndex{N}
    I::Tuple
    CartesianIndex(I::Tuple) = new{length(I)}(map(Int, I))
end
CartesianIndex(I::Integer...) = CartesianIndex(I)

Tuple(I::CartesianIndex) = I.I
length(I::CartesianIndex) = length(I.I)
getindex(I::CartesianIndex, i::Integer) = I.I[i]
iterate(I::CartesianIndex, s...) =
    throw(ArgumentError("iteration is deliberately unsupported for CartesianIndex. Use `I` rather than `I...`, or use `Tuple(I)...`"))
show(io::IO, I::CartesianIndex) = (print(io, "CartesianIndex"); show(io, I.I))

==(a::CartesianIndex, b::CartesianIndex) = a.I == b.I
isequal(a::CartesianIndex, b::CartesianIndex) = isequal(a.I, b.I)
hash(a::CartesianIndex, h::UInt64) = hash(a.I, h)
# Column-major order: the last coordinate is compared first.
isless(a::CartesianIndex, b::CartesianIndex) = isless(reverse(a.I), reverse(b.I))

function _cartesian_op(op, a::CartesianIndex, b::CartesianIndex)
    length(a) == length(b) || throw(MethodError(op, (a, b)))
    return CartesianIndex(map(op, a.I, b.I))
end
+(a::CartesianIndex, b::CartesianIndex) = _cartesian_op(+, a, b)
-(a::CartesianIndex, b::CartesianIndex) = _cartesian_op(-, a, b)
-(a::CartesianIndex) = CartesianIndex(map(-, a.I))
*(a::Integer, b::CartesianIndex) = CartesianIndex(map(x -> a * x, b.I))
*(b::CartesianIndex, a::Integer) = a * b
min(a::CartesianIndex, b::CartesianIndex) = _cartesian_op(min, a, b)
max(a::CartesianIndex, b::CartesianIndex) = _cartesian_op(max, a, b)
oneunit(a::CartesianIndex) = CartesianIndex(map(_ -> 1, a.I))
zero(a::CartesianIndex) = CartesianIndex(map(_ -> 0, a.I))
oneunit(::Type{CartesianIndex{N}}) where {N} = CartesianIndex(ntuple(_ -> 1, N))
zero(::Type{CartesianIndex{N}}) where {N} = CartesianIndex(ntuple(_ -> 0, N))

# `A[I]`, `A[I] = x`, `A[I, j]`.
getindex(A::AbstractArray, I::CartesianIndex) = getindex(A, I.I...)
setindex!(A::AbstractArray, x, I::CartesianIndex) = (setindex!(A, x, I.I...); A)
getindex(A::AbstractArray, I::CartesianIndex, j::Integer) = getindex(A, I.I..., j)
getindex(A::AbstractArray, i::Integer, J::CartesianIndex) = getindex(A, i, J.I...)
setindex!(A::AbstractArray, x, I::CartesianIndex, j::Integer) = (setindex!(A, x, I.I..., j); A)
checkbounds(::Type{Bool}, A::AbstractArray, I::CartesianIndex) = checkbounds(Bool, A, I.I...)
function checkbounds(::Type{Bool}, A::AbstractArray, I::Integer...)
    if length(I) == 1
        return 1 <= I[1] <= length(A)
    end
    for d in 1:length(I)
        1 <= I[d] <= size(A, d) || return false
    end
    return true
end
function checkbounds(A::AbstractArray, I...)
    checkbounds(Bool, A, I...) || throw(BoundsError(A, I))
    return nothing
end

# ----- CartesianIndices -----

struct CartesianIndices{N,R} <: AbstractArray{CartesianIndex{N},N}
    indices::R
end
_index_range(n::Integer) = OneTo(Int(n))
_index_range(r::AbstractRange) = r
CartesianIndices(dims::Tuple) = _cartesian_indices(map(_index_range, dims))
_cartesian_indices(R::Tuple) = CartesianIndices{length(R), typeof(R)}(R)
CartesianIndices(A::AbstractArray) = CartesianIndices(size(A))
CartesianIndices(dims::Integer...) = CartesianIndices(dims)

eltype(::CartesianIndices{N}) where {N} = CartesianIndex{N}
size(C::CartesianIndices) = map(length, C.indices)
size(C::CartesianIndices, d::Integer) = d <= length(C.indices) ? length(C.indices[d]) : 1
length(C::CartesianIndices) = prod(size(C))
lastindex(C::CartesianIndices) = length(C)
firstindex(C::CartesianIndices) = 1
axes(C::CartesianIndices) = map(r -> OneTo(length(r)), C.indices)
first(C::CartesianIndices) = CartesianIndex(map(first, C.indices))
last(C::CartesianIndices) = CartesianIndex(map(last, C.indices))

# The coordinates of linear index `i` in a box of the lengths `dims` (column-major).
function _ind2sub(dims::Tuple, i::Integer)
    n = length(dims)
    out = Vector{Int64}(undef, n)
    r = i - 1
    for d in 1:n
        s = dims[d]
        out[d] = r % s + 1
        r = div(r, s)
    end
    return tuple(out...)
end

function getindex(C::CartesianIndices, i::Integer)
    n = length(C.indices)
    (1 <= i <= length(C)) || throw(BoundsError(C, i))
    n == 1 && return CartesianIndex((C.indices[1][i],))
    sub = _ind2sub(size(C), i)
    return CartesianIndex(ntuple(d -> C.indices[d][sub[d]], n))
end
getindex(C::CartesianIndices, i::Integer, j::Integer) = _cartesian_getindex(C, (i, j))
getindex(C::CartesianIndices, i::Integer, j::Integer, k::Integer...) = _cartesian_getindex(C, (i, j, k...))
function _cartesian_getindex(C::CartesianIndices, I::Tuple)
    length(I) == length(C.indices) || throw(BoundsError(C, I))
    for d in 1:length(I)
        (1 <= I[d] <= length(C.indices[d])) || throw(BoundsError(C, I))
    end
    return CartesianIndex(ntuple(d -> C.indices[d][I[d]], length(I)))
end
getindex(C::CartesianIndices, I::CartesianIndex) = getindex(C, I.I...)

iterate(C::CartesianIndices, i = 1) = i > length(C) ? nothing : (C[i], i + 1)
in(I::CartesianIndex, C::CartesianIndices) =
    length(I) == length(C.indices) && all(d -> I.I[d] in C.indices[d], 1:length(I))
collect(C::CartesianIndices{N}) where {N} = reshape(CartesianIndex{N}[C[i] for i in 1:length(C)], size(C)...)
copy(C::CartesianIndices) = collect(C)

# Julia's `show` of `CartesianIndices`: a `Base.OneTo` axis as its length.
_xform_index(i) = i
_xform_index(i::OneTo) = i.stop
show(io::IO, C::CartesianIndices) =
    (print(io, "CartesianIndices("); show(io, map(_xform_index, C.indices)); print(io, ")"))
show(io::IO, ::MIME"text/plain", C::CartesianIndices) = show(io, C)

# ----- LinearIndices -----

struct LinearIndices{N,R} <: AbstractArray{Int64,N}
    indices::R
end
LinearIndices(dims::Tuple) = _linear_indices(map(_index_range, dims))
_linear_indices(R::Tuple) = LinearIndices{length(R), typeof(R)}(R)
LinearIndices(A::AbstractArray) = LinearIndices(size(A))
LinearIndices(dims::Integer...) = LinearIndices(dims)

eltype(::LinearIndices) = Int64
size(L::LinearIndices) = map(length, L.indices)
size(L::LinearIndices, d::Integer) = d <= length(L.indices) ? length(L.indices[d]) : 1
length(L::LinearIndices) = prod(size(L))
lastindex(L::LinearIndices) = length(L)
firstindex(L::LinearIndices) = 1
function getindex(L::LinearIndices, i::Integer)
    (1 <= i <= length(L)) || throw(BoundsError(L, i))
    return Int(i)
end
getindex(L::LinearIndices, i::Integer, j::Integer) = _linear_getindex(L, (i, j))
getindex(L::LinearIndices, i::Integer, j::Integer, k::Integer...) = _linear_getindex(L, (i, j, k...))
function _linear_getindex(L::LinearIndices, I::Tuple)
    dims = size(L)
    k = 0
    for d in length(I):-1:1
        n = d <= length(dims) ? dims[d] : 1
        (1 <= I[d] <= n) || throw(BoundsError(L, I))
        k = k * n + (I[d] - 1)
    end
    return k + 1
end
getindex(L::LinearIndices, I::CartesianIndex) = getindex(L, I.I...)
iterate(L::LinearIndices, i = 1) = i > length(L) ? nothing : (i, i + 1)
collect(L::LinearIndices) = reshape(collect(1:length(L)), size(L)...)
copy(L::LinearIndices) = collect(L)
show(io::IO, L::LinearIndices) = show(io, collect(L))
function show(io::IO, ::MIME"text/plain", L::LinearIndices)
    print(io, _dims_string(size(L)), " ", typeof(L))
    length(L) == 0 && return nothing
    s = _display_text(collect(L))
    print(io, ":", s[findfirst('\n', s):end])
end

function _dims_string(d::Tuple)
    isempty(d) && return "0-dimensional"
    length(d) == 1 && return string(d[1], "-element")
    return join(map(string, d), "×")
end

# The keys of an array of more than one dimension are its Cartesian indices.
keys(A::AbstractArray) = CartesianIndices(A)
values(A::AbstractArray) = A
eachindex(::IndexCartesian, A::AbstractArray) = CartesianIndices(A)
eachindex(::IndexLinear, A::AbstractArray) = 1:length(A)

# `findall` over an array of more than one dimension gives Cartesian indices.
function findall(f, A::AbstractArray)
    ndims(A) == 1 && return _findall_linear(f, A)
    out = CartesianIndex{ndims(A)}[]
    C = CartesianIndices(A)
    for i in 1:length(A)
        f(A[i]) && push!(out, C[i])
    end
    return out
end
function _findall_linear(f, A)
    out = Int[]
    for i in 1:length(A)
        f(A[i]) && push!(out, i)
    end
    return out
end
