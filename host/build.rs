//! Build script: compiles the guest runtime (`guest/`) to a wasm32-wasip2 component and hands its
//! path to the host crate as `KILN_GUEST_WASM`, which `engine.rs` embeds with `include_bytes!`.
//!
//! The guest is built by a nested `cargo build --profile guest --target wasm32-wasip2 -p kiln-guest`
//! (release without debug info, see the workspace `Cargo.toml`) into
//! a directory of its own beside the outer target directory (`<target-dir>/guest-wasm/<checkout>`), so that it is
//! built incrementally and never shares a lock with the outer build. Everything the outer cargo
//! puts in the environment for build scripts (flags, target, jobserver, profile overrides) is
//! removed first: it describes the host build, not the guest's.
//!
//! `KILN_PREBUILT_GUEST=/path/to/guest.wasm` skips the nested build and embeds that file instead
//! (for CI caches, or to pin a guest while `guest/` is being edited).

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let workspace = manifest_dir
        .parent()
        .expect("host/ lives in the workspace")
        .to_path_buf();

    println!("cargo:rerun-if-env-changed=KILN_PREBUILT_GUEST");
    // Cargo hashes workspace members without their absolute path, so two checkouts sharing a
    // target directory share this script's last run and the files it listed. `.ci/run` names its
    // checkout here, so a checkout elsewhere is never taken as up to date.
    println!("cargo:rerun-if-env-changed=KILN_CHECKOUT");
    if let Some(prebuilt) = env::var_os("KILN_PREBUILT_GUEST") {
        let prebuilt = PathBuf::from(prebuilt);
        if !prebuilt.is_file() {
            fail(&format!(
                "KILN_PREBUILT_GUEST names `{}`, which is not a file",
                prebuilt.display()
            ));
        }
        println!("cargo:rerun-if-changed={}", prebuilt.display());
        println!("cargo:rustc-env=KILN_GUEST_WASM={}", prebuilt.display());
        return;
    }

    // Every file, not just the directories: a directory's own mtime does not change when a file
    // in it is edited.
    for input in [
        "guest/src",
        "guest/Cargo.toml",
        "wit",
        "Cargo.lock",
        "Cargo.toml",
    ] {
        watch(&workspace.join(input));
    }

    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    check_target_installed(Path::new(&rustc));

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    // OUT_DIR is <target-dir>[/<triple>]/<profile>/build/kiln-<hash>/out.
    let target_root = out_dir.ancestors().nth(4).unwrap_or(&out_dir).to_path_buf();
    // One guest build directory per checkout, so checkouts sharing a target directory do not
    // overwrite each other's component.
    let guest_target = target_root.join("guest-wasm").join(checkout_id(&workspace));

    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.arg("build")
        .args(["--profile", "guest"])
        .args(["--target", "wasm32-wasip2"])
        .args(["-p", "kiln-guest"])
        .arg("--manifest-path")
        .arg(workspace.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&guest_target)
        .current_dir(&workspace);
    if let Ok(jobs) = env::var("NUM_JOBS") {
        cmd.args(["-j", &jobs]);
    }
    scrub_env(&mut cmd);
    // An 8 MiB stack (Rust's default for wasm is 1 MiB): the runtime's recursive Rust code
    // (comparison, hashing and printing of nested values, the parser, image decoding) is bounded
    // by depth limits chosen to fit in it. Pages it never touches cost nothing in a snapshot.
    cmd.env(
        "CARGO_TARGET_WASM32_WASIP2_RUSTFLAGS",
        "-C link-arg=-zstack-size=8388608",
    );

    let status = cmd
        .status()
        .unwrap_or_else(|e| fail(&format!("cannot run cargo: {e}")));
    if !status.success() {
        fail(
            "building the guest runtime (`cargo build -p kiln-guest --target wasm32-wasip2`) failed; see the errors above",
        );
    }

    let wasm = guest_target.join("wasm32-wasip2/guest/kiln_guest.wasm");
    if !wasm.is_file() {
        fail(&format!(
            "the guest build succeeded but `{}` is missing",
            wasm.display()
        ));
    }
    println!("cargo:rustc-env=KILN_GUEST_WASM={}", wasm.display());
}

/// A short, stable name for the checkout at `workspace` (a hash of its path; build-time only).
fn checkout_id(workspace: &Path) -> String {
    use std::hash::{Hash as _, Hasher as _};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    workspace.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Asks cargo to rerun this script when `path` changes: the path itself and, for a directory,
/// every file and directory below it.
fn watch(path: &Path) {
    println!("cargo:rerun-if-changed={}", path.display());
    if let Ok(entries) = std::fs::read_dir(path) {
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            watch(&p);
        }
    }
}

/// Removes the variables the outer cargo set for this build script or inherited from the user's
/// build configuration that would change how the guest is built.
fn scrub_env(cmd: &mut Command) {
    const KEEP: &[&str] = &[
        "CARGO_HOME",
        "CARGO_NET_",
        "CARGO_HTTP_",
        "CARGO_REGISTRIES_",
        "CARGO_REGISTRY_",
        "CARGO_TERM_",
    ];
    const DROP: &[&str] = &[
        "RUSTFLAGS",
        "RUSTDOCFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_LINKER",
        "MAKEFLAGS",
        "MFLAGS",
        "TARGET",
        "HOST",
        "OUT_DIR",
        "OPT_LEVEL",
        "PROFILE",
        "DEBUG",
        "NUM_JOBS",
        "__CARGO_FIX_PLZ",
    ];
    for (key, _) in env::vars_os() {
        let Some(key) = key.to_str() else { continue };
        let cargo_var = key.starts_with("CARGO_") && !KEEP.iter().any(|k| key.starts_with(k));
        if cargo_var || DROP.contains(&key) || key.starts_with("__CARGO") {
            cmd.env_remove(key);
        }
    }
}

/// Fails with an actionable message when the standard library for wasm32-wasip2 is not installed.
fn check_target_installed(rustc: &Path) {
    let Ok(out) = Command::new(rustc).args(["--print", "sysroot"]).output() else {
        return; // the nested cargo will report a missing rustc itself
    };
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if sysroot.is_empty() {
        return;
    }
    let lib = Path::new(&sysroot).join("lib/rustlib/wasm32-wasip2");
    if !lib.is_dir() {
        // A fresh machine with `RUSTUP_AUTO_INSTALL=0` has the toolchain but not the target:
        // add it through rustup (a rustup component, the only download this needs).
        let added = Command::new("rustup")
            .args(["target", "add", "wasm32-wasip2"])
            .status()
            .is_ok_and(|s| s.success());
        if added && lib.is_dir() {
            return;
        }
        fail(
            "the Rust target `wasm32-wasip2` is not installed for this toolchain; \
             run `rustup target add wasm32-wasip2` (rust-toolchain.toml names it, so rustup \
             normally installs it)",
        );
    }
}

fn fail(message: &str) -> ! {
    println!("cargo:warning={message}");
    eprintln!("error: {message}");
    std::process::exit(1);
}
