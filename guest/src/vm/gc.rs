//! `Base.GC`: the collector as Julia code sees it (`GC.gc()`, `GC.enable`).

use crate::symbol::Sym;
use crate::value::{Value, gc};

use super::Runtime;
use super::builtins::def;

/// Installs module `Base.GC` and its functions.
pub fn install(rt: &mut Runtime) {
    let base = rt.world.base;
    let m = rt.world.new_module(Sym::new("GC"), Some(base));
    rt.world.set_const(base, Sym::new("GC"), Value::Module(m));
    let bool_ = rt.world.types.b.bool_;
    // A full collection: with reference counting underneath, every collection is full, so the
    // argument only has to be a `Bool`.
    def(rt, m, "gc", &[], None, |_, _| {
        gc::collect();
        Ok(Value::Nothing)
    });
    def(rt, m, "gc", &[bool_], None, |_, _| {
        gc::collect();
        Ok(Value::Nothing)
    });
    // Turns automatic collections on or off; returns whether they were on.
    def(rt, m, "enable", &[bool_], None, |_, a| {
        Ok(Value::Bool(gc::set_enabled(matches!(
            a[0],
            Value::Bool(true)
        ))))
    });
}
