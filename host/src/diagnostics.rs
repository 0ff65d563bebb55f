//! Rendering of Julia diagnostics for the terminal, in the style of rustc and Julia:
//!
//! ```text
//! ERROR: MethodError: no method matching f(::String)
//!   --> script.jl:3:5
//!    |
//!  3 | y = f("x")
//!    |     ^
//! Closest candidates are:
//!   f(::Int64)
//! Stacktrace:
//!  [1] g(x::String)
//!    @ script.jl:3
//! ```
//!
//! Rendering never fails: positions out of range of the file are shown without a snippet, or with
//! the caret at the end of the line.

use std::fmt::Write as _;

use crate::Diagnostic;

/// Renders `d` as text ending in a newline.
#[must_use]
pub fn render(d: &Diagnostic) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "ERROR: {}", d.message);
    if let Some(loc) = d.location.as_ref().filter(|l| !l.file.is_empty()) {
        match (loc.line, loc.column) {
            (0, _) => {
                let _ = writeln!(out, "  --> {}", loc.file);
            }
            (line, 0) => {
                let _ = writeln!(out, "  --> {}:{line}", loc.file);
            }
            (line, col) => {
                let _ = writeln!(out, "  --> {}:{line}:{col}", loc.file);
            }
        }
        if let (Some(text), true) = (&loc.source_line, loc.line > 0) {
            snippet(&mut out, loc.line, loc.column, text);
        }
    }
    for note in &d.notes {
        let _ = writeln!(out, "{note}");
    }
    if !d.backtrace.is_empty() {
        out.push_str("Stacktrace:\n");
        let width = d.backtrace.len().to_string().len();
        for (i, frame) in d.backtrace.iter().enumerate() {
            let _ = writeln!(out, " [{:>width$}] {}", i + 1, frame.function);
            let pad = " ".repeat(width + 2);
            match (frame.file.is_empty(), frame.line) {
                (true, _) => {}
                (false, 0) => {
                    let _ = writeln!(out, "{pad}@ {}", frame.file);
                }
                (false, line) => {
                    let _ = writeln!(out, "{pad}@ {}:{line}", frame.file);
                }
            }
        }
    }
    out
}

/// The source line with a gutter, and a caret under `column` (1-based, in characters; 0 = none).
fn snippet(out: &mut String, line: u32, column: u32, text: &str) {
    let text = text.trim_end_matches(['\n', '\r']);
    let number = line.to_string();
    let gutter = " ".repeat(number.len());
    let _ = writeln!(out, " {gutter} |");
    let _ = writeln!(out, " {number} | {text}");
    if column == 0 {
        return;
    }
    // Keep tabs so the caret lines up with what the terminal shows; clamp to the end of the line.
    let chars = usize::try_from(column - 1).unwrap_or(usize::MAX);
    let pad: String = text
        .chars()
        .take(chars)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let _ = writeln!(out, " {gutter} | {pad}^");
}

/// The 1-based line `line` of `text`, without its line ending; `None` when out of range.
#[must_use]
pub(crate) fn line_of(text: &str, line: u32) -> Option<String> {
    let index = usize::try_from(line).ok()?.checked_sub(1)?;
    text.split('\n')
        .nth(index)
        .map(|l| l.trim_end_matches('\r').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Frame, Location};

    fn diag(line: u32, column: u32, source_line: Option<&str>) -> Diagnostic {
        Diagnostic {
            message: "MethodError: no method matching f(::String)".into(),
            notes: vec!["Closest candidates are:".into(), "  f(::Int64)".into()],
            location: Some(Location {
                file: "script.jl".into(),
                line,
                column,
                source_line: source_line.map(str::to_owned),
            }),
            backtrace: vec![
                Frame {
                    function: "g(x::String)".into(),
                    file: "script.jl".into(),
                    line: 3,
                },
                Frame {
                    function: "top-level scope".into(),
                    file: "script.jl".into(),
                    line: 5,
                },
            ],
        }
    }

    #[test]
    fn full_diagnostic() {
        let expected = "\
ERROR: MethodError: no method matching f(::String)
  --> script.jl:3:5
   |
 3 | y = f(\"x\")
   |     ^
Closest candidates are:
  f(::Int64)
Stacktrace:
 [1] g(x::String)
   @ script.jl:3
 [2] top-level scope
   @ script.jl:5
";
        assert_eq!(render(&diag(3, 5, Some("y = f(\"x\")"))), expected);
    }

    #[test]
    fn caret_is_clamped_and_tabs_are_kept() {
        let out = render(&diag(12, 99, Some("\tab")));
        assert!(out.contains("  --> script.jl:12:99\n"), "{out}");
        assert!(out.contains(" 12 | \tab\n    | \t  ^\n"), "{out}");
    }

    #[test]
    fn multibyte_columns_count_characters() {
        let out = render(&diag(1, 3, Some("αβγ")));
        assert!(out.contains(" 1 | αβγ\n   |   ^\n"), "{out}");
    }

    #[test]
    fn no_snippet_without_source_or_line() {
        let out = render(&diag(7, 2, None));
        assert!(out.contains("  --> script.jl:7:2\nClosest"), "{out}");
        let out = render(&diag(0, 0, Some("x")));
        assert!(out.contains("  --> script.jl\nClosest"), "{out}");
        let out = render(&diag(4, 0, Some("x = 1")));
        assert!(
            out.contains("  --> script.jl:4\n   |\n 4 | x = 1\nClosest"),
            "{out}"
        );
    }

    #[test]
    fn bare_message() {
        let d = Diagnostic {
            message: "boom".into(),
            ..Diagnostic::default()
        };
        assert_eq!(render(&d), "ERROR: boom\n");
    }

    #[test]
    fn stacktrace_numbers_are_aligned() {
        let frame = Frame {
            function: "f()".into(),
            file: "a.jl".into(),
            line: 1,
        };
        let d = Diagnostic {
            message: "m".into(),
            backtrace: vec![frame; 10],
            ..Diagnostic::default()
        };
        let out = render(&d);
        assert!(out.contains(" [ 1] f()\n    @ a.jl:1\n"), "{out}");
        assert!(out.contains(" [10] f()\n"), "{out}");
    }

    #[test]
    fn line_lookup_is_total() {
        let text = "a\r\nb\nc";
        assert_eq!(line_of(text, 1).as_deref(), Some("a"));
        assert_eq!(line_of(text, 3).as_deref(), Some("c"));
        assert_eq!(line_of(text, 0), None);
        assert_eq!(line_of(text, 4), None);
        assert_eq!(line_of(text, u32::MAX), None);
    }
}
