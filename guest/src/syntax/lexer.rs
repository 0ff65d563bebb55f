//! Lexer: source text to tokens with spans.
//!
//! The whole file is tokenized up front. Newlines are tokens (the parser decides where they end a
//! statement); other whitespace and comments only set [`Token::space_before`], which the parser
//! needs for Julia's space-sensitive spots (`f (x)`, `2x`, macro arguments).
//!
//! A string literal becomes a run of tokens: `StrStart`, then `StrText` pieces (raw source text,
//! escapes still in it), `StrInterpIdent` for `$name`, `InterpStart` … code tokens … `InterpEnd` for
//! `$(expr)`, and `StrEnd`. Interpolated code is lexed in place, so nested strings work and every
//! span points into the original text. A mode stack on the heap tracks the nesting, so arbitrarily
//! deep interpolation cannot overflow the native stack. The token stream is always balanced: an
//! unterminated string or interpolation is reported once and closed with zero-width tokens at the
//! end of the file.
//!
//! Lexing never fails: a character that starts no token becomes an `Error` token and a
//! [`SyntaxError`]; the parser does not report `Error` tokens a second time.

use super::SyntaxError;
use super::span::Span;

/// A reserved word. `mutable`, `abstract`, `primitive` and `type` are contextual and lexed as
/// identifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyword {
    Function,
    End,
    If,
    Elseif,
    Else,
    While,
    For,
    In,
    Isa,
    Where,
    Return,
    Break,
    Continue,
    Struct,
    Module,
    Baremodule,
    Using,
    Import,
    Export,
    Const,
    Global,
    Local,
    Begin,
    Do,
    Try,
    Catch,
    Finally,
    True,
    False,
    Let,
    Quote,
    Macro,
}

impl Keyword {
    const ALL: [Keyword; 32] = [
        Keyword::Function,
        Keyword::End,
        Keyword::If,
        Keyword::Elseif,
        Keyword::Else,
        Keyword::While,
        Keyword::For,
        Keyword::In,
        Keyword::Isa,
        Keyword::Where,
        Keyword::Return,
        Keyword::Break,
        Keyword::Continue,
        Keyword::Struct,
        Keyword::Module,
        Keyword::Baremodule,
        Keyword::Using,
        Keyword::Import,
        Keyword::Export,
        Keyword::Const,
        Keyword::Global,
        Keyword::Local,
        Keyword::Begin,
        Keyword::Do,
        Keyword::Try,
        Keyword::Catch,
        Keyword::Finally,
        Keyword::True,
        Keyword::False,
        Keyword::Let,
        Keyword::Quote,
        Keyword::Macro,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Function => "function",
            Keyword::End => "end",
            Keyword::If => "if",
            Keyword::Elseif => "elseif",
            Keyword::Else => "else",
            Keyword::While => "while",
            Keyword::For => "for",
            Keyword::In => "in",
            Keyword::Isa => "isa",
            Keyword::Where => "where",
            Keyword::Return => "return",
            Keyword::Break => "break",
            Keyword::Continue => "continue",
            Keyword::Struct => "struct",
            Keyword::Module => "module",
            Keyword::Baremodule => "baremodule",
            Keyword::Using => "using",
            Keyword::Import => "import",
            Keyword::Export => "export",
            Keyword::Const => "const",
            Keyword::Global => "global",
            Keyword::Local => "local",
            Keyword::Begin => "begin",
            Keyword::Do => "do",
            Keyword::Try => "try",
            Keyword::Catch => "catch",
            Keyword::Finally => "finally",
            Keyword::True => "true",
            Keyword::False => "false",
            Keyword::Let => "let",
            Keyword::Quote => "quote",
            Keyword::Macro => "macro",
        }
    }

    fn from_str(s: &str) -> Option<Keyword> {
        Keyword::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TokenKind {
    Ident,
    Keyword(Keyword),
    /// A decimal, hex (`0x`), octal (`0o`) or binary (`0b`) integer; `None` if it exceeds `u64`.
    Int(Option<super::ast::U128>),
    Float(f64),
    /// `1.5f0`, `2f-3`: a `Float32`.
    Float32(f32),
    /// `'a'`, `'\n'`: the span includes the quotes; the parser unescapes.
    Char,
    /// `"` or `"""`.
    StrStart {
        triple: bool,
    },
    /// Literal text of a string, exactly as written (escapes not yet processed).
    StrText,
    /// `$name` inside a string; the span includes the `$`.
    StrInterpIdent,
    /// `$(` inside a string.
    InterpStart,
    /// The `)` closing `$(`.
    InterpEnd,
    StrEnd,
    /// A string macro such as `r"..."` or `raw"""..."""`: prefix and raw string in one token.
    StrMacro,
    /// `@name`; the span includes the `@`.
    MacroName,
    /// `$` outside a string: interpolation into a quoted expression.
    Dollar,
    /// An operator or `.`, `:`, `?`, `...`; the text is the operator.
    Op(&'static str),
    /// A broadcasting operator such as `.+` or `.=` (not supported; the parser reports it).
    DotOp,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Semi,
    Newline,
    /// Text that starts no token; already reported.
    Error,
    Eof,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
    /// Whitespace, a comment or a newline comes between this token and the previous one.
    pub space_before: bool,
}

/// Operators, longest first so the first match is the longest.
const OPERATORS: &[&str] = &[
    ">>>=", "===", "!==", ">>>", "<<=", ">>=", "//=", "...", "-->", "==", "!=", "<=", ">=", "<:",
    ">:", "->", "=>", "|>", "<|", "&&", "||", "::", "..", "+=", "-=", "*=", "/=", "\\=", "^=",
    "%=", "|=", "&=", "÷=", "⊻=", "<<", ">>", "//", ":=", "=", "+", "-", "*", "/", "\\", "^", "%",
    "&", "|", "!", "~", "<", ">", "?", ":", ".", "'", "÷", "⊻", "√", "∛", "∜", "¬", "≤", "≥", "≠",
    "∈", "∉", "∋", "∌", "≡", "≢", "≈", "≉", "⊆", "⊈", "⊂", "⊄", "⊇", "⊃", "⋅", "∘", "×", "±", "∓",
    "∪", "∩", "→",
];

/// Characters after which a `.` makes a broadcasting operator (`.+`, `.==`, `.=`).
fn is_dot_op_start(c: char) -> bool {
    matches!(
        c,
        '+' | '-'
            | '*'
            | '/'
            | '\\'
            | '^'
            | '%'
            | '&'
            | '|'
            | '!'
            | '~'
            | '<'
            | '>'
            | '='
            | '÷'
            | '⊻'
            | '≤'
            | '≥'
            | '≠'
            | '∈'
            | '∉'
            | '≡'
            | '≢'
            | '≈'
            | '⋅'
            | '∘'
            | '×'
            | '√'
    )
}

/// Whether `c` can start an identifier: Julia's `jl_id_start_char` (src/support's
/// `is_wc_cat_id_start`): letters, letter numbers, currency symbols, other symbols but arrows,
/// and an allowlist of math symbols (`∂`, `∇`, `∑`, `∫`, `∞`, …), angles and super/subscript
/// signs.
pub fn is_ident_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || c == '_';
    }
    let w = c as u32;
    if w < 0xA1 {
        return false;
    }
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory as _};
    let cat = c.general_category();
    matches!(
        cat,
        G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::LetterNumber
            | G::CurrencySymbol
    ) || (cat == G::OtherSymbol
        && !(0x2190..=0x21FF).contains(&w)
        && !matches!(w, 0xFFFC | 0xFFFD | 0x233F | 0xA6))
        || is_math_ident(w)
        || matches!(
            w,
            0x1D6C1
                | 0x1D6DB
                | 0x1D6FB
                | 0x1D715
                | 0x1D735
                | 0x1D74F
                | 0x1D76F
                | 0x1D789
                | 0x1D7A9
                | 0x1D7C3
        )
        || (0x207A..=0x207E).contains(&w)
        || (0x208A..=0x208E).contains(&w)
        || (0x2220..=0x2222).contains(&w)
        || (0x299B..=0x29AF).contains(&w)
        || matches!(w, 0x2118 | 0x212E | 0x309B | 0x309C | 0x1F8B2)
        || (0x1D7CE..=0x1D7E1).contains(&w)
}

/// The math symbols (category Sm) Julia allows in identifiers.
fn is_math_ident(w: u32) -> bool {
    (0x2140..=0x2144).contains(&w)
        || matches!(w, 0x223F | 0x22BE | 0x22BF | 0x22A4 | 0x22A5)
        || ((0x2200..=0x2233).contains(&w)
            && (matches!(
                w,
                0x2202
                    | 0x2205
                    | 0x2206
                    | 0x2207
                    | 0x220E
                    | 0x220F
                    | 0x2200
                    | 0x2203
                    | 0x2204
                    | 0x2210
                    | 0x2211
                    | 0x221E
                    | 0x221F
            ) || w >= 0x222B))
        || (0x22C0..=0x22C3).contains(&w)
        || (0x25F8..=0x25FF).contains(&w)
        || matches!(w, 0x266F | 0x27D8 | 0x27D9 | 0x2A1B | 0x2A1C)
        || (0x27C0..=0x27C1).contains(&w)
        || (0x29B0..=0x29B4).contains(&w)
        || (0x2A00..=0x2A06).contains(&w)
        || (0x2A09..=0x2A16).contains(&w)
}

/// Whether `c` can continue an identifier: Julia's `jl_id_char` — a start character, a digit,
/// `!`, a mark, a connector, a modifier symbol, another number (`²`, `₁`), or a prime.
pub fn is_ident_continue(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_' || c == '!';
    }
    if is_ident_start(c) {
        return true;
    }
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory as _};
    let w = c as u32;
    matches!(
        c.general_category(),
        G::NonspacingMark
            | G::SpacingMark
            | G::DecimalNumber
            | G::ConnectorPunctuation
            | G::ModifierSymbol
            | G::EnclosingMark
            | G::OtherNumber
    ) || (0x2032..=0x2037).contains(&w)
        || w == 0x2057
}

/// Splits `text` into tokens, ending with `Eof`, and reports what could not be lexed.
pub fn tokenize(text: &str) -> (Vec<Token>, Vec<SyntaxError>) {
    let mut lx = Lexer {
        text,
        pos: 0,
        tokens: Vec::new(),
        errors: Vec::new(),
        modes: Vec::new(),
        space: true,
    };
    if text.starts_with('\u{feff}') {
        lx.pos = '\u{feff}'.len_utf8();
    }
    loop {
        let more = match lx.modes.last() {
            Some(&Mode::Str { triple, .. }) => lx.string_piece(triple),
            _ => lx.code_token(),
        };
        if !more {
            break;
        }
    }
    let end = text.len() as u32;
    lx.tokens.push(Token {
        kind: TokenKind::Eof,
        span: Span::new(end, end),
        space_before: true,
    });
    (lx.tokens, lx.errors)
}

enum Mode {
    /// Code inside `$( … )`, with the number of `(` opened since and not yet closed.
    Interp { parens: u32 },
    /// Inside a string literal opened at `open`.
    Str { triple: bool, open: Span },
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    tokens: Vec<Token>,
    errors: Vec<SyntaxError>,
    modes: Vec<Mode>,
    /// Whitespace or a comment was skipped since the last token.
    space: bool,
}

impl Lexer<'_> {
    fn peek_char(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.text.get(pos..).and_then(|s| s.chars().next())
    }

    fn push(&mut self, kind: TokenKind, start: usize, end: usize) {
        self.tokens.push(Token {
            kind,
            span: Span::new(start as u32, end as u32),
            space_before: self.space,
        });
        self.space = false;
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        self.errors.push(SyntaxError {
            message: message.into(),
            span: Span::new(start as u32, end as u32),
        });
    }

    /// Skips whitespace (not newlines) and comments.
    fn skip_trivia(&mut self) {
        while let Some(c) = self.peek_char() {
            if c == '#' {
                self.space = true;
                if self.text[self.pos..].starts_with("#=") {
                    self.block_comment();
                } else {
                    self.pos += self.text[self.pos..]
                        .find('\n')
                        .unwrap_or(self.text.len() - self.pos);
                }
            } else if c != '\n' && c.is_whitespace() || c == '\u{feff}' {
                self.space = true;
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut depth = 0u32;
        let mut i = self.pos;
        while i < bytes.len() {
            if bytes[i..].starts_with(b"#=") {
                depth += 1;
                i += 2;
            } else if bytes[i..].starts_with(b"=#") {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    self.pos = i;
                    return;
                }
            } else {
                i += 1;
            }
        }
        self.error(start, start + 2, "unterminated comment");
        self.pos = bytes.len();
    }

    /// Lexes one token of code; returns false at the end of the text.
    fn code_token(&mut self) -> bool {
        self.skip_trivia();
        let start = self.pos;
        let Some(c) = self.peek_char() else {
            self.close_all_at_eof();
            return false;
        };
        let next = self.char_at(start + c.len_utf8());
        let single = |lx: &mut Self, kind| {
            lx.pos += 1;
            lx.push(kind, start, start + 1);
        };
        match c {
            '\n' => {
                single(self, TokenKind::Newline);
                self.space = true;
            }
            '(' => {
                if let Some(Mode::Interp { parens }) = self.modes.last_mut() {
                    *parens += 1;
                }
                single(self, TokenKind::LParen);
            }
            ')' => match self.modes.last_mut() {
                Some(Mode::Interp { parens: 0 }) => {
                    self.modes.pop();
                    single(self, TokenKind::InterpEnd);
                }
                Some(Mode::Interp { parens }) => {
                    *parens -= 1;
                    single(self, TokenKind::RParen);
                }
                _ => single(self, TokenKind::RParen),
            },
            '[' => single(self, TokenKind::LBracket),
            ']' => single(self, TokenKind::RBracket),
            '{' => single(self, TokenKind::LBrace),
            '}' => single(self, TokenKind::RBrace),
            ',' => single(self, TokenKind::Comma),
            ';' => single(self, TokenKind::Semi),
            '"' => {
                let triple = self.text[start..].starts_with("\"\"\"");
                let len = if triple { 3 } else { 1 };
                self.pos += len;
                self.push(TokenKind::StrStart { triple }, start, start + len);
                self.modes.push(Mode::Str {
                    triple,
                    open: Span::new(start as u32, (start + len) as u32),
                });
            }
            '\'' if self.adjoint_position() => {
                single(self, TokenKind::Op("'"));
            }
            '\'' => self.char_literal(),
            '@' => {
                self.pos += 1;
                if next.is_some_and(is_ident_start) {
                    self.scan_ident();
                    self.push(TokenKind::MacroName, start, self.pos);
                } else if next == Some('.') {
                    // `@.`: Julia's `@__dot__`.
                    self.pos += 1;
                    self.push(TokenKind::MacroName, start, self.pos);
                } else {
                    self.error(start, start + 1, "expected a macro name after \"@\"");
                    self.push(TokenKind::Error, start, start + 1);
                }
            }
            '`' => {
                self.pos += 1;
                self.error(
                    start,
                    start + 1,
                    "command literals (`...`) are not supported",
                );
                self.push(TokenKind::Error, start, start + 1);
            }
            '$' => {
                self.pos += 1;
                self.push(TokenKind::Dollar, start, start + 1);
            }
            '0'..='9' => self.number(),
            '.' if next.is_some_and(|n| n.is_ascii_digit()) => self.number(),
            '.' if next.is_some_and(is_dot_op_start) => {
                self.pos += 1;
                let after = &self.text[self.pos..];
                let op = OPERATORS
                    .iter()
                    .find(|op| after.starts_with(*op))
                    .map_or(1, |op| op.len());
                self.pos += op;
                self.push(TokenKind::DotOp, start, self.pos);
            }
            c if is_ident_start(c) => {
                self.scan_ident();
                let word = &self.text[start..self.pos];
                if let Some(k) = Keyword::from_str(word) {
                    self.push(TokenKind::Keyword(k), start, self.pos);
                } else if self.peek_char() == Some('"') {
                    self.string_macro(start);
                } else {
                    self.push(TokenKind::Ident, start, self.pos);
                }
            }
            _ => {
                let rest = &self.text[start..];
                if let Some(op) = OPERATORS.iter().find(|op| rest.starts_with(*op)) {
                    self.pos += op.len();
                    self.push(TokenKind::Op(op), start, self.pos);
                } else {
                    self.pos += c.len_utf8();
                    self.error(start, self.pos, format!("unexpected character {:?}", c));
                    self.push(TokenKind::Error, start, self.pos);
                }
            }
        }
        true
    }

    /// A `'` right after a value (no space) is the adjoint operator, not a character literal.
    fn adjoint_position(&self) -> bool {
        if self.space {
            return false;
        }
        self.tokens.last().is_some_and(|t| {
            matches!(
                t.kind,
                TokenKind::Ident
                    | TokenKind::Int(_)
                    | TokenKind::Float(_)
                    | TokenKind::Float32(_)
                    | TokenKind::RParen
                    | TokenKind::RBracket
                    | TokenKind::RBrace
                    | TokenKind::Keyword(Keyword::End)
                    | TokenKind::Op("'")
            )
        })
    }

    fn scan_ident(&mut self) {
        while let Some(c) = self.peek_char() {
            let ok = if c == '!' {
                // `a!=b` is `a != b`.
                self.char_at(self.pos + 1) != Some('=')
            } else {
                is_ident_continue(c)
            };
            if !ok {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    fn char_literal(&mut self) {
        let start = self.pos;
        self.pos += 1;
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        match self.peek_char() {
            None | Some('\n') => {
                self.error(start, start + 1, "unterminated character literal");
                self.push(TokenKind::Error, start, start + 1);
                return;
            }
            Some('\'') => {
                self.pos += 1;
                self.error(start, self.pos, "empty character literal");
                self.push(TokenKind::Error, start, self.pos);
                return;
            }
            Some('\\') => {
                // Skip the backslash and the escaped character, then find the closing quote.
                self.pos += 1;
                if let Some(c) = self.peek_char().filter(|&c| c != '\n') {
                    self.pos += c.len_utf8();
                }
                match self.text[self.pos..line_end].find('\'') {
                    Some(i) => {
                        self.pos += i + 1;
                        self.push(TokenKind::Char, start, self.pos);
                    }
                    None => {
                        self.pos = line_end;
                        self.error(start, start + 1, "unterminated character literal");
                        self.push(TokenKind::Error, start, self.pos);
                    }
                }
                return;
            }
            Some(c) => self.pos += c.len_utf8(),
        }
        if self.peek_char() == Some('\'') {
            self.pos += 1;
            self.push(TokenKind::Char, start, self.pos);
        } else if let Some(i) = self.text[self.pos..line_end].find('\'') {
            self.pos += i + 1;
            self.error(
                start,
                self.pos,
                "character literal contains more than one character",
            );
            self.push(TokenKind::Error, start, self.pos);
        } else {
            self.error(start, start + 1, "unterminated character literal");
            self.push(TokenKind::Error, start, self.pos);
        }
    }

    fn number(&mut self) {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let radix = match bytes.get(start..start + 2) {
            Some(b"0x") => 16,
            Some(b"0o") => 8,
            Some(b"0b") => 2,
            _ => 10,
        };
        if radix != 10 {
            self.pos += 2;
            while self
                .peek_char()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                self.pos += 1;
            }
            let digits: String = self.text[start + 2..self.pos]
                .chars()
                .filter(|&c| c != '_')
                .collect();
            let value = if digits.is_empty() {
                self.error(
                    start,
                    self.pos,
                    format!("missing digits after \"{}\"", &self.text[start..start + 2]),
                );
                Some(0)
            } else if let Some(bad) = digits.chars().find(|c| !c.is_digit(radix)) {
                self.error(
                    start,
                    self.pos,
                    format!("invalid digit {bad:?} in number literal"),
                );
                Some(0)
            } else {
                u128::from_str_radix(&digits, radix).ok()
            };
            self.push(
                TokenKind::Int(value.map(super::ast::U128::new)),
                start,
                self.pos,
            );
            return;
        }
        let digits = |lx: &mut Self| {
            while let Some(c) = lx.peek_char() {
                let underscore =
                    c == '_' && lx.char_at(lx.pos + 1).is_some_and(|n| n.is_ascii_digit());
                if !(c.is_ascii_digit() || underscore) {
                    break;
                }
                lx.pos += 1;
            }
        };
        let exponent_at = |lx: &Self, pos: usize| -> bool {
            let after = &lx.text.as_bytes()[pos..];
            match after {
                [b'e' | b'E' | b'f', d, ..] if d.is_ascii_digit() => true,
                [b'e' | b'E' | b'f', b'+' | b'-', d, ..] if d.is_ascii_digit() => true,
                _ => false,
            }
        };
        digits(self);
        let mut float = false;
        if self.peek_char() == Some('.') {
            let after = self.char_at(self.pos + 1);
            if after.is_some_and(|c| c.is_ascii_digit()) {
                float = true;
                self.pos += 1;
                digits(self);
            } else if after == Some('.') {
                // `1..2` or `1...`: an integer followed by an operator.
            } else if after.is_some_and(is_ident_start) && !exponent_at(self, self.pos + 1) {
                // `1.x`: field access on an integer, nonsense but not a float.
            } else if start < self.pos && bytes[start] != b'.' {
                float = true;
                self.pos += 1;
            }
        }
        let mut float32 = false;
        if exponent_at(self, self.pos) {
            float = true;
            float32 = bytes[self.pos] == b'f';
            self.pos += 1;
            if matches!(bytes[self.pos], b'+' | b'-') {
                self.pos += 1;
            }
            digits(self);
        }
        let literal: String = self.text[start..self.pos]
            .chars()
            .filter(|&c| c != '_')
            .collect();
        if float32 {
            // Rounded from the decimal straight to 32 bits, as Julia's parser does.
            let value = literal.replacen('f', "e", 1).parse::<f32>().unwrap_or(0.0);
            self.push(TokenKind::Float32(value), start, self.pos);
        } else if float {
            let value = literal.parse::<f64>().unwrap_or(0.0);
            self.push(TokenKind::Float(value), start, self.pos);
        } else {
            self.push(
                TokenKind::Int(literal.parse::<u128>().ok().map(super::ast::U128::new)),
                start,
                self.pos,
            );
        }
    }

    /// `prefix"..."suffix`: the identifier is already scanned and the next character is `"`.
    /// An identifier right after the closing quote (`r"a"i`'s flags) is part of the token.
    fn string_macro(&mut self, start: usize) {
        let open = self.pos;
        let triple = self.text[open..].starts_with("\"\"\"");
        self.pos += if triple { 3 } else { 1 };
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            match bytes[self.pos] {
                b'\\' => self.pos += 2,
                b'"' if !triple || bytes[self.pos..].starts_with(b"\"\"\"") => {
                    self.pos += if triple { 3 } else { 1 };
                    if self.peek_char().is_some_and(is_ident_start) {
                        self.scan_ident();
                    }
                    self.push(TokenKind::StrMacro, start, self.pos);
                    return;
                }
                _ => self.pos += 1,
            }
        }
        self.pos = bytes.len();
        self.error(
            open,
            open + if triple { 3 } else { 1 },
            "unterminated string literal",
        );
        self.push(TokenKind::StrMacro, start, self.pos);
    }

    /// Lexes one piece of a string: text, an interpolation start, or the closing quote.
    fn string_piece(&mut self, triple: bool) -> bool {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let mut i = start;
        let text_end = |lx: &mut Self, end: usize| {
            if end > start {
                lx.push(TokenKind::StrText, start, end);
            }
        };
        while i < bytes.len() {
            match bytes[i] {
                // Skip the escaped byte; a multi-byte character's other bytes are never ASCII.
                b'\\' => i += 2,
                b'"' if !triple => {
                    text_end(self, i);
                    self.modes.pop();
                    self.pos = i + 1;
                    self.push(TokenKind::StrEnd, i, i + 1);
                    return true;
                }
                b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                    text_end(self, i);
                    self.modes.pop();
                    self.pos = i + 3;
                    self.push(TokenKind::StrEnd, i, i + 3);
                    return true;
                }
                b'$' => {
                    let next = self.char_at(i + 1);
                    if next == Some('(') {
                        text_end(self, i);
                        self.pos = i + 2;
                        self.push(TokenKind::InterpStart, i, i + 2);
                        self.modes.push(Mode::Interp { parens: 0 });
                        return true;
                    } else if next.is_some_and(is_ident_start) {
                        text_end(self, i);
                        self.pos = i + 1;
                        self.scan_ident();
                        // `"$name!"` interpolates `name`, like Julia.
                        while self.pos > i + 2 && self.text.as_bytes()[self.pos - 1] == b'!' {
                            self.pos -= 1;
                        }
                        self.push(TokenKind::StrInterpIdent, i, self.pos);
                        return true;
                    }
                    self.error(
                        i,
                        i + 1,
                        "\"$\" in a string must be followed by a name or \"(\"; write \"\\$\" for a dollar sign",
                    );
                    i += 1;
                }
                _ => i += 1,
            }
        }
        text_end(self, bytes.len());
        self.pos = bytes.len();
        self.close_all_at_eof();
        false
    }

    /// At the end of the text: reports the outermost unterminated string and closes every open
    /// string and interpolation with zero-width tokens.
    fn close_all_at_eof(&mut self) {
        let end = self.text.len();
        if let Some(open) = self.modes.iter().find_map(|m| match m {
            Mode::Str { open, .. } => Some(*open),
            Mode::Interp { .. } => None,
        }) {
            self.error(
                open.start as usize,
                open.end as usize,
                "unterminated string literal",
            );
        }
        while let Some(mode) = self.modes.pop() {
            let kind = match mode {
                Mode::Interp { .. } => TokenKind::InterpEnd,
                Mode::Str { .. } => TokenKind::StrEnd,
            };
            self.push(kind, end, end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders tokens as `kind:text` words; errors as `!message`.
    fn lex(text: &str) -> String {
        let (tokens, errors) = tokenize(text);
        let mut out: Vec<String> = tokens
            .iter()
            .map(|t| {
                let s = &text[t.span.start as usize..t.span.end as usize];
                let sp = if t.space_before { " " } else { "" };
                let k = match t.kind {
                    TokenKind::Ident => format!("id:{s}"),
                    TokenKind::Keyword(k) => format!("kw:{}", k.as_str()),
                    TokenKind::Int(v) => format!("int:{:?}", v.map(|v| v.get())),
                    TokenKind::Float(v) => format!("float:{v:?}"),
                    TokenKind::Float32(v) => format!("float32:{v:?}"),
                    TokenKind::Op(op) => format!("op:{op}"),
                    TokenKind::Newline => "nl".to_string(),
                    TokenKind::Eof => "eof".to_string(),
                    other => format!("{other:?}:{s}"),
                };
                format!("{sp}{k}")
            })
            .collect();
        out.extend(
            errors
                .iter()
                .map(|e| format!("!{}@{}", e.message, e.span.start)),
        );
        out.join("")
    }

    #[test]
    fn identifiers_keywords_and_operators() {
        assert_eq!(
            lex("push!(a, 1)"),
            " id:push!LParen:(id:aComma:, int:Some(1)RParen:) eof"
        );
        assert_eq!(lex("a!=b"), " id:aop:!=id:b eof");
        assert_eq!(lex("x === y"), " id:x op:=== id:y eof");
        assert_eq!(
            lex("end function mutable"),
            " kw:end kw:function id:mutable eof"
        );
        assert_eq!(lex("a>>>=b"), " id:aop:>>>=id:b eof");
        assert_eq!(lex("π ≤ x₁"), " id:π op:≤ id:x₁ eof");
        assert_eq!(lex("a .+ b"), " id:a DotOp:.+ id:b eof");
        assert_eq!(lex("Base.:+"), " id:Baseop:.op::op:+ eof");
        assert_eq!(lex("@time f"), " MacroName:@time id:f eof");
    }

    #[test]
    fn numbers() {
        assert_eq!(
            lex("1_000 0xff 0b101"),
            " int:Some(1000) int:Some(255) int:Some(5) eof"
        );
        assert_eq!(
            lex("1.5 1e3 2.5e-3 .5 1."),
            " float:1.5 float:1000.0 float:0.0025 float:0.5 float:1.0 eof"
        );
        assert_eq!(lex("1..2"), " int:Some(1)op:..int:Some(2) eof");
        assert_eq!(lex("2x"), " int:Some(2)id:x eof");
        assert_eq!(lex("2e"), " int:Some(2)id:e eof");
        assert_eq!(
            lex("99999999999999999999999"),
            " int:Some(99999999999999999999999) eof"
        );
        // Past 128 bits: a `BigInt`, which the parser reads from the text.
        assert_eq!(
            lex("999999999999999999999999999999999999999999"),
            " int:None eof"
        );
        assert_eq!(lex("0x"), " int:Some(0) eof!missing digits after \"0x\"@0");
        assert_eq!(
            lex("0b12"),
            " int:Some(0) eof!invalid digit '2' in number literal@0"
        );
        assert_eq!(lex("1f0"), " float32:1.0 eof");
        assert_eq!(lex("1.1f0 2.5f-3"), " float32:1.1 float32:0.0025 eof");
    }

    #[test]
    fn comments_and_newlines() {
        assert_eq!(lex("a # c\nb"), " id:a nl id:b eof");
        assert_eq!(lex("a #= x #= y =# z =# b"), " id:a id:b eof");
        assert_eq!(lex("a #= x"), " id:a eof!unterminated comment@2");
    }

    #[test]
    fn chars_and_adjoint() {
        assert_eq!(
            lex("'a' '\\n' '\\''"),
            " Char:'a' Char:'\\n' Char:'\\'' eof"
        );
        assert_eq!(lex("x'"), " id:xop:' eof");
        assert_eq!(lex("''"), " Error:'' eof!empty character literal@0");
        assert_eq!(
            lex("'ab'"),
            " Error:'ab' eof!character literal contains more than one character@0"
        );
        assert_eq!(lex("'a"), " Error:'a eof!unterminated character literal@0");
    }

    #[test]
    fn strings_and_interpolation() {
        assert_eq!(
            lex("\"a\\\"b\""),
            " StrStart { triple: false }:\"StrText:a\\\"bStrEnd:\" eof"
        );
        assert_eq!(
            lex("\"x=$x, $(f(\"s\"))!\""),
            " StrStart { triple: false }:\"StrText:x=StrInterpIdent:$xStrText:, InterpStart:$(id:fLParen:(\
             StrStart { triple: false }:\"StrText:sStrEnd:\"RParen:)InterpEnd:)StrText:!StrEnd:\" eof"
        );
        assert_eq!(
            lex("\"\"\"a\"b\"\"\""),
            " StrStart { triple: true }:\"\"\"StrText:a\"bStrEnd:\"\"\" eof"
        );
        assert_eq!(lex("r\"a\\d\" x"), " StrMacro:r\"a\\d\" id:x eof");
        // Flags right after the closing quote belong to the literal; after a space they do not.
        assert_eq!(lex("r\"a\"im x"), " StrMacro:r\"a\"im id:x eof");
        assert_eq!(lex("r\"a\" im"), " StrMacro:r\"a\" id:im eof");
        assert_eq!(lex("s\"\\\"\"x"), " StrMacro:s\"\\\"\"x eof");
    }

    #[test]
    fn unterminated_strings_are_closed() {
        assert_eq!(
            lex("\"ab"),
            " StrStart { triple: false }:\"StrText:abStrEnd: eof!unterminated string literal@0"
        );
        assert_eq!(
            lex("x = \"a $(b \"c"),
            " id:x op:= StrStart { triple: false }:\"StrText:a InterpStart:$(id:b StrStart { triple: false }:\"\
             StrText:cStrEnd:InterpEnd:StrEnd: eof!unterminated string literal@4"
        );
    }

    #[test]
    fn bad_characters() {
        assert_eq!(
            lex("a ` b"),
            " id:a Error:` id:b eof!command literals (`...`) are not supported@2"
        );
        assert_eq!(lex("$x"), " Dollar:$id:x eof");
        assert_eq!(
            lex("\u{7}"),
            " Error:\u{7} eof!unexpected character '\\u{7}'@0"
        );
    }

    #[test]
    fn deep_interpolation_is_iterative() {
        let text = "\"$(".repeat(100_000);
        let (tokens, errors) = tokenize(&text);
        assert_eq!(errors.len(), 1);
        assert_eq!(tokens.len(), 400_001);
    }
}
