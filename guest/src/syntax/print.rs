//! An S-expression rendering of the syntax tree, for golden tests and debugging:
//! `(call + 1 (call * 2 x))`, `(function f ((x Int)) (block …))`.

use super::ast::{Arg, Block, Expr, ExprKind, Param, StrPart};

/// Renders top-level expressions, one per line.
pub fn sexprs(exprs: &[Expr]) -> String {
    let mut out = String::new();
    for e in exprs {
        expr(e, &mut out);
        out.push('\n');
    }
    out
}

fn list(out: &mut String, head: &str, items: &[&dyn Fn(&mut String)]) {
    out.push('(');
    out.push_str(head);
    for item in items {
        out.push(' ');
        item(out);
    }
    out.push(')');
}

fn exprs(es: &[Expr], out: &mut String) {
    for (i, e) in es.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        expr(e, out);
    }
}

fn block(b: &Block, out: &mut String) {
    out.push_str("(block");
    for e in &b.exprs {
        out.push(' ');
        expr(e, out);
    }
    out.push(')');
}

fn param(p: &Param, out: &mut String) {
    out.push('(');
    out.push_str(p.name.as_deref().unwrap_or("_"));
    if let Some(t) = &p.ty {
        out.push_str(" ::");
        expr(t, out);
    }
    if p.vararg {
        out.push_str(" ...");
    }
    if let Some(d) = &p.default {
        out.push_str(" =");
        expr(d, out);
    }
    out.push(')');
}

fn params(ps: &[Param], out: &mut String) {
    out.push('(');
    for (i, p) in ps.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        param(p, out);
    }
    out.push(')');
}

fn typarams(ps: &[(String, Option<Expr>)], out: &mut String) {
    out.push('{');
    for (i, (n, b)) in ps.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(n);
        if let Some(b) = b {
            out.push_str("<:");
            expr(b, out);
        }
    }
    out.push('}');
}

fn expr(e: &Expr, out: &mut String) {
    match &e.kind {
        ExprKind::Int(i) => out.push_str(&i.to_string()),
        ExprKind::Int128(i) => out.push_str(&i.signed().to_string()),
        ExprKind::BigInt(d) => out.push_str(d),
        ExprKind::UInt { value, bits } => out.push_str(&format!(
            "0x{:0width$x}",
            value.get(),
            width = *bits as usize / 4
        )),
        ExprKind::Float(f) => out.push_str(&format!("{f:?}")),
        ExprKind::Bool(b) => out.push_str(&b.to_string()),
        ExprKind::Char(c) => out.push_str(&format!("{c:?}")),
        ExprKind::Str(parts) => {
            out.push_str("(str");
            for p in parts {
                out.push(' ');
                match p {
                    StrPart::Lit(s) => out.push_str(&format!("{s:?}")),
                    StrPart::Interp(x) => {
                        out.push('$');
                        expr(x, out);
                    }
                }
            }
            out.push(')');
        }
        ExprKind::Ident(n) => out.push_str(n),
        ExprKind::Symbol(n) => {
            out.push(':');
            out.push_str(n);
        }
        ExprKind::Dot { value, field } => {
            list(out, ".", &[&|o| expr(value, o), &|o| o.push_str(field)])
        }
        ExprKind::Call {
            callee,
            args,
            do_block,
        } => {
            out.push_str("(call ");
            expr(callee, out);
            call_args(args, out);
            if let Some(l) = do_block {
                out.push_str(" (do ");
                params(&l.params, out);
                out.push(' ');
                block(&l.body, out);
                out.push(')');
            }
            out.push(')');
        }
        ExprKind::Index { value, indices } => {
            list(out, "ref", &[&|o| expr(value, o), &|o| exprs(indices, o)])
        }
        ExprKind::Curly { callee, params } => {
            list(out, "curly", &[&|o| expr(callee, o), &|o| exprs(params, o)])
        }
        ExprKind::Assign { lhs, rhs } => list(out, "=", &[&|o| expr(lhs, o), &|o| expr(rhs, o)]),
        ExprKind::OpAssign { op, lhs, rhs } => list(
            out,
            &format!("{op}="),
            &[&|o| expr(lhs, o), &|o| expr(rhs, o)],
        ),
        ExprKind::And(a, b) => list(out, "&&", &[&|o| expr(a, o), &|o| expr(b, o)]),
        ExprKind::Or(a, b) => list(out, "||", &[&|o| expr(a, o), &|o| expr(b, o)]),
        ExprKind::Comparison { operands, ops } => {
            out.push_str("(comparison");
            for (i, x) in operands.iter().enumerate() {
                out.push(' ');
                expr(x, out);
                if let Some(op) = ops.get(i) {
                    out.push(' ');
                    out.push_str(op);
                }
            }
            out.push(')');
        }
        ExprKind::TypeAssert { value, ty } => {
            list(out, "::", &[&|o| expr(value, o), &|o| expr(ty, o)])
        }
        ExprKind::If { cond, then, else_ } => {
            out.push_str("(if ");
            expr(cond, out);
            out.push(' ');
            block(then, out);
            if let Some(x) = else_ {
                out.push(' ');
                expr(x, out);
            }
            out.push(')');
        }
        ExprKind::While { cond, body } => {
            list(out, "while", &[&|o| expr(cond, o), &|o| block(body, o)])
        }
        ExprKind::For { var, iter, body } => list(
            out,
            "for",
            &[&|o| expr(var, o), &|o| expr(iter, o), &|o| block(body, o)],
        ),
        ExprKind::Block(b) => block(b, out),
        ExprKind::Tuple(items) => {
            out.push_str("(tuple");
            for x in items {
                out.push(' ');
                expr(x, out);
            }
            out.push(')');
        }
        ExprKind::NamedTuple(entries) => {
            out.push_str("(namedtuple");
            call_args(entries, out);
            out.push(')');
        }
        ExprKind::DotCall { callee, args } => {
            out.push_str("(dotcall ");
            expr(callee, out);
            call_args(args, out);
            out.push(')');
        }
        ExprKind::DotAssign { op, lhs, rhs } => list(
            out,
            &format!(".{}=", op.as_deref().unwrap_or("")),
            &[&|o| expr(lhs, o), &|o| expr(rhs, o)],
        ),
        ExprKind::Vect(items) => {
            out.push_str("(vect");
            for x in items {
                out.push(' ');
                expr(x, out);
            }
            out.push(')');
        }
        ExprKind::Function(def) => {
            out.push_str("(function ");
            let name = def
                .name
                .qualifier
                .iter()
                .chain(std::iter::once(&def.name.name))
                .cloned()
                .collect::<Vec<_>>();
            match &def.object {
                Some(object) => {
                    out.push_str("(call-object ");
                    params(std::slice::from_ref(object), out);
                    out.push(')');
                }
                None => out.push_str(&name.join(".")),
            }
            out.push(' ');
            params(&def.params, out);
            if !def.kwparams.is_empty() {
                out.push_str(" (kw ");
                params(&def.kwparams, out);
                out.push(')');
            }
            if !def.where_params.is_empty() {
                out.push_str(" (where ");
                typarams(&def.where_params, out);
                out.push(')');
            }
            if let Some(t) = &def.ret_type {
                out.push_str(" (returns ");
                expr(t, out);
                out.push(')');
            }
            out.push(' ');
            block(&def.body, out);
            out.push(')');
        }
        ExprKind::Lambda(l) => list(
            out,
            "->",
            &[&|o| params(&l.params, o), &|o| block(&l.body, o)],
        ),
        ExprKind::Return(v) => {
            out.push_str("(return");
            if let Some(v) = v {
                out.push(' ');
                expr(v, out);
            }
            out.push(')');
        }
        ExprKind::Break => out.push_str("(break)"),
        ExprKind::FunctionDecl(name) => out.push_str(&format!("(function {})", name.name)),
        ExprKind::Continue => out.push_str("(continue)"),
        ExprKind::Local(items) => list(out, "local", &[&|o| exprs(items, o)]),
        ExprKind::Global(items) => list(out, "global", &[&|o| exprs(items, o)]),
        ExprKind::Const(x) => list(out, "const", &[&|o| expr(x, o)]),
        ExprKind::Struct {
            mutable,
            name,
            params,
            supertype,
            fields,
            ctors,
        } => {
            out.push_str(if *mutable {
                "(mutable-struct "
            } else {
                "(struct "
            });
            out.push_str(name);
            if !params.is_empty() {
                typarams(params, out);
            }
            if let Some(s) = supertype {
                out.push_str(" <: ");
                expr(s, out);
            }
            for f in fields {
                out.push_str(&format!(" ({}", f.name));
                if let Some(t) = &f.ty {
                    out.push_str(" ::");
                    expr(t, out);
                }
                if let Some(v) = &f.default {
                    out.push_str(" = ");
                    expr(v, out);
                }
                out.push(')');
            }
            for c in ctors {
                out.push(' ');
                expr(c, out);
            }
            out.push(')');
        }
        ExprKind::AbstractType {
            name,
            params,
            supertype,
        } => {
            out.push_str("(abstract ");
            out.push_str(name);
            if !params.is_empty() {
                typarams(params, out);
            }
            if let Some(s) = supertype {
                out.push_str(" <: ");
                expr(s, out);
            }
            out.push(')');
        }
        ExprKind::Module { name, body } => {
            out.push_str("(module ");
            out.push_str(name);
            for x in body {
                out.push(' ');
                expr(x, out);
            }
            out.push(')');
        }
        ExprKind::Using(paths) | ExprKind::Import(paths) => {
            out.push_str(if matches!(e.kind, ExprKind::Using(_)) {
                "(using"
            } else {
                "(import"
            });
            for p in paths {
                out.push(' ');
                out.push_str(&".".repeat(p.dots as usize));
                out.push_str(&p.path.join("."));
                if !p.names.is_empty() {
                    out.push_str(": ");
                    out.push_str(&p.names.join(" "));
                }
            }
            out.push(')');
        }
        ExprKind::Export(names) => out.push_str(&format!("(export {})", names.join(" "))),
        ExprKind::Try {
            body,
            catch_var,
            catch_body,
            finally,
        } => {
            out.push_str("(try ");
            block(body, out);
            if let Some(b) = catch_body {
                out.push_str(&format!(" (catch {} ", catch_var.as_deref().unwrap_or("_")));
                block(b, out);
                out.push(')');
            }
            if let Some(f) = finally {
                out.push_str(" (finally ");
                block(f, out);
                out.push(')');
            }
            out.push(')');
        }
        ExprKind::Quote(x) => list(out, "quote", &[&|o| expr(x, o)]),
        ExprKind::Quoted(n) => out.push_str(&format!("(quoted {n:?})")),
        ExprKind::Interp { value, splat } => list(
            out,
            if *splat { "$..." } else { "$" },
            &[&|o| expr(value, o)],
        ),
        ExprKind::MacroCall { name, args } => {
            out.push_str(&format!("(@{name}"));
            for a in args {
                out.push(' ');
                expr(a, out);
            }
            out.push(')');
        }
        ExprKind::Where { value, params } => list(
            out,
            "where",
            &[&|o| expr(value, o), &|o| typarams(params, o)],
        ),
        ExprKind::Let { bindings, body } => {
            list(out, "let", &[&|o| exprs(bindings, o), &|o| block(body, o)])
        }
    }
}

/// Call arguments, each after a space: `x`, `xs...`, `(kw name value)`.
fn call_args(args: &[Arg], out: &mut String) {
    for a in args {
        out.push(' ');
        match a {
            Arg::Pos { value, splat } => {
                expr(value, out);
                if *splat {
                    out.push_str("...");
                }
            }
            Arg::Kw { name, value, .. } => {
                out.push_str(&format!("(kw {name} "));
                expr(value, out);
                out.push(')');
            }
            Arg::KwSplat { value } => {
                out.push_str("(kwsplat ");
                expr(value, out);
                out.push(')');
            }
        }
    }
}
