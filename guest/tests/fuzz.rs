//! Property-based fuzzing on stable Rust (proptest, deterministic seeds): the parser on arbitrary
//! bytes and token soups, lowering on soups of statements, the image loader and the method-instance import on mutated real images
//! and bundles of `examples/Greeter` with their checksum recomputed, so the decoder itself is
//! exercised. Each target must never panic (nor hang): it returns a tree and errors with valid
//! spans, or a clear error, or a valid load.
//!
//! CI runs a short smoke run with a fixed seed and case count. For a long local run:
//! `KILN_FUZZ_CASES=1000000 KILN_FUZZ_SECS=600 KILN_FUZZ_SEED=7 cargo test --release -p kiln-guest
//! --test fuzz -- --nocapture --test-threads 1` (each target stops after `KILN_FUZZ_SECS`
//! seconds, or the case count, whichever comes first, and prints how many cases it ran).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use kiln_guest::ids::ModuleId;
use kiln_guest::lower::{LowerCtx, lower_thunk};
use kiln_guest::syntax::{LineIndex, parse};
use kiln_guest::{NativeHost, Session};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use sha2::Digest as _;

fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// A runner for round `round` of a target: a seed of its own made from `KILN_FUZZ_SEED` (0
/// unless given), the target's name and the round, no failure files.
fn runner(target: &str, round: u64, cases: u32) -> TestRunner {
    let seed: u64 = env("KILN_FUZZ_SEED").unwrap_or(0);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..16].copy_from_slice(&round.to_le_bytes());
    // Each target its own stream, so adding one does not change the others' inputs.
    for (i, b) in target.bytes().enumerate() {
        bytes[16 + i % 16] ^= b;
    }
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2000,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// Runs `test` on `KILN_FUZZ_CASES` values of `strategy` (`smoke` unless given), in rounds of
/// at most 1000 cases each with a seed of its own, stopping early after `KILN_FUZZ_SECS`
/// seconds; panics with the (shrunk) failing input if a case fails or panics.
fn fuzz<S: Strategy>(
    target: &str,
    smoke: u64,
    strategy: S,
    test: impl FnMut(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let total: u64 = env("KILN_FUZZ_CASES").unwrap_or(smoke);
    let deadline = env::<u64>("KILN_FUZZ_SECS").map(|s| Instant::now() + Duration::from_secs(s));
    let start = Instant::now();
    // `run` takes a `Fn`; the targets keep sessions that they replace between cases.
    let ran = std::cell::Cell::new(0u64);
    let test = std::cell::RefCell::new(test);
    let mut round = 0;
    while ran.get() < total && deadline.is_none_or(|d| Instant::now() < d) {
        let cases = (total - ran.get()).min(1000) as u32;
        let result = runner(target, round, cases).run(&strategy, |v| {
            ran.set(ran.get() + 1);
            (test.borrow_mut())(v)
        });
        if let Err(e) = result {
            panic!("fuzz {target} (round {round}): {e}");
        }
        round += 1;
    }
    eprintln!(
        "fuzz {target}: {} cases in {:.1?}, no failure",
        ran.get(),
        start.elapsed()
    );
}

/// Counts outcomes by their message's first words, printed at the end with `KILN_FUZZ_VERBOSE`
/// (to see that the mutations reach the decoder, not only its first checks).
#[derive(Default)]
struct Outcomes(std::collections::BTreeMap<String, u64>);

impl Outcomes {
    fn add(&mut self, message: &str) {
        let key: String = message.chars().take(70).collect();
        *self.0.entry(key).or_default() += 1;
    }
}

impl Drop for Outcomes {
    fn drop(&mut self) {
        if std::env::var_os("KILN_FUZZ_VERBOSE").is_some() {
            let mut v: Vec<_> = self.0.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1));
            for (k, n) in v.iter().take(12) {
                eprintln!("  {n:>8}  {k}");
            }
            eprintln!("  ({} distinct outcomes)", v.len());
        }
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn session() -> Session {
    Session::new(Box::new(NativeHost {
        root: repo(),
        roots: vec![("Greeter".into(), repo().join("examples/Greeter"))],
        load_path: vec![repo().join("examples")],
        ..Default::default()
    }))
}

/// Greeter's image and the bundle of method instances its workload compiled, built as the
/// pipeline builds them; and the world the bundle was exported after.
fn greeter() -> (Vec<u8>, Vec<u8>) {
    let entry = "Greeter/src/Greeter.jl";
    let mut a = session();
    a.define_package(entry, "hash").expect("define");
    let world = a.world_age();
    let mut b = session();
    b.define_package(entry, "hash").expect("define in clone");
    b.run_init("Greeter").expect("__init__");
    b.run_workload("Greeter").expect("workload");
    let bundle = b.export_method_instances(world).expect("export");
    a.import_method_instances(&bundle).expect("import");
    let image = a.serialize_image("Greeter").expect("serialize");
    (image, bundle)
}

// ---- the parser ----------------------------------------------------------------------------

/// Checks what the parser promises: it returns (it does not panic), and every error's span lies
/// within the text, on character boundaries.
fn parses(text: &str) -> Result<(), TestCaseError> {
    let parsed = parse(text);
    for e in &parsed.errors {
        let (s, t) = (e.span.start as usize, e.span.end as usize);
        prop_assert!(
            s <= t && t <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(t),
            "error {:?} has span {s}..{t} in a text of {} bytes",
            e.message,
            text.len()
        );
        prop_assert!(!e.message.is_empty());
    }
    Ok(())
}

#[test]
fn the_parser_survives_arbitrary_bytes() {
    fuzz(
        "parser-bytes",
        5000,
        proptest::collection::vec(any::<u8>(), 0..512),
        |bytes| parses(&String::from_utf8_lossy(&bytes)),
    );
}

/// Pieces of Julia syntax, so the parser sees mostly-plausible programs broken in every way.
const TOKENS: &[&str] = &[
    "begin", "end", "function", "module", "struct", "mutable", "abstract", "type", "if", "elseif",
    "else", "while", "for", "in", "let", "try", "catch", "finally", "return", "do", "where",
    "using", "import", "export", "const", "global", "local", "macro", "quote", "break", "continue",
    "(", ")", "[", "]", "{", "}", ",", ";", "=", "==", "===", "+", "-", "*", "/", "^", "%", "//",
    "÷", ".+", ".=", "::", "<:", ">:", "->", "=>", "...", ".", "..", ":", "?", "&&", "||", "!",
    "'", "\"", "\"\"\"", "`", "$", "$(", "@", "@show", "@assert", "#", "#=", "=#", "\\", "x", "y",
    "f", "Int", "T", "0", "1", "1.5", "1e", "0x", "0b1", "1_000", "2im", "'a'", "'\\n'", "\"a$x\"",
    "\"\\u\"", "λ", "∈", "α₁", "🙂", "\u{0}", "\r", "\t", "\n", " ", "  ",
];

#[test]
fn the_parser_survives_token_soups() {
    let soup = proptest::collection::vec(proptest::sample::select(TOKENS), 0..160)
        .prop_map(|tokens| tokens.concat());
    fuzz("parser-tokens", 10000, soup, |text| parses(&text));
}

#[test]
fn lowering_survives_token_soups() {
    // Soups of statement-sized pieces, so that many parse and reach lowering.
    let piece = proptest::sample::select(LOWERABLE);
    let soup = proptest::collection::vec(piece, 1..24).prop_map(|pieces| pieces.join("\n"));
    fuzz("lower", 3000, soup, |text| {
        parses(&text)?;
        let parsed = parse(&text);
        let lines = LineIndex::new(&text);
        let cx = LowerCtx {
            module: ModuleId(0),
            file: "fuzz.jl".into(),
            lines: &lines,
            text: &text,
            struct_new: None,
            counter: std::cell::Cell::new(1),
        };
        for e in &parsed.exprs {
            if let Err(err) = lower_thunk(&cx, std::slice::from_ref(e), e.span) {
                let (s, t) = (err.span.start as usize, err.span.end as usize);
                prop_assert!(s <= t && t <= text.len(), "lowering error {err:?}");
                prop_assert!(!err.message.is_empty());
            }
        }
        Ok(())
    });
}

/// Statements and fragments that parse on their own (or nearly), for the lowering target.
const LOWERABLE: &[&str] = &[
    "x = 1",
    "y = x + 1",
    "f(x) = x",
    "function g(a, b=2; c, d...) a end",
    "begin",
    "end",
    "for i in 1:3",
    "while x < 3",
    "if x",
    "elseif y",
    "else",
    "let a = 1, b",
    "try",
    "catch e",
    "finally",
    "return x",
    "break",
    "continue",
    "local z",
    "global w",
    "const K = 3",
    "x -> x + 1",
    "(a, b) = (1, 2)",
    "(; a, b) = t",
    "f.(x) .+ 1",
    "x .= y",
    "[i for i in 1:3]",
    "[x; y]",
    "(a = 1, b = 2)",
    "g(; kws...)",
    "h(x...)",
    "@show x",
    "@assert x > 0 \"m\"",
    "@async f()",
    "@sync begin",
    "@task 1",
    "struct S x end",
    "abstract type A end",
    "module M",
    "using Base",
    "import Base: +",
    "x::Int",
    "T where T",
    "a ? b : c",
    "\"s$(x)\"",
    ":sym",
    "quote x end",
    "do x",
    "map([1]) do x",
    "x[1] = 2",
    "x.y = 3",
    "x += 1",
    "a && b || c",
    "!x",
    "-x",
    "1 + ",
    "f(",
    ")",
];

#[test]
fn the_parser_survives_deep_nesting_of_every_bracket() {
    // On a thread with a 16 MiB stack, as parse.rs's nesting test: unoptimized builds spend
    // ~25 KiB of stack per level of nesting, past a test thread's 2 MiB at the depth limit.
    std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(|| {
            // Shapes a random soup rarely reaches: long runs of one opener, closed or not.
            let openers = proptest::sample::select(
                &["(", "[", "{", "begin ", "if x ", "f(", "\"$(", "-"][..],
            );
            let strategy = (openers, 1usize..3000, any::<bool>());
            fuzz("parser-nesting", 200, strategy, |(open, n, close)| {
                let mut text = open.repeat(n);
                if close {
                    text.push_str(&"end)".repeat(n));
                }
                parses(&text)
            });
        })
        .expect("spawn the test thread")
        .join()
        .expect("the parser survives deep nesting");
}

// ---- images and bundles --------------------------------------------------------------------

/// A change to a file's contents.
#[derive(Clone, Debug)]
enum Mutation {
    /// Flip bit `bit` of the byte at `at` (positions are taken modulo the length).
    Flip { at: usize, bit: u8 },
    /// Set the byte at `at`.
    Set { at: usize, byte: u8 },
    /// Cut the contents to `len` bytes.
    Truncate { len: usize },
    /// Copy `len` bytes from `from` over the bytes at `to`.
    Splice { from: usize, to: usize, len: usize },
    /// Insert bytes at `at`.
    Insert { at: usize, bytes: Vec<u8> },
    /// Remove `len` bytes at `at`.
    Remove { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        2 => (any::<usize>(), prop_oneof![Just(0u8), Just(0x7f), Just(0x80), Just(0xff), any::<u8>()])
            .prop_map(|(at, byte)| Mutation::Set { at, byte }),
        1 => any::<usize>().prop_map(|len| Mutation::Truncate { len }),
        2 => (any::<usize>(), any::<usize>(), 1usize..64)
            .prop_map(|(from, to, len)| Mutation::Splice { from, to, len }),
        1 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        1 => (any::<usize>(), 1usize..64).prop_map(|(at, len)| Mutation::Remove { at, len }),
    ]
}

fn apply(data: &mut Vec<u8>, m: &Mutation) {
    if data.is_empty() {
        return;
    }
    let n = data.len();
    match m {
        Mutation::Flip { at, bit } => data[at % n] ^= 1 << bit,
        Mutation::Set { at, byte } => data[at % n] = *byte,
        Mutation::Truncate { len } => data.truncate(len % n),
        Mutation::Splice { from, to, len } => {
            let (from, to) = (from % n, to % n);
            let len = (*len).min(n - from).min(n - to);
            data.copy_within(from..from + len, to);
        }
        Mutation::Insert { at, bytes } => {
            let at = at % (n + 1);
            data.splice(at..at, bytes.iter().copied());
        }
        Mutation::Remove { at, len } => {
            let at = at % n;
            data.drain(at..(at + len).min(n));
        }
    }
}

/// `file` (an image or bundle) with `mutations` applied and its checksum recomputed. With
/// `contents_only` the magic, format version and section table are kept, so the mutations reach
/// the decoder rather than the header checks.
fn mutate(file: &[u8], mutations: &[Mutation], contents_only: bool) -> Vec<u8> {
    let sealed = &file[..file.len() - 32];
    let mut out = if contents_only {
        let (rest, len) = sealed.split_last_chunk::<4>().expect("a section table");
        let table = rest.len() - u32::from_le_bytes(*len) as usize;
        let mut contents = sealed[12..table].to_vec();
        for m in mutations {
            apply(&mut contents, m);
        }
        let mut out = sealed[..12].to_vec();
        out.extend(contents);
        out.extend_from_slice(&sealed[table..]);
        out
    } else {
        let mut out = sealed.to_vec();
        for m in mutations {
            apply(&mut out, m);
        }
        out
    };
    let digest = sha2::Sha256::digest(&out);
    out.extend_from_slice(&digest);
    out
}

fn mutations() -> impl Strategy<Value = (Vec<Mutation>, bool)> {
    (
        proptest::collection::vec(mutation(), 1..4),
        proptest::bool::weighted(0.9),
    )
}

#[test]
fn mutated_images_load_or_fail_cleanly() {
    let (image, _) = greeter();
    let mut s = session();
    s.load_image(&image).expect("the unmutated image loads");
    let mut s = session();
    let packages = s.rt.world.packages.len();
    let mut outcomes = Outcomes::default();
    fuzz("image", 300, mutations(), |(ms, contents_only)| {
        let bytes = mutate(&image, &ms, contents_only);
        let r = s.load_image(&bytes);
        outcomes.add(r.as_ref().map_or_else(|d| d.message.as_str(), |_| "loaded"));
        if let Err(d) = &r {
            prop_assert!(!d.message.is_empty());
        }
        // A package was registered (the load succeeded, or its `__init__` — mutated code —
        // threw afterwards): the next case needs a session without it.
        if s.rt.world.packages.len() != packages {
            s = session();
        }
        // Describing reads only the header and table of contents; it must not panic either.
        let _ = s.describe_image(&bytes);
        Ok(())
    });
}

#[test]
fn mutated_bundles_import_or_fail_cleanly() {
    let (_, bundle) = greeter();
    let entry = "Greeter/src/Greeter.jl";
    let fresh = || {
        let mut a = session();
        a.define_package(entry, "hash").expect("define");
        a
    };
    let mut a = fresh();
    let report = a
        .import_method_instances(&bundle)
        .expect("the unmutated bundle imports");
    assert!(!report.accepted.is_empty());
    let mut a = fresh();
    let mut outcomes = Outcomes::default();
    fuzz("bundle", 300, mutations(), |(ms, contents_only)| {
        let bytes = mutate(&bundle, &ms, contents_only);
        let r = a.import_method_instances(&bytes);
        match &r {
            Ok(report) => outcomes.add(&format!(
                "imported: {} accepted, {} rejected",
                report.accepted.len(),
                report.rejected.len()
            )),
            Err(d) => outcomes.add(&d.message),
        }
        match r {
            Ok(report) => {
                // The name is the record's own (a mutation can make it anything, even empty);
                // the reason is the importer's and must say something.
                for (name, why) in &report.rejected {
                    prop_assert!(!why.is_empty(), "{name:?} rejected without a reason");
                }
                if !report.accepted.is_empty() {
                    // Installed code: start the next case from an untouched session.
                    a = fresh();
                }
            }
            Err(d) => prop_assert!(!d.message.is_empty()),
        }
        Ok(())
    });
}

// ---- the corpus ----------------------------------------------------------------------------

/// Replays `tests/fuzz-corpus/*.jl`, checked-in inputs of the kinds that once broke the runtime
/// or that the generators above cannot reach (nesting tens of thousands deep, self-referencing
/// values, allocations beyond memory, deadlocks, unbounded recursion, malformed code built at run
/// time): each parses as the parser promises, lowers or fails with a message, and runs in a
/// fresh session to its end or to a diagnostic with a message and a place in the file — never
/// a panic. A new crash found by a long run belongs here once fixed.
#[test]
fn the_checked_in_corpus_runs_without_a_panic() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fuzz-corpus exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".jl"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "the corpus is missing: {names:?}");
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).expect("a readable corpus file");
        let lines = text.lines().count() as u32;
        let outcome = std::thread::scope(|s| {
            std::thread::Builder::new()
                .stack_size(32 << 20)
                .spawn_scoped(s, || {
                    parses(&text).map_err(|e| format!("parsing: {e}"))?;
                    let host = NativeHost {
                        root: dir.clone(),
                        ..Default::default()
                    };
                    let stdout = host.stdout.clone();
                    let mut session = Session::new(Box::new(host));
                    let result = session.run_script(name, &[]);
                    let out = String::from_utf8_lossy(&stdout.borrow()).into_owned();
                    match result {
                        Ok(()) => Ok(out),
                        Err(d) if d.message.is_empty() => Err(format!("an empty message: {d:?}")),
                        Err(d) if d.file == *name && (d.line == 0 || d.line > lines + 1) => {
                            Err(format!("line {} outside the file: {}", d.line, d.message))
                        }
                        Err(d) => Ok(format!("{out}{}", d.message)),
                    }
                })
                .expect("a thread")
                .join()
        });
        match outcome {
            Ok(Ok(_)) => {}
            Ok(Err(why)) => panic!("{name}: {why}"),
            Err(_) => panic!("{name}: the runtime panicked"),
        }
    }
}
