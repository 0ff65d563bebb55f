# Code as data: `Expr` helpers, `Meta`, `dump`, and Base's macros (`@show`, `@assert`, `@time`,
# `@eval`, `@macroexpand`, …), written as ordinary macros. `Expr`, `QuoteNode` and
# `LineNumberNode` are Core's types; quoting, hygiene and evaluation are the runtime's.

"""
    LoadError(file, line, error)

An error thrown while a macro call at `file:line` was being expanded.
"""
struct LoadError <: Exception
    file::String
    line::Int
    error
end

function ==(a::Expr, b::Expr)
    a.head === b.head || return false
    length(a.args) == length(b.args) || return false
    for i in 1:length(a.args)
        a.args[i] == b.args[i] || return false
    end
    return true
end
==(a::QuoteNode, b::QuoteNode) = a.value == b.value

function copy(e::Expr)
    args = Any[]
    for a in e.args
        push!(args, _copyast(a))
    end
    return Expr(e.head, args...)
end
_copyast(e::Expr) = copy(e)
_copyast(x) = x

esc(e) = Expr(:escape, e)

Symbol(a, b, xs...) = Symbol(string(a, b, xs...))

# `a + b + c` is one call in Julia's syntax (`Expr(:call, :+, a, b, c)`), evaluated pairwise.
function +(a, b, c, xs...)
    s = (a + b) + c
    for x in xs
        s = s + x
    end
    return s
end
function *(a, b, c, xs...)
    s = (a * b) * c
    for x in xs
        s = s * x
    end
    return s
end

function remove_linenums!(ex::Expr)
    if ex.head === :block || ex.head === :quote
        kept = Any[]
        for a in ex.args
            a isa LineNumberNode || push!(kept, a)
        end
        empty!(ex.args)
        append!(ex.args, kept)
    end
    for a in ex.args
        a isa Expr && remove_linenums!(a)
    end
    return ex
end
remove_linenums!(x) = x

module Meta
parse(s::AbstractString) = Base._parse_expr(String(s))
quot(ex) = Expr(:quote, ex)
isexpr(ex, head::Symbol) = isa(ex, Expr) && ex.head === head
isexpr(ex, head::Symbol, n::Int) = isa(ex, Expr) && ex.head === head && length(ex.args) == n
end

dump(x) = (_dump(x, ""); nothing)
function _dump(x::Expr, indent)
    println("Expr")
    println(indent, "  head: Symbol ", x.head)
    println(indent, "  args: Array{Any}((", length(x.args), ",))")
    for i in 1:length(x.args)
        print(indent, "    ", i, ": ")
        _dump(x.args[i], string(indent, "    "))
    end
end
function _dump(x::QuoteNode, indent)
    println("QuoteNode")
    print(indent, "  value: ")
    _dump(x.value, string(indent, "  "))
end
function _dump(x::LineNumberNode, indent)
    println("LineNumberNode")
    println(indent, "  line: Int64 ", x.line)
    print(indent, "  file: ")
    _dump(x.file, string(indent, "  "))
end
_dump(x::Symbol, indent) = println("Symbol ", x)
_dump(x::String, indent) = println("String ", repr(x))
_dump(x::Nothing, indent) = println("Nothing nothing")
_dump(x, indent) = println(typeof(x), " ", repr(x))

macro show(exs...)
    blk = Expr(:block)
    for ex in exs
        push!(blk.args, :(println($(string(_unquoted(ex), " = ")),
                                  repr(begin local value = $(esc(ex)) end))))
    end
    isempty(exs) || push!(blk.args, :value)
    return blk
end

macro assert(ex, msgs...)
    msg = isempty(msgs) ? ex : msgs[1]
    if isa(msg, AbstractString)
        msg = msg
    elseif !isempty(msgs) && (isa(msg, Expr) || isa(msg, Symbol))
        msg = :(string($(esc(msg))))
    else
        msg = _unquoted(msg)
    end
    return :($(esc(ex)) ? $(nothing) : throw(AssertionError($msg)))
end

macro time(ex)
    quote
        local t0 = time_ns()
        local val = $(esc(ex))
        _print_elapsed(time_ns() - t0)
        val
    end
end

macro elapsed(ex)
    quote
        local t0 = time_ns()
        $(esc(ex))
        (time_ns() - t0) / 1e9
    end
end

# Hints to Julia's compiler; the interpreter runs the code as written.
macro inbounds(ex)
    esc(ex)
end
macro inline(ex)
    esc(ex)
end
macro noinline(ex)
    esc(ex)
end
macro propagate_inbounds(ex)
    esc(ex)
end
macro simd(ex)
    esc(ex)
end
macro boundscheck(ex)
    esc(ex)
end
macro nospecialize(exs...)
    length(exs) == 1 ? esc(exs[1]) : nothing
end

macro gensym(names...)
    blk = Expr(:block)
    for name in names
        push!(blk.args, :($(esc(name)) = gensym($(string(name)))))
    end
    push!(blk.args, :nothing)
    return blk
end

macro __LINE__()
    return __source__.line
end

macro __FILE__()
    __source__.file === nothing && return nothing
    return string(__source__.file)
end

macro __DIR__()
    __source__.file === nothing && return nothing
    return dirname(string(__source__.file))
end

macro __MODULE__()
    return __module__
end

# `@isdefined x`: whether the local or global `x` has a value here (lowering answers for a
# local; a global is asked of the module).
macro isdefined(s::Symbol)
    return esc(Expr(:call, Symbol("#isdefined"), s, __module__))
end

macro eval(ex)
    return esc(Expr(:call, :(Core.eval), __module__, Expr(:quote, ex)))
end

macro eval(mod, ex)
    return esc(Expr(:call, :(Core.eval), mod, Expr(:quote, ex)))
end

macro macroexpand(code)
    return :(macroexpand($__module__, $(QuoteNode(code))))
end
