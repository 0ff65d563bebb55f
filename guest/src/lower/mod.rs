//! Lowering: syntax tree to the untyped register IR of one method body, closure or thunk.
//!
//! Scoping follows Julia for functions: a name assigned in a function body is local to it; a
//! name assigned in a closure is local to the closure unless an enclosing function has a local of
//! that name, which the closure then shares. Every variable a closure captures lives in a box
//! (Julia's `Core.Box`), so both sides see assignments. At top level, assigned names are globals;
//! `for` loop variables are locals of the thunk.

pub(crate) mod expand;
pub mod ir;

pub use expand::{children_mut, has_macro_calls};

use std::rc::Rc;

use crate::collections::{IndexMap, IndexSet};

use crate::ids::ModuleId;
use crate::symbol::Sym;
use crate::syntax::ast::{Arg, Block, Expr, ExprKind, Lambda, Param, StrPart};
use crate::syntax::{LineIndex, Span};
use ir::{CodeInfo, Const, Inst, KWREST, Reg};

/// Code that cannot be lowered: an unsupported form or a misplaced one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowerError {
    pub message: String,
    pub span: Span,
}

type LResult<T> = Result<T, LowerError>;

fn err<T>(span: Span, message: impl Into<String>) -> LResult<T> {
    Err(LowerError {
        message: message.into(),
        span,
    })
}

/// What the lowering of one file needs to know.
pub struct LowerCtx<'a> {
    pub module: ModuleId,
    pub file: Rc<str>,
    pub lines: &'a LineIndex,
    /// The file's text (quoted code records its form: `f(x) = …` or `function f(x) … end`).
    pub text: &'a str,
    /// In an inner constructor of struct `name`: `new(…)` makes an instance of it.
    pub struct_new: Option<&'a str>,
    /// The module's counter for the names of closures and their types (`#1`, `#1#2`, `#g#3`),
    /// as Julia numbers them per module; lowering advances it, the caller stores it back.
    pub counter: std::cell::Cell<u32>,
}

impl LowerCtx<'_> {
    fn next_number(&self) -> u32 {
        let n = self.counter.get();
        self.counter.set(n + 1);
        n
    }
}

/// Lowers a method body with the given parameters.
pub fn lower_method(
    cx: &LowerCtx<'_>,
    name: Sym,
    params: &[Param],
    kwparams: &[Param],
    sparams: &[Sym],
    body: &Block,
    span: Span,
) -> LResult<CodeInfo> {
    let mut l = Lowerer::new(cx, name, false, IndexSet::default(), span);
    let expanded;
    let body = if body.exprs.iter().any(expand::has_task_macros) {
        let mut b = body.clone();
        for e in &mut b.exprs {
            expand::expand_task_macros(e, false)?;
        }
        expanded = b;
        &expanded
    } else {
        body
    };
    l.lower_function_body(params, kwparams, sparams, body, span)?;
    Ok(l.finish())
}

/// Lowers top-level expressions into a thunk that takes no arguments.
pub fn lower_thunk(cx: &LowerCtx<'_>, exprs: &[Expr], span: Span) -> LResult<CodeInfo> {
    let mut l = Lowerer::new(
        cx,
        Sym::new("top-level scope"),
        true,
        IndexSet::default(),
        span,
    );
    let mut block = Block {
        exprs: exprs.to_vec(),
        span,
    };
    for e in &mut block.exprs {
        if expand::has_task_macros(e) {
            expand::expand_task_macros(e, false)?;
        }
    }
    let mut loop_vars = IndexSet::default();
    toplevel_locals(&block, &mut loop_vars);
    let mut boxed = IndexSet::default();
    nested_lambda_names(&block, &mut boxed);
    l.captured = boxed.clone();
    for name in loop_vars {
        l.declare_local(name, boxed.contains(&name));
    }
    let r = l.block(&block)?;
    l.emit(Inst::Return { src: r }, span);
    Ok(l.finish())
}

#[derive(Clone, Copy, Debug)]
enum Var {
    Reg(Reg),
    Boxed(Reg),
}

struct LoopCtx {
    breaks: Vec<usize>,
    continues: Vec<usize>,
    try_depth: usize,
}

struct Lowerer<'a, 'c> {
    cx: &'a LowerCtx<'c>,
    name: Sym,
    toplevel: bool,
    nregs: u32,
    locals: IndexMap<Sym, Var>,
    params: IndexSet<Sym>,
    captures: IndexMap<Sym, u32>,
    enclosing: IndexSet<Sym>,
    globals: IndexSet<Sym>,
    /// Names used inside nested functions: the locals among them are boxed.
    captured: IndexSet<Sym>,
    /// Locals of the function's own scope (assigned outside any loop body, and parameters).
    fn_scope: IndexSet<Sym>,
    /// Locals of the enclosing loop bodies, innermost last.
    loop_scopes: Vec<Vec<Sym>>,
    /// Variables declared with a type (`x::T = v`): every later assignment converts to `T`.
    typed_vars: IndexMap<Sym, Expr>,
    /// Registers holding the exception of the enclosing `catch` blocks (for `rethrow()`).
    catch_excs: Vec<Reg>,
    code: Vec<Inst>,
    lines: Vec<ir::Loc>,
    consts: Vec<Const>,
    lambdas: Vec<Rc<CodeInfo>>,
    loops: Vec<LoopCtx>,
    /// `finally` blocks of the enclosing `try`s, innermost last.
    finallies: Vec<Option<Block>>,
    /// The arrays `end` refers to, innermost last, with the dimension being indexed when an
    /// index expression has several indices (`A[end, 1]` is `lastindex(A, 1)`).
    end_targets: Vec<(Reg, Option<i64>)>,
    nargs: u32,
    isva: bool,
    arg_names: Vec<Sym>,
    kwnames: Vec<Sym>,
    def_line: u32,
}

/// A keyword argument of a call: `name = value`, or `kws...` (a collection of pairs).
enum KwArg {
    Named(Sym, Reg),
    Splat(Reg),
}

impl<'a, 'c> Lowerer<'a, 'c> {
    fn new(
        cx: &'a LowerCtx<'c>,
        name: Sym,
        toplevel: bool,
        enclosing: IndexSet<Sym>,
        span: Span,
    ) -> Self {
        Lowerer {
            cx,
            name,
            toplevel,
            nregs: 0,
            locals: IndexMap::default(),
            params: IndexSet::default(),
            captures: IndexMap::default(),
            enclosing,
            globals: IndexSet::default(),
            captured: IndexSet::default(),
            fn_scope: IndexSet::default(),
            loop_scopes: Vec::new(),
            typed_vars: IndexMap::default(),
            catch_excs: Vec::new(),
            code: Vec::new(),
            lines: Vec::new(),
            consts: Vec::new(),
            lambdas: Vec::new(),
            loops: Vec::new(),
            finallies: Vec::new(),
            end_targets: Vec::new(),
            nargs: 0,
            isva: false,
            arg_names: Vec::new(),
            kwnames: Vec::new(),
            def_line: cx.lines.line(span.start),
        }
    }

    fn finish(mut self) -> CodeInfo {
        let first_temp = self.nargs + self.kwnames.len() as u32;
        ir::forward_moves(&mut self.code, &mut self.lines, self.nregs, first_temp);
        let (nsites, nglobals) = ir::number_sites(&mut self.code);
        CodeInfo {
            name: self.name,
            module: self.cx.module,
            file: self.cx.file.clone(),
            line: self.def_line,
            nargs: self.nargs,
            isva: self.isva,
            nregs: self.nregs,
            arg_names: self.arg_names,
            kwnames: self.kwnames,
            capture_names: self.captures.keys().copied().collect(),
            closure_type: None,
            code: self.code,
            lines: self.lines,
            consts: self.consts,
            lambdas: self.lambdas,
            nsites,
            nglobals,
        }
    }

    fn reg(&mut self) -> Reg {
        self.nregs += 1;
        self.nregs - 1
    }

    fn emit(&mut self, inst: Inst, span: Span) -> usize {
        self.code.push(inst);
        let (line, col) = self.cx.lines.line_col(self.cx.text, span.start);
        self.lines.push(ir::Loc { line, col });
        self.code.len() - 1
    }

    fn here(&self) -> u32 {
        self.code.len() as u32
    }

    fn patch(&mut self, at: usize, target: u32) {
        match &mut self.code[at] {
            Inst::Jump { target: t }
            | Inst::BranchIfNot { target: t, .. }
            | Inst::JumpIfNothing { target: t, .. }
            | Inst::JumpIfDefined { target: t, .. } => *t = target,
            Inst::EnterTry { handler, .. } => *handler = target,
            _ => unreachable!("patching a non-jump"),
        }
    }

    fn konst(&mut self, v: Const, span: Span) -> Reg {
        let k = self.consts.len() as u32;
        self.consts.push(v);
        let dst = self.reg();
        self.emit(Inst::Const { dst, k }, span);
        dst
    }

    fn global(&mut self, name: &str, span: Span) -> Reg {
        let dst = self.reg();
        self.emit(
            Inst::Global {
                dst,
                name: Sym::new(name),
                site: 0,
            },
            span,
        );
        dst
    }

    fn call(&mut self, args: Vec<Reg>, span: Span) -> Reg {
        let dst = self.reg();
        self.emit(Inst::Call { dst, args, site: 0 }, span);
        dst
    }

    fn call_global(&mut self, fname: &str, mut args: Vec<Reg>, span: Span) -> Reg {
        let f = self.global(fname, span);
        args.insert(0, f);
        self.call(args, span)
    }

    fn declare_local(&mut self, name: Sym, boxed: bool) {
        if self.locals.contains_key(&name) {
            return;
        }
        let r = self.reg();
        self.locals
            .insert(name, if boxed { Var::Boxed(r) } else { Var::Reg(r) });
    }

    /// Makes `name` a local holding the value that arrived in register `r` (a parameter, keyword
    /// or static parameter); a captured one is moved into a box.
    fn bind_arrived(&mut self, name: Sym, r: Reg, captured: bool, span: Span) {
        if captured {
            let bx = self.reg();
            self.emit(Inst::NewBox { dst: bx }, span);
            self.emit(Inst::BoxSet { bx, src: r }, span);
            self.locals.insert(name, Var::Boxed(bx));
        } else {
            self.locals.insert(name, Var::Reg(r));
        }
    }

    /// Parameters become the first registers; body locals follow; captured ones are boxed.
    /// Static parameters (`where` variables) are locals set from the method instance on entry.
    fn lower_function_body(
        &mut self,
        params: &[Param],
        kwparams: &[Param],
        sparams: &[Sym],
        body: &Block,
        span: Span,
    ) -> LResult<()> {
        let mut assigned = IndexSet::default();
        assigned_names(body, &mut assigned);
        let mut globals = IndexSet::default();
        declared_globals(body, &mut globals);
        let mut captured = IndexSet::default();
        nested_lambda_names(body, &mut captured);
        self.globals = globals;
        self.captured = captured.clone();
        let mut fn_scope = IndexSet::default();
        for e in &body.exprs {
            scope_assigned_in(e, &mut fn_scope);
        }
        fn_scope.extend(
            params
                .iter()
                .filter_map(|p| p.name.as_deref().map(Sym::new)),
        );
        fn_scope.extend(
            kwparams
                .iter()
                .filter_map(|p| p.name.as_deref().map(Sym::new)),
        );
        fn_scope.extend(sparams.iter().copied());
        self.fn_scope = fn_scope;
        // Parameter registers first: argument i arrives in register i.
        let mut param_regs = Vec::new();
        for (i, p) in params.iter().enumerate() {
            let name = p
                .name
                .as_deref()
                .map(Sym::new)
                .unwrap_or_else(|| Sym::new(&format!("#unused#{i}")));
            let r = self.reg();
            param_regs.push((name, r));
            self.params.insert(name);
            self.arg_names.push(name);
            if p.vararg {
                if i + 1 != params.len() {
                    return err(p.span, "only the last parameter can be a vararg (`xs...`)");
                }
                self.isva = true;
            }
            if p.default.is_some() {
                return err(
                    p.span,
                    "default parameter values are only supported in named functions",
                );
            }
        }
        self.nargs = params.len() as u32;
        // Keyword parameters: registers right after the positional ones; the caller fills those
        // it passes, the prologue below the others.
        let mut kw_regs = Vec::new();
        let mut kw_rest = None;
        for p in kwparams {
            let Some(name) = p.name.as_deref().map(Sym::new) else {
                return err(p.span, "a keyword parameter needs a name");
            };
            if p.vararg {
                if !std::ptr::eq(p, kwparams.last().expect("p is one of them")) {
                    return err(p.span, "invalid \"...\" on non-final keyword argument");
                }
                if p.ty.is_some() || p.default.is_some() {
                    return err(
                        p.span,
                        "a `kws...` keyword parameter takes no type or default",
                    );
                }
                // The VM passes the keywords no other parameter took as a named tuple in the
                // register of the `#kwrest` marker; the prologue wraps it as Julia's
                // `pairs(::NamedTuple)`.
                let r = self.reg();
                kw_rest = Some((name, r));
                self.params.insert(name);
                self.kwnames.push(Sym::new(KWREST));
                continue;
            }
            let r = self.reg();
            kw_regs.push((name, r, p));
            self.params.insert(name);
            self.kwnames.push(name);
        }
        for &(name, r) in &param_regs {
            self.bind_arrived(name, r, captured.contains(&name), span);
        }
        for (i, &name) in sparams.iter().enumerate() {
            if self.params.contains(&name) {
                continue;
            }
            let r = self.reg();
            self.emit(
                Inst::StaticParam {
                    dst: r,
                    index: i as u32,
                },
                span,
            );
            self.params.insert(name);
            self.bind_arrived(name, r, captured.contains(&name), span);
        }
        for (name, r, p) in kw_regs {
            match &p.default {
                Some(d) => {
                    let skip = self.emit(Inst::JumpIfDefined { reg: r, target: 0 }, p.span);
                    let v = self.expr(d)?;
                    self.emit(Inst::Move { dst: r, src: v }, p.span);
                    let here = self.here();
                    self.patch(skip, here);
                }
                None => {
                    // A required keyword: `UndefKeywordError` when the caller did not pass it.
                    let skip = self.emit(Inst::JumpIfDefined { reg: r, target: 0 }, p.span);
                    let sym = self.konst(Const::Symbol(name), p.span);
                    let e = self.call_global("UndefKeywordError", vec![sym], p.span);
                    self.emit(Inst::Throw { src: e }, p.span);
                    let here = self.here();
                    self.patch(skip, here);
                }
            }
            if let Some(t) = &p.ty {
                let ty = self.expr(t)?;
                self.emit(Inst::TypeAssert { src: r, ty }, p.span);
            }
            self.bind_arrived(name, r, captured.contains(&name), span);
        }
        if let Some((name, r)) = kw_rest {
            let pairs = self.call_global("#kwpairs", vec![r], span);
            self.emit(Inst::Move { dst: r, src: pairs }, span);
            self.bind_arrived(name, r, captured.contains(&name), span);
        }
        for name in assigned {
            if self.globals.contains(&name) || self.locals.contains_key(&name) {
                continue;
            }
            if self.enclosing.contains(&name) {
                // Assignment to a variable of an enclosing function: shared, not local.
                continue;
            }
            self.declare_local(name, captured.contains(&name));
        }
        // Boxes of captured locals are created up front.
        let boxed: Vec<Reg> = self
            .locals
            .iter()
            .filter(|(n, _)| !self.params.contains(*n))
            .filter_map(|(_, v)| match v {
                Var::Boxed(r) => Some(*r),
                Var::Reg(_) => None,
            })
            .collect();
        for bx in boxed {
            self.emit(Inst::NewBox { dst: bx }, span);
        }
        let r = self.block(body)?;
        self.emit(Inst::Return { src: r }, body.span);
        Ok(())
    }

    fn block(&mut self, b: &Block) -> LResult<Reg> {
        let mut last = None;
        for e in &b.exprs {
            last = Some(self.expr(e)?);
        }
        Ok(match last {
            Some(r) => r,
            None => self.konst(Const::Nothing, b.span),
        })
    }

    fn read_var(&mut self, name: Sym, span: Span) -> Reg {
        let dst = self.reg();
        if let Some(&v) = self.locals.get(&name) {
            match v {
                Var::Reg(r) => {
                    if !self.params.contains(&name) {
                        self.emit(Inst::CheckDefined { reg: r, name }, span);
                    }
                    self.emit(Inst::Move { dst, src: r }, span);
                }
                Var::Boxed(bx) => {
                    self.emit(Inst::BoxGet { dst, bx, name }, span);
                }
            }
        } else if let Some(bx) = self.capture_box(name, span) {
            self.emit(Inst::BoxGet { dst, bx, name }, span);
        } else {
            self.emit(Inst::Global { dst, name, site: 0 }, span);
        }
        dst
    }

    /// `@isdefined name`, with `m` the module the macro was called in.
    fn is_defined(&mut self, name: Sym, m: &Expr, span: Span) -> LResult<Reg> {
        let local = match self.locals.get(&name) {
            Some(&Var::Reg(r)) => Some((r, false)),
            Some(&Var::Boxed(bx)) => Some((bx, true)),
            None => self.capture_box(name, span).map(|bx| (bx, true)),
        };
        if let Some((src, boxed)) = local {
            let dst = self.reg();
            self.emit(Inst::IsDefined { dst, src, boxed }, span);
            return Ok(dst);
        }
        let m = self.expr(m)?;
        let sym = self.konst(Const::Symbol(name), span);
        Ok(self.call_global("isdefined", vec![m, sym], span))
    }

    /// The register holding the box of captured variable `name`, when it is one.
    fn capture_box(&mut self, name: Sym, span: Span) -> Option<Reg> {
        if self.globals.contains(&name) || !self.enclosing.contains(&name) {
            return None;
        }
        let n = self.captures.len() as u32;
        let index = *self.captures.entry(name).or_insert(n);
        let dst = self.reg();
        self.emit(Inst::Capture { dst, index }, span);
        Some(dst)
    }

    fn assign_var(&mut self, name: Sym, src: Reg, span: Span) -> LResult<()> {
        if let Some(&v) = self.locals.get(&name) {
            match v {
                Var::Reg(r) => {
                    self.emit(Inst::Move { dst: r, src }, span);
                }
                Var::Boxed(bx) => {
                    self.emit(Inst::BoxSet { bx, src }, span);
                }
            }
        } else if let Some(bx) = self.capture_box(name, span) {
            self.emit(Inst::BoxSet { bx, src }, span);
        } else if self.toplevel || self.globals.contains(&name) {
            self.emit(Inst::SetGlobal { name, src }, span);
        } else {
            // Not found by the pre-pass (e.g. assigned only inside a nested construct we do not
            // scan): make it local now, boxed if a closure may capture it.
            let boxed = self.captured.contains(&name);
            self.declare_local(name, boxed);
            return self.assign_var(name, src, span);
        }
        Ok(())
    }

    /// Positional arguments into `out`/`splat`, keyword arguments into `kws`.
    fn args(
        &mut self,
        args: &[Arg],
        out: &mut Vec<Reg>,
        splat: &mut Vec<bool>,
        kws: &mut Vec<KwArg>,
    ) -> LResult<()> {
        for a in args {
            match a {
                Arg::Pos { value, splat: s } => {
                    out.push(self.expr(value)?);
                    splat.push(*s);
                }
                Arg::Kw { name, value, span } => {
                    let sym = Sym::new(name);
                    if kws
                        .iter()
                        .any(|k| matches!(k, KwArg::Named(n, _) if *n == sym))
                    {
                        return err(*span, format!("keyword argument `{name}` is given twice"));
                    }
                    let v = self.expr(value)?;
                    kws.push(KwArg::Named(sym, v));
                }
                Arg::KwSplat { value } => {
                    let v = self.expr(value)?;
                    kws.push(KwArg::Splat(v));
                }
            }
        }
        Ok(())
    }

    /// A named tuple of keyword arguments, in order: runs of `name = value` become named
    /// tuples, and each splatted collection of pairs is merged in (a later name wins, as in
    /// Julia's `merge`).
    fn kw_namedtuple(&mut self, kws: Vec<KwArg>, span: Span) -> Reg {
        let mut acc: Option<Reg> = None;
        let mut run: Vec<(Sym, Reg)> = Vec::new();
        let mut kws = kws.into_iter().peekable();
        loop {
            let next = kws.next();
            match next {
                Some(KwArg::Named(n, r)) => {
                    run.push((n, r));
                    if matches!(kws.peek(), Some(KwArg::Named(..))) {
                        continue;
                    }
                    let nt = self.namedtuple_of(std::mem::take(&mut run), span);
                    acc = Some(match acc {
                        None => nt,
                        Some(a) => self.call_global("#kwmerge", vec![a, nt], span),
                    });
                }
                Some(KwArg::Splat(r)) => {
                    let a = match acc {
                        Some(a) => a,
                        None => self.namedtuple_of(Vec::new(), span),
                    };
                    acc = Some(self.call_global("#kwmerge", vec![a, r], span));
                }
                None => break,
            }
        }
        match acc {
            Some(a) => a,
            None => self.namedtuple_of(Vec::new(), span),
        }
    }

    /// `(name₁ = r₁, …)`: `Core.#namedtuple((:name₁, …), r₁, …)`.
    fn namedtuple_of(&mut self, fields: Vec<(Sym, Reg)>, span: Span) -> Reg {
        let mut names = Vec::new();
        let mut args = Vec::new();
        for (n, r) in fields {
            names.push(self.konst(Const::Symbol(n), span));
            args.push(r);
        }
        let dst = self.reg();
        self.emit(Inst::Tuple { dst, elems: names }, span);
        args.insert(0, dst);
        self.call_global("#namedtuple", args, span)
    }

    /// The lazy form of a dot call: `#broadcasted(f, args...)`, where an argument that is itself
    /// a dot call stays lazy, so nested dot calls fuse into one loop as in Julia.
    fn broadcasted(&mut self, callee: &Expr, args: &[Arg], span: Span) -> LResult<Reg> {
        // `a .&& b` and `a .|| b` broadcast short-circuit evaluation per element.
        let f = match &callee.kind {
            ExprKind::Ident(n) if n == "&&" => self.global("#bc_andand", span),
            ExprKind::Ident(n) if n == "||" => self.global("#bc_oror", span),
            _ => self.expr(callee)?,
        };
        let mut regs = vec![f];
        let mut splat = vec![false];
        let mut kws = Vec::new();
        for a in args {
            match a {
                Arg::Pos { value, splat: s } => {
                    let r = match &value.kind {
                        ExprKind::DotCall { callee, args } => {
                            self.broadcasted(callee, args, value.span)?
                        }
                        _ => self.expr(value)?,
                    };
                    regs.push(r);
                    splat.push(*s);
                }
                Arg::Kw { .. } | Arg::KwSplat { .. } => self.args(
                    std::slice::from_ref(a),
                    &mut Vec::new(),
                    &mut Vec::new(),
                    &mut kws,
                )?,
            }
        }
        if !kws.is_empty() {
            // `f.(x; k = v)` broadcasts `(x...) -> f(x...; k = v)`.
            let nt = self.kw_namedtuple(kws, span);
            regs[0] = self.call_global("#bc_kwfunc", vec![regs[0], nt], span);
        }
        let g = self.global("#broadcasted", span);
        regs.insert(0, g);
        splat.insert(0, false);
        let dst = self.reg();
        if splat.iter().any(|&s| s) {
            self.emit(
                Inst::CallSplat {
                    dst,
                    args: regs,
                    splat,
                },
                span,
            );
        } else {
            self.emit(
                Inst::Call {
                    dst,
                    args: regs,
                    site: 0,
                },
                span,
            );
        }
        Ok(dst)
    }

    fn expr(&mut self, e: &Expr) -> LResult<Reg> {
        let span = e.span;
        match &e.kind {
            ExprKind::Int(i) => Ok(self.konst(Const::Int(*i), span)),
            ExprKind::Int128(i) => Ok(self.konst(Const::Int128(*i), span)),
            ExprKind::BigInt(d) => Ok(self.konst(Const::BigInt(d.clone()), span)),
            ExprKind::UInt { value, bits } => Ok(self.konst(
                Const::UInt {
                    bits: *bits,
                    value: *value,
                },
                span,
            )),
            ExprKind::Float(f) => Ok(self.konst(Const::Float(*f), span)),
            ExprKind::Bool(b) => Ok(self.konst(Const::Bool(*b), span)),
            ExprKind::Char(c) => Ok(self.konst(Const::Char(*c), span)),
            ExprKind::Symbol(n) => Ok(self.konst(Const::Symbol(Sym::new(n)), span)),
            ExprKind::Str(parts) => self.string(parts, span),
            ExprKind::Ident(name) => {
                if name == "nothing" {
                    return Ok(self.konst(Const::Nothing, span));
                }
                if name == "end" || name == "begin" {
                    if let Some(&(a, dim)) = self.end_targets.last() {
                        let a2 = self.reg();
                        self.emit(Inst::Move { dst: a2, src: a }, span);
                        let f = if name == "end" {
                            "lastindex"
                        } else {
                            "firstindex"
                        };
                        let mut args = vec![a2];
                        if let Some(d) = dim {
                            args.push(self.konst(Const::Int(d), span));
                        }
                        return Ok(self.call_global(f, args, span));
                    }
                    return err(
                        span,
                        format!("`{name}` is only valid inside an index expression"),
                    );
                }
                Ok(self.read_var(Sym::new(name), span))
            }
            ExprKind::Dot { value, field } => {
                let obj = self.expr(value)?;
                let dst = self.reg();
                self.emit(
                    Inst::GetField {
                        dst,
                        obj,
                        name: Sym::new(field),
                    },
                    span,
                );
                Ok(dst)
            }
            ExprKind::Call {
                callee,
                args,
                do_block,
            } if self.is_new(callee) => {
                // `new(args…)` / `new{T}(args…)` in an inner constructor: `Core._new(S, args…)`.
                let name = self.cx.struct_new.unwrap_or_default().to_string();
                let ident = |s: &str| Expr {
                    kind: ExprKind::Ident(s.to_string()),
                    span,
                };
                let target = match &callee.kind {
                    ExprKind::Curly { params, .. } => Expr {
                        kind: ExprKind::Curly {
                            callee: Box::new(ident(&name)),
                            params: params.clone(),
                        },
                        span,
                    },
                    _ => ident(&name),
                };
                let mut all = vec![Arg::Pos {
                    value: target,
                    splat: false,
                }];
                all.extend(args.iter().cloned());
                let call = Expr {
                    kind: ExprKind::Call {
                        callee: Box::new(Expr {
                            kind: ExprKind::Dot {
                                value: Box::new(ident("Core")),
                                field: "_new".into(),
                            },
                            span,
                        }),
                        args: all,
                        do_block: do_block.clone(),
                    },
                    span,
                };
                self.expr(&call)
            }
            ExprKind::Call {
                callee,
                args,
                do_block,
            } => {
                // `rethrow()` in a `catch` block throws the exception being handled again.
                if matches!(&callee.kind, ExprKind::Ident(n) if n == "rethrow") && args.is_empty() {
                    let Some(&exc) = self.catch_excs.last() else {
                        return err(span, "`rethrow()` is only valid inside a `catch` block");
                    };
                    self.emit(Inst::Throw { src: exc }, span);
                    return Ok(exc);
                }
                // `@isdefined x` expands to `#isdefined(x, module)`: a local is defined once
                // assigned; any other name is asked of the module.
                if matches!(&callee.kind, ExprKind::Ident(n) if n == "#isdefined")
                    && let [
                        Arg::Pos {
                            value: var,
                            splat: false,
                        },
                        Arg::Pos {
                            value: m,
                            splat: false,
                        },
                    ] = &args[..]
                    && let ExprKind::Ident(name) = &var.kind
                {
                    return self.is_defined(Sym::new(name), m, span);
                }
                let f = self.expr(callee)?;
                let mut regs = vec![f];
                let mut splat = vec![false];
                if let Some(lam) = do_block {
                    regs.push(self.lambda(lam)?);
                    splat.push(false);
                }
                let mut kws = Vec::new();
                self.args(args, &mut regs, &mut splat, &mut kws)?;
                let dst = self.reg();
                let dynamic =
                    splat.iter().any(|&s| s) || kws.iter().any(|k| matches!(k, KwArg::Splat(_)));
                if !kws.is_empty() && dynamic {
                    // Splatted keywords (or positional splats): the keywords go as one named
                    // tuple, built at run time.
                    let kws = self.kw_namedtuple(kws, span);
                    self.emit(
                        Inst::CallKwSplat {
                            dst,
                            args: regs,
                            splat,
                            kws,
                        },
                        span,
                    );
                } else if !kws.is_empty() {
                    let (kwnames, kwargs) = kws
                        .into_iter()
                        .map(|k| match k {
                            KwArg::Named(n, r) => (n, r),
                            KwArg::Splat(_) => unreachable!("handled above"),
                        })
                        .unzip();
                    self.emit(
                        Inst::CallKw {
                            dst,
                            args: regs,
                            kwnames,
                            kwargs,
                        },
                        span,
                    );
                } else if splat.iter().any(|&s| s) {
                    self.emit(
                        Inst::CallSplat {
                            dst,
                            args: regs,
                            splat,
                        },
                        span,
                    );
                } else {
                    self.emit(
                        Inst::Call {
                            dst,
                            args: regs,
                            site: 0,
                        },
                        span,
                    );
                }
                Ok(dst)
            }
            ExprKind::Index { value, indices } => {
                let a = self.expr(value)?;
                let mut regs = vec![a];
                regs.extend(self.index_args(a, indices)?);
                Ok(self.call_global("getindex", regs, span))
            }
            ExprKind::Curly { callee, params } => {
                let mut regs = vec![self.expr(callee)?];
                for p in params {
                    regs.push(self.expr(p)?);
                }
                Ok(self.call_global("#apply_type", regs, span))
            }
            ExprKind::Assign { lhs, rhs } => match &lhs.kind {
                // `a[i] = v` and `a.f = v` evaluate the target before the value, as Julia does.
                ExprKind::Index { value, indices } => {
                    let a = self.expr(value)?;
                    let mut idx = Vec::new();
                    idx.extend(self.index_args(a, indices)?);
                    let v = self.expr(rhs)?;
                    let mut regs = vec![a, v];
                    regs.extend(idx);
                    self.call_global("setindex!", regs, lhs.span);
                    Ok(v)
                }
                ExprKind::Dot { value, field } => {
                    let obj = self.expr(value)?;
                    let v = self.expr(rhs)?;
                    self.emit(
                        Inst::SetField {
                            obj,
                            name: Sym::new(field),
                            src: v,
                        },
                        lhs.span,
                    );
                    Ok(v)
                }
                _ => {
                    let v = self.expr(rhs)?;
                    self.assign(lhs, v)?;
                    Ok(v)
                }
            },
            ExprKind::OpAssign { op, lhs, rhs } => self.op_assign(op, lhs, rhs, span),
            ExprKind::And(a, b) => self.short_circuit(a, b, true, span),
            ExprKind::Or(a, b) => self.short_circuit(a, b, false, span),
            ExprKind::Comparison { operands, ops } => self.comparison(operands, ops, span),
            ExprKind::TypeAssert { value, ty } => {
                let v = self.expr(value)?;
                let t = self.expr(ty)?;
                self.emit(Inst::TypeAssert { src: v, ty: t }, span);
                Ok(v)
            }
            ExprKind::If { cond, then, else_ } => {
                let dst = self.reg();
                let c = self.expr(cond)?;
                let br = self.emit(Inst::BranchIfNot { cond: c, target: 0 }, cond.span);
                let t = self.block(then)?;
                self.emit(Inst::Move { dst, src: t }, then.span);
                let j = self.emit(Inst::Jump { target: 0 }, span);
                let else_start = self.here();
                self.patch(br, else_start);
                let f = match else_ {
                    Some(e) => self.expr(e)?,
                    None => self.konst(Const::Nothing, span),
                };
                self.emit(Inst::Move { dst, src: f }, span);
                let end = self.here();
                self.patch(j, end);
                Ok(dst)
            }
            ExprKind::While { cond, body } => {
                let own = self.loop_locals(body, None);
                let top = self.here();
                let c = self.expr(cond)?;
                let exit = self.emit(Inst::BranchIfNot { cond: c, target: 0 }, cond.span);
                // Variables first assigned in the body are new in every iteration.
                self.reset_locals(&own, span);
                self.loops.push(LoopCtx {
                    breaks: vec![],
                    continues: vec![],
                    try_depth: self.finallies.len(),
                });
                self.loop_scopes.push(own.clone());
                self.block(body)?;
                self.loop_scopes.pop();
                let lp = self.loops.pop().expect("loop pushed above");
                self.emit(Inst::Jump { target: top }, span);
                let end = self.here();
                self.patch(exit, end);
                self.reset_locals(&own, span);
                for b in lp.breaks {
                    self.patch(b, end);
                }
                for c in lp.continues {
                    self.patch(c, top);
                }
                Ok(self.konst(Const::Nothing, span))
            }
            ExprKind::For { var, iter, body } => self.for_loop(var, iter, body, span),
            ExprKind::Block(b) => self.block(b),
            ExprKind::Tuple(items) => {
                let mut elems = Vec::new();
                for i in items {
                    elems.push(self.expr(i)?);
                }
                let dst = self.reg();
                self.emit(Inst::Tuple { dst, elems }, span);
                Ok(dst)
            }
            ExprKind::NamedTuple(entries) => {
                let mut kws = Vec::new();
                for a in entries {
                    match a {
                        Arg::Kw { name, value, span } => {
                            let sym = Sym::new(name);
                            if kws
                                .iter()
                                .any(|k| matches!(k, KwArg::Named(n, _) if *n == sym))
                            {
                                return err(
                                    *span,
                                    format!("field name \"{name}\" repeated in named tuple"),
                                );
                            }
                            let v = self.expr(value)?;
                            kws.push(KwArg::Named(sym, v));
                        }
                        Arg::Pos { value, splat: true } | Arg::KwSplat { value } => {
                            let v = self.expr(value)?;
                            kws.push(KwArg::Splat(v));
                        }
                        Arg::Pos {
                            value,
                            splat: false,
                        } => {
                            // `(; :a => 1)`: a pair merged in.
                            let v = self.expr(value)?;
                            let t = self.reg();
                            self.emit(
                                Inst::Tuple {
                                    dst: t,
                                    elems: vec![v],
                                },
                                value.span,
                            );
                            kws.push(KwArg::Splat(t));
                        }
                    }
                }
                Ok(self.kw_namedtuple(kws, span))
            }
            ExprKind::DotCall { callee, args } => {
                let bc = self.broadcasted(callee, args, span)?;
                Ok(self.call_global("#materialize", vec![bc], span))
            }
            ExprKind::DotAssign { op, lhs, rhs } => {
                let dest = match &lhs.kind {
                    ExprKind::Ident(_) | ExprKind::Dot { .. } => self.expr(lhs)?,
                    // `A[:, j] .= v` assigns into `dotview(A, :, j)` (a view), as Julia does.
                    ExprKind::Index { value, indices } => {
                        let a = self.expr(value)?;
                        let mut regs = vec![a];
                        regs.extend(self.index_args(a, indices)?);
                        self.call_global("#dotview", regs, lhs.span)
                    }
                    _ => {
                        return err(
                            lhs.span,
                            "in-place broadcast needs a variable, a field or an indexed location on its left",
                        );
                    }
                };
                let rhs = match op {
                    // `x .+= v` is `x .= x .+ v`.
                    Some(op) => Expr {
                        kind: ExprKind::DotCall {
                            callee: Box::new(Expr {
                                kind: ExprKind::Ident(op.clone()),
                                span,
                            }),
                            args: vec![
                                Arg::Pos {
                                    value: (**lhs).clone(),
                                    splat: false,
                                },
                                Arg::Pos {
                                    value: (**rhs).clone(),
                                    splat: false,
                                },
                            ],
                        },
                        span,
                    },
                    None => (**rhs).clone(),
                };
                let bc = match &rhs.kind {
                    ExprKind::DotCall { callee, args } => {
                        self.broadcasted(callee, args, rhs.span)?
                    }
                    _ => {
                        // `x .= v` copies (or fills with) `v`: `broadcasted(identity, v)`.
                        let id = self.global("identity", span);
                        let v = self.expr(&rhs)?;
                        self.call_global("#broadcasted", vec![id, v], span)
                    }
                };
                Ok(self.call_global("#materialize!", vec![dest, bc], span))
            }
            ExprKind::Vect(items) => self.vect(None, items, span),
            ExprKind::Where { .. } => err(span, "`where` is only valid in a method definition"),
            ExprKind::Let { bindings, body } => self.let_block(bindings, body, span),
            ExprKind::Function(def) if def.name.interp.is_some() => {
                err(def.name.span, "\"$\" expression outside quote")
            }
            ExprKind::Function(def) => {
                // In a block with a scope of its own at top level (`for`, `while`, `let`,
                // `try`), a named function is local to the block, as in Julia: a local
                // variable (boxed, for the function may call itself) holding a closure.
                let name = Sym::new(&def.name.name);
                if self.toplevel && !self.locals.contains_key(&name) {
                    self.declare_local(name, true);
                    if let Some(&Var::Boxed(bx)) = self.locals.get(&name) {
                        self.emit(Inst::NewBox { dst: bx }, span);
                    }
                }
                if !def.name.qualifier.is_empty() || def.object.is_some() {
                    return err(
                        def.name.span,
                        "a method of another module's function or of a callable type can only be added at top level",
                    );
                }
                if !def.kwparams.is_empty() || !def.where_params.is_empty() {
                    return err(
                        def.name.span,
                        "local functions with keywords or `where` are not supported yet",
                    );
                }
                let lam = Lambda {
                    params: def.params.clone(),
                    body: def.body.clone(),
                    span,
                };
                let c = self.lambda_named(&lam, Some(&def.name.name))?;
                self.assign_var(Sym::new(&def.name.name), c, span)?;
                Ok(c)
            }
            ExprKind::Lambda(lam) => self.lambda(lam),
            ExprKind::Return(value) => {
                if self.toplevel {
                    return err(span, "`return` outside a function");
                }
                let r = match value {
                    Some(v) => self.expr(v)?,
                    None => self.konst(Const::Nothing, span),
                };
                self.run_finallies(0, span)?;
                self.emit(Inst::Return { src: r }, span);
                Ok(r)
            }
            ExprKind::Break | ExprKind::Continue => {
                let is_break = matches!(e.kind, ExprKind::Break);
                let Some(depth) = self.loops.last().map(|l| l.try_depth) else {
                    return err(
                        span,
                        if is_break {
                            "`break` outside a loop"
                        } else {
                            "`continue` outside a loop"
                        },
                    );
                };
                self.run_finallies(depth, span)?;
                let j = self.emit(Inst::Jump { target: 0 }, span);
                let lp = self.loops.last_mut().expect("checked above");
                if is_break {
                    lp.breaks.push(j)
                } else {
                    lp.continues.push(j)
                }
                Ok(self.konst(Const::Nothing, span))
            }
            ExprKind::Local(items) | ExprKind::Global(items) => {
                let mut last = None;
                for item in items {
                    match &item.kind {
                        ExprKind::Ident(_) => {}
                        ExprKind::Assign { .. } | ExprKind::OpAssign { .. } => {
                            last = Some(self.expr(item)?)
                        }
                        _ => return err(item.span, "expected a variable name or an assignment"),
                    }
                }
                Ok(match last {
                    Some(r) => r,
                    None => self.konst(Const::Nothing, span),
                })
            }
            ExprKind::Const(_) => err(span, "`const` is only allowed at the top level of a module"),
            ExprKind::Struct { .. } | ExprKind::AbstractType { .. } => err(
                span,
                "type definitions are only allowed at the top level of a module",
            ),
            ExprKind::Module { .. } => err(span, "`module` is only allowed at the top level"),
            ExprKind::FunctionDecl(_) => err(
                span,
                "`function name end` is supported only at the top level of a module",
            ),
            ExprKind::Using(_) | ExprKind::Import(_) | ExprKind::Export(_) => err(
                span,
                "`using`, `import` and `export` are only allowed at the top level of a module",
            ),
            ExprKind::Try {
                body,
                catch_var,
                catch_body,
                finally,
            } => self.try_expr(
                body,
                catch_var.as_deref(),
                catch_body.as_ref(),
                finally.as_ref(),
                span,
            ),
            ExprKind::MacroCall { name, args } => self.macro_call(name, args, span),
            ExprKind::Quote(inner) => self.quote(inner, span),
            ExprKind::Quoted(node) => self.build_node(node, span, 0, 1),
            ExprKind::Interp { .. } => err(span, "\"$\" expression outside quote"),
        }
    }

    fn string(&mut self, parts: &[StrPart], span: Span) -> LResult<Reg> {
        match parts {
            [] => Ok(self.konst(Const::str(""), span)),
            [StrPart::Lit(s)] => Ok(self.konst(Const::str(s), span)),
            _ => {
                let mut regs = Vec::new();
                for p in parts {
                    regs.push(match p {
                        StrPart::Lit(s) => self.konst(Const::str(s), span),
                        StrPart::Interp(e) => self.expr(e)?,
                    });
                }
                Ok(self.call_global("#string", regs, span))
            }
        }
    }

    /// The indices of `a[indices...]`, where `end` means the last index of `a` (in the
    /// dimension it stands in, when there are several).
    fn index_args(&mut self, a: Reg, indices: &[Expr]) -> LResult<Vec<Reg>> {
        let mut regs = Vec::with_capacity(indices.len());
        for (k, i) in indices.iter().enumerate() {
            let dim = (indices.len() > 1).then_some(k as i64 + 1);
            self.end_targets.push((a, dim));
            let r = self.expr(i);
            self.end_targets.pop();
            regs.push(r?);
        }
        Ok(regs)
    }

    fn vect(&mut self, elty: Option<Reg>, items: &[Expr], span: Span) -> LResult<Reg> {
        let mut elems = Vec::new();
        for i in items {
            elems.push(self.expr(i)?);
        }
        let dst = self.reg();
        self.emit(Inst::Vect { dst, elty, elems }, span);
        Ok(dst)
    }

    /// `convert(T, v)::T`.
    fn converted(&mut self, ty: &Expr, v: Reg, span: Span) -> LResult<Reg> {
        let t = self.expr(ty)?;
        let c = self.call_global("convert", vec![t, v], span);
        self.emit(Inst::TypeAssert { src: c, ty: t }, span);
        Ok(c)
    }

    fn assign(&mut self, lhs: &Expr, v: Reg) -> LResult<()> {
        let span = lhs.span;
        match &lhs.kind {
            ExprKind::Ident(name) => {
                let sym = Sym::new(name);
                match self.typed_vars.get(&sym).cloned() {
                    Some(ty) => {
                        let v = self.converted(&ty, v, span)?;
                        self.assign_var(sym, v, span)
                    }
                    None => self.assign_var(sym, v, span),
                }
            }
            // `x::T = v` declares `x` of type `T`: this and every later assignment hold
            // `convert(T, v)::T`, as Julia's typed variables do.
            ExprKind::TypeAssert { value, ty } if matches!(value.kind, ExprKind::Ident(_)) => {
                let ExprKind::Ident(name) = &value.kind else {
                    unreachable!("matched above")
                };
                self.typed_vars.insert(Sym::new(name), (**ty).clone());
                self.assign(value, v)
            }
            ExprKind::TypeAssert { value, ty } => {
                let t = self.expr(ty)?;
                self.emit(Inst::TypeAssert { src: v, ty: t }, span);
                self.assign(value, v)
            }
            ExprKind::Dot { value, field } => {
                let obj = self.expr(value)?;
                self.emit(
                    Inst::SetField {
                        obj,
                        name: Sym::new(field),
                        src: v,
                    },
                    span,
                );
                Ok(())
            }
            ExprKind::Index { value, indices } => {
                let a = self.expr(value)?;
                let mut regs = vec![a, v];
                regs.extend(self.index_args(a, indices)?);
                self.call_global("setindex!", regs, span);
                Ok(())
            }
            ExprKind::NamedTuple(entries) => {
                // `(; a, b) = x` is `a = x.a; b = x.b` (`getproperty`, so any object works).
                for a in entries {
                    match a {
                        Arg::Kw { name, value, span } if matches!(&value.kind, ExprKind::Ident(n) if n == name) =>
                        {
                            let x = self.reg();
                            self.emit(
                                Inst::GetField {
                                    dst: x,
                                    obj: v,
                                    name: Sym::new(name),
                                },
                                *span,
                            );
                            self.assign_var(Sym::new(name), x, *span)?;
                        }
                        _ => {
                            return err(
                                span,
                                "invalid assignment location: property destructuring takes names only (`(; a, b) = x`)",
                            );
                        }
                    }
                }
                Ok(())
            }
            ExprKind::Tuple(items) => {
                // `a, b = x` takes values with the iteration protocol, like Julia, so it works
                // for tuples, vectors, strings, pairs and user iterators alike.
                let mut short = Vec::new();
                let mut state = None;
                for (i, item) in items.iter().enumerate() {
                    let it = self.reg();
                    self.emit(Inst::Move { dst: it, src: v }, item.span);
                    let mut args = vec![it];
                    args.extend(state);
                    let next = self.call_global("iterate", args, item.span);
                    short.push((
                        self.emit(
                            Inst::JumpIfNothing {
                                src: next,
                                target: 0,
                            },
                            item.span,
                        ),
                        i,
                    ));
                    let x = self.reg();
                    self.emit(
                        Inst::TupleGet {
                            dst: x,
                            src: next,
                            index: 0,
                        },
                        item.span,
                    );
                    let st = self.reg();
                    self.emit(
                        Inst::TupleGet {
                            dst: st,
                            src: next,
                            index: 1,
                        },
                        item.span,
                    );
                    state = Some(st);
                    self.assign(item, x)?;
                }
                let done = self.emit(Inst::Jump { target: 0 }, span);
                // Too few values: `BoundsError(x, i)` for the first missing one.
                for (jump, i) in short {
                    let here = self.here();
                    self.patch(jump, here);
                    let it = self.reg();
                    self.emit(Inst::Move { dst: it, src: v }, span);
                    let idx = self.konst(Const::Int(i as i64 + 1), span);
                    let e = self.call_global("BoundsError", vec![it, idx], span);
                    self.emit(Inst::Throw { src: e }, span);
                }
                let end = self.here();
                self.patch(done, end);
                Ok(())
            }
            _ => err(span, "invalid assignment target"),
        }
    }

    fn op_assign(&mut self, op: &str, lhs: &Expr, rhs: &Expr, span: Span) -> LResult<Reg> {
        match &lhs.kind {
            ExprKind::Index { value, indices } => {
                let a = self.expr(value)?;
                let mut idx = Vec::new();
                idx.extend(self.index_args(a, indices)?);
                let mut get = vec![a];
                get.extend(&idx);
                let old = self.call_global("getindex", get, span);
                let r = self.expr(rhs)?;
                let new = self.call_global(op, vec![old, r], span);
                let mut set = vec![a, new];
                set.extend(&idx);
                self.call_global("setindex!", set, span);
                Ok(new)
            }
            ExprKind::Dot { value, field } => {
                let obj = self.expr(value)?;
                let old = self.reg();
                self.emit(
                    Inst::GetField {
                        dst: old,
                        obj,
                        name: Sym::new(field),
                    },
                    span,
                );
                let r = self.expr(rhs)?;
                let new = self.call_global(op, vec![old, r], span);
                self.emit(
                    Inst::SetField {
                        obj,
                        name: Sym::new(field),
                        src: new,
                    },
                    span,
                );
                Ok(new)
            }
            _ => {
                let old = self.expr(lhs)?;
                let r = self.expr(rhs)?;
                let new = self.call_global(op, vec![old, r], span);
                self.assign(lhs, new)?;
                Ok(new)
            }
        }
    }

    fn short_circuit(&mut self, a: &Expr, b: &Expr, is_and: bool, span: Span) -> LResult<Reg> {
        let dst = self.reg();
        let x = self.expr(a)?;
        self.emit(Inst::Move { dst, src: x }, span);
        let skip = if is_and {
            self.emit(Inst::BranchIfNot { cond: x, target: 0 }, a.span)
        } else {
            // `a || b`: jump over `b` when `a` is true.
            let n = self.call_global("!", vec![x], a.span);
            self.emit(Inst::BranchIfNot { cond: n, target: 0 }, a.span)
        };
        let y = self.expr(b)?;
        self.emit(Inst::Move { dst, src: y }, span);
        let end = self.here();
        self.patch(skip, end);
        Ok(dst)
    }

    fn comparison(&mut self, operands: &[Expr], ops: &[String], span: Span) -> LResult<Reg> {
        let dst = self.reg();
        let mut left = self.expr(&operands[0])?;
        let mut exits = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            let right = self.expr(&operands[i + 1])?;
            let r = self.comparison_op(op, left, right, span);
            self.emit(Inst::Move { dst, src: r }, span);
            if i + 1 < ops.len() {
                exits.push(self.emit(Inst::BranchIfNot { cond: r, target: 0 }, span));
            }
            left = right;
        }
        let end = self.here();
        for x in exits {
            self.patch(x, end);
        }
        Ok(dst)
    }

    fn comparison_op(&mut self, op: &str, a: Reg, b: Reg, span: Span) -> Reg {
        match op {
            "isa" => self.call_global("isa", vec![a, b], span),
            "in" | "∈" => self.call_global("in", vec![a, b], span),
            _ => self.call_global(op, vec![a, b], span),
        }
    }

    fn for_loop(&mut self, var: &Expr, iter: &Expr, body: &Block, span: Span) -> LResult<Reg> {
        let it = self.expr(iter)?;
        let next = self.call_global("iterate", vec![it], iter.span);
        let top = self.here();
        let exit = self.emit(
            Inst::JumpIfNothing {
                src: next,
                target: 0,
            },
            span,
        );
        let x = self.reg();
        self.emit(
            Inst::TupleGet {
                dst: x,
                src: next,
                index: 0,
            },
            span,
        );
        let state = self.reg();
        self.emit(
            Inst::TupleGet {
                dst: state,
                src: next,
                index: 1,
            },
            span,
        );
        // A fresh box per iteration, so closures capture each iteration's variable.
        if let ExprKind::Ident(name) = &var.kind
            && let Some(Var::Boxed(bx)) = self.locals.get(&Sym::new(name)).copied()
        {
            self.emit(Inst::NewBox { dst: bx }, span);
        }
        let own = self.loop_locals(body, Some(var));
        // Variables first assigned in the body are new in every iteration.
        self.reset_locals(&own, span);
        self.assign(var, x)?;
        self.loops.push(LoopCtx {
            breaks: vec![],
            continues: vec![],
            try_depth: self.finallies.len(),
        });
        self.loop_scopes.push(own.clone());
        self.block(body)?;
        self.loop_scopes.pop();
        let lp = self.loops.pop().expect("loop pushed above");
        let cont = self.here();
        let it2 = self.reg();
        self.emit(Inst::Move { dst: it2, src: it }, span);
        let n2 = self.call_global("iterate", vec![it2, state], span);
        self.emit(Inst::Move { dst: next, src: n2 }, span);
        self.emit(Inst::Jump { target: top }, span);
        let end = self.here();
        self.patch(exit, end);
        self.reset_locals(&own, span);
        for b in lp.breaks {
            self.patch(b, end);
        }
        for c in lp.continues {
            self.patch(c, cont);
        }
        Ok(self.konst(Const::Nothing, span))
    }

    /// The locals of a loop body: assigned in it (or the loop variable) but not in the
    /// function's own scope or an enclosing loop's. Julia gives each iteration new ones.
    fn loop_locals(&self, body: &Block, var: Option<&Expr>) -> Vec<Sym> {
        if self.toplevel {
            return Vec::new();
        }
        let mut names = IndexSet::default();
        assigned_names(body, &mut names);
        if let Some(v) = var {
            lhs_names(v, &mut names);
        }
        names
            .into_iter()
            .filter(|n| {
                !self.fn_scope.contains(n)
                    && !self.globals.contains(n)
                    && !self.loop_scopes.iter().any(|s| s.contains(n))
                    && self.locals.contains_key(n)
            })
            .collect()
    }

    /// Makes `names` unassigned again (a fresh box for captured ones).
    fn reset_locals(&mut self, names: &[Sym], span: Span) {
        for n in names {
            match self.locals.get(n).copied() {
                Some(Var::Reg(r)) => {
                    let k = self.consts.len() as u32;
                    self.consts.push(Const::Undef);
                    self.emit(Inst::Const { dst: r, k }, span);
                }
                Some(Var::Boxed(bx)) => {
                    self.emit(Inst::NewBox { dst: bx }, span);
                }
                None => {}
            }
        }
    }

    /// `let x = e; body end`: `e` is evaluated where `let` is; `x` is a new variable of the body
    /// (shadowing any outer `x`, which is visible again after `end`).
    fn let_block(&mut self, bindings: &[Expr], body: &Block, span: Span) -> LResult<Reg> {
        let mut saved = Vec::new();
        for b in bindings {
            let (name, init) = match &b.kind {
                ExprKind::Ident(n) => (Sym::new(n), None),
                ExprKind::Assign { lhs, rhs } => match &lhs.kind {
                    ExprKind::Ident(n) => (Sym::new(n), Some(rhs)),
                    _ => return err(b.span, "expected `name = value` in `let`"),
                },
                _ => return err(b.span, "expected `name` or `name = value` in `let`"),
            };
            let v = match init {
                Some(e) => Some(self.expr(e)?),
                None => None,
            };
            let r = self.reg();
            let var = if self.captured.contains(&name) {
                self.emit(Inst::NewBox { dst: r }, b.span);
                if let Some(v) = v {
                    self.emit(Inst::BoxSet { bx: r, src: v }, b.span);
                }
                Var::Boxed(r)
            } else {
                match v {
                    Some(v) => {
                        self.emit(Inst::Move { dst: r, src: v }, b.span);
                    }
                    None => {
                        let k = self.consts.len() as u32;
                        self.consts.push(Const::Undef);
                        self.emit(Inst::Const { dst: r, k }, b.span);
                    }
                }
                Var::Reg(r)
            };
            saved.push((name, self.locals.insert(name, var)));
        }
        let r = self.block(body);
        for (name, old) in saved.into_iter().rev() {
            match old {
                Some(v) => {
                    self.locals.insert(name, v);
                }
                None => {
                    self.locals.shift_remove(&name);
                }
            }
        }
        let r = r?;
        let dst = self.reg();
        self.emit(Inst::Move { dst, src: r }, span);
        Ok(dst)
    }

    fn lambda(&mut self, lam: &Lambda) -> LResult<Reg> {
        self.lambda_named(lam, None)
    }

    /// A closure: its code, and an instance of its type (Julia's closure conversion names an
    /// anonymous function `#1` and its type `#1#2`, a local function `g`'s type `#g#3`).
    fn lambda_named(&mut self, lam: &Lambda, fname: Option<&str>) -> LResult<Reg> {
        let (name, type_name) = match fname {
            Some(g) => (
                Sym::new(g),
                Sym::new(&format!("#{g}#{}", self.cx.next_number())),
            ),
            None => {
                let n = self.cx.next_number();
                let t = self.cx.next_number();
                (Sym::new(&format!("#{n}")), Sym::new(&format!("#{n}#{t}")))
            }
        };
        let mut enclosing = self.enclosing.clone();
        enclosing.extend(self.locals.keys().copied());
        for g in &self.globals {
            enclosing.shift_remove(g);
        }
        let mut inner = Lowerer::new(self.cx, name, false, enclosing, lam.span);
        // Typed parameters of anonymous functions are checked on entry.
        inner.lower_function_body_with_asserts(&lam.params, &lam.body, lam.span)?;
        let capture_names: Vec<Sym> = inner.captures.keys().copied().collect();
        let mut code = inner.finish();
        code.closure_type = Some(type_name);
        let idx = self.lambdas.len() as u32;
        self.lambdas.push(Rc::new(code));
        let mut captures = Vec::new();
        for name in capture_names {
            let r = match self.locals.get(&name).copied() {
                Some(Var::Boxed(bx)) => bx,
                Some(Var::Reg(_)) => {
                    return err(
                        lam.span,
                        format!("internal error: captured variable `{name}` is not boxed"),
                    );
                }
                None => self
                    .capture_box(name, lam.span)
                    .expect("captured names come from enclosing scopes"),
            };
            captures.push(r);
        }
        let ty = self.reg();
        self.emit(
            Inst::Global {
                dst: ty,
                name: type_name,
                site: 0,
            },
            lam.span,
        );
        let dst = self.reg();
        self.emit(
            Inst::Closure {
                dst,
                ty,
                lambda: idx,
                captures,
            },
            lam.span,
        );
        Ok(dst)
    }

    fn lower_function_body_with_asserts(
        &mut self,
        params: &[Param],
        body: &Block,
        span: Span,
    ) -> LResult<()> {
        let mut body = body.clone();
        let mut asserts = Vec::new();
        for p in params {
            if let (Some(name), Some(ty)) = (&p.name, &p.ty)
                && !p.vararg
            {
                asserts.push(Expr {
                    kind: ExprKind::TypeAssert {
                        value: Box::new(Expr {
                            kind: ExprKind::Ident(name.clone()),
                            span: p.span,
                        }),
                        ty: Box::new(ty.clone()),
                    },
                    span: p.span,
                });
            }
        }
        asserts.extend(body.exprs);
        body.exprs = asserts;
        self.lower_function_body(params, &[], &[], &body, span)
    }

    /// Emits the `finally` blocks of the `try`s being left, innermost first.
    fn run_finallies(&mut self, down_to: usize, span: Span) -> LResult<()> {
        let pending: Vec<Option<Block>> = self.finallies[down_to..].to_vec();
        for f in pending.iter().rev() {
            self.emit(Inst::LeaveTry, span);
            if let Some(b) = f {
                let saved = std::mem::take(&mut self.finallies);
                self.finallies = saved[..down_to].to_vec();
                self.block(b)?;
                self.finallies = saved;
            }
        }
        Ok(())
    }

    fn try_expr(
        &mut self,
        body: &Block,
        catch_var: Option<&str>,
        catch_body: Option<&Block>,
        finally: Option<&Block>,
        span: Span,
    ) -> LResult<Reg> {
        let dst = self.reg();
        let exc = self.reg();
        if let Some(fin) = finally {
            // try { try body catch … end } finally: run `fin` on both paths, rethrow on error.
            let enter = self.emit(Inst::EnterTry { handler: 0, exc }, span);
            self.finallies.push(Some(fin.clone()));
            let v = if catch_body.is_some() || catch_var.is_some() {
                self.try_expr(body, catch_var, catch_body, None, span)?
            } else {
                self.block(body)?
            };
            self.finallies.pop();
            self.emit(Inst::Move { dst, src: v }, span);
            self.emit(Inst::LeaveTry, span);
            self.block(fin)?;
            let j = self.emit(Inst::Jump { target: 0 }, span);
            let handler = self.here();
            self.patch(enter, handler);
            self.block(fin)?;
            self.emit(Inst::Throw { src: exc }, span);
            let end = self.here();
            self.patch(j, end);
            return Ok(dst);
        }
        let enter = self.emit(Inst::EnterTry { handler: 0, exc }, span);
        self.finallies.push(None);
        let v = self.block(body)?;
        self.finallies.pop();
        self.emit(Inst::Move { dst, src: v }, span);
        self.emit(Inst::LeaveTry, span);
        let j = self.emit(Inst::Jump { target: 0 }, span);
        let handler = self.here();
        self.patch(enter, handler);
        if let Some(name) = catch_var {
            self.assign_var(Sym::new(name), exc, span)?;
        }
        self.catch_excs.push(exc);
        let c = match catch_body {
            Some(b) => self.block(b),
            None => Ok(self.konst(Const::Nothing, span)),
        };
        self.catch_excs.pop();
        let c = c?;
        self.emit(Inst::Move { dst, src: c }, span);
        let end = self.here();
        self.patch(j, end);
        Ok(dst)
    }

    fn macro_call(&mut self, name: &str, _args: &[Expr], span: Span) -> LResult<Reg> {
        // Every other macro was expanded at top level before lowering (`eval`); one that
        // reaches here was never defined.
        err(span, format!("macro `@{name}` is not defined"))
    }

    /// `:(…)` / `quote … end`: code that builds the quoted expression, with `$` interpolations
    /// evaluated here (Julia's `Core._expr` calls). Quoting is `syntax::expr`'s, so quoted code
    /// and a macro's arguments are the same data.
    fn quote(&mut self, inner: &Expr, span: Span) -> LResult<Reg> {
        let src = crate::syntax::expr::Source {
            text: self.cx.text,
            lines: self.cx.lines,
            file: &self.cx.file,
        };
        let node = src.quote(inner, 1);
        self.build_node(&node, span, 0, 1)
    }

    /// Code that builds `n`; `quotes` counts the quotes around it (an `Expr(:$, x)` at 1
    /// interpolates `x`).
    fn build_node(
        &mut self,
        n: &crate::syntax::expr::Node,
        span: Span,
        depth: u32,
        quotes: u32,
    ) -> LResult<Reg> {
        use crate::syntax::expr::Node;
        if depth > 1000 {
            return err(span, "quoted expression is nested too deeply");
        }
        Ok(match n {
            Node::Sym(s) => self.konst(Const::Symbol(Sym::new(s)), span),
            Node::Int(i) => self.konst(Const::Int(*i), span),
            Node::Int128(i) => self.konst(Const::Int128(*i), span),
            Node::BigInt(d) => self.konst(Const::BigInt(d.as_str().into()), span),
            Node::UInt { value, bits } => self.konst(
                Const::UInt {
                    bits: *bits,
                    value: *value,
                },
                span,
            ),
            Node::Float(f) => self.konst(Const::Float(*f), span),
            Node::Bool(b) => self.konst(Const::Bool(*b), span),
            Node::Char(c) => self.konst(Const::Char(*c), span),
            Node::Str(s) => self.konst(Const::str(s), span),
            Node::Nothing => self.konst(Const::Nothing, span),
            Node::Quote(x) => {
                // A `QuoteNode` is inert: nothing in it is interpolated.
                let v = self.build_node(x, span, depth + 1, 0)?;
                self.call_global("#quotenode", vec![v], span)
            }
            Node::Line(line, file) => {
                let l = self.konst(Const::Int(i64::from(*line)), span);
                let f = match file {
                    Some(f) => self.konst(Const::Symbol(Sym::new(f)), span),
                    None => self.konst(Const::Nothing, span),
                };
                self.call_global("#linenode", vec![l, f], span)
            }
            Node::Interp(e, _) => self.expr(e)?,
            // A value embedded in code built as data: the runtime bound it to this global.
            Node::Value(i) => self.global(&format!("#splice#{i}"), span),
            Node::Expr(head, args) if head == "$" && args.len() == 1 && quotes == 1 => {
                let x = match &args[0] {
                    Node::Expr(h, s) if h == "..." && s.len() == 1 => &s[0],
                    x => x,
                };
                let e = crate::syntax::expr::to_ast(x, span, 0)
                    .map_err(|m| LowerError { message: m, span })?;
                self.expr(&e)?
            }
            Node::Expr(head, args) => {
                let quotes = match head.as_str() {
                    "quote" => quotes + 1,
                    "$" => quotes.saturating_sub(1),
                    _ => quotes,
                };
                let f = self.global("#expr", span);
                let mut regs = vec![f, self.konst(Const::Symbol(Sym::new(head)), span)];
                let mut splat = vec![false, false];
                for a in args {
                    regs.push(self.build_node(a, span, depth + 1, quotes)?);
                    splat.push(match a {
                        Node::Interp(_, s) => *s,
                        Node::Expr(h, x) if h == "$" && quotes == 1 => {
                            matches!(x.as_slice(), [Node::Expr(h, _)] if h == "...")
                        }
                        _ => false,
                    });
                }
                let dst = self.reg();
                if splat.iter().any(|&s| s) {
                    self.emit(
                        Inst::CallSplat {
                            dst,
                            args: regs,
                            splat,
                        },
                        span,
                    );
                } else {
                    self.emit(
                        Inst::Call {
                            dst,
                            args: regs,
                            site: 0,
                        },
                        span,
                    );
                }
                dst
            }
        })
    }

    /// Whether `callee` is `new` (or `new{…}`) of the struct whose inner constructor this is,
    /// and not a variable of that name.
    fn is_new(&self, callee: &Expr) -> bool {
        let base = match &callee.kind {
            ExprKind::Curly { callee, .. } => callee,
            _ => callee,
        };
        self.cx.struct_new.is_some()
            && matches!(&base.kind, ExprKind::Ident(n) if n == "new")
            && !self.locals.contains_key(&Sym::new("new"))
    }
}

/// The names a `local`/`global` declaration introduces: `local x`, `global x = 1`, `global n += 1`.
fn declared_names(items: &[Expr], out: &mut IndexSet<Sym>) {
    for i in items {
        match &i.kind {
            ExprKind::Assign { lhs, .. } | ExprKind::OpAssign { lhs, .. } => lhs_names(lhs, out),
            _ => lhs_names(i, out),
        }
    }
}

/// Names assigned in `b` (not inside nested functions): the candidates for locals.
fn assigned_names(b: &Block, out: &mut IndexSet<Sym>) {
    for e in &b.exprs {
        assigned_in(e, out);
    }
}

fn lhs_names(lhs: &Expr, out: &mut IndexSet<Sym>) {
    match &lhs.kind {
        ExprKind::Ident(n) => {
            out.insert(Sym::new(n));
        }
        ExprKind::TypeAssert { value, .. } => lhs_names(value, out),
        ExprKind::Tuple(items) => items.iter().for_each(|i| lhs_names(i, out)),
        ExprKind::NamedTuple(entries) => {
            for a in entries {
                if let Arg::Kw { name, .. } = a {
                    out.insert(Sym::new(name));
                }
            }
        }
        _ => {}
    }
}

fn assigned_in(e: &Expr, out: &mut IndexSet<Sym>) {
    match &e.kind {
        ExprKind::Assign { lhs, .. } => lhs_names(lhs, out),
        ExprKind::OpAssign { lhs, .. } => lhs_names(lhs, out),
        ExprKind::For { var, .. } => lhs_names(var, out),
        ExprKind::Local(items) => {
            declared_names(items, out);
        }
        ExprKind::Try {
            catch_var: Some(v), ..
        } => {
            out.insert(Sym::new(v));
        }
        ExprKind::Function(def) if def.name.qualifier.is_empty() && def.object.is_none() => {
            out.insert(Sym::new(&def.name.name));
            return;
        }
        ExprKind::Lambda(_) | ExprKind::Function(_) => return,
        _ => {}
    }
    children(e, &mut |c| assigned_in(c, out), false);
}

/// Names assigned in the function's own scope: like `assigned_in`, but not inside loop bodies
/// (each of which is a scope of its own).
fn scope_assigned_in(e: &Expr, out: &mut IndexSet<Sym>) {
    match &e.kind {
        ExprKind::For { iter, .. } => scope_assigned_in(iter, out),
        ExprKind::While { cond, .. } => scope_assigned_in(cond, out),
        ExprKind::Assign { lhs, .. } | ExprKind::OpAssign { lhs, .. } => {
            lhs_names(lhs, out);
            children(e, &mut |c| scope_assigned_in(c, out), false);
        }
        ExprKind::Local(_) | ExprKind::Function(_) => assigned_in(e, out),
        ExprKind::Try {
            body,
            catch_var,
            catch_body,
            finally,
        } => {
            if let Some(v) = catch_var {
                out.insert(Sym::new(v));
            }
            for b in [Some(body), catch_body.as_ref(), finally.as_ref()]
                .into_iter()
                .flatten()
            {
                b.exprs.iter().for_each(|x| scope_assigned_in(x, out));
            }
        }
        ExprKind::Lambda(_) => {}
        _ => children(e, &mut |c| scope_assigned_in(c, out), false),
    }
}

/// Names declared `global` in a function body.
fn declared_globals(b: &Block, out: &mut IndexSet<Sym>) {
    fn walk(e: &Expr, out: &mut IndexSet<Sym>) {
        if let ExprKind::Global(items) = &e.kind {
            declared_names(items, out);
        }
        if matches!(e.kind, ExprKind::Lambda(_) | ExprKind::Function(_)) {
            return;
        }
        children(e, &mut |c| walk(c, out), false);
    }
    b.exprs.iter().for_each(|e| walk(e, out));
}

/// `for` variables at top level (not inside functions): locals of the thunk.
fn toplevel_locals(b: &Block, out: &mut IndexSet<Sym>) {
    fn walk(e: &Expr, out: &mut IndexSet<Sym>) {
        if let ExprKind::For { var, .. } = &e.kind {
            lhs_names(var, out);
        }
        if let ExprKind::Local(items) = &e.kind {
            declared_names(items, out);
        }
        if matches!(e.kind, ExprKind::Lambda(_) | ExprKind::Function(_)) {
            return;
        }
        children(e, &mut |c| walk(c, out), false);
    }
    b.exprs.iter().for_each(|e| walk(e, out));
}

/// Every name mentioned inside the nested functions of `b`: the variables they may capture.
fn nested_lambda_names(b: &Block, out: &mut IndexSet<Sym>) {
    fn all_names(e: &Expr, out: &mut IndexSet<Sym>) {
        if let ExprKind::Ident(n) = &e.kind {
            out.insert(Sym::new(n));
        }
        if let ExprKind::Function(def) = &e.kind {
            out.insert(Sym::new(&def.name.name));
        }
        children(e, &mut |c| all_names(c, out), true);
    }
    fn walk(e: &Expr, out: &mut IndexSet<Sym>) {
        match &e.kind {
            ExprKind::Lambda(_) | ExprKind::Function(_) => all_names(e, out),
            ExprKind::Call {
                do_block: Some(_), ..
            } => {
                all_names(e, out);
            }
            _ => children(e, &mut |c| walk(c, out), false),
        }
    }
    b.exprs.iter().for_each(|e| walk(e, out));
}

/// Calls `f` on each direct child expression; into function bodies only when `into_functions`.
fn children(e: &Expr, f: &mut dyn FnMut(&Expr), into_functions: bool) {
    let block = |b: &Block, f: &mut dyn FnMut(&Expr)| b.exprs.iter().for_each(&mut *f);
    match &e.kind {
        ExprKind::Int(_)
        | ExprKind::Int128(_)
        | ExprKind::BigInt(_)
        | ExprKind::UInt { .. }
        | ExprKind::Float(_)
        | ExprKind::Bool(_)
        | ExprKind::Char(_)
        | ExprKind::Ident(_)
        | ExprKind::Symbol(_)
        | ExprKind::Break
        | ExprKind::FunctionDecl(_)
        | ExprKind::Continue
        | ExprKind::Using(_)
        | ExprKind::Import(_)
        | ExprKind::Export(_)
        | ExprKind::AbstractType { .. }
        | ExprKind::Struct { .. } => {}
        ExprKind::Str(parts) => {
            for p in parts {
                if let StrPart::Interp(x) = p {
                    f(x)
                }
            }
        }
        ExprKind::Dot { value, .. } => f(value),
        ExprKind::Call {
            callee,
            args,
            do_block,
        } => {
            f(callee);
            for a in args {
                match a {
                    Arg::Pos { value, .. } | Arg::Kw { value, .. } | Arg::KwSplat { value } => {
                        f(value)
                    }
                }
            }
            if let (Some(l), true) = (do_block, into_functions) {
                l.params.iter().for_each(|p| param_children(p, f));
                block(&l.body, f);
            }
        }
        ExprKind::Index { value, indices } => {
            f(value);
            indices.iter().for_each(&mut *f);
        }
        ExprKind::Curly { callee, params } => {
            f(callee);
            params.iter().for_each(&mut *f);
        }
        ExprKind::Assign { lhs, rhs } | ExprKind::OpAssign { lhs, rhs, .. } => {
            f(lhs);
            f(rhs);
        }
        ExprKind::And(a, b) | ExprKind::Or(a, b) => {
            f(a);
            f(b);
        }
        ExprKind::Comparison { operands, .. } => operands.iter().for_each(&mut *f),
        ExprKind::TypeAssert { value, ty } => {
            f(value);
            f(ty);
        }
        ExprKind::If { cond, then, else_ } => {
            f(cond);
            block(then, f);
            if let Some(x) = else_ {
                f(x)
            }
        }
        ExprKind::While { cond, body } => {
            f(cond);
            block(body, f);
        }
        ExprKind::For { var, iter, body } => {
            f(var);
            f(iter);
            block(body, f);
        }
        ExprKind::Block(b) => block(b, f),
        ExprKind::Tuple(items) | ExprKind::Vect(items) => items.iter().for_each(&mut *f),
        ExprKind::NamedTuple(entries) => {
            for a in entries {
                match a {
                    Arg::Pos { value, .. } | Arg::Kw { value, .. } | Arg::KwSplat { value } => {
                        f(value)
                    }
                }
            }
        }
        ExprKind::DotCall { callee, args } => {
            f(callee);
            for a in args {
                match a {
                    Arg::Pos { value, .. } | Arg::Kw { value, .. } | Arg::KwSplat { value } => {
                        f(value)
                    }
                }
            }
        }
        ExprKind::DotAssign { lhs, rhs, .. } => {
            f(lhs);
            f(rhs);
        }
        ExprKind::Where { value, .. } => f(value),
        ExprKind::Let { bindings, body } => {
            bindings.iter().for_each(&mut *f);
            block(body, f);
        }
        ExprKind::Function(def) => {
            if let Some(i) = &def.name.interp {
                f(i)
            }
            if into_functions {
                def.params.iter().for_each(|p| param_children(p, f));
                block(&def.body, f);
            }
        }
        ExprKind::Lambda(l) => {
            if into_functions {
                l.params.iter().for_each(|p| param_children(p, f));
                block(&l.body, f);
            }
        }
        ExprKind::Return(v) => {
            if let Some(v) = v {
                f(v)
            }
        }
        ExprKind::Local(items) | ExprKind::Global(items) => items.iter().for_each(&mut *f),
        ExprKind::Const(x) => f(x),
        ExprKind::Module { body, .. } => body.iter().for_each(&mut *f),
        ExprKind::Try {
            body,
            catch_body,
            finally,
            ..
        } => {
            block(body, f);
            if let Some(b) = catch_body {
                block(b, f)
            }
            if let Some(b) = finally {
                block(b, f)
            }
        }
        ExprKind::MacroCall { args, .. } => args.iter().for_each(&mut *f),
        ExprKind::Quote(x) => quote_interps(x, 1, f),
        ExprKind::Quoted(n) => crate::syntax::expr::interpolations(n, 1, f),
        ExprKind::Interp { value, .. } => f(value),
    }
}

/// Calls `f` on the code a quote at `depth` interpolates (`$x` at depth 1): the only parts of
/// quoted code that run.
fn quote_interps(e: &Expr, depth: u32, f: &mut dyn FnMut(&Expr)) {
    match &e.kind {
        ExprKind::Interp { value, .. } if depth <= 1 => f(value),
        ExprKind::Interp { value, .. } => quote_interps(value, depth - 1, f),
        ExprKind::Quote(x) => quote_interps(x, depth + 1, f),
        _ => children(e, &mut |c| quote_interps(c, depth, f), true),
    }
}

fn param_children(p: &Param, f: &mut dyn FnMut(&Expr)) {
    if let Some(t) = &p.ty {
        f(t)
    }
    if let Some(d) = &p.default {
        f(d)
    }
}
