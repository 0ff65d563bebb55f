//! Runs a Julia script natively (no wasm, no host): `cargo run --release -p kiln-guest --example run -- FILE.jl`.
//! For profiling and debugging the runtime; `kiln run` is the real thing.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: run FILE.jl");
        std::process::exit(2);
    };
    let host = kiln_guest::NativeHost {
        root: std::env::current_dir().expect("cwd"),
        ..Default::default()
    };
    let out = host.stdout.clone();
    let mut s = kiln_guest::Session::new(Box::new(host));
    let r = s.run_script(&path, &[]);
    print!("{}", String::from_utf8_lossy(&out.borrow()));
    if let Err(d) = r {
        eprintln!("ERROR: {} ({}:{})", d.message, d.file, d.line);
        std::process::exit(1);
    }
}
