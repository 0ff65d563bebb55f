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

/// Bounds the runtime keeps itself (see the WIT `runtime-limits`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuntimeLimits {
    /// Julia calls nested in one task; deeper is a `StackOverflowError`.
    pub max_depth: u32,
    /// Tasks alive at once.
    pub max_tasks: u32,
}

impl Default for RuntimeLimits {
    fn default() -> RuntimeLimits {
        RuntimeLimits {
            max_depth: 50_000,
            max_tasks: 1_000_000,
        }
    }
}

/// Everything the runtime asks of its embedder. The runtime holds no OS handle of its own.
pub trait Host {
    /// The bounds for the next operation; the defaults unless the embedder sets others.
    fn runtime_limits(&mut self) -> RuntimeLimits {
        RuntimeLimits::default()
    }
    fn write_stdout(&mut self, bytes: &[u8]);
    fn write_stderr(&mut self, bytes: &[u8]);
    /// Reads a source file by virtual path; the error is a human-readable reason.
    fn read_source(&mut self, path: &str) -> Result<String, String>;
    /// Finds the package `using name` refers to; `None` when there is none. With `allow_image`
    /// false, the source even when an image exists.
    fn locate_package(&mut self, name: &str, allow_image: bool) -> Result<Option<Located>, String>;
    fn monotonic_ns(&mut self) -> u64;
    /// Nanoseconds since the Unix epoch.
    fn wall_clock_ns(&mut self) -> u64;
    /// Blocks for up to `ns` nanoseconds (it may return earlier: the caller checks the clock).
    fn sleep_ns(&mut self, ns: u64);
    /// Up to `max` bytes of standard input; empty at its end.
    fn read_stdin(&mut self, max: usize) -> Vec<u8>;
    /// A file-system request, as far as the embedder grants it (see the WIT `host` interface).
    fn fs(&mut self, request: FsRequest<'_>) -> Result<FsReply, FsError>;
    /// The value of a granted, set environment variable.
    fn get_env(&mut self, name: &str) -> Option<String>;
    /// The names of the granted environment variables that are set, sorted.
    fn env_names(&mut self) -> Vec<String>;
    /// The working directory that relative paths are taken from.
    fn working_dir(&mut self) -> String;
}

/// A file-system request of the program.
#[derive(Clone, Copy, Debug)]
pub enum FsRequest<'a> {
    Read(&'a str),
    Write {
        path: &'a str,
        bytes: &'a [u8],
        append: bool,
    },
    Info(&'a str),
    ReadDir(&'a str),
    MakeDir(&'a str),
    Remove {
        path: &'a str,
        recursive: bool,
    },
}

/// The answer to an [`FsRequest`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FsReply {
    Done,
    Bytes(Vec<u8>),
    /// What is at a path (`None`: nothing): whether a directory, and the size.
    Info(Option<(bool, u64)>),
    Names(Vec<String>),
}

/// Why a file-system request failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsErrorKind {
    NotFound,
    Denied,
    Exists,
    IsDirectory,
    NotDirectory,
    NotEmpty,
    Other,
}

impl FsErrorKind {
    /// The C `errno` Julia's `SystemError` carries for this failure (Linux numbering).
    pub fn errno(self) -> i32 {
        match self {
            FsErrorKind::NotFound => 2,
            FsErrorKind::Denied => 13,
            FsErrorKind::Exists => 17,
            FsErrorKind::NotDirectory => 20,
            FsErrorKind::IsDirectory => 21,
            FsErrorKind::NotEmpty => 39,
            FsErrorKind::Other => 5,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FsError {
    pub kind: FsErrorKind,
    /// One line for the user (for a denial: which grant would allow it).
    pub message: String,
}

impl FsError {
    fn from_io(e: &std::io::Error) -> FsError {
        use std::io::ErrorKind as K;
        let kind = match e.kind() {
            K::NotFound => FsErrorKind::NotFound,
            K::PermissionDenied => FsErrorKind::Denied,
            K::AlreadyExists => FsErrorKind::Exists,
            K::IsADirectory => FsErrorKind::IsDirectory,
            K::NotADirectory => FsErrorKind::NotDirectory,
            K::DirectoryNotEmpty => FsErrorKind::NotEmpty,
            _ => FsErrorKind::Other,
        };
        FsError {
            kind,
            message: e.to_string(),
        }
    }
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
    /// What `read-stdin` serves.
    pub stdin: std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<u8>>>,
    /// The environment the program sees.
    pub env: Vec<(String, String)>,
}

impl NativeHost {
    /// The real path of a program's path: a package's virtual path, else relative to `root`.
    fn real(&self, path: &str) -> PathBuf {
        self.roots
            .iter()
            .find_map(|(prefix, dir)| {
                path.strip_prefix(prefix.as_str())
                    .and_then(|r| r.strip_prefix('/'))
                    .map(|r| dir.join(r))
            })
            .unwrap_or_else(|| self.root.join(path))
    }
}

impl Host for NativeHost {
    fn write_stdout(&mut self, bytes: &[u8]) {
        self.stdout.borrow_mut().extend_from_slice(bytes);
    }

    fn write_stderr(&mut self, bytes: &[u8]) {
        self.stderr.borrow_mut().extend_from_slice(bytes);
    }

    fn read_source(&mut self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(self.real(path)).map_err(|e| e.to_string())
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

    fn wall_clock_ns(&mut self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
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

    fn read_stdin(&mut self, max: usize) -> Vec<u8> {
        let mut input = self.stdin.borrow_mut();
        let n = max.min(input.len());
        input.drain(..n).collect()
    }

    /// The native test host grants everything under its root (tests write in temporary
    /// directories); the kiln host is where grants are enforced.
    fn fs(&mut self, request: FsRequest<'_>) -> Result<FsReply, FsError> {
        use std::io::Write as _;
        let err = |e: std::io::Error| FsError::from_io(&e);
        match request {
            FsRequest::Read(path) => std::fs::read(self.real(path))
                .map(FsReply::Bytes)
                .map_err(err),
            FsRequest::Write {
                path,
                bytes,
                append,
            } => std::fs::OpenOptions::new()
                .create(true)
                .write(true)
                .append(append)
                .truncate(!append)
                .open(self.real(path))
                .and_then(|mut f| f.write_all(bytes))
                .map(|()| FsReply::Done)
                .map_err(err),
            FsRequest::Info(path) => match std::fs::metadata(self.real(path)) {
                Ok(m) => Ok(FsReply::Info(Some((m.is_dir(), m.len())))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FsReply::Info(None)),
                Err(e) => Err(err(e)),
            },
            FsRequest::ReadDir(path) => {
                let mut names = std::fs::read_dir(self.real(path))
                    .map_err(err)?
                    .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(err)?;
                names.sort();
                Ok(FsReply::Names(names))
            }
            FsRequest::MakeDir(path) => std::fs::create_dir(self.real(path))
                .map(|()| FsReply::Done)
                .map_err(err),
            FsRequest::Remove { path, recursive } => {
                let real = self.real(path);
                let r = match std::fs::symlink_metadata(&real) {
                    Ok(m) if m.is_dir() && recursive => std::fs::remove_dir_all(&real),
                    Ok(m) if m.is_dir() => std::fs::remove_dir(&real),
                    _ => std::fs::remove_file(&real),
                };
                r.map(|()| FsReply::Done).map_err(err)
            }
        }
    }

    fn get_env(&mut self, name: &str) -> Option<String> {
        self.env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    fn env_names(&mut self) -> Vec<String> {
        let mut names: Vec<String> = self.env.iter().map(|(k, _)| k.clone()).collect();
        names.sort();
        names
    }

    fn working_dir(&mut self) -> String {
        self.root.to_string_lossy().into_owned()
    }
}
