//! The cycle collector: frees the garbage reference counting cannot, objects that point at
//! each other and at nothing else.
//!
//! Values are reference counted (`Rc`): an object is freed the moment its last reference goes,
//! which frees all acyclic garbage with no pause and no roots to find. A cycle keeps its own
//! counts above zero, so every object that can close one — a container holding other objects —
//! is registered here when it is made, and [`collect`] finds the unreachable ones by trial
//! deletion (Bacon and Rajan's synchronous cycle collection, the scheme CPython's `gc` module
//! uses):
//!
//! 1. every registered object starts with its reference count;
//! 2. each reference from one registered object to another is subtracted from the target;
//! 3. an object left above zero is referenced from outside the registered objects — a task's
//!    registers, a global, a method cache, a Rust local in a builtin, the host's session — and
//!    is a root; everything reachable from a root is live;
//! 4. the rest is garbage: the contents of its mutable objects are taken out, which breaks every
//!    cycle (a cycle is closed by mutation, so it passes through a mutable object), and reference
//!    counting frees the lot.
//!
//! Roots need no enumeration, so no value held by Rust code can be freed under it, and a
//! collection may run at any allocation. A cell that is mutably borrowed at that moment cannot
//! be read; its object is treated as a root, which only keeps garbage one collection longer.
//!
//! Nothing here depends on addresses beyond the duration of one collection (the address → index
//! map is rebuilt each time and never iterated), so when collections run and what they free
//! changes no output: there are no finalizers. The registry lives in the guest's linear memory
//! like everything else and survives a snapshot and its clone as is.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use rustc_hash::FxHashMap;

use super::{ArrayObj, Closure, DictObj, StructObj, Value};

/// Collections start once this many objects were registered since the last one, or as many as
/// survived it, whichever is more (so the work is proportional to allocation)...
const MIN_THRESHOLD: usize = 10_000;

/// ...or once arrays of this many bytes were made, or as many as survived it (so that a few
/// large arrays in cycles do not wait for ten thousand objects).
const MIN_THRESHOLD_BYTES: usize = 32 << 20;

/// What a collection allocates per registered object: its `Value`, count, index entry, flags.
const BYTES_PER_OBJECT: usize = 64;

/// A registered object, held weakly: the registry never keeps anything alive.
enum Tracked {
    Struct(Weak<StructObj>),
    Array(Weak<ArrayObj>),
    Tuple(Weak<[Value]>),
    Closure(Weak<Closure>),
    Dict(Weak<DictObj>),
    Pair(Weak<(Value, Value)>),
    Box(Weak<RefCell<Value>>),
}

impl Tracked {
    fn strong_count(&self) -> usize {
        match self {
            Tracked::Struct(w) => w.strong_count(),
            Tracked::Array(w) => w.strong_count(),
            Tracked::Tuple(w) => w.strong_count(),
            Tracked::Closure(w) => w.strong_count(),
            Tracked::Dict(w) => w.strong_count(),
            Tracked::Pair(w) => w.strong_count(),
            Tracked::Box(w) => w.strong_count(),
        }
    }

    fn addr(&self) -> usize {
        match self {
            Tracked::Struct(w) => w.as_ptr() as *const () as usize,
            Tracked::Array(w) => w.as_ptr() as *const () as usize,
            Tracked::Tuple(w) => w.as_ptr() as *const () as usize,
            Tracked::Closure(w) => w.as_ptr() as *const () as usize,
            Tracked::Dict(w) => w.as_ptr() as *const () as usize,
            Tracked::Pair(w) => w.as_ptr() as *const () as usize,
            Tracked::Box(w) => w.as_ptr() as *const () as usize,
        }
    }

    /// The object, if it is still alive.
    fn upgrade(&self) -> Option<Value> {
        Some(match self {
            Tracked::Struct(w) => Value::Struct(w.upgrade()?),
            Tracked::Array(w) => Value::Array(w.upgrade()?),
            Tracked::Tuple(w) => Value::Tuple(w.upgrade()?),
            Tracked::Closure(w) => Value::Closure(w.upgrade()?),
            Tracked::Dict(w) => Value::Dict(w.upgrade()?),
            Tracked::Pair(w) => Value::Pair(w.upgrade()?),
            Tracked::Box(w) => Value::Box(w.upgrade()?),
        })
    }
}

/// The address of the object a value refers to, if it is a kind that can be registered.
fn object_addr(v: &Value) -> Option<usize> {
    Some(match v {
        Value::Struct(rc) => Rc::as_ptr(rc) as *const () as usize,
        Value::Array(rc) => Rc::as_ptr(rc) as *const () as usize,
        Value::Tuple(rc) => Rc::as_ptr(rc) as *const () as usize,
        Value::Closure(rc) => Rc::as_ptr(rc) as *const () as usize,
        Value::Dict(rc) => Rc::as_ptr(rc) as *const () as usize,
        Value::Pair(rc) => Rc::as_ptr(rc) as *const () as usize,
        Value::Box(rc) => Rc::as_ptr(rc) as *const () as usize,
        _ => return None,
    })
}

/// Calls `f` on each value `v` holds directly. `false` when a cell of `v` is mutably borrowed
/// and its contents cannot be read now.
fn each_child(v: &Value, mut f: impl FnMut(&Value)) -> bool {
    match v {
        Value::Struct(o) => match o.fields.try_borrow() {
            Ok(fields) => fields.iter().for_each(f),
            Err(_) => return false,
        },
        Value::Array(o) => match o.items.try_borrow() {
            Ok(items) => items.iter().for_each(f),
            Err(_) => return false,
        },
        Value::Tuple(items) => items.iter().for_each(f),
        Value::Closure(c) => c.captures.iter().for_each(f),
        Value::Dict(d) => match d.map.try_borrow() {
            Ok(map) => map.entries().for_each(|(k, v)| {
                f(k);
                f(v);
            }),
            Err(_) => return false,
        },
        Value::Pair(p) => {
            f(&p.0);
            f(&p.1);
        }
        Value::Box(b) => match b.try_borrow() {
            Ok(x) => f(&x),
            Err(_) => return false,
        },
        _ => {}
    }
    true
}

/// Whether a value can lead to a registered object. Immutable containers whose direct
/// contents are all plain data (numbers, strings, symbols, types, …) can never be part of a
/// cycle and are not registered, which keeps the tuples of iteration and arithmetic free.
pub(super) fn may_refer(v: &Value) -> bool {
    matches!(
        v,
        Value::Struct(_)
            | Value::Array(_)
            | Value::Tuple(_)
            | Value::Closure(_)
            | Value::Dict(_)
            | Value::Pair(_)
            | Value::Box(_)
    )
}

#[derive(Default)]
struct Registry {
    objects: Vec<Tracked>,
    since_last: usize,
    threshold: usize,
    bytes_since_last: usize,
    threshold_bytes: usize,
    disabled: bool,
    stats: Stats,
}

/// What the collector has done so far in this process.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub collections: u64,
    /// Objects found unreachable and freed.
    pub freed: u64,
    /// Objects registered now.
    pub registered: usize,
}

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry {
        threshold: MIN_THRESHOLD,
        threshold_bytes: MIN_THRESHOLD_BYTES,
        ..Registry::default()
    });
}

/// Registers `t`, which holds `bytes` of element storage.
fn register(t: Tracked, bytes: usize) {
    let due = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        // Out of memory, the object goes unregistered (reference counting still frees it if
        // it is not in a cycle) and the program gets its `OutOfMemoryError`.
        if !crate::memory::try_reserve(&mut r.objects, 1) {
            crate::memory::note_exhausted();
            return false;
        }
        r.objects.push(t);
        r.since_last += 1;
        r.bytes_since_last = r.bytes_since_last.saturating_add(bytes);
        (r.since_last >= r.threshold || r.bytes_since_last >= r.threshold_bytes) && !r.disabled
    });
    if due {
        collect();
    }
}

/// Registers a new struct instance if it can be part of a cycle.
pub(super) fn track_struct(rc: &Rc<StructObj>) {
    if rc.mutable || rc.fields.borrow().iter().any(may_refer) {
        register(Tracked::Struct(Rc::downgrade(rc)), 0);
    }
}

/// Registers an immutable struct made empty and filled afterwards (as a decoder does, to let
/// its fields refer back to it), now that its fields are known. A struct registered when it
/// was made (every mutable one) is not registered twice.
pub fn track_filled(v: &Value) {
    if let Value::Struct(rc) = v
        && !rc.mutable
        && rc.fields.borrow().iter().any(may_refer)
    {
        register(Tracked::Struct(Rc::downgrade(rc)), 0);
    }
}

pub(super) fn track_array(rc: &Rc<ArrayObj>) {
    let bytes = rc.items.borrow().capacity() * size_of::<Value>();
    register(Tracked::Array(Rc::downgrade(rc)), bytes);
}

pub(super) fn track_tuple(rc: &Rc<[Value]>) {
    if rc.iter().any(may_refer) {
        register(Tracked::Tuple(Rc::downgrade(rc)), 0);
    }
}

pub(super) fn track_closure(rc: &Rc<Closure>) {
    if rc.captures.iter().any(may_refer) {
        register(Tracked::Closure(Rc::downgrade(rc)), 0);
    }
}

pub(super) fn track_dict(rc: &Rc<DictObj>) {
    register(Tracked::Dict(Rc::downgrade(rc)), 0);
}

pub(super) fn track_pair(rc: &Rc<(Value, Value)>) {
    if may_refer(&rc.0) || may_refer(&rc.1) {
        register(Tracked::Pair(Rc::downgrade(rc)), 0);
    }
}

pub(super) fn track_box(rc: &Rc<RefCell<Value>>) {
    register(Tracked::Box(Rc::downgrade(rc)), 0);
}

/// Whether automatic collections are on (`GC.enable`).
pub fn enabled() -> bool {
    REGISTRY.with(|r| !r.borrow().disabled)
}

/// Turns automatic collections on or off (`GC.enable`); returns whether they were on.
pub fn set_enabled(on: bool) -> bool {
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        let was = !r.disabled;
        r.disabled = !on;
        was
    })
}

/// What the collector has done so far.
pub fn stats() -> Stats {
    REGISTRY.with(|r| {
        let r = r.borrow();
        Stats {
            registered: r.objects.len(),
            ..r.stats
        }
    })
}

/// Finds the registered objects nothing outside the registered objects can reach, frees them,
/// and returns how many there were.
pub fn collect() -> usize {
    // Take the registry out, so that the drops below (which may register nothing, but must not
    // find it borrowed) run without it.
    let mut objects = REGISTRY.with(|r| std::mem::take(&mut r.borrow_mut().objects));
    objects.retain(|t| t.strong_count() > 0);
    // The collection's own tables take about this much per object; without room for them it
    // does not start, and the program gets its `OutOfMemoryError` instead.
    if !crate::memory::can_allocate(objects.len().saturating_mul(BYTES_PER_OBJECT)) {
        REGISTRY.with(|r| {
            let mut r = r.borrow_mut();
            let newer = std::mem::replace(&mut r.objects, objects);
            r.objects.extend(newer);
        });
        crate::memory::note_exhausted();
        return 0;
    }

    let live: Vec<Value> = objects.iter().filter_map(Tracked::upgrade).collect();
    // `live` itself holds one reference to each object.
    let mut refs: Vec<isize> = objects
        .iter()
        .map(|t| t.strong_count() as isize - 1)
        .collect();
    let index: FxHashMap<usize, u32> = objects
        .iter()
        .enumerate()
        .map(|(i, t)| (t.addr(), i as u32))
        .collect();
    let lookup = |v: &Value| object_addr(v).and_then(|a| index.get(&a).copied());

    // A registered object whose cell cannot be read now is a root, and so is everything it
    // refers to (its references were not subtracted).
    let mut readable = vec![true; live.len()];
    for (i, obj) in live.iter().enumerate() {
        readable[i] = each_child(obj, |c| {
            if let Some(j) = lookup(c) {
                refs[j as usize] -= 1;
            }
        });
    }

    let mut reachable = vec![false; live.len()];
    let mut stack: Vec<usize> = (0..live.len())
        .filter(|&i| refs[i] > 0 || !readable[i])
        .collect();
    for &i in &stack {
        reachable[i] = true;
    }
    while let Some(i) = stack.pop() {
        each_child(&live[i], |c| {
            if let Some(j) = lookup(c) {
                let j = j as usize;
                if !reachable[j] {
                    reachable[j] = true;
                    stack.push(j);
                }
            }
        });
    }

    // Break the garbage's cycles by emptying its mutable objects; the contents are dropped
    // (iteratively, see `drop_values`) once the registry is back in place.
    let mut contents: Vec<Value> = Vec::new();
    let mut freed = 0;
    let mut live_bytes = 0usize;
    for (i, obj) in live.iter().enumerate() {
        if reachable[i] {
            if let Value::Array(o) = obj
                && let Ok(items) = o.items.try_borrow()
            {
                live_bytes += items.capacity() * size_of::<Value>();
            }
            continue;
        }
        freed += 1;
        // Plain data is dropped here and now; only what holds objects waits.
        let taken = match obj {
            Value::Struct(o) if o.mutable => std::mem::take(&mut *o.fields.borrow_mut()),
            Value::Array(o) => std::mem::take(&mut *o.items.borrow_mut()),
            Value::Dict(o) => std::mem::take(&mut *o.map.borrow_mut()).into_values(),
            Value::Box(b) => vec![b.replace(Value::Undef)],
            _ => continue,
        };
        contents.extend(taken.into_iter().filter(may_refer));
    }
    drop(index);
    let survivors: Vec<Tracked> = objects
        .into_iter()
        .zip(&reachable)
        .filter_map(|(t, &keep)| keep.then_some(t))
        .collect();
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        // Objects registered while the registry was out (none today) are kept after these.
        let newer = std::mem::replace(&mut r.objects, survivors);
        r.objects.extend(newer);
        // A registry that once held far more gives the memory back.
        if r.objects.capacity() > 4 * r.objects.len().max(MIN_THRESHOLD) {
            r.objects.shrink_to_fit();
        }
        r.since_last = 0;
        r.threshold = MIN_THRESHOLD.max(r.objects.len());
        r.bytes_since_last = 0;
        r.threshold_bytes = MIN_THRESHOLD_BYTES.max(live_bytes);
        r.stats.collections += 1;
        r.stats.freed += freed as u64;
    });
    drop(live);
    super::drop_values(contents);
    // Memory may have come back: the runtime's reserve for running out is taken again.
    crate::memory::restore_reserve();
    freed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::TyId;

    fn field(v: &Value, i: usize) -> Value {
        let Value::Struct(o) = v else {
            panic!("not a struct")
        };
        o.fields.borrow()[i].clone()
    }

    fn set_field(v: &Value, i: usize, x: Value) {
        let Value::Struct(o) = v else {
            panic!("not a struct")
        };
        o.fields.borrow_mut()[i] = x;
    }

    fn weak(v: &Value) -> Weak<StructObj> {
        let Value::Struct(o) = v else {
            panic!("not a struct")
        };
        Rc::downgrade(o)
    }

    // The registry is per thread and each test has a thread of its own, so the counts are exact.
    #[test]
    fn cycles_are_freed_and_everything_reachable_is_kept() {
        let ty = TyId(0);
        collect();
        let before = stats().freed;

        // Garbage: a two-node cycle, a self-cycle through a vector, a cycle through a
        // closure's box and an immutable tuple.
        let a = Value::new_mutable_struct(ty, vec![Value::Nothing]);
        let b = Value::new_mutable_struct(ty, vec![a.clone()]);
        set_field(&a, 0, b.clone());
        let (wa, wb) = (weak(&a), weak(&b));
        drop((a, b));

        let v = Value::vector(ty, Vec::new());
        if let Value::Array(o) = &v {
            o.items
                .borrow_mut()
                .push(Value::tuple(vec![v.clone(), Value::Int(1)]));
        }
        let wv = match &v {
            Value::Array(o) => Rc::downgrade(o),
            _ => unreachable!(),
        };
        drop(v);

        let bx = Value::new_box(Value::Nothing);
        let code = crate::lower::ir::CodeInfo {
            name: crate::symbol::Sym::new("#1"),
            module: crate::ids::ModuleId(0),
            file: Rc::from("test"),
            line: 1,
            nargs: 0,
            isva: false,
            nregs: 0,
            arg_names: Vec::new(),
            kwnames: Vec::new(),
            capture_names: Vec::new(),
            closure_type: None,
            code: Vec::new(),
            lines: Vec::new(),
            consts: Vec::new(),
            lambdas: Vec::new(),
            nsites: 0,
            nglobals: 0,
        };
        let f = Value::closure(TyId(0), Rc::new(code), vec![bx.clone()]);
        if let Value::Box(cell) = &bx {
            *cell.borrow_mut() = f;
        }
        let wbox = match &bx {
            Value::Box(cell) => Rc::downgrade(cell),
            _ => unreachable!(),
        };
        drop(bx);

        // Live: a cycle held by a local, and a cycle held only through an immutable struct
        // that is itself held by a local.
        let c = Value::new_mutable_struct(ty, vec![Value::Nothing]);
        let d = Value::new_mutable_struct(ty, vec![c.clone()]);
        set_field(&c, 0, d.clone());
        drop(d);
        let e = Value::new_mutable_struct(ty, vec![Value::Nothing]);
        set_field(&e, 0, e.clone());
        let holder = Value::new_struct(ty, vec![e.clone(), Value::Int(7)]);
        let we = weak(&e);
        drop(e);

        assert!(wa.upgrade().is_some() && wv.upgrade().is_some() && wbox.upgrade().is_some());
        let freed = collect();
        assert_eq!(
            freed, 6,
            "a and b, the vector and its tuple, the box and its closure"
        );
        assert_eq!(stats().freed - before, 6);
        assert!(wa.upgrade().is_none() && wb.upgrade().is_none());
        assert!(wv.upgrade().is_none() && wbox.upgrade().is_none());

        // The live cycles are whole.
        let d = field(&c, 0);
        assert!(
            matches!(field(&d, 0), Value::Struct(x) if Rc::ptr_eq(&x, match &c {
                Value::Struct(c) => c,
                _ => unreachable!(),
            }))
        );
        let e = we.upgrade().expect("e is reachable through holder");
        assert!(matches!(field(&holder, 0), Value::Struct(x) if Rc::ptr_eq(&x, &e)));
        assert!(matches!(&e.fields.borrow()[0], Value::Struct(x) if Rc::ptr_eq(x, &e)));

        // A borrowed cell cannot be read: its object is kept, and so is what it holds.
        let Value::Struct(co) = &c else {
            unreachable!()
        };
        let guard = co.fields.borrow_mut();
        drop(d);
        let wd = match &guard[0] {
            Value::Struct(x) => Rc::downgrade(x),
            _ => unreachable!(),
        };
        collect();
        assert!(wd.upgrade().is_some());
        drop(guard);
    }
}
