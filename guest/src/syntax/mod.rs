//! Syntax: lexer, parser and the tree they build. Knows nothing about types, methods or values.
//!
//! Parsing never fails: [`parse`] returns the expressions it could build and every error it met,
//! each with a span. Lowering refuses to run a file that has errors.

pub mod ast;
pub mod expr;
pub mod lexer;
pub mod parser;
pub mod print;
pub mod span;

pub use span::{LineIndex, Span};

/// A syntax error: what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

/// The result of parsing one file: its top-level expressions and the errors found.
#[derive(Clone, Debug, Default)]
pub struct ParsedFile {
    pub exprs: Vec<ast::Expr>,
    pub errors: Vec<SyntaxError>,
}

/// Parses a whole source file.
pub fn parse(text: &str) -> ParsedFile {
    parser::parse_file(text)
}
