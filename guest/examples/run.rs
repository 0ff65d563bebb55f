//! Runs a Julia script natively (no wasm, no host): `cargo run --release -p kiln-guest --example run -- FILE.jl`.
//! For profiling and debugging the runtime; `kiln run` is the real thing.

fn main() {
    // The stack `kiln` gives the runtime (its depth limits for nested values fit in it).
    let worker = std::thread::Builder::new().stack_size(32 << 20).spawn(run);
    if worker
        .and_then(|w| w.join().map_err(|_| std::io::Error::other("panicked")))
        .is_err()
    {
        std::process::exit(101);
    }
}

fn run() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: run FILE.jl");
        std::process::exit(2);
    };
    // Standard input, when it is not a terminal, and the whole environment (this is a
    // development tool: `kiln run` is where grants are enforced).
    let mut input = Vec::new();
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut input);
    }
    let host = kiln_guest::NativeHost {
        root: std::env::current_dir().expect("cwd"),
        stdin: std::rc::Rc::new(std::cell::RefCell::new(input.into())),
        env: std::env::vars().collect(),
        ..Default::default()
    };
    let out = host.stdout.clone();
    let mut s = kiln_guest::Session::new(Box::new(host));
    let r = s.run_script(&path, &[]);
    print!("{}", String::from_utf8_lossy(&out.borrow()));
    if let Err(d) = r {
        eprintln!("ERROR: {} ({}:{})", d.message, d.file, d.line);
        for f in &d.backtrace {
            eprintln!("  @ {} {}:{}", f.func, f.file, f.line);
        }
        std::process::exit(1);
    }
}
