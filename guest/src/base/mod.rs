//! Base written in the language itself: the prelude evaluated into `Base` when a runtime starts.

use crate::runtime::Runtime;
use crate::toplevel::EvalError;

/// The prelude's source, compiled into the runtime.
pub const PRELUDE: &str = include_str!("prelude.jl");

/// Evaluates the prelude into Base. A failure is a bug in the prelude, reported loudly.
pub fn load_prelude(rt: &mut Runtime) {
    let base = rt.base;
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
