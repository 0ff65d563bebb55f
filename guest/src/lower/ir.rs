//! The untyped IR a method body lowers to: a flat list of register instructions with a line
//! table. One `CodeInfo` per method body, anonymous function or top-level thunk.

use std::rc::Rc;

use crate::ids::ModuleId;
use crate::symbol::Sym;

/// A register (a local slot or a temporary) of one frame.
pub type Reg = u32;

#[derive(Clone, Debug)]
pub enum Inst {
    /// `dst = consts[k]`.
    Const {
        dst: Reg,
        k: u32,
    },
    Move {
        dst: Reg,
        src: Reg,
    },
    /// Throws `UndefVarError(name)` when `reg` has not been assigned.
    CheckDefined {
        reg: Reg,
        name: Sym,
    },
    /// `dst` = the global `name` as seen from the code's module. `site` numbers the `Global`
    /// instructions of one `CodeInfo` from 0, as `Call::site` numbers calls.
    Global {
        dst: Reg,
        name: Sym,
        site: u32,
    },
    SetGlobal {
        name: Sym,
        src: Reg,
    },
    /// `dst = args[0](args[1..]...)`. `site` numbers the plain calls of one `CodeInfo` from 0
    /// ([`number_call_sites`]): the VM keeps what each site dispatched to under that number.
    Call {
        dst: Reg,
        args: Vec<Reg>,
        site: u32,
    },
    /// Like `Call`, with the arguments flagged `true` splatted (`f(xs...)`).
    CallSplat {
        dst: Reg,
        args: Vec<Reg>,
        splat: Vec<bool>,
    },
    Jump {
        target: u32,
    },
    /// Jumps to `target` when `cond` is `false`; a non-`Bool` is a `TypeError`.
    BranchIfNot {
        cond: Reg,
        target: u32,
    },
    Return {
        src: Reg,
    },
    GetField {
        dst: Reg,
        obj: Reg,
        name: Sym,
    },
    SetField {
        obj: Reg,
        name: Sym,
        src: Reg,
    },
    /// `dst` = a new, unassigned box for a captured variable.
    NewBox {
        dst: Reg,
    },
    /// `dst` = contents of box `bx`; `UndefVarError(name)` if unassigned.
    BoxGet {
        dst: Reg,
        bx: Reg,
        name: Sym,
    },
    BoxSet {
        bx: Reg,
        src: Reg,
    },
    /// `dst` = closure over `lambdas[lambda]` capturing the values (boxes) in `captures`; its
    /// type is the value of `ty` (the closure type, read from its global `#1#2` binding).
    Closure {
        dst: Reg,
        ty: Reg,
        lambda: u32,
        captures: Vec<Reg>,
    },
    /// `dst` = the value of the method's static parameter number `index` (a `where` variable,
    /// bound by the method instance that runs).
    StaticParam {
        dst: Reg,
        index: u32,
    },
    /// In a closure body: `dst` = captured value number `index`.
    Capture {
        dst: Reg,
        index: u32,
    },
    Tuple {
        dst: Reg,
        elems: Vec<Reg>,
    },
    /// `[elems...]`, or `T[elems...]` when `elty` is given.
    Vect {
        dst: Reg,
        elty: Option<Reg>,
        elems: Vec<Reg>,
    },
    /// Installs an exception handler: a throw jumps to `handler` with the exception in `exc`.
    EnterTry {
        handler: u32,
        exc: Reg,
    },
    LeaveTry,
    Throw {
        src: Reg,
    },
    /// Throws `TypeError` unless `src isa ty`.
    TypeAssert {
        src: Reg,
        ty: Reg,
    },
    /// Jumps to `target` when `src === nothing` (the end of an `iterate` loop).
    JumpIfNothing {
        src: Reg,
        target: u32,
    },
    /// `dst = src[index]` for a tuple `src` (0-based `index`), used by `for` loops.
    TupleGet {
        dst: Reg,
        src: Reg,
        index: u32,
    },
    /// `dst = args[0](args[1..]...; kwnames[i] = kwargs[i]...)`.
    CallKw {
        dst: Reg,
        args: Vec<Reg>,
        kwnames: Vec<Sym>,
        kwargs: Vec<Reg>,
    },
    /// `dst = args[0](args[1..]...; kws...)` with the arguments flagged `true` in `splat`
    /// splatted and the keywords taken from the named tuple in `kws`.
    CallKwSplat {
        dst: Reg,
        args: Vec<Reg>,
        splat: Vec<bool>,
        kws: Reg,
    },
    /// Jumps to `target` when `reg` has been assigned (a keyword argument that was passed).
    JumpIfDefined {
        reg: Reg,
        target: u32,
    },
    /// `dst` = whether local `src` has been assigned (`@isdefined x`); with `boxed`, `src`
    /// holds the box of a captured variable.
    IsDefined {
        dst: Reg,
        src: Reg,
        boxed: bool,
    },
}

/// The keyword name that stands for a `kws...` parameter (see [`CodeInfo::kwnames`]).
pub const KWREST: &str = "#kwrest";

/// A literal in lowered code. The IR holds its own constants, never runtime values: the VM
/// turns each into a value when it runs the `Const` instruction.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    Nothing,
    Bool(bool),
    Int(i64),
    /// An `Int128` literal (a decimal literal too large for `Int64`).
    Int128(crate::syntax::ast::U128),
    /// A `BigInt` literal, as its decimal digits: a fresh `BigInt` each time it runs.
    BigInt(Rc<str>),
    /// An unsigned literal (`0xff`, `0b101`, `0o17`) of `bits` bits: 8, 16, 32, 64 or 128.
    UInt {
        bits: u8,
        value: crate::syntax::ast::U128,
    },
    Float(f64),
    Char(char),
    Str(Rc<str>),
    Symbol(Sym),
    /// Makes a local unassigned again (a loop variable at the start of each iteration).
    Undef,
}

impl Const {
    pub fn str(s: &str) -> Const {
        Const::Str(Rc::from(s))
    }
}

/// A source position: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Loc {
    pub line: u32,
    pub col: u32,
}

/// Lowered code of one method body, anonymous function or top-level thunk.
#[derive(Clone, Debug)]
pub struct CodeInfo {
    /// The function's name (`#1` for an anonymous function, `g` for a named inner one, `top-level
    /// scope` for thunks).
    pub name: Sym,
    pub module: ModuleId,
    /// Virtual path of the source file.
    pub file: Rc<str>,
    /// Line of the definition.
    pub line: u32,
    /// Positional parameters (the callee itself is not one).
    pub nargs: u32,
    /// The last parameter collects the remaining arguments as a tuple.
    pub isva: bool,
    pub nregs: u32,
    /// Parameter names, for backtraces.
    pub arg_names: Vec<Sym>,
    /// Keyword parameters, in order; their registers follow the positional ones. A last name
    /// [`KWREST`] marks a `kws...` parameter: its register receives a named tuple of the
    /// keywords no other parameter took.
    pub kwnames: Vec<Sym>,
    /// Names of captured variables (closures only).
    pub capture_names: Vec<Sym>,
    /// A closure's type: the name of the global binding (`#1#2`, `#g#3`) of the struct type
    /// whose instances run this code, defined in `module` when the enclosing code is.
    pub closure_type: Option<Sym>,
    pub code: Vec<Inst>,
    /// Source position of each instruction.
    pub lines: Vec<Loc>,
    pub consts: Vec<Const>,
    /// Anonymous functions created by this code.
    pub lambdas: Vec<Rc<CodeInfo>>,
    /// How many `Call` instructions `code` has (their `site` numbers are `0..nsites`).
    pub nsites: u32,
    /// How many `Global` instructions `code` has (their `site` numbers are `0..nglobals`).
    pub nglobals: u32,
}

/// Numbers the `Call` instructions and the `Global` instructions of `code`, each kind in order
/// from 0, and returns how many of each there are. Lowering and image decoding both call it,
/// so a site number is never read from outside.
pub fn number_sites(code: &mut [Inst]) -> (u32, u32) {
    let (mut calls, mut globals) = (0, 0);
    for inst in code {
        match inst {
            Inst::Call { site, .. } => {
                *site = calls;
                calls += 1;
            }
            Inst::Global { site, .. } => {
                *site = globals;
                globals += 1;
            }
            _ => {}
        }
    }
    (calls, globals)
}

/// Calls `f` with each register `inst` reads.
fn for_each_read(inst: &Inst, mut f: impl FnMut(Reg)) {
    match inst {
        Inst::Const { .. }
        | Inst::Global { .. }
        | Inst::Jump { .. }
        | Inst::NewBox { .. }
        | Inst::StaticParam { .. }
        | Inst::Capture { .. }
        | Inst::EnterTry { .. }
        | Inst::LeaveTry => {}
        Inst::Move { src, .. }
        | Inst::SetGlobal { src, .. }
        | Inst::Return { src }
        | Inst::Throw { src }
        | Inst::JumpIfNothing { src, .. }
        | Inst::TupleGet { src, .. }
        | Inst::IsDefined { src, .. } => f(*src),
        Inst::CheckDefined { reg, .. } | Inst::JumpIfDefined { reg, .. } => f(*reg),
        Inst::BranchIfNot { cond, .. } => f(*cond),
        Inst::Call { args, .. } | Inst::CallSplat { args, .. } => args.iter().for_each(|&r| f(r)),
        Inst::CallKw { args, kwargs, .. } => args.iter().chain(kwargs).for_each(|&r| f(r)),
        Inst::CallKwSplat { args, kws, .. } => {
            args.iter().for_each(|&r| f(r));
            f(*kws);
        }
        Inst::GetField { obj, .. } => f(*obj),
        Inst::SetField { obj, src, .. } => {
            f(*obj);
            f(*src);
        }
        Inst::BoxGet { bx, .. } => f(*bx),
        Inst::BoxSet { bx, src } => {
            f(*bx);
            f(*src);
        }
        Inst::Closure { captures, .. } => captures.iter().for_each(|&r| f(r)),
        Inst::Tuple { elems, .. } => elems.iter().for_each(|&r| f(r)),
        Inst::Vect { elty, elems, .. } => elty.iter().chain(elems).for_each(|&r| f(r)),
        Inst::TypeAssert { src, ty } => {
            f(*src);
            f(*ty);
        }
    }
}

fn reads(inst: &Inst, r: Reg) -> bool {
    let mut found = false;
    for_each_read(inst, |x| found |= x == r);
    found
}

/// The register `inst` writes, if any (a `try`'s exception register included).
fn reg_written(inst: &Inst) -> Option<Reg> {
    match inst {
        Inst::Const { dst, .. }
        | Inst::Move { dst, .. }
        | Inst::Global { dst, .. }
        | Inst::Call { dst, .. }
        | Inst::CallSplat { dst, .. }
        | Inst::CallKw { dst, .. }
        | Inst::CallKwSplat { dst, .. }
        | Inst::GetField { dst, .. }
        | Inst::NewBox { dst }
        | Inst::BoxGet { dst, .. }
        | Inst::Closure { dst, .. }
        | Inst::StaticParam { dst, .. }
        | Inst::Capture { dst, .. }
        | Inst::Tuple { dst, .. }
        | Inst::Vect { dst, .. }
        | Inst::TupleGet { dst, .. }
        | Inst::IsDefined { dst, .. } => Some(*dst),
        Inst::EnterTry { exc, .. } => Some(*exc),
        _ => None,
    }
}

/// The instruction indices `inst` may jump to.
fn targets_mut(inst: &mut Inst) -> Option<&mut u32> {
    match inst {
        Inst::Jump { target }
        | Inst::BranchIfNot { target, .. }
        | Inst::JumpIfNothing { target, .. }
        | Inst::JumpIfDefined { target, .. } => Some(target),
        Inst::EnterTry { handler, .. } => Some(handler),
        _ => None,
    }
}

/// Removes the copies of a local into a temporary that only passes it to the next plain call
/// (`x` in `f(x)` lowers to `Move t, x` then `Call f, t`): the call reads the local itself.
/// Only where nothing in between can change the local or jump in or out, so every call sees
/// the value it would have seen. Registers below `first_temp` (parameters) are never removed
/// as temporaries.
pub fn forward_moves(code: &mut Vec<Inst>, lines: &mut Vec<Loc>, nregs: u32, first_temp: u32) {
    let n = code.len();
    // Reads and writes of each register, saturating at 2 (only "exactly once" matters).
    let mut nreads = vec![0u8; nregs as usize];
    let mut nwrites = vec![0u8; nregs as usize];
    let mut is_target = vec![false; n + 1];
    let mut candidates = false;
    for inst in code.iter_mut() {
        for_each_read(inst, |r| {
            if let Some(c) = nreads.get_mut(r as usize) {
                *c = (*c + 1).min(2);
            }
        });
        if let Some(c) = reg_written(inst).and_then(|r| nwrites.get_mut(r as usize)) {
            *c = (*c + 1).min(2);
        }
        if let Some(t) = targets_mut(inst) {
            is_target[(*t as usize).min(n)] = true;
        }
        candidates |= matches!(inst, Inst::Move { .. });
    }
    if !candidates {
        return;
    }
    let mut removed = vec![false; n];
    for i in 0..n {
        let Inst::Move { dst: t, src: l } = code[i] else {
            continue;
        };
        let once = |c: &[u8]| c.get(t as usize) == Some(&1);
        if t < first_temp || t == l || !once(&nreads) || !once(&nwrites) {
            continue;
        }
        for j in i + 1..n {
            if is_target[j] || targets_mut(&mut code[j]).is_some() {
                break;
            }
            if matches!(
                code[j],
                Inst::Return { .. } | Inst::Throw { .. } | Inst::LeaveTry
            ) {
                break;
            }
            if reads(&code[j], t) {
                if let Inst::Call { args, .. } = &mut code[j] {
                    for a in args.iter_mut().filter(|a| **a == t) {
                        *a = l;
                    }
                    removed[i] = true;
                }
                break;
            }
            if reg_written(&code[j]) == Some(l) {
                break;
            }
        }
    }
    if !removed.iter().any(|&r| r) {
        return;
    }
    // Old index → new index (a removed instruction maps to the one after it).
    let mut map = vec![0u32; n + 1];
    let mut k = 0u32;
    for i in 0..n {
        map[i] = k;
        if !removed[i] {
            k += 1;
        }
    }
    map[n] = k;
    let mut i = 0;
    code.retain(|_| {
        i += 1;
        !removed[i - 1]
    });
    let mut i = 0;
    lines.retain(|_| {
        i += 1;
        !removed[i - 1]
    });
    for inst in code.iter_mut() {
        if let Some(t) = targets_mut(inst) {
            *t = map[(*t as usize).min(n)];
        }
    }
}
