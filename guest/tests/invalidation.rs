//! Invalidation: a new method that changes a dispatch recorded as an edge discards the code
//! instances that relied on it, and they are compiled again (seen through `--trace-compile`).
//! Specialization, seen the same way: each closure type gets method instances of its own.

use kiln_guest::{NativeHost, Session};

fn traced(test: &str, source: &str) -> (String, String) {
    let dir = tempfile_dir(test);
    std::fs::write(dir.join("main.jl"), source).expect("write");
    let host = NativeHost {
        root: dir,
        ..Default::default()
    };
    let (out, err) = (host.stdout.clone(), host.stderr.clone());
    let mut s = Session::new(Box::new(host));
    s.set_trace_compile(true);
    s.run_script("main.jl", &[])
        .unwrap_or_else(|d| panic!("{d:?}"));
    let out = String::from_utf8(out.borrow().clone()).expect("utf-8");
    let err = String::from_utf8(err.borrow().clone()).expect("utf-8");
    (out, err)
}

fn tempfile_dir(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-invalidation-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn a_more_specific_method_invalidates_its_callers() {
    let (out, err) = traced(
        "specific",
        "f(x) = 1\ng(x) = f(x)\nprintln(g(2))\nf(x::Int) = 2\nprintln(g(2))\nprintln(g(2))\n",
    );
    assert_eq!(out, "1\n2\n2\n");
    let g = "precompile(Tuple{typeof(g), Int64})";
    // Compiled, invalidated by `f(::Int)`, compiled once more, then reused.
    assert_eq!(err.matches(g).count(), 2, "{err}");
    assert_eq!(
        err.matches("precompile(Tuple{typeof(f), Int64})").count(),
        2,
        "{err}"
    );
}

#[test]
fn an_unrelated_method_does_not() {
    let (out, err) = traced(
        "unrelated",
        "f(x) = 1\ng(x) = f(x)\nprintln(g(2))\nf(x::String) = 2\nprintln(g(2))\n",
    );
    assert_eq!(out, "1\n1\n");
    assert_eq!(
        err.matches("precompile(Tuple{typeof(g), Int64})").count(),
        1,
        "{err}"
    );
}

#[test]
fn a_call_site_cache_never_serves_a_stale_method() {
    // `g`'s loop calls `f` from one call site many times; each new, more specific method must
    // reach it, and each recompiled `g` must record its edge again (or the last definition
    // would not invalidate it).
    let (out, err) = traced(
        "site",
        "f(x) = 1\n\
         g(x) = (s = 0; for i in 1:5; s += f(x); end; s)\n\
         println(g(2))\n\
         f(x::Integer) = 2\n\
         println(g(2))\n\
         f(x::Int) = 3\n\
         println(g(2), \" \", g(0x02))\n",
    );
    assert_eq!(out, "5\n10\n15 10\n");
    assert_eq!(
        err.matches("precompile(Tuple{typeof(g), Int64})").count(),
        3,
        "{err}"
    );
}

#[test]
fn each_closure_type_gets_its_own_method_instances() {
    // Two closure expressions: two types, two instances of `apply` and of `map`. One
    // expression evaluated again (a second call of `adder`): its type, so no new instance.
    // (`adder`'s closure is `#1#2`: its type is defined with `adder`, before line 3 runs.)
    let (out, err) = traced(
        "closures",
        "apply(f, x) = f(x)\n\
         adder(k) = x -> x + k\n\
         println(apply(x -> x + 1, 1), \" \", apply(x -> 2x, 1))\n\
         println(apply(adder(1), 1), \" \", apply(adder(2), 1))\n\
         println(map(x -> x + 1, [1, 2]), \" \", map(x -> 2x, [1, 2]))\n",
    );
    assert_eq!(out, "2 2\n2 3\n[2, 3] [2, 4]\n");
    let apply: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("precompile(Tuple{typeof(apply), "))
        .collect();
    assert_eq!(
        apply,
        [
            "precompile(Tuple{typeof(apply), var\"#3#4\", Int64})",
            "precompile(Tuple{typeof(apply), var\"#5#6\", Int64})",
            "precompile(Tuple{typeof(apply), var\"#1#2\", Int64})",
        ],
        "{err}"
    );
    for t in ["#7#8", "#9#10"] {
        let map = format!("precompile(Tuple{{typeof(map), var\"{t}\", Vector{{Int64}}}})");
        assert_eq!(err.matches(&map).count(), 1, "{err}");
    }
}
