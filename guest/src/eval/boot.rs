//! Booting a runtime: Core and the Rust builtins (`vm`), the builtins of the top level, and
//! Base's Julia code (`base/*.jl`), evaluated into `Base`.

use super::EvalError;
use crate::host::Host;
use crate::vm::Runtime;

/// The prelude's source, compiled into the runtime.
pub const PRELUDE: &str = include_str!("../base/prelude.jl");

impl Runtime {
    /// A runtime with Core, Base (builtins and the Julia prelude) and an empty Main.
    pub fn new(host: Box<dyn Host>) -> Runtime {
        let mut rt = Runtime::new_core(host);
        super::install_builtins(&mut rt);
        load_prelude(&mut rt);
        rt
    }
}

/// Evaluates the prelude into Base. A failure is a bug in the prelude, reported loudly.
fn load_prelude(rt: &mut Runtime) {
    let base = rt.world.base;
    if let Err(e) = rt.eval_source(base, "base/prelude.jl", PRELUDE) {
        let msg = match e {
            EvalError::Syntax { message, loc, .. } => {
                format!("{}:{}:{}: {message}", loc.file, loc.line, loc.column)
            }
            EvalError::Julia(e) => crate::vm::show::error_text(rt, &e.value).0,
        };
        panic!("the Base prelude failed to load: {msg}");
    }
}
