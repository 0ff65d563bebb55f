//! The guest's layering, checked: each module uses only the layers before it in pipeline order.
//!
//! A module's layer is its top-level name under `src/` (`src/vm/show.rs` is in `vm`). Every
//! `crate::name` path in a file must name a layer at or below its own. The order is the one
//! ARCHITECTURE.md draws; a new top-level module must be placed in it here.

use std::path::{Path, PathBuf};

/// Layers in pipeline order; modules on one line are one layer (they may use each other).
const LAYERS: &[&[&str]] = &[
    &["symbol", "ids", "collections", "host", "memory"],
    &["syntax"],
    &["lower"],
    &["types"],
    &["value"],
    &["world"],
    &["vm"],
    &["image"],
    &["eval"],
    &["session"],
    &["component", "lib"],
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer of a source file: `src/NAME.rs` or `src/NAME/…`.
fn layer_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("file under src");
    let first = rel.components().next().expect("non-empty path");
    let name = first.as_os_str().to_string_lossy();
    name.strip_suffix(".rs").unwrap_or(&name).to_string()
}

/// Every `crate::NAME` in `text` outside comments, with its line number.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // `use crate::{a, b}` names several layers at once.
            if name.is_empty() && after.starts_with('{') {
                let group = after[1..].split('}').next().unwrap_or("");
                for item in group.split(',') {
                    let item = item.trim();
                    let head: String = item
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !head.is_empty() {
                        out.push((i + 1, head));
                    }
                }
            } else if !name.is_empty() {
                out.push((i + 1, name));
            }
            rest = after;
        }
    }
    out
}

#[test]
fn every_module_uses_only_earlier_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut violations = Vec::new();
    for file in &files {
        let layer = layer_of(&src, file);
        let Some(own) = rank(&layer) else {
            violations.push(format!(
                "{}: module `{layer}` has no place in LAYERS",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("readable source file");
        for (line, used) in crate_paths(&text) {
            match rank(&used) {
                Some(r) if r <= own => {}
                Some(_) => violations.push(format!(
                    "{}:{line}: `{layer}` uses `{used}`, a later layer",
                    file.display()
                )),
                None => violations.push(format!(
                    "{}:{line}: `crate::{used}` is not a known layer",
                    file.display()
                )),
            }
        }
    }
    assert!(
        violations.is_empty(),
        "layering violations:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_checker_sees_violations() {
    let found = crate_paths(
        "use crate::vm::Runtime; // crate::eval in a comment\nuse crate::{ids::TyId, world};",
    );
    let names: Vec<&str> = found.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["vm", "ids", "world"]);
    assert!(rank("world") < rank("vm"));
    assert!(rank("image") < rank("eval"));
}
