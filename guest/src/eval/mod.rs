//! Top-level evaluation: files, modules, type and method definitions, `using`/`import`,
//! package loading, and the precompilation builtins.

// The precompilation builtins take the call's argument vector, like every builtin.
#![allow(clippy::ptr_arg)]

use std::rc::Rc;

pub mod boot;
mod loading;
mod macros;

use crate::ids::{FuncId, ModuleId, TyId, TypeNameId};
use crate::lower::ir::CodeInfo;
use crate::lower::{LowerCtx, LowerError, lower_method, lower_thunk};
use crate::symbol::Sym;
use crate::syntax::ast::{Arg, Block, Expr, ExprKind, FieldDecl, FuncName, FunctionDef, Param};
use crate::syntax::{LineIndex, Span};
use crate::types::{TyKind, TypeNameKind};
use crate::value::Value;
use crate::vm::Runtime;
use crate::vm::{JlError, JlResult};
use crate::world::{Method, MethodBody};

/// Where a load-time error (syntax or lowering) points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLoc {
    pub file: Rc<str>,
    pub line: u32,
    pub column: u32,
}

/// An error of top-level evaluation.
#[derive(Clone, Debug)]
pub enum EvalError {
    /// The code could not be parsed or lowered.
    Syntax {
        message: String,
        loc: SourceLoc,
        more: Vec<String>,
    },
    /// A Julia exception escaped.
    Julia(JlError),
}

impl From<JlError> for EvalError {
    fn from(e: JlError) -> Self {
        EvalError::Julia(e)
    }
}

pub type EvalResult<T> = Result<T, EvalError>;

/// A parsed source file being evaluated.
pub struct SourceFile {
    pub path: Rc<str>,
    pub text: Rc<str>,
    pub lines: LineIndex,
}

impl SourceFile {
    pub fn new(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: Rc::from(path),
            text: Rc::from(text),
            lines: LineIndex::new(text),
        }
    }

    fn loc(&self, span: Span) -> SourceLoc {
        let (line, column) = self.lines.line_col(&self.text, span.start);
        SourceLoc {
            file: self.path.clone(),
            line,
            column,
        }
    }

    fn syntax(&self, message: impl Into<String>, span: Span) -> EvalError {
        EvalError::Syntax {
            message: message.into(),
            loc: self.loc(span),
            more: Vec::new(),
        }
    }

    fn lower_error(&self, e: LowerError) -> EvalError {
        self.syntax(e.message, e.span)
    }
}

/// Whether a top-level statement defines something (a type, method, module, constant or
/// import) and so must be evaluated by the top level rather than lowered into a thunk.
fn defines(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Block(b) => b.exprs.iter().any(defines),
        ExprKind::Struct { .. }
        | ExprKind::AbstractType { .. }
        | ExprKind::Function(_)
        | ExprKind::FunctionDecl(_)
        | ExprKind::Const(_)
        | ExprKind::Module { .. }
        | ExprKind::Using(_)
        | ExprKind::Import(_)
        | ExprKind::Export(_)
        | ExprKind::MacroCall { .. } => true,
        _ => false,
    }
}

/// Directory part of a virtual path (`Greeter/src` for `Greeter/src/Greeter.jl`).
fn dirname(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// Joins a relative include path onto a directory, resolving `.` and `..`.
pub fn join_path(dir: &str, rel: &str) -> String {
    if rel.starts_with('/') {
        return rel.to_string();
    }
    let mut parts: Vec<&str> = dir
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let absolute = dir.starts_with('/');
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

impl Runtime {
    /// Reads, parses and evaluates a file in module `m`.
    pub fn eval_file(&mut self, m: ModuleId, path: &str) -> EvalResult<Value> {
        let text = match self.host.read_source(path) {
            Ok(t) => t,
            Err(reason) => {
                let e = self.error_exception(format!("could not open file {path}: {reason}"));
                return Err(EvalError::Julia(e));
            }
        };
        self.eval_source(m, path, &text)
    }

    /// Parses and evaluates source text in module `m`; `path` names it in errors.
    pub fn eval_source(&mut self, m: ModuleId, path: &str, text: &str) -> EvalResult<Value> {
        let file = SourceFile::new(path, text);
        let parsed = crate::syntax::parse(text);
        if let Some(first) = parsed.errors.first() {
            let more = parsed.errors[1..]
                .iter()
                .map(|e| {
                    let l = file.loc(e.span);
                    format!("{}:{}:{}: {}", l.file, l.line, l.column, e.message)
                })
                .collect();
            return Err(EvalError::Syntax {
                message: first.message.clone(),
                loc: file.loc(first.span),
                more,
            });
        }
        let mut last = Value::Nothing;
        for e in &parsed.exprs {
            last = self.eval_toplevel(m, e, &file)?;
        }
        Ok(last)
    }

    fn ctx<'a>(&self, m: ModuleId, file: &'a SourceFile) -> LowerCtx<'a> {
        LowerCtx {
            module: m,
            file: file.path.clone(),
            lines: &file.lines,
            text: &file.text,
            struct_new: None,
            counter: std::cell::Cell::new(self.world.modules[m.index()].counter),
        }
    }

    /// After lowering with `cx`: stores the module's closure counter back and defines the
    /// types of the closures in `code` (each a struct type under `Function` named `#1#2`,
    /// whose fields are the captured variables), as Julia's lowering defines them in the
    /// module before the code that makes their instances can run.
    fn define_closure_types(&mut self, m: ModuleId, cx: &LowerCtx<'_>, code: &CodeInfo) {
        self.world.modules[m.index()].counter = cx.counter.get();
        let mut stack: Vec<&CodeInfo> = vec![code];
        while let Some(c) = stack.pop() {
            for l in &c.lambdas {
                if let Some(name) = l.closure_type {
                    let function = self.world.types.b.function;
                    let any = self.world.types.b.any;
                    let (tn, t) = self.world.types.add_name(
                        m,
                        &name.as_str(),
                        TypeNameKind::Struct { mutable: false },
                        &[],
                        Some(function),
                    );
                    self.world.types.names[tn.index()].fields =
                        l.capture_names.iter().map(|&n| (n, any)).collect();
                    self.world.set_const(m, name, Value::Type(t));
                }
                stack.push(l);
            }
        }
    }

    /// Evaluates one top-level expression.
    pub fn eval_toplevel(&mut self, m: ModuleId, e: &Expr, file: &SourceFile) -> EvalResult<Value> {
        let expanded = match &e.kind {
            ExprKind::Module { .. } => Ok(None),
            _ => self.expand_macros(m, e, file),
        };
        let r = match &expanded {
            Ok(Some(x)) => self.eval_toplevel_inner(m, x, file),
            Ok(None) => self.eval_toplevel_inner(m, e, file),
            Err(err) => Err(err.clone()),
        };
        match r {
            // An exception thrown while defining (a bad type in a signature, a constant
            // redefined) has no frame of its own: it points at the definition.
            Err(EvalError::Julia(mut err)) if err.backtrace.is_empty() => {
                let loc = file.loc(e.span);
                err.backtrace.push(crate::vm::BtFrame {
                    func: "top-level scope".into(),
                    file: loc.file,
                    line: loc.line,
                    column: loc.column,
                });
                Err(EvalError::Julia(err))
            }
            r => r,
        }
    }

    fn eval_toplevel_inner(
        &mut self,
        m: ModuleId,
        e: &Expr,
        file: &SourceFile,
    ) -> EvalResult<Value> {
        match &e.kind {
            ExprKind::Module { name, body } => {
                let sym = Sym::new(name);
                let parent = if self.is_file_root(m) { None } else { Some(m) };
                let new = self.world.new_module(sym, parent);
                self.world.set_const(m, sym, Value::Module(new));
                for x in body {
                    self.eval_toplevel(new, x, file)?;
                }
                Ok(Value::Module(new))
            }
            // A block of plain statements is one thunk (its `local`s are shared, as a macro's
            // result needs); one holding definitions is evaluated statement by statement.
            ExprKind::Block(b) if !b.exprs.iter().any(defines) => {
                self.eval_thunk(m, std::slice::from_ref(e), file)
            }
            ExprKind::Block(b) => {
                let mut last = Value::Nothing;
                for x in &b.exprs {
                    last = self.eval_toplevel(m, x, file)?;
                }
                Ok(last)
            }
            ExprKind::Struct {
                mutable,
                name,
                params,
                supertype,
                fields,
                ctors,
            } => self.define_struct(
                m,
                file,
                e.span,
                *mutable,
                name,
                params,
                supertype.as_deref(),
                fields,
                ctors,
            ),
            ExprKind::AbstractType {
                name,
                params,
                supertype,
            } => self.define_abstract(m, file, e.span, name, params, supertype.as_deref()),
            ExprKind::Function(def) => self.define_function(m, def, e.span, file, None),
            ExprKind::FunctionDecl(name) => {
                let f = self.function_named(m, name, file)?;
                Ok(Value::Function(f))
            }
            ExprKind::Const(inner) => {
                let ExprKind::Assign { lhs, rhs } = &inner.kind else {
                    return Err(file.syntax("expected an assignment after `const`", inner.span));
                };
                // `const x::T = v` holds `convert(T, v)`.
                let (name, rhs) = match &lhs.kind {
                    ExprKind::Ident(name) => (name, (**rhs).clone()),
                    ExprKind::TypeAssert { value, ty } => match &value.kind {
                        ExprKind::Ident(name) => {
                            let args = [(**ty).clone(), (**rhs).clone()]
                                .into_iter()
                                .map(|value| Arg::Pos {
                                    value,
                                    splat: false,
                                })
                                .collect();
                            let callee = Expr {
                                kind: ExprKind::Ident("convert".into()),
                                span: ty.span,
                            };
                            let call = ExprKind::Call {
                                callee: Box::new(callee),
                                args,
                                do_block: None,
                            };
                            (
                                name,
                                Expr {
                                    kind: call,
                                    span: rhs.span,
                                },
                            )
                        }
                        _ => {
                            return Err(
                                file.syntax("expected a variable name after `const`", lhs.span)
                            );
                        }
                    },
                    _ => {
                        return Err(file.syntax("expected a variable name after `const`", lhs.span));
                    }
                };
                let v = self.eval_thunk(m, std::slice::from_ref(&rhs), file)?;
                let sym = Sym::new(name);
                if let Some(b) = self.world.modules[m.index()].bindings.get(&sym)
                    && b.constant
                    && crate::vm::builtins::egal(&b.value, &v) != Some(true)
                {
                    let err =
                        self.error_exception(format!("invalid redefinition of constant {name}"));
                    return Err(err.into());
                }
                self.world.set_const(m, sym, v.clone());
                Ok(v)
            }
            ExprKind::Using(paths) => self.do_using(m, paths, false, file).map(|_| Value::Nothing),
            ExprKind::Import(paths) => self.do_using(m, paths, true, file).map(|_| Value::Nothing),
            ExprKind::Export(names) => {
                for n in names {
                    self.world.modules[m.index()].exports.insert(Sym::new(n));
                    self.world.bindings_changed();
                }
                Ok(Value::Nothing)
            }
            _ => self.eval_thunk(m, std::slice::from_ref(e), file),
        }
    }

    /// The hidden module a package file is evaluated in: its modules have no parent.
    fn is_file_root(&self, m: ModuleId) -> bool {
        self.world.modules[m.index()]
            .name
            .as_str()
            .starts_with("#file")
    }

    fn eval_thunk(&mut self, m: ModuleId, exprs: &[Expr], file: &SourceFile) -> EvalResult<Value> {
        let span = exprs.first().map_or(Span::default(), |e| {
            e.span.to(exprs.last().expect("non-empty").span)
        });
        let cx = self.ctx(m, file);
        let code = lower_thunk(&cx, exprs, span).map_err(|e| file.lower_error(e))?;
        self.define_closure_types(m, &cx, &code);
        Ok(self.run_thunk(Rc::new(code))?)
    }

    /// Evaluates a type expression; `tvars` are the type variables in scope.
    fn eval_type(
        &mut self,
        m: ModuleId,
        e: &Expr,
        tvars: &[(Sym, TyId)],
        file: &SourceFile,
    ) -> EvalResult<TyId> {
        match &e.kind {
            // `Array{T, 2}`: an integer parameter.
            ExprKind::Int(n) => Ok(self.world.types.intern(crate::types::TyKind::Int(*n))),
            // `Val{:abc}`: a symbol parameter.
            ExprKind::Symbol(s) => Ok(self
                .world
                .types
                .intern(crate::types::TyKind::Sym(Sym::new(s)))),
            // `SubArray{…, true}`: a `Bool` parameter.
            ExprKind::Bool(b) => Ok(self.world.types.intern(crate::types::TyKind::Bool(*b))),
            ExprKind::Ident(name) => {
                let sym = Sym::new(name);
                if let Some((_, t)) = tvars.iter().find(|(n, _)| *n == sym) {
                    return Ok(*t);
                }
                match self.world.lookup(m, sym) {
                    Some(Value::Type(t)) => Ok(*t),
                    Some(_) => Err(file.syntax(format!("`{name}` is not a type"), e.span)),
                    None => Err(EvalError::Julia(self.undef_var_error(sym))),
                }
            }
            ExprKind::Curly { callee, params } => {
                let base = self.eval_type(m, callee, tvars, file)?;
                let mut args = vec![Value::Type(base)];
                for p in params {
                    // `Array{T, 2}`, `NTuple{3, Int}`, `NamedTuple{(:a, :b), …}`: a value.
                    args.push(match &p.kind {
                        ExprKind::Int(n) => Value::Int(*n),
                        ExprKind::Symbol(s) => Value::Symbol(Sym::new(s)),
                        ExprKind::Tuple(_) => self.eval_thunk(m, std::slice::from_ref(p), file)?,
                        _ => Value::Type(self.eval_type(m, p, tvars, file)?),
                    });
                }
                let apply = self
                    .world
                    .lookup(self.world.core, Sym::new("#apply_type"))
                    .cloned()
                    .expect("Core.#apply_type");
                match self.call(&apply, args)? {
                    Value::Type(t) => Ok(t),
                    _ => Err(file.syntax("expected a type", e.span)),
                }
            }
            _ => match self.eval_thunk(m, std::slice::from_ref(e), file)? {
                Value::Type(t) => Ok(t),
                _ => Err(file.syntax("expected a type", e.span)),
            },
        }
    }

    fn type_params(
        &mut self,
        m: ModuleId,
        params: &[(String, Option<Expr>)],
        file: &SourceFile,
    ) -> EvalResult<Vec<(Sym, TyId)>> {
        let mut tvars: Vec<(Sym, TyId)> = Vec::new();
        for (i, (name, bound)) in params.iter().enumerate() {
            let bound = match bound {
                Some(b) => self.eval_type(m, b, &tvars, file)?,
                None => self.world.types.b.any,
            };
            let sym = Sym::new(name);
            let t = self.world.types.intern(TyKind::Var {
                index: i as u32,
                name: sym,
                bound,
            });
            tvars.push((sym, t));
        }
        Ok(tvars)
    }

    fn supertype_of(
        &mut self,
        m: ModuleId,
        supertype: Option<&Expr>,
        tvars: &[(Sym, TyId)],
        file: &SourceFile,
        name: &str,
    ) -> EvalResult<TyId> {
        let Some(s) = supertype else {
            return Ok(self.world.types.b.any);
        };
        let t = self.eval_type(m, s, tvars, file)?;
        let abstract_ =
            self.world.types.type_name(t).is_some_and(|tn| {
                self.world.types.names[tn.index()].kind == TypeNameKind::Abstract
            });
        if !abstract_ {
            return Err(file.syntax(
                format!(
                    "invalid subtyping in definition of {name}: can only subtype abstract types"
                ),
                s.span,
            ));
        }
        Ok(t)
    }

    fn check_redefinition(
        &mut self,
        m: ModuleId,
        name: &str,
        span: Span,
        file: &SourceFile,
    ) -> EvalResult<()> {
        if let Some(b) = self.world.modules[m.index()].bindings.get(&Sym::new(name))
            && !matches!(b.value, Value::Undef)
        {
            return Err(file.syntax(format!("invalid redefinition of constant {name}"), span));
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn define_struct(
        &mut self,
        m: ModuleId,
        file: &SourceFile,
        span: Span,
        mutable: bool,
        name: &str,
        params: &[(String, Option<Expr>)],
        supertype: Option<&Expr>,
        fields: &[FieldDecl],
        ctors: &[Expr],
    ) -> EvalResult<Value> {
        // A default means something only to a macro (`@kwdef`), as in Julia.
        if let Some(f) = fields.iter().find(|f| f.default.is_some()) {
            let end = f.default.as_ref().map_or(f.span.end, |d| d.span.end);
            let text = file
                .text
                .get(f.span.start as usize..end as usize)
                .unwrap_or(&f.name);
            return Err(file.syntax(
                format!("\"{text}\" inside type definition is reserved"),
                f.span,
            ));
        }
        self.check_redefinition(m, name, span, file)?;
        let tvars = self.type_params(m, params, file)?;
        let sup = self.supertype_of(m, supertype, &tvars, file, name)?;
        let pnames: Vec<String> = params.iter().map(|(n, _)| n.clone()).collect();
        let prefs: Vec<&str> = pnames.iter().map(|s| s.as_str()).collect();
        let (tn, t) =
            self.world
                .types
                .add_name(m, name, TypeNameKind::Struct { mutable }, &prefs, Some(sup));
        // Bound before the fields are evaluated, so a field can mention the type itself
        // (`next::Union{Node, Nothing}`); unbound again if a field type is bad.
        let sym = Sym::new(name);
        self.world.set_const(m, sym, Value::Type(t));
        let mut fs = Vec::new();
        for f in fields {
            let ft = if fs.iter().any(|(n, _)| *n == Sym::new(&f.name)) {
                Err(file.syntax(
                    format!("duplicate field name: \"{}\" is not unique", f.name),
                    f.span,
                ))
            } else {
                match &f.ty {
                    Some(te) => self.eval_type(m, te, &tvars, file),
                    None => Ok(self.world.types.b.any),
                }
            };
            match ft {
                Ok(ft) => fs.push((Sym::new(&f.name), ft)),
                Err(e) => {
                    self.world.modules[m.index()].bindings.shift_remove(&sym);
                    self.world.bindings_changed();
                    return Err(e);
                }
            }
        }
        self.world.types.names[tn.index()].fields = fs;
        self.world.age += 1;
        if ctors.is_empty() {
            self.define_default_constructors(tn, &tvars, file, span);
        }
        // Inner constructors replace the default ones, as in Julia; `new` builds the struct.
        for c in ctors {
            let ExprKind::Function(def) = &c.kind else {
                continue;
            };
            if let Some(params) = curly_ctor_params(def, name) {
                // `new` in `P{T}(x) where {T} = new(x)` builds a `P{T}`.
                let mut def = def.clone();
                for e in &mut def.body.exprs {
                    new_with_params(e, &params);
                }
                self.define_function(m, &def, c.span, file, Some(name))?;
                continue;
            }
            if !def.name.qualifier.is_empty() || def.name.name != name {
                return Err(file.syntax(
                    format!("unsupported: an inner constructor of `{name}` must be named `{name}`"),
                    def.name.span,
                ));
            }
            self.define_function(m, def, c.span, file, Some(name))?;
        }
        Ok(Value::Nothing)
    }

    /// Julia's default constructors, as methods of the type's constructor function (so that an
    /// outer constructor such as `Point(x::Real, y::Real) = Point(promote(x, y)...)` does not
    /// catch the calls it makes): `Name(f1::T1, …) where {P…}`, and for a non-parametric struct
    /// with typed fields also `Name(f1, …)`, which converts. Their body builds the struct
    /// directly (`MethodBody::New`).
    fn define_default_constructors(
        &mut self,
        tn: TypeNameId,
        tvars: &[(Sym, TyId)],
        file: &SourceFile,
        span: Span,
    ) {
        let f = self.world.ctor_function(tn);
        let name = &self.world.types.names[tn.index()];
        let (module, fields) = (name.module, name.fields.clone());
        let any = self.world.types.b.any;
        let line = file.lines.line(span.start);
        let arg_names: Vec<Sym> = fields.iter().map(|(n, _)| *n).collect();
        let method = |sig: Vec<TyId>, tvars: Vec<TyId>| Method {
            func: f,
            module,
            sig,
            vararg: None,
            tvars,
            arg_names: arg_names.clone(),
            body: MethodBody::New(tn),
            world: 0,
            deleted: false,
            file: file.path.clone(),
            line,
        };
        let typed: Vec<TyId> = fields.iter().map(|(_, t)| *t).collect();
        let untyped = tvars.is_empty() && typed.iter().any(|&t| t != any);
        self.world.add_method(method(
            typed.clone(),
            tvars.iter().map(|(_, t)| *t).collect(),
        ));
        if untyped {
            self.world
                .add_method(method(vec![any; typed.len()], Vec::new()));
        }
    }

    fn define_abstract(
        &mut self,
        m: ModuleId,
        file: &SourceFile,
        span: Span,
        name: &str,
        params: &[(String, Option<Expr>)],
        supertype: Option<&Expr>,
    ) -> EvalResult<Value> {
        self.check_redefinition(m, name, span, file)?;
        let tvars = self.type_params(m, params, file)?;
        let sup = self.supertype_of(m, supertype, &tvars, file, name)?;
        let pnames: Vec<String> = params.iter().map(|(n, _)| n.clone()).collect();
        let prefs: Vec<&str> = pnames.iter().map(|s| s.as_str()).collect();
        let (_, t) = self
            .world
            .types
            .add_name(m, name, TypeNameKind::Abstract, &prefs, Some(sup));
        self.world.set_const(m, Sym::new(name), Value::Type(t));
        self.world.age += 1;
        Ok(Value::Nothing)
    }

    /// The generic function a definition `name` (maybe `Base.name`) in module `m` adds to.
    fn target_function(
        &mut self,
        m: ModuleId,
        def: &FunctionDef,
        file: &SourceFile,
    ) -> EvalResult<FuncId> {
        self.function_named(m, &def.name, file)
    }

    /// The generic function `name` (maybe `Base.name`) in module `m`, created if new.
    fn function_named(
        &mut self,
        m: ModuleId,
        name: &FuncName,
        file: &SourceFile,
    ) -> EvalResult<FuncId> {
        let mut owner = m;
        for (i, q) in name.qualifier.iter().enumerate() {
            let sym = Sym::new(q);
            let v = if i == 0 {
                self.world.lookup(owner, sym).cloned()
            } else {
                self.world.modules[owner.index()]
                    .bindings
                    .get(&sym)
                    .map(|b| b.value.clone())
            };
            match v {
                Some(Value::Module(x)) => owner = x,
                _ => return Err(file.syntax(format!("`{q}` is not a module"), name.span)),
            }
        }
        let sym = Sym::new(&name.name);
        let own = self.world.modules[owner.index()]
            .bindings
            .get(&sym)
            .map(|b| b.value.clone());
        match own {
            Some(Value::Function(f)) => return Ok(f),
            Some(Value::Type(t)) => {
                return match self.world.types.type_name(t) {
                    Some(tn) => Ok(self.world.ctor_function(tn)),
                    None => Err(file.syntax(
                        format!("cannot add methods to type {}", name.name),
                        name.span,
                    )),
                };
            }
            Some(Value::Undef) | None => {}
            Some(_) => {
                return Err(file.syntax(
                    format!(
                        "cannot define function {}; it already has a value",
                        name.name
                    ),
                    name.span,
                ));
            }
        }
        if owner == self.world.base
            && let Some(Value::Type(t)) = self.world.lookup(owner, sym).cloned()
            && let Some(tn) = self.world.types.type_name(t)
        {
            // Base imports Core's types: `Int32(x::Int64) = …` there adds a constructor.
            return Ok(self.world.ctor_function(tn));
        }
        if owner != m {
            // `function Base.newname … end` creates the function in that module.
            if let Some(Value::Function(f)) = self.world.lookup(owner, sym).cloned() {
                return Ok(f);
            }
        }
        let f = self.world.new_function(owner, sym);
        self.world.set_const(owner, sym, Value::Function(f));
        Ok(f)
    }

    /// The function of the methods calling instances of the object parameter's type
    /// (`(p::P)(x) = …`).
    fn call_function_of(
        &mut self,
        m: ModuleId,
        object: &Param,
        tvars: &[(Sym, TyId)],
        file: &SourceFile,
    ) -> EvalResult<FuncId> {
        let Some(te) = &object.ty else {
            return Err(file.syntax(
                "a method of a callable object needs the object's type (`(p::P)(x) = …`)",
                object.span,
            ));
        };
        let t = self.eval_type(m, te, tvars, file)?;
        // `(::Type{P{T}})(x)`, written `P{T}(x)`: a constructor of `P`, taking the applied type
        // first (the VM calls `P{Int}(x)` as `P(P{Int}, x)` when such a method matches). Any
        // applied type name has them (`Array{T,N}(A::AbstractArray)` in Base).
        if self.world.types.type_name(t) == Some(self.world.types.b.tn_type)
            && let [x] = self.world.types.params(t)
            && let Some(tn) = self.world.types.type_name(*x)
            && (matches!(
                self.world.types.names[tn.index()].kind,
                TypeNameKind::Struct { .. }
            ) || !self.world.types.params(*x).is_empty())
        {
            return Ok(self.world.ctor_function(tn));
        }
        match self.world.types.type_name(t) {
            Some(tn) => Ok(self.world.call_function(tn)),
            None => Err(file.syntax(
                format!(
                    "cannot add a method calling instances of {}",
                    self.world.type_string(t)
                ),
                object.span,
            )),
        }
    }

    /// Defines a method; `struct_new` names the struct whose inner constructor it is.
    fn define_function(
        &mut self,
        m: ModuleId,
        def: &FunctionDef,
        span: Span,
        file: &SourceFile,
        struct_new: Option<&str>,
    ) -> EvalResult<Value> {
        if def.name.interp.is_some() {
            return Err(file.syntax("\"$\" expression outside quote", def.name.span));
        }
        let tvars = self.type_params(m, &def.where_params, file)?;
        let f = match &def.object {
            Some(object) => self.call_function_of(m, object, &tvars, file)?,
            None => self.target_function(m, def, file)?,
        };
        // A method calling instances of a type takes the instance first.
        let all_params: Vec<Param> = def.object.iter().chain(&def.params).cloned().collect();
        let skip = usize::from(def.object.is_some());
        let mut sig = Vec::new();
        let mut vararg = None;
        for (i, p) in all_params.iter().enumerate() {
            let t = match &p.ty {
                Some(te) => self.eval_type(m, te, &tvars, file)?,
                None => self.world.types.b.any,
            };
            if p.vararg {
                if i + 1 != all_params.len() {
                    return Err(
                        file.syntax("only the last parameter can be a vararg (`xs...`)", p.span)
                    );
                }
                vararg = Some(t);
            } else {
                sig.push(t);
            }
        }
        let first_default = all_params.iter().position(|p| p.default.is_some());
        if let Some(d) = first_default
            && let Some(p) = all_params[d..]
                .iter()
                .find(|p| p.default.is_none() && !p.vararg)
        {
            return Err(file.syntax("optional positional arguments must occur at end", p.span));
        }
        let name = self.world.functions[f.index()].name;
        let plain: Vec<Param> = all_params
            .iter()
            .map(|p| Param {
                default: None,
                ..p.clone()
            })
            .collect();
        let sparams: Vec<Sym> = tvars.iter().map(|(n, _)| *n).collect();
        let cx = LowerCtx {
            struct_new,
            ..self.ctx(m, file)
        };
        let code = lower_method(&cx, name, &plain, &def.kwparams, &sparams, &def.body, span)
            .map_err(|e| file.lower_error(e))?;
        self.define_closure_types(m, &cx, &code);
        let line = file.lines.line(span.start);
        let arg_names = plain
            .iter()
            .enumerate()
            .map(|(i, p)| Sym::new(p.name.as_deref().unwrap_or(&format!("#unused#{i}"))))
            .collect();
        let tvar_tys: Vec<TyId> = tvars.iter().map(|(_, t)| *t).collect();
        self.world.add_method(Method {
            func: f,
            module: m,
            sig: sig.clone(),
            vararg,
            tvars: tvar_tys.clone(),
            arg_names,
            body: MethodBody::Code(Rc::new(code)),
            world: 0,
            deleted: false,
            file: file.path.clone(),
            line,
        });
        // `f(x, y = 2) = …` also defines `f(x) = f(x, 2)`.
        if let Some(d) = first_default {
            let callee = match &def.object {
                Some(object) => match &object.name {
                    Some(n) => Expr {
                        kind: ExprKind::Ident(n.clone()),
                        span,
                    },
                    None => {
                        return Err(file.syntax(
                            "a callable-object method with optional arguments must name the object (`(p::P)(x = 1)`)",
                            object.span,
                        ));
                    }
                },
                None => function_ref_expr(def, span),
            };
            for k in d..all_params.len() {
                if all_params[k].vararg {
                    break;
                }
                let params: Vec<Param> = plain[..k].to_vec();
                let mut args: Vec<Arg> = params
                    .iter()
                    .enumerate()
                    .skip(skip)
                    .map(|(i, p)| Arg::Pos {
                        value: Expr {
                            kind: ExprKind::Ident(
                                p.name.clone().unwrap_or_else(|| format!("#unused#{i}")),
                            ),
                            span: p.span,
                        },
                        splat: false,
                    })
                    .collect();
                for p in &all_params[k..] {
                    if let Some(dv) = &p.default {
                        args.push(Arg::Pos {
                            value: dv.clone(),
                            splat: false,
                        });
                    }
                }
                // Keyword arguments are passed on to the full method.
                for p in &def.kwparams {
                    if let Some(n) = &p.name
                        && p.vararg
                    {
                        args.push(Arg::KwSplat {
                            value: Expr {
                                kind: ExprKind::Ident(n.clone()),
                                span: p.span,
                            },
                        });
                    } else if let Some(n) = &p.name {
                        args.push(Arg::Kw {
                            name: n.clone(),
                            value: Expr {
                                kind: ExprKind::Ident(n.clone()),
                                span: p.span,
                            },
                            span: p.span,
                        });
                    }
                }
                let call = Expr {
                    kind: ExprKind::Call {
                        callee: Box::new(callee.clone()),
                        args,
                        do_block: None,
                    },
                    span,
                };
                let body = Block {
                    exprs: vec![call],
                    span,
                };
                let code = lower_method(&cx, name, &params, &def.kwparams, &sparams, &body, span)
                    .map_err(|e| file.lower_error(e))?;
                self.define_closure_types(m, &cx, &code);
                let arg_names = params
                    .iter()
                    .enumerate()
                    .map(|(i, p)| Sym::new(p.name.as_deref().unwrap_or(&format!("#unused#{i}"))))
                    .collect();
                self.world.add_method(Method {
                    func: f,
                    module: m,
                    sig: sig[..k].to_vec(),
                    vararg: None,
                    tvars: tvar_tys.clone(),
                    arg_names,
                    body: MethodBody::Code(Rc::new(code)),
                    world: 0,
                    deleted: false,
                    file: file.path.clone(),
                    line,
                });
            }
        }
        Ok(Value::Function(f))
    }

    /// Sets `ARGS` in Main.
    pub fn set_args(&mut self, args: &[String]) {
        let s = self.world.types.b.string;
        let v = Value::vector(s, args.iter().map(|a| Value::str(a)).collect());
        let main = self.world.main;
        self.world.set_const(main, Sym::new("ARGS"), v);
    }
}

/// An expression that names the function a definition extends (for default-argument methods).
fn function_ref_expr(def: &FunctionDef, span: Span) -> Expr {
    let mut e: Option<Expr> = None;
    for q in &def.name.qualifier {
        e = Some(match e {
            None => Expr {
                kind: ExprKind::Ident(q.clone()),
                span,
            },
            Some(v) => Expr {
                kind: ExprKind::Dot {
                    value: Box::new(v),
                    field: q.clone(),
                },
                span,
            },
        });
    }
    match e {
        None => Expr {
            kind: ExprKind::Ident(def.name.name.clone()),
            span,
        },
        Some(v) => Expr {
            kind: ExprKind::Dot {
                value: Box::new(v),
                field: def.name.name.clone(),
            },
            span,
        },
    }
}

/// `precompile(f, (T1, T2))`: creates the method instance and compiles it without running it.
/// Installs the builtins that reach into the top level: `include`, `precompile` and
/// `Base.precompilation`.
pub fn install_builtins(rt: &mut Runtime) {
    use crate::vm::builtins::def;
    let b = rt.world.types.b;
    let (any, base) = (b.any, rt.world.base);
    def(
        rt,
        base,
        "precompile",
        &[any, b.tuple],
        None,
        precompile_builtin,
    );
    def(
        rt,
        base,
        "precompile",
        &[any, any],
        None,
        precompile_builtin,
    );
    def(
        rt,
        base,
        "precompilation",
        &[any, b.module],
        None,
        precompilation_builtin,
    );
    def(
        rt,
        base,
        "include",
        &[b.abstract_string],
        None,
        include_builtin,
    );
    macros::install(rt);
}

fn precompile_builtin(rt: &mut Runtime, args: &mut Vec<Value>) -> JlResult<Value> {
    let types: Vec<TyId> = match &args[1] {
        Value::Tuple(items) => {
            let mut ts = Vec::new();
            for i in items.iter() {
                match i {
                    Value::Type(t) => ts.push(*t),
                    other => {
                        let other = other.clone();
                        let dt = rt.world.types.b.datatype;
                        return Err(rt.type_error("precompile", dt, &other));
                    }
                }
            }
            ts
        }
        Value::Type(t) => rt.world.types.params(*t).to_vec(),
        other => {
            let other = other.clone();
            let tt = rt.world.types.b.tuple;
            return Err(rt.type_error("precompile", tt, &other));
        }
    };
    let f = match &args[0] {
        Value::Function(f) => *f,
        Value::Type(t) => match rt
            .world
            .types
            .type_name(*t)
            .and_then(|tn| rt.world.type_ctors.get(&tn).copied())
        {
            Some(f) => f,
            None => return Ok(Value::Bool(false)),
        },
        _ => return Ok(Value::Bool(false)),
    };
    match rt.world.dispatch(f, &types) {
        Ok(mi) => {
            rt.code_instance(mi);
            Ok(Value::Bool(true))
        }
        Err(_) => Ok(Value::Bool(false)),
    }
}

/// `Base.precompilation(M) do … end`: registers a workload of package module `M` (a package may
/// have several: PrecompileTools blocks, workloads of submodules; they run in order). It runs
/// only in the throw-away clone made by `kiln precompile`, never where the module was defined.
fn precompilation_builtin(rt: &mut Runtime, args: &mut Vec<Value>) -> JlResult<Value> {
    let Value::Module(m) = args[1] else {
        unreachable!("dispatched on Module")
    };
    rt.workloads.push((m, args[0].clone()));
    Ok(Value::Nothing)
}

/// `include("file.jl")`: evaluates a file relative to the including file, in the calling module.
fn include_builtin(rt: &mut Runtime, args: &mut Vec<Value>) -> JlResult<Value> {
    let Some(rel) = crate::vm::builtins::str_value(rt, &args[0]) else {
        let t = rt.world.typeof_(&args[0]);
        let t = rt.world.type_string(t);
        return Err(rt.error_exception(format!("include: expected a String path, got {t}")));
    };
    let rel = &rel;
    let (m, cur) = match rt.frames.last() {
        Some(fr) => (fr.code.module, fr.code.file.clone()),
        None => (rt.world.main, Rc::from("")),
    };
    let path = join_path(dirname(&cur), rel);
    if rt.include_depth >= 64 {
        return Err(rt.error_exception(format!(
            "include of {path} nested too deeply (does a file include itself?)"
        )));
    }
    rt.include_depth += 1;
    let r = rt.eval_file(m, &path);
    rt.include_depth -= 1;
    match r {
        Ok(v) => Ok(v),
        Err(EvalError::Julia(e)) => Err(e),
        Err(EvalError::Syntax { message, loc, .. }) => {
            let mut e = rt.error_exception(format!("syntax: {message}"));
            e.backtrace.push(crate::vm::BtFrame {
                func: "top-level scope".into(),
                file: loc.file,
                line: loc.line,
                column: loc.column,
            });
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::join_path;

    #[test]
    fn include_paths_resolve_relative_to_the_file() {
        assert_eq!(join_path("Greeter/src", "util.jl"), "Greeter/src/util.jl");
        assert_eq!(
            join_path("Greeter/src", "../test/x.jl"),
            "Greeter/test/x.jl"
        );
        assert_eq!(join_path("", "a.jl"), "a.jl");
        assert_eq!(join_path("/abs/dir", "./b.jl"), "/abs/dir/b.jl");
    }
}

/// The parameters `P` of an inner constructor written `Name{P…}(args…)` of the struct `name`.
fn curly_ctor_params(def: &FunctionDef, name: &str) -> Option<Vec<Expr>> {
    let ty = def.object.as_ref()?.ty.as_ref()?;
    let ExprKind::Curly { callee, params } = &ty.kind else {
        return None;
    };
    let (ExprKind::Ident(t), [applied]) = (&callee.kind, params.as_slice()) else {
        return None;
    };
    let ExprKind::Curly { callee, params } = &applied.kind else {
        return None;
    };
    match &callee.kind {
        ExprKind::Ident(n) if t == "Type" && n == name => Some(params.clone()),
        _ => None,
    }
}

/// Rewrites `new(…)` to `new{P…}(…)` in `e`, outside nested functions.
fn new_with_params(e: &mut Expr, params: &[Expr]) {
    if matches!(e.kind, ExprKind::Lambda(_) | ExprKind::Function(_)) {
        return;
    }
    if let ExprKind::Call { callee, .. } = &mut e.kind
        && matches!(&callee.kind, ExprKind::Ident(n) if n == "new")
    {
        let span = callee.span;
        let new = std::mem::replace(
            &mut **callee,
            Expr {
                kind: ExprKind::Break,
                span,
            },
        );
        **callee = Expr {
            kind: ExprKind::Curly {
                callee: Box::new(new),
                params: params.to_vec(),
            },
            span,
        };
    }
    crate::lower::expand::children_mut(e, &mut |c| new_with_params(c, params));
}
