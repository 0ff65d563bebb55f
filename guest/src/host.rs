//! The IO the runtime needs from whoever embeds it: the kiln host (through the WIT imports, see
//! `component.rs`) or, for native tests, [`NativeHost`].

use std::path::PathBuf;

/// Where `using Name` found a package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Located {
    /// The bytes of a package image, and the hash of the package's sources now (empty when
    /// unknown): the image is used only if it was built from those sources.
    Image { bytes: Vec<u8>, source_hash: String },
    /// The package's source: virtual path of its entry file (`Name/src/Name.jl`) and the hash
    /// of its sources.
    Source { entry: String, source_hash: String },
}

/// Everything the runtime asks of its embedder. The runtime holds no OS handle of its own.
pub trait Host {
    fn write_stdout(&mut self, bytes: &[u8]);
    fn write_stderr(&mut self, bytes: &[u8]);
    /// Reads a source file by virtual path; the error is a human-readable reason.
    fn read_source(&mut self, path: &str) -> Result<String, String>;
    /// Finds the package `using name` refers to; `None` when there is none. With `allow_image`
    /// false, the source even when an image exists.
    fn locate_package(&mut self, name: &str, allow_image: bool) -> Result<Option<Located>, String>;
    fn monotonic_ns(&mut self) -> u64;
    /// Blocks for up to `ns` nanoseconds (it may return earlier: the caller checks the clock).
    fn sleep_ns(&mut self, ns: u64);
}

/// A host for native tests: reads files under a root directory, finds packages in load-path
/// directories, and collects output in memory.
#[derive(Clone, Debug, Default)]
pub struct NativeHost {
    pub root: PathBuf,
    pub load_path: Vec<PathBuf>,
    pub stdout: std::rc::Rc<std::cell::RefCell<Vec<u8>>>,
    pub stderr: std::rc::Rc<std::cell::RefCell<Vec<u8>>>,
    /// Images by package name, returned instead of sources when present.
    pub images: std::rc::Rc<std::cell::RefCell<Vec<(String, Vec<u8>)>>>,
    /// Virtual path prefix → real directory, for packages found on the load path.
    pub roots: Vec<(String, PathBuf)>,
}

impl Host for NativeHost {
    fn write_stdout(&mut self, bytes: &[u8]) {
        self.stdout.borrow_mut().extend_from_slice(bytes);
    }

    fn write_stderr(&mut self, bytes: &[u8]) {
        self.stderr.borrow_mut().extend_from_slice(bytes);
    }

    fn read_source(&mut self, path: &str) -> Result<String, String> {
        let real = self
            .roots
            .iter()
            .find_map(|(prefix, dir)| {
                path.strip_prefix(prefix.as_str())
                    .and_then(|r| r.strip_prefix('/'))
                    .map(|r| dir.join(r))
            })
            .unwrap_or_else(|| self.root.join(path));
        std::fs::read_to_string(&real).map_err(|e| e.to_string())
    }

    fn locate_package(&mut self, name: &str, allow_image: bool) -> Result<Option<Located>, String> {
        if let (Some((_, bytes)), true) = (
            self.images.borrow().iter().find(|(n, _)| n == name),
            allow_image,
        ) {
            return Ok(Some(Located::Image {
                bytes: bytes.clone(),
                source_hash: String::new(),
            }));
        }
        for dir in &self.load_path {
            let pkg = dir.join(name);
            if pkg.join("src").join(format!("{name}.jl")).is_file() {
                self.roots.push((name.to_string(), pkg));
                let entry = format!("{name}/src/{name}.jl");
                return Ok(Some(Located::Source {
                    entry,
                    source_hash: String::new(),
                }));
            }
        }
        Ok(None)
    }

    fn monotonic_ns(&mut self) -> u64 {
        static ORIGIN: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        ORIGIN
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_nanos() as u64
    }

    fn sleep_ns(&mut self, ns: u64) {
        std::thread::sleep(std::time::Duration::from_nanos(ns.min(10_000_000)));
    }
}
