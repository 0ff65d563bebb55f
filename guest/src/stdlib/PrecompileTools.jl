# PrecompileTools, as kiln runs it.
#
# A package written for PrecompileTools puts its workload inside the module:
#
#     @setup_workload begin
#         data = [1, 2, 3]
#         @compile_workload begin
#             process(data)
#         end
#     end
#
# Julia runs those blocks while the module is being defined, so their state can leak into the
# image. kiln gives them the semantics of `Base.precompilation(Module) do … end`: each block is
# registered as a workload of the module being defined and runs, in order, only in the
# throw-away clone `kiln precompile` makes after the module is closed (after `__init__`). In a
# plain `kiln run` of the source they do not run at all, as in Julia outside precompilation.
module PrecompileTools

export @setup_workload, @compile_workload, @recompile_invalidations

# `@compile_workload` written inside `@setup_workload`: the setup block is the workload, and
# the inner block runs where it stands in it.
function _inline_compile_workloads(ex)
    ex isa Expr || return ex
    if ex.head === :macrocall && _is_compile_workload(ex.args[1])
        body = ex.args[end]
        return _inline_compile_workloads(body)
    end
    return Expr(ex.head, map(_inline_compile_workloads, ex.args)...)
end

_is_compile_workload(name) = name === Symbol("@compile_workload") ||
    (name isa Expr && name.head === :. && length(name.args) == 2 &&
     name.args[2] == QuoteNode(Symbol("@compile_workload")))

"""
    @setup_workload begin … end

Registers the block (with any `@compile_workload` blocks inside it) as a precompilation
workload of the enclosing module: it runs after the module is closed, in the clone `kiln
precompile` throws away, so nothing it creates reaches the package image.
"""
macro setup_workload(ex)
    body = _inline_compile_workloads(ex)
    return :(Base.precompilation(() -> $(esc(body)), $__module__))
end

"""
    @compile_workload begin … end

Registers the block as a precompilation workload of the enclosing module (inside
`@setup_workload`, it runs as part of that workload). The method instances it compiles are
kept in the package image; everything else it does is discarded.
"""
macro compile_workload(ex)
    return :(Base.precompilation(() -> $(esc(ex)), $__module__))
end

"""
    @recompile_invalidations begin … end

Evaluates the block (kiln re-verifies every method instance an image brings, so there is
nothing to recompile by hand).
"""
macro recompile_invalidations(ex)
    return esc(ex)
end

end
