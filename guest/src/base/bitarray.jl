# `BitArray` (Julia's base/bitarray.jl): a `Bool` array of one bit per element, packed 64 to a
# `UInt64` chunk, bits past the end always zero. Broadcasting a function whose results are all
# `Bool` over arrays gives one (`v .> 0`, `.!b`: Julia's `similar(bc, Bool)`), as do `trues` and
# `falses`. The loops over chunks are the `_bits_*` builtins of `vm/bitarray.rs` (where Julia's
# compiled bit operations are fast, an interpreted loop per word is not); the rest is here.

# (Julia's `dims` is an `NTuple{N,Int}`; kiln cannot yet apply `NTuple` to a type variable.)
mutable struct BitArray{N} <: AbstractArray{Bool, N}
    chunks::Vector{UInt64}
    len::Int
    dims::Tuple
end

const BitVector = BitArray{1}
const BitMatrix = BitArray{2}

function _bitarray_dims(dims)
    n = 1
    i = 1
    for d in dims
        d >= 0 || throw(ArgumentError("dimension size must be ≥ 0, got $d for dimension $i"))
        n *= d
        i += 1
    end
    return n
end

function BitArray{N}(::UndefInitializer, dims::Integer...) where {N}
    length(dims) == N || throw(MethodError(BitArray{N}, (undef, dims...)))
    d = map(Int, dims)
    n = _bitarray_dims(d)
    chunks = UInt64[]
    _bits_fill!(chunks, n, false)
    return BitArray{N}(chunks, n, d)
end
BitArray{N}(::UndefInitializer, dims::Tuple) where {N} = BitArray{N}(undef, dims...)
BitArray(::UndefInitializer, dims::Integer...) = BitArray{length(dims)}(undef, dims...)
BitArray(::UndefInitializer, dims::Tuple) = BitArray{length(dims)}(undef, dims...)
BitArray{N}() where {N} = BitArray{N}(undef, 0)

trues(dims::Integer...) = fill!(BitArray(undef, dims...), true)
trues(dims::Tuple) = trues(dims...)
falses(dims::Integer...) = fill!(BitArray(undef, dims...), false)
falses(dims::Tuple) = falses(dims...)

# ----- shape -----

length(B::BitArray) = B.len
size(B::BitVector) = (B.len,)
size(B::BitArray) = B.dims
function size(B::BitArray, d::Integer)
    d < 1 && throw(ArgumentError("dimension out of range"))
    return d <= length(B.dims) ? B.dims[d] : 1
end
eltype(::Type{<:BitArray}) = Bool
eltype(::BitArray) = Bool
isempty(B::BitArray) = B.len == 0

# ----- conversions -----

# `BitArray(A)`, `BitVector(v)`, `convert(BitArray, A)`: each element converted to `Bool`
# (`InexactError` for `2`).
function BitArray{N}(A::AbstractArray) where {N}
    ndims(A) == N || throw(MethodError(BitArray{N}, (A,)))
    B = BitArray{N}(undef, size(A)...)
    if A isa Array && eltype(A) === Bool
        _bits_pack!(B.chunks, A)
    else
        v = Vector{Bool}(undef, length(A))
        k = 1
        for x in A
            v[k] = convert(Bool, x)
            k += 1
        end
        _bits_pack!(B.chunks, v)
    end
    return B
end
BitArray(A::AbstractArray) = BitArray{ndims(A)}(A)
# From any other iterable (a generator): its elements, as a vector.
BitArray(itr) = BitArray(collect(itr))
convert(::Type{BitArray}, A::AbstractArray) = A isa BitArray ? A : BitArray(A)
convert(::Type{BitArray{N}}, A::AbstractArray) where {N} = A isa BitArray{N} ? A : BitArray{N}(A)

# The elements as an `Array{Bool}` of the same shape, at once.
function _unpack(B::BitArray)
    v = _bits_unpack(B.chunks, B.len)
    return ndims(B) == 1 ? v : reshape(v, size(B)...)
end
collect(B::BitArray) = _unpack(B)
Array(B::BitArray) = _unpack(B)
Array{T,N}(B::BitArray{N}) where {T,N} = T === Bool ? _unpack(B) : _array_copy(T, B)
Array{T}(B::BitArray) where {T} = T === Bool ? _unpack(B) : _array_copy(T, B)
Vector(B::BitVector) = _unpack(B)
Matrix(B::BitMatrix) = _unpack(B)

# A `Bool` array as a `BitArray` of its shape (what a broadcast or an index gives).
function _bitarray_of(A::Array{Bool})
    B = BitArray{ndims(A)}(undef, size(A)...)
    _bits_pack!(B.chunks, A)
    return B
end

copy(B::BitArray) = BitArray{ndims(B)}(copy(B.chunks), B.len, B.dims)
similar(B::BitArray) = BitArray(undef, size(B)...)
similar(B::BitArray, dims::Integer...) = BitArray(undef, dims...)
similar(B::BitArray, ::Type{Bool}) = BitArray(undef, size(B)...)
similar(B::BitArray, ::Type{Bool}, dims::Integer...) = BitArray(undef, dims...)

function fill!(B::BitArray, x)
    _bits_fill!(B.chunks, B.len, convert(Bool, x))
    return B
end

# ----- indexing -----

function getindex(B::BitArray, i::Int)
    1 <= i <= B.len || throw(BoundsError(B, (i,)))
    return _bits_get(B.chunks, i)
end
getindex(B::BitArray, i::Integer) = B[Int(i)]
function setindex!(B::BitArray, x, i::Int)
    1 <= i <= B.len || throw(BoundsError(B, (i,)))
    _bits_set!(B.chunks, i, convert(Bool, x))
    return B
end
setindex!(B::BitArray, x, i::Integer) = setindex!(B, x, Int(i))

# Several indices: a linear index when all are integers; otherwise the `Bool` array Julia's
# indexing selects, as a `BitArray`.
function _bit_linear(B::BitArray, I::Tuple)
    d = size(B)
    lin = 0
    stride = 1
    for k in 1:length(I)
        n = k <= length(d) ? d[k] : 1
        1 <= I[k] <= n || throw(BoundsError(B, I))
        lin += (I[k] - 1) * stride
        stride *= n
    end
    return lin + 1
end
getindex(B::BitArray, i::Integer, j::Integer) = _bits_get(B.chunks, _bit_linear(B, (i, j)))
getindex(B::BitArray, i::Integer, j::Integer, k::Integer, rest::Integer...) =
    _bits_get(B.chunks, _bit_linear(B, (i, j, k, rest...)))
function setindex!(B::BitArray, x, i::Integer, j::Integer)
    _bits_set!(B.chunks, _bit_linear(B, (i, j)), convert(Bool, x))
    return B
end
function setindex!(B::BitArray, x, i::Integer, j::Integer, k::Integer, rest::Integer...)
    _bits_set!(B.chunks, _bit_linear(B, (i, j, k, rest...)), convert(Bool, x))
    return B
end
function _bit_result(r)
    r isa Array{Bool} && return _bitarray_of(r)
    return r
end
getindex(B::BitArray, i, j) = _bit_result(getindex(_unpack(B), i, j))
getindex(B::BitArray, i, j, k, rest...) = _bit_result(getindex(_unpack(B), i, j, k, rest...))
function getindex(B::BitArray, I::AbstractVector)
    checkbounds(B, I)
    J = eltype(I) === Bool ? findall(I) : I
    out = Vector{Bool}(undef, length(J))
    k = 1
    for i in J
        out[k] = _bits_get(B.chunks, i)
        k += 1
    end
    return _bitarray_of(out)
end
getindex(B::BitArray, ::typeof(:)) = _bitarray_of(_bits_unpack(B.chunks, B.len))
function _bit_setindex!(B::BitArray, X, I::Tuple)
    A = _unpack(B)
    setindex!(A, X, I...)
    _bits_pack!(B.chunks, A)
    return B
end
setindex!(B::BitArray, X, I) = _bit_setindex!(B, X, (I,))
setindex!(B::BitArray, X, i, j) = _bit_setindex!(B, X, (i, j))
setindex!(B::BitArray, X, i, j, k, rest...) = _bit_setindex!(B, X, (i, j, k, rest...))

# Logical indexing of the runtime's arrays by a mask (`v[v .> 0]`, `v[mask] = xs`).
# (By linear positions: a mask of the array's shape selects in column-major order.)
function getindex(A::Array, I::BitArray)
    checkbounds(Bool, A, I) || throw(BoundsError(A, (I,)))
    return A[_bits_findall(I.chunks)]
end
getindex(A::Array, I::AbstractVector{Bool}) = A[findall(I)]
setindex!(A::Array, X, I::BitArray) = setindex!(A, X, _bits_findall(I.chunks))
setindex!(A::Array, X, I::AbstractVector{Bool}) = setindex!(A, X, findall(I))

iterate(B::BitArray, i::Int = 1) = i > B.len ? nothing : (_bits_get(B.chunks, i), i + 1)

checkbounds(::Type{Bool}, A::AbstractArray, I::BitArray) = size(A) == size(I) || (ndims(I) == 1 && length(A) == length(I))

# ----- growing and shrinking (vectors) -----

function push!(B::BitVector, x)
    y = convert(Bool, x)
    n = B.len + 1
    _bits_resize!(B.chunks, n)
    B.len = n
    B.dims = (n,)
    _bits_set!(B.chunks, n, y)
    return B
end
function append!(B::BitVector, items)
    for x in items
        push!(B, x)
    end
    return B
end
function resize!(B::BitVector, n::Integer)
    n >= 0 || throw(ArgumentError("new length must be ≥ 0"))
    _bits_resize!(B.chunks, Int(n))
    B.len = Int(n)
    B.dims = (Int(n),)
    return B
end
function pop!(B::BitVector)
    isempty(B) && throw(ArgumentError("argument must not be empty"))
    x = B[B.len]
    resize!(B, B.len - 1)
    return x
end
empty!(B::BitVector) = resize!(B, 0)
function reverse(B::BitVector)
    v = _bits_unpack(B.chunks, B.len)
    return _bitarray_of(reverse(v))
end
function reverse!(B::BitVector)
    v = _bits_unpack(B.chunks, B.len)
    _bits_pack!(B.chunks, reverse(v))
    return B
end

# ----- counting and searching -----

count(B::BitArray) = _bits_count(B.chunks)
sum(B::BitArray; dims = nothing) = dims === nothing ? count(B) : sum(_unpack(B); dims = dims)
maximum(B::BitArray) = isempty(B) ? throw(ArgumentError("argument must be non-empty")) : any(B)
minimum(B::BitArray) = isempty(B) ? throw(ArgumentError("argument must be non-empty")) : all(B)

findall(B::BitVector) = _bits_findall(B.chunks)
function findnext(B::BitVector, start::Integer)
    start > 0 || throw(BoundsError(B, start))
    i = _bits_findnext(B.chunks, B.len, Int(start), true)
    return i == 0 ? nothing : i
end
findfirst(B::BitVector) = findnext(B, 1)
# A predicate of a `Bool` that picks `true` or `false` (`!`, `==(false)`) searches the chunks.
function findnext(f::Function, B::BitVector, start::Integer)
    f0 = f(false)
    f1 = f(true)
    (f0 isa Bool && f1 isa Bool) || return _findnext_generic(f, B, start)
    start > 0 || throw(BoundsError(B, start))
    start > B.len && return nothing
    f0 == f1 && return f0 ? Int(start) : nothing
    i = _bits_findnext(B.chunks, B.len, Int(start), f1)
    return i == 0 ? nothing : i
end
function _findnext_generic(f, B, start)
    for i in start:length(B)
        f(B[i]) && return i
    end
    return nothing
end
findfirst(f::Function, B::BitVector) = findnext(f, B, 1)

# ----- bitwise maps -----

map(::Union{typeof(~), typeof(!)}, B::BitArray) =
    BitArray{ndims(B)}(_bits_map(0, B.chunks, B.chunks, B.len), B.len, B.dims)
map(::typeof(identity), B::BitArray) = copy(B)
map(::typeof(zero), B::BitArray) = falses(size(B)...)
map(::typeof(one), B::BitArray) = trues(size(B)...)
function _bits_binop(f)
    (f === (&) || f === (*) || f === min) && return 1
    (f === (|) || f === max) && return 2
    (f === xor || f === (!=)) && return 3
    return 0
end
function map(f::Union{typeof(&), typeof(*), typeof(min), typeof(|), typeof(max), typeof(xor), typeof(!=)},
             A::BitArray, B::BitArray)
    size(A) == size(B) || throw(DimensionMismatch("sizes of A and B must match"))
    return BitArray{ndims(A)}(_bits_map(_bits_binop(f), A.chunks, B.chunks, A.len), A.len, A.dims)
end

# The broadcast of `!`/`~` over one `BitArray`, or of `&`, `|`, `xor` over two of one shape,
# works on whole chunks (`nothing` otherwise).
function _bc_bits(bc)
    args = bc.args
    f = bc.f
    if length(args) == 1 && args[1] isa BitArray && (f === (!) || f === (~))
        return map(!, args[1])
    end
    if length(args) == 2 && args[1] isa BitArray && args[2] isa BitArray &&
       size(args[1]) == size(args[2]) && (f === (&) || f === (|) || f === xor)
        return map(f, args[1], args[2])
    end
    return nothing
end

(==)(A::BitArray, B::BitArray) = size(A) == size(B) && A.chunks == B.chunks
(-)(B::BitArray) = -_unpack(B)

# A reshaped `BitArray` shares its chunks, as Julia's does.
function reshape(B::BitArray, dims::Integer...)
    n = prod(dims)
    n == B.len || throw(DimensionMismatch("new dimensions $(dims) must be consistent with array size $(B.len)"))
    return BitArray{length(dims)}(B.chunks, n, map(Int, dims))
end
reshape(B::BitArray, dims::Tuple) = reshape(B, dims...)
vec(B::BitArray) = reshape(B, B.len)
vec(B::BitVector) = B

# `any(A; dims)`, `all(A; dims)`: the `Bool`s of each slice, in an array of the reduced shape (a
# `BitArray` when `A` is one: Julia's `similar(A, Bool, …)`).
function any(A::AbstractArray; dims = nothing)
    dims === nothing && return any(identity, A)
    r = _reduce_dims(any, A, dims)
    return A isa BitArray ? _bitarray_of(r) : r
end
function all(A::AbstractArray; dims = nothing)
    dims === nothing && return all(identity, A)
    r = _reduce_dims(all, A, dims)
    return A isa BitArray ? _bitarray_of(r) : r
end
any(B::BitArray; dims = nothing) = dims === nothing ? _bits_findnext(B.chunks, B.len, 1, true) != 0 :
    _bitarray_of(_reduce_dims(any, B, dims))
all(B::BitArray; dims = nothing) = dims === nothing ? _bits_findnext(B.chunks, B.len, 1, false) == 0 :
    _bitarray_of(_reduce_dims(all, B, dims))

filter(f, B::BitArray) = B[map(f, B)]
vcat(V::BitVector...) = _bitarray_of(vcat(map(_unpack, V)...))

# Equal contents are equal and hash alike, whatever the array type (as for any `AbstractArray`).
isequal(A::BitArray, B::BitArray) = A == B
isequal(A::BitArray, B::AbstractArray) = size(A) == size(B) && isequal(_unpack(A), B)
isequal(A::AbstractArray, B::BitArray) = isequal(B, A)
hash(B::BitArray, h::UInt) = hash(_unpack(B), h)

# Edits inside a vector: done on its `Bool`s, packed again.
function _bits_assign!(B::BitVector, v::Vector{Bool})
    _bits_pack!(B.chunks, v)
    B.len = length(v)
    B.dims = (length(v),)
    return B
end
function deleteat!(B::BitVector, i)
    v = _bits_unpack(B.chunks, B.len)
    deleteat!(v, i)
    return _bits_assign!(B, v)
end
function insert!(B::BitVector, i::Integer, x)
    1 <= i <= B.len + 1 || throw(BoundsError(B, i))
    v = _bits_unpack(B.chunks, B.len)
    insert!(v, i, convert(Bool, x))
    return _bits_assign!(B, v)
end
pushfirst!(B::BitVector, x) = insert!(B, 1, x)
function popfirst!(B::BitVector)
    isempty(B) && throw(ArgumentError("argument must not be empty"))
    x = B[1]
    deleteat!(B, 1)
    return x
end
