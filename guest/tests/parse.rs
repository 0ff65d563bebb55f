//! Parser golden tests: every `testdata/parse/NAME.jl` parses to the tree and errors in
//! `NAME.out` (`UPDATE_EXPECT=1` rewrites them). Plus robustness: no input makes the parser
//! panic or hang.

use std::path::PathBuf;

use kiln_guest::syntax::{LineIndex, parse, print::sexprs};

fn render(text: &str) -> String {
    let parsed = parse(text);
    let mut out = sexprs(&parsed.exprs);
    let index = LineIndex::new(text);
    for e in &parsed.errors {
        let (line, col) = index.line_col(text, e.span.start);
        out.push_str(&format!("error {line}:{col}: {}\n", e.message));
    }
    out
}

fn files(dir: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jl"))
        .collect();
    v.sort();
    v
}

#[test]
fn trees_match_expected() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let all = files("testdata/parse");
    assert!(!all.is_empty());
    for path in all {
        let text = std::fs::read_to_string(&path).expect("read");
        let got = render(&text);
        let out = path.with_extension("out");
        if update {
            std::fs::write(&out, &got).expect("write");
            continue;
        }
        let expected = std::fs::read_to_string(&out).unwrap_or_default();
        if got != expected {
            failures.push(format!(
                "--- {}: expected\n{expected}--- got\n{got}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every prefix of every Julia file in the repository, and each with one byte removed, parses
/// without a panic.
#[test]
fn mutilated_sources_never_panic() {
    let mut sources = Vec::new();
    for dir in ["testdata/parse", "testdata/run"] {
        for p in files(dir) {
            sources.push(std::fs::read_to_string(p).expect("read"));
        }
    }
    for (_, text) in kiln_guest::eval::boot::BASE_FILES {
        sources.push(text.to_string());
    }
    for text in &sources {
        let bytes = text.as_bytes();
        for cut in (0..bytes.len()).step_by(3) {
            if let Ok(prefix) = std::str::from_utf8(&bytes[..cut]) {
                let _ = parse(prefix);
            }
            let mut holed = bytes.to_vec();
            holed.remove(cut);
            if let Ok(s) = std::str::from_utf8(&holed) {
                let _ = parse(s);
            }
        }
    }
}

/// Runs on a thread with a 16 MiB stack: unoptimized builds spend ~25 KiB of stack per level of
/// nesting. The optimized wasm guest (1 MiB of stack) is checked by the host's CLI tests.
#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(deep_nesting)
        .expect("spawn")
        .join()
        .expect("no panic");
}

fn deep_nesting() {
    let text = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
    let parsed = parse(&text);
    assert!(
        parsed
            .errors
            .iter()
            .any(|e| e.message.contains("nested too deeply"))
    );
    let text = format!("x = {}1", "-".repeat(5000));
    assert!(!parse(&text).errors.is_empty());
    let text = "[".repeat(3000);
    assert!(!parse(&text).errors.is_empty());
}

/// Nesting far past the limit is one error at the first level too deep, found in time linear
/// in the input (every later `begin` is another error; each is reported without rescanning the
/// text).
#[test]
fn nesting_past_the_limit_is_reported_once_per_statement() {
    // Debug builds have large frames; the limit is sized for release builds and wasm.
    std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(nesting_past_the_limit)
        .expect("spawn")
        .join()
        .expect("no panic");
}

fn nesting_past_the_limit() {
    let n = 100_000;
    let text = format!("{}1\n{}", "begin\n".repeat(n), "end\n".repeat(n));
    let parsed = parse(&text);
    let first = parsed.errors.first().expect("an error");
    assert_eq!(first.message, "expression nested too deeply");
    let index = LineIndex::new(&text);
    assert_eq!(index.line_col(&text, first.span.start), (97, 1));
}

/// Code as data converts back to the same code: every statement of every Julia file in the
/// repository, quoted into `Expr` form (what a macro receives, what `:(…)` builds) and turned
/// back into syntax (what `eval` and macro expansion do), quotes to the same `Expr` again.
#[test]
fn quoted_code_converts_back_to_the_same_syntax() {
    use kiln_guest::syntax::expr::{Node, Source, to_ast};
    fn strip_lines(n: Node) -> Node {
        match n {
            Node::Expr(h, args) => Node::Expr(
                h,
                args.into_iter()
                    .filter(|a| !matches!(a, Node::Line(..)))
                    .map(strip_lines)
                    .collect(),
            ),
            Node::Quote(x) => Node::Quote(Box::new(strip_lines(*x))),
            other => other,
        }
    }
    let mut sources = Vec::new();
    for dir in ["testdata/parse", "testdata/run"] {
        for p in files(dir) {
            sources.push(std::fs::read_to_string(p).expect("read"));
        }
    }
    for (_, text) in kiln_guest::eval::boot::BASE_FILES {
        sources.push(text.to_string());
    }
    // Without the text, the forms that only the text tells apart (`c ? a : b` and `if`,
    // `f(x) = …` and `function`) are quoted the same way on both sides.
    let lines = LineIndex::new("");
    let src = Source {
        text: "",
        lines: &lines,
        file: "none",
    };
    // `$x` is only syntax once interpolated (`$name() = 1` defines no function yet).
    fn interpolates(n: &Node) -> bool {
        match n {
            Node::Expr(h, args) => h == "$" || args.iter().any(interpolates),
            Node::Quote(x) => interpolates(x),
            _ => false,
        }
    }
    let mut checked = 0;
    for text in &sources {
        let parsed = parse(text);
        if !parsed.errors.is_empty() {
            continue;
        }
        for e in &parsed.exprs {
            let quoted = src.quote(e, 0);
            if interpolates(&quoted) {
                continue;
            }
            let back = to_ast(&quoted, e.span, 0)
                .unwrap_or_else(|m| panic!("{m}: {}", sexprs(std::slice::from_ref(e))));
            let again = src.quote(&back, 0);
            assert_eq!(
                strip_lines(again),
                strip_lines(quoted),
                "{}",
                sexprs(std::slice::from_ref(e))
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} statements checked");
}
