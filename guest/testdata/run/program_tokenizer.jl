# A tokenizer and a recursive-descent evaluator for arithmetic with variables.
@enum Kind NUM IDENT OP LPAREN RPAREN EOF_

struct Token
    kind::Kind
    text::String
    pos::Int
end
Base.show(io::IO, t::Token) = print(io, t.kind, "(", repr(t.text), ")")

function tokenize(src::AbstractString)
    tokens = Token[]
    i = firstindex(src)
    while i <= lastindex(src)
        c = src[i]
        if isspace(c)
            i = nextind(src, i)
        elseif isdigit(c) || c == '.'
            j = i
            while j <= lastindex(src) && (isdigit(src[j]) || src[j] == '.')
                j = nextind(src, j)
            end
            push!(tokens, Token(NUM, src[i:prevind(src, j)], i))
            i = j
        elseif isletter(c) || c == '_'
            j = i
            while j <= lastindex(src) && (isletter(src[j]) || isdigit(src[j]) || src[j] == '_')
                j = nextind(src, j)
            end
            push!(tokens, Token(IDENT, src[i:prevind(src, j)], i))
            i = j
        elseif c in "+-*/^"
            push!(tokens, Token(OP, string(c), i)); i = nextind(src, i)
        elseif c == '('
            push!(tokens, Token(LPAREN, "(", i)); i = nextind(src, i)
        elseif c == ')'
            push!(tokens, Token(RPAREN, ")", i)); i = nextind(src, i)
        else
            error("unexpected character '$c' at $i")
        end
    end
    push!(tokens, Token(EOF_, "", i))
    return tokens
end

mutable struct Parser
    tokens::Vector{Token}
    pos::Int
    vars::Dict{String, Float64}
end
peek(p::Parser) = p.tokens[p.pos]
next!(p::Parser) = (t = p.tokens[p.pos]; p.pos += 1; t)

const PREC = Dict("+" => 1, "-" => 1, "*" => 2, "/" => 2, "^" => 3)

function parse_expr(p::Parser, minprec = 1)
    lhs = parse_atom(p)
    while peek(p).kind == OP && PREC[peek(p).text] >= minprec
        op = next!(p).text
        rhs = parse_expr(p, op == "^" ? PREC[op] : PREC[op] + 1)
        lhs = op == "+" ? lhs + rhs : op == "-" ? lhs - rhs : op == "*" ? lhs * rhs :
              op == "/" ? lhs / rhs : lhs^rhs
    end
    return lhs
end

function parse_atom(p::Parser)
    t = next!(p)
    t.kind == NUM && return parse(Float64, t.text)
    t.kind == IDENT && return get(() -> error("undefined variable $(t.text)"), p.vars, t.text)
    if t.kind == OP && t.text == "-"
        return -parse_atom(p)
    elseif t.kind == LPAREN
        v = parse_expr(p)
        next!(p).kind == RPAREN || error("expected ) at $(t.pos)")
        return v
    end
    error("unexpected $(t) at $(t.pos)")
end

evaluate(src, vars = Dict{String, Float64}()) = parse_expr(Parser(tokenize(src), 1, vars))

println(tokenize("x1 + 2.5*(y - 3)"))
vars = Dict("x" => 2.0, "y" => 10.0, "rate_2" => 0.5)
for src in ["1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "-x * y + 4 / 8", "rate_2 * (y - x)", "10 / 4 - 1"]
    println(rpad(src, 18), "=> ", evaluate(src, vars))
end
for bad in ["2 + ", "3 \$ 4", "z * 2", "(1 + 2"]
    try
        evaluate(bad, vars)
    catch e
        println(rpad(bad, 18), "!! ", e isa ErrorException ? e.msg : typeof(e))
    end
end
println(count(t -> t.kind == OP, tokenize("a+b-c*d/e^f")), " operators; kinds: ", instances(Kind))
