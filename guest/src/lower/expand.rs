//! Expansion of the macros that introduce functions and scopes (`@task`, `@async`, `@sync`) into
//! plain syntax, before scope analysis: the variables their bodies use must be seen as captured by
//! a closure. Every other macro is a Julia function the top level runs before lowering
//! (`eval::macros`); these three stay here because `@sync` must find the `@async` calls
//! lexically inside it, as Julia's do.
//!
//! - `@task e` is `Base.Task(() -> e)`;
//! - `@async e` is `Base._async(() -> e, s)`, where `s` is the innermost enclosing `@sync`'s task
//!   list, or `nothing` outside any `@sync` (the lexical rule Julia's `@async` follows);
//! - `@sync e` is `let #sync = Any[]; #v = e; Base.sync_end(#sync); #v end`.

use super::{LResult, err};
use crate::syntax::ast::{Arg, Block, Expr, ExprKind, Lambda, Param, StrPart};
use crate::syntax::span::Span;

/// The local holding the innermost `@sync`'s list of tasks (not a name users can write).
const SYNC_VAR: &str = "#sync";
const SYNC_VALUE: &str = "#sync_value";

/// Whether `e` uses one of the macros this module expands (so most code is not copied).
pub(super) fn has_task_macros(e: &Expr) -> bool {
    if let ExprKind::MacroCall { name, .. } = &e.kind
        && matches!(name.as_str(), "task" | "async" | "sync")
    {
        return true;
    }
    let mut found = false;
    super::children(e, &mut |c| found = found || has_task_macros(c), true);
    found
}

/// Whether `e` calls a macro `wanted` accepts (outside quoted code).
pub fn has_macro_calls(e: &Expr, wanted: &dyn Fn(&str) -> bool) -> bool {
    if let ExprKind::MacroCall { name, .. } = &e.kind
        && wanted(name)
    {
        return true;
    }
    let mut found = false;
    super::children(
        e,
        &mut |c| {
            found = found
                || (!matches!(c.kind, ExprKind::Quote(_) | ExprKind::Quoted(_))
                    && has_macro_calls(c, wanted))
        },
        true,
    );
    found
}

/// Expands `@task`, `@async` and `@sync` everywhere in `e`; `in_sync` tells whether `e` is
/// lexically inside a `@sync`.
///
/// # Errors
/// A macro call with the wrong number of arguments.
pub(super) fn expand_task_macros(e: &mut Expr, in_sync: bool) -> LResult<()> {
    let span = e.span;
    if let ExprKind::MacroCall { name, args } = &mut e.kind
        && matches!(name.as_str(), "task" | "async" | "sync")
    {
        let name = name.clone();
        let [body] = args.as_mut_slice() else {
            return err(span, format!("`@{name}` takes one expression"));
        };
        let mut body = std::mem::replace(body, mk(ExprKind::Break, span));
        expand_task_macros(&mut body, in_sync || name == "sync")?;
        *e = match name.as_str() {
            "task" => call(base(span, "Task"), vec![thunk(body)], span),
            "async" => {
                let sync = if in_sync {
                    ident(SYNC_VAR, span)
                } else {
                    ident("nothing", span)
                };
                call(base(span, "_async"), vec![thunk(body), sync], span)
            }
            _ => mk(
                ExprKind::Let {
                    bindings: vec![assign(
                        ident(SYNC_VAR, span),
                        call(
                            mk(
                                ExprKind::Curly {
                                    callee: Box::new(ident("Vector", span)),
                                    params: vec![ident("Any", span)],
                                },
                                span,
                            ),
                            vec![],
                            span,
                        ),
                    )],
                    body: Block {
                        exprs: vec![
                            assign(ident(SYNC_VALUE, span), body),
                            call(base(span, "sync_end"), vec![ident(SYNC_VAR, span)], span),
                            ident(SYNC_VALUE, span),
                        ],
                        span,
                    },
                },
                span,
            ),
        };
        return Ok(());
    }
    let mut result = Ok(());
    children_mut(e, &mut |c| {
        if result.is_ok() {
            result = expand_task_macros(c, in_sync);
        }
    });
    result
}

fn mk(kind: ExprKind, span: Span) -> Expr {
    Expr { kind, span }
}

fn ident(name: &str, span: Span) -> Expr {
    mk(ExprKind::Ident(name.to_string()), span)
}

/// `Base.name`, so user definitions of the same name do not interfere.
fn base(span: Span, name: &str) -> Expr {
    mk(
        ExprKind::Dot {
            value: Box::new(ident("Base", span)),
            field: name.to_string(),
        },
        span,
    )
}

fn call(callee: Expr, args: Vec<Expr>, span: Span) -> Expr {
    Expr::plain_call(callee, args, span)
}

fn assign(lhs: Expr, rhs: Expr) -> Expr {
    let span = rhs.span;
    mk(
        ExprKind::Assign {
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
        span,
    )
}

/// `() -> body`.
fn thunk(body: Expr) -> Expr {
    let span = body.span;
    mk(
        ExprKind::Lambda(Box::new(Lambda {
            params: Vec::new(),
            body: Block {
                exprs: vec![body],
                span,
            },
            span,
        })),
        span,
    )
}

/// Calls `f` on each direct child expression, including the bodies of nested functions (not
/// into quoted code, which is data).
pub fn children_mut(e: &mut Expr, f: &mut dyn FnMut(&mut Expr)) {
    fn block(b: &mut Block, f: &mut dyn FnMut(&mut Expr)) {
        b.exprs.iter_mut().for_each(f);
    }
    fn params(ps: &mut [Param], f: &mut dyn FnMut(&mut Expr)) {
        for p in ps {
            if let Some(t) = &mut p.ty {
                f(t)
            }
            if let Some(d) = &mut p.default {
                f(d)
            }
        }
    }
    match &mut e.kind {
        ExprKind::Int(_)
        | ExprKind::UInt { .. }
        | ExprKind::Int128(_)
        | ExprKind::BigInt(_)
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
            if let Some(l) = do_block {
                params(&mut l.params, f);
                block(&mut l.body, f);
            }
        }
        ExprKind::Index { value, indices } => {
            f(value);
            indices.iter_mut().for_each(f);
        }
        ExprKind::Curly { callee, params } => {
            f(callee);
            params.iter_mut().for_each(f);
        }
        ExprKind::Assign { lhs, rhs } | ExprKind::OpAssign { lhs, rhs, .. } => {
            f(lhs);
            f(rhs);
        }
        ExprKind::And(a, b) | ExprKind::Or(a, b) => {
            f(a);
            f(b);
        }
        ExprKind::Comparison { operands, .. } => operands.iter_mut().for_each(f),
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
        ExprKind::Tuple(items) | ExprKind::Vect(items) => items.iter_mut().for_each(f),
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
            bindings.iter_mut().for_each(&mut *f);
            block(body, f);
        }
        ExprKind::Function(def) => {
            params(&mut def.params, f);
            params(&mut def.kwparams, f);
            block(&mut def.body, f);
        }
        ExprKind::Lambda(l) => {
            params(&mut l.params, f);
            block(&mut l.body, f);
        }
        ExprKind::Return(v) => {
            if let Some(v) = v {
                f(v)
            }
        }
        ExprKind::Local(items) | ExprKind::Global(items) => items.iter_mut().for_each(f),
        ExprKind::Const(x) => f(x),
        ExprKind::Module { body, .. } => body.iter_mut().for_each(f),
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
        ExprKind::MacroCall { args, .. } => args.iter_mut().for_each(f),
        // Quoted code is data: macros inside it are expanded only if it is evaluated.
        ExprKind::Quote(_) | ExprKind::Quoted(_) => {}
        ExprKind::Interp { value, .. } => f(value),
    }
}
