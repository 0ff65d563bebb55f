# Enumerated types and `@enum`, as Julia's base/Enums.jl. Julia makes each enum a primitive
# type of its base type's size; here it is an immutable struct holding the base type's value
# (field `val`), built only by its checking constructor.

abstract type Enum{T<:Integer} end

# `@enum` adds, for its type `E`: `namemap(E)` (value => name), `_enum_module(E)` (the module
# it ran in), `instances(E)`.
function namemap end
function _enum_module end
function instances end

basetype(::Type{E}) where {T<:Integer,E<:Enum{T}} = T

# Julia's `(::Type{T})(x::Enum{T2}) where {T<:Integer,T2<:Integer}`, one method per type.
for T in (Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64, Bool)
    @eval $(Symbol(string(T)))(x::Enum) = $(Symbol(string(T)))(getfield(x, :val))
end
Integer(x::Enum) = getfield(x, :val)

isless(x::T, y::T) where {T<:Enum} = isless(getfield(x, :val), getfield(y, :val))

Symbol(x::Enum) = namemap(typeof(x))[getfield(x, :val)]::Symbol

print(io::IO, x::Enum) = print(io, Symbol(x))

function show(io::IO, x::Enum)
    sym = Symbol(x)
    def = _enum_module(typeof(x))
    if def !== Main
        show(io, def)
        print(io, ".")
    end
    print(io, sym)
end

# What the REPL and `display` print (Julia's `show(io, ::MIME"text/plain", x::Enum)`).
function show(io::IO, ::MIME"text/plain", x::Enum)
    print(io, x, "::")
    print(io, typeof(x))
    print(io, " = ")
    show(io, Integer(x))
end

broadcastable(x::Enum) = Ref(x)

enum_argument_error(typename, x) = throw(ArgumentError(string("invalid value for Enum $(typename): $x")))

# Generate code to test whether `expr` is in the given set of values.
function _enum_membershiptest(expr, values)
    lo, hi = extrema(values)
    if length(values) == hi - lo + 1
        :($lo <= $expr <= $hi)
    else
        ex = :($expr == $(values[1]))
        for v in values[2:end]
            ex = :($ex || ($expr == $v))
        end
        ex
    end
end

_enum_basetypes() = (Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64, Bool)

macro enum(T, syms...)
    if isempty(syms)
        throw(ArgumentError("no arguments given for Enum $T"))
    end
    basetype = Int32
    typename = T
    if isa(T, Expr) && T.head === :(::) && length(T.args) == 2 && isa(T.args[1], Symbol)
        typename = T.args[1]
        basetype = Core.eval(__module__, T.args[2])
        if !(basetype in _enum_basetypes())
            throw(ArgumentError("invalid base type for Enum $typename, $T=::$basetype; base type must be an integer primitive type"))
        end
    elseif !isa(T, Symbol)
        throw(ArgumentError("invalid type expression for enum $T"))
    end
    values = basetype[]
    seen = Set{Symbol}()
    names = Dict{basetype,Symbol}()
    lo = hi = 0
    i = zero(basetype)
    hasexpr = false

    if length(syms) == 1 && syms[1] isa Expr && syms[1].head === :block
        syms = syms[1].args
    end
    for s in syms
        s isa LineNumberNode && continue
        if isa(s, Symbol)
            if i == typemin(basetype) && !isempty(values)
                throw(ArgumentError("overflow in value \"$s\" of Enum $typename"))
            end
        elseif isa(s, Expr) &&
               (s.head === :(=) || s.head === :kw) &&
               length(s.args) == 2 && isa(s.args[1], Symbol)
            i = Core.eval(__module__, s.args[2]) # allow exprs, e.g. uint128"1"
            if !isa(i, Integer)
                throw(ArgumentError("invalid value for Enum $typename, $s; values must be integers"))
            end
            i = convert(basetype, i)
            s = s.args[1]
            hasexpr = true
        else
            throw(ArgumentError(string("invalid argument for Enum ", typename, ": ", s)))
        end
        if hasexpr && haskey(names, i)
            throw(ArgumentError("both $s and $(names[i]) have value $i in Enum $typename; values must be unique"))
        end
        names[i] = s
        push!(values, i)
        if s in seen
            throw(ArgumentError("name \"$s\" in Enum $typename is not unique"))
        end
        push!(seen, s)
        if length(values) == 1
            lo = hi = i
        else
            lo = min(lo, i)
            hi = max(hi, i)
        end
        i += one(i)
    end
    ctor = Expr(:function, Expr(:call, typename, :(x::Integer)), quote
        $(_enum_membershiptest(:x, values)) || Base.enum_argument_error($(QuoteNode(typename)), x)
        return new(convert($basetype, x))
    end)
    def = Expr(:struct, false, Expr(:(<:), typename, :(Base.Enum{$basetype})),
               Expr(:block, :(val::$basetype), ctor))
    blk = quote
        $def
        Base.namemap(::Type{$typename}) = $names
        Base._enum_module(::Type{$typename}) = $__module__
        Base.typemin(x::Type{$typename}) = $typename($lo)
        Base.typemax(x::Type{$typename}) = $typename($hi)
        Base.instances(::Type{$typename}) = $(Expr(:tuple, map(v -> :($typename($v)), values)...))
    end
    for (i, sym) in names
        push!(blk.args, :(const $sym = $typename($i)))
    end
    push!(blk.args, :nothing)
    blk.head = :toplevel
    return esc(blk)
end
