# Arrays: construction, concatenation, shape queries and matrix arithmetic, over the Rust
# primitives `Array{T}(undef, dims...)`, `size`, `fill`, `reshape` and `A[i, j]`.

const AbstractVecOrMat = Union{AbstractVector, AbstractMatrix}

ndims(A::AbstractArray) = length(size(A))
axes(A::AbstractArray) = _axes(size(A)...)
_axes(dims...) = _tuple(map(n -> 1:n, dims)...)
_tuple(xs...) = xs
axes(A::AbstractArray, d::Integer) = 1:size(A, d)
eachindex(A::AbstractArray) = 1:length(A)
lastindex(A::AbstractArray, d::Integer) = size(A, d)
firstindex(A::AbstractArray, d::Integer) = 1
isempty(A::AbstractArray) = length(A) == 0

# What any `AbstractArray` written in Julia gets from its `size` and `getindex(A, i::Int)` (the
# runtime's own arrays and ranges have builtins for these).
length(A::AbstractArray) = prod(size(A))
size(A::AbstractArray, d::Integer) = d <= ndims(A) ? size(A)[d] : 1
firstindex(A::AbstractArray) = 1
lastindex(A::AbstractArray) = length(A)
iterate(A::AbstractArray, i=1) = i > length(A) ? nothing : (A[i], i + 1)
function collect(A::AbstractArray)
    T = eltype(A)
    v = T[x for x in A]
    return ndims(A) == 1 ? v : reshape(v, size(A)...)
end
show(io::IO, A::AbstractArray) = show(io, collect(A))

# `A[I]` for a vector of indices (a range, `[1, 3]`, a `Bool` mask) or `:` into any
# `AbstractArray` written in Julia: the elements, in a new `Vector` (Julia's `_getindex` for
# linear indexing, `similar(A, length(I))` filled). Bounds are checked first, so `A[3:6]` of a
# 5-element array is `BoundsError(A, (3:6,))`.
function getindex(A::AbstractArray, I::AbstractVector)
    checkbounds(A, I)
    J = eltype(I) === Bool ? findall(I) : I
    out = Vector{eltype(A)}(undef, length(J))
    k = 1
    for i in J
        out[k] = A[i]
        k += 1
    end
    return out
end
getindex(A::AbstractArray, ::typeof(:)) = A[1:length(A)]

# The elements as a vector, in column-major order (a vector is itself).
vec(A::AbstractArray) = reshape(A, length(A))
vec(v::AbstractVector) = v

# The first (last) `n` elements of a vector, fewer if it is shorter.
function first(v::AbstractVector, n::Integer)
    n < 0 && throw(ArgumentError("Number of elements must be non-negative"))
    return v[1:min(n, length(v))]
end
function last(v::AbstractVector, n::Integer)
    n < 0 && throw(ArgumentError("Number of elements must be non-negative"))
    return v[max(1, length(v) - n + 1):length(v)]
end
checkbounds(::Type{Bool}, A::AbstractArray, I::AbstractVector{Bool}) = length(I) == length(A)
function checkbounds(::Type{Bool}, A::AbstractArray, I::AbstractArray)
    for i in I
        checkbounds(Bool, A, i) || return false
    end
    return true
end

# Conversions to `Array` (Julia's `Array{T,N}(A::AbstractArray{S,N})`, `Vector(A)`,
# `convert(::Type{<:Array}, A)`, `copy(A)`): a new array of `A`'s shape, elements converted to `T`.
function _array_copy(::Type{T}, A::AbstractArray) where {T}
    v = Vector{T}(undef, length(A))
    k = 1
    for x in A
        v[k] = x
        k += 1
    end
    return ndims(A) == 1 ? v : reshape(v, size(A)...)
end
Array{T,N}(A::AbstractArray{S,N}) where {T,N,S} = _array_copy(T, A)
Array{T}(A::AbstractArray) where {T} = _array_copy(T, A)
Array(A::AbstractArray) = _array_copy(eltype(A), A)
Vector(A::AbstractVector) = _array_copy(eltype(A), A)
Matrix(A::AbstractMatrix) = _array_copy(eltype(A), A)
convert(::Type{T}, A::AbstractArray) where {T<:Array} = A isa T ? A : T(A)
copy(A::AbstractArray) = _array_copy(eltype(A), A)
copy(r::AbstractRange) = r
function summary(io::IO, A::AbstractArray)
    d = size(A)
    dims = length(d) == 1 ? string(d[1], "-element") : join(map(string, d), "×")
    print(io, dims, " ", typeof(A))
end
summary(x) = sprint(summary, x)

zeros(T::Type, dims::Integer...) = fill(convert(T, 0), dims...)
zeros(T::Type, dims::Tuple) = zeros(T, dims...)
zeros(dims::Integer...) = zeros(Float64, dims...)
zeros(dims::Tuple) = zeros(Float64, dims...)
ones(T::Type, dims::Integer...) = fill(convert(T, 1), dims...)
ones(T::Type, dims::Tuple) = ones(T, dims...)
ones(dims::Integer...) = ones(Float64, dims...)
ones(dims::Tuple) = ones(Float64, dims...)

similar(A::AbstractArray) = Array{eltype(A)}(undef, size(A)...)
similar(A::AbstractArray, T::Type) = Array{T}(undef, size(A)...)
similar(A::AbstractArray, T::Type, dims::Integer...) = Array{T}(undef, dims...)
similar(A::AbstractArray, dims::Integer...) = Array{eltype(A)}(undef, dims...)

# A hint that `v` will grow to `n` elements; vectors grow as needed, so it only returns `v`.
sizehint!(v::AbstractVector, n::Integer) = v
sizehint!(d::AbstractDict, n::Integer; shrink::Bool=true) = d

function fill!(A::AbstractArray, x)
    for i in 1:length(A)
        A[i] = x
    end
    return A
end

# Elements computed into `out` (column-major), as an array of `dims` (`T` when there are none).
function _array_of(T, out, dims)
    v = _collected(T, out)
    return length(dims) == 1 ? v : reshape(v, dims)
end

# The vector Julia's `collect` of a generator (a comprehension, `map`) makes of the values in
# `out` (base/array.jl `collect_to!`, `grow_to!`): its element type is the first value's
# type, widened with `promote_typejoin` by each value that is not of it, so `[1, 1.5]` computed
# is a `Vector{Real}` and `[1, nothing]` a `Vector{Union{Nothing, Int64}}`. Julia infers the
# element type of an empty result; without inference it is `T`.
function _collected(T, out::Vector{Any})
    isempty(out) && return Vector{T}()
    E = typeof(out[1])
    i = _first_not_isa(out, E, 2)
    while i != 0
        E = _promote_typejoin(E, typeof(out[i]))
        i = _first_not_isa(out, E, i + 1)
    end
    return _vector_as(E, out)
end

# `[f(x) for x in itr if p(x)]`: `map` and `filter` over what `itr` iterates (a string's
# characters, not the string).
_comprehension(f, itr) = map(f, _comprehension_iter(itr))
_comprehension_filter(p, itr) = filter(p, _comprehension_iter(itr))
_comprehension_iter(itr) = itr
_comprehension_iter(s::AbstractString) = collect(s)

# Calls `g` on every tuple `(x1, …, xn)` of `iters`' elements, `x1` varying fastest.
function _product_each(g, iters::Tuple, inner::Tuple)
    isempty(iters) && return g(inner)
    for x in iters[end]
        _product_each(g, iters[1:end-1], (x, inner...))
    end
    return nothing
end

# `[f(x, y, …) for x in a, y in b, …]`: an array with one dimension per iterator.
function _comprehension_n(f, iters...)
    out = Any[]
    _product_each(t -> push!(out, f(t...)), iters, ())
    return _array_of(Any, out, map(length, iters))
end

# `[f(x, y) for x in a, y in b if cond(x, y)]` (`cond` is `nothing` when there is none): a vector.
function _comprehension_filtered(f, cond, iters...)
    out = Any[]
    _product_each(iters, ()) do t
        (cond === nothing || cond(t...)) && push!(out, f(t...))
    end
    return _array_of(Any, out, (length(out),))
end

# `[body for x in a for y in b]`: the inner clauses' results, one after the other.
function _flatten_comprehension(parts)
    out = Any[]
    for p in parts
        append!(out, p)
    end
    return _array_of(Any, out, (length(out),))
end

# `T[f(x) for x in xs]`, `T[a b; c d]`: the elements converted to `T`, in the same shape.
function _with_eltype(::Type{T}, v::AbstractArray) where {T}
    r = similar(v, T)
    for i in 1:length(v)
        r[i] = v[i]
    end
    return r
end

# Concatenation. A number is a 1×1 block; a vector is a column.
_rows(x) = 1
_rows(x::AbstractArray) = size(x, 1)
_cols(x) = 1
_cols(x::AbstractArray) = size(x, 2)
_block(x, i, j) = x
_block(x::AbstractArray, i, j) = x[i, j]
_block(x::AbstractVector, i, j) = x[i]
_cat_eltype(xs) = promote_type(map(x -> x isa AbstractArray ? eltype(x) : typeof(x), xs)...)

function vcat(xs...)
    # Vectors and numbers only: a vector.
    if all(x -> !(x isa AbstractArray) || ndims(x) == 1, xs)
        out = Vector{_cat_eltype(xs)}()
        for x in xs
            x isa AbstractArray ? append!(out, x) : push!(out, x)
        end
        return out
    end
    n = _cols(xs[1])
    for x in xs
        if _cols(x) != n
            throw(DimensionMismatch("number of columns of each array must match (got " *
                                    join(map(_cols, xs), ", ") * ")"))
        end
    end
    m = sum(map(_rows, xs))
    A = Array{_cat_eltype(xs)}(undef, m, n)
    r = 0
    for x in xs
        for j in 1:n, i in 1:_rows(x)
            A[r+i, j] = _block(x, i, j)
        end
        r += _rows(x)
    end
    return A
end

# A concatenation whose result keeps a wrapper of its arguments (LinearAlgebra's adjoint and
# transposed vectors), or `nothing`.
_hcat_wrapped(xs) = nothing

function hcat(xs...)
    w = _hcat_wrapped(xs)
    w === nothing || return w
    m = _rows(xs[1])
    for x in xs
        if _rows(x) != m
            throw(DimensionMismatch("number of rows of each array must match (got " *
                                    join(map(_rows, xs), ", ") * ")"))
        end
    end
    n = sum(map(_cols, xs))
    A = Array{_cat_eltype(xs)}(undef, m, n)
    c = 0
    for x in xs
        for j in 1:_cols(x), i in 1:m
            A[i, c+j] = _block(x, i, j)
        end
        c += _cols(x)
    end
    return A
end

# `[a b; c d]`: `rows` gives the number of blocks in each row.
function hvcat(rows::Tuple, xs...)
    blocks = Any[]
    k = 0
    for n in rows
        row = Any[]
        for i in k+1:k+n
            push!(row, xs[i])
        end
        push!(blocks, hcat(row...))
        k += n
    end
    return vcat(blocks...)
end

function copy(A::Matrix)
    B = similar(A)
    for i in 1:length(A)
        B[i] = A[i]
    end
    return B
end

# `collect` of a matrix is a matrix (the builtin `collect` makes vectors).
collect(A::Matrix) = copy(A)

function permutedims(A::AbstractMatrix)
    m, n = size(A)
    B = Array{eltype(A)}(undef, n, m)
    for j in 1:n, i in 1:m
        B[j, i] = A[i, j]
    end
    return B
end

permutedims(v::AbstractVector) = reshape(collect(v), 1, length(v))
# `adjoint`/`transpose` of arrays are LinearAlgebra's lazy `Adjoint`/`Transpose`
# (stdlib/LinearAlgebra.jl, loaded at boot as Julia's sysimage loads it).
adjoint(x::Number) = conj(x)
transpose(x::Number) = x

function _check_same_size(op, A, B)
    if size(A) != size(B)
        throw(DimensionMismatch("dimensions must match: a has dims " * string(axes(A)) *
                                ", b has dims " * string(axes(B)) * ", mismatch at " *
                                string(findfirst(i -> size(A, i) != size(B, i), 1:max(ndims(A), ndims(B))))))
    end
end

function _elementwise(op, A::AbstractArray, B::AbstractArray)
    _check_same_size(op, A, B)
    out = Any[]
    for i in 1:length(A)
        push!(out, op(A[i], B[i]))
    end
    return _array_of(promote_type(eltype(A), eltype(B)), out, size(A))
end

function _scale(op, A::AbstractArray, x)
    out = Any[]
    for i in 1:length(A)
        push!(out, op(A[i], x))
    end
    return _array_of(eltype(A), out, size(A))
end

+(A::Array, B::Array) = _elementwise(+, A, B)
-(A::Array, B::Array) = _elementwise(-, A, B)
-(A::Array) = _scale((a, _) -> -a, A, nothing)
*(A::Array, x::Number) = _scale(*, A, x)
*(x::Number, A::Array) = _scale((a, y) -> y * a, A, x)
/(A::Array, x::Number) = _scale(/, A, x)

# Matrix products (`*` of matrices and vectors) are LinearAlgebra's (stdlib/LinearAlgebra.jl).

# `sum(A; dims=1)`: sums along one dimension of a matrix, keeping it as size 1.
# Reductions of a matrix along `dims` (1: each column, 2: each row, `(1, 2)`: all), kept as a
# matrix with that dimension of size 1, as Julia's `sum(A; dims)`.
function _reduce_dims(f, A::AbstractMatrix, dims)
    dims isa Integer && dims < 1 && throw(ArgumentError("region dimension(s) must be ≥ 1, got $dims"))
    m, n = size(A)
    if dims == 1
        return reshape([f(A[:, j]) for j in 1:n], 1, n)
    elseif dims == 2
        return reshape([f(A[i, :]) for i in 1:m], m, 1)
    elseif dims == (1, 2) || dims == [1, 2]
        return reshape([f(A[:])], 1, 1)
    elseif dims isa Integer && dims > 2
        return map(x -> f([x]), A)
    end
    throw(ArgumentError("region $dims of a matrix must be 1, 2, (1, 2) or above 2"))
end

sum(A::AbstractMatrix; dims=nothing) = dims === nothing ? sum(A[:]) : _reduce_dims(sum, A, dims)
prod(A::AbstractMatrix; dims=nothing) = dims === nothing ? prod(A[:]) : _reduce_dims(prod, A, dims)
maximum(A::AbstractMatrix; dims=nothing) =
    dims === nothing ? maximum(A[:]) : _reduce_dims(maximum, A, dims)
minimum(A::AbstractMatrix; dims=nothing) =
    dims === nothing ? minimum(A[:]) : _reduce_dims(minimum, A, dims)

function reverse!(v::AbstractVector, start::Integer = firstindex(v), stop::Integer = lastindex(v))
    i, j = start, stop
    while i < j
        v[i], v[j] = v[j], v[i]
        i += 1
        j -= 1
    end
    return v
end

# Keeps the elements for which `f` holds, in place.
function filter!(f, v::AbstractVector)
    j = 0
    for i in eachindex(v)
        x = v[i]
        if f(x)
            j += 1
            v[j] = x
        end
    end
    resize!(v, j)
    return v
end

function filter!(f, d::AbstractDict)
    for (k, v) in collect(d)
        f(k => v) || delete!(d, k)
    end
    return d
end

keytype(::Dict{K,V}) where {K,V} = K



valtype(::Dict{K,V}) where {K,V} = V

function findall(f, d::AbstractDict)
    out = Vector{keytype(d)}()
    for (k, v) in d
        f(v) && push!(out, k)
    end
    return out
end

function findall(f, s::AbstractString)
    out = Int[]
    for i in eachindex(s)
        f(s[i]) && push!(out, i)
    end
    return out
end

function findall(f, itr)
    out = Int[]
    i = 0
    for x in itr
        i += 1
        f(x) && push!(out, i)
    end
    return out
end

# Binary search in a sorted vector (Julia's base/sort.jl): the first index whose element is
# not before `x`, the last whose element is not after it, and the range between them.
function searchsortedfirst(v::AbstractVector, x; lt = isless, by = identity, rev::Bool = false)
    o = _Ordering(lt, by, rev)
    lo, hi = firstindex(v), lastindex(v) + 1
    while lo < hi
        m = (lo + hi) >>> 1
        if _lt(o, v[m], x)
            lo = m + 1
        else
            hi = m
        end
    end
    return lo
end

function searchsortedlast(v::AbstractVector, x; lt = isless, by = identity, rev::Bool = false)
    o = _Ordering(lt, by, rev)
    lo, hi = firstindex(v) - 1, lastindex(v)
    while lo < hi
        m = (lo + hi + 1) >>> 1
        if _lt(o, x, v[m])
            hi = m - 1
        else
            lo = m
        end
    end
    return lo
end

searchsorted(v::AbstractVector, x; lt = isless, by = identity, rev::Bool = false) =
    searchsortedfirst(v, x; lt = lt, by = by, rev = rev):searchsortedlast(v, x; lt = lt, by = by, rev = rev)

# `T[a b]`, `T[a; b]`, `T[a b; c d]`: the literal with element type `T`.
typed_hcat(::Type{T}, xs...) where {T} = _with_eltype(T, hcat(xs...))
typed_vcat(::Type{T}, xs...) where {T} = _with_eltype(T, vcat(xs...))
typed_hvcat(::Type{T}, rows::Tuple, xs...) where {T} = _with_eltype(T, hvcat(rows, xs...))

# Equality element by element with `==` (so user `==` methods and `SubString`s count), for
# arrays of the same shape.
function ==(A::AbstractArray, B::AbstractArray)
    size(A) == size(B) || return false
    for i in 1:length(A)
        A[i] == B[i] || return false
    end
    return true
end

function ==(a::AbstractDict, b::AbstractDict)
    length(a) == length(b) || return false
    for (k, v) in a
        haskey(b, k) || return false
        b[k] == v || return false
    end
    return true
end

# The rows (columns) of a matrix, each a vector. Julia's are views; these are copies, so
# writing to one does not change the matrix.
eachrow(A::AbstractMatrix) = [A[i, :] for i in 1:size(A, 1)]
eachcol(A::AbstractMatrix) = [A[:, j] for j in 1:size(A, 2)]
eachrow(v::AbstractVector) = [v[i:i] for i in 1:length(v)]

function deleteat!(v::AbstractVector, inds::AbstractVector)
    prev = 0
    for i in inds
        i > prev || throw(ArgumentError("indices must be unique and sorted"))
        1 <= i <= length(v) || throw(BoundsError(v, i))
        prev = i
    end
    for i in reverse(collect(inds))
        deleteat!(v, i)
    end
    return v
end


# `[a, xs...]`: a vector of the elements, of their promoted type as a literal's.
function vect(xs...)
    T = isempty(xs) ? Any : promote_type(map(typeof, xs)...)
    out = Vector{T}()
    for x in xs
        push!(out, x)
    end
    return out
end

# `repeat(A, counts...)`: `A` tiled `counts[k]` times along dimension `k` (vectors and
# matrices).
function repeat(A::AbstractArray, counts::Integer...)
    nd = ndims(A)
    (nd <= 2 && length(counts) <= 2) || throw(ArgumentError("repeat of arrays of more than two dimensions is not supported yet"))
    m = size(A, 1)
    n = nd == 2 ? size(A, 2) : 1
    r = length(counts) >= 1 ? Int(counts[1]) : 1
    c = length(counts) >= 2 ? Int(counts[2]) : 1
    (r < 0 || c < 0) && throw(ArgumentError("counts must be non-negative"))
    if nd == 1 && length(counts) <= 1
        out = Vector{eltype(A)}(undef, m * r)
        for k in 0:r-1, i in 1:m
            out[k * m + i] = A[i]
        end
        return out
    end
    out = Array{eltype(A)}(undef, m * r, n * c)
    for jc in 0:c-1, j in 1:n, ir in 0:r-1, i in 1:m
        out[ir * m + i, jc * n + j] = nd == 2 ? A[i, j] : A[i]
    end
    return out
end

# `reverse(A)` of a matrix reverses every dimension, as Julia's `reverse(A; dims = :)`.
function reverse(A::Matrix)
    B = similar(A)
    n = length(A)
    for i in 1:n
        B[i] = A[n + 1 - i]
    end
    return B
end

pairs(v::AbstractVector) = Pairs{Int, eltype(v), typeof(keys(v)), typeof(v)}(v, keys(v))
pairs(d::AbstractDict) = d

empty(v::Vector{T}) where {T} = Vector{T}()
empty(d::Dict{K, V}) where {K, V} = Dict{K, V}()

# Vectors order lexicographically (Julia's `cmp` of abstract vectors).
function isless(A::AbstractVector, B::AbstractVector)
    for (a, b) in zip(A, B)
        isequal(a, b) || return isless(a, b)
    end
    return length(A) < length(B)
end

count(itr) = count(identity, itr)

# `reshape(A, :, n)`, `reshape(A, m, :)`: the colon's size from the length.
reshape(A::AbstractArray, ::typeof(:), n::Integer) = reshape(A, _colon_dim(A, n), n)
reshape(A::AbstractArray, m::Integer, ::typeof(:)) = reshape(A, m, _colon_dim(A, m))
function _colon_dim(A, k)
    d, r = divrem(length(A), k)
    r == 0 || throw(DimensionMismatch("array size $(length(A)) must be divisible by the product of the new dimensions $k"))
    return d
end

# `-r` of an integer range is the range of the negated elements (`-(0:2:4) == 0:-2:-4`).
-(r::UnitRange) = -first(r):-1:-last(r)
-(r::StepRange) = -first(r):-step(r):-last(r)
# `r / x` of an integer range is a float range (`range(first/x, last/x; length)`), as Julia's.
/(r::Union{UnitRange,StepRange}, x::Number) = range(first(r) / x, last(r) / x; length=length(r))

# Rotations of a matrix by quarter turns (Julia's base/arraymath.jl).
function rotl90(A::AbstractMatrix)
    m, n = size(A)
    B = Array{eltype(A)}(undef, n, m)
    for i in 1:m, j in 1:n
        B[n+1-j, i] = A[i, j]
    end
    return B
end
function rotr90(A::AbstractMatrix)
    m, n = size(A)
    B = Array{eltype(A)}(undef, n, m)
    for i in 1:m, j in 1:n
        B[j, m+1-i] = A[i, j]
    end
    return B
end
function rot180(A::AbstractMatrix)
    m, n = size(A)
    B = Array{eltype(A)}(undef, m, n)
    for i in 1:m, j in 1:n
        B[m+1-i, n+1-j] = A[i, j]
    end
    return B
end
function rotl90(A::AbstractMatrix, k::Integer)
    k = mod(k, 4)
    return k == 1 ? rotl90(A) : k == 2 ? rot180(A) : k == 3 ? rotr90(A) : copy(A)
end
rotr90(A::AbstractMatrix, k::Integer) = rotl90(A, -k)
rot180(A::AbstractMatrix, k::Integer) = mod(k, 2) == 1 ? rot180(A) : copy(A)

# Arrays of the same dimension promote by element type (base/array.jl), so that `[[1], [2.5]]`
# is a `Vector{Vector{Float64}}`.
promote_rule(a::Type{Array{T,n}}, b::Type{Array{S,n}}) where {T,n,S} = el_same(promote_type(T, S), a, b)
el_same(::Type{T}, a::Type{<:AbstractArray{T,n}}, b::Type{<:AbstractArray{T,n}}) where {T,n} = a
el_same(::Type{T}, a::Type{<:AbstractArray{T,n}}, b::Type{<:AbstractArray{S,n}}) where {T,S,n} = a
el_same(::Type{T}, a::Type{<:AbstractArray{S,n}}, b::Type{<:AbstractArray{T,n}}) where {T,S,n} = b
el_same(::Type, a, b) = promote_typejoin(a, b)
