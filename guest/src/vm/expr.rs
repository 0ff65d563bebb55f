//! Code as data at run time: `Expr`, `QuoteNode` and `LineNumberNode` values, their conversion
//! to and from `syntax::expr::Node`, their builtins (`Expr(…)`, `gensym`, `Meta.parse`) and
//! their printing as Julia's `show`/`print` write them (`:(a + b)`, `quote … end`).

use super::show::{self, show_to};
use super::{JlError, JlResult, Runtime};
use crate::symbol::Sym;
use crate::syntax::expr::Node;
use crate::syntax::lexer::{is_ident_continue, is_ident_start};
use crate::value::Value;

/// How deep a value may nest while it is converted to syntax or printed.
const MAX_DEPTH: u32 = crate::syntax::expr::MAX_DEPTH;

impl Runtime {
    /// A new `Expr(head, args...)`.
    pub fn new_expr(&mut self, head: Sym, args: Vec<Value>) -> Value {
        let any = self.world.types.b.any;
        Value::new_mutable_struct(
            self.world.ast.expr,
            vec![Value::Symbol(head), Value::vector(any, args)],
        )
    }

    /// The value of code as data.
    pub fn node_value(&mut self, n: &Node, embedded: &[Value]) -> Value {
        let ast = self.world.ast;
        match n {
            Node::Expr(head, args) => {
                let args = args.iter().map(|a| self.node_value(a, embedded)).collect();
                self.new_expr(Sym::new(head), args)
            }
            Node::Sym(s) => Value::Symbol(Sym::new(s)),
            Node::Int(i) => Value::Int(*i),
            Node::Int128(i) => {
                Value::from_const(&crate::lower::ir::Const::Int128(*i), &self.world.types)
            }
            Node::BigInt(d) => Value::from_const(
                &crate::lower::ir::Const::BigInt(d.as_str().into()),
                &self.world.types,
            ),
            Node::UInt { value, bits } => match self.world.types.uint_of_bits(*bits) {
                Some(t) => Value::from_bits(&self.world.types, t, value.get())
                    .unwrap_or(Value::Int(value.get() as i64)),
                None => Value::Int(value.get() as i64),
            },
            Node::Float(f) => Value::Float(*f),
            Node::Bool(b) => Value::Bool(*b),
            Node::Char(c) => Value::Char(*c),
            Node::Str(s) => Value::str(s),
            Node::Nothing => Value::Nothing,
            Node::Quote(x) => {
                let v = self.node_value(x, embedded);
                Value::new_struct(ast.quote_node, vec![v])
            }
            Node::Line(line, file) => Value::new_struct(
                ast.line_node,
                vec![
                    Value::Int(i64::from(*line)),
                    file.as_deref()
                        .map_or(Value::Nothing, |f| Value::Symbol(Sym::new(f))),
                ],
            ),
            Node::Value(i) => embedded.get(*i as usize).cloned().unwrap_or(Value::Nothing),
            // Only quotes being lowered hold interpolations; as data, `$x` is `Expr(:$, x)`.
            Node::Interp(..) => Value::Nothing,
        }
    }

    /// A value as code: an `Expr` and its contents as syntax, any other value as the literal it
    /// is or, when it has no syntax (a vector, a function object), as an entry of `embedded`.
    ///
    /// # Errors
    /// A structure nested too deeply (or containing itself).
    pub fn value_node(&mut self, v: &Value, embedded: &mut Vec<Value>) -> JlResult<Node> {
        self.value_node_at(v, embedded, 0)
    }

    fn value_node_at(&mut self, v: &Value, embedded: &mut Vec<Value>, d: u32) -> JlResult<Node> {
        if d > MAX_DEPTH {
            return Err(
                self.error_exception("expression is nested too deeply (or contains itself)")
            );
        }
        let ast = self.world.ast;
        Ok(match v {
            Value::Symbol(s) => Node::Sym(s.to_string()),
            Value::Int(i) => Node::Int(*i),
            Value::Float(f) => Node::Float(*f),
            Value::Bool(b) => Node::Bool(*b),
            Value::Char(c) => Node::Char(*c),
            Value::Str(s) => Node::Str(s.to_string()),
            Value::Nothing => Node::Nothing,
            Value::Struct(s) if s.ty == ast.expr => {
                let fields = s.fields.borrow().clone();
                let head = match &fields[0] {
                    Value::Symbol(h) => h.to_string(),
                    _ => return Err(self.error_exception("an `Expr`'s head must be a Symbol")),
                };
                let items = match &fields[1] {
                    Value::Array(items) => items.items.borrow().clone(),
                    _ => Vec::new(),
                };
                let mut args = Vec::with_capacity(items.len());
                for a in &items {
                    args.push(self.value_node_at(a, embedded, d + 1)?);
                }
                Node::Expr(head, args)
            }
            Value::Struct(s) if s.ty == ast.quote_node => {
                let x = s.fields.borrow()[0].clone();
                Node::Quote(Box::new(self.value_node_at(&x, embedded, d + 1)?))
            }
            Value::Struct(s) if s.ty == ast.line_node => {
                let f = s.fields.borrow();
                let line = match f[0] {
                    Value::Int(l) => u32::try_from(l).unwrap_or(0),
                    _ => 0,
                };
                let file = match &f[1] {
                    Value::Symbol(s) => Some(s.to_string()),
                    Value::Str(s) => Some(s.to_string()),
                    _ => None,
                };
                Node::Line(line, file)
            }
            other => {
                embedded.push(other.clone());
                Node::Value(embedded.len() as u32 - 1)
            }
        })
    }

    /// `gensym(name)`: a symbol no one else has, `##name#N`.
    pub fn gensym(&mut self, name: &str) -> Sym {
        self.gensyms += 1;
        Sym::new(&format!("##{name}#{}", self.gensyms))
    }
}

pub fn install(rt: &mut Runtime) {
    let b = rt.world.types.b;
    let (core, base) = (rt.world.core, rt.world.base);
    let any = b.any;
    let ast = rt.world.ast;
    let make_expr: super::builtins::BuiltinFn = |rt, a| {
        let Value::Symbol(head) = a[0] else {
            let got = a[0].clone();
            let sym = rt.world.types.b.symbol;
            return Err(rt.type_error("Expr", sym, &got));
        };
        let args = a.drain(1..).collect();
        Ok(rt.new_expr(head, args))
    };
    super::builtins::def(rt, core, "#expr", &[any], Some(any), make_expr);
    super::builtins::def_ctor(rt, ast.expr, &[any], Some(any), make_expr);
    super::builtins::def_ctor(rt, ast.quote_node, &[any], None, |rt, a| {
        Ok(Value::new_struct(
            rt.world.ast.quote_node,
            vec![a[0].clone()],
        ))
    });
    super::builtins::def(rt, core, "#quotenode", &[any], None, |rt, a| {
        Ok(Value::new_struct(
            rt.world.ast.quote_node,
            vec![a[0].clone()],
        ))
    });
    let line_node: super::builtins::BuiltinFn = |rt, a| {
        let file = a.get(1).cloned().unwrap_or(Value::Nothing);
        Ok(Value::new_struct(
            rt.world.ast.line_node,
            vec![a[0].clone(), file],
        ))
    };
    super::builtins::def(rt, core, "#linenode", &[b.int64, any], None, line_node);
    super::builtins::def_ctor(rt, ast.line_node, &[b.int64], None, line_node);
    super::builtins::def_ctor(rt, ast.line_node, &[b.int64, any], None, line_node);
    super::builtins::def(rt, base, "gensym", &[], None, |rt, _| {
        Ok(Value::Symbol(rt.gensym("")))
    });
    super::builtins::def(rt, base, "gensym", &[any], None, |rt, a| {
        let mut s = String::new();
        show::print_to(rt, &a[0], &mut s)?;
        Ok(Value::Symbol(rt.gensym(&s)))
    });
    // Julia's `sprint(show_unquoted, ex)`: code as it reads (`x + 1`, `x`, `"s"`).
    super::builtins::def(rt, base, "_unquoted", &[any], None, |rt, a| {
        let mut s = String::new();
        match &a[0] {
            Value::Symbol(_) => show::print_to(rt, &a[0], &mut s)?,
            v if print_code(rt, v, &mut s)? => {}
            v => show_to(rt, v, &mut s, false)?,
        }
        Ok(Value::str(&s))
    });
    // `Meta.parse(str)`: the expression the text holds, as data.
    super::builtins::def(
        rt,
        base,
        "_parse_expr",
        &[b.abstract_string],
        None,
        |rt, a| {
            let Value::Str(text) = &a[0] else {
                return Err(rt.error_exception("Meta.parse expects a String"));
            };
            let text = text.clone();
            let parsed = crate::syntax::parse(&text);
            if let Some(e) = parsed.errors.first() {
                let lines = crate::syntax::LineIndex::new(&text);
                let (line, col) = lines.line_col(&text, e.span.start);
                let msg = format!("ParseError: {} (at line {line}, column {col})", e.message);
                let t = rt.world.exc.error;
                return Err(JlError::new(Value::new_struct(t, vec![Value::str(&msg)])));
            }
            let lines = crate::syntax::LineIndex::new(&text);
            let src = crate::syntax::expr::Source {
                text: &text,
                lines: &lines,
                file: "none",
            };
            let node = match parsed.exprs.as_slice() {
                [] => Node::Nothing,
                [one] => src.quote(one, 0),
                many => Node::Expr(
                    "toplevel".into(),
                    many.iter()
                        .flat_map(|e| {
                            [
                                Node::Line(lines.line(e.span.start), Some("none".into())),
                                src.quote(e, 0),
                            ]
                        })
                        .collect(),
                ),
            };
            Ok(rt.node_value(&node, &[]))
        },
    );
}

// ----- printing (Julia's `show_unquoted`) -----

/// Spaces per indentation level.
const INDENT: usize = 4;

/// Julia's operator precedences (higher binds tighter); 0 for a non-operator. A dotted
/// operator (`.+`, `.=`) binds as its operator.
fn precedence(op: &str) -> u8 {
    if let Some(inner) = op.strip_prefix('.')
        && !inner.is_empty()
        && inner != "."
        && inner != ".."
    {
        return precedence(inner);
    }
    match op {
        "=" | "+=" | "-=" | "*=" | "/=" | "//=" | "\\=" | "^=" | "÷=" | "%=" | "<<=" | ">>="
        | ">>>=" | "|=" | "&=" | "⊻=" | ":=" | "~" => 1,
        "=>" => 2,
        "?" => 3,
        "-->" | "→" => 4,
        "||" => 5,
        "&&" => 6,
        ">" | "<" | ">=" | "≥" | "<=" | "≤" | "==" | "===" | "≡" | "!=" | "≠" | "!==" | "≢"
        | "∈" | "∉" | "∋" | "∌" | "⊆" | "⊈" | "⊂" | "⊄" | "⊇" | "⊃" | "≈" | "≉" | "in" | "isa"
        | "<:" | ">:" => 7,
        "<|" => 8,
        "|>" => 9,
        ":" | ".." => 10,
        "+" | "-" | "|" | "⊻" | "±" | "∓" | "∪" => 11,
        "*" | "/" | "÷" | "%" | "&" | "\\" | "⋅" | "∘" | "×" | "∩" => 12,
        "//" => 13,
        "<<" | ">>" | ">>>" => 14,
        "^" => 15,
        "::" => 16,
        "." => 17,
        _ => 0,
    }
}

fn is_unary_op(op: &str) -> bool {
    let op = op.strip_prefix('.').unwrap_or(op);
    matches!(
        op,
        "-" | "+" | "!" | "~" | "¬" | "√" | "∛" | "∜" | "&" | "<:" | ">:"
    )
}

/// Whether `s` names an operator (`Base.isoperator`).
pub fn is_operator(s: &str) -> bool {
    precedence(s) > 0 || is_unary_op(s)
}

/// Whether `s` prints as a plain identifier (otherwise as `var"…"`).
fn is_identifier(s: &str) -> bool {
    let mut cs = s.chars();
    let Some(c0) = cs.next() else { return false };
    is_ident_start(c0)
        && cs.all(is_ident_continue)
        && !matches!(
            s,
            "begin"
                | "end"
                | "if"
                | "else"
                | "elseif"
                | "for"
                | "while"
                | "function"
                | "return"
                | "try"
                | "catch"
                | "finally"
                | "let"
                | "local"
                | "global"
                | "const"
                | "quote"
                | "macro"
                | "module"
                | "baremodule"
                | "struct"
                | "mutable"
                | "abstract"
                | "using"
                | "import"
                | "export"
                | "do"
                | "break"
                | "continue"
                | "true"
                | "false"
        )
}

struct Printer<'a> {
    rt: &'a mut Runtime,
    out: &'a mut String,
    /// Nesting of the expression being printed (bounded: an `Expr` can contain itself).
    depth: u32,
    /// The `Expr`s being printed, innermost last.
    stack: Vec<usize>,
}

fn parts(rt: &Runtime, v: &Value) -> Option<(String, Vec<Value>)> {
    match v {
        Value::Struct(s) if s.ty == rt.world.ast.expr => {
            let f = s.fields.borrow();
            let head = match &f[0] {
                Value::Symbol(h) => h.to_string(),
                _ => return None,
            };
            let args = match &f[1] {
                Value::Array(a) => a.items.borrow().clone(),
                _ => Vec::new(),
            };
            Some((head, args))
        }
        _ => None,
    }
}

fn is_expr(rt: &Runtime, v: &Value, head: &str) -> bool {
    parts(rt, v).is_some_and(|(h, _)| h == head)
}

/// `show(io, x)` for `Expr`, `QuoteNode` and `LineNumberNode` values; `false` for others.
pub fn show_code(rt: &mut Runtime, v: &Value, out: &mut String) -> JlResult<bool> {
    let Value::Struct(s) = v else {
        return Ok(false);
    };
    let ast = rt.world.ast;
    if s.ty != ast.expr && s.ty != ast.quote_node && s.ty != ast.line_node {
        return Ok(false);
    }
    let mut p = Printer {
        rt,
        out,
        depth: 0,
        stack: Vec::new(),
    };
    if is_expr(p.rt, v, "block") {
        let (_, args) = parts(p.rt, v).expect("an Expr");
        p.block("quote", &[], &args, 0)?;
        p.out.push_str("end");
    } else {
        p.out.push_str(":(");
        p.unquoted(v, 2, 0)?;
        p.out.push(')');
    }
    Ok(true)
}

/// `print(io, ex)` for an `Expr`: the code without `:(…)`.
pub fn print_code(rt: &mut Runtime, v: &Value, out: &mut String) -> JlResult<bool> {
    if parts(rt, v).is_none() {
        return Ok(false);
    }
    Printer {
        rt,
        out,
        depth: 0,
        stack: Vec::new(),
    }
    .unquoted(v, 0, 0)?;
    Ok(true)
}

impl Printer<'_> {
    fn indent(&mut self, n: usize) {
        self.out.push('\n');
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    fn symbol(&mut self, s: &str) {
        if is_identifier(s) || precedence(s) > 0 || is_unary_op(s) {
            self.out.push_str(s);
        } else {
            self.out.push_str("var");
            show_to(self.rt, &Value::str(s), self.out, false).ok();
        }
    }

    fn list(&mut self, items: &[Value], sep: &str, indent: usize, prec: u8) -> JlResult<()> {
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(sep);
            }
            self.unquoted(x, indent, prec)?;
        }
        Ok(())
    }

    /// `head args…` then each statement of `body` on its own line, indented; the caller
    /// writes the closing keyword.
    fn block(&mut self, head: &str, args: &[Value], body: &[Value], indent: usize) -> JlResult<()> {
        self.out.push_str(head);
        if !args.is_empty() {
            self.out.push(' ');
            self.list(args, ", ", indent, 0)?;
        }
        let ind = if head == "module" {
            indent
        } else {
            indent + INDENT
        };
        for x in body {
            self.indent(ind);
            self.unquoted(x, ind, 0)?;
        }
        self.indent(indent);
        Ok(())
    }

    fn body_of(&self, v: &Value) -> Vec<Value> {
        match parts(self.rt, v) {
            Some((h, args)) if h == "block" => args,
            _ => vec![v.clone()],
        }
    }

    /// `@name_str` with a string (and a suffix) prints as the literal it is written as,
    /// `name"text"suffix`, the text escaped as a raw string; `false` for other macro calls.
    fn string_macro(&mut self, args: &[Value]) -> bool {
        let line = self.rt.world.ast.line_node;
        let rest: Vec<&Value> = args[1..]
            .iter()
            .filter(|a| !matches!(a, Value::Struct(s) if s.ty == line))
            .collect();
        let Value::Symbol(m) = &args[0] else {
            return false;
        };
        let m = m.as_str();
        let Some(prefix) = m.strip_prefix('@').and_then(|p| p.strip_suffix("_str")) else {
            return false;
        };
        let (text, suffix) = match rest.as_slice() {
            [Value::Str(t)] => (t, None),
            [Value::Str(t), Value::Str(f)] => (t, Some(f)),
            _ => return false,
        };
        if !is_identifier(prefix) || suffix.is_some_and(|f| !is_identifier(f)) {
            return false;
        }
        self.out.push_str(prefix);
        self.out.push('"');
        self.out.push_str(&super::regex::escape_raw_string(text));
        self.out.push('"');
        if let Some(f) = suffix {
            self.out.push_str(f);
        }
        true
    }

    fn unquoted(&mut self, v: &Value, indent: usize, prec: u8) -> JlResult<()> {
        if self.depth >= MAX_DEPTH {
            self.out.push('…');
            return Ok(());
        }
        // An `Expr` inside itself prints as a reference, as `show` prints containers.
        let addr = match v {
            Value::Struct(x) if x.ty == self.rt.world.ast.expr => {
                Some(std::rc::Rc::as_ptr(x) as *const () as usize)
            }
            _ => None,
        };
        if let Some(a) = addr {
            if let Some(pos) = self.stack.iter().rposition(|&x| x == a) {
                let back = self.stack.len() - pos;
                self.out
                    .push_str(&format!("#= circular reference @-{back} =#"));
                return Ok(());
            }
            self.stack.push(a);
        }
        self.depth += 1;
        let r = self.unquoted_inner(v, indent, prec);
        self.depth -= 1;
        if addr.is_some() {
            self.stack.pop();
        }
        r
    }

    fn unquoted_inner(&mut self, v: &Value, indent: usize, prec: u8) -> JlResult<()> {
        let ast = self.rt.world.ast;
        match v {
            Value::Symbol(s) => {
                self.symbol(&s.as_str());
                return Ok(());
            }
            Value::Struct(s) if s.ty == ast.line_node => {
                let f = s.fields.borrow().clone();
                self.out.push_str("#= ");
                if !matches!(f[1], Value::Nothing) {
                    show::print_to(self.rt, &f[1], self.out)?;
                    self.out.push(':');
                }
                show::print_to(self.rt, &f[0], self.out)?;
                self.out.push_str(" =#");
                return Ok(());
            }
            Value::Struct(s) if s.ty == ast.quote_node => {
                let x = s.fields.borrow()[0].clone();
                match &x {
                    Value::Symbol(sym) if is_identifier(&sym.as_str()) => {
                        self.out.push(':');
                        self.out.push_str(&sym.as_str());
                    }
                    _ => {
                        self.out.push_str("$(QuoteNode(");
                        show_to(self.rt, &x, self.out, false)?;
                        self.out.push_str("))");
                    }
                }
                return Ok(());
            }
            _ => {}
        }
        let Some((head, args)) = parts(self.rt, v) else {
            return show_to(self.rt, v, self.out, false);
        };
        let n = args.len();
        let sym_of = |x: &Value| match x {
            Value::Symbol(s) => Some(s.to_string()),
            _ => None,
        };
        match head.as_str() {
            "call" if n >= 1 => {
                let f = sym_of(&args[0]).unwrap_or_default();
                let fargs = &args[1..];
                let fprec = precedence(&f);
                let has_splat = fargs.iter().any(|a| {
                    is_expr(self.rt, a, "...")
                        || is_expr(self.rt, a, "kw")
                        || is_expr(self.rt, a, "parameters")
                });
                if fprec > 0
                    && !has_splat
                    && (fargs.len() == 2
                        || (fargs.len() > 2 && matches!(f.as_str(), "+" | "++" | "*"))
                        || (fargs.len() == 3 && f == ":"))
                {
                    let sep = if f == ":" {
                        f.clone()
                    } else {
                        format!(" {f} ")
                    };
                    if fprec <= prec {
                        self.out.push('(');
                        self.list(fargs, &sep, indent, fprec)?;
                        self.out.push(')');
                    } else {
                        self.list(fargs, &sep, indent, fprec)?;
                    }
                    return Ok(());
                }
                if fargs.len() == 1 && is_unary_op(&f) && !has_splat {
                    self.out.push_str(&f);
                    let a = &fargs[0];
                    let wrap = parts(self.rt, a).is_some_and(|(h, aa)| {
                        h == "call"
                            && aa
                                .first()
                                .and_then(sym_of)
                                .is_some_and(|g| precedence(&g) > 0)
                    }) || matches!(a, Value::Int(i) if *i < 0)
                        || matches!(a, Value::Float(x) if *x < 0.0);
                    if wrap {
                        self.out.push('(');
                        self.unquoted(a, indent, 0)?;
                        self.out.push(')');
                    } else {
                        self.unquoted(a, indent, 18)?;
                    }
                    return Ok(());
                }
                // A plain call; an operator called by name is wrapped: `(+)(a, b, c)`.
                if fprec > 0 || is_unary_op(&f) {
                    self.out.push('(');
                    self.out.push_str(&f);
                    self.out.push(')');
                } else {
                    self.unquoted(&args[0], indent, 17)?;
                }
                self.call_args(fargs, '(', ')', indent)?;
            }
            // `f.(x, y)`: a broadcast call.
            "." if n == 2 && is_expr(self.rt, &args[1], "tuple") => {
                self.unquoted(&args[0], indent, 17)?;
                self.out.push('.');
                let (_, items) = parts(self.rt, &args[1]).expect("an Expr");
                self.call_args(&items, '(', ')', indent)?;
            }
            "." if n == 2 => {
                self.unquoted(&args[0], indent, 17)?;
                self.out.push('.');
                match &args[1] {
                    Value::Struct(s) if s.ty == ast.quote_node => {
                        let x = s.fields.borrow()[0].clone();
                        match &x {
                            Value::Symbol(sym) if is_identifier(&sym.as_str()) => {
                                self.out.push_str(&sym.as_str())
                            }
                            Value::Symbol(sym) => {
                                self.out.push(':');
                                self.symbol(&sym.as_str());
                            }
                            other => self.unquoted(other, indent, 17)?,
                        }
                    }
                    other => {
                        let other = other.clone();
                        self.unquoted(&other, indent, 17)?;
                    }
                }
            }
            "ref" if n >= 1 => {
                self.unquoted(&args[0], indent, 17)?;
                self.call_args(&args[1..], '[', ']', indent)?;
            }
            "curly" if n >= 1 => {
                self.unquoted(&args[0], indent, 17)?;
                self.out.push('{');
                self.list(&args[1..], ", ", indent, 0)?;
                self.out.push('}');
            }
            "tuple" => {
                self.out.push('(');
                self.list(&args, ", ", indent, 0)?;
                if n == 1 {
                    self.out.push(',');
                }
                self.out.push(')');
            }
            "vect" => {
                self.out.push('[');
                self.list(&args, ", ", indent, 0)?;
                self.out.push(']');
            }
            // `[a b]`, `[a; b]`, `[a b; c d]` (rows are `Expr(:row, …)`), `[a;]`, `T[a b]`.
            h @ ("hcat" | "vcat" | "typed_hcat" | "typed_vcat" | "row")
                if !h.starts_with("typed_") || n >= 1 =>
            {
                let typed = head.starts_with("typed_");
                let elems = if typed {
                    self.unquoted(&args[0], indent, 17)?;
                    &args[1..]
                } else {
                    &args[..]
                };
                if head != "row" {
                    self.out.push('[');
                }
                let sep = if head.ends_with("vcat") { "; " } else { " " };
                self.list(elems, sep, indent, 0)?;
                if head.ends_with("vcat") && elems.len() == 1 {
                    self.out.push(';');
                }
                if head != "row" {
                    self.out.push(']');
                }
            }
            "comparison" if n >= 3 && n % 2 == 1 => {
                let cprec = 7;
                if cprec <= prec {
                    self.out.push('(');
                }
                self.list(&args, " ", indent, cprec)?;
                if cprec <= prec {
                    self.out.push(')');
                }
            }
            "&&" | "||" | ".&&" | ".||" | "::" | "<:" | ">:" | "-->" | "=" | ":=" if n == 2 => {
                let hp = precedence(&head);
                let sep = if head == "::" {
                    "::".to_string()
                } else {
                    format!(" {head} ")
                };
                if hp <= prec {
                    self.out.push('(');
                }
                self.list(&args, &sep, indent, hp)?;
                if hp <= prec {
                    self.out.push(')');
                }
            }
            "::" if n == 1 => {
                self.out.push_str("::");
                self.unquoted(&args[0], indent, 16)?;
            }
            op if n == 2 && precedence(op) == 1 => {
                if prec >= 1 {
                    self.out.push('(');
                }
                self.list(&args, &format!(" {op} "), indent, 1)?;
                if prec >= 1 {
                    self.out.push(')');
                }
            }
            "kw" if n == 2 => {
                self.unquoted(&args[0], indent, 0)?;
                self.out.push_str(" = ");
                self.unquoted(&args[1], indent, 0)?;
            }
            "..." if n == 1 => {
                self.unquoted(&args[0], indent, 0)?;
                self.out.push_str("...");
            }
            "$" if n == 1 => {
                self.out.push('$');
                if matches!(args[0], Value::Symbol(_)) {
                    self.unquoted(&args[0], indent, 0)?;
                } else {
                    self.out.push('(');
                    self.unquoted(&args[0], indent, 0)?;
                    self.out.push(')');
                }
            }
            "->" if n == 2 => {
                if prec > 0 {
                    self.out.push('(');
                }
                self.unquoted(&args[0], indent, 0)?;
                self.out.push_str("->");
                self.unquoted(&args[1], indent, 0)?;
                if prec > 0 {
                    self.out.push(')');
                }
            }
            "block" => {
                self.block("begin", &[], &args, indent)?;
                self.out.push_str("end");
            }
            "quote" if n == 1 => {
                if is_expr(self.rt, &args[0], "block") {
                    let body = self.body_of(&args[0]);
                    self.block("quote", &[], &body, indent)?;
                    self.out.push_str("end");
                } else {
                    self.out.push_str(":(");
                    self.unquoted(&args[0], indent + 2, 0)?;
                    self.out.push(')');
                }
            }
            "if" | "elseif" if n == 2 || n == 3 => {
                let cond = match parts(self.rt, &args[0]) {
                    Some((h, c)) if h == "block" => {
                        c.into_iter().filter(|x| !self.is_line(x)).collect()
                    }
                    _ => vec![args[0].clone()],
                };
                let then = self.body_of(&args[1]);
                self.block(&head, &cond, &then, indent)?;
                if let Some(e) = args.get(2) {
                    if is_expr(self.rt, e, "elseif") {
                        self.unquoted(e, indent, 0)?;
                        return Ok(());
                    }
                    let body = self.body_of(e);
                    self.block("else", &[], &body, indent)?;
                }
                self.out.push_str("end");
            }
            // `function f end`
            "function" if n == 1 && matches!(args[0], Value::Symbol(_)) => {
                self.out.push_str("function ");
                self.unquoted(&args[0], indent, 0)?;
                self.out.push_str(" end");
            }
            "while" | "for" | "let" | "function" | "macro" if n == 2 => {
                let head_args = match parts(self.rt, &args[0]) {
                    Some((h, a)) if h == "block" => a,
                    _ if head == "let" && is_expr(self.rt, &args[0], "block") => Vec::new(),
                    _ => vec![args[0].clone()],
                };
                let body = self.body_of(&args[1]);
                self.out.push_str(&head);
                if !head_args.is_empty() {
                    self.out.push(' ');
                    for (i, a) in head_args.iter().enumerate() {
                        if i > 0 {
                            self.out.push_str(", ");
                        }
                        // `for i = 1:3`, a signature as a call.
                        if head == "function" || head == "macro" {
                            self.signature(a, indent)?;
                        } else {
                            self.unquoted(a, indent, 0)?;
                        }
                    }
                }
                let ind = indent + INDENT;
                for x in &body {
                    self.indent(ind);
                    self.unquoted(x, ind, 0)?;
                }
                self.indent(indent);
                self.out.push_str("end");
            }
            "try" if (3..=4).contains(&n) => {
                let body = self.body_of(&args[0]);
                self.block("try", &[], &body, indent)?;
                if is_expr(self.rt, &args[2], "block") {
                    let var: Vec<Value> = match &args[1] {
                        Value::Bool(false) => Vec::new(),
                        v => vec![v.clone()],
                    };
                    let body = self.body_of(&args[2]);
                    self.block("catch", &var, &body, indent)?;
                }
                if let Some(f) = args.get(3)
                    && is_expr(self.rt, f, "block")
                {
                    let body = self.body_of(f);
                    self.block("finally", &[], &body, indent)?;
                }
                self.out.push_str("end");
            }
            "return" if n == 1 && matches!(args[0], Value::Nothing) => self.out.push_str("return"),
            "return" | "local" | "global" | "export" | "const" if n >= 1 => {
                self.out.push_str(&head);
                self.out.push(' ');
                self.list(&args, ", ", indent, 0)?;
            }
            "break" | "continue" if n == 0 => self.out.push_str(&head),
            "macrocall" if n >= 1 && self.string_macro(&args) => {}
            "macrocall" if n >= 1 => {
                let mut first = true;
                for a in &args {
                    if !first {
                        self.out.push(' ');
                    }
                    first = false;
                    if matches!(a, Value::Nothing) {
                        first = true;
                        continue;
                    }
                    self.unquoted(a, indent, 0)?;
                }
            }
            "string" => {
                self.out.push('"');
                for a in &args {
                    match a {
                        Value::Str(s) => {
                            let mut esc = String::new();
                            show_to(self.rt, &Value::Str(s.clone()), &mut esc, false)?;
                            self.out.push_str(&esc[1..esc.len() - 1]);
                        }
                        other => {
                            self.out.push_str("$(");
                            self.unquoted(other, indent, 0)?;
                            self.out.push(')');
                        }
                    }
                }
                self.out.push('"');
            }
            "where" if n >= 1 => {
                self.unquoted(&args[0], indent, 0)?;
                self.out.push_str(" where ");
                if n == 2 {
                    self.unquoted(&args[1], indent, 0)?;
                } else {
                    self.out.push('{');
                    self.list(&args[1..], ", ", indent, 0)?;
                    self.out.push('}');
                }
            }
            "struct" if n == 3 => {
                let mutable = matches!(args[0], Value::Bool(true));
                let body = self.body_of(&args[2]);
                let head = if mutable { "mutable struct" } else { "struct" };
                self.block(head, std::slice::from_ref(&args[1]), &body, indent)?;
                self.out.push_str("end");
            }
            "module" if n == 3 => {
                let body = self.body_of(&args[2]);
                self.block("module", std::slice::from_ref(&args[1]), &body, indent)?;
                self.out.push_str("end");
            }
            "escape" if n == 1 => {
                self.out.push_str("$(Expr(:escape, ");
                self.unquoted(&args[0], indent, 0)?;
                self.out.push_str("))");
            }
            _ => {
                self.out.push_str("$(Expr(");
                show_to(self.rt, &Value::Symbol(Sym::new(&head)), self.out, false)?;
                for a in &args {
                    self.out.push_str(", ");
                    show_to(self.rt, a, self.out, false)?;
                }
                self.out.push_str("))");
            }
        }
        Ok(())
    }

    fn is_line(&self, v: &Value) -> bool {
        matches!(v, Value::Struct(s) if s.ty == self.rt.world.ast.line_node)
    }

    /// A method signature: an operator name printed as a call (`+(a, b)`).
    fn signature(&mut self, v: &Value, indent: usize) -> JlResult<()> {
        match parts(self.rt, v) {
            Some((h, a)) if h == "call" && !a.is_empty() => {
                self.unquoted(&a[0], indent, 17)?;
                self.call_args(&a[1..], '(', ')', indent)
            }
            _ => self.unquoted(v, indent, 0),
        }
    }

    fn call_args(
        &mut self,
        args: &[Value],
        open: char,
        close: char,
        indent: usize,
    ) -> JlResult<()> {
        self.out.push(open);
        let (params, rest): (Vec<&Value>, Vec<&Value>) =
            args.iter().partition(|a| is_expr(self.rt, a, "parameters"));
        for (i, a) in rest.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.unquoted(a, indent, 0)?;
        }
        for p in params {
            let (_, kws) = parts(self.rt, p).expect("an Expr");
            self.out.push_str("; ");
            self.list(&kws, ", ", indent, 0)?;
        }
        self.out.push(close);
        Ok(())
    }
}
