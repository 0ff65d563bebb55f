//! Macro expansion (Julia's `macroexpand`) of top-level statements and of code as data, and
//! evaluation of code as data (`eval`, `Core.eval`): both turn `Expr` values into syntax
//! through `syntax::expr`, so a macro's result and an evaluated `Expr` are the same thing.

// Builtins take the call's argument vector, like every builtin.
#![allow(clippy::ptr_arg)]

use super::{EvalError, EvalResult, SourceFile};
use crate::ids::ModuleId;
use crate::symbol::Sym;
use crate::syntax::Span;
use crate::syntax::ast::{Expr, ExprKind};
use crate::syntax::expr::{Node, Source, hygiene, to_ast};
use crate::value::Value;
use crate::vm::{JlError, JlResult, Runtime};

/// Deepest nesting of macro calls producing macro calls.
const MAX_EXPANSION_DEPTH: u32 = 200;

/// The macros lowering expands itself (they introduce closures whose captures it must see).
fn is_lowering_macro(name: &str) -> bool {
    matches!(
        name,
        "task" | "async" | "sync" | "@task" | "@async" | "@sync"
    )
}

impl Runtime {
    /// `e` with its macro calls expanded, or `None` when it has none.
    pub(super) fn expand_macros(
        &mut self,
        m: ModuleId,
        e: &Expr,
        file: &SourceFile,
    ) -> EvalResult<Option<Expr>> {
        if !crate::lower::has_macro_calls(e, &|n| !is_lowering_macro(n)) {
            return Ok(None);
        }
        let mut e = e.clone();
        self.expand_ast(m, &mut e, file)?;
        Ok(Some(e))
    }

    fn expand_ast(&mut self, m: ModuleId, e: &mut Expr, file: &SourceFile) -> EvalResult<()> {
        if let ExprKind::MacroCall { name, .. } = &e.kind
            && !is_lowering_macro(name)
        {
            let src = Source {
                text: &file.text,
                lines: &file.lines,
                file: &file.path,
            };
            let call = src.quote(e, 0);
            let mut embedded = Vec::new();
            let expanded = self.expand_node(m, call, &mut embedded, 0)?;
            let base = self.bind_splices(m, embedded);
            *e = to_ast(&expanded, e.span, base).map_err(|msg| file.syntax(msg, e.span))?;
            return Ok(());
        }
        if matches!(e.kind, ExprKind::Module { .. }) {
            // A module's statements are expanded one by one as they are evaluated, in it.
            return Ok(());
        }
        let mut result = Ok(());
        crate::lower::children_mut(e, &mut |c| {
            if result.is_ok() {
                result = self.expand_ast(m, c, file);
            }
        });
        result
    }

    /// Binds the values embedded in expanded code to the hidden globals `to_ast` names
    /// (`#splice#N`, numbered from the returned base).
    fn bind_splices(&mut self, m: ModuleId, embedded: Vec<Value>) -> u32 {
        let base = self.splices;
        for (i, v) in embedded.into_iter().enumerate() {
            let name = Sym::new(&format!("#splice#{}", base as usize + i));
            self.world.set_const(m, name, v);
            self.splices += 1;
        }
        base
    }

    /// Expands every macro call in `n` (not inside a quote), as seen from module `m`.
    /// `embedded` holds the values `Node::Value` indexes.
    pub(crate) fn expand_node(
        &mut self,
        m: ModuleId,
        n: Node,
        embedded: &mut Vec<Value>,
        depth: u32,
    ) -> EvalResult<Node> {
        if depth > MAX_EXPANSION_DEPTH {
            let e = self.error_exception("macro expansion is nested too deeply");
            return Err(EvalError::Julia(e));
        }
        match n {
            Node::Expr(h, args) if h == "macrocall" && !args.is_empty() => {
                let name = match &args[0] {
                    Node::Sym(s) => Some(s.clone()),
                    _ => None,
                };
                if name.as_deref().is_some_and(is_lowering_macro) {
                    let mut out = Vec::with_capacity(args.len());
                    for a in args {
                        out.push(self.expand_node(m, a, embedded, depth + 1)?);
                    }
                    return Ok(Node::Expr(h, out));
                }
                let result = self.call_macro(m, &args, embedded)?;
                self.expand_node(m, result, embedded, depth + 1)
            }
            Node::Expr(h, args) if h == "quote" => Ok(Node::Expr(h, args)),
            Node::Expr(h, args) => {
                let mut out = Vec::with_capacity(args.len());
                for a in args {
                    out.push(self.expand_node(m, a, embedded, depth + 1)?);
                }
                Ok(Node::Expr(h, out))
            }
            other => Ok(other),
        }
    }

    /// Runs one macro (`args` of a `macrocall`: the name, the call's line, the arguments) and
    /// applies hygiene to its result.
    fn call_macro(
        &mut self,
        m: ModuleId,
        args: &[Node],
        embedded: &mut Vec<Value>,
    ) -> EvalResult<Node> {
        let (file, line) = match args.get(1) {
            Some(Node::Line(l, f)) => (f.clone().unwrap_or_else(|| "none".into()), *l),
            _ => ("none".into(), 0),
        };
        let (module, name) = match &args[0] {
            Node::Sym(s) => (m, s.clone()),
            Node::Expr(h, a) if h == "." && a.len() == 2 => {
                let module = self.eval_module_path(m, &a[0]);
                let name = match &a[1] {
                    Node::Quote(q) => match q.as_ref() {
                        Node::Sym(s) => s.clone(),
                        _ => String::new(),
                    },
                    Node::Sym(s) => s.clone(),
                    _ => String::new(),
                };
                match module {
                    Some(module) => (module, name),
                    None => {
                        let e = self.error_exception("invalid macro name");
                        return Err(self.load_error(&file, line, e));
                    }
                }
            }
            _ => {
                let e = self.error_exception("invalid macro name");
                return Err(self.load_error(&file, line, e));
            }
        };
        let sym = Sym::new(&name);
        let Some(f) = self.world.lookup(module, sym).cloned() else {
            let e = self.undef_var_error(sym);
            return Err(self.load_error(&file, line, e));
        };
        let mut call_args = Vec::with_capacity(args.len());
        call_args.push(match args.get(1) {
            Some(l @ Node::Line(..)) => self.node_value(l, embedded),
            _ => self.node_value(&Node::Line(0, None), embedded),
        });
        call_args.push(Value::Module(m));
        for a in args.iter().skip(2) {
            call_args.push(self.node_value(a, embedded));
        }
        let result = match self.call(&f, call_args) {
            Ok(v) => v,
            Err(e) => return Err(self.load_error(&file, line, e)),
        };
        let node = self.value_node(&result, embedded)?;
        let defined_in = match f {
            Value::Function(fid) => self.world.functions[fid.index()].module,
            _ => m,
        };
        // Free names mean the macro module's globals, written `Main.x` as Julia's `GlobalRef`s
        // print; bare when that module cannot be named from the caller (a package's own
        // top module, seen from inside itself).
        let path: Vec<Sym> = self.world.module_path(defined_in);
        let nameable = path.first().is_some_and(|root| {
            matches!(self.world.lookup(m, *root), Some(Value::Module(r)) if self.world.module_path(*r).len() == 1)
        });
        let path: Option<Vec<String>> =
            nameable.then(|| path.iter().map(|s| s.to_string()).collect());
        Ok(hygiene(node, path.as_deref(), &mut self.gensyms))
    }

    /// The module a macro name is qualified with (`Base` in `Base.@kwdef`).
    fn eval_module_path(&self, m: ModuleId, n: &Node) -> Option<ModuleId> {
        match n {
            Node::Sym(s) => match self.world.lookup(m, Sym::new(s)) {
                Some(Value::Module(x)) => Some(*x),
                _ => None,
            },
            Node::Expr(h, a) if h == "." && a.len() == 2 => {
                let parent = self.eval_module_path(m, &a[0])?;
                let Node::Quote(q) = &a[1] else { return None };
                let Node::Sym(s) = q.as_ref() else {
                    return None;
                };
                match self.world.modules[parent.index()]
                    .bindings
                    .get(&Sym::new(s))
                {
                    Some(b) => match b.value {
                        Value::Module(x) => Some(x),
                        _ => None,
                    },
                    None => None,
                }
            }
            _ => None,
        }
    }

    /// Julia's `LoadError(file, line, error)`: an error thrown while expanding a macro.
    fn load_error(&mut self, file: &str, line: u32, e: JlError) -> EvalError {
        let t = match self.world.lookup(self.world.base, Sym::new("LoadError")) {
            Some(Value::Type(t)) => *t,
            _ => return EvalError::Julia(e),
        };
        let value = Value::new_struct(
            t,
            vec![Value::str(file), Value::Int(i64::from(line)), e.value],
        );
        EvalError::Julia(JlError {
            value,
            backtrace: e.backtrace,
        })
    }

    /// `Core.eval(m, ex)`: evaluates code as data at the top level of module `m`.
    ///
    /// # Errors
    /// What evaluating it throws; code that cannot be syntax is an `ErrorException` naming
    /// what is wrong (`syntax: …`), as Julia reports it.
    pub fn eval_value(&mut self, m: ModuleId, ex: &Value) -> JlResult<Value> {
        let mut embedded = Vec::new();
        let node = self.value_node(ex, &mut embedded)?;
        let r = self
            .expand_node(m, node, &mut embedded, 0)
            .and_then(|node| {
                let base = self.bind_splices(m, embedded);
                to_ast(&node, Span::default(), base).map_err(|msg| EvalError::Syntax {
                    message: msg,
                    loc: super::SourceLoc {
                        file: "none".into(),
                        line: 1,
                        column: 1,
                    },
                    more: Vec::new(),
                })
            })
            .and_then(|ast| {
                let file = SourceFile::new("none", "");
                self.eval_toplevel(m, &ast, &file)
            });
        match r {
            Ok(v) => Ok(v),
            Err(EvalError::Julia(e)) => Err(e),
            Err(EvalError::Syntax { message, .. }) => {
                Err(self.error_exception(format!("syntax: {message}")))
            }
        }
    }

    /// `macroexpand(m, ex)`: `ex` with every macro call expanded, as data.
    ///
    /// # Errors
    /// What a macro throws (as a `LoadError`).
    pub fn macroexpand_value(&mut self, m: ModuleId, ex: &Value) -> JlResult<Value> {
        let mut embedded = Vec::new();
        let node = self.value_node(ex, &mut embedded)?;
        match self.expand_node(m, node, &mut embedded, 0) {
            Ok(n) => Ok(self.node_value(&n, &embedded)),
            Err(EvalError::Julia(e)) => Err(e),
            Err(EvalError::Syntax { message, .. }) => {
                Err(self.error_exception(format!("syntax: {message}")))
            }
        }
    }

    /// The module of the code calling a builtin (`eval(ex)` evaluates there).
    fn calling_module(&self) -> ModuleId {
        self.frames
            .last()
            .map_or(self.world.main, |f| f.code.module)
    }
}

pub(super) fn install(rt: &mut Runtime) {
    use crate::vm::builtins::def;
    let b = rt.world.types.b;
    let (any, core, base) = (b.any, rt.world.core, rt.world.base);
    let eval_in: crate::vm::builtins::BuiltinFn = |rt, a| {
        let Value::Module(m) = a[0] else {
            unreachable!("dispatched on Module")
        };
        let ex = a[1].clone();
        rt.eval_value(m, &ex)
    };
    def(rt, core, "eval", &[b.module, any], None, eval_in);
    def(rt, base, "eval", &[b.module, any], None, eval_in);
    def(rt, base, "eval", &[any], None, |rt, a| {
        let m = rt.calling_module();
        let ex = a[0].clone();
        rt.eval_value(m, &ex)
    });
    def(rt, base, "macroexpand", &[b.module, any], None, |rt, a| {
        let Value::Module(m) = a[0] else {
            unreachable!("dispatched on Module")
        };
        let ex = a[1].clone();
        rt.macroexpand_value(m, &ex)
    });
}
