//! Julia's `Expr` form of the syntax tree (heads and arguments, as `Meta.parse` gives them):
//! quoting the AST into it (`:(…)`, `quote`, macro arguments), macro hygiene on it, and turning
//! it back into the AST that lowering consumes (`eval`, a macro's result). The runtime converts
//! a [`Node`] to and from `Expr`/`QuoteNode`/`LineNumberNode` values; this is the one path code
//! takes between data and syntax in either direction.

use rustc_hash::{FxHashMap, FxHashSet};

use super::ast::{
    Arg, Block, Expr, ExprKind, FieldDecl, FuncName, FunctionDef, ImportPath, Lambda, Param,
    StrPart,
};
use super::span::{LineIndex, Span};

/// How deep code built as data may nest before it is refused: as deep as the parser accepts
/// (the trees come from user code, and each level is native stack frames here and in lowering).
pub const MAX_DEPTH: u32 = 96;

/// A Julia expression as data.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `Expr(head, args...)`.
    Expr(String, Vec<Node>),
    Sym(String),
    Int(i64),
    Int128(super::ast::U128),
    /// A `BigInt` literal's decimal digits.
    BigInt(String),
    UInt {
        value: super::ast::U128,
        bits: u8,
    },
    Float(f64),
    Bool(bool),
    Char(char),
    Str(String),
    Nothing,
    /// `QuoteNode(x)`.
    Quote(Box<Node>),
    /// `LineNumberNode(line, file)`.
    Line(u32, Option<String>),
    /// `$x` in a quote being built: code whose value goes here when the quote is evaluated
    /// (spliced into the arguments when `true`, as `$(xs...)`).
    Interp(Box<Expr>, bool),
    /// A runtime value without syntax of its own (a vector, a function object interpolated
    /// into code): the runtime's index for it.
    Value(u32),
}

/// Where quoted code came from: the text its spans point into, for line numbers.
pub struct Source<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub file: &'a str,
}

fn ex(head: &str, args: Vec<Node>) -> Node {
    Node::Expr(head.to_string(), args)
}

fn sym(s: &str) -> Node {
    Node::Sym(s.to_string())
}

impl Source<'_> {
    fn line(&self, span: Span) -> Node {
        Node::Line(self.lines.line(span.start), Some(self.file.to_string()))
    }

    /// Whether the code at `span` starts with `word`.
    fn starts_with(&self, span: Span, word: &str) -> bool {
        self.text
            .get(span.start as usize..)
            .is_some_and(|t| t.starts_with(word))
    }

    /// Whether the code at `span`, inside any parentheses around it, starts with keyword `word`.
    fn starts_with_keyword(&self, span: Span, word: &str) -> bool {
        self.text.get(span.start as usize..).is_some_and(|t| {
            let t = t.trim_start_matches(|c: char| c == '(' || c.is_whitespace());
            t.starts_with(word)
                && !t[word.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
        })
    }

    /// The expression `e` as data. `depth` counts the quotes `e` is inside: a `$` at depth 1
    /// is interpolated by the quote being built ([`Node::Interp`]); anywhere else it stays data
    /// (`Expr(:$, …)`), as it does in a macro's arguments (depth 0).
    pub fn quote(&self, e: &Expr, depth: u32) -> Node {
        let q = |x: &Expr| self.quote(x, depth);
        let qs = |xs: &[Expr]| xs.iter().map(|x| self.quote(x, depth)).collect::<Vec<_>>();
        match &e.kind {
            ExprKind::Int(i) => Node::Int(*i),
            ExprKind::Int128(i) => Node::Int128(*i),
            ExprKind::BigInt(d) => Node::BigInt(d.to_string()),
            ExprKind::UInt { value, bits } => Node::UInt {
                value: *value,
                bits: *bits,
            },
            ExprKind::Float(f) => Node::Float(*f),
            ExprKind::Bool(b) => Node::Bool(*b),
            ExprKind::Char(c) => Node::Char(*c),
            ExprKind::Str(parts) => match parts.as_slice() {
                [] => Node::Str(String::new()),
                [StrPart::Lit(s)] => Node::Str(s.clone()),
                _ => ex(
                    "string",
                    parts
                        .iter()
                        .map(|p| match p {
                            StrPart::Lit(s) => Node::Str(s.clone()),
                            StrPart::Interp(x) => q(x),
                        })
                        .collect(),
                ),
            },
            ExprKind::Ident(n) => sym(n),
            ExprKind::Symbol(s) => Node::Quote(Box::new(sym(s))),
            ExprKind::Dot { value, field } => {
                ex(".", vec![q(value), Node::Quote(Box::new(sym(field)))])
            }
            ExprKind::Call {
                callee,
                args,
                do_block,
            } => {
                if let Some(lit) = self.bracket_literal(callee, args, depth) {
                    return lit;
                }
                let mut items = vec![q(callee)];
                // `a + b + c` is one call of `+` (and of `*`, `++`) in Julia's syntax; the
                // parser nests it, unless the inner one was written in parentheses.
                if let (
                    ExprKind::Ident(op),
                    [
                        Arg::Pos {
                            value: first,
                            splat: false,
                        },
                        _,
                    ],
                ) = (&callee.kind, args.as_slice())
                    && matches!(op.as_str(), "+" | "*" | "++")
                    && let ExprKind::Call {
                        callee: inner,
                        args: inner_args,
                        do_block: None,
                    } = &first.kind
                    && matches!(&inner.kind, ExprKind::Ident(o) if o == op)
                    && inner_args.len() == 2
                    && !self.starts_with(first.span, "(")
                    && !self.starts_with(first.span, op)
                {
                    if let Node::Expr(_, flat) = self.quote(first, depth) {
                        items = flat;
                    }
                    items.extend(args[1..].iter().map(|a| self.arg(a, depth)));
                    return ex("call", items);
                }
                items.extend(args.iter().map(|a| self.arg(a, depth)));
                let call = ex("call", items);
                match do_block {
                    Some(l) => ex("do", vec![call, self.lambda(l, depth, true)]),
                    None => call,
                }
            }
            ExprKind::Index { value, indices } => {
                let mut items = vec![q(value)];
                items.extend(qs(indices));
                ex("ref", items)
            }
            ExprKind::Curly { callee, params } => {
                let mut items = vec![q(callee)];
                items.extend(qs(params));
                ex("curly", items)
            }
            ExprKind::Assign { lhs, rhs } => {
                let l = q(lhs);
                // `f(x) = body` defines a method: its body is a block, as Julia parses it.
                let r = if is_signature(&l) && !matches!(rhs.kind, ExprKind::Block(_)) {
                    ex("block", vec![self.line(rhs.span), q(rhs)])
                } else {
                    q(rhs)
                };
                ex("=", vec![l, r])
            }
            ExprKind::OpAssign { op, lhs, rhs } => ex(&format!("{op}="), vec![q(lhs), q(rhs)]),
            ExprKind::And(a, b) => ex("&&", vec![q(a), q(b)]),
            ExprKind::Or(a, b) => ex("||", vec![q(a), q(b)]),
            ExprKind::Comparison { operands, ops } => {
                let mut items = Vec::new();
                for (i, x) in operands.iter().enumerate() {
                    items.push(q(x));
                    if let Some(op) = ops.get(i) {
                        items.push(sym(op));
                    }
                }
                ex("comparison", items)
            }
            ExprKind::TypeAssert { value, ty } => ex("::", vec![q(value), q(ty)]),
            ExprKind::If { cond, then, else_ } => {
                // `c ? a : b` is not written with the keyword.
                if !self.starts_with_keyword(e.span, "if") && then.exprs.len() == 1 {
                    let mut items = vec![q(cond), q(&then.exprs[0])];
                    items.extend(else_.as_deref().map(q));
                    return ex("if", items);
                }
                self.if_node("if", cond, then, else_.as_deref(), depth)
            }
            ExprKind::While { cond, body } => ex("while", vec![q(cond), self.block(body, depth)]),
            ExprKind::For { var, iter, body } => ex(
                "for",
                vec![ex("=", vec![q(var), q(iter)]), self.block(body, depth)],
            ),
            ExprKind::Block(b) => self.block(b, depth),
            ExprKind::Tuple(items) => ex("tuple", qs(items)),
            // `(a = 1, b = 2)`; with anything but `name = value` entries, Julia's `(; …)` form.
            ExprKind::NamedTuple(entries) => {
                if entries.iter().all(|a| matches!(a, Arg::Kw { .. })) {
                    ex(
                        "tuple",
                        entries
                            .iter()
                            .map(|a| match a {
                                Arg::Kw { name, value, .. } => ex("=", vec![sym(name), q(value)]),
                                other => self.arg(other, depth),
                            })
                            .collect(),
                    )
                } else {
                    let mut params = Vec::new();
                    for a in entries {
                        match self.arg(a, depth) {
                            // A splat after `;` is already `parameters` of its own.
                            Node::Expr(h, mut x) if h == "parameters" => params.append(&mut x),
                            n => params.push(n),
                        }
                    }
                    ex("tuple", vec![ex("parameters", params)])
                }
            }
            ExprKind::DotCall { callee, args } => {
                let items: Vec<Node> = args.iter().map(|a| self.arg(a, depth)).collect();
                match &callee.kind {
                    // `a .+ b`, `.-x`: the dotted operator called.
                    ExprKind::Ident(op) if is_operator_name(op) => {
                        if op == "&&" || op == "||" {
                            return ex(&format!(".{op}"), items);
                        }
                        let mut all = vec![sym(&format!(".{op}"))];
                        all.extend(items);
                        ex("call", all)
                    }
                    _ => ex(".", vec![q(callee), ex("tuple", items)]),
                }
            }
            ExprKind::DotAssign { op, lhs, rhs } => ex(
                &format!(".{}=", op.as_deref().unwrap_or("")),
                vec![q(lhs), q(rhs)],
            ),
            ExprKind::Vect(items) => ex("vect", qs(items)),
            ExprKind::Function(def) => self.function(def, e.span, depth),
            ExprKind::Lambda(l) => {
                if self.starts_with_keyword(e.span, "function") {
                    let params = l.params.iter().map(|p| self.param(p, depth)).collect();
                    ex(
                        "function",
                        vec![ex("tuple", params), self.block(&l.body, depth)],
                    )
                } else {
                    self.lambda(l, depth, false)
                }
            }
            ExprKind::Return(v) => ex("return", vec![v.as_deref().map_or(Node::Nothing, q)]),
            ExprKind::Break => ex("break", vec![]),
            ExprKind::FunctionDecl(name) => ex("function", vec![sym(&name.name)]),
            ExprKind::Continue => ex("continue", vec![]),
            ExprKind::Local(items) => ex("local", qs(items)),
            ExprKind::Global(items) => ex("global", qs(items)),
            ExprKind::Const(x) => ex("const", vec![q(x)]),
            ExprKind::Struct {
                mutable,
                name,
                params,
                supertype,
                fields,
                ctors,
            } => {
                let head = self.type_head(name, params, supertype.as_deref(), depth);
                let mut body = Vec::new();
                for f in fields {
                    body.push(self.line(f.span));
                    let decl = match &f.ty {
                        Some(t) => ex("::", vec![sym(&f.name), q(t)]),
                        None => sym(&f.name),
                    };
                    body.push(match &f.default {
                        Some(v) => ex("=", vec![decl, q(v)]),
                        None => decl,
                    });
                }
                for c in ctors {
                    body.push(self.line(c.span));
                    body.push(q(c));
                }
                ex(
                    "struct",
                    vec![Node::Bool(*mutable), head, ex("block", body)],
                )
            }
            ExprKind::AbstractType {
                name,
                params,
                supertype,
            } => ex(
                "abstract",
                vec![self.type_head(name, params, supertype.as_deref(), depth)],
            ),
            ExprKind::Module { name, body } => {
                let mut items = Vec::new();
                for x in body {
                    items.push(self.line(x.span));
                    items.push(q(x));
                }
                ex(
                    "module",
                    vec![Node::Bool(true), sym(name), ex("block", items)],
                )
            }
            ExprKind::Using(paths) => ex("using", paths.iter().map(import_path).collect()),
            ExprKind::Import(paths) => ex("import", paths.iter().map(import_path).collect()),
            ExprKind::Export(names) => ex("export", names.iter().map(|n| sym(n)).collect()),
            ExprKind::Try {
                body,
                catch_var,
                catch_body,
                finally,
            } => {
                let mut items = vec![
                    self.block(body, depth),
                    catch_var.as_deref().map_or(Node::Bool(false), sym),
                    catch_body
                        .as_ref()
                        .map_or(Node::Bool(false), |b| self.block(b, depth)),
                ];
                if let Some(f) = finally {
                    items.push(self.block(f, depth));
                }
                ex("try", items)
            }
            ExprKind::MacroCall { name, args } => {
                let callee = match name.rsplit_once(".@") {
                    Some((path, m)) => {
                        let mut parts = path.split('.');
                        let mut q = sym(parts.next().unwrap_or_default());
                        for p in parts {
                            q = ex(".", vec![q, Node::Quote(Box::new(sym(p)))]);
                        }
                        ex(".", vec![q, Node::Quote(Box::new(sym(&format!("@{m}"))))])
                    }
                    None => sym(&format!("@{name}")),
                };
                let mut items = vec![callee, self.line(e.span)];
                items.extend(qs(args));
                ex("macrocall", items)
            }
            ExprKind::Where { value, params } => {
                let mut items = vec![q(value)];
                items.extend(self.type_params(params, depth));
                ex("where", items)
            }
            ExprKind::Let { bindings, body } => {
                let head = match bindings.as_slice() {
                    [one] => q(one),
                    many => ex("block", qs(many)),
                };
                ex("let", vec![head, self.block(body, depth)])
            }
            ExprKind::Quote(x) => {
                let inner = self.quote(x, depth + 1);
                ex("quote", vec![inner])
            }
            ExprKind::Quoted(n) => ex("quote", vec![n.as_ref().clone()]),
            ExprKind::Interp { value, splat } if depth == 1 => Node::Interp(value.clone(), *splat),
            ExprKind::Interp { value, splat } => {
                let v = self.quote(value, depth.saturating_sub(1));
                let v = if *splat { ex("...", vec![v]) } else { v };
                ex("$", vec![v])
            }
        }
    }

    /// `[a b]`, `[a; b]`, `[a b; c d]` and their typed forms `T[…]`, which the parser reads
    /// as calls of `hcat`, `vcat`, `hvcat` (`typed_…`) with the callee at the `[`: Julia's
    /// `Expr(:hcat, …)`, `Expr(:vcat, …)` with `Expr(:row, …)` for rows of several elements.
    fn bracket_literal(&self, callee: &Expr, args: &[Arg], depth: u32) -> Option<Node> {
        let ExprKind::Ident(name) = &callee.kind else {
            return None;
        };
        let (typed, kind) = match name.strip_prefix("typed_") {
            Some(k) => (true, k),
            None => (false, name.as_str()),
        };
        if !matches!(kind, "hcat" | "vcat" | "hvcat") || !self.starts_with(callee.span, "[") {
            return None;
        }
        let mut values = Vec::with_capacity(args.len());
        for a in args {
            match a {
                Arg::Pos {
                    value,
                    splat: false,
                } => values.push(value),
                _ => return None,
            }
        }
        let mut items: Vec<Node> = Vec::new();
        if typed {
            items.push(self.quote(values.first()?, depth));
            values.remove(0);
        }
        if kind != "hvcat" {
            items.extend(values.iter().map(|v| self.quote(v, depth)));
            return Some(ex(name, items));
        }
        // `hvcat((2, 2), a, b, c, d)`: the rows' lengths first.
        let ExprKind::Tuple(shape) = &values.first()?.kind else {
            return None;
        };
        let mut rest = values[1..].iter();
        for n in shape {
            let ExprKind::Int(n) = n.kind else {
                return None;
            };
            let row: Vec<Node> = rest
                .by_ref()
                .take(n as usize)
                .map(|v| self.quote(v, depth))
                .collect();
            items.push(if row.len() == 1 {
                row.into_iter().next()?
            } else {
                ex("row", row)
            });
        }
        Some(ex(if typed { "typed_vcat" } else { "vcat" }, items))
    }

    fn arg(&self, a: &Arg, depth: u32) -> Node {
        match a {
            Arg::Pos {
                value,
                splat: false,
            } => self.quote(value, depth),
            Arg::Pos { value, splat: true } => ex("...", vec![self.quote(value, depth)]),
            Arg::Kw { name, value, .. } => ex("kw", vec![sym(name), self.quote(value, depth)]),
            // `f(; kws...)`: splatted keywords are Julia's `parameters`.
            Arg::KwSplat { value } => ex(
                "parameters",
                vec![ex("...", vec![self.quote(value, depth)])],
            ),
        }
    }

    fn block(&self, b: &Block, depth: u32) -> Node {
        let mut items = Vec::with_capacity(2 * b.exprs.len());
        for x in &b.exprs {
            items.push(self.line(x.span));
            items.push(self.quote(x, depth));
        }
        ex("block", items)
    }

    fn if_node(
        &self,
        head: &str,
        cond: &Expr,
        then: &Block,
        else_: Option<&Expr>,
        depth: u32,
    ) -> Node {
        let cond_node = if head == "elseif" {
            ex("block", vec![self.line(cond.span), self.quote(cond, depth)])
        } else {
            self.quote(cond, depth)
        };
        let mut items = vec![cond_node, self.block(then, depth)];
        match else_.map(|x| &x.kind) {
            Some(ExprKind::If { cond, then, else_ }) => {
                items.push(self.if_node("elseif", cond, then, else_.as_deref(), depth))
            }
            Some(ExprKind::Block(b)) => items.push(self.block(b, depth)),
            Some(_) => items.extend(else_.map(|x| self.quote(x, depth))),
            None => {}
        }
        ex(head, items)
    }

    fn param(&self, p: &Param, depth: u32) -> Node {
        let mut n = match (&p.name, &p.ty) {
            (Some(name), None) => sym(name),
            (Some(name), Some(t)) => ex("::", vec![sym(name), self.quote(t, depth)]),
            (None, Some(t)) => ex("::", vec![self.quote(t, depth)]),
            (None, None) => sym("_"),
        };
        if p.vararg {
            n = ex("...", vec![n]);
        }
        if let Some(d) = &p.default {
            n = ex("kw", vec![n, self.quote(d, depth)]);
        }
        n
    }

    fn lambda(&self, l: &Lambda, depth: u32, tuple: bool) -> Node {
        let args = match l.params.as_slice() {
            [p] if !tuple && p.ty.is_none() && !p.vararg && p.default.is_none() => {
                self.param(p, depth)
            }
            ps => ex("tuple", ps.iter().map(|p| self.param(p, depth)).collect()),
        };
        ex("->", vec![args, self.block(&l.body, depth)])
    }

    fn type_params(&self, params: &[(String, Option<Expr>)], depth: u32) -> Vec<Node> {
        params
            .iter()
            .map(|(n, b)| match b {
                Some(b) => ex("<:", vec![sym(n), self.quote(b, depth)]),
                None => sym(n),
            })
            .collect()
    }

    fn type_head(
        &self,
        name: &str,
        params: &[(String, Option<Expr>)],
        supertype: Option<&Expr>,
        depth: u32,
    ) -> Node {
        let mut head = sym(name);
        if !params.is_empty() {
            let mut items = vec![head];
            items.extend(self.type_params(params, depth));
            head = ex("curly", items);
        }
        match supertype {
            Some(s) => ex("<:", vec![head, self.quote(s, depth)]),
            None => head,
        }
    }

    fn function(&self, def: &FunctionDef, span: Span, depth: u32) -> Node {
        let (is_macro, name) = match def.name.name.strip_prefix('@') {
            Some(n) => (true, n),
            None => (false, def.name.name.as_str()),
        };
        let mut callee = match &def.name.interp {
            Some(i) => self.quote(i, depth),
            None => sym(name),
        };
        for q in def.name.qualifier.iter().rev() {
            callee = ex(".", vec![sym(q), Node::Quote(Box::new(callee))]);
        }
        // `(p::P)(x) = …`: the instance is the callee.
        if let Some(object) = &def.object {
            callee = self.param(object, depth);
        }
        let mut items = vec![callee];
        if !def.kwparams.is_empty() {
            items.push(ex(
                "parameters",
                def.kwparams.iter().map(|p| self.param(p, depth)).collect(),
            ));
        }
        let skip = if is_macro { 2 } else { 0 };
        items.extend(def.params.iter().skip(skip).map(|p| self.param(p, depth)));
        let mut sig = ex("call", items);
        if let Some(r) = &def.ret_type {
            sig = ex("::", vec![sig, self.quote(r, depth)]);
        }
        if !def.where_params.is_empty() {
            let mut items = vec![sig];
            items.extend(self.type_params(&def.where_params, depth));
            sig = ex("where", items);
        }
        let body = self.block(&def.body, depth);
        if is_macro {
            ex("macro", vec![sig, body])
        } else if self.starts_with_keyword(span, "function") {
            ex("function", vec![sig, body])
        } else {
            ex("=", vec![sig, body])
        }
    }
}

fn import_path(p: &ImportPath) -> Node {
    let mut path: Vec<Node> = (0..p.dots).map(|_| sym(".")).collect();
    path.extend(p.path.iter().map(|s| sym(s)));
    let module = ex(".", path);
    if p.names.is_empty() {
        module
    } else {
        let mut items = vec![module];
        items.extend(p.names.iter().map(|n| ex(".", vec![sym(n)])));
        ex(":", items)
    }
}

/// A type definition's name, type parameters and supertype.
type TypeHead = (String, Vec<(String, Option<Expr>)>, Option<Box<Expr>>);

/// The reason code built as data cannot be evaluated.
pub type ToAstResult<T> = Result<T, String>;

/// Turns an expression built as data back into syntax. Every node gets `span` (the macro call
/// or `eval` it came from); `Node::Value(i)` becomes a reference to the global
/// `#splice#(base + i)`, which the runtime binds to the value before it lowers the code.
///
/// # Errors
/// A form the language does not have (an unknown head, wrong arity, a keyword argument
/// outside a call), named as Julia prints it.
pub fn to_ast(n: &Node, span: Span, base: u32) -> ToAstResult<Expr> {
    Builder { span, base }.expr(n, 0)
}

struct Builder {
    span: Span,
    base: u32,
}

fn head_str(n: &Node) -> String {
    match n {
        Node::Expr(h, _) => format!("Expr(:{h}, …)"),
        other => format!("{other:?}"),
    }
}

impl Builder {
    fn mk(&self, kind: ExprKind) -> Expr {
        Expr {
            kind,
            span: self.span,
        }
    }

    fn name(&self, n: &Node, what: &str) -> ToAstResult<String> {
        match n {
            Node::Sym(s) => Ok(s.clone()),
            Node::Expr(h, a) if h == "escape" && a.len() == 1 => self.name(&a[0], what),
            _ => Err(format!("expected {what}, got {}", head_str(n))),
        }
    }

    fn block(&self, n: &Node, d: u32) -> ToAstResult<Block> {
        let exprs = match n {
            Node::Expr(h, args) if h == "block" => args
                .iter()
                .filter(|a| !matches!(a, Node::Line(..)))
                .map(|a| self.expr(a, d))
                .collect::<ToAstResult<_>>()?,
            other => vec![self.expr(other, d)?],
        };
        Ok(Block {
            exprs,
            span: self.span,
        })
    }

    fn boxed(&self, n: &Node, d: u32) -> ToAstResult<Box<Expr>> {
        Ok(Box::new(self.expr(n, d)?))
    }

    fn exprs(&self, ns: &[Node], d: u32) -> ToAstResult<Vec<Expr>> {
        ns.iter().map(|n| self.expr(n, d)).collect()
    }

    fn arg(&self, n: &Node, d: u32, out: &mut Vec<Arg>) -> ToAstResult<()> {
        match n {
            Node::Expr(h, a) if h == "kw" && a.len() == 2 => out.push(Arg::Kw {
                name: self.name(&a[0], "a keyword name")?,
                value: self.expr(&a[1], d)?,
                span: self.span,
            }),
            Node::Expr(h, a) if h == "=" && a.len() == 2 && matches!(a[0], Node::Sym(_)) => out
                .push(Arg::Kw {
                    name: self.name(&a[0], "a keyword name")?,
                    value: self.expr(&a[1], d)?,
                    span: self.span,
                }),
            // After `;`: keywords, `kws...` splats, and `name` for `name = name`.
            Node::Expr(h, a) if h == "parameters" => {
                for p in a {
                    match p {
                        Node::Expr(h, x) if h == "..." && x.len() == 1 => out.push(Arg::KwSplat {
                            value: self.expr(&x[0], d)?,
                        }),
                        Node::Sym(s) => out.push(Arg::Kw {
                            name: s.clone(),
                            value: self.mk(ExprKind::Ident(s.clone())),
                            span: self.span,
                        }),
                        other => self.arg(other, d, out)?,
                    }
                }
            }
            Node::Expr(h, a) if h == "..." && a.len() == 1 => out.push(Arg::Pos {
                value: self.expr(&a[0], d)?,
                splat: true,
            }),
            other => out.push(Arg::Pos {
                value: self.expr(other, d)?,
                splat: false,
            }),
        }
        Ok(())
    }

    fn param(&self, n: &Node) -> ToAstResult<Param> {
        let d = 0;
        let plain = |name: Option<String>, ty: Option<Expr>| Param {
            name,
            ty,
            vararg: false,
            default: None,
            span: self.span,
        };
        Ok(match n {
            Node::Sym(s) => plain(Some(s.clone()), None),
            Node::Expr(h, a) if h == "escape" && a.len() == 1 => self.param(&a[0])?,
            Node::Expr(h, a) if h == "::" && a.len() == 2 => plain(
                Some(self.name(&a[0], "a parameter name")?),
                Some(self.expr(&a[1], d)?),
            ),
            Node::Expr(h, a) if h == "::" && a.len() == 1 => {
                plain(None, Some(self.expr(&a[0], d)?))
            }
            Node::Expr(h, a) if h == "..." && a.len() == 1 => Param {
                vararg: true,
                ..self.param(&a[0])?
            },
            Node::Expr(h, a) if (h == "kw" || h == "=") && a.len() == 2 => Param {
                default: Some(self.expr(&a[1], d)?),
                ..self.param(&a[0])?
            },
            other => return Err(format!("expected a parameter, got {}", head_str(other))),
        })
    }

    fn type_params(&self, ns: &[Node]) -> ToAstResult<Vec<(String, Option<Expr>)>> {
        ns.iter()
            .map(|n| match n {
                Node::Expr(h, a) if h == "<:" && a.len() == 2 => Ok((
                    self.name(&a[0], "a type parameter")?,
                    Some(self.expr(&a[1], 0)?),
                )),
                other => Ok((self.name(other, "a type parameter")?, None)),
            })
            .collect()
    }

    /// `name`, `name{T}`, `name <: S`, `name{T} <: S` of a type definition.
    fn type_head(&self, n: &Node) -> ToAstResult<TypeHead> {
        let (n, sup) = match n {
            Node::Expr(h, a) if h == "<:" && a.len() == 2 => (&a[0], Some(self.boxed(&a[1], 0)?)),
            other => (other, None),
        };
        match n {
            Node::Expr(h, a) if h == "curly" && !a.is_empty() => Ok((
                self.name(&a[0], "a type name")?,
                self.type_params(&a[1..])?,
                sup,
            )),
            other => Ok((self.name(other, "a type name")?, Vec::new(), sup)),
        }
    }

    /// A method signature (`f(x)`, `f(x)::R`, `f(x) where T`) with its body.
    fn function(&self, sig: &Node, body: &Node, d: u32, macro_: bool) -> ToAstResult<Expr> {
        let (sig, where_params) = match sig {
            Node::Expr(h, a) if h == "where" && !a.is_empty() => {
                (&a[0], self.type_params(&a[1..])?)
            }
            other => (other, Vec::new()),
        };
        let (sig, ret_type) = match sig {
            Node::Expr(h, a) if h == "::" && a.len() == 2 => (&a[0], Some(self.expr(&a[1], d)?)),
            other => (other, None),
        };
        let Node::Expr(h, items) = sig else {
            return Err(format!(
                "expected a function signature, got {}",
                head_str(sig)
            ));
        };
        if h == "tuple" && !macro_ {
            let params = items
                .iter()
                .map(|p| self.param(p))
                .collect::<ToAstResult<_>>()?;
            return Ok(self.mk(ExprKind::Lambda(Box::new(Lambda {
                params,
                body: self.block(body, d)?,
                span: self.span,
            }))));
        }
        if h != "call" || items.is_empty() {
            return Err(format!(
                "expected a function signature, got {}",
                head_str(sig)
            ));
        }
        let mut qualifier = Vec::new();
        let mut callee = &items[0];
        // `(p::P)(x) = …`: a method calling instances of `P`.
        let object = match callee {
            Node::Expr(h, _) if h == "::" => Some(self.param(callee)?),
            _ => None,
        };
        let name = if object.is_some() {
            String::new()
        } else {
            loop {
                match callee {
                    Node::Expr(h, a) if h == "." && a.len() == 2 => {
                        let mut path = Vec::new();
                        let mut q = &a[0];
                        while let Node::Expr(h, a) = q
                            && h == "."
                            && a.len() == 2
                        {
                            path.push(quoted_name(&a[1])?);
                            q = &a[0];
                        }
                        path.push(self.name(q, "a module name")?);
                        path.reverse();
                        qualifier = path;
                        callee = &a[1];
                    }
                    Node::Quote(inner) => callee = inner,
                    other => break self.name(other, "a function name")?,
                }
            }
        };
        let mut params = Vec::new();
        let mut kwparams = Vec::new();
        for p in &items[1..] {
            match p {
                Node::Expr(h, a) if h == "parameters" => {
                    for k in a {
                        kwparams.push(self.param(k)?);
                    }
                }
                other => params.push(self.param(other)?),
            }
        }
        let name = if macro_ {
            let hidden = |n: &str| Param {
                name: Some(n.to_string()),
                ty: None,
                vararg: false,
                default: None,
                span: self.span,
            };
            params.splice(0..0, [hidden("__source__"), hidden("__module__")]);
            format!("@{name}")
        } else {
            name
        };
        Ok(self.mk(ExprKind::Function(Box::new(FunctionDef {
            name: FuncName {
                qualifier,
                name,
                span: self.span,
                interp: None,
            },
            object,
            params,
            kwparams,
            where_params,
            ret_type,
            body: self.block(body, d)?,
        }))))
    }

    fn import_path(&self, n: &Node) -> ToAstResult<ImportPath> {
        let (module, names) = match n {
            Node::Expr(h, a) if h == ":" && !a.is_empty() => (
                &a[0],
                a[1..]
                    .iter()
                    .map(|x| match x {
                        Node::Expr(h, a) if h == "." && a.len() == 1 => {
                            self.name(&a[0], "an imported name")
                        }
                        other => self.name(other, "an imported name"),
                    })
                    .collect::<ToAstResult<_>>()?,
            ),
            other => (other, Vec::new()),
        };
        let Node::Expr(h, parts) = module else {
            return Err(format!("expected a module path, got {}", head_str(module)));
        };
        if h != "." {
            return Err(format!("expected a module path, got {}", head_str(module)));
        }
        let mut dots = 0;
        let mut path = Vec::new();
        for p in parts {
            let s = self.name(p, "a module name")?;
            if s == "." && path.is_empty() {
                dots += 1;
            } else {
                path.push(s);
            }
        }
        Ok(ImportPath {
            dots,
            path,
            names,
            span: self.span,
        })
    }

    fn expr(&self, n: &Node, d: u32) -> ToAstResult<Expr> {
        if d > MAX_DEPTH {
            return Err("expression is nested too deeply".into());
        }
        let d = d + 1;
        Ok(self.mk(match n {
            Node::Int(i) => ExprKind::Int(*i),
            Node::Int128(i) => ExprKind::Int128(*i),
            Node::BigInt(d) => ExprKind::BigInt(d.as_str().into()),
            Node::UInt { value, bits } => ExprKind::UInt {
                value: *value,
                bits: *bits,
            },
            Node::Float(f) => ExprKind::Float(*f),
            Node::Bool(b) => ExprKind::Bool(*b),
            Node::Char(c) => ExprKind::Char(*c),
            Node::Str(s) => ExprKind::Str(vec![StrPart::Lit(s.clone())]),
            Node::Nothing | Node::Line(..) => ExprKind::Ident("nothing".into()),
            Node::Sym(s) => ExprKind::Ident(s.clone()),
            Node::Quote(inner) => match inner.as_ref() {
                Node::Sym(s) => ExprKind::Symbol(s.clone()),
                // `QuoteNode(x)` evaluates to `x`, never interpolated: built as the
                // `QuoteNode` it is, then its `value`.
                _ => {
                    let mut q = n.clone();
                    renumber(&mut q, self.base);
                    ExprKind::Dot {
                        value: Box::new(self.mk(ExprKind::Quoted(Box::new(q)))),
                        field: "value".into(),
                    }
                }
            },
            Node::Value(i) => {
                ExprKind::Ident(format!("#splice#{}", u64::from(self.base) + u64::from(*i)))
            }
            Node::Interp(x, _) => return Ok(x.as_ref().clone()),
            Node::Expr(head, a) => return self.form(head, a, d),
        }))
    }

    /// `Expr(:vcat, …)`, `Expr(:hcat, …)` and their typed forms: the calls of `vcat`, `hcat`,
    /// `hvcat` the parser makes of `[…]` (rows, `Expr(:row, …)`, make it an `hvcat` with the
    /// rows' lengths first).
    fn bracket_call(&self, head: &str, a: &[Node], d: u32) -> ToAstResult<Expr> {
        let typed = head.starts_with("typed_");
        if typed && a.is_empty() {
            return Err(format!("`Expr(:{head}, …)` needs the element type"));
        }
        let (ty, elems) = if typed {
            (Some(&a[0]), &a[1..])
        } else {
            (None, a)
        };
        let rows = head.ends_with("vcat")
            && elems
                .iter()
                .any(|x| matches!(x, Node::Expr(h, _) if h == "row"));
        let mut args = Vec::new();
        if let Some(t) = ty {
            args.push(self.expr(t, d)?);
        }
        let name = if rows {
            let mut shape = Vec::new();
            let mut items = Vec::new();
            for x in elems {
                match x {
                    Node::Expr(h, r) if h == "row" => {
                        shape.push(self.mk(ExprKind::Int(r.len() as i64)));
                        items.extend(self.exprs(r, d)?);
                    }
                    one => {
                        shape.push(self.mk(ExprKind::Int(1)));
                        items.push(self.expr(one, d)?);
                    }
                }
            }
            args.push(self.mk(ExprKind::Tuple(shape)));
            args.extend(items);
            if typed { "typed_hvcat" } else { "hvcat" }
        } else {
            args.extend(self.exprs(elems, d)?);
            head
        };
        let callee = self.mk(ExprKind::Ident(name.to_string()));
        Ok(Expr::plain_call(callee, args, self.span))
    }

    fn form(&self, head: &str, a: &[Node], d: u32) -> ToAstResult<Expr> {
        let arity = |n: usize| -> ToAstResult<()> {
            if a.len() == n {
                Ok(())
            } else {
                Err(format!(
                    "`Expr(:{head}, …)` takes {n} argument{}, got {}",
                    if n == 1 { "" } else { "s" },
                    a.len()
                ))
            }
        };
        let kind = match head {
            "escape" | "hygienic-scope" if !a.is_empty() => return self.expr(&a[0], d),
            "block" | "toplevel" => ExprKind::Block(self.block(&ex("block", a.to_vec()), d)?),
            "call" if !a.is_empty() => {
                let mut args = Vec::new();
                for x in &a[1..] {
                    self.arg(x, d, &mut args)?;
                }
                // `a .+ b`: a dotted operator is a broadcast of the operator.
                if let Node::Sym(f) = &a[0]
                    && let Some(op) = f.strip_prefix('.')
                    && is_operator_name(op)
                {
                    return Ok(self.mk(ExprKind::DotCall {
                        callee: Box::new(self.mk(ExprKind::Ident(op.to_string()))),
                        args,
                    }));
                }
                ExprKind::Call {
                    callee: self.boxed(&a[0], d)?,
                    args,
                    do_block: None,
                }
            }
            "do" => {
                arity(2)?;
                let mut call = self.expr(&a[0], d)?;
                let lam = match self.expr(&a[1], d)?.kind {
                    ExprKind::Lambda(l) => l,
                    _ => return Err("expected `->` after `do`".into()),
                };
                if let ExprKind::Call { do_block, .. } = &mut call.kind {
                    *do_block = Some(lam);
                    return Ok(call);
                }
                return Err("expected a call before `do`".into());
            }
            "." if a.len() == 2 && matches!(&a[1], Node::Expr(h, _) if h == "tuple") => {
                let mut args = Vec::new();
                if let Node::Expr(_, items) = &a[1] {
                    for x in items {
                        self.arg(x, d, &mut args)?;
                    }
                }
                ExprKind::DotCall {
                    callee: self.boxed(&a[0], d)?,
                    args,
                }
            }
            "." if a.len() == 2 => match &a[1] {
                Node::Quote(f) => ExprKind::Dot {
                    value: self.boxed(&a[0], d)?,
                    field: self.name(f, "a field name")?,
                },
                Node::Sym(f) => ExprKind::Dot {
                    value: self.boxed(&a[0], d)?,
                    field: f.clone(),
                },
                _ => return Err("broadcasting (`f.(x)`) is not supported yet".into()),
            },
            "ref" if !a.is_empty() => ExprKind::Index {
                value: self.boxed(&a[0], d)?,
                indices: self.exprs(&a[1..], d)?,
            },
            "curly" if !a.is_empty() => ExprKind::Curly {
                callee: self.boxed(&a[0], d)?,
                params: self.exprs(&a[1..], d)?,
            },
            "=" => {
                arity(2)?;
                if is_signature(&a[0]) {
                    return self.function(&a[0], &a[1], d, false);
                }
                ExprKind::Assign {
                    lhs: self.boxed(&a[0], d)?,
                    rhs: self.boxed(&a[1], d)?,
                }
            }
            "function" if a.len() == 2 => return self.function(&a[0], &a[1], d, false),
            "function" if a.len() == 1 => ExprKind::FunctionDecl(FuncName {
                qualifier: Vec::new(),
                name: self.name(&a[0], "a function name")?,
                span: self.span,
                interp: None,
            }),
            "macro" => {
                arity(2)?;
                return self.function(&a[0], &a[1], d, true);
            }
            "->" => {
                arity(2)?;
                let params = match &a[0] {
                    Node::Expr(h, ps) if h == "tuple" => ps
                        .iter()
                        .map(|p| self.param(p))
                        .collect::<ToAstResult<_>>()?,
                    one => vec![self.param(one)?],
                };
                ExprKind::Lambda(Box::new(Lambda {
                    params,
                    body: self.block(&a[1], d)?,
                    span: self.span,
                }))
            }
            "&&" => {
                arity(2)?;
                ExprKind::And(self.boxed(&a[0], d)?, self.boxed(&a[1], d)?)
            }
            "||" => {
                arity(2)?;
                ExprKind::Or(self.boxed(&a[0], d)?, self.boxed(&a[1], d)?)
            }
            "comparison" if a.len() >= 3 && a.len() % 2 == 1 => {
                let mut operands = Vec::new();
                let mut ops = Vec::new();
                for (i, x) in a.iter().enumerate() {
                    if i % 2 == 0 {
                        operands.push(self.expr(x, d)?);
                    } else {
                        ops.push(self.name(x, "a comparison operator")?);
                    }
                }
                ExprKind::Comparison { operands, ops }
            }
            "::" => {
                arity(2)?;
                ExprKind::TypeAssert {
                    value: self.boxed(&a[0], d)?,
                    ty: self.boxed(&a[1], d)?,
                }
            }
            "if" | "elseif" if a.len() == 2 || a.len() == 3 => {
                // `elseif`'s condition is a block holding its line and the condition.
                let cond = match &a[0] {
                    Node::Expr(h, c) if h == "block" => {
                        let mut c = c.iter().filter(|x| !matches!(x, Node::Line(..)));
                        match (c.next(), c.next()) {
                            (Some(one), None) => self.expr(one, d)?,
                            _ => self.expr(&a[0], d)?,
                        }
                    }
                    other => self.expr(other, d)?,
                };
                let then = self.block(&a[1], d)?;
                let else_ = match a.get(2) {
                    Some(n @ Node::Expr(h, _)) if h == "elseif" => Some(self.boxed(n, d)?),
                    Some(n @ Node::Expr(h, _)) if h == "block" => {
                        Some(Box::new(self.mk(ExprKind::Block(self.block(n, d)?))))
                    }
                    Some(n) => Some(self.boxed(n, d)?),
                    None => None,
                };
                ExprKind::If {
                    cond: Box::new(cond),
                    then,
                    else_,
                }
            }
            "while" => {
                arity(2)?;
                ExprKind::While {
                    cond: self.boxed(&a[0], d)?,
                    body: self.block(&a[1], d)?,
                }
            }
            "for" => {
                arity(2)?;
                let heads: Vec<&Node> = match &a[0] {
                    Node::Expr(h, hs) if h == "block" => {
                        hs.iter().filter(|x| !matches!(x, Node::Line(..))).collect()
                    }
                    one => vec![one],
                };
                let mut body = self.block(&a[1], d)?;
                for (i, h) in heads.iter().enumerate().rev() {
                    let Node::Expr(hd, va) = h else {
                        return Err("expected `var = iter` in `for`".into());
                    };
                    if !(hd == "=" || hd == "in" || hd == "∈") || va.len() != 2 {
                        return Err("expected `var = iter` in `for`".into());
                    }
                    let e = ExprKind::For {
                        var: self.boxed(&va[0], d)?,
                        iter: self.boxed(&va[1], d)?,
                        body,
                    };
                    if i == 0 {
                        return Ok(self.mk(e));
                    }
                    body = Block {
                        exprs: vec![self.mk(e)],
                        span: self.span,
                    };
                }
                return Err("expected `var = iter` in `for`".into());
            }
            "tuple" if matches!(a, [Node::Expr(h, _)] if h == "parameters") => {
                let mut args = Vec::new();
                self.arg(&a[0], d, &mut args)?;
                ExprKind::NamedTuple(args)
            }
            "tuple" if !a.is_empty() && a.iter().all(is_named_entry) => {
                let mut args = Vec::new();
                for x in a {
                    if let Node::Expr(_, kv) = x {
                        self.arg(&ex("kw", kv.clone()), d, &mut args)?;
                    }
                }
                ExprKind::NamedTuple(args)
            }
            "tuple" => ExprKind::Tuple(self.exprs(a, d)?),
            ".&&" | ".||" => {
                arity(2)?;
                let mut args = Vec::new();
                for x in a {
                    self.arg(x, d, &mut args)?;
                }
                ExprKind::DotCall {
                    callee: Box::new(self.mk(ExprKind::Ident(head[1..].to_string()))),
                    args,
                }
            }
            op if op.len() >= 2
                && op.starts_with('.')
                && op.ends_with('=')
                && (op == ".=" || is_op_assign(&op[1..])) =>
            {
                arity(2)?;
                let inner = &op[1..op.len() - 1];
                ExprKind::DotAssign {
                    op: (!inner.is_empty()).then(|| inner.to_string()),
                    lhs: self.boxed(&a[0], d)?,
                    rhs: self.boxed(&a[1], d)?,
                }
            }
            "vect" => ExprKind::Vect(self.exprs(a, d)?),
            "hcat" | "vcat" | "typed_hcat" | "typed_vcat" => return self.bracket_call(head, a, d),
            "return" => ExprKind::Return(match a {
                [] | [Node::Nothing] => None,
                [x] => Some(self.boxed(x, d)?),
                _ => return Err("`Expr(:return, …)` takes one argument".into()),
            }),
            "break" => ExprKind::Break,
            "continue" => ExprKind::Continue,
            "local" => ExprKind::Local(self.exprs(a, d)?),
            "global" => ExprKind::Global(self.exprs(a, d)?),
            "const" => {
                arity(1)?;
                ExprKind::Const(self.boxed(&a[0], d)?)
            }
            "struct" => {
                arity(3)?;
                let Node::Bool(mutable) = a[0] else {
                    return Err("expected `true` or `false` first in `Expr(:struct, …)`".into());
                };
                let (name, params, supertype) = self.type_head(&a[1])?;
                let mut fields = Vec::new();
                let mut ctors = Vec::new();
                let body = match &a[2] {
                    Node::Expr(h, b) if h == "block" => b.as_slice(),
                    other => std::slice::from_ref(other),
                };
                for f in body {
                    // `a::Int = 1`: a field with a default (for `@kwdef`).
                    let (f, default) = match f {
                        Node::Expr(h, x)
                            if h == "="
                                && x.len() == 2
                                && (matches!(&x[0], Node::Sym(_))
                                    || matches!(&x[0], Node::Expr(hh, y) if hh == "::" && y.len() == 2)) =>
                        {
                            (&x[0], Some(self.boxed(&x[1], d)?))
                        }
                        other => (other, None),
                    };
                    match f {
                        Node::Line(..) => {}
                        Node::Sym(s) => fields.push(FieldDecl {
                            name: s.clone(),
                            ty: None,
                            default,
                            span: self.span,
                        }),
                        Node::Expr(h, x) if h == "::" && x.len() == 2 => fields.push(FieldDecl {
                            name: self.name(&x[0], "a field name")?,
                            ty: Some(self.expr(&x[1], d)?),
                            default,
                            span: self.span,
                        }),
                        other => ctors.push(self.expr(other, d)?),
                    }
                }
                ExprKind::Struct {
                    mutable,
                    name,
                    params,
                    supertype,
                    fields,
                    ctors,
                }
            }
            "abstract" => {
                arity(1)?;
                let (name, params, supertype) = self.type_head(&a[0])?;
                ExprKind::AbstractType {
                    name,
                    params,
                    supertype,
                }
            }
            "module" => {
                arity(3)?;
                let name = self.name(&a[1], "a module name")?;
                let body = match &a[2] {
                    Node::Expr(h, b) if h == "block" => b
                        .iter()
                        .filter(|x| !matches!(x, Node::Line(..)))
                        .map(|x| self.expr(x, d))
                        .collect::<ToAstResult<_>>()?,
                    other => vec![self.expr(other, d)?],
                };
                ExprKind::Module { name, body }
            }
            "using" => ExprKind::Using(
                a.iter()
                    .map(|p| self.import_path(p))
                    .collect::<ToAstResult<_>>()?,
            ),
            "import" => ExprKind::Import(
                a.iter()
                    .map(|p| self.import_path(p))
                    .collect::<ToAstResult<_>>()?,
            ),
            "export" => ExprKind::Export(
                a.iter()
                    .map(|n| self.name(n, "an exported name"))
                    .collect::<ToAstResult<_>>()?,
            ),
            "try" if (3..=4).contains(&a.len()) => ExprKind::Try {
                body: self.block(&a[0], d)?,
                catch_var: match &a[1] {
                    Node::Bool(false) => None,
                    n => Some(self.name(n, "a variable name after `catch`")?),
                },
                catch_body: match &a[2] {
                    Node::Bool(false) => None,
                    n => Some(self.block(n, d)?),
                },
                finally: match a.get(3) {
                    None | Some(Node::Bool(false)) => None,
                    Some(n) => Some(self.block(n, d)?),
                },
            },
            "macrocall" if !a.is_empty() => {
                let (qualifier, name) = match &a[0] {
                    Node::Sym(s) => (String::new(), s.clone()),
                    Node::Expr(h, x) if h == "." && x.len() == 2 => {
                        (format!("{}.", dotted(&x[0])?), quoted_name(&x[1])?)
                    }
                    other => return Err(format!("expected a macro name, got {}", head_str(other))),
                };
                let Some(name) = name.strip_prefix('@') else {
                    return Err(format!("expected a macro name, got `{name}`"));
                };
                let name = if qualifier.is_empty() {
                    name.to_string()
                } else {
                    format!("{qualifier}@{name}")
                };
                let args = a[1..]
                    .iter()
                    .skip(usize::from(matches!(
                        a.get(1),
                        Some(Node::Line(..) | Node::Nothing)
                    )))
                    .map(|x| self.expr(x, d))
                    .collect::<ToAstResult<_>>()?;
                ExprKind::MacroCall { name, args }
            }
            "where" if !a.is_empty() => ExprKind::Where {
                value: self.boxed(&a[0], d)?,
                params: self.type_params(&a[1..])?,
            },
            "let" => {
                arity(2)?;
                let bindings = match &a[0] {
                    Node::Expr(h, b) if h == "block" => b
                        .iter()
                        .filter(|x| !matches!(x, Node::Line(..)))
                        .map(|x| self.expr(x, d))
                        .collect::<ToAstResult<_>>()?,
                    one => vec![self.expr(one, d)?],
                };
                ExprKind::Let {
                    bindings,
                    body: self.block(&a[1], d)?,
                }
            }
            "quote" => {
                arity(1)?;
                let mut inner = a[0].clone();
                renumber(&mut inner, self.base);
                ExprKind::Quoted(Box::new(inner))
            }
            "$" => {
                arity(1)?;
                match &a[0] {
                    Node::Expr(h, x) if h == "..." && x.len() == 1 => ExprKind::Interp {
                        value: self.boxed(&x[0], d)?,
                        splat: true,
                    },
                    x => ExprKind::Interp {
                        value: self.boxed(x, d)?,
                        splat: false,
                    },
                }
            }
            "string" => ExprKind::Str(
                a.iter()
                    .map(|x| match x {
                        Node::Str(s) => Ok(StrPart::Lit(s.clone())),
                        other => Ok(StrPart::Interp(self.expr(other, d)?)),
                    })
                    .collect::<ToAstResult<_>>()?,
            ),
            "kw" => return Err("keyword argument `Expr(:kw, …)` outside a call".into()),
            "..." => return Err("splatting (`xs...`) is only supported in call arguments".into()),
            op if op.len() > 1 && op.ends_with('=') && is_op_assign(op) => {
                arity(2)?;
                ExprKind::OpAssign {
                    op: op[..op.len() - 1].to_string(),
                    lhs: self.boxed(&a[0], d)?,
                    rhs: self.boxed(&a[1], d)?,
                }
            }
            other => {
                return Err(format!(
                    "unsupported expression head `:{other}` with {} argument{}",
                    a.len(),
                    if a.len() == 1 { "" } else { "s" }
                ));
            }
        };
        Ok(self.mk(kind))
    }
}

/// Makes the embedded values of `n` count from `base` (so `to_ast(…, 0)` names them right).
fn renumber(n: &mut Node, base: u32) {
    match n {
        Node::Value(i) => *i += base,
        Node::Expr(_, args) => args.iter_mut().for_each(|a| renumber(a, base)),
        Node::Quote(x) => renumber(x, base),
        _ => {}
    }
}

/// Calls `f` on what quoted code at quote depth `depth` interpolates (`Expr(:$, x)` at depth
/// 1), as syntax.
pub fn interpolations(n: &Node, depth: u32, f: &mut dyn FnMut(&Expr)) {
    match n {
        Node::Expr(h, a) if h == "$" && a.len() == 1 && depth <= 1 => {
            let x = match &a[0] {
                Node::Expr(h, s) if h == "..." && s.len() == 1 => &s[0],
                x => x,
            };
            if let Ok(e) = to_ast(x, Span::default(), 0) {
                f(&e)
            }
        }
        Node::Expr(h, a) if h == "$" => a.iter().for_each(|x| interpolations(x, depth - 1, f)),
        Node::Expr(h, a) if h == "quote" => a.iter().for_each(|x| interpolations(x, depth + 1, f)),
        Node::Expr(_, a) => a.iter().for_each(|x| interpolations(x, depth, f)),
        _ => {}
    }
}

/// `A.B.C` written as a module path.
fn dotted(n: &Node) -> ToAstResult<String> {
    match n {
        Node::Sym(s) => Ok(s.clone()),
        Node::Expr(h, a) if h == "." && a.len() == 2 => {
            Ok(format!("{}.{}", dotted(&a[0])?, quoted_name(&a[1])?))
        }
        other => Err(format!("expected a module path, got {}", head_str(other))),
    }
}

fn quoted_name(n: &Node) -> ToAstResult<String> {
    match n {
        Node::Quote(inner) => quoted_name(inner),
        Node::Sym(s) => Ok(s.clone()),
        other => Err(format!("expected a name, got {}", head_str(other))),
    }
}

/// Whether `name` is an operator (`+`, `==`, `&&`, `√`) rather than an identifier.
fn is_operator_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| !(c.is_alphanumeric() || c == '_' || c == '@' || c == '#'))
}

/// A `name = value` entry of a named tuple.
fn is_named_entry(n: &Node) -> bool {
    matches!(n, Node::Expr(h, kv) if h == "=" && matches!(kv.as_slice(), [Node::Sym(_), _]))
}

fn is_op_assign(op: &str) -> bool {
    matches!(
        op,
        "+=" | "-="
            | "*="
            | "/="
            | "\\="
            | "^="
            | "%="
            | "|="
            | "&="
            | "÷="
            | "⊻="
            | "<<="
            | ">>="
            | ">>>="
            | "//="
    )
}

/// Whether the left side of `=` is a method signature (`f(x)`, `f(x)::T`, `f(x) where T`).
fn is_signature(n: &Node) -> bool {
    match n {
        Node::Expr(h, a) if h == "call" => !a.is_empty(),
        Node::Expr(h, a) if (h == "where" || h == "::") && !a.is_empty() => is_signature(&a[0]),
        Node::Expr(h, a) if h == "escape" && a.len() == 1 => is_signature(&a[0]),
        _ => false,
    }
}

/// Macro hygiene, as Julia applies it to a macro's result: variables the macro's own code
/// assigns (or declares `local`, or takes as parameters, or loops over) are renamed to fresh
/// `#N#name` symbols, so they cannot clash with the caller's; the other names it uses are
/// qualified with the macro's module (`macro_module`, a path from a root module; `None` when
/// it is the caller's own) so they mean what they meant where the macro was defined. Code
/// wrapped in `esc` is the caller's and is left alone (the `escape` removed).
pub fn hygiene(n: Node, macro_module: Option<&[String]>, counter: &mut u32) -> Node {
    let mut locals = FxHashSet::default();
    let mut globals = FxHashSet::default();
    collect_locals(&n, &mut locals, &mut globals, 0);
    for g in &globals {
        locals.remove(g);
    }
    let mut renamed = FxHashMap::default();
    let mut locals: Vec<String> = locals.into_iter().collect();
    locals.sort();
    for l in locals {
        *counter += 1;
        renamed.insert(l.clone(), format!("#{}#{l}", counter));
    }
    let mut h = Hygiene {
        renamed,
        module: macro_module,
    };
    h.rename(n, 0)
}

struct Hygiene<'a> {
    renamed: FxHashMap<String, String>,
    module: Option<&'a [String]>,
}

/// Names that are not variables of any module (or mean the same everywhere).
fn is_special(s: &str) -> bool {
    matches!(
        s,
        "end" | "begin" | "nothing" | "new" | "__source__" | "__module__" | "_" | "Core" | "Base"
    ) || s.starts_with('#')
        || s.starts_with('@')
}

fn collect_targets(n: &Node, out: &mut FxHashSet<String>) {
    match n {
        Node::Sym(s) => {
            out.insert(s.clone());
        }
        Node::Expr(h, a) if h == "tuple" || h == "parameters" => {
            a.iter().for_each(|x| collect_targets(x, out))
        }
        Node::Expr(h, a) if (h == "::" || h == "..." || h == "kw" || h == "=") && !a.is_empty() => {
            if h == "::" && a.len() == 1 {
                return;
            }
            collect_targets(&a[0], out)
        }
        _ => {}
    }
}

fn collect_params(sig: &Node, out: &mut FxHashSet<String>) {
    match sig {
        Node::Expr(h, a) if (h == "where" || h == "::") && !a.is_empty() => {
            collect_params(&a[0], out)
        }
        Node::Expr(h, a) if h == "call" => a.iter().skip(1).for_each(|p| collect_targets(p, out)),
        Node::Expr(h, a) if h == "tuple" => a.iter().for_each(|p| collect_targets(p, out)),
        other => collect_targets(other, out),
    }
}

fn collect_locals(n: &Node, out: &mut FxHashSet<String>, globals: &mut FxHashSet<String>, d: u32) {
    if d > MAX_DEPTH {
        return;
    }
    let Node::Expr(h, a) = n else { return };
    match h.as_str() {
        "escape" | "quote" | "struct" | "module" | "abstract" | "using" | "import" | "export" => {
            return;
        }
        "=" if a.len() == 2 && is_signature(&a[0]) => collect_params(&a[0], out),
        "=" if a.len() == 2 => collect_targets(&a[0], out),
        "function" | "->" if !a.is_empty() => collect_params(&a[0], out),
        "local" => a.iter().for_each(|x| collect_targets(x, out)),
        "global" => a.iter().for_each(|x| collect_targets(x, globals)),
        "for" if !a.is_empty() => match &a[0] {
            Node::Expr(hh, vs) if hh == "=" && !vs.is_empty() => collect_targets(&vs[0], out),
            Node::Expr(hh, hs) if hh == "block" => {
                for x in hs {
                    if let Node::Expr(_, vs) = x
                        && !vs.is_empty()
                    {
                        collect_targets(&vs[0], out);
                    }
                }
            }
            _ => {}
        },
        "try" if a.len() >= 2 => {
            if let Node::Sym(s) = &a[1] {
                out.insert(s.clone());
            }
        }
        op if op.len() > 1 && is_op_assign(op) && !a.is_empty() => collect_targets(&a[0], out),
        _ => {}
    }
    for x in a {
        collect_locals(x, out, globals, d + 1);
    }
}

impl Hygiene<'_> {
    fn name(&self, s: String) -> Node {
        if let Some(r) = self.renamed.get(&s) {
            return Node::Sym(r.clone());
        }
        match self.module {
            Some(path) if !is_special(&s) && !path.is_empty() => {
                let mut m = sym(&path[0]);
                for p in &path[1..] {
                    m = ex(".", vec![m, Node::Quote(Box::new(sym(p)))]);
                }
                ex(".", vec![m, Node::Quote(Box::new(Node::Sym(s)))])
            }
            _ => Node::Sym(s),
        }
    }

    /// A name being defined or declared (not a reference): renamed if local, never qualified.
    fn target(&mut self, n: Node, d: u32) -> Node {
        match n {
            Node::Sym(s) => Node::Sym(self.renamed.get(&s).cloned().unwrap_or(s)),
            other => self.rename(other, d),
        }
    }

    fn rename(&mut self, n: Node, d: u32) -> Node {
        if d > MAX_DEPTH {
            return n;
        }
        let d = d + 1;
        match n {
            Node::Sym(s) => self.name(s),
            Node::Expr(h, mut a) => {
                match h.as_str() {
                    "escape" if a.len() == 1 => return a.pop().expect("one argument"),
                    "quote" | "struct" | "module" | "abstract" | "using" | "import" | "export" => {
                        return Node::Expr(h, a);
                    }
                    "macrocall" => {
                        let mut it = a.into_iter();
                        let mut out: Vec<Node> = it.by_ref().take(2).collect();
                        out.extend(it.map(|x| self.rename(x, d)));
                        return Node::Expr(h, out);
                    }
                    "kw" if a.len() == 2 => {
                        let v = a.pop().expect("two arguments");
                        let k = a.pop().expect("two arguments");
                        let k = self.target(k, d);
                        return Node::Expr(h, vec![k, self.rename(v, d)]);
                    }
                    "::" if a.len() == 2 => {
                        let t = a.pop().expect("two arguments");
                        let v = a.pop().expect("two arguments");
                        return Node::Expr(h, vec![self.target(v, d), self.rename(t, d)]);
                    }
                    "=" if a.len() == 2 && is_signature(&a[0]) => {
                        let body = a.pop().expect("two arguments");
                        let sig = a.pop().expect("two arguments");
                        return Node::Expr(h, vec![self.signature(sig, d), self.rename(body, d)]);
                    }
                    "local" | "global" | "=" | "for" | "tuple" | "..." => {
                        let mut it = a.into_iter();
                        let mut out = Vec::new();
                        if let Some(first) = it.next() {
                            out.push(if h == "tuple" || h == "..." {
                                self.rename(first, d)
                            } else {
                                self.target(first, d)
                            });
                        }
                        out.extend(it.map(|x| self.rename(x, d)));
                        return Node::Expr(h, out);
                    }
                    "call" if !a.is_empty() => {}
                    "function" | "->" if !a.is_empty() => {
                        let body: Vec<Node> = a.drain(1..).map(|x| self.rename(x, d)).collect();
                        let sig = a.pop().expect("a signature");
                        let mut out = vec![self.signature(sig, d)];
                        out.extend(body);
                        return Node::Expr(h, out);
                    }
                    _ => {}
                }
                Node::Expr(h, a.into_iter().map(|x| self.rename(x, d)).collect())
            }
            other => other,
        }
    }

    /// A method signature or lambda's parameters: the function's name stays as written (the
    /// method is the caller's, as in Julia's top-level definitions), parameters are targets.
    fn signature(&mut self, n: Node, d: u32) -> Node {
        match n {
            Node::Expr(h, mut a) if (h == "where" || h == "::") && !a.is_empty() => {
                let rest: Vec<Node> = a.drain(1..).map(|x| self.rename(x, d)).collect();
                let first = a.pop().expect("a signature");
                let mut out = vec![self.signature(first, d)];
                out.extend(rest);
                Node::Expr(h, out)
            }
            Node::Expr(h, a) if h == "call" => {
                let mut it = a.into_iter();
                let mut out: Vec<Node> = it.by_ref().take(1).collect();
                out.extend(it.map(|p| self.param(p, d)));
                Node::Expr(h, out)
            }
            Node::Expr(h, a) if h == "tuple" => {
                Node::Expr(h, a.into_iter().map(|p| self.param(p, d)).collect())
            }
            other => self.param(other, d),
        }
    }

    fn param(&mut self, n: Node, d: u32) -> Node {
        match n {
            Node::Expr(h, mut a) if (h == "kw" || h == "=") && a.len() == 2 => {
                let v = a.pop().expect("two arguments");
                let p = a.pop().expect("two arguments");
                Node::Expr(h, vec![self.param(p, d), self.rename(v, d)])
            }
            Node::Expr(h, a) if h == "..." || h == "parameters" => {
                Node::Expr(h, a.into_iter().map(|p| self.param(p, d)).collect())
            }
            Node::Expr(h, a) if h == "escape" && a.len() == 1 => {
                a.into_iter().next().expect("one argument")
            }
            other => self.target(other, d),
        }
    }
}
