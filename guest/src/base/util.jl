# `@kwdef`, as Julia's base/util.jl: a struct whose fields may have defaults, and a keyword
# constructor (`T(; a = 1, b)`; a field without a default is a required keyword).

macro kwdef(expr)
    expr = macroexpand(__module__, expr) # to expand @static
    (expr isa Expr && expr.head === :struct) || error("Invalid usage of @kwdef")
    T = expr.args[2]
    if T isa Expr && T.head === :<:
        T = T.args[1]
    end
    params_ex = Expr(:parameters)
    call_args = Any[]
    _kwdef!(expr.args[3], params_ex.args, call_args)
    # Only define a constructor if the type has fields, otherwise we'll get a stack
    # overflow on construction
    if !isempty(params_ex.args)
        if T isa Symbol
            kwdefs = Expr(:function, Expr(:call, T, params_ex), Expr(:block, Expr(:call, T, call_args...)))
        elseif T isa Expr && T.head === :curly
            # Julia also defines `S{A,B}(; …) where {A<:AA,B<:BB}`; methods of an applied
            # type (`S{A,B}(…) = …`) cannot be defined here yet, so only `S(; …)` exists.
            S = T.args[1]
            kwdefs = Expr(:function, Expr(:call, S, params_ex), Expr(:block, Expr(:call, S, call_args...)))
        else
            error("Invalid usage of @kwdef")
        end
    else
        kwdefs = nothing
    end
    return esc(Expr(:block, expr, kwdefs, nothing))
end

function _kwdef!(blk, params_args, call_args)
    for i in eachindex(blk.args)
        ei = blk.args[i]
        if ei isa Symbol
            #  var
            push!(params_args, ei)
            push!(call_args, ei)
        elseif ei isa Expr
            is_const = ei.head === :const
            ei = is_const ? first(ei.args) : ei # strip "const" and add it back later
            if ei isa Symbol
                # const var
                push!(params_args, ei)
                push!(call_args, ei)
            elseif ei.head === :(=)
                lhs = ei.args[1]
                if lhs isa Symbol
                    #  var = defexpr
                    var = lhs
                elseif lhs isa Expr && lhs.head === :(::) && lhs.args[1] isa Symbol
                    #  var::T = defexpr
                    var = lhs.args[1]
                else
                    # something else, e.g. inline inner constructor
                    #   F(...) = ...
                    continue
                end
                defexpr = ei.args[2]  # defexpr
                push!(params_args, Expr(:kw, var, defexpr))
                push!(call_args, var)
                lhs = is_const ? Expr(:const, lhs) : lhs
                blk.args[i] = lhs # overrides arg
            elseif ei.head === :(::) && ei.args[1] isa Symbol
                # var::Typ
                var = ei.args[1]
                push!(params_args, var)
                push!(call_args, var)
            elseif ei.head === :block
                # can arise with use of @static inside type decl
                _kwdef!(ei, params_args, call_args)
            end
        end
    end
    blk
end
