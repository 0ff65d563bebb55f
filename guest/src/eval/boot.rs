//! Booting a runtime: Core and the Rust builtins (`vm`), the builtins of the top level, and
//! Base's Julia code (`base/*.jl`), evaluated into `Base`.

use super::EvalError;
use crate::host::Host;
use crate::vm::Runtime;

/// Base's Julia source files, in load order, with the virtual paths their errors and
/// backtraces name. Compiled into the runtime.
pub const BASE_FILES: &[(&str, &str)] = &[
    ("base/prelude.jl", include_str!("../base/prelude.jl")),
    ("base/expr.jl", include_str!("../base/expr.jl")),
    ("base/multimedia.jl", include_str!("../base/multimedia.jl")),
    ("base/promotion.jl", include_str!("../base/promotion.jl")),
    ("base/array.jl", include_str!("../base/array.jl")),
    ("base/int.jl", include_str!("../base/int.jl")),
    ("base/float.jl", include_str!("../base/float.jl")),
    ("base/intfuncs.jl", include_str!("../base/intfuncs.jl")),
    ("base/gmp.jl", include_str!("../base/gmp.jl")),
    ("base/math.jl", include_str!("../base/math.jl")),
    ("base/complex.jl", include_str!("../base/complex.jl")),
    ("base/rational.jl", include_str!("../base/rational.jl")),
    ("base/operators.jl", include_str!("../base/operators.jl")),
    ("base/reduce.jl", include_str!("../base/reduce.jl")),
    ("base/accumulate.jl", include_str!("../base/accumulate.jl")),
    ("base/some.jl", include_str!("../base/some.jl")),
    ("base/missing.jl", include_str!("../base/missing.jl")),
    ("base/set.jl", include_str!("../base/set.jl")),
    ("base/iterators.jl", include_str!("../base/iterators.jl")),
    (
        "base/strings/basic.jl",
        include_str!("../base/strings/basic.jl"),
    ),
    (
        "base/strings/util.jl",
        include_str!("../base/strings/util.jl"),
    ),
    (
        "base/strings/substring.jl",
        include_str!("../base/strings/substring.jl"),
    ),
    ("base/regex.jl", include_str!("../base/regex.jl")),
    ("base/sort.jl", include_str!("../base/sort.jl")),
    ("base/enums.jl", include_str!("../base/enums.jl")),
    ("base/util.jl", include_str!("../base/util.jl")),
    (
        "base/abstractdict.jl",
        include_str!("../base/abstractdict.jl"),
    ),
    ("base/iddict.jl", include_str!("../base/iddict.jl")),
    ("base/io.jl", include_str!("../base/io.jl")),
    ("base/deepcopy.jl", include_str!("../base/deepcopy.jl")),
    (
        "base/twiceprecision.jl",
        include_str!("../base/twiceprecision.jl"),
    ),
    ("base/namedtuple.jl", include_str!("../base/namedtuple.jl")),
    ("base/broadcast.jl", include_str!("../base/broadcast.jl")),
    ("base/bitarray.jl", include_str!("../base/bitarray.jl")),
    ("base/range.jl", include_str!("../base/range.jl")),
    (
        "base/multidimensional.jl",
        include_str!("../base/multidimensional.jl"),
    ),
    ("base/subarray.jl", include_str!("../base/subarray.jl")),
    ("base/version.jl", include_str!("../base/version.jl")),
    ("base/task.jl", include_str!("../base/task.jl")),
    ("base/channels.jl", include_str!("../base/channels.jl")),
    ("base/asyncevent.jl", include_str!("../base/asyncevent.jl")),
];

/// Standard libraries compiled into the runtime: name, virtual path, source. Each file defines
/// `module Name`; it is evaluated at boot (so it is in the base snapshot) and `using Name` finds
/// it like a package, without the host.
pub const STDLIB_FILES: &[(&str, &str, &str)] = &[
    (
        "Printf",
        "stdlib/Printf.jl",
        include_str!("../stdlib/Printf.jl"),
    ),
    ("Test", "stdlib/Test.jl", include_str!("../stdlib/Test.jl")),
    (
        "Random",
        "stdlib/Random.jl",
        include_str!("../stdlib/Random.jl"),
    ),
    (
        "LinearAlgebra",
        "stdlib/LinearAlgebra.jl",
        include_str!("../stdlib/LinearAlgebra.jl"),
    ),
    (
        "Unicode",
        "stdlib/Unicode.jl",
        include_str!("../stdlib/Unicode.jl"),
    ),
    (
        "PrecompileTools",
        "stdlib/PrecompileTools.jl",
        include_str!("../stdlib/PrecompileTools.jl"),
    ),
    (
        "Dates",
        "stdlib/Dates.jl",
        include_str!("../stdlib/Dates.jl"),
    ),
];

impl Runtime {
    /// A runtime with Core, Base (builtins and the Julia prelude) and an empty Main.
    pub fn new(host: Box<dyn Host>) -> Runtime {
        let mut rt = Runtime::new_core(host);
        super::install_builtins(&mut rt);
        load_base(&mut rt);
        load_stdlibs(&mut rt);
        bind_lowering_hooks(&mut rt);
        register_type_aliases(&mut rt);
        rt
    }
}

/// Base's constants bound to an applied parametric type (`const ComplexF64 = Complex{Float64}`)
/// are the names those types print under, as in Julia.
fn register_type_aliases(rt: &mut Runtime) {
    let base = rt.world.base;
    let aliases: Vec<_> = rt.world.modules[base.index()]
        .bindings
        .iter()
        // `_`-prefixed names are Base's shorthands, not names Julia prints.
        .filter(|(name, b)| b.constant && !name.as_str().starts_with('_'))
        .filter_map(|(name, b)| match b.value {
            crate::value::Value::Type(t) if !rt.world.types.params(t).is_empty() => {
                Some((t, *name))
            }
            _ => None,
        })
        .collect();
    rt.world.types.aliases.extend(aliases);
}

/// Core's `#…` names that lowering calls (a user cannot rebind them), bound to the Base
/// functions written in Julia that implement them.
const LOWERING_HOOKS: &[(&str, &str)] = &[
    ("#kwmerge", "_kwmerge"),
    ("#kwpairs", "pairs"),
    ("#broadcasted", "broadcasted"),
    ("#materialize", "materialize"),
    ("#materialize!", "materialize!"),
    ("#dotview", "dotview"),
    ("#bc_andand", "_bc_andand"),
    ("#bc_oror", "_bc_oror"),
    ("#bc_kwfunc", "_bc_kwfunc"),
];

fn bind_lowering_hooks(rt: &mut Runtime) {
    let (core, base) = (rt.world.core, rt.world.base);
    for (hook, name) in LOWERING_HOOKS {
        let v = rt
            .world
            .lookup(base, crate::symbol::Sym::new(name))
            .unwrap_or_else(|| panic!("Base defines `{name}`"))
            .clone();
        rt.world.set_const(core, crate::symbol::Sym::new(hook), v);
    }
}

/// Evaluates the standard libraries, each into a root module of its own.
fn load_stdlibs(rt: &mut Runtime) {
    for (name, path, text) in STDLIB_FILES {
        let sym = crate::symbol::Sym::new(name);
        let root = rt.world.new_module(
            crate::symbol::Sym::new(&format!("#file:stdlib:{name}")),
            None,
        );
        if let Err(e) = rt.eval_source(root, path, text) {
            panic!("{name} failed to load: {}", boot_error(rt, e));
        }
        match rt.world.modules[root.index()]
            .bindings
            .get(&sym)
            .map(|b| b.value.clone())
        {
            Some(crate::value::Value::Module(m)) => {
                rt.world.stdlibs.insert(sym, m);
            }
            _ => panic!("{path} does not define `module {name}`"),
        }
    }
}

fn boot_error(rt: &mut Runtime, e: EvalError) -> String {
    match e {
        EvalError::Syntax { message, loc, .. } => {
            format!("{}:{}:{}: {message}", loc.file, loc.line, loc.column)
        }
        EvalError::Julia(e) => crate::vm::show::error_text(rt, &e.value).0,
    }
}

/// Evaluates Base's Julia files into Base. A failure is a bug in them, reported loudly.
fn load_base(rt: &mut Runtime) {
    let base = rt.world.base;
    for (path, text) in BASE_FILES {
        if let Err(e) = rt.eval_source(base, path, text) {
            panic!("Base failed to load: {}", boot_error(rt, e));
        }
    }
}
