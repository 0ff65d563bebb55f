//! Parser: tokens to the syntax tree, by recursive descent for statements and precedence
//! climbing for operators, with Julia's precedence table and newline rules.
//!
//! Newlines end a statement except inside `()`, `[]` and `{}` (where they are skipped) and
//! after a binary operator. On an error the parser records it, skips to the end of the line,
//! and goes on, so one run reports several errors. It never panics and its recursion is bounded.

use super::ast::{
    Arg, Block, Expr, ExprKind, FieldDecl, FuncName, FunctionDef, ImportPath, Lambda, Param,
    StrPart, U128,
};
use super::lexer::{Keyword, Token, TokenKind, tokenize};
use super::span::{LineIndex, Span};
use super::{ParsedFile, SyntaxError};

/// Deepest nesting of expressions before the parser gives up on a statement.
const MAX_DEPTH: u32 = 96;
/// Most operators chained in one expression (`a + b + c + …` nests to the left).
const MAX_CHAIN: u32 = 1000;

// Binding powers (left, right); higher binds tighter.
const ASSIGN: u8 = 1;
const ABOVE_ASSIGN: u8 = 3;
const PAIR: (u8, u8) = (4, 3);
const TERNARY: u8 = 5;
const ARROW: (u8, u8) = (7, 6);
const OR: (u8, u8) = (9, 8);
const AND: (u8, u8) = (11, 10);
const COMPARISON: u8 = 12;
const PIPE: (u8, u8) = (14, 15);
const RANGE: (u8, u8) = (16, 17);
const PLUS: (u8, u8) = (18, 19);
const TIMES: (u8, u8) = (20, 21);
const RATIONAL: (u8, u8) = (22, 23);
const SHIFT: (u8, u8) = (24, 25);
const UNARY: u8 = 26;
const POWER: (u8, u8) = (28, 27);
const DECL: (u8, u8) = (30, 31);

/// Parses a whole file.
pub fn parse_file(text: &str) -> ParsedFile {
    let (tokens, errors) = tokenize(text);
    let mut p = Parser {
        text,
        lines: LineIndex::new(text),
        toks: tokens,
        pos: 0,
        errors,
        skip_nl: 0,
        depth: 0,
        no_spaced_colon: 0,
        space_sensitive: false,
        index_depth: 0,
        semi_at: Vec::new(),
        destructure: Vec::new(),
        destructure_count: 0,
    };
    let mut exprs = Vec::new();
    loop {
        p.skip_separators();
        if p.at_eof() {
            break;
        }
        match p.statement() {
            Ok(e) => {
                exprs.push(e);
                p.end_of_statement();
            }
            Err(()) => p.recover(),
        }
    }
    let mut errors = p.errors;
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    errors.dedup();
    ParsedFile { exprs, errors }
}

type PResult<T> = Result<T, ()>;

/// One `for` clause of a comprehension: `x in a, y in b if cond`.
struct Clause {
    vars: Vec<Expr>,
    iters: Vec<Expr>,
    cond: Option<Expr>,
}

struct Parser<'a> {
    text: &'a str,
    lines: LineIndex,
    toks: Vec<Token>,
    pos: usize,
    errors: Vec<SyntaxError>,
    /// Inside brackets: newlines are whitespace.
    skip_nl: u32,
    depth: u32,
    /// Inside the middle of `a ? b : c`: a spaced `:` ends the expression.
    no_spaced_colon: u32,
    /// Directly inside `[…]`: `[1 -2]` is two elements (a `+`/`-` with a space before it and
    /// none after starts a new one), as in Julia's matrix literals.
    space_sensitive: bool,
    /// Inside `a[...]`, where `end` is a value.
    index_depth: u32,
    /// Calls whose argument list had a `;`: (call start, number of arguments before it).
    semi_at: Vec<(u32, usize)>,
    /// Parameters written as tuples (`((k, v),) -> …`, `for (k, v) in` in a comprehension):
    /// their hidden name and pattern, until the body they destructure in starts with
    /// `local (k, v) = hidden` (`take_destructuring`).
    destructure: Vec<(String, Expr)>,
    destructure_count: u32,
}

fn binary_op(op: &str) -> Option<(u8, u8)> {
    Some(match op {
        "=>" => PAIR,
        "||" => OR,
        "&&" => AND,
        "|>" => PIPE,
        "<|" => (PIPE.1, PIPE.0),
        ":" | ".." => RANGE,
        "+" | "-" | "|" | "⊻" | "∪" | "±" | "∓" => PLUS,
        "*" | "/" | "÷" | "%" | "&" | "\\" | "⋅" | "∘" | "×" | "∩" => TIMES,
        "//" => RATIONAL,
        "<<" | ">>" | ">>>" => SHIFT,
        "^" => POWER,
        "::" => DECL,
        "->" => ARROW,
        _ => return None,
    })
}

/// `name = value` inside parentheses: makes `(…, …)` a named tuple.
fn is_named_entry(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Assign { lhs, .. } if matches!(lhs.kind, ExprKind::Ident(_)))
}

fn is_comparison(op: &str) -> bool {
    matches!(
        op,
        "<" | ">"
            | "<="
            | ">="
            | "=="
            | "!="
            | "==="
            | "!=="
            | "<:"
            | ">:"
            | "≤"
            | "≥"
            | "≠"
            | "∈"
            | "∉"
            | "≡"
            | "≢"
            | "≈"
            | "⊆"
            | "⊂"
            | "⊇"
            | "⊃"
    )
}

fn assign_op(op: &str) -> Option<&'static str> {
    Some(match op {
        "=" => "",
        "+=" => "+",
        "-=" => "-",
        "*=" => "*",
        "/=" => "/",
        "\\=" => "\\",
        "^=" => "^",
        "%=" => "%",
        "|=" => "|",
        "&=" => "&",
        "÷=" => "÷",
        "⊻=" => "⊻",
        "<<=" => "<<",
        ">>=" => ">>",
        ">>>=" => ">>>",
        "//=" => "//",
        _ => return None,
    })
}

fn mk(kind: ExprKind, span: Span) -> Expr {
    Expr { kind, span }
}

fn ident(name: &str, span: Span) -> Expr {
    mk(ExprKind::Ident(name.to_string()), span)
}

fn call(op: &str, args: Vec<Expr>, op_span: Span) -> Expr {
    let span = args.iter().fold(op_span, |s, a| s.to(a.span));
    let args = args
        .into_iter()
        .map(|value| Arg::Pos {
            value,
            splat: false,
        })
        .collect();
    mk(
        ExprKind::Call {
            callee: Box::new(ident(op, op_span)),
            args,
            do_block: None,
        },
        span,
    )
}

impl<'a> Parser<'a> {
    // ----- tokens -----

    fn skip_newlines(&mut self) {
        while self.toks[self.pos].kind == TokenKind::Newline {
            self.pos += 1;
        }
    }

    fn tok(&mut self) -> Token {
        if self.skip_nl > 0 {
            self.skip_newlines();
        }
        self.toks[self.pos]
    }

    fn kind(&mut self) -> TokenKind {
        self.tok().kind
    }

    fn nth_kind(&mut self, n: usize) -> TokenKind {
        self.tok();
        self.toks
            .get(self.pos + n)
            .map_or(TokenKind::Eof, |t| t.kind)
    }

    fn bump(&mut self) -> Token {
        let t = self.tok();
        if t.kind != TokenKind::Eof {
            self.pos += 1;
        }
        t
    }

    fn at_eof(&mut self) -> bool {
        self.kind() == TokenKind::Eof
    }

    fn at_kw(&mut self, k: Keyword) -> bool {
        self.kind() == TokenKind::Keyword(k)
    }

    fn at_op(&mut self, op: &str) -> bool {
        matches!(self.kind(), TokenKind::Op(o) if o == op)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.at_op(op) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn text_of(&self, span: Span) -> &'a str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    fn describe(&self, t: Token) -> String {
        match t.kind {
            TokenKind::Eof => "end of file".into(),
            TokenKind::Newline => "end of line".into(),
            TokenKind::StrStart { .. } => "a string".into(),
            _ => format!("\"{}\"", self.text_of(t.span)),
        }
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(SyntaxError {
            message: message.into(),
            span,
        });
    }

    /// Reports "expected X, found Y" at the current token (unless the lexer already did).
    fn expected(&mut self, what: &str) -> PResult<Expr> {
        let t = self.tok();
        if t.kind != TokenKind::Error {
            let found = self.describe(t);
            self.error(t.span, format!("expected {what}, found {found}"));
        }
        Err(())
    }

    fn expect(&mut self, kind: TokenKind, what: &str) -> PResult<Token> {
        if self.kind() == kind {
            Ok(self.bump())
        } else {
            self.expected(what)?;
            Err(())
        }
    }

    fn line_of(&self, span: Span) -> u32 {
        self.lines.line(span.start)
    }

    fn expect_end(&mut self, opener: &str, open: Span) -> PResult<Span> {
        if self.at_kw(Keyword::End) {
            return Ok(self.bump().span);
        }
        let t = self.tok();
        let found = self.describe(t);
        let line = self.line_of(open);
        self.error(
            t.span,
            format!("expected \"end\" to close \"{opener}\" started at line {line}, found {found}"),
        );
        Err(())
    }

    fn skip_separators(&mut self) {
        while matches!(self.kind(), TokenKind::Newline | TokenKind::Semi) {
            self.bump();
        }
    }

    /// After a statement: a separator, a block terminator or the end must follow.
    fn end_of_statement(&mut self) {
        match self.kind() {
            TokenKind::Newline | TokenKind::Semi | TokenKind::Eof => {}
            TokenKind::Keyword(
                Keyword::End | Keyword::Else | Keyword::Elseif | Keyword::Catch | Keyword::Finally,
            ) => {}
            _ => {
                let t = self.tok();
                if t.kind != TokenKind::Error {
                    let found = self.describe(t);
                    self.error(
                        t.span,
                        format!("extra token after end of expression: {found}"),
                    );
                }
                self.recover();
            }
        }
    }

    /// Skips to the next line (outside brackets) after an error.
    fn recover(&mut self) {
        let saved = self.skip_nl;
        self.skip_nl = 0;
        let mut nest = 0i32;
        loop {
            match self.toks[self.pos].kind {
                TokenKind::Eof => break,
                TokenKind::Newline | TokenKind::Semi if nest <= 0 => break,
                TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => nest += 1,
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => nest -= 1,
                _ => {}
            }
            self.pos += 1;
        }
        self.skip_nl = saved;
    }

    fn enter(&mut self, span: Span) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            self.error(span, "expression nested too deeply");
            return Err(());
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Runs `f` with newlines significant (inside a block nested in brackets).
    fn with_newlines<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        let (saved_nl, saved_colon, saved_index, saved_space) = (
            self.skip_nl,
            self.no_spaced_colon,
            self.index_depth,
            self.space_sensitive,
        );
        self.skip_nl = 0;
        self.no_spaced_colon = 0;
        self.index_depth = 0;
        self.space_sensitive = false;
        let r = f(self);
        self.skip_nl = saved_nl;
        self.no_spaced_colon = saved_colon;
        self.index_depth = saved_index;
        self.space_sensitive = saved_space;
        r
    }

    /// Runs `f` with newlines skipped (inside brackets).
    fn in_brackets<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        let (saved_colon, saved_space) = (self.no_spaced_colon, self.space_sensitive);
        self.no_spaced_colon = 0;
        self.space_sensitive = false;
        self.skip_nl += 1;
        let r = f(self);
        self.skip_nl -= 1;
        self.no_spaced_colon = saved_colon;
        self.space_sensitive = saved_space;
        r
    }

    // ----- statements and blocks -----

    /// A statement: an expression where `a, b = …` and `f(x) = …` are allowed.
    fn statement(&mut self) -> PResult<Expr> {
        let e = self.tuple_or_assign()?;
        Ok(self.short_function(e))
    }

    /// `a`, `a, b`, `a = b`, `a, b = c, d`, `x += 1`.
    fn tuple_or_assign(&mut self) -> PResult<Expr> {
        let first = self.expr(ABOVE_ASSIGN)?;
        let lhs = if self.kind() == TokenKind::Comma && self.skip_nl == 0 {
            let mut items = vec![first];
            while self.kind() == TokenKind::Comma {
                self.bump();
                if matches!(
                    self.kind(),
                    TokenKind::Newline | TokenKind::Semi | TokenKind::Eof
                ) {
                    break;
                }
                items.push(self.expr(ABOVE_ASSIGN)?);
            }
            let span = items[0].span.to(items[items.len() - 1].span);
            mk(ExprKind::Tuple(items), span)
        } else {
            first
        };
        if let TokenKind::Op(op) = self.kind()
            && let Some(base) = assign_op(op)
        {
            self.bump();
            self.skip_newlines();
            let rhs = self.tuple_or_assign()?;
            let rhs = self.short_function(rhs);
            let span = lhs.span.to(rhs.span);
            return Ok(if base.is_empty() {
                mk(
                    ExprKind::Assign {
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    span,
                )
            } else {
                mk(
                    ExprKind::OpAssign {
                        op: base.to_string(),
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    span,
                )
            });
        }
        if self.kind() == TokenKind::DotOp {
            let t = self.tok();
            if let Some(base) = assign_op(&self.text_of(t.span)[1..]) {
                // `x .= v`, `x .+= v` as a statement.
                self.bump();
                self.skip_newlines();
                let rhs = self.tuple_or_assign()?;
                let span = lhs.span.to(rhs.span);
                return Ok(mk(
                    ExprKind::DotAssign {
                        op: (!base.is_empty()).then(|| base.to_string()),
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    span,
                ));
            }
        }
        Ok(lhs)
    }

    /// `f(x) = body` (and `f(x)::T = …`, `f(x) where T = …`) is a method definition.
    fn short_function(&mut self, e: Expr) -> Expr {
        let ExprKind::Assign { lhs, rhs } = &e.kind else {
            return e;
        };
        let mut sig = (**lhs).clone();
        let mut where_params = Vec::new();
        if let ExprKind::Where { value, params } = sig.kind {
            where_params = params;
            sig = *value;
        }
        let mut ret_type = None;
        if let ExprKind::TypeAssert { value, ty } = &sig.kind
            && matches!(value.kind, ExprKind::Call { .. })
        {
            ret_type = Some((**ty).clone());
            sig = (**value).clone();
        }
        if !matches!(&sig.kind, ExprKind::Call { do_block: None, .. }) {
            return e;
        }
        let body = Block {
            exprs: vec![(**rhs).clone()],
            span: rhs.span,
        };
        match self.function_def(sig, where_params, ret_type, body) {
            Ok(def) => mk(ExprKind::Function(Box::new(def)), e.span),
            Err(()) => e,
        }
    }

    /// Statements until one of `terminators` (not consumed) or the end of the file.
    fn block(&mut self, terminators: &[Keyword]) -> PResult<Block> {
        self.with_newlines(|p| {
            let start = p.tok().span;
            let mut exprs = Vec::new();
            loop {
                p.skip_separators();
                match p.kind() {
                    TokenKind::Eof => break,
                    TokenKind::Keyword(k) if terminators.contains(&k) => break,
                    _ => {}
                }
                match p.statement() {
                    Ok(e) => {
                        exprs.push(e);
                        p.end_of_statement();
                    }
                    Err(()) => {
                        // Skip the bad line but stay in the block.
                        p.recover();
                    }
                }
            }
            let end = p.tok().span;
            let span = exprs
                .first()
                .map_or(Span::new(start.start, start.start), |e| e.span)
                .to(exprs
                    .last()
                    .map_or(Span::new(end.start, end.start), |e| e.span));
            Ok(Block { exprs, span })
        })
    }

    // ----- expressions -----

    fn expr(&mut self, min_bp: u8) -> PResult<Expr> {
        let start = self.tok().span;
        self.enter(start)?;
        let r = self.expr_inner(min_bp);
        self.leave();
        r
    }

    fn expr_inner(&mut self, min_bp: u8) -> PResult<Expr> {
        let mut lhs = self.unary()?;
        // Each operator applied in this loop nests `lhs` one level deeper; bound it like
        // recursion, so later passes over the tree stay within the stack.
        let mut chain = 0u32;
        loop {
            chain += 1;
            if chain > MAX_CHAIN {
                let t = self.tok();
                self.error(
                    t.span,
                    format!("expression too long (more than {MAX_CHAIN} operators in a row)"),
                );
                return Err(());
            }
            let t = self.tok();
            match t.kind {
                TokenKind::Op("+" | "-")
                    if self.space_sensitive
                        && t.space_before
                        && self.toks.get(self.pos + 1).is_some_and(|n| !n.space_before) =>
                {
                    break;
                }
                TokenKind::Op(op) => {
                    if let Some(base) = assign_op(op) {
                        if min_bp > ASSIGN {
                            break;
                        }
                        self.bump();
                        self.skip_newlines();
                        let rhs = self.expr(ASSIGN)?;
                        let span = lhs.span.to(rhs.span);
                        lhs = if base.is_empty() {
                            mk(
                                ExprKind::Assign {
                                    lhs: Box::new(lhs),
                                    rhs: Box::new(rhs),
                                },
                                span,
                            )
                        } else {
                            mk(
                                ExprKind::OpAssign {
                                    op: base.to_string(),
                                    lhs: Box::new(lhs),
                                    rhs: Box::new(rhs),
                                },
                                span,
                            )
                        };
                        continue;
                    }
                    if op == "?" {
                        if min_bp > TERNARY {
                            break;
                        }
                        self.bump();
                        self.skip_newlines();
                        self.no_spaced_colon += 1;
                        let then = self.expr(TERNARY + 1);
                        self.no_spaced_colon -= 1;
                        let then = then?;
                        if !self.eat_op(":") {
                            self.expected("\":\" in a conditional expression")?;
                        }
                        self.skip_newlines();
                        let else_ = self.expr(TERNARY)?;
                        let span = lhs.span.to(else_.span);
                        let tspan = then.span;
                        lhs = mk(
                            ExprKind::If {
                                cond: Box::new(lhs),
                                then: Block {
                                    exprs: vec![then],
                                    span: tspan,
                                },
                                else_: Some(Box::new(else_)),
                            },
                            span,
                        );
                        continue;
                    }
                    if is_comparison(op) {
                        if min_bp > COMPARISON {
                            break;
                        }
                        lhs = self.comparison(lhs)?;
                        continue;
                    }
                    if op == ":" && self.no_spaced_colon > 0 && t.space_before {
                        break;
                    }
                    if op == "..." {
                        break;
                    }
                    if op == "." {
                        lhs = self.postfix_dot(lhs)?;
                        continue;
                    }
                    let Some((lbp, rbp)) = binary_op(op) else {
                        break;
                    };
                    if lbp < min_bp {
                        break;
                    }
                    self.bump();
                    self.skip_newlines();
                    if op == "->" {
                        let mut body = self.expr(ABOVE_ASSIGN)?;
                        // `x -> y = f(x)`: the body is the assignment.
                        if let TokenKind::Op(aop) = self.kind()
                            && let Some(base) = assign_op(aop)
                        {
                            self.bump();
                            self.skip_newlines();
                            let rhs = self.expr(ABOVE_ASSIGN)?;
                            let span = body.span.to(rhs.span);
                            let (lhs, rhs) = (Box::new(body), Box::new(rhs));
                            body = if base.is_empty() {
                                mk(ExprKind::Assign { lhs, rhs }, span)
                            } else {
                                let op = base.to_string();
                                mk(ExprKind::OpAssign { op, lhs, rhs }, span)
                            };
                        }
                        lhs = self.lambda_from(lhs, body)?;
                        continue;
                    }
                    let rhs = self.expr(rbp)?;
                    let span = lhs.span.to(rhs.span);
                    lhs = match op {
                        "&&" => mk(ExprKind::And(Box::new(lhs), Box::new(rhs)), span),
                        "||" => mk(ExprKind::Or(Box::new(lhs), Box::new(rhs)), span),
                        "::" => mk(
                            ExprKind::TypeAssert {
                                value: Box::new(lhs),
                                ty: Box::new(rhs),
                            },
                            span,
                        ),
                        ":" => {
                            // `a:b:c` is one call of `:` with three arguments.
                            match lhs.kind {
                                ExprKind::Call {
                                    ref callee,
                                    ref args,
                                    do_block: None,
                                } if matches!(&callee.kind, ExprKind::Ident(n) if n == ":")
                                    && args.len() == 2
                                    // `(a:b):c` is two calls; `(a - 1):-1:1` is one.
                                    && matches!(&args[0], Arg::Pos { value, .. } if value.span.start == lhs.span.start) =>
                                {
                                    let mut args = args.clone();
                                    args.push(Arg::Pos {
                                        value: rhs,
                                        splat: false,
                                    });
                                    mk(
                                        ExprKind::Call {
                                            callee: callee.clone(),
                                            args,
                                            do_block: None,
                                        },
                                        span,
                                    )
                                }
                                _ => call(":", vec![lhs, rhs], t.span),
                            }
                        }
                        "|>" => {
                            let cspan = lhs.span.to(rhs.span);
                            mk(
                                ExprKind::Call {
                                    callee: Box::new(rhs),
                                    args: vec![Arg::Pos {
                                        value: lhs,
                                        splat: false,
                                    }],
                                    do_block: None,
                                },
                                cspan,
                            )
                        }
                        _ => call(op, vec![lhs, rhs], t.span),
                    };
                }
                TokenKind::Keyword(Keyword::In | Keyword::Isa) => {
                    if min_bp > COMPARISON {
                        break;
                    }
                    lhs = self.comparison(lhs)?;
                }
                TokenKind::Keyword(Keyword::Where) => {
                    if min_bp > ABOVE_ASSIGN {
                        break;
                    }
                    self.bump();
                    let params = self.where_params()?;
                    let span = lhs.span.to(self.toks[self.pos.saturating_sub(1)].span);
                    lhs = mk(
                        ExprKind::Where {
                            value: Box::new(lhs),
                            params,
                        },
                        span,
                    );
                }
                TokenKind::DotOp => {
                    let op = &self.text_of(t.span)[1..];
                    if let Some(base) = assign_op(op) {
                        // `x .= v`, `x .+= v`.
                        if min_bp > ASSIGN {
                            break;
                        }
                        self.bump();
                        self.skip_newlines();
                        let rhs = self.expr(ASSIGN)?;
                        let span = lhs.span.to(rhs.span);
                        lhs = mk(
                            ExprKind::DotAssign {
                                op: (!base.is_empty()).then(|| base.to_string()),
                                lhs: Box::new(lhs),
                                rhs: Box::new(rhs),
                            },
                            span,
                        );
                        continue;
                    }
                    let (lbp, rbp) = if is_comparison(op) {
                        (COMPARISON, COMPARISON + 1)
                    } else {
                        match binary_op(op) {
                            Some(bp) if !matches!(op, "|>" | "<|" | ":" | ".." | "::" | "->") => bp,
                            _ => {
                                self.error(
                                    t.span,
                                    format!("unsupported: the dotted operator `.{op}`"),
                                );
                                return Err(());
                            }
                        }
                    };
                    if lbp < min_bp {
                        break;
                    }
                    let op = op.to_string();
                    self.bump();
                    self.skip_newlines();
                    let rhs = self.expr(rbp)?;
                    if is_comparison(&op)
                        && match self.kind() {
                            TokenKind::Op(o) => is_comparison(o),
                            TokenKind::DotOp => {
                                let s = self.tok().span;
                                is_comparison(&self.text_of(s)[1..])
                            }
                            TokenKind::Keyword(Keyword::In | Keyword::Isa) => true,
                            _ => false,
                        }
                    {
                        let s = self.tok().span;
                        self.error(
                            s,
                            "unsupported: chained comparisons with dotted operators (`a .< b .< c`)",
                        );
                        return Err(());
                    }
                    let span = lhs.span.to(rhs.span);
                    lhs = mk(
                        ExprKind::DotCall {
                            callee: Box::new(ident(&op, t.span)),
                            args: vec![
                                Arg::Pos {
                                    value: lhs,
                                    splat: false,
                                },
                                Arg::Pos {
                                    value: rhs,
                                    splat: false,
                                },
                            ],
                        },
                        span,
                    );
                }
                _ => break,
            }
        }
        Ok(lhs)
    }

    fn comparison(&mut self, first: Expr) -> PResult<Expr> {
        let mut operands = vec![first];
        let mut ops = Vec::new();
        let mut op_spans = Vec::new();
        loop {
            let t = self.tok();
            let op = match t.kind {
                TokenKind::Op(o) if is_comparison(o) => o.to_string(),
                TokenKind::Keyword(Keyword::In) => "in".to_string(),
                TokenKind::Keyword(Keyword::Isa) => "isa".to_string(),
                _ => break,
            };
            self.bump();
            self.skip_newlines();
            operands.push(self.expr(COMPARISON + 1)?);
            ops.push(op);
            op_spans.push(t.span);
        }
        if ops.len() == 1 {
            let op = if ops[0] == "∈" {
                "in".to_string()
            } else {
                ops[0].clone()
            };
            return Ok(call(&op, operands, op_spans[0]));
        }
        let span = operands[0].span.to(operands[operands.len() - 1].span);
        Ok(mk(ExprKind::Comparison { operands, ops }, span))
    }

    fn where_params(&mut self) -> PResult<Vec<(String, Option<Expr>)>> {
        let mut params = Vec::new();
        if self.kind() == TokenKind::LBrace {
            self.bump();
            self.in_brackets(|p| {
                while p.kind() != TokenKind::RBrace {
                    params.push(p.where_param()?);
                    if p.kind() == TokenKind::Comma {
                        p.bump();
                    } else {
                        break;
                    }
                }
                p.expect(TokenKind::RBrace, "\"}\" to close the `where` list")?;
                Ok(())
            })?;
        } else {
            params.push(self.where_param()?);
        }
        Ok(params)
    }

    fn where_param(&mut self) -> PResult<(String, Option<Expr>)> {
        let t = self.tok();
        if t.kind != TokenKind::Ident {
            self.expected("a type variable name")?;
        }
        self.bump();
        let name = self.text_of(t.span).to_string();
        if self.eat_op("<:") {
            let bound = self.expr(COMPARISON + 1)?;
            return Ok((name, Some(bound)));
        }
        Ok((name, None))
    }

    fn unary(&mut self) -> PResult<Expr> {
        let t = self.tok();
        if t.kind == TokenKind::DotOp {
            // `.-x`, `.!x`: a broadcast unary operator.
            let op = self.text_of(t.span)[1..].to_string();
            if !matches!(op.as_str(), "-" | "+" | "!" | "~" | "√" | "∛" | "∜" | "¬") {
                self.error(t.span, format!("unexpected \".{op}\""));
                return Err(());
            }
            self.bump();
            let operand = self.expr(UNARY)?;
            let span = t.span.to(operand.span);
            return Ok(mk(
                ExprKind::DotCall {
                    callee: Box::new(ident(&op, t.span)),
                    args: vec![Arg::Pos {
                        value: operand,
                        splat: false,
                    }],
                },
                span,
            ));
        }
        if let TokenKind::Op(op @ ("-" | "+" | "!" | "~" | "√" | "∛" | "∜" | "¬")) = t.kind {
            // An operator used as a value: `map(-, xs)`, `(+)`; or called: `!=(a, b)`, `-(x, y)`.
            if matches!(
                self.nth_kind(1),
                TokenKind::Comma | TokenKind::RParen | TokenKind::RBracket
            ) {
                self.bump();
                return Ok(ident(op, t.span));
            }
            if self.nth_kind(1) == TokenKind::LParen && !self.toks[self.pos + 1].space_before {
                self.bump();
                return self.postfix(ident(op, t.span));
            }
            self.bump();
            let operand = self.expr(UNARY)?;
            let span = t.span.to(operand.span);
            let adjacent = operand.span.start == t.span.end;
            return Ok(match (&operand.kind, op) {
                (ExprKind::Int(i), "-")
                    if adjacent && self.text_of(operand.span) == self.text_of(span)[1..].trim() =>
                {
                    mk(ExprKind::Int(i.wrapping_neg()), span)
                }
                (ExprKind::Int128(_) | ExprKind::BigInt(_), "-")
                    if adjacent
                        && self.text_of(operand.span) == self.text_of(span)[1..].trim()
                        && self
                            .text_of(operand.span)
                            .bytes()
                            .all(|c| c.is_ascii_digit() || c == b'_') =>
                {
                    mk(negated_wide_literal(&operand.kind), span)
                }
                (ExprKind::Float(f), "-")
                    if adjacent && self.text_of(operand.span) == self.text_of(span)[1..].trim() =>
                {
                    mk(ExprKind::Float(-f), span)
                }
                (ExprKind::Int(_) | ExprKind::Float(_), "+") if adjacent => mk(operand.kind, span),
                _ => call(op, vec![operand], t.span),
            });
        }
        if let TokenKind::Op("::") = t.kind {
            // `::T` — an anonymous typed parameter.
            self.bump();
            let ty = self.expr(DECL.1)?;
            let span = t.span.to(ty.span);
            return Ok(mk(
                ExprKind::TypeAssert {
                    value: Box::new(ident("::", t.span)),
                    ty: Box::new(ty),
                },
                span,
            ));
        }
        let e = self.primary()?;
        self.postfix(e)
    }

    /// Calls, indexing, `{}` and field access after a primary expression.
    fn postfix(&mut self, mut e: Expr) -> PResult<Expr> {
        loop {
            let t = self.tok();
            match t.kind {
                // `(a + b)c`, `min(a, b)n`: a parenthesized expression or a call directly
                // followed by a name multiplies, as a number literal does (`2x`).
                TokenKind::Ident if !t.space_before && self.text_of(e.span).ends_with(')') => {
                    let rhs = self.expr(POWER.1)?;
                    let span = e.span.to(rhs.span);
                    e = call("*", vec![e, rhs], span);
                }
                TokenKind::LParen if !t.space_before => {
                    self.bump();
                    let (args, close, semi_at) = self.call_args(TokenKind::RParen)?;
                    let mut span = e.span.to(close);
                    if let Some(k) = semi_at {
                        self.semi_at.push((span.start, k));
                    }
                    let do_block = if self.at_kw(Keyword::Do) {
                        let l = self.do_block()?;
                        span = span.to(l.span);
                        Some(Box::new(l))
                    } else {
                        None
                    };
                    e = mk(
                        ExprKind::Call {
                            callee: Box::new(e),
                            args,
                            do_block,
                        },
                        span,
                    );
                }
                TokenKind::LBracket if !t.space_before => {
                    let saved = (self.pos, self.errors.len(), self.semi_at.len());
                    self.bump();
                    self.index_depth += 1;
                    let r = self.in_brackets(|p| {
                        let mut indices = Vec::new();
                        while p.kind() != TokenKind::RBracket {
                            indices.push(p.expr(ABOVE_ASSIGN)?);
                            // `T[f(x) for x in xs]`: a comprehension with an element type.
                            if indices.len() == 1 && p.at_kw(Keyword::For) {
                                let body = indices.pop().expect("one index");
                                let g = p.comprehension(body)?;
                                let close = p.expect(
                                    TokenKind::RBracket,
                                    "\"]\" to close the comprehension",
                                )?;
                                return Ok((vec![g], close.span, true));
                            }
                            if p.kind() == TokenKind::Comma {
                                p.bump();
                            } else {
                                break;
                            }
                        }
                        let close = p.expect(TokenKind::RBracket, "\"]\" to close the index")?;
                        Ok((indices, close.span, false))
                    });
                    self.index_depth -= 1;
                    let (indices, close, typed_comprehension) = match r {
                        Ok(r) => r,
                        Err(()) => {
                            // `T[a b; c d]`: not an index but a typed matrix literal.
                            (self.pos, _, _) = saved;
                            self.errors.truncate(saved.1);
                            self.semi_at.truncate(saved.2);
                            e = self.typed_literal(e)?;
                            continue;
                        }
                    };
                    let span = e.span.to(close);
                    e = if typed_comprehension {
                        let args = std::iter::once(e)
                            .chain(indices)
                            .map(|value| Arg::Pos {
                                value,
                                splat: false,
                            })
                            .collect();
                        mk(
                            ExprKind::Call {
                                callee: Box::new(ident("_with_eltype", span)),
                                args,
                                do_block: None,
                            },
                            span,
                        )
                    } else {
                        mk(
                            ExprKind::Index {
                                value: Box::new(e),
                                indices,
                            },
                            span,
                        )
                    };
                }
                TokenKind::LBrace if !t.space_before => {
                    self.bump();
                    let (params, close) = self.in_brackets(|p| {
                        let mut params = Vec::new();
                        while p.kind() != TokenKind::RBrace {
                            // `Vector{<:Real}`: a parameter bounded above (in a signature, a
                            // hidden `where` variable; see `lift_bounded_params`).
                            if p.at_op("<:") {
                                let op = p.bump().span;
                                let bound = p.expr(ABOVE_ASSIGN)?;
                                params.push(call("<:", vec![bound], op));
                            } else {
                                params.push(p.expr(ABOVE_ASSIGN)?);
                            }
                            if p.kind() == TokenKind::Comma {
                                p.bump();
                            } else {
                                break;
                            }
                        }
                        let close =
                            p.expect(TokenKind::RBrace, "\"}\" to close the type parameters")?;
                        Ok((params, close.span))
                    })?;
                    let span = e.span.to(close);
                    e = mk(
                        ExprKind::Curly {
                            callee: Box::new(e),
                            params,
                        },
                        span,
                    );
                }
                TokenKind::Op(".") if !t.space_before => e = self.postfix_dot(e)?,
                // `A'` is `adjoint(A)`.
                TokenKind::Op("'") if !t.space_before => {
                    self.bump();
                    let span = e.span.to(t.span);
                    e = mk(
                        ExprKind::Call {
                            callee: Box::new(ident("adjoint", t.span)),
                            args: vec![Arg::Pos {
                                value: e,
                                splat: false,
                            }],
                            do_block: None,
                        },
                        span,
                    );
                    // `x'y` is `x' * y` (juxtaposition after the adjoint).
                    let n = self.tok();
                    if !n.space_before && n.kind == TokenKind::Ident {
                        let rhs = self.expr(POWER.1)?;
                        return Ok(call("*", vec![e, rhs], n.span));
                    }
                }
                TokenKind::Op("'") => {
                    self.error(t.span, "the adjoint operator (') is not supported yet");
                    return Err(());
                }
                _ => return Ok(e),
            }
        }
    }

    fn postfix_dot(&mut self, e: Expr) -> PResult<Expr> {
        self.bump();
        let t = self.tok();
        match t.kind {
            TokenKind::MacroName => {
                // `Base.@time x`: a macro of another module.
                fn path(e: &Expr) -> Option<String> {
                    match &e.kind {
                        ExprKind::Ident(n) => Some(n.clone()),
                        ExprKind::Dot { value, field } => Some(format!("{}.{field}", path(value)?)),
                        _ => None,
                    }
                }
                let Some(q) = path(&e) else {
                    self.error(e.span, "expected a module name before a macro name");
                    return Err(());
                };
                self.macro_call_in(Some((q, e.span)))
            }
            // `Base.in`, `Core.isa`: the functions named like keywords.
            TokenKind::Ident | TokenKind::Keyword(Keyword::In | Keyword::Isa) => {
                self.bump();
                let span = e.span.to(t.span);
                let field = self.text_of(t.span).to_string();
                self.postfix(mk(
                    ExprKind::Dot {
                        value: Box::new(e),
                        field,
                    },
                    span,
                ))
            }
            TokenKind::Op(":") => {
                // `Base.:+`
                self.bump();
                let op = self.tok();
                match op.kind {
                    TokenKind::Op(o) if o != ":" || op.space_before => {
                        self.bump();
                        let span = e.span.to(op.span);
                        self.postfix(mk(
                            ExprKind::Dot {
                                value: Box::new(e),
                                field: o.to_string(),
                            },
                            span,
                        ))
                    }
                    TokenKind::Op(o) => {
                        self.bump();
                        let span = e.span.to(op.span);
                        self.postfix(mk(
                            ExprKind::Dot {
                                value: Box::new(e),
                                field: o.to_string(),
                            },
                            span,
                        ))
                    }
                    // `Base.:(==)`: an operator in parentheses.
                    TokenKind::LParen => {
                        self.bump();
                        let inner = self.tok();
                        let TokenKind::Op(o) = inner.kind else {
                            return self.expected("an operator in `.:(…)`");
                        };
                        self.bump();
                        let close = self.tok();
                        if close.kind != TokenKind::RParen {
                            return self.expected("`)` after the operator in `.:(…)`");
                        }
                        self.bump();
                        let span = e.span.to(close.span);
                        self.postfix(mk(
                            ExprKind::Dot {
                                value: Box::new(e),
                                field: o.to_string(),
                            },
                            span,
                        ))
                    }
                    _ => self.expected("an operator after \".:\""),
                }
            }
            TokenKind::LParen if !t.space_before => {
                // `f.(args…)`: a broadcast call.
                self.bump();
                let (args, close, _) = self.call_args(TokenKind::RParen)?;
                let span = e.span.to(close);
                self.postfix(mk(
                    ExprKind::DotCall {
                        callee: Box::new(e),
                        args,
                    },
                    span,
                ))
            }
            _ => self.expected("a field name after \".\""),
        }
    }

    /// Arguments up to `close`: positional, `x...`, `k = v`, and keywords after `;`.
    fn call_args(&mut self, close: TokenKind) -> PResult<(Vec<Arg>, Span, Option<usize>)> {
        self.in_brackets(|p| {
            let mut args = Vec::new();
            let mut after_semi = false;
            let mut semi_at = None;
            loop {
                match p.kind() {
                    k if k == close => break,
                    TokenKind::Semi if !after_semi => {
                        p.bump();
                        after_semi = true;
                        semi_at = Some(args.len());
                        continue;
                    }
                    _ => {}
                }
                let value = p.expr(ABOVE_ASSIGN)?;
                if p.eat_op("...") {
                    if after_semi {
                        args.push(Arg::KwSplat { value });
                    } else {
                        args.push(Arg::Pos { value, splat: true });
                    }
                } else if p.at_op("=") {
                    p.bump();
                    let rhs = p.expr(ABOVE_ASSIGN)?;
                    match &value.kind {
                        ExprKind::Ident(name) => {
                            let span = value.span.to(rhs.span);
                            args.push(Arg::Kw {
                                name: name.clone(),
                                value: rhs,
                                span,
                            });
                        }
                        _ => {
                            // `x::T = default` in a definition's parameter list.
                            let span = value.span.to(rhs.span);
                            args.push(Arg::Pos {
                                value: mk(
                                    ExprKind::Assign {
                                        lhs: Box::new(value),
                                        rhs: Box::new(rhs),
                                    },
                                    span,
                                ),
                                splat: false,
                            });
                        }
                    }
                } else if p.at_kw(Keyword::For) {
                    // A generator argument: `sum(x^2 for x in xs)`.
                    let g = p.comprehension(value)?;
                    args.push(Arg::Pos {
                        value: g,
                        splat: false,
                    });
                } else if after_semi {
                    let span = value.span;
                    match value.kind {
                        ExprKind::Ident(name) => args.push(Arg::Kw {
                            name: name.clone(),
                            value: ident(&name, span),
                            span,
                        }),
                        // `f(; x.a)` is `f(; a = x.a)`.
                        ExprKind::Dot { ref field, .. } => args.push(Arg::Kw {
                            name: field.clone(),
                            value: value.clone(),
                            span,
                        }),
                        // `f(; :a => 1)` is `f(; (:a => 1,)...)`.
                        ExprKind::Call { ref callee, .. }
                            if matches!(&callee.kind, ExprKind::Ident(n) if n == "=>") =>
                        {
                            args.push(Arg::KwSplat {
                                value: mk(ExprKind::Tuple(vec![value]), span),
                            })
                        }
                        _ => args.push(Arg::Pos {
                            value,
                            splat: false,
                        }),
                    }
                } else {
                    args.push(Arg::Pos {
                        value,
                        splat: false,
                    });
                }
                match p.kind() {
                    TokenKind::Comma => {
                        p.bump();
                    }
                    TokenKind::Semi if !after_semi => {}
                    k if k == close => {}
                    _ => {
                        p.expected("\",\" or \")\"")?;
                    }
                }
            }
            let c = p.bump();
            Ok((args, c.span, semi_at))
        })
    }

    /// `[body for x in a, y in b if cond for z in c …]`, after `body` (in brackets and in a
    /// generator). One clause with one iterator is `_comprehension(x -> body,
    /// _comprehension_filter(x -> cond, a))` (`map` and `filter` over the elements); one
    /// clause with several is an array with a dimension per iterator (`_comprehension_n`), or a
    /// vector when filtered; several clauses nest, and their results are flattened into one
    /// vector, as Julia's `Iterators.flatten` does.
    fn comprehension(&mut self, body: Expr) -> PResult<Expr> {
        let for_span = self.bump().span;
        let mut clauses = vec![self.comprehension_clause()?];
        while self.at_kw(Keyword::For) {
            self.bump();
            clauses.push(self.comprehension_clause()?);
        }
        self.clauses_call(&clauses, body, for_span, true)
    }

    fn comprehension_clause(&mut self) -> PResult<Clause> {
        let mut clause = Clause {
            vars: Vec::new(),
            iters: Vec::new(),
            cond: None,
        };
        loop {
            clause.vars.push(self.expr(COMPARISON + 1)?);
            if !(self.at_kw(Keyword::In) || self.at_op("=") || self.at_op("∈")) {
                self.expected("\"in\" in a comprehension")?;
            }
            self.bump();
            clause.iters.push(self.expr(ABOVE_ASSIGN)?);
            if self.kind() != TokenKind::Comma {
                break;
            }
            self.bump();
        }
        if self.at_kw(Keyword::If) {
            self.bump();
            clause.cond = Some(self.expr(ABOVE_ASSIGN)?);
        }
        Ok(clause)
    }

    /// The call computing `clauses` with `body` innermost; `shaped` when the result may have a
    /// dimension per iterator (an outermost single clause).
    fn clauses_call(
        &mut self,
        clauses: &[Clause],
        body: Expr,
        span: Span,
        shaped: bool,
    ) -> PResult<Expr> {
        let (first, rest) = clauses.split_first().expect("a comprehension has a clause");
        if rest.is_empty() {
            return self.clause_call(first, body, span, shaped);
        }
        let inner = self.clauses_call(rest, body, span, false)?;
        let nested = self.clause_call(first, inner, span, false)?;
        Ok(call("_flatten_comprehension", vec![nested], span))
    }

    fn clause_call(
        &mut self,
        clause: &Clause,
        body: Expr,
        span: Span,
        shaped: bool,
    ) -> PResult<Expr> {
        let f = self.lambda_of(&clause.vars, body)?;
        if let [iter] = clause.iters.as_slice() {
            let mut iter = iter.clone();
            if let Some(cond) = &clause.cond {
                let pred = self.lambda_of(&clause.vars, cond.clone())?;
                iter = call("_comprehension_filter", vec![pred, iter], span);
            }
            return Ok(call("_comprehension", vec![f, iter], span));
        }
        let mut args = vec![f];
        let name = match &clause.cond {
            None if shaped => "_comprehension_n",
            None => {
                args.push(ident("nothing", span));
                "_comprehension_filtered"
            }
            Some(cond) => {
                args.push(self.lambda_of(&clause.vars, cond.clone())?);
                "_comprehension_filtered"
            }
        };
        args.extend(clause.iters.iter().cloned());
        Ok(call(name, args, span))
    }

    /// `(vars…) -> body`, destructuring the variables written as tuples.
    fn lambda_of(&mut self, vars: &[Expr], body: Expr) -> PResult<Expr> {
        let mark = self.destructure.len();
        let params = vars
            .iter()
            .map(|v| self.param_from(v))
            .collect::<PResult<Vec<_>>>()?;
        let span = body.span;
        let mut block = Block {
            exprs: vec![body],
            span,
        };
        self.take_destructuring(mark, &mut block);
        Ok(mk(
            ExprKind::Lambda(Box::new(Lambda {
                params,
                body: block,
                span,
            })),
            span,
        ))
    }

    /// Starts `body` with the destructuring of the tuple parameters recorded since `mark`:
    /// `local (a, b) = #destructure#N`, so the names are the function's own locals.
    fn take_destructuring(&mut self, mark: usize, body: &mut Block) {
        let pending: Vec<(String, Expr)> = self.destructure.drain(mark..).collect();
        let pre = pending.into_iter().map(|(name, pattern)| {
            let span = pattern.span;
            let assign = mk(
                ExprKind::Assign {
                    lhs: Box::new(pattern),
                    rhs: Box::new(ident(&name, span)),
                },
                span,
            );
            mk(ExprKind::Local(vec![assign]), span)
        });
        body.exprs.splice(0..0, pre);
    }

    fn do_block(&mut self) -> PResult<Lambda> {
        let open = self.bump().span;
        let mark = self.destructure.len();
        let mut params = Vec::new();
        self.with_newlines(|p| {
            while !matches!(
                p.kind(),
                TokenKind::Newline | TokenKind::Semi | TokenKind::Eof
            ) {
                // `do a, b` takes two arguments; `do (a, b)` one, destructured.
                let e = p.expr(ABOVE_ASSIGN)?;
                params.push(p.param_from(&e)?);
                if p.kind() == TokenKind::Comma {
                    p.bump();
                } else {
                    break;
                }
            }
            Ok(())
        })?;
        let mut body = self.block(&[Keyword::End])?;
        self.take_destructuring(mark, &mut body);
        let end = self.expect_end("do", open)?;
        Ok(Lambda {
            params,
            body,
            span: open.to(end),
        })
    }

    /// `$x`, `$(expr)`, `$(xs...)` and `$$x` (quoted code's interpolations), at the `$`. Kept
    /// out of `primary` so that its frame stays small for deeply nested code.
    #[inline(never)]
    fn interpolation(&mut self, t: Token) -> PResult<Expr> {
        self.bump();
        let next = self.tok();
        if next.space_before {
            self.error(t.span, "expected a name or `(` right after \"$\"");
            return Err(());
        }
        match next.kind {
            TokenKind::LParen => {
                self.bump();
                let (value, splat, close) = self.in_brackets(|p| {
                    let value = p.expr(ASSIGN)?;
                    let splat = p.eat_op("...");
                    let c = p.expect(TokenKind::RParen, "\")\" to close \"$(\"")?;
                    Ok((value, splat, c.span))
                })?;
                Ok(mk(
                    ExprKind::Interp {
                        value: Box::new(value),
                        splat,
                    },
                    t.span.to(close),
                ))
            }
            TokenKind::Ident => {
                self.bump();
                let value = ident(self.text_of(next.span), next.span);
                Ok(mk(
                    ExprKind::Interp {
                        value: Box::new(value),
                        splat: false,
                    },
                    t.span.to(next.span),
                ))
            }
            // `$$n`: an interpolation into an enclosing quote's interpolation.
            TokenKind::Dollar => {
                self.enter(t.span)?;
                let value = self.primary();
                self.leave();
                let value = value?;
                let span = t.span.to(value.span);
                Ok(mk(
                    ExprKind::Interp {
                        value: Box::new(value),
                        splat: false,
                    },
                    span,
                ))
            }
            _ => {
                self.error(t.span, "expected a name or `(` right after \"$\"");
                Err(())
            }
        }
    }

    fn primary(&mut self) -> PResult<Expr> {
        let t = self.tok();
        match t.kind {
            TokenKind::Int(v)
                if self.text_of(t.span).starts_with("0x")
                    || self.text_of(t.span).starts_with("0o")
                    || self.text_of(t.span).starts_with("0b") =>
            {
                self.bump();
                let text = self.text_of(t.span).to_string();
                // Wider than 128 bits: a `BigInt`, as Julia reads it.
                let kind = match v
                    .and_then(|value| Some((value, unsigned_literal_bits(&text, value.get())?)))
                {
                    Some((value, bits)) => ExprKind::UInt { value, bits },
                    None => ExprKind::BigInt(big_literal(&text).into()),
                };
                self.juxtapose(mk(kind, t.span))
            }
            TokenKind::Int(v) => {
                self.bump();
                // Too large for `Int64`: an `Int128`; too large for that, a `BigInt`.
                let kind = match v.map(U128::get) {
                    Some(u) if u <= i64::MAX as u128 => ExprKind::Int(u as i64),
                    Some(u) if u <= i128::MAX as u128 => ExprKind::Int128(U128::new(u)),
                    _ => ExprKind::BigInt(big_literal(self.text_of(t.span)).into()),
                };
                self.juxtapose(mk(kind, t.span))
            }
            TokenKind::Float(f) => {
                self.bump();
                self.juxtapose(mk(ExprKind::Float(f), t.span))
            }
            // `1.5f0` is `Float32(1.5)`: the `Float64` holds the `Float32` exactly.
            TokenKind::Float32(f) => {
                self.bump();
                let value = mk(ExprKind::Float(f64::from(f)), t.span);
                let call = call("Float32", vec![value], t.span);
                self.juxtapose(call)
            }
            TokenKind::Char => {
                self.bump();
                let inner = self.text_of(t.span);
                let inner = &inner[1..inner.len().saturating_sub(1)];
                match unescape(inner, t.span) {
                    Ok(s) => {
                        let mut cs = s.chars();
                        match (cs.next(), cs.next()) {
                            (Some(c), None) => Ok(mk(ExprKind::Char(c), t.span)),
                            _ => {
                                self.error(
                                    t.span,
                                    "character literal contains more than one character",
                                );
                                Err(())
                            }
                        }
                    }
                    Err(e) => {
                        self.errors.push(e);
                        Err(())
                    }
                }
            }
            TokenKind::StrStart { triple } => self.string(triple),
            TokenKind::StrMacro => {
                self.bump();
                Ok(self.string_macro(t.span))
            }
            TokenKind::Ident => {
                self.bump();
                let name = self.text_of(t.span);
                if name == "mutable" && self.at_kw(Keyword::Struct) {
                    let kw = self.bump();
                    return self.struct_def(true, t.span.to(kw.span));
                }
                let next = self.tok();
                let next_is_type =
                    next.kind == TokenKind::Ident && self.text_of(next.span) == "type";
                if name == "abstract" && next_is_type {
                    self.bump();
                    return self.abstract_def(t.span);
                }
                if name == "primitive" && next_is_type {
                    self.error(t.span, "primitive type definitions are not supported");
                    return Err(());
                }
                Ok(ident(name, t.span))
            }
            TokenKind::MacroName => self.macro_call(),
            TokenKind::Dollar => self.interpolation(t),
            TokenKind::Op(":")
                if self.nth_kind(1) == TokenKind::LParen
                    && !self.toks[self.pos + 1].space_before
                    && matches!(self.nth_kind(2), TokenKind::Op(_))
                    && self.nth_kind(3) == TokenKind::RParen =>
            {
                // `:(=)`, `:(::)`, `:(+)`: an operator's symbol.
                self.bump();
                self.bump();
                let op = self.bump();
                let close = self.bump();
                let name = self.text_of(op.span).to_string();
                Ok(mk(ExprKind::Symbol(name), t.span.to(close.span)))
            }
            TokenKind::Op(":")
                if self.nth_kind(1) == TokenKind::LParen
                    && !self.toks[self.pos + 1].space_before =>
            {
                // `:(expr)`: the expression as data (`:(+)` is the symbol `+`).
                self.bump();
                let inner = self.paren()?;
                let span = t.span.to(inner.span);
                Ok(mk(ExprKind::Quote(Box::new(inner)), span))
            }
            TokenKind::Op(":")
                if matches!(self.nth_kind(1), TokenKind::Op(o) if o != ":" && o != "?" && o != ".")
                    && !self.toks[self.pos + 1].space_before =>
            {
                // `:+`, `:(==)`-style operator symbols.
                self.bump();
                let n = self.bump();
                let name = self.text_of(n.span).to_string();
                Ok(mk(ExprKind::Symbol(name), t.span.to(n.span)))
            }
            TokenKind::Op(":")
                if self.nth_kind(1) == TokenKind::Op(".")
                    && !self.toks[self.pos + 1].space_before
                    && (self.toks[self.pos + 2].space_before
                        || matches!(
                            self.nth_kind(2),
                            TokenKind::RParen
                                | TokenKind::Comma
                                | TokenKind::RBracket
                                | TokenKind::Newline
                                | TokenKind::Semi
                                | TokenKind::Eof
                        )) =>
            {
                // `:.`, the symbol of field access (`ex.head === :.`).
                self.bump();
                let n = self.bump();
                Ok(mk(ExprKind::Symbol(".".into()), t.span.to(n.span)))
            }
            TokenKind::Op(":")
                if matches!(self.nth_kind(1), TokenKind::Keyword(_))
                    && !self.toks[self.pos + 1].space_before =>
            {
                // `:end`, `:if`, …: keywords are symbols too.
                self.bump();
                let n = self.bump();
                let name = self.text_of(n.span).to_string();
                Ok(mk(ExprKind::Symbol(name), t.span.to(n.span)))
            }
            TokenKind::LParen => self.paren(),
            TokenKind::LBracket => self.vector(),
            TokenKind::Op(":")
                if matches!(self.nth_kind(1), TokenKind::Ident)
                    && !self.toks[self.pos + 1].space_before =>
            {
                self.bump();
                let n = self.bump();
                let name = self.text_of(n.span).to_string();
                Ok(mk(ExprKind::Symbol(name), t.span.to(n.span)))
            }
            TokenKind::Op(op) if binary_op(op).is_some() || is_comparison(op) => {
                // An operator used as a value, as in `reduce(+, xs)`, or called: `==(a, b)`.
                // Also alone on a line or as what is defined: `const ≤ = <=`.
                if matches!(
                    self.nth_kind(1),
                    TokenKind::Comma
                        | TokenKind::RParen
                        | TokenKind::RBracket
                        | TokenKind::RBrace
                        | TokenKind::Newline
                        | TokenKind::Semi
                        | TokenKind::Eof
                        | TokenKind::Op("=")
                ) {
                    self.bump();
                    return Ok(ident(op, t.span));
                }
                if self.nth_kind(1) == TokenKind::LParen && !self.toks[self.pos + 1].space_before {
                    self.bump();
                    return Ok(ident(op, t.span));
                }
                self.expected("an expression")
            }
            TokenKind::Keyword(k) => self.keyword(k, t),
            TokenKind::Error => {
                self.bump();
                Err(())
            }
            _ => self.expected("an expression"),
        }
    }

    /// `2x`, `3(a + b)`: a number literal directly followed by a name or `(` multiplies.
    fn juxtapose(&mut self, num: Expr) -> PResult<Expr> {
        let t = self.tok();
        if t.space_before {
            return Ok(num);
        }
        match t.kind {
            TokenKind::Ident | TokenKind::LParen => {
                let rhs = self.expr(POWER.1)?;
                Ok(call("*", vec![num, rhs], t.span))
            }
            _ => Ok(num),
        }
    }

    fn keyword(&mut self, k: Keyword, t: Token) -> PResult<Expr> {
        match k {
            Keyword::True | Keyword::False => {
                self.bump();
                Ok(mk(ExprKind::Bool(k == Keyword::True), t.span))
            }
            Keyword::In | Keyword::Isa => {
                // Where an operand is expected, `in` and `isa` name their functions:
                // `in(x, xs)`, `function in(x, itr)`, `map(in, xs, sets)`.
                self.bump();
                Ok(ident(k.as_str(), t.span))
            }
            Keyword::End if self.index_depth > 0 => {
                self.bump();
                Ok(ident("end", t.span))
            }
            // `a[begin]`, `a[begin + 1]`: the first index (a `begin … end` block never follows
            // directly by `]`, `,` or an operator).
            Keyword::Begin
                if self.index_depth > 0
                    && matches!(
                        self.nth_kind(1),
                        TokenKind::RBracket | TokenKind::Comma | TokenKind::Op(_)
                    ) =>
            {
                self.bump();
                Ok(ident("begin", t.span))
            }
            Keyword::Function => self.function_kw(),
            Keyword::If => {
                self.bump();
                self.if_rest(t.span, "if")
            }
            Keyword::While => {
                self.bump();
                let cond = self.with_newlines(|p| p.tuple_or_assign())?;
                let body = self.block(&[Keyword::End])?;
                let end = self.expect_end("while", t.span)?;
                Ok(mk(
                    ExprKind::While {
                        cond: Box::new(cond),
                        body,
                    },
                    t.span.to(end),
                ))
            }
            Keyword::For => self.for_loop(),
            Keyword::Begin => {
                self.bump();
                let body = self.block(&[Keyword::End])?;
                let end = self.expect_end("begin", t.span)?;
                Ok(mk(ExprKind::Block(body), t.span.to(end)))
            }
            Keyword::Return => {
                self.bump();
                let value = match self.kind() {
                    TokenKind::Newline | TokenKind::Semi | TokenKind::Eof | TokenKind::RParen => {
                        None
                    }
                    TokenKind::Keyword(
                        Keyword::End
                        | Keyword::Else
                        | Keyword::Elseif
                        | Keyword::Catch
                        | Keyword::Finally,
                    ) => None,
                    _ => Some(Box::new(self.with_newlines(|p| p.tuple_or_assign())?)),
                };
                let span = value.as_ref().map_or(t.span, |v| t.span.to(v.span));
                Ok(mk(ExprKind::Return(value), span))
            }
            Keyword::Break => {
                self.bump();
                Ok(mk(ExprKind::Break, t.span))
            }
            Keyword::Continue => {
                self.bump();
                Ok(mk(ExprKind::Continue, t.span))
            }
            Keyword::Struct => {
                self.bump();
                self.struct_def(false, t.span)
            }
            Keyword::Module | Keyword::Baremodule => self.module_def(),
            Keyword::Using | Keyword::Import => self.using(k == Keyword::Import),
            Keyword::Export => {
                self.bump();
                let names = self.name_list("a name to export")?;
                let end = self.toks[self.pos - 1].span;
                Ok(mk(ExprKind::Export(names), t.span.to(end)))
            }
            Keyword::Const => {
                self.bump();
                let e = self.with_newlines(|p| p.statement())?;
                let span = t.span.to(e.span);
                Ok(mk(ExprKind::Const(Box::new(e)), span))
            }
            Keyword::Global | Keyword::Local => {
                self.bump();
                let e = self.with_newlines(|p| p.statement())?;
                let span = t.span.to(e.span);
                let items = match e.kind {
                    ExprKind::Tuple(items) => items,
                    _ => vec![e],
                };
                Ok(mk(
                    if k == Keyword::Global {
                        ExprKind::Global(items)
                    } else {
                        ExprKind::Local(items)
                    },
                    span,
                ))
            }
            Keyword::Try => self.try_block(),
            Keyword::Let => {
                self.bump();
                let mut bindings = Vec::new();
                self.with_newlines(|p| {
                    while !matches!(
                        p.kind(),
                        TokenKind::Newline | TokenKind::Semi | TokenKind::Eof
                    ) {
                        let b = p.expr(ASSIGN)?;
                        let ok = match &b.kind {
                            ExprKind::Ident(_) => true,
                            ExprKind::Assign { lhs, .. } => matches!(lhs.kind, ExprKind::Ident(_)),
                            _ => false,
                        };
                        if !ok {
                            p.error(b.span, "expected `name` or `name = value` in `let`");
                            return Err(());
                        }
                        bindings.push(b);
                        if p.kind() == TokenKind::Comma {
                            p.bump();
                        } else {
                            break;
                        }
                    }
                    Ok(())
                })?;
                let body = self.block(&[Keyword::End])?;
                let end = self.expect_end("let", t.span)?;
                Ok(mk(ExprKind::Let { bindings, body }, t.span.to(end)))
            }
            Keyword::Quote => {
                self.bump();
                let body = self.block(&[Keyword::End])?;
                let end = self.expect_end("quote", t.span)?;
                let span = t.span.to(end);
                Ok(mk(
                    ExprKind::Quote(Box::new(mk(ExprKind::Block(body), span))),
                    span,
                ))
            }
            Keyword::Macro => self.macro_def(),
            _ => self.expected("an expression"),
        }
    }

    fn if_rest(&mut self, open: Span, opener: &str) -> PResult<Expr> {
        let cond = self.with_newlines(|p| p.tuple_or_assign())?;
        let then = self.block(&[Keyword::End, Keyword::Else, Keyword::Elseif])?;
        let t = self.tok();
        let else_ = match t.kind {
            TokenKind::Keyword(Keyword::Elseif) => {
                self.bump();
                // The nested `if` consumes the shared `end`.
                let nested = self.if_rest(t.span, opener)?;
                let span = nested.span;
                return Ok(mk(
                    ExprKind::If {
                        cond: Box::new(cond),
                        then,
                        else_: Some(Box::new(nested)),
                    },
                    open.to(span),
                ));
            }
            TokenKind::Keyword(Keyword::Else) => {
                self.bump();
                let b = self.block(&[Keyword::End])?;
                let span = b.span;
                Some(Box::new(mk(ExprKind::Block(b), span)))
            }
            _ => None,
        };
        let end = self.expect_end(opener, open)?;
        Ok(mk(
            ExprKind::If {
                cond: Box::new(cond),
                then,
                else_,
            },
            open.to(end),
        ))
    }

    fn for_loop(&mut self) -> PResult<Expr> {
        let open = self.bump().span;
        let mut heads = Vec::new();
        self.with_newlines(|p| {
            loop {
                let var = p.expr(COMPARISON + 1)?;
                if !(p.at_kw(Keyword::In) || p.at_op("=") || p.at_op("∈")) {
                    p.expected("\"in\", \"=\" or \"∈\" in a `for` loop")?;
                }
                p.bump();
                let iter = p.expr(ABOVE_ASSIGN)?;
                heads.push((var, iter));
                if p.kind() == TokenKind::Comma {
                    p.bump();
                } else {
                    break;
                }
            }
            Ok(())
        })?;
        let body = self.block(&[Keyword::End])?;
        let end = self.expect_end("for", open)?;
        let span = open.to(end);
        // `for a in x, b in y` nests.
        let mut body = body;
        let mut result = None;
        for (var, iter) in heads.into_iter().rev() {
            let e = mk(
                ExprKind::For {
                    var: Box::new(var),
                    iter: Box::new(iter),
                    body,
                },
                span,
            );
            body = Block {
                exprs: vec![e.clone()],
                span,
            };
            result = Some(e);
        }
        result.ok_or(())
    }

    fn try_block(&mut self) -> PResult<Expr> {
        let open = self.bump().span;
        let body = self.block(&[Keyword::End, Keyword::Catch, Keyword::Finally])?;
        let mut catch_var = None;
        let mut catch_body = None;
        let mut finally = None;
        if self.at_kw(Keyword::Catch) {
            let c = self.bump();
            // `catch e` names the exception only on the same line.
            let next = self.toks[self.pos];
            if next.kind == TokenKind::Ident {
                self.pos += 1;
                catch_var = Some(self.text_of(next.span).to_string());
            }
            let _ = c;
            catch_body = Some(self.block(&[Keyword::End, Keyword::Finally])?);
        }
        if self.at_kw(Keyword::Finally) {
            self.bump();
            finally = Some(self.block(&[Keyword::End])?);
        }
        let end = self.expect_end("try", open)?;
        if catch_body.is_none() && finally.is_none() {
            self.error(open, "`try` without `catch` or `finally`");
            return Err(());
        }
        Ok(mk(
            ExprKind::Try {
                body,
                catch_var,
                catch_body,
                finally,
            },
            open.to(end),
        ))
    }

    fn function_kw(&mut self) -> PResult<Expr> {
        let open = self.bump().span;
        if self.kind() == TokenKind::LParen && !self.call_of_parenthesized() {
            // `function (x, y) … end`: anonymous.
            self.bump();
            let (args, _, semi_at) = self.call_args(TokenKind::RParen)?;
            let mark = self.destructure.len();
            let params = self.params_from_args(&args, semi_at)?.0;
            let mut body = self.block(&[Keyword::End])?;
            self.take_destructuring(mark, &mut body);
            let end = self.expect_end("function", open)?;
            let span = open.to(end);
            return Ok(mk(
                ExprKind::Lambda(Box::new(Lambda { params, body, span })),
                span,
            ));
        }
        let sig = self.with_newlines(|p| p.expr(ABOVE_ASSIGN))?;
        if let ExprKind::Ident(name) = &sig.kind
            && self.at_kw(Keyword::End)
        {
            let end = self.expect_end("function", open)?;
            let name = FuncName {
                qualifier: Vec::new(),
                name: name.clone(),
                span: sig.span,
                interp: None,
            };
            return Ok(mk(ExprKind::FunctionDecl(name), open.to(end)));
        }
        let (sig, where_params) = match sig.kind {
            ExprKind::Where { value, params } => (*value, params),
            _ => (sig, Vec::new()),
        };
        let (sig, ret_type) = match sig.kind {
            ExprKind::TypeAssert { value, ty } if matches!(value.kind, ExprKind::Call { .. }) => {
                (*value, Some(*ty))
            }
            _ => (sig, None),
        };
        if !matches!(sig.kind, ExprKind::Call { do_block: None, .. }) {
            self.error(
                sig.span,
                "expected a function signature such as `name(x, y)`",
            );
            return Err(());
        }
        let body = self.block(&[Keyword::End])?;
        let end = self.expect_end("function", open)?;
        let def = self.function_def(sig, where_params, ret_type, body)?;
        Ok(mk(ExprKind::Function(Box::new(def)), open.to(end)))
    }

    /// At `(`: whether the parenthesized part is followed directly by `(`, as in
    /// `function (c::Counter)() … end` (a method calling instances of a type, not an
    /// anonymous function).
    fn call_of_parenthesized(&mut self) -> bool {
        let mut nest = 0i32;
        let mut n = 0;
        loop {
            match self.nth_kind(n) {
                TokenKind::Eof => return false,
                TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => nest += 1,
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                    nest -= 1;
                    if nest == 0 {
                        return self.nth_kind(n + 1) == TokenKind::LParen
                            && !self.toks[self.pos + n + 1].space_before;
                    }
                }
                _ => {}
            }
            n += 1;
        }
    }

    /// `macro name(args…) … end`: a function `@name` whose first two parameters are
    /// `__source__` (the call's `LineNumberNode`) and `__module__` (the calling module), as Julia
    /// defines macros.
    fn macro_def(&mut self) -> PResult<Expr> {
        let open = self.bump().span;
        let sig = self.with_newlines(|p| p.expr(ABOVE_ASSIGN))?;
        let ExprKind::Call {
            callee,
            do_block: None,
            ..
        } = &sig.kind
        else {
            self.error(sig.span, "expected a macro signature such as `name(x, y)`");
            return Err(());
        };
        if !matches!(
            callee.kind,
            ExprKind::Ident(_) | ExprKind::Interp { splat: false, .. }
        ) {
            self.error(callee.span, "expected a macro name");
            return Err(());
        }
        let body = self.block(&[Keyword::End])?;
        let end = self.expect_end("macro", open)?;
        let mut def = self.function_def(sig, Vec::new(), None, body)?;
        if !def.kwparams.is_empty() {
            self.error(def.name.span, "macros cannot take keyword arguments");
            return Err(());
        }
        def.name.name = format!("@{}", def.name.name);
        let hidden = |name: &str| Param {
            name: Some(name.to_string()),
            ty: None,
            vararg: false,
            default: None,
            span: open,
        };
        def.params
            .splice(0..0, [hidden("__source__"), hidden("__module__")]);
        Ok(mk(ExprKind::Function(Box::new(def)), open.to(end)))
    }

    fn function_def(
        &mut self,
        sig: Expr,
        where_params: Vec<(String, Option<Expr>)>,
        ret_type: Option<Expr>,
        mut body: Block,
    ) -> PResult<FunctionDef> {
        let start = sig.span.start;
        let ExprKind::Call { callee, args, .. } = sig.kind else {
            return Err(());
        };
        // `(p::P)(x) = …` and `(::P)(x) = …` add a method calling instances of `P`;
        // `P{T}(x) where {T} = …` one calling the type `P{T}` (`(::Type{P{T}})(x)`, as Julia
        // reads it).
        let callee = if matches!(callee.kind, ExprKind::Curly { .. }) {
            let span = callee.span;
            let ty = mk(
                ExprKind::Curly {
                    callee: Box::new(ident("Type", span)),
                    params: vec![*callee],
                },
                span,
            );
            // Named (not `::Type{…}`), so optional arguments can forward to it.
            let object = ident("#self#", span);
            Box::new(mk(
                ExprKind::TypeAssert {
                    value: Box::new(object),
                    ty: Box::new(ty),
                },
                span,
            ))
        } else {
            callee
        };
        let (name, mut object) = if matches!(callee.kind, ExprKind::TypeAssert { .. }) {
            let object = self.param_from(&callee)?;
            let name = FuncName {
                qualifier: Vec::new(),
                name: String::new(),
                span: callee.span,
                interp: None,
            };
            (name, Some(object))
        } else {
            (self.func_name(&callee)?, None)
        };
        let semi_at = self
            .semi_at
            .iter()
            .rev()
            .find(|(s, _)| *s == start)
            .map(|(_, k)| *k);
        let mark = self.destructure.len();
        let (mut params, kwparams) = self.params_from_args(&args, semi_at)?;
        self.take_destructuring(mark, &mut body);
        let mut where_params = where_params;
        for p in params.iter_mut().chain(object.as_mut()) {
            if let Some(ty) = &mut p.ty {
                self.lift_bounded_params(ty, &mut where_params);
            }
        }
        Ok(FunctionDef {
            name,
            object,
            params,
            kwparams,
            where_params,
            ret_type,
            body,
        })
    }

    fn func_name(&mut self, callee: &Expr) -> PResult<FuncName> {
        if let ExprKind::Interp { splat: false, .. } = &callee.kind {
            return Ok(FuncName {
                qualifier: Vec::new(),
                name: String::new(),
                span: callee.span,
                interp: Some(Box::new(callee.clone())),
            });
        }
        let mut qualifier = Vec::new();
        fn path(e: &Expr, out: &mut Vec<String>) -> bool {
            match &e.kind {
                ExprKind::Ident(n) => {
                    out.push(n.clone());
                    true
                }
                ExprKind::Dot { value, field } => {
                    let ok = path(value, out);
                    out.push(field.clone());
                    ok
                }
                _ => false,
            }
        }
        if !path(callee, &mut qualifier) {
            self.error(callee.span, "expected a function name");
            return Err(());
        }
        let name = qualifier.pop().expect("path pushed a name");
        Ok(FuncName {
            qualifier,
            name,
            span: callee.span,
            interp: None,
        })
    }

    /// `x::Vector{<:Real}` in a signature: each `<:B` parameter becomes a hidden `where`
    /// variable `#sN <: B`, as Julia's `Vector{T} where T<:Real`.
    fn lift_bounded_params(&mut self, ty: &mut Expr, wheres: &mut Vec<(String, Option<Expr>)>) {
        if let ExprKind::Curly { params, .. } = &mut ty.kind {
            for p in params.iter_mut() {
                if let ExprKind::Call { callee, args, .. } = &p.kind
                    && matches!(&callee.kind, ExprKind::Ident(n) if n == "<:")
                    && let [
                        Arg::Pos {
                            value,
                            splat: false,
                        },
                    ] = args.as_slice()
                {
                    let name = format!("#s{}", self.destructure_count);
                    self.destructure_count += 1;
                    wheres.push((name.clone(), Some(value.clone())));
                    *p = ident(&name, p.span);
                } else {
                    self.lift_bounded_params(p, wheres);
                }
            }
        }
    }

    fn param_from(&mut self, e: &Expr) -> PResult<Param> {
        let span = e.span;
        match &e.kind {
            ExprKind::Ident(n) => Ok(Param {
                name: Some(n.clone()),
                ty: None,
                vararg: false,
                default: None,
                span,
            }),
            ExprKind::TypeAssert { value, ty } => match &value.kind {
                ExprKind::Ident(n) if n == "::" => Ok(Param {
                    name: None,
                    ty: Some((**ty).clone()),
                    vararg: false,
                    default: None,
                    span,
                }),
                ExprKind::Ident(n) => Ok(Param {
                    name: Some(n.clone()),
                    ty: Some((**ty).clone()),
                    vararg: false,
                    default: None,
                    span,
                }),
                _ => {
                    self.error(span, "expected a parameter name");
                    Err(())
                }
            },
            ExprKind::Assign { lhs, rhs } => {
                let mut p = self.param_from(lhs)?;
                p.default = Some((**rhs).clone());
                p.span = span;
                Ok(p)
            }
            ExprKind::Tuple(items) if !items.is_empty() => {
                let name = format!("#destructure#{}", self.destructure_count);
                self.destructure_count += 1;
                self.destructure.push((name.clone(), e.clone()));
                Ok(Param {
                    name: Some(name),
                    ty: None,
                    vararg: false,
                    default: None,
                    span,
                })
            }
            _ => {
                self.error(span, "expected a parameter name");
                Err(())
            }
        }
    }

    /// Parameters from a parsed argument list; those after position `semi_at` are keywords.
    fn params_from_args(
        &mut self,
        args: &[Arg],
        semi_at: Option<usize>,
    ) -> PResult<(Vec<Param>, Vec<Param>)> {
        let mut params = Vec::new();
        let mut kwparams = Vec::new();
        for (i, a) in args.iter().enumerate() {
            let params = if semi_at.is_some_and(|k| i >= k) {
                &mut kwparams
            } else {
                &mut params
            };
            match a {
                Arg::Pos { value, splat } => {
                    let mut p = self.param_from(value)?;
                    p.vararg = *splat;
                    params.push(p);
                }
                Arg::KwSplat { value } => {
                    let mut p = self.param_from(value)?;
                    p.vararg = true;
                    params.push(p);
                }
                Arg::Kw { name, value, span } if value.span == *span => {
                    // `f(; w)`: a bare name (the call shorthand `w = w`) is a required keyword.
                    params.push(Param {
                        name: Some(name.clone()),
                        ty: None,
                        vararg: false,
                        default: None,
                        span: *span,
                    });
                }
                Arg::Kw { name, value, span } => {
                    // In a definition, `y = 2` is a default value.
                    params.push(Param {
                        name: Some(name.clone()),
                        ty: None,
                        vararg: false,
                        default: Some(value.clone()),
                        span: *span,
                    });
                }
            }
        }
        Ok((params, kwparams))
    }

    fn lambda_from(&mut self, lhs: Expr, body: Expr) -> PResult<Expr> {
        let mark = self.destructure.len();
        let params = match &lhs.kind {
            ExprKind::Tuple(items) => items
                .iter()
                .map(|i| self.param_from(i))
                .collect::<PResult<Vec<_>>>()?,
            // `(a, xs...) -> …`: `paren` made the splatting tuple a call of `tuple`.
            ExprKind::Call { callee, args, .. }
                if matches!(&callee.kind, ExprKind::Ident(n) if n == "tuple")
                    && callee.span.start == lhs.span.start =>
            {
                let mut params = Vec::new();
                for a in args {
                    let Arg::Pos { value, splat } = a else {
                        self.error(lhs.span, "expected a parameter name");
                        return Err(());
                    };
                    let mut p = self.param_from(value)?;
                    p.vararg = *splat;
                    params.push(p);
                }
                params
            }
            _ => vec![self.param_from(&lhs)?],
        };
        let span = lhs.span.to(body.span);
        let bspan = body.span;
        let mut body = match body.kind {
            ExprKind::Block(b) => b,
            _ => Block {
                exprs: vec![body],
                span: bspan,
            },
        };
        self.take_destructuring(mark, &mut body);
        Ok(mk(
            ExprKind::Lambda(Box::new(Lambda { params, body, span })),
            span,
        ))
    }

    fn paren(&mut self) -> PResult<Expr> {
        let open = self.bump().span;
        let (e, close) = self.in_brackets(|p| {
            if p.kind() == TokenKind::RParen {
                let c = p.bump();
                return Ok((mk(ExprKind::Tuple(Vec::new()), open.to(c.span)), c.span));
            }
            if p.kind() == TokenKind::Semi {
                // `(; a, b = 2, t..., :c => 3)`: a named tuple.
                p.bump();
                let mut entries = Vec::new();
                while p.kind() != TokenKind::RParen {
                    let e = p.expr(ASSIGN)?;
                    let splat = p.eat_op("...");
                    entries.push(p.named_tuple_entry(e, true, splat)?);
                    if p.kind() != TokenKind::Comma {
                        break;
                    }
                    p.bump();
                }
                let c = p.expect(TokenKind::RParen, "\")\" to close the named tuple")?;
                let span = open.to(c.span);
                return Ok((mk(ExprKind::NamedTuple(entries), span), c.span));
            }
            let first = p.expr(ASSIGN)?;
            let first_splat = p.eat_op("...");
            if first_splat || p.kind() == TokenKind::Comma {
                let mut items = vec![(first, first_splat)];
                while p.kind() == TokenKind::Comma {
                    p.bump();
                    if p.kind() == TokenKind::RParen {
                        break;
                    }
                    let e = p.expr(ASSIGN)?;
                    let splat = p.eat_op("...");
                    items.push((e, splat));
                }
                let c = p.expect(TokenKind::RParen, "\")\" to close the tuple")?;
                let span = open.to(c.span);
                if items.iter().any(|(_, splat)| *splat) {
                    // `(a, xs...)`: the tuple of `a` and the elements of `xs`.
                    let args = items
                        .into_iter()
                        .map(|(value, splat)| Arg::Pos { value, splat })
                        .collect();
                    let call = ExprKind::Call {
                        callee: Box::new(ident("tuple", open)),
                        args,
                        do_block: None,
                    };
                    return Ok((mk(call, span), c.span));
                }
                let items: Vec<Expr> = items.into_iter().map(|(e, _)| e).collect();
                if items.iter().any(is_named_entry) {
                    // `(a = 1, b = 2)`: every element must name its value.
                    let entries = items
                        .into_iter()
                        .map(|e| p.named_tuple_entry(e, false, false))
                        .collect::<PResult<Vec<_>>>()?;
                    return Ok((mk(ExprKind::NamedTuple(entries), span), c.span));
                }
                return Ok((mk(ExprKind::Tuple(items), span), c.span));
            }
            if p.kind() == TokenKind::Semi {
                // `(a; b)`: a block.
                let mut exprs = vec![first];
                while p.kind() == TokenKind::Semi {
                    p.bump();
                    if p.kind() == TokenKind::RParen {
                        break;
                    }
                    exprs.push(p.expr(ASSIGN)?);
                }
                let c = p.expect(TokenKind::RParen, "\")\"")?;
                let span = open.to(c.span);
                return Ok((mk(ExprKind::Block(Block { exprs, span }), span), c.span));
            }
            if p.at_kw(Keyword::For) {
                let g = p.comprehension(first)?;
                let c = p.expect(TokenKind::RParen, "\")\"")?;
                return Ok((g, c.span));
            }
            let c = p.expect(TokenKind::RParen, "\")\"")?;
            Ok((first, c.span))
        })?;
        // Keep the parentheses in the span, so `(a:b):c` is not merged into `a:b:c`.
        let mut e = e;
        if !matches!(e.kind, ExprKind::Tuple(_)) {
            e.span = open.to(close);
        }
        Ok(e)
    }

    /// One entry of a named tuple: `name = value`; after `;` also `name`, `x.name`, `t...` and
    /// `key => value`.
    fn named_tuple_entry(&mut self, e: Expr, after_semi: bool, splat: bool) -> PResult<Arg> {
        let span = e.span;
        if splat {
            return Ok(Arg::Pos {
                value: e,
                splat: true,
            });
        }
        match e.kind {
            ExprKind::Assign { lhs, rhs } if matches!(lhs.kind, ExprKind::Ident(_)) => {
                let ExprKind::Ident(name) = lhs.kind else {
                    unreachable!("checked above")
                };
                Ok(Arg::Kw {
                    name,
                    value: *rhs,
                    span,
                })
            }
            ExprKind::Ident(ref name) if after_semi => Ok(Arg::Kw {
                name: name.clone(),
                value: e.clone(),
                span,
            }),
            ExprKind::Dot { ref field, .. } if after_semi => Ok(Arg::Kw {
                name: field.clone(),
                value: e.clone(),
                span,
            }),
            ExprKind::Call { ref callee, .. }
                if after_semi && matches!(&callee.kind, ExprKind::Ident(n) if n == "=>") =>
            {
                Ok(Arg::Pos {
                    value: e,
                    splat: false,
                })
            }
            _ => {
                let text = self.text_of(span).to_string();
                self.error(span, format!("invalid named tuple element \"{text}\""));
                Err(())
            }
        }
    }

    /// `T[a b]`, `T[a; b]`, `T[a b; c d]`: Julia's `typed_hcat(T, a, b)`, `typed_vcat`,
    /// `typed_hvcat`; `T[f(x) for x in xs]` a typed comprehension; at `[`.
    fn typed_literal(&mut self, ty: Expr) -> PResult<Expr> {
        let lit = self.vector()?;
        let span = ty.span.to(lit.span);
        if let ExprKind::Call { callee, args, .. } = &lit.kind
            && let ExprKind::Ident(n) = &callee.kind
            && matches!(n.as_str(), "hcat" | "vcat" | "hvcat")
        {
            let mut all = vec![Arg::Pos {
                value: ty,
                splat: false,
            }];
            all.extend(args.iter().cloned());
            return Ok(mk(
                ExprKind::Call {
                    callee: Box::new(ident(&format!("typed_{n}"), callee.span)),
                    args: all,
                    do_block: None,
                },
                span,
            ));
        }
        // `T[f(x) for x in xs]`: the comprehension with element type `T`.
        Ok(call("_with_eltype", vec![ty, lit], span))
    }

    /// `[a, b]`, a comprehension, or a matrix literal: `[a b]` is `hcat(a, b)`, `[a; b]` (or
    /// rows on separate lines) `vcat(a, b)`, `[a b; c d]` `hvcat((2, 2), a, b, c, d)`, as
    /// Julia lowers them.
    fn vector(&mut self) -> PResult<Expr> {
        let open = self.bump().span;
        self.in_brackets(|p| {
            let mut items = Vec::new();
            // Matrix literal rows; `None` while the literal is a plain vector.
            let mut rows: Option<Vec<Vec<Expr>>> = None;
            let mut commas = false;
            // A row ended with `;` or a newline (`[r;]` is `vcat(r)`, not `hcat(r)`).
            let mut separated = false;
            // Elements written `xs...` (by position in `items`).
            let mut splats = Vec::new();
            while p.kind() != TokenKind::RBracket {
                p.space_sensitive = !commas;
                let e = p.expr(ABOVE_ASSIGN);
                p.space_sensitive = false;
                let e = e?;
                if items.is_empty() && rows.is_none() && p.at_kw(Keyword::For) {
                    let g = p.comprehension(e)?;
                    let c = p.expect(TokenKind::RBracket, "\"]\" to close the comprehension")?;
                    let mut g = g;
                    g.span = open.to(c.span);
                    return Ok(g);
                }
                if p.eat_op("...") {
                    splats.push(items.len());
                }
                items.push(e);
                // A newline before the next token ends the row.
                p.tok();
                let newline = p.pos > 0 && p.toks[p.pos - 1].kind == TokenKind::Newline;
                match p.kind() {
                    TokenKind::Comma if rows.is_none() => {
                        commas = true;
                        p.bump();
                    }
                    TokenKind::RBracket => break,
                    TokenKind::Semi if !commas => {
                        p.bump();
                        separated = true;
                        rows.get_or_insert_with(Vec::new)
                            .push(std::mem::take(&mut items));
                    }
                    _ if newline && !commas => {
                        separated = true;
                        rows.get_or_insert_with(Vec::new)
                            .push(std::mem::take(&mut items));
                    }
                    TokenKind::Comma | TokenKind::Semi => {
                        let t = p.tok();
                        p.error(
                            t.span,
                            "unexpected separator: a literal mixes \",\" with \";\" or spaces",
                        );
                        return Err(());
                    }
                    _ => {
                        let t = p.tok();
                        if t.space_before && t.kind != TokenKind::Error && !commas {
                            // `[a b]`: the next element of this row.
                            rows.get_or_insert_with(Vec::new);
                            continue;
                        }
                        p.expected("\",\" or \"]\"")?;
                    }
                }
            }
            let c = p.bump();
            let span = open.to(c.span);
            if !splats.is_empty() {
                if rows.is_some() {
                    p.error(span, "unsupported: splatting (`xs...`) in a matrix literal");
                    return Err(());
                }
                // `[a, xs...]`: Julia's `vect(a, xs...)`.
                let args = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, value)| Arg::Pos {
                        value,
                        splat: splats.contains(&i),
                    })
                    .collect();
                let callee = Box::new(ident("vect", open));
                return Ok(mk(
                    ExprKind::Call {
                        callee,
                        args,
                        do_block: None,
                    },
                    span,
                ));
            }
            let Some(mut rows) = rows else {
                return Ok(mk(ExprKind::Vect(items), span));
            };
            if !items.is_empty() {
                rows.push(items);
            }
            let call =
                |name: &str, args: Vec<Expr>| Expr::plain_call(ident(name, open), args, span);
            Ok(if rows.len() == 1 && !(separated && rows[0].len() == 1) {
                call("hcat", rows.pop().expect("one row"))
            } else if rows.iter().all(|r| r.len() == 1) {
                call("vcat", rows.into_iter().flatten().collect())
            } else {
                let shape = mk(
                    ExprKind::Tuple(
                        rows.iter()
                            .map(|r| mk(ExprKind::Int(r.len() as i64), open))
                            .collect(),
                    ),
                    open,
                );
                let mut args = vec![shape];
                args.extend(rows.into_iter().flatten());
                call("hvcat", args)
            })
        })
    }

    fn string(&mut self, triple: bool) -> PResult<Expr> {
        let open = self.bump().span;
        // Raw pieces first: triple-quoted strings are dedented before escapes are processed.
        enum Raw {
            Text(Span),
            Interp(Expr),
        }
        let mut raw = Vec::new();
        let close = self.with_newlines(|p| {
            loop {
                let t = p.toks[p.pos];
                match t.kind {
                    TokenKind::StrText => {
                        p.pos += 1;
                        raw.push(Raw::Text(t.span));
                    }
                    TokenKind::StrInterpIdent => {
                        p.pos += 1;
                        let span = Span::new(t.span.start + 1, t.span.end);
                        raw.push(Raw::Interp(ident(p.text_of(span), span)));
                    }
                    TokenKind::InterpStart => {
                        p.pos += 1;
                        let e = p.in_brackets(|q| q.tuple_or_assign())?;
                        p.skip_newlines();
                        if p.toks[p.pos].kind != TokenKind::InterpEnd {
                            p.expected("\")\" to close the interpolation")?;
                        }
                        p.pos += 1;
                        raw.push(Raw::Interp(e));
                    }
                    TokenKind::StrEnd => {
                        p.pos += 1;
                        return Ok(t.span);
                    }
                    _ => {
                        p.expected("the end of the string")?;
                    }
                }
            }
        })?;
        let mut texts: Vec<Option<String>> = raw
            .iter()
            .map(|r| match r {
                Raw::Text(s) => Some(self.text_of(*s).to_string()),
                Raw::Interp(_) => None,
            })
            .collect();
        if triple {
            dedent(&mut texts);
        }
        let mut parts = Vec::new();
        for (r, t) in raw.into_iter().zip(texts) {
            match (r, t) {
                (Raw::Text(span), Some(text)) => match unescape(&text, span) {
                    Ok(s) => {
                        if !s.is_empty() {
                            if let Some(StrPart::Lit(prev)) = parts.last_mut() {
                                prev.push_str(&s);
                            } else {
                                parts.push(StrPart::Lit(s));
                            }
                        }
                    }
                    Err(e) => {
                        self.errors.push(e);
                        return Err(());
                    }
                },
                (Raw::Interp(e), _) => parts.push(StrPart::Interp(e)),
                _ => {}
            }
        }
        Ok(mk(ExprKind::Str(parts), open.to(close)))
    }

    /// `name"text"suffix` is `@name_str("text", "suffix")` (the suffix only when present), the
    /// text raw: backslashes stand for themselves except before a quote, where `\"` is a quote
    /// and a run of backslashes is halved (as `raw"..."` reads). Triple-quoted text is dedented.
    // Not inlined: its locals would enlarge the frame of the recursive expression parser.
    #[inline(never)]
    fn string_macro(&mut self, span: Span) -> Expr {
        let text = self.text_of(span);
        let open = text.find('"').unwrap_or(text.len());
        let close = text.rfind('"').unwrap_or(text.len());
        let prefix = &text[..open];
        let suffix = &text[close + 1..];
        let triple = text[open..].starts_with("\"\"\"") && close >= open + 5;
        let quote = if triple { 3 } else { 1 };
        let body = text.get(open + quote..close + 1 - quote).unwrap_or("");
        let mut texts = vec![Some(body.to_string())];
        if triple {
            dedent(&mut texts);
        }
        let body = unescape_raw(texts[0].as_deref().unwrap_or(""));
        // `var"…"` is not a macro but an identifier spelled with any characters.
        if prefix == "var" && suffix.is_empty() {
            return ident(&body, span);
        }
        let lit = |s: String| mk(ExprKind::Str(vec![StrPart::Lit(s)]), span);
        let mut args = vec![lit(body)];
        if !suffix.is_empty() {
            args.push(lit(suffix.to_string()));
        }
        let name = format!("{prefix}_str");
        mk(ExprKind::MacroCall { name, args }, span)
    }

    fn macro_call(&mut self) -> PResult<Expr> {
        self.macro_call_in(None)
    }

    /// A macro call; `qualifier` is the module path before `.@name` and where it starts.
    fn macro_call_in(&mut self, qualifier: Option<(String, Span)>) -> PResult<Expr> {
        let mut t = self.bump();
        let mut name = self.text_of(t.span)[1..].to_string();
        if name == "." {
            name = "__dot__".into();
        }
        if let Some((q, start)) = qualifier {
            name = format!("{q}.@{name}");
            t.span = start.to(t.span);
        }
        let mut args = Vec::new();
        let next = self.tok();
        if next.kind == TokenKind::LParen && !next.space_before {
            self.bump();
            let (call_args, close, _) = self.call_args(TokenKind::RParen)?;
            for a in call_args {
                match a {
                    Arg::Pos { value, .. } => args.push(value),
                    // `@m(a = 1)`: the macro receives the assignment as written.
                    Arg::Kw { name, value, span } => args.push(mk(
                        ExprKind::Assign {
                            lhs: Box::new(ident(&name, span)),
                            rhs: Box::new(value),
                        },
                        span,
                    )),
                    Arg::KwSplat { value } => {
                        self.error(value.span, "keyword arguments to macros are not supported");
                        return Err(());
                    }
                }
            }
            return Ok(mk(ExprKind::MacroCall { name, args }, t.span.to(close)));
        }
        self.with_newlines(|p| {
            loop {
                match p.kind() {
                    TokenKind::Newline
                    | TokenKind::Semi
                    | TokenKind::Eof
                    | TokenKind::RParen
                    | TokenKind::RBracket
                    | TokenKind::Comma => break,
                    TokenKind::Keyword(
                        Keyword::End
                        | Keyword::Else
                        | Keyword::Elseif
                        | Keyword::Catch
                        | Keyword::Finally,
                    ) => break,
                    _ => args.push(p.expr(ASSIGN)?),
                }
            }
            Ok(())
        })?;
        let span = args.last().map_or(t.span, |a| t.span.to(a.span));
        Ok(mk(ExprKind::MacroCall { name, args }, span))
    }

    fn type_head(
        &mut self,
        what: &str,
    ) -> PResult<(String, Vec<(String, Option<Expr>)>, Option<Box<Expr>>, Span)> {
        let t = self.tok();
        if t.kind != TokenKind::Ident {
            self.expected(&format!("a name for the {what}"))?;
        }
        self.bump();
        let name = self.text_of(t.span).to_string();
        let mut params = Vec::new();
        if self.kind() == TokenKind::LBrace && !self.tok().space_before {
            self.bump();
            self.in_brackets(|p| {
                while p.kind() != TokenKind::RBrace {
                    params.push(p.where_param()?);
                    if p.kind() == TokenKind::Comma {
                        p.bump();
                    } else {
                        break;
                    }
                }
                p.expect(TokenKind::RBrace, "\"}\"")?;
                Ok(())
            })?;
        }
        let supertype = if self.eat_op("<:") {
            Some(Box::new(self.expr(COMPARISON + 1)?))
        } else {
            None
        };
        Ok((name, params, supertype, t.span))
    }

    fn struct_def(&mut self, mutable: bool, open: Span) -> PResult<Expr> {
        let (name, params, supertype, _) = self.type_head("struct")?;
        let mut fields = Vec::new();
        let mut ctors = Vec::new();
        let body = self.block(&[Keyword::End])?;
        let end = self.expect_end("struct", open)?;
        for e in body.exprs {
            // `a::Int = 1`: a field with a default (for `@kwdef`).
            let (e, default) = match e.kind {
                ExprKind::Assign { lhs, rhs }
                    if matches!(lhs.kind, ExprKind::Ident(_) | ExprKind::TypeAssert { .. }) =>
                {
                    (*lhs, Some(rhs))
                }
                kind => (mk(kind, e.span), None),
            };
            match e.kind {
                ExprKind::Ident(n) => fields.push(FieldDecl {
                    name: n,
                    ty: None,
                    default,
                    span: e.span,
                }),
                ExprKind::TypeAssert { value, ty } => match value.kind {
                    ExprKind::Ident(n) => fields.push(FieldDecl {
                        name: n,
                        ty: Some(*ty),
                        default,
                        span: e.span,
                    }),
                    _ => {
                        self.error(value.span, "expected a field name");
                        return Err(());
                    }
                },
                ExprKind::Function(_) => ctors.push(e),
                // A docstring of the field or constructor after it.
                ExprKind::Str(_) => {}
                _ => {
                    self.error(e.span, "expected a field declaration such as `name::Type`");
                    return Err(());
                }
            }
        }
        Ok(mk(
            ExprKind::Struct {
                mutable,
                name,
                params,
                supertype,
                fields,
                ctors,
            },
            open.to(end),
        ))
    }

    fn abstract_def(&mut self, open: Span) -> PResult<Expr> {
        let (name, params, supertype, _) = self.type_head("abstract type")?;
        let end = self.expect_end("abstract type", open)?;
        Ok(mk(
            ExprKind::AbstractType {
                name,
                params,
                supertype,
            },
            open.to(end),
        ))
    }

    fn module_def(&mut self) -> PResult<Expr> {
        let open = self.bump().span;
        let t = self.tok();
        if t.kind != TokenKind::Ident {
            self.expected("a module name")?;
        }
        self.bump();
        let name = self.text_of(t.span).to_string();
        let body = self.block(&[Keyword::End])?;
        let end = self.expect_end("module", open)?;
        Ok(mk(
            ExprKind::Module {
                name,
                body: body.exprs,
            },
            open.to(end),
        ))
    }

    /// `a, b, +`: names (or operators) separated by commas, as `export` and `using M:` take.
    fn name_list(&mut self, what: &str) -> PResult<Vec<String>> {
        let mut names = Vec::new();
        loop {
            let t = self.tok();
            match t.kind {
                TokenKind::Ident
                | TokenKind::Op(_)
                | TokenKind::MacroName
                | TokenKind::Keyword(Keyword::In | Keyword::Isa) => {
                    self.bump();
                    names.push(self.text_of(t.span).to_string());
                }
                _ => {
                    self.expected(what)?;
                }
            }
            if self.kind() == TokenKind::Comma {
                self.bump();
                // A list may go on on the next line after a comma.
                self.skip_newlines();
            } else {
                return Ok(names);
            }
        }
    }

    fn using(&mut self, is_import: bool) -> PResult<Expr> {
        let open = self.bump().span;
        let mut paths = Vec::new();
        loop {
            let start = self.tok().span;
            let mut dots = 0;
            loop {
                if self.eat_op(".") {
                    dots += 1;
                } else if self.eat_op("..") {
                    dots += 2;
                } else {
                    break;
                }
            }
            let mut path = Vec::new();
            loop {
                let t = self.tok();
                if t.kind != TokenKind::Ident {
                    self.expected("a module name")?;
                }
                self.bump();
                path.push(self.text_of(t.span).to_string());
                if self.at_op(".") {
                    self.bump();
                } else {
                    break;
                }
            }
            let names = if self.eat_op(":") {
                self.name_list("a name to import")?
            } else {
                Vec::new()
            };
            let end = self.toks[self.pos - 1].span;
            let has_names = !names.is_empty();
            paths.push(ImportPath {
                dots,
                path,
                names,
                span: start.to(end),
            });
            if has_names || self.kind() != TokenKind::Comma {
                break;
            }
            self.bump();
        }
        let end = self.toks[self.pos - 1].span;
        let span = open.to(end);
        Ok(mk(
            if is_import {
                ExprKind::Import(paths)
            } else {
                ExprKind::Using(paths)
            },
            span,
        ))
    }
}

/// Processes escapes of string or character text; `span` locates errors.
fn unescape(s: &str, span: Span) -> Result<String, SyntaxError> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let bad = |msg: &str| SyntaxError {
        message: msg.to_string(),
        span,
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('e') => out.push('\u{1b}'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('\'') => out.push('\''),
            Some('$') => out.push('$'),
            Some('\n') => {
                // A backslash before a newline joins the lines.
                while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                    chars.next();
                }
            }
            Some('x') => {
                let hex: String = std::iter::from_fn(|| chars.next_if(|c| c.is_ascii_hexdigit()))
                    .take(2)
                    .collect();
                let v = u32::from_str_radix(&hex, 16).map_err(|_| bad("invalid \\x escape"))?;
                out.push(char::from_u32(v).ok_or_else(|| bad("invalid \\x escape"))?);
            }
            Some(u @ ('u' | 'U')) => {
                // `\u` takes up to 4 hex digits, `\U` and `\u{…}` up to 8.
                let braced = chars.next_if_eq(&'{').is_some();
                let max = if braced || u == 'U' { 8 } else { 4 };
                let hex: String = std::iter::from_fn(|| chars.next_if(|c| c.is_ascii_hexdigit()))
                    .take(max)
                    .collect();
                if braced && chars.next() != Some('}') {
                    return Err(bad("invalid \\u{...} escape: missing \"}\""));
                }
                let v = u32::from_str_radix(&hex, 16).map_err(|_| bad("invalid \\u escape"))?;
                out.push(
                    char::from_u32(v)
                        .ok_or_else(|| bad("invalid unicode code point in \\u escape"))?,
                );
            }
            Some(other) => return Err(bad(&format!("invalid escape sequence \"\\{other}\""))),
            None => return Err(bad("string ends with a lone backslash")),
        }
    }
    Ok(out)
}

/// Julia's triple-quoted string rules: a newline right after the opening quotes is dropped and
/// the common indentation of all lines is removed. Interpolations (`None`) count as content.
/// A raw string's text: a run of backslashes before a quote is halved (an odd one leaves the
/// quote escaped), as is a run at the very end; every other backslash stands for itself.
fn unescape_raw(text: &str) -> String {
    let mut out = String::new();
    let mut run = 0;
    for c in text.chars() {
        if c == '\\' {
            run += 1;
            continue;
        }
        let n = if c == '"' { run / 2 } else { run };
        out.extend(std::iter::repeat_n('\\', n));
        run = 0;
        out.push(c);
    }
    out.extend(std::iter::repeat_n('\\', run / 2));
    out
}

fn dedent(texts: &mut [Option<String>]) {
    if let Some(Some(first)) = texts.first_mut() {
        if first.starts_with('\n') {
            first.remove(0);
        } else if first.starts_with("\r\n") {
            first.drain(..2);
        }
    }
    // Line starts: the beginning, and after every newline in a text piece.
    let mut min_indent: Option<usize> = None;
    let mut at_line_start = true;
    for t in texts.iter() {
        match t {
            None => {
                if at_line_start {
                    min_indent = Some(0);
                }
                at_line_start = false;
            }
            Some(s) => {
                for (i, line) in s.split('\n').enumerate() {
                    if i > 0 {
                        at_line_start = true;
                    }
                    if at_line_start {
                        let indent = line.chars().take_while(|c| *c == ' ' || *c == '\t').count();
                        let blank = indent == line.chars().count();
                        // A whitespace-only line counts unless it is the last one (before `"""`).
                        let is_last_piece_line = i == s.split('\n').count() - 1;
                        if !blank || is_last_piece_line {
                            min_indent = Some(min_indent.map_or(indent, |m| m.min(indent)));
                        }
                        if !line.is_empty() {
                            at_line_start = false;
                        }
                    }
                }
            }
        }
    }
    let n = min_indent.unwrap_or(0);
    if n == 0 {
        return;
    }
    let mut at_line_start = true;
    for t in texts.iter_mut() {
        match t {
            None => at_line_start = false,
            Some(s) => {
                let mut out = String::new();
                for (i, line) in s.split('\n').enumerate() {
                    if i > 0 {
                        out.push('\n');
                        at_line_start = true;
                    }
                    if at_line_start {
                        let skip: usize = line
                            .chars()
                            .take(n)
                            .take_while(|c| *c == ' ' || *c == '\t')
                            .map(|c| c.len_utf8())
                            .sum();
                        out.push_str(&line[skip..]);
                        if !line.is_empty() {
                            at_line_start = false;
                        }
                    } else {
                        out.push_str(line);
                    }
                }
                *s = out;
            }
        }
    }
}

/// The size Julia gives a hex, octal or binary literal: the smallest unsigned type that holds
/// it, where leading zeros count as if the first digit were 1 (`0x0001` is a `UInt16`).
/// A negative `Int128` or `BigInt` literal, read with its sign as Julia reads it, so it takes
/// the smallest type that holds it: `-9223372036854775808` is an `Int64`. Out of line: the
/// unary operator's frame is on the stack once per nested `-`.
#[inline(never)]
fn negated_wide_literal(k: &ExprKind) -> ExprKind {
    let n = match k {
        ExprKind::Int128(i) => format!("-{}", i.signed()),
        ExprKind::BigInt(d) => format!("-{d}"),
        _ => unreachable!("a wide literal"),
    };
    if let Ok(n) = n.parse::<i64>() {
        ExprKind::Int(n)
    } else if let Ok(n) = n.parse::<i128>() {
        ExprKind::Int128(U128::new(n as u128))
    } else {
        ExprKind::BigInt(n.into())
    }
}

/// The decimal digits of a `BigInt` literal (decimal, or hex/octal/binary wider than 128 bits).
#[inline(never)]
fn big_literal(text: &str) -> String {
    let (radix, digits) = match text.get(..2) {
        Some("0x") => (16u32, &text[2..]),
        Some("0o") => (8, &text[2..]),
        Some("0b") => (2, &text[2..]),
        _ => (10, text),
    };
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    num_bigint::BigInt::parse_bytes(digits.as_bytes(), radix)
        .unwrap_or_default()
        .to_string()
}

fn unsigned_literal_bits(text: &str, value: u128) -> Option<u8> {
    let (radix, digits) = match text.get(..2) {
        Some("0x") => (16u32, &text[2..]),
        Some("0o") => (8, &text[2..]),
        _ => (2, &text[2..]),
    };
    let digits: Vec<char> = digits.chars().filter(|&c| c != '_').collect();
    let per_digit = radix.trailing_zeros();
    let bits_of = |v: u128| 128 - v.leading_zeros();
    let mut needed = bits_of(value);
    if digits.len() > 1 && digits[0] == '0' {
        // The same number of digits with a leading 1: radix^(n-1).
        needed = needed.max(per_digit * (digits.len() as u32 - 1) + 1);
    }
    Some(match needed {
        0..=8 => 8,
        9..=16 => 16,
        17..=32 => 32,
        33..=64 => 64,
        65..=128 => 128,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::unescape_raw;

    #[test]
    fn raw_text_halves_backslashes_only_before_a_quote_or_at_the_end() {
        assert_eq!(unescape_raw(r"a\d"), r"a\d");
        assert_eq!(unescape_raw(r#"a\"b"#), r#"a"b"#);
        assert_eq!(unescape_raw(r#"\\\""#), r#"\""#);
        assert_eq!(unescape_raw(r"a\\"), r"a\");
        assert_eq!(unescape_raw(r"a\\b"), r"a\\b");
    }
}
