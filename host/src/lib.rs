//! kiln's embedding API: run Julia scripts, evaluate expressions, precompile packages into images
//! and inspect images, with the kiln runtime running as a sandboxed WebAssembly component.
//!
//! ```no_run
//! use kiln::{Config, Kiln};
//!
//! # fn main() -> Result<(), kiln::Error> {
//! let kiln = Kiln::new(Config::from_env())?;
//! println!("{}", kiln.eval("1 + 2")?);
//! let report = kiln.precompile("examples/Greeter".as_ref(), None)?;
//! println!("wrote {}", report.image_path.display());
//! # Ok(())
//! # }
//! ```
//!
//! Every call that runs Julia code creates a fresh [`Session`] (one instance of the runtime, with
//! its own Julia world); [`Kiln::session`] gives one to drive by hand. A [`Kiln`] holds the
//! compiled runtime, so creating sessions from one is cheap.
//!
//! Where things live:
//! - [`Config::from_env`] reads `KILN_DEPOT` (package images, default `~/.kiln`), `KILN_CACHE`
//!   (compiled code, default `$XDG_CACHE_HOME/kiln` or `~/.cache/kiln`) and `KILN_LOAD_PATH`
//!   (colon-separated directories of packages).
//! - Images are written to `<depot>/compiled/v1/<Name>/<identity>.kimg`, with their build record
//!   `<identity>.json` beside them: every file read while defining the package, with the SHA-256
//!   of its bytes, and the identity of every package it located. `using` takes an image only
//!   while its record still matches.

mod bindings;
mod cache;
mod clone;
mod depot;
mod diagnostics;
mod engine;
mod environment;
mod fs;
mod precompile;
mod record;
mod reproduce;
mod sandbox;

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use depot::{Depot, IMAGES_PER_PACKAGE, Package, is_environment};
pub use diagnostics::render as render_diagnostic;
pub use environment::{EnvironmentReport, Event, Graph, Outcome, PackageBuild};
pub use fs::{Grants, Input};
pub use precompile::{PrecompileReport, Step};
pub use reproduce::{Difference, Section, first_difference, sections};
pub use sandbox::Session;

/// How a [`Kiln`] is set up: where packages and images are found and where output goes.
#[derive(Clone, Debug)]
pub struct Config {
    /// The active project (`--project DIR`): a package directory or an environment whose
    /// `Project.toml` lists packages under `[deps]` and `[sources]`. Searched first by `using`.
    pub project: Option<PathBuf>,
    /// Directories holding package directories (`Name/src/Name.jl`), searched after the project.
    pub load_path: Vec<PathBuf>,
    /// The depot: package images live in `<depot>/compiled/v1/`.
    pub depot: PathBuf,
    /// Directory for compiled code (the compiled runtime, the incremental compilation cache);
    /// `None` compiles in memory every time. Entries are verified before use; on Unix a directory
    /// that another user can write is not used (with a warning on `stderr`).
    pub cache: Option<PathBuf>,
    /// Where the program's standard output goes.
    pub stdout: Sink,
    /// Where the program's standard error goes (and kiln's own progress lines, when `verbose`).
    pub stderr: Sink,
    /// Resource limits of every session.
    pub limits: Limits,
    /// A runtime component to use instead of the one built into kiln (for developing the guest).
    pub guest: Option<PathBuf>,
    /// Reports on `stderr` where each package was loaded from.
    pub verbose: bool,
    /// Load packages from their sources only: no image is read (`kiln run --no-precompile`).
    pub no_images: bool,
    /// When a precompilation workload throws, still write the image, without the workload's
    /// method instances (`kiln precompile --keep-going`).
    pub keep_going: bool,
    /// Reports on `stderr` every method instance compiled in a session (not taken from an
    /// image), as a `precompile(...)` statement: Julia's `--trace-compile=stderr`.
    pub trace_compile: bool,
    /// What programs may reach beyond their own files (`--allow-read`, `--allow-write`,
    /// `--allow-env`); nothing by default.
    pub grants: Grants,
    /// The standard input of scripts and expressions (empty by default; precompilation
    /// workloads always read an empty input).
    pub stdin: Input,
}

impl Config {
    /// The configuration from the environment: `KILN_DEPOT`, `KILN_CACHE` (else
    /// `$XDG_CACHE_HOME/kiln`, else `~/.cache/kiln`), `KILN_LOAD_PATH`, and
    /// `KILN_GUEST_COMPONENT`; output goes to the process's stdout and stderr.
    #[must_use]
    pub fn from_env() -> Config {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let home = var("HOME");
        let depot = var("KILN_DEPOT")
            .or_else(|| home.as_ref().map(|h| h.join(".kiln")))
            .unwrap_or_else(|| PathBuf::from(".kiln"));
        let cache = var("KILN_CACHE")
            .or_else(|| var("XDG_CACHE_HOME").map(|c| c.join("kiln")))
            .or_else(|| home.as_ref().map(|h| h.join(".cache/kiln")));
        let load_path = std::env::var_os("KILN_LOAD_PATH")
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        Config {
            project: None,
            load_path,
            depot,
            cache,
            stdout: Sink::stdout(),
            stderr: Sink::stderr(),
            limits: Limits::default(),
            guest: var("KILN_GUEST_COMPONENT"),
            verbose: false,
            no_images: false,
            keep_going: false,
            trace_compile: false,
            grants: Grants::default(),
            stdin: Input::empty(),
        }
    }
}

/// Resource limits of a session. Every session of a [`Kiln`] has its own budget.
///
/// The defaults bound what a session can take from the host whatever the program does:
/// [`Limits::DEFAULT_MAX_MEMORY`] of linear memory and [`Limits::DEFAULT_MAX_OUTPUT`] of output;
/// there is no default time limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest linear memory a session may grow to, in bytes (at most [`Limits::MAX_MEMORY`]).
    /// A request to grow beyond it fails; if the runtime cannot go on, the session ends with
    /// [`Error::LimitExceeded`].
    pub max_memory: Option<u64>,
    /// Wall-clock budget of a session; the runtime is interrupted when it is spent.
    pub timeout: Option<Duration>,
    /// Most bytes a session may write to its stdout and stderr together; the program is stopped
    /// when it tries to write more (what fits is written).
    pub max_output: Option<u64>,
    /// Native stack the runtime's compiled code may use, in bytes (wasmtime's `max_wasm_stack`):
    /// deeper recursion in the runtime ends the session with a crash report instead of
    /// overflowing the host's stack. The thread that calls into a session must have at least
    /// this much stack left (plus some for kiln's own frames): the default is what any thread
    /// has; the `kiln` command runs on a thread of its own and uses
    /// [`Limits::CLI_MAX_STACK`], which the runtime's own depth limits (nested values compared,
    /// hashed, printed or imaged) are made to fit in.
    pub max_stack: usize,
    /// Julia calls nested in one task; a deeper call is a `StackOverflowError` the program can
    /// catch.
    pub max_depth: u32,
    /// Tasks alive at once; creating one more is an error the program can catch.
    pub max_tasks: u32,
}

impl Limits {
    /// Default of [`Limits::max_stack`]: 512 KiB.
    pub const DEFAULT_MAX_STACK: usize = 512 << 10;
    /// [`Limits::max_stack`] of the `kiln` command: 16 MiB.
    pub const CLI_MAX_STACK: usize = 16 << 20;
    /// Default of [`Limits::max_memory`]: 2 GiB.
    pub const DEFAULT_MAX_MEMORY: u64 = 2 << 30;
    /// Default of [`Limits::max_output`]: 1 GiB.
    pub const DEFAULT_MAX_OUTPUT: u64 = 1 << 30;
    /// All the linear memory a wasm32 runtime can address: 4 GiB.
    pub const MAX_MEMORY: u64 = 4 << 30;
    /// Default of [`Limits::max_depth`]: 50,000 calls.
    pub const DEFAULT_MAX_DEPTH: u32 = 50_000;
    /// Default of [`Limits::max_tasks`]: 1,000,000 tasks.
    pub const DEFAULT_MAX_TASKS: u32 = 1_000_000;
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_memory: Some(Limits::DEFAULT_MAX_MEMORY),
            timeout: None,
            max_output: Some(Limits::DEFAULT_MAX_OUTPUT),
            max_stack: Limits::DEFAULT_MAX_STACK,
            max_depth: Limits::DEFAULT_MAX_DEPTH,
            max_tasks: Limits::DEFAULT_MAX_TASKS,
        }
    }
}

/// A limit a session hit, with its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::timeout`].
    Time(Duration),
    /// [`Limits::max_memory`], in bytes.
    Memory(u64),
    /// [`Limits::max_output`], in bytes.
    Output(u64),
}

/// `2 GiB`, `512 MiB`, `1500 bytes`: a size as the user would write it.
pub(crate) fn show_size(bytes: u64) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        if bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

/// A destination for a session's output: the process's stdout or stderr, a buffer, or nowhere.
///
/// Clones share the destination, so a buffer sink given to a [`Config`] can be read afterwards.
#[derive(Clone, Debug)]
pub struct Sink(SinkKind);

#[derive(Clone, Debug)]
enum SinkKind {
    Stdout,
    Stderr,
    Buffer(Arc<Mutex<Vec<u8>>>),
    Discard,
}

impl Sink {
    /// The process's standard output.
    #[must_use]
    pub fn stdout() -> Sink {
        Sink(SinkKind::Stdout)
    }

    /// The process's standard error.
    #[must_use]
    pub fn stderr() -> Sink {
        Sink(SinkKind::Stderr)
    }

    /// An in-memory buffer; read it with [`Sink::take`] or [`Sink::contents`].
    #[must_use]
    pub fn buffer() -> Sink {
        Sink(SinkKind::Buffer(Arc::default()))
    }

    /// Drops everything written.
    #[must_use]
    pub fn discard() -> Sink {
        Sink(SinkKind::Discard)
    }

    /// Writes bytes; errors of the process's streams (a closed pipe) are ignored.
    pub fn write(&self, bytes: &[u8]) {
        match &self.0 {
            SinkKind::Stdout => {
                let _ = std::io::stdout().lock().write_all(bytes);
            }
            SinkKind::Stderr => {
                let _ = std::io::stderr().lock().write_all(bytes);
            }
            SinkKind::Buffer(buf) => lock(buf).extend_from_slice(bytes),
            SinkKind::Discard => {}
        }
    }

    /// Flushes the process's stream, if this sink is one.
    pub fn flush(&self) {
        match &self.0 {
            SinkKind::Stdout => {
                let _ = std::io::stdout().flush();
            }
            SinkKind::Stderr => {
                let _ = std::io::stderr().flush();
            }
            SinkKind::Buffer(_) | SinkKind::Discard => {}
        }
    }

    /// What a buffer sink holds so far (empty for other sinks).
    #[must_use]
    pub fn contents(&self) -> Vec<u8> {
        match &self.0 {
            SinkKind::Buffer(buf) => lock(buf).clone(),
            _ => Vec::new(),
        }
    }

    /// Empties a buffer sink and returns what it held (empty for other sinks).
    #[must_use]
    pub fn take(&self) -> Vec<u8> {
        match &self.0 {
            SinkKind::Buffer(buf) => std::mem::take(&mut *lock(buf)),
            _ => Vec::new(),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The errors of kiln's API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Julia code failed: a parse error or an uncaught exception, as the runtime reported it.
    Julia(Box<Diagnostic>),
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What kiln was doing: `read`, `write`, `create`.
        action: &'static str,
        /// The OS error.
        source: std::io::Error,
    },
    /// A package directory or `Project.toml` is not usable.
    Package {
        /// The directory or file at fault.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A session hit one of its [`Limits`] and was stopped.
    LimitExceeded {
        /// The limit, with its value.
        limit: Limit,
        /// What the session was doing: `running the script`.
        during: String,
    },
    /// The runtime itself failed: it could not be compiled or instantiated, it trapped (a bug in
    /// the runtime), or it broke the contract.
    Runtime(String),
}

impl Error {
    pub(crate) fn io(
        path: impl Into<PathBuf>,
        action: &'static str,
        source: std::io::Error,
    ) -> Error {
        Error::Io {
            path: path.into(),
            action,
            source,
        }
    }

    pub(crate) fn package(path: impl Into<PathBuf>, reason: impl Into<String>) -> Error {
        Error::Package {
            path: path.into(),
            reason: reason.into(),
        }
    }

    /// The Julia diagnostic, when this error is one.
    #[must_use]
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match self {
            Error::Julia(d) => Some(d),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Julia(d) => f.write_str(&d.message),
            Error::Io {
                path,
                action,
                source,
            } => {
                write!(f, "cannot {action} `{}`: {source}", path.display())
            }
            Error::Package { path, reason } => write!(f, "`{}`: {reason}", path.display()),
            Error::LimitExceeded { limit, during } => match limit {
                Limit::Time(t) => write!(
                    f,
                    "the session ran out of time while {during}: its time limit is {} s",
                    t.as_secs_f64()
                ),
                Limit::Memory(max) => write!(
                    f,
                    "out of memory: the runtime exceeded its memory limit of {} while {during}",
                    show_size(*max)
                ),
                Limit::Output(max) => write!(
                    f,
                    "the program was stopped while {during}: it wrote more than its output limit of {}",
                    show_size(*max)
                ),
            },
            Error::Runtime(msg) => f.write_str(msg),
        }
    }
}

/// The I/O error of [`Error::Io`] is part of its message, so it is not repeated as a `source`.
impl std::error::Error for Error {}

/// A Julia error as the user sees it, with its virtual paths resolved to files on disk.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostic {
    /// One line, as Julia prints it: `MethodError: no method matching f(::String)`.
    pub message: String,
    /// Further lines (candidates, reasons).
    pub notes: Vec<String>,
    /// Where the error points, when it points somewhere.
    pub location: Option<Location>,
    /// The Julia backtrace, innermost frame first.
    pub backtrace: Vec<Frame>,
}

/// A position in a source file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// The file as the user knows it: the script path as given, or a package file's real path.
    pub file: String,
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column (in characters); 0 when unknown.
    pub column: u32,
    /// The text of that line, when the file could be read again.
    pub source_line: Option<String>,
}

/// One frame of a Julia backtrace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    /// `f(x::Int64)`.
    pub function: String,
    /// The file as the user knows it (see [`Location::file`]).
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: u32,
}

/// A package as defined or loaded in a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageInfo {
    /// The module's name.
    pub name: String,
    /// World age right after the module was defined or loaded.
    pub world: u64,
    /// Whether the package registered a `Base.precompilation(Name) do … end` workload.
    pub has_workload: bool,
}

/// A method instance the workload compiled that was taken into the image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// `Greeter.greet(::String)`, `sum(::Vector{Greeter.Point})`.
    pub name: String,
    /// The module its method belongs to (`Greeter`, `Base`).
    pub owner: String,
}

impl Accepted {
    /// Whether its method is the package's own (defined in `package` or one of its submodules),
    /// rather than external (of Base or a dependency, specialized for the package's types).
    #[must_use]
    pub fn is_own(&self, package: &str) -> bool {
        self.owner == package
            || self
                .owner
                .strip_prefix(package)
                .is_some_and(|rest| rest.starts_with('.'))
    }
}

/// A method instance that was not taken into the image, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// `Greeter.greet(::Tmp)`.
    pub name: String,
    /// Why it was rejected.
    pub reason: String,
}

/// What a package image holds (see `kiln inspect`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageSummary {
    /// Version of the image format.
    pub format_version: u32,
    /// Version of the runtime that wrote the image.
    pub runtime_version: String,
    /// The package's name.
    pub package: String,
    /// The identity of the sources the image was built from (hex SHA-256 of its build record).
    pub source_hash: String,
    /// Dependencies: name and hex content hash of their image.
    pub dependencies: Vec<(String, String)>,
    /// Names the module defines, in definition order.
    pub bindings: Vec<String>,
    /// Number of methods the package defines.
    pub methods: u32,
    /// The compiled method instances the image carries.
    pub method_instances: Vec<MethodInstance>,
}

/// A compiled method instance in an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodInstance {
    /// `Greeter.greet(::String)`.
    pub name: String,
    /// The signature of the method it specializes, as a `Tuple{…}`.
    pub method: String,
    /// The module that owns the method.
    pub owner: String,
    /// The dispatch decisions its code relies on.
    pub edges: Vec<String>,
    /// The inferred return type, `Any` when unknown.
    pub rettype: String,
}

/// kiln: the compiled runtime plus a configuration. Creates sessions.
pub struct Kiln {
    config: Config,
    runtime: Arc<engine::Runtime>,
}

impl Kiln {
    /// Sets up the engine and loads the runtime's base snapshot (the runtime with Base loaded),
    /// making and compiling it only when the cache holds no compiled copy for this exact runtime
    /// component and engine configuration.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when `config.guest` cannot be read; [`Error::Runtime`] when the component
    /// does not compile or does not have the expected imports and exports.
    pub fn new(config: Config) -> Result<Kiln, Error> {
        // Every granted directory must exist and open (each session opens them again).
        fs::FileSystem::new(&config.grants, Input::empty())?;
        let runtime = engine::Runtime::new(&config)?;
        Ok(Kiln {
            config,
            runtime: Arc::new(runtime),
        })
    }

    /// The configuration this kiln was made with.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// A fresh session: a new instance of the runtime with its own Julia world.
    ///
    /// # Errors
    ///
    /// [`Error::Runtime`] when the runtime cannot be instantiated (e.g. the memory limit is too low).
    pub fn session(&self) -> Result<Session, Error> {
        Session::new(&self.runtime, &self.config)
    }

    /// Runs the script at `path` in a fresh session with `ARGS` set to `args`.
    ///
    /// # Errors
    ///
    /// [`Error::Julia`] for an uncaught Julia error (render it with [`render_diagnostic`]),
    /// [`Error::Io`] when the script cannot be read, [`Error::Runtime`] when the runtime fails.
    pub fn run_script(&self, path: &Path, args: &[String]) -> Result<(), Error> {
        let mut session = self.session()?;
        session.run_script(path, args)
    }

    /// Evaluates `source` in `Main` of a fresh session and returns the value as the REPL would
    /// display it (empty for `nothing`).
    ///
    /// # Errors
    ///
    /// [`Error::Julia`] for a parse error or an uncaught exception, [`Error::Runtime`] when the
    /// runtime fails.
    pub fn eval(&self, source: &str) -> Result<String, Error> {
        let mut session = self.session()?;
        session.eval(source)
    }

    /// Precompiles the package in `pkgdir` into an image written to `out`, or into the depot when
    /// `out` is `None`. The package's own environment (its `Project.toml`) is the active project
    /// unless the configuration names one.
    ///
    /// # Errors
    ///
    /// [`Error::Package`] when `pkgdir` is not a package, [`Error::Julia`] when defining the
    /// package or running its workload fails, [`Error::Io`] when the image cannot be written,
    /// [`Error::Runtime`] when the runtime fails.
    pub fn precompile(&self, pkgdir: &Path, out: Option<&Path>) -> Result<PrecompileReport, Error> {
        precompile::run(&self.runtime, &self.config, pkgdir, out)
    }

    /// Precompiles the package in `pkgdir` twice, each build in a fresh temporary depot with
    /// fresh runtime instances, and compares the images (the package's and those of the
    /// dependencies built) byte for byte. Only when they are identical is the image written as
    /// [`Kiln::precompile`] writes it.
    ///
    /// # Errors
    ///
    /// What [`Kiln::precompile`] returns; [`Error::Package`] naming the package and the first
    /// section of the image that differs when the two builds differ (nothing is written then).
    pub fn precompile_reproducible(
        &self,
        pkgdir: &Path,
        out: Option<&Path>,
    ) -> Result<PrecompileReport, Error> {
        reproduce::check(&self.runtime, &self.config, pkgdir, out)
    }

    /// Precompiles every package of the environment `config.project` (a directory whose
    /// `Project.toml` lists packages under `[deps]` and `[sources]`) and their dependencies, in
    /// dependency order, up to `jobs` packages at a time; `events` hears of each build as it
    /// starts and ends. Packages whose images are up to date are not built again.
    ///
    /// # Errors
    ///
    /// [`Error::Package`] when the environment or a package's `Project.toml` is malformed or the
    /// packages depend on each other in a cycle. A package that fails to build is not an error
    /// here: its [`Outcome`] says so.
    pub fn precompile_environment(
        &self,
        jobs: usize,
        events: &(dyn Fn(Event<'_>) + Sync),
    ) -> Result<EnvironmentReport, Error> {
        // What the packages print while being defined goes to their build's captured output.
        environment::run(&self.runtime, &self.config, jobs, events)
    }

    /// Describes a package image without loading it.
    ///
    /// # Errors
    ///
    /// [`Error::Julia`] when the bytes are not a valid image of a supported version.
    pub fn inspect(&self, image: &[u8]) -> Result<ImageSummary, Error> {
        let mut session = self.session()?;
        session.describe_image(image)
    }
}
