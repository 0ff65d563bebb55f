# The Printf standard library: `@printf`, `@sprintf`, `Printf.Format`, `Printf.format`, with
# C's conversions (`d i u o x X e E f F g G c s %`), flags (`- + space 0 #`), width and
# precision, including `*` for either from the arguments.
module Printf

export @printf, @sprintf

struct Spec
    conv::Char
    minus::Bool
    plus::Bool
    space::Bool
    zero::Bool
    alt::Bool
    width::Int  # -1: none; -2: from the arguments (`*`)
    prec::Int   # -1: none; -2: from the arguments (`*`)
end

struct Format
    str::String
    parts::Vector{Any}  # literal strings and `Spec`s, in order
end

_bad_format(f, msg) = throw(ArgumentError("invalid printf format string: \"$f\": $msg"))

function Format(f::AbstractString)
    cs = collect(f)
    n = length(cs)
    parts = Any[]
    lit = IOBuffer()
    i = 1
    while i <= n
        c = cs[i]
        if c != '%'
            print(lit, c)
            i += 1
            continue
        end
        i += 1
        i > n && _bad_format(f, "incomplete format specifier at the end")
        if cs[i] == '%'
            print(lit, '%')
            i += 1
            continue
        end
        s = String(take!(lit))
        isempty(s) || push!(parts, s)
        minus = plus = space = zero = alt = false
        while i <= n && cs[i] in "-+ 0#"
            cs[i] == '-' && (minus = true)
            cs[i] == '+' && (plus = true)
            cs[i] == ' ' && (space = true)
            cs[i] == '0' && (zero = true)
            cs[i] == '#' && (alt = true)
            i += 1
        end
        width = -1
        if i <= n && cs[i] == '*'
            width = -2
            i += 1
        else
            while i <= n && isdigit(cs[i])
                width = max(width, 0) * 10 + (cs[i] - '0')
                i += 1
            end
        end
        prec = -1
        if i <= n && cs[i] == '.'
            i += 1
            prec = 0
            if i <= n && cs[i] == '*'
                prec = -2
                i += 1
            else
                while i <= n && isdigit(cs[i])
                    prec = prec * 10 + (cs[i] - '0')
                    i += 1
                end
            end
        end
        # Length modifiers (`l`, `h`, …) are accepted and ignored, as in Julia.
        while i <= n && cs[i] in "hlLqjzt"
            i += 1
        end
        i > n && _bad_format(f, "incomplete format specifier at the end")
        conv = cs[i]
        conv in "diuoxXeEfFgGcsaA" || _bad_format(f, "invalid conversion '%$conv'")
        conv in "aA" && _bad_format(f, "hexadecimal float conversion '%$conv' is not supported yet")
        push!(parts, Spec(conv, minus, plus, space, zero, alt, width, prec))
        i += 1
    end
    s = String(take!(lit))
    isempty(s) || push!(parts, s)
    return Format(String(f), parts)
end

function _pad(io, s::AbstractString, spec::Spec, width::Int, numeric::Bool, sign::String)
    len = length(sign) + length(s)
    if width <= len
        print(io, sign, s)
    elseif spec.minus
        print(io, sign, s, " "^(width - len))
    elseif spec.zero && numeric
        print(io, sign, "0"^(width - len), s)
    else
        print(io, " "^(width - len), sign, s)
    end
end

function _sign(neg::Bool, spec::Spec)
    neg && return "-"
    spec.plus && return "+"
    spec.space && return " "
    return ""
end

function _digits(u::UInt64, base::UInt64, upper::Bool)
    u == 0 && return "0"
    ds = Char[]
    while u > 0
        d = Int(u % base)
        push!(ds, d < 10 ? Char(48 + d) : Char((upper ? 55 : 87) + d))
        u = u ÷ base
    end
    return String(reverse(ds))
end

function _format_int(io, spec::Spec, width::Int, prec::Int, x::Integer)
    neg = x < 0
    u = neg ? -reinterpret(UInt64, Int64(x)) : UInt64(x)
    base = spec.conv in "oO" ? UInt64(8) : spec.conv in "xX" ? UInt64(16) : UInt64(10)
    s = _digits(u, base, spec.conv == 'X')
    if prec >= 0
        s = (prec == 0 && u == 0) ? "" : lpad(s, prec, '0')
    end
    if spec.alt && spec.conv in "oO" && !startswith(s, "0")
        s = "0" * s
    elseif spec.alt && spec.conv in "xX" && u != 0
        s = (spec.conv == 'X' ? "0X" : "0x") * s
    end
    _pad(io, s, spec, width, prec < 0, _sign(neg, spec))
end

function _format_float(io, spec::Spec, width::Int, prec::Int, x::AbstractFloat)
    x = Float64(x)
    c = lowercase(spec.conv)
    s = Base._printf_float(x, c, prec < 0 ? 6 : prec, spec.alt)
    isuppercase(spec.conv) && (s = uppercase(s))
    _pad(io, s, spec, width, isfinite(x), _sign(signbit(x) && !isnan(x), spec))
end

function _format_one(io, spec::Spec, width::Int, prec::Int, x)
    c = spec.conv
    if c in "diuoxX"
        if x isa AbstractFloat
            isinteger(x) || throw(InexactError(:Integer, Int64, x))
            x = Int64(x)
        end
        x isa Integer || throw(ArgumentError("%$c requires an integer argument, got $(typeof(x))"))
        _format_int(io, spec, width, prec, x)
    elseif c in "eEfFgG"
        x isa Real || throw(ArgumentError("%$c requires a real number argument, got $(typeof(x))"))
        _format_float(io, spec, width, prec, float(x))
    elseif c == 'c'
        _pad(io, string(Char(x)), spec, width, false, "")
    else
        s = x isa AbstractString ? x : sprint(print, x)
        prec >= 0 && length(s) > prec && (s = first(s, prec))
        _pad(io, s, spec, width, false, "")
    end
end

function format(io::IO, f::Format, args...)
    k = 1
    nargs = length(args)
    for p in f.parts
        if p isa String
            print(io, p)
            continue
        end
        width = p.width
        if width == -2
            k > nargs && throw(ArgumentError("not enough arguments for the format \"$(f.str)\""))
            width = Int(args[k])
            k += 1
        end
        prec = p.prec
        if prec == -2
            k > nargs && throw(ArgumentError("not enough arguments for the format \"$(f.str)\""))
            prec = Int(args[k])
            k += 1
        end
        k > nargs && throw(ArgumentError("not enough arguments for the format \"$(f.str)\""))
        _format_one(io, p, width, prec, args[k])
        k += 1
    end
    k <= nargs && throw(ArgumentError("too many arguments for the format \"$(f.str)\""))
    return nothing
end

format(f::Format, args...) = sprint(io -> format(io, f, args...))

# The format is parsed when the macro expands; the arguments are the caller's expressions.
macro printf(io_or_fmt, args...)
    if io_or_fmt isa String
        return :(format(stdout, $(Format(io_or_fmt)), $(map(esc, args)...)))
    end
    (isempty(args) || !(args[1] isa String)) &&
        throw(ArgumentError("@printf: the first or second argument must be a format string"))
    return :(format($(esc(io_or_fmt)), $(Format(args[1])), $(map(esc, args[2:end])...)))
end

macro sprintf(fmt, args...)
    fmt isa String || throw(ArgumentError("@sprintf: the first argument must be a format string"))
    return :(format($(Format(fmt)), $(map(esc, args)...)))
end

end # module Printf
