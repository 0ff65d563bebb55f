//! The surface syntax tree produced by the parser and consumed by lowering.
//!
//! Julia's operators are ordinary calls: `a + b` is `Call { callee: Ident("+"), args: [a, b] }`,
//! `a:b` is a call of `:`, `a => b` of `=>`, `!x` of `!`, `-x` of `-` with one argument. Only the
//! forms that are not calls (short-circuit `&&`/`||`, assignment, field access, indexing, control
//! flow, definitions) have their own node. Names are plain strings here; lowering interns them.

use std::rc::Rc;

use super::span::Span;

/// An expression with the source range it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

impl Expr {
    /// `callee(args...)` with positional arguments only, as desugaring builds calls.
    pub fn plain_call(callee: Expr, args: Vec<Expr>, span: Span) -> Expr {
        Expr {
            kind: ExprKind::Call {
                callee: Box::new(callee),
                args: args
                    .into_iter()
                    .map(|value| Arg::Pos {
                        value,
                        splat: false,
                    })
                    .collect(),
                do_block: None,
            },
            span,
        }
    }
}

/// A `begin … end`-like sequence; its value is the value of its last expression (`nothing` if empty).
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub exprs: Vec<Expr>,
    pub span: Span,
}

/// One piece of a string literal: text, or an interpolated `$name` / `$(expr)`.
#[derive(Clone, Debug, PartialEq)]
pub enum StrPart {
    Lit(String),
    Interp(Expr),
}

/// A call argument: positional (`x`, `xs...`), keyword (`name = value`, after `;` or inline) or
/// splatted keywords (`; kws...`).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Pos {
        value: Expr,
        splat: bool,
    },
    Kw {
        name: String,
        value: Expr,
        span: Span,
    },
    /// `kws...` after `;`: a collection of `Symbol => value` pairs (a named tuple, the `kws` of
    /// a `kws...` parameter) passed as keyword arguments. `; k => v` is `(k => v,)...`.
    KwSplat {
        value: Expr,
    },
}

/// A formal parameter of a function or anonymous function: `x`, `x::T`, `::T`, `xs...`,
/// `xs::T...`, `x = default`.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// `None` for an anonymous `::T` parameter.
    pub name: Option<String>,
    pub ty: Option<Expr>,
    pub vararg: bool,
    pub default: Option<Expr>,
    pub span: Span,
}

/// The name a method is defined under: `f`, `Base.show`, `Base.:+`, `+`.
#[derive(Clone, Debug, PartialEq)]
pub struct FuncName {
    /// Module path before the name (`["Base"]` for `Base.show`), empty for a plain name.
    pub qualifier: Vec<String>,
    pub name: String,
    pub span: Span,
    /// A name interpolated in quoted code (`function $(name)(x)`, `macro $(name)(x)`): the
    /// `$` expression, with `name` empty. Evaluating it outside a quote is an error.
    pub interp: Option<Box<Expr>>,
}

/// `function name(params) where {T <: S} … end` or `name(params) = expr`.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    /// For a method calling instances of a type, `(p::P)(x) = …`, the name is empty and
    /// `object` is the instance's parameter (`p::P`), which comes before `params`.
    pub name: FuncName,
    pub object: Option<Param>,
    pub params: Vec<Param>,
    /// Keyword parameters (after `;` in the parameter list).
    pub kwparams: Vec<Param>,
    /// Type variables from `where`: name and optional upper bound.
    pub where_params: Vec<(String, Option<Expr>)>,
    pub ret_type: Option<Expr>,
    pub body: Block,
}

/// `x -> body`, `(x, y) -> body`, `function (x) … end`, or the body of a `do` block.
#[derive(Clone, Debug, PartialEq)]
pub struct Lambda {
    pub params: Vec<Param>,
    pub body: Block,
    pub span: Span,
}

/// A field of a `struct`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub name: String,
    pub ty: Option<Expr>,
    /// `a::Int = 1`: a default, which only a macro such as `@kwdef` gives a meaning to.
    pub default: Option<Box<Expr>>,
    pub span: Span,
}

/// A module path in `using`/`import`: `Foo`, `Foo.Bar`, `.Sub`; with an optional list of names
/// (`using Foo: a, b`).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPath {
    /// Leading dots: 0 for `Foo`, 1 for `.Foo`, 2 for `..Foo`.
    pub dots: u32,
    pub path: Vec<String>,
    pub names: Vec<String>,
    pub span: Span,
}

/// The bits of a 128-bit literal, as two words: a `u128` would align the whole tree to 16
/// bytes and make every node larger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct U128([u64; 2]);

impl U128 {
    pub fn new(x: u128) -> U128 {
        U128([x as u64, (x >> 64) as u64])
    }

    pub fn get(self) -> u128 {
        self.0[0] as u128 | (self.0[1] as u128) << 64
    }

    /// The bits read as two's complement.
    pub fn signed(self) -> i128 {
        self.get() as i128
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// Integer literal that fits Int64.
    Int(i64),
    /// A decimal integer literal too large for `Int64` that fits `Int128`.
    Int128(U128),
    /// An integer literal too large for `Int128` (or a hex literal wider than 128 bits): a
    /// `BigInt`, as its decimal digits (with a leading `-` when negative).
    BigInt(Rc<str>),
    /// A hex, octal or binary literal: an unsigned integer of `bits` bits (8, 16, 32, 64 or
    /// 128), sized by its digits as Julia sizes it (`0x05` is a `UInt8`, `0x0005` a `UInt16`).
    UInt {
        value: U128,
        bits: u8,
    },
    Float(f64),
    Bool(bool),
    Char(char),
    /// A string literal; a plain literal is a single `Lit` part (or none when empty).
    Str(Vec<StrPart>),
    /// A name: `x`, `nothing`, `Int`, an operator used as a value (`+`).
    Ident(String),
    /// A quoted name, `:x` (a `Symbol` value).
    Symbol(String),
    /// `value.field` — field access or a qualified name `M.f`.
    Dot {
        value: Box<Expr>,
        field: String,
    },
    /// `callee(args...)`, with an optional `do` block passed as the first argument.
    Call {
        callee: Box<Expr>,
        args: Vec<Arg>,
        do_block: Option<Box<Lambda>>,
    },
    /// `value[indices...]`.
    Index {
        value: Box<Expr>,
        indices: Vec<Expr>,
    },
    /// `callee{params...}`, e.g. `Vector{Int}`.
    Curly {
        callee: Box<Expr>,
        params: Vec<Expr>,
    },
    /// `lhs = rhs`; lhs is an identifier, `a.b`, `a[i]`, a tuple of those, or `x::T`.
    Assign {
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `lhs op= rhs`, e.g. `x += 1`; `op` is the operator without `=` (`"+"`).
    OpAssign {
        op: String,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    /// `a < b <= c` chains: operands and the operators between them (`a < b` is a plain Call).
    Comparison {
        operands: Vec<Expr>,
        ops: Vec<String>,
    },
    /// `value::ty` in an expression (a type assertion).
    TypeAssert {
        value: Box<Expr>,
        ty: Box<Expr>,
    },
    /// `if`/`elseif`/`else` and `c ? a : b`. `else_` holds a `Block` expression or a nested `If`.
    If {
        cond: Box<Expr>,
        then: Block,
        else_: Option<Box<Expr>>,
    },
    While {
        cond: Box<Expr>,
        body: Block,
    },
    /// `for var in iter … end`; `var` is an identifier or a tuple of identifiers.
    /// `for i in a, j in b` is nested `For`s.
    For {
        var: Box<Expr>,
        iter: Box<Expr>,
        body: Block,
    },
    Block(Block),
    Tuple(Vec<Expr>),
    /// `(a = 1, b = 2)`, `(; a, b)`, `(; t..., :c => 3)`: each entry a keyword (`name = value`,
    /// or `name`/`x.name` written after `;`), a splatted collection of pairs, or a pair.
    NamedTuple(Vec<Arg>),
    /// A broadcast call: `f.(args...)`, or a dotted operator (`a .+ b`, `.-x`, `a .&& b`) whose
    /// callee is the operator's name. Nested dot calls fuse into one broadcast.
    DotCall {
        callee: Box<Expr>,
        args: Vec<Arg>,
    },
    /// `lhs .= rhs`, or `lhs .op= rhs` (`op` without the dot and `=`): in-place broadcast.
    DotAssign {
        op: Option<String>,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    /// `[a, b, c]`. (`T[a, b]` is an `Index` of the type: `getindex(T, a, b)`, as in Julia.)
    Vect(Vec<Expr>),
    Function(Box<FunctionDef>),
    /// `function f end`: a generic function with no methods yet.
    FunctionDecl(FuncName),
    Lambda(Box<Lambda>),
    Return(Option<Box<Expr>>),
    Break,
    Continue,
    /// `local x`, `local x = 1`, `local a, b`.
    Local(Vec<Expr>),
    /// `global x`, `global x = 1`.
    Global(Vec<Expr>),
    /// `const X = value`.
    Const(Box<Expr>),
    Struct {
        mutable: bool,
        name: String,
        params: Vec<(String, Option<Expr>)>,
        supertype: Option<Box<Expr>>,
        fields: Vec<FieldDecl>,
        /// Inner constructors: method definitions in the body, which may call `new`.
        ctors: Vec<Expr>,
    },
    AbstractType {
        name: String,
        params: Vec<(String, Option<Expr>)>,
        supertype: Option<Box<Expr>>,
    },
    Module {
        name: String,
        body: Vec<Expr>,
    },
    Using(Vec<ImportPath>),
    Import(Vec<ImportPath>),
    Export(Vec<String>),
    /// `try … catch e … finally … end`.
    Try {
        body: Block,
        catch_var: Option<String>,
        catch_body: Option<Block>,
        finally: Option<Block>,
    },
    /// `@name args...` — a macro call; kept so lowering can reject unknown macros with a span.
    MacroCall {
        name: String,
        args: Vec<Expr>,
    },
    /// `sig where {T <: S}` — only meaningful as the left side of a short method definition.
    Where {
        value: Box<Expr>,
        params: Vec<(String, Option<Expr>)>,
    },
    /// `:(expr)` or `quote … end` (whose body is a `Block`): the expression as data.
    Quote(Box<Expr>),
    /// Quoted code that was already data (`Expr(:quote, …)` of an evaluated expression): its
    /// `$` interpolations are `Expr(:$, …)` nodes, interpolated when it is built.
    Quoted(Box<super::expr::Node>),
    /// `$x`, `$(expr)` or `$(xs...)` (`splat`): interpolation into a quoted expression.
    Interp {
        value: Box<Expr>,
        splat: bool,
    },
    /// `let x = 1, y; body end`: each binding (an identifier or an assignment to one) is a new
    /// local of the body.
    Let {
        bindings: Vec<Expr>,
        body: Block,
    },
}
