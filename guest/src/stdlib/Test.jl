# The Test standard library: `@test`, `@test_throws`, `@test_broken`, `@test_skip`,
# `@testset` (with a description, `verbose` and `showtiming`, and the `for` form), `@inferred`, and
# Julia's summary table. Failures and errors are reported as they happen, as Julia reports
# them; an outermost test set with failures throws once it has printed its summary.
module Test

export @test, @test_throws, @test_broken, @test_skip, @testset, @inferred, @test_nowarn

mutable struct TestSet
    description::String
    verbose::Bool
    showtiming::Bool
    pass::Int
    fail::Int
    error::Int
    broken::Int
    children::Vector{Any}
    start_ns::Int
    elapsed_ns::Int
end

TestSet(desc::AbstractString, verbose::Bool, showtiming::Bool) =
    TestSet(String(desc), verbose, showtiming, 0, 0, 0, 0, Any[], time_ns(), 0)

const _testsets = Any[]

function _where(ts_prefix, kind, file, line)
    prefix = isempty(_testsets) ? "" : string(_testsets[end].description, ": ")
    return string(prefix, kind, " at ", file, ":", line)
end

function _failed(file, line, expr, evaluated)
    println(_where("", "Test Failed", file, line))
    println("  Expression: ", expr)
    evaluated === nothing || println("   Evaluated: ", evaluated)
    if isempty(_testsets)
        error("There was an error during testing")
    end
    _testsets[end].fail += 1
    return nothing
end

function _errored(file, line, expr, e)
    println(_where("", "Error During Test", file, line))
    println("  Test threw exception")
    println("  Expression: ", expr)
    _print_indented(e)
    if isempty(_testsets)
        error("There was an error during testing")
    end
    _testsets[end].error += 1
    return nothing
end

# The exception as `showerror` prints it, each line indented by two spaces (as Julia's
# `Test.Error` shows the exception stack).
function _print_indented(e)
    for l in split(sprint(showerror, e), "\n")
        println("  ", l)
    end
end

function _passed()
    isempty(_testsets) || (_testsets[end].pass += 1)
    return nothing
end

function _broken_result(file, line, expr, ok::Bool)
    if ok
        println(_where("", "Error During Test", file, line))
        println(" Unexpected Pass")
        println(" Expression: ", expr)
        println(" Got correct result, please change to @test if no longer broken.")
        isempty(_testsets) && error("There was an error during testing")
        _testsets[end].error += 1
    else
        isempty(_testsets) || (_testsets[end].broken += 1)
    end
    return nothing
end

const _comparisons = (:(==), :(!=), :(===), :(!==), :<, :<=, :>, :>=, :≈, :≉, :∈, :∉, :isa, :in,
    :isequal, :isapprox, :issubset, :startswith, :endswith, :occursin)

# Runs one `@test`: `args()` gives the operands when the expression is a call of a comparison
# (so a failure can show them), else the value.
function _do_test(expr, file, line, f, args, kind::Symbol)
    local value
    local shown = nothing
    try
        if args === nothing
            value = f()
        else
            vals = args()
            value = f(vals...)
            shown = length(vals) == 2 ? string(repr(vals[1]), " ", _opname(expr), " ", repr(vals[2])) : nothing
        end
    catch e
        kind === :broken && return _broken_result(file, line, expr, false)
        return _errored(file, line, expr, e)
    end
    if !(value isa Bool)
        kind === :broken && return _broken_result(file, line, expr, false)
        println(_where("", "Error During Test", file, line))
        println("  Expression evaluated to non-Boolean")
        println("  Expression: ", expr)
        println("       Value: ", repr(value))
        isempty(_testsets) && error("There was an error during testing")
        _testsets[end].error += 1
        return nothing
    end
    kind === :broken && return _broken_result(file, line, expr, value)
    return value ? _passed() : _failed(file, line, expr, shown)
end

_opname(expr) = string(expr.args[1])

# `@test ex [k = v …]`: `broken = cond` and `skip = cond` are evaluated when the test runs; any
# other `k = v` is a keyword argument of the call `ex` (`@test a ≈ b atol = 0.1`).
macro test(ex, kws...)
    file = string(__source__.file)
    line = __source__.line
    broken = false
    skip = false
    for k in kws
        (k isa Expr && k.head === :(=)) ||
            error("invalid test macro call: @test $ex $(join(kws, " "))")
        if k.args[1] === :broken
            broken = esc(k.args[2])
        elseif k.args[1] === :skip
            skip = esc(k.args[2])
        else
            (ex isa Expr && ex.head === :call) ||
                error("invalid test macro call: @test $ex $(join(kws, " "))")
            push!(ex.args, Expr(:kw, k.args[1], k.args[2]))
        end
    end
    kind = :($broken ? :broken : :normal)
    if ex isa Expr && ex.head === :call && length(ex.args) == 3 && ex.args[1] in _comparisons
        op = ex.args[1]
        run = :(_do_test($(QuoteNode(ex)), $file, $line, $(esc(op)),
            () -> ($(esc(ex.args[2])), $(esc(ex.args[3]))), $kind))
    else
        run = :(_do_test($(QuoteNode(ex)), $file, $line, () -> $(esc(ex)), nothing, $kind))
    end
    return :($skip ? _skipped() : $run)
end

function _skipped()
    isempty(_testsets) || (_testsets[end].broken += 1)
    return nothing
end

macro test_broken(ex)
    file = string(__source__.file)
    line = __source__.line
    return :(_do_test($(QuoteNode(ex)), $file, $line, () -> $(esc(ex)), nothing, :broken))
end

macro test_skip(ex)
    return :(_skipped())
end

function _do_test_throws(expected, expr, file, line, f)
    try
        f()
    catch e
        ok = expected isa Type ? e isa expected : isequal(e, expected)
        if ok
            return _passed()
        end
        println(_where("", "Test Failed", file, line))
        println("  Expression: ", expr)
        println("    Expected: ", expected)
        print("      Thrown: ", typeof(e))
        println()
        isempty(_testsets) && error("There was an error during testing")
        _testsets[end].fail += 1
        return nothing
    end
    println(_where("", "Test Failed", file, line))
    println("  Expression: ", expr)
    println("    Expected: ", expected)
    println("  No exception thrown")
    isempty(_testsets) && error("There was an error during testing")
    _testsets[end].fail += 1
    return nothing
end

macro test_throws(expected, ex)
    file = string(__source__.file)
    line = __source__.line
    return :(_do_test_throws($(esc(expected)), $(QuoteNode(ex)), $file, $line, () -> $(esc(ex))))
end

macro test_nowarn(ex)
    return esc(ex)
end

macro inferred(ex)
    return esc(ex)
end

# ----- test sets -----

function _begin_testset(desc, verbose::Bool, showtiming::Bool)
    ts = TestSet(string(desc), verbose, showtiming)
    push!(_testsets, ts)
    return ts
end

function _body_error(file, line, e)
    ts = _testsets[end]
    println(ts.description, ": Error During Test at ", file, ":", line)
    println("  Got exception outside of a @test")
    _print_indented(e)
    ts.error += 1
    return nothing
end

function _end_testset(ts::TestSet)
    ts.elapsed_ns = time_ns() - ts.start_ns
    pop!(_testsets)
    if !isempty(_testsets)
        push!(_testsets[end].children, ts)
        return ts
    end
    _print_summary(ts)
    np, nf, ne, nb = _totals(ts)
    if nf + ne > 0
        error("Some tests did not pass: $np passed, $nf failed, $ne errored, $nb broken.")
    end
    return ts
end

function _totals(ts::TestSet)
    np, nf, ne, nb = ts.pass, ts.fail, ts.error, ts.broken
    for c in ts.children
        a, b, c2, d = _totals(c)
        np += a
        nf += b
        ne += c2
        nb += d
    end
    return (np, nf, ne, nb)
end

function _duration(ts::TestSet)
    s = ts.elapsed_ns / 1e9
    return s < 60 ? string(round(s; digits = 1), "s") : string(round(s / 60; digits = 1), "m")
end

# The rows to print: a test set, then (when it is verbose or did not pass) its children.
function _rows!(out, ts::TestSet, depth::Int)
    push!(out, (ts, depth))
    np, nf, ne, nb = _totals(ts)
    if ts.verbose || nf + ne > 0
        for c in ts.children
            _rows!(out, c, depth + 1)
        end
    end
    return out
end

function _print_summary(ts::TestSet)
    rows = _rows!(Any[], ts, 0)
    np, nf, ne, nb = _totals(ts)
    total = np + nf + ne + nb
    align = max(length("Test Summary:"), maximum(r -> 2 * r[2] + length(r[1].description), rows))
    width(n, label) = n > 0 ? max(length(label), ndigits(n)) : 0
    pw, fw, ew, bw = width(np, "Pass"), width(nf, "Fail"), width(ne, "Error"), width(nb, "Broken")
    tw = max(length("Total"), ndigits(total))
    dw = ts.showtiming ? max(length("Time"), maximum(r -> length(_duration(r[1])), rows)) : 0
    print(rpad("Test Summary:", align), " | ")
    pw > 0 && print(lpad("Pass", pw), "  ")
    fw > 0 && print(lpad("Fail", fw), "  ")
    ew > 0 && print(lpad("Error", ew), "  ")
    bw > 0 && print(lpad("Broken", bw), "  ")
    if ts.showtiming
        print(lpad("Total", tw), "  ")
        println(lpad("Time", dw))
    else
        println(lpad("Total", tw))
    end
    for (t, depth) in rows
        p, f, e, b = _totals(t)
        print(rpad(string("  "^depth, t.description), align), " | ")
        for (n, w) in ((p, pw), (f, fw), (e, ew), (b, bw))
            if n > 0
                print(lpad(string(n), w), "  ")
            elseif w > 0
                print(lpad(" ", w), "  ")
            end
        end
        sub = p + f + e + b
        if ts.showtiming
            print(lpad(sub == 0 ? "None" : string(sub), tw), "  ")
            println(lpad(_duration(t), dw))
        else
            println(lpad(sub == 0 ? "None" : string(sub), tw))
        end
    end
end

# `@testset [verbose = true] [showtiming = false] ["description"] begin … end` and
# `@testset ["description"] for x in xs … end` (one test set per iteration).
macro testset(args...)
    isempty(args) && throw(ArgumentError("@testset needs a body"))
    body = args[end]
    desc = nothing
    verbose = false
    showtiming = true
    for a in args[1:end-1]
        if a isa Expr && a.head === :(=) && a.args[1] === :verbose
            verbose = a.args[2] === true
        elseif a isa Expr && a.head === :(=) && a.args[1] === :showtiming
            showtiming = a.args[2] !== false
        elseif a isa String || (a isa Expr && a.head === :string)
            desc = a
        end
    end
    file = string(__source__.file)
    line = __source__.line
    if body isa Expr && body.head === :for
        spec = body.args[1]
        inner = body.args[2]
        d = desc === nothing ? "test set" : desc
        return quote
            for $(esc(spec.args[1])) in $(esc(spec.args[2]))
                local ts = _begin_testset($(esc(d)), $verbose, $showtiming)
                try
                    $(esc(inner))
                catch e
                    _body_error($file, $line, e)
                end
                _end_testset(ts)
            end
            nothing
        end
    end
    d = desc === nothing ? "test set" : desc
    return quote
        local ts = _begin_testset($(esc(d)), $verbose, $showtiming)
        try
            $(esc(body))
        catch e
            _body_error($file, $line, e)
        end
        _end_testset(ts)
    end
end

end # module Test
