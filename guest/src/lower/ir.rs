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
