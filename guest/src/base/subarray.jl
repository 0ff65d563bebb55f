# Views (Julia's base/subarray.jl and base/views.jl): `view(A, I...)` is a `SubArray` holding
# the parent and the indices, through which reading and writing go to the parent. A colon is
# kept as `Slice(OneTo(n))`, as Julia's `to_indices` makes it, so `typeof` prints the same; a
# view of a view indexes its parent directly (Julia's `reindex`).

# ----- SubArray -----

struct SubArray{T,N,P,I,L} <: AbstractArray{T,N}
    parent::P
    indices::I
    offset1::Int64
    stride1::Int64
end

const ViewIndex = Union{Real, AbstractArray}

parent(V::SubArray) = V.parent
parentindices(V::SubArray) = V.indices
parent(A::AbstractArray) = A
parentindices(A::AbstractArray) = axes(A)

eltype(::SubArray{T}) where {T} = T
eltype(::Type{SubArray{T,N,P,I,L}}) where {T,N,P,I,L} = T

# Julia's `to_indices`: a colon becomes the slice of its dimension (of the trailing dimensions
# together when it is the last index of fewer than `ndims(A)`), a `Bool` mask the indices it
# selects; integers, ranges and vectors stay.
function _to_indices(A, I::Tuple)
    n = length(I)
    out = Vector{Any}(undef, 0)
    for d in 1:n
        i = I[d]
        if i isa Colon
            len = n == 1 ? length(A) :
                  d == n ? prod(Int[size(A, k) for k in d:max(d, ndims(A))]) : size(A, d)
            push!(out, Slice(OneTo(len)))
        elseif i isa CartesianIndex
            append!(out, Tuple(i))
        elseif i isa AbstractArray{Bool}
            push!(out, findall(i))
        elseif i isa Integer
            push!(out, Int(i))
        elseif i isa Real
            throw(ArgumentError("invalid index: $i of type $(typeof(i))"))
        elseif i isa AbstractArray
            push!(out, i)
        else
            throw(ArgumentError("invalid index: $(repr(i)) of type $(typeof(i))"))
        end
    end
    return tuple(out...)
end

# The length of the dimension `d` of `A` that the `d`-th of `n` indices addresses.
function _index_extent(A, d, n)
    n == 1 && return length(A)
    d < n && return size(A, d)
    len = 1
    for k in d:max(d, ndims(A))
        len *= size(A, k)
    end
    return len
end

function _checkbounds_indices(A, J::Tuple, I::Tuple)
    n = length(J)
    for d in 1:n
        j = J[d]
        len = _index_extent(A, d, n)
        ok = if j isa Integer
            1 <= j <= len
        elseif j isa Slice
            length(j) == len
        elseif j isa AbstractRange
            isempty(j) || (1 <= first(j) <= len && 1 <= last(j) <= len)
        else
            all(k -> 1 <= k <= len, j)
        end
        ok || throw(BoundsError(A, I))
    end
    return nothing
end

# Julia's `viewindexing`: whether elements of the view are a fixed stride apart in the parent
# (`L` of `SubArray{T,N,P,I,L}`).
function _viewindexing(J::Tuple)
    k = 1
    n = length(J)
    # Leading scalars.
    while k <= n && J[k] isa Real
        k += 1
    end
    k > n && return true
    # Slices, then one range, then only scalars.
    while k < n && J[k] isa Slice && J[k+1] isa Slice
        k += 1
    end
    J[k] isa AbstractRange || return false
    for m in k+1:n
        J[m] isa Real || return false
    end
    return true
end

_fast_linear(A::Array) = true
_fast_linear(A::AbstractRange) = true
_fast_linear(V::SubArray{T,N,P,I,L}) where {T,N,P,I,L} = L
_fast_linear(A) = false

function _subarray(P, J::Tuple)
    N = 0
    for j in J
        j isa Real || (N += 1)
    end
    L = _fast_linear(P) && _viewindexing(J)
    return SubArray{eltype(P), N, typeof(P), typeof(J), L}(P, J, 0, 0)
end

"""
    view(A, inds...)

A `SubArray` of `A` at `inds`: reads and writes go to `A`.
"""
function view(A::AbstractArray, I...)
    J = _to_indices(A, I)
    _checkbounds_indices(A, J, I)
    return _subarray(A, J)
end

# A view of a view indexes the first view's parent (when it is indexed in every dimension).
function view(V::SubArray, I...)
    J = _to_indices(V, I)
    _checkbounds_indices(V, J, I)
    (length(J) == ndims(V) || ndims(V) == 1) || return _subarray(V, J)
    idx = V.indices
    out = Vector{Any}(undef, length(idx))
    k = 0
    for d in 1:length(idx)
        x = idx[d]
        if x isa Real
            out[d] = x
        else
            k += 1
            j = J[k]
            out[d] = x isa Slice ? j : j isa Slice ? x : x[j]
        end
    end
    return _subarray(V.parent, tuple(out...))
end

view(A, I...) = throw(MethodError(view, (A, I...)))

function size(V::SubArray)
    out = Int64[]
    for j in V.indices
        j isa Real || push!(out, length(j))
    end
    return tuple(out...)
end
function size(V::SubArray, d::Integer)
    d < 1 && throw(ArgumentError("dimension out of range"))
    k = 0
    for j in V.indices
        if !(j isa Real)
            k += 1
            k == d && return length(j)
        end
    end
    return 1
end
function length(V::SubArray)
    n = 1
    for j in V.indices
        j isa Real || (n *= length(j))
    end
    return n
end
ndims(::SubArray{T,N}) where {T,N} = N
lastindex(V::SubArray) = length(V)
firstindex(V::SubArray) = 1
axes(V::SubArray) = map(n -> OneTo(n), size(V))
eachindex(V::SubArray) = OneTo(length(V))

# The parent's indices of the element at view indices `I` (one per dimension of the view).
function _parent_index(V::SubArray, I)
    idx = V.indices
    n = length(idx)
    if n == 1
        j = idx[1]
        return (j isa Real ? j : j[I[1]],)
    end
    out = Vector{Any}(undef, n)
    k = 0
    for d in 1:n
        x = idx[d]
        if x isa Real
            out[d] = x
        else
            k += 1
            out[d] = x[I[k]]
        end
    end
    return tuple(out...)
end

# Integer indices into `V` (linear or one per dimension) as one per dimension of `V`.
function _view_cartesian(V::SubArray, I::Tuple)
    N = ndims(V)
    length(I) == N && return I
    if length(I) == 1 && N != 1
        i = I[1]
        (1 <= i <= length(V)) || throw(BoundsError(V, I))
        out = Vector{Int64}(undef, N)
        r = i - 1
        for d in 1:N
            s = size(V, d)
            out[d] = r % s + 1
            r = div(r, s)
        end
        return tuple(out...)
    end
    # Trailing indices beyond the view's dimensions must be 1; missing ones are 1.
    if length(I) > N
        for m in N+1:length(I)
            I[m] == 1 || throw(BoundsError(V, I))
        end
        return I[1:N]
    end
    return (I..., ntuple(_ -> 1, N - length(I))...)
end

function _view_checkbounds(V::SubArray, I::Tuple, C::Tuple)
    for d in 1:length(C)
        (1 <= C[d] <= size(V, d)) || throw(BoundsError(V, I))
    end
end

_isscalars(I::Tuple) = all(i -> i isa Integer, I)

function _view_getindex(V::SubArray, I::Tuple)
    if _isscalars(I)
        C = _view_cartesian(V, I)
        _view_checkbounds(V, I, C)
        return getindex(V.parent, _parent_index(V, C)...)
    end
    W = view(V, I...)
    return _copy_view(W)
end

getindex(V::SubArray, i) = _view_getindex(V, (i,))
getindex(V::SubArray, I::AbstractVector) = _view_getindex(V, (I,))
getindex(V::SubArray, I::typeof(:)) = _view_getindex(V, (I,))
# The common cases without building index tuples: a vector view (`view(v, r)`, a column or
# row of a matrix) indexed by one integer, and a matrix view indexed linearly.
function getindex(V::SubArray{T,1}, i::Int64) where {T}
    idx = V.indices
    n = length(idx)
    if n == 1
        a = idx[1]
        (1 <= i <= length(a)) || throw(BoundsError(V, (i,)))
        return V.parent[a[i]]
    elseif n == 2
        a, b = idx
        if b isa Int64
            (1 <= i <= length(a)) || throw(BoundsError(V, (i,)))
            return V.parent[a[i], b]
        elseif a isa Int64
            (1 <= i <= length(b)) || throw(BoundsError(V, (i,)))
            return V.parent[a, b[i]]
        end
    end
    return _view_getindex(V, (i,))
end
function getindex(V::SubArray{T,2}, i::Int64) where {T}
    idx = V.indices
    if length(idx) == 2
        a, b = idx
        m = length(a)
        (1 <= i <= m * length(b)) || throw(BoundsError(V, (i,)))
        c, r = divrem(i - 1, m)
        return V.parent[a[r + 1], b[c + 1]]
    end
    return _view_getindex(V, (i,))
end
getindex(V::SubArray, i, j) = _view_getindex(V, (i, j))
getindex(V::SubArray, i, j, k, rest...) = _view_getindex(V, (i, j, k, rest...))
getindex(V::SubArray, I::CartesianIndex) = _view_getindex(V, Tuple(I))

function _view_setindex!(V::SubArray, x, I::Tuple)
    if _isscalars(I)
        C = _view_cartesian(V, I)
        _view_checkbounds(V, I, C)
        setindex!(V.parent, x, _parent_index(V, C)...)
        return V
    end
    W = view(V, I...)
    x isa AbstractArray || throw(ArgumentError("indexed assignment with a single value to possibly many locations is not supported; perhaps use broadcasting `.=` instead?"))
    length(x) == length(W) || throw(DimensionMismatch("tried to assign $(length(x)) elements to $(length(W)) destinations"))
    k = 0
    for y in x
        k += 1
        W[k] = y
    end
    return V
end
setindex!(V::SubArray, x, i) = _view_setindex!(V, x, (i,))
function setindex!(V::SubArray{T,1}, x, i::Int64) where {T}
    idx = V.indices
    if length(idx) == 1
        a = idx[1]
        (1 <= i <= length(a)) || throw(BoundsError(V, (i,)))
        V.parent[a[i]] = x
        return V
    end
    return _view_setindex!(V, x, (i,))
end
setindex!(V::SubArray, x, i, j) = _view_setindex!(V, x, (i, j))
setindex!(V::SubArray, x, i, j, k, rest...) = _view_setindex!(V, x, (i, j, k, rest...))
setindex!(V::SubArray, x, I::CartesianIndex) = _view_setindex!(V, x, Tuple(I))

iterate(V::SubArray, i = 1) = i > length(V) ? nothing : (V[i], i + 1)

function _copy_view(V::SubArray)
    n = length(V)
    out = Vector{eltype(V)}(undef, n)
    for i in 1:n
        out[i] = V[i]
    end
    return ndims(V) == 1 ? out : reshape(out, size(V)...)
end
copy(V::SubArray) = _copy_view(V)
# An array indexed by a view: by the view's elements.
getindex(A::Array, V::SubArray) = A[_copy_view(V)]
collect(V::SubArray) = _copy_view(V)
similar(V::SubArray) = Array{eltype(V)}(undef, size(V)...)

function sort!(V::SubArray; lt = isless, by = identity, rev::Bool = false)
    s = sort!(_copy_view(V); lt = lt, by = by, rev = rev)
    for i in 1:length(s)
        V[i] = s[i]
    end
    return V
end

sum(V::SubArray; dims = nothing) = dims === nothing ? sum(_copy_view(V)) : sum(_copy_view(V); dims = dims)
prod(V::SubArray; dims = nothing) = dims === nothing ? prod(_copy_view(V)) : prod(_copy_view(V); dims = dims)
maximum(V::SubArray; dims = nothing) =
    dims === nothing ? maximum(_copy_view(V)) : maximum(_copy_view(V); dims = dims)
minimum(V::SubArray; dims = nothing) =
    dims === nothing ? minimum(_copy_view(V)) : minimum(_copy_view(V); dims = dims)

# ----- printing -----

# `print(io, i)` of each index, a colon for a whole dimension (Julia's `showindices`).
function _showindices(io::IO, idx::Tuple)
    for j in idx
        print(io, ", ")
        j isa Slice ? print(io, ":") : print(io, j)
    end
end

# Julia's `showarg`: the parent's type, or the view's own call.
_showarg(io::IO, x, toplevel::Bool) = print(io, "::", typeof(x))
function _showarg(io::IO, V::SubArray, toplevel::Bool)
    print(io, "view(")
    _showarg(io, V.parent, false)
    _showindices(io, V.indices)
    print(io, ")")
    toplevel && print(io, " with eltype ", eltype(V))
    return nothing
end

function summary(io::IO, V::SubArray)
    print(io, _dims_string(size(V)), " ")
    _showarg(io, V, true)
end

show(io::IO, V::SubArray) = show(io, _copy_view(V))

function show(io::IO, ::MIME"text/plain", V::SubArray)
    summary(io, V)
    length(V) == 0 && return nothing
    s = _display_text(_copy_view(V))
    k = findfirst('\n', s)
    print(io, ":", s[k:end])
end

# ----- @view, @views -----

# The target of `A[…]` inside `@view`/`@views`: indexing it makes a view of `A` (`@views` keeps
# an element for all-scalar indices, Julia's `maybeview`); assigning to it assigns to `A`.
struct _ViewRef{A}
    a::A
    always::Bool
end
function getindex(r::_ViewRef, I...)
    a = r.a
    if a isa AbstractArray && (r.always || !all(i -> i isa Integer || i isa CartesianIndex, I))
        return view(a, I...)
    end
    return getindex(a, I...)
end
setindex!(r::_ViewRef, x, I...) = setindex!(r.a, x, I...)
lastindex(r::_ViewRef) = lastindex(r.a)
lastindex(r::_ViewRef, d) = lastindex(r.a, d)
firstindex(r::_ViewRef) = firstindex(r.a)
firstindex(r::_ViewRef, d) = firstindex(r.a, d)
dotview(r::_ViewRef, I...) = dotview(r.a, I...)

# `x[I...] .= v`: assigns into the view (or the element, for scalar indices), as Julia's
# `dotview`.
dotview(A, I...) = getindex(A, I...)
dotview(A::AbstractArray, I...) =
    all(i -> i isa Integer || i isa CartesianIndex, I) ? getindex(A, I...) : view(A, I...)

_view_ref(a) = _ViewRef(a, true)
_maybe_view_ref(a) = _ViewRef(a, false)

macro view(ex)
    (ex isa Expr && ex.head === :ref) ||
        throw(ArgumentError("Invalid use of @view macro: argument must be a reference expression A[...]."))
    return esc(Expr(:ref, Expr(:call, _view_ref, ex.args[1]), ex.args[2:end]...))
end

macro views(ex)
    return esc(_views(ex))
end

_views(x) = x
function _views(ex::Expr)
    ex.head === :quote && return ex
    if ex.head === :ref
        args = Any[_views(a) for a in ex.args]
        return Expr(:ref, Expr(:call, _maybe_view_ref, args[1]), args[2:end]...)
    end
    return Expr(ex.head, Any[_views(a) for a in ex.args]...)
end

"""
    selectdim(A, d, i)

A view of `A` with index `i` in dimension `d` and every index in the others.
"""
function selectdim(A::AbstractArray, d::Integer, i)
    1 <= d || throw(ArgumentError("dimension $d must be ≥ 1"))
    I = Any[(:) for _ in 1:max(d, ndims(A))]
    I[d] = i
    return view(A, I...)
end
