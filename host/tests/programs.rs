//! The guest's golden programs (`guest/testdata/run/*.jl`), run through the real `kiln` binary
//! and the wasm runtime: standard output must be what the natively run golden tests expect, and
//! an expected uncaught error must be reported with its message and exit status 1. This catches
//! what only the component shows (its own stacks and depth limits, the host's IO).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[test]
fn golden_programs_behave_the_same_in_the_component() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../guest/testdata/run");
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache");
    let depot = tempfile::tempdir().unwrap();
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jl"))
        .collect();
    programs.sort();
    assert!(
        programs.len() > 10,
        "golden programs found: {}",
        programs.len()
    );
    let mut failures = Vec::new();
    for program in &programs {
        let name = program.file_name().unwrap().to_str().unwrap().to_string();
        let expected = std::fs::read_to_string(program.with_extension("out")).unwrap();
        let (expected_out, expected_err) = match expected.find("ERROR: ") {
            Some(i) => (
                &expected[..i],
                Some(expected[i..].lines().next().unwrap_or("")),
            ),
            None => (expected.as_str(), None),
        };
        // `NAME.in`, when there is one, is the program's standard input.
        let input = std::fs::read(program.with_extension("in")).unwrap_or_default();
        let mut child = Command::new(env!("CARGO_BIN_EXE_kiln"))
            .args(["run", &name])
            .current_dir(&dir)
            .env("KILN_LOAD_PATH", dir.join("packages"))
            .env("KILN_DEPOT", depot.path())
            .env("KILN_CACHE", &cache)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || {
            // A program that stops reading early closes the pipe: not an error here.
            let _ = stdin.write_all(&input);
        });
        let o = child.wait_with_output().unwrap();
        feeder.join().unwrap();
        // The component names the script by its absolute path, as Julia does (`Test` prints
        // it); the native goldens by the name given.
        let prefix = format!("{}/", dir.canonicalize().unwrap().display());
        let out = String::from_utf8_lossy(&o.stdout).replace(&prefix, "");
        let err = String::from_utf8_lossy(&o.stderr);
        let status_ok = match expected_err {
            Some(line) => o.status.code() == Some(1) && err.contains(line),
            None => o.status.success(),
        };
        if out != expected_out || !status_ok {
            failures.push(format!(
                "--- {name}: status {:?}\nstdout:\n{out}\nstderr:\n{err}",
                o.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
