//! Tests of the embedding API: sessions, captured output, limits, the precompile report.

use std::path::Path;
use std::time::Duration;

use kiln::{Config, Error, Kiln, Limit, Sink, Step};

/// A configuration with its own depot, the shared compiled-code cache, and captured output.
fn config(depot: &Path) -> (Config, Sink, Sink) {
    let (out, err) = (Sink::buffer(), Sink::buffer());
    let mut c = Config::from_env();
    c.project = None;
    c.load_path = Vec::new();
    c.depot = depot.to_path_buf();
    c.cache = Some(Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache"));
    c.stdout = out.clone();
    c.stderr = err.clone();
    (c, out, err)
}

#[test]
fn a_session_keeps_its_state_and_output_can_be_captured() {
    let tmp = tempfile::tempdir().unwrap();
    let (c, out, _) = config(tmp.path());
    let kiln = Kiln::new(c).unwrap();
    let mut s = kiln.session().unwrap();
    assert_eq!(s.eval("x = 41").unwrap(), "41");
    assert_eq!(s.eval("x + 1").unwrap(), "42");
    assert_eq!(s.eval("println(\"hi\")").unwrap(), "");
    assert_eq!(out.take(), b"hi\n");
}

#[test]
fn sessions_do_not_share_state() {
    let tmp = tempfile::tempdir().unwrap();
    let (c, _, _) = config(tmp.path());
    let kiln = Kiln::new(c).unwrap();
    let mut a = kiln.session().unwrap();
    let mut b = kiln.session().unwrap();
    a.eval("only_in_a = 1").unwrap();
    let err = b.eval("only_in_a").unwrap_err();
    let d = err.diagnostic().expect("a Julia error");
    assert!(d.message.contains("only_in_a"), "{}", d.message);
}

#[test]
fn a_timeout_interrupts_the_runtime() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut c, _, _) = config(tmp.path());
    c.limits.timeout = Some(Duration::from_millis(300));
    let kiln = Kiln::new(c).unwrap();
    match kiln.eval("while true end") {
        Err(
            e @ Error::LimitExceeded {
                limit: Limit::Time(t),
                ..
            },
        ) => {
            assert_eq!(t, Duration::from_millis(300));
            assert!(e.to_string().contains("ran out of time"), "{e}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[test]
fn output_beyond_the_limit_stops_the_program() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut c, out, err) = config(tmp.path());
    c.limits.max_output = Some(100);
    let kiln = Kiln::new(c).unwrap();
    match kiln.eval("while true; print(\"0123456789\"); print(stderr, \"e\"); end") {
        Err(Error::LimitExceeded {
            limit: Limit::Output(100),
            during,
        }) => assert_eq!(during, "evaluating"),
        other => panic!("expected the output limit, got {other:?}"),
    }
    // Exactly the limit was written, stdout and stderr together.
    assert_eq!(out.take().len() + err.take().len(), 100);
}

#[test]
fn precompile_reports_every_step() {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = tmp.path().join("Greeter");
    std::fs::create_dir_all(pkg.join("src")).unwrap();
    std::fs::write(pkg.join("Project.toml"), "name = \"Greeter\"\n").unwrap();
    std::fs::write(
        pkg.join("src/Greeter.jl"),
        "module Greeter\ngreet(n) = println(\"Hello, \", n)\nend\n\nBase.precompilation(Greeter) do\n    Greeter.greet(\"w\")\nend\n",
    )
    .unwrap();
    let (c, out, err) = config(&tmp.path().join("depot"));
    let kiln = Kiln::new(c).unwrap();
    let report = kiln.precompile(&pkg, None).unwrap();
    assert_eq!(report.package, "Greeter");
    assert!(report.has_workload);
    let steps: Vec<Step> = report.steps.iter().map(|(s, _)| *s).collect();
    assert_eq!(steps, Step::ALL);
    assert_eq!(
        report.image_size,
        std::fs::metadata(&report.image_path).unwrap().len()
    );
    assert!(
        report
            .image_path
            .starts_with(tmp.path().join("depot/compiled/v1/Greeter"))
    );
    // The workload's output went to stderr, nothing to stdout.
    assert!(out.take().is_empty());
    assert!(String::from_utf8_lossy(&err.take()).contains("Hello, w"));

    let summary = kiln
        .inspect(&std::fs::read(&report.image_path).unwrap())
        .unwrap();
    assert_eq!(summary.package, "Greeter");
    assert_eq!(summary.source_hash, report.source_hash);
}

#[test]
fn an_environment_builds_independent_packages_in_parallel() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut c, _, _) = config(&tmp.path().join("depot"));
    c.project = Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/packages/Diamond"));
    let kiln = Kiln::new(c).unwrap();
    let log = std::sync::Mutex::new(Vec::<String>::new());
    let changed = std::sync::Condvar::new();
    let report = kiln
        .precompile_environment(2, &|e| {
            let line = match e {
                kiln::Event::Planned(p) => format!("planned {}", p.len()),
                kiln::Event::Started { name, .. } => format!("start {name}"),
                kiln::Event::Finished { build, .. } => format!("end {}", build.name),
            };
            let mut l = log.lock().unwrap();
            l.push(line.clone());
            changed.notify_all();
            // Left's build does not go on until Right's has started: only builds that run at
            // the same time get past this (a sequential build would wait here in vain).
            if line == "start Left" {
                let (l, _) = changed
                    .wait_timeout_while(l, Duration::from_secs(60), |l| {
                        !l.iter().any(|x| x == "start Right")
                    })
                    .unwrap();
                drop(l);
            }
        })
        .unwrap();
    let names: Vec<&str> = report.packages.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["Root", "Left", "Right", "Top"]);
    assert!(
        report
            .packages
            .iter()
            .all(|b| matches!(b.outcome, kiln::Outcome::Built(_)))
    );
    let log = log.into_inner().unwrap();
    let at = |s: &str| log.iter().position(|l| l == s).unwrap();
    // Root before both of its dependents, both of them before Top; Left and Right overlap.
    assert!(at("end Root") < at("start Left") && at("end Root") < at("start Right"));
    assert!(at("end Left") < at("start Top") && at("end Right") < at("start Top"));
    assert!(
        at("start Left") < at("end Right") && at("start Right") < at("end Left"),
        "{log:?}"
    );
}
