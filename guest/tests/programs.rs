//! Golden tests: every `testdata/run/NAME.jl` runs as a script; its standard output, followed by
//! the rendered uncaught error if there is one, must equal `NAME.out`; `NAME.in`, if present, is
//! its standard input.
//! `UPDATE_EXPECT=1 cargo test -p kiln-guest --test programs` rewrites the `.out` files.

use std::path::{Path, PathBuf};

use kiln_guest::{Diagnostic, NativeHost, Session};

/// The error as the golden files show it: Julia's `ERROR:` line, notes and stack trace.
pub fn render(d: &Diagnostic) -> String {
    let mut s = format!("ERROR: {}\n", d.message);
    if d.line > 0 && d.backtrace.is_empty() {
        s.push_str(&format!("  at {}:{}:{}\n", d.file, d.line, d.column));
    }
    for n in &d.notes {
        s.push_str(n);
        s.push('\n');
    }
    if !d.backtrace.is_empty() {
        s.push_str("Stacktrace:\n");
        for (i, f) in d.backtrace.iter().enumerate() {
            s.push_str(&format!(
                " [{}] {}\n   @ {}:{}\n",
                i + 1,
                f.func,
                f.file,
                f.line
            ));
        }
    }
    s
}

fn run_program(dir: &Path, name: &str) -> String {
    // `NAME.in`, when there is one, is the program's standard input.
    let input = std::fs::read(dir.join(name).with_extension("in")).unwrap_or_default();
    let host = NativeHost {
        root: dir.to_path_buf(),
        load_path: vec![dir.join("packages")],
        stdin: std::rc::Rc::new(std::cell::RefCell::new(input.into())),
        ..Default::default()
    };
    let stdout = host.stdout.clone();
    let mut session = Session::new(Box::new(host));
    let result = session.run_script(name, &[]);
    let mut out = String::from_utf8(stdout.borrow().clone()).expect("utf-8 output");
    if let Err(d) = result {
        out.push_str(&render(&d));
    }
    out
}

#[test]
fn programs_match_expected_output() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/run");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("testdata/run exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".jl"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no programs in {}", dir.display());
    let mut failures = Vec::new();
    for name in &names {
        // On a thread with the stack `kiln` gives the runtime (the runtime's depth limits, for
        // nested values, are made to fit in it).
        let got = std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(32 << 20)
                .spawn_scoped(s, || run_program(&dir, name))
                .expect("a thread")
                .join()
                .expect("the program does not panic")
        });
        let expected_path = dir.join(name.replace(".jl", ".out"));
        if update {
            std::fs::write(&expected_path, &got).expect("write .out");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!("--- {name}: expected\n{expected}--- got\n{got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} programs differ:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}
