//! The sandbox: what a runtime instance can reach (its host state), and the instances themselves —
//! sessions (instances of the clonable runtime; cloning is in `clone.rs`) and the
//! wizer-instrumented instance the base snapshot is taken from.
//!
//! The runtime gets a minimal WASI context (no preopens, no environment, no inherited stdio; its
//! WASI stderr is a small in-memory pipe that is only read to explain a crash) and does all of its
//! IO through the `kiln:runtime/host` imports, implemented here:
//! - output goes to [`Sink`]s;
//! - `read-source` reads through capability-scoped directories (`cap_std::fs::Dir`) granted by
//!   virtual prefix: `Name/` for a package, the absolute path of the script's directory for a
//!   script (so a script's files never share a prefix with a package's); `..` and unknown
//!   prefixes are refused with a reason. While a package is precompiled, every file served is
//!   recorded with the SHA-256 of its bytes (see `record.rs`);
//! - `locate-package` asks the [`Depot`], grants the package's directory as `Name/`, and hands out
//!   the package's identity and, when its build record still matches, its image.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use cap_std::fs::Dir;
use wasmtime::component::{Component, Instance, Linker, ResourceTable};
use wasmtime::{Engine, ResourceLimiter, Store, StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wizer::{ComponentContext, WasmtimeWizerComponent, Wizer};

use crate::bindings::{self, Runtime as Bindings};
use crate::depot::{Depot, Package, hex};
use crate::engine::{Compiler, EPOCH_TICK, Runtime, runtime_error};
use crate::fs::FileSystem;
use crate::record::{self, Identities, Observed};
use crate::{
    Accepted, Config, Diagnostic, Error, Frame, ImageSummary, Limit, Limits, Location,
    MethodInstance, PackageInfo, Rejection, Sink,
};

/// Capacity of the pipe that catches the runtime's own WASI stderr (a Rust panic message).
const WASI_STDERR_CAPACITY: usize = 64 * 1024;

/// Everything one store's runtime instance can reach.
pub(crate) struct HostState {
    wasi: WasiCtx,
    table: ResourceTable,
    wasi_stderr: MemoryOutputPipe,
    limiter: Limiter,
    limits: Limits,
    /// Bytes the program may still write to stdout and stderr; `None` for no limit.
    output_left: Option<u64>,
    stdout: Sink,
    stderr: Sink,
    pub(crate) roots: Roots,
    pub(crate) depot: Depot,
    /// What this instance is served, while a package is being precompiled in it.
    pub(crate) recording: Option<Observed>,
    identities: Identities,
    verbose: bool,
    /// Packages come from their sources only; the depot is not read.
    no_images: bool,
    /// The program's files beyond its sources, environment and standard input.
    fs: FileSystem,
}

impl HostState {
    pub(crate) fn new(config: &Config, project: Option<PathBuf>) -> HostState {
        let wasi_stderr = MemoryOutputPipe::new(WASI_STDERR_CAPACITY);
        let wasi = WasiCtx::builder()
            .stderr(wasi_stderr.clone())
            .insecure_random_seed(0)
            .build();
        HostState {
            wasi,
            table: ResourceTable::new(),
            wasi_stderr,
            limiter: Limiter::new(config.limits.max_memory),
            limits: config.limits,
            output_left: config.limits.max_output,
            stdout: config.stdout.clone(),
            stderr: config.stderr.clone(),
            roots: Roots::default(),
            depot: Depot {
                project: project.or_else(|| config.project.clone()),
                load_path: config.load_path.clone(),
                root: config.depot.clone(),
            },
            recording: None,
            identities: Identities::new(config.grants.environment()),
            verbose: config.verbose,
            no_images: config.no_images,
            // The grants were opened once when the `Kiln` was made; a directory gone since is
            // simply not granted.
            fs: FileSystem::new(&config.grants, config.stdin.clone())
                .unwrap_or_else(|_| FileSystem::default()),
        }
    }

    /// A state for a clone of the instance that has `self`: the same grants and package search,
    /// and the same limits in error messages (`config` may hold what is left of the time limit).
    pub(crate) fn fork(&self, config: &Config) -> HostState {
        let mut state = HostState::new(config, self.depot.project.clone());
        state.roots = self.roots.clone();
        state.limits = self.limits;
        state.identities = self.identities.clone();
        state.fs = self.fs.without_input();
        state
    }

    /// How many of `len` bytes of output may still be written.
    fn output_allowance(&mut self, len: usize) -> wasmtime::Result<usize> {
        let Some(left) = &mut self.output_left else {
            return Ok(len);
        };
        let n = usize::try_from(*left).unwrap_or(usize::MAX).min(len);
        *left -= n as u64;
        Ok(n)
    }

    /// Stops the program (a trap) when only `written` of `len` bytes fitted in the output limit.
    fn output_exhausted(&mut self, written: usize, len: usize) -> wasmtime::Result<()> {
        if written == len {
            return Ok(());
        }
        self.stdout.flush();
        self.stderr.flush();
        Err(wasmtime::Error::new(OutputLimitExceeded))
    }

    fn note(&self, msg: &str) {
        if self.verbose {
            self.stderr.write(format!("kiln: {msg}\n").as_bytes());
        }
    }

    fn locate(
        &mut self,
        name: &str,
        allow_image: bool,
    ) -> Result<Option<bindings::LocatedPackage>, Error> {
        let Some(pkg) = self.depot.find(name)? else {
            self.note(&format!("package `{name}` not found"));
            return Ok(None);
        };
        self.roots.grant_package(&pkg)?;
        if self.no_images {
            // No image and no build record is consulted; nothing built against this package
            // can be trusted either (`unverified` is never recorded).
            self.note(&format!(
                "loading `{name}` from source {} (--no-precompile)",
                pkg.entry_file().display()
            ));
            return Ok(Some(bindings::LocatedPackage::Source(
                bindings::PackageSource {
                    entry: pkg.entry(),
                    source_hash: record::unverified(name),
                },
            )));
        }
        let current = self.identities.identify(&self.depot, &pkg)?;
        let identity = current
            .as_ref()
            .map_or_else(|| record::unverified(name), |c| c.identity.clone());
        if let Some(observed) = &mut self.recording {
            observed.package(name, &identity);
        }
        let mut why = self.identities.why_not.get(name).cloned();
        if let Some(current) = current {
            why = Some("its image is missing".into());
            if let Some((path, sha)) = current.image
                && allow_image
            {
                match std::fs::read(&path) {
                    Ok(bytes) if hex(&record::digest(&bytes)) == sha => {
                        self.note(&format!("loading `{name}` from image {}", path.display()));
                        return Ok(Some(bindings::LocatedPackage::Image(
                            bindings::PackageImage {
                                bytes,
                                source_hash: identity,
                            },
                        )));
                    }
                    Ok(_) => {
                        why = Some("its image is not the one its build record describes".into())
                    }
                    Err(e) => why = Some(format!("its image cannot be read: {e}")),
                }
            } else if !allow_image {
                why = Some("the runtime asked for the source".into());
            }
        }
        self.note(&format!(
            "loading `{name}` from source {}{}",
            pkg.entry_file().display(),
            why.map(|w| format!(" ({w})")).unwrap_or_default()
        ));
        Ok(Some(bindings::LocatedPackage::Source(
            bindings::PackageSource {
                entry: pkg.entry(),
                source_hash: identity,
            },
        )))
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl bindings::TypesHost for HostState {}

impl bindings::Host for HostState {
    fn write_stdout(&mut self, bytes: Vec<u8>) -> wasmtime::Result<()> {
        let n = self.output_allowance(bytes.len())?;
        self.stdout.write(&bytes[..n]);
        self.output_exhausted(n, bytes.len())
    }

    fn write_stderr(&mut self, bytes: Vec<u8>) -> wasmtime::Result<()> {
        let n = self.output_allowance(bytes.len())?;
        self.stderr.write(&bytes[..n]);
        self.output_exhausted(n, bytes.len())
    }

    fn read_source(&mut self, path: String) -> Result<String, String> {
        let r = self.roots.read(&path);
        if let Some(observed) = &mut self.recording {
            observed.file(&path, &r);
        }
        r
    }

    fn locate_package(
        &mut self,
        name: String,
        allow_image: bool,
    ) -> Result<Option<bindings::LocatedPackage>, String> {
        self.locate(&name, allow_image).map_err(|e| e.to_string())
    }

    fn runtime_limits(&mut self) -> bindings::Bounds {
        bindings::Bounds {
            max_depth: self.limits.max_depth,
            max_tasks: self.limits.max_tasks,
        }
    }

    fn monotonic_ns(&mut self) -> u64 {
        static ORIGIN: OnceLock<Instant> = OnceLock::new();
        u64::try_from(ORIGIN.get_or_init(Instant::now).elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    fn wall_clock_ns(&mut self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
    }

    /// Short sleeps only, so the epoch deadline (the run's timeout) is checked between them.
    fn sleep_ns(&mut self, ns: u64) {
        std::thread::sleep(std::time::Duration::from_nanos(ns.min(MAX_SLEEP_NS)));
    }

    fn read_stdin(&mut self, max: u32) -> Vec<u8> {
        self.fs.stdin.read(max as usize)
    }

    /// While a package is precompiled, a file it reads is recorded like a source file, so the
    /// image is rebuilt when the file changes (a file outside the package cannot be checked
    /// again later, so such an image is never trusted: it is rebuilt).
    fn read_file(&mut self, path: String) -> Result<Vec<u8>, bindings::FsError> {
        let r = self.fs.read_file(&self.roots, &path);
        if let Some(observed) = &mut self.recording {
            let text = match &r {
                Ok(bytes) => String::from_utf8(bytes.clone()).map_err(|e| e.to_string()),
                Err(e) => Err(e.message.clone()),
            };
            observed.file(&normalize(&path), &text);
        }
        r
    }

    fn write_file(
        &mut self,
        path: String,
        bytes: Vec<u8>,
        append: bool,
    ) -> Result<(), bindings::FsError> {
        self.fs.write_file(&self.roots, &path, &bytes, append)
    }

    fn stat_path(&mut self, path: String) -> Result<Option<bindings::PathInfo>, bindings::FsError> {
        self.fs.path_info(&self.roots, &path)
    }

    fn read_dir(&mut self, path: String) -> Result<Vec<String>, bindings::FsError> {
        self.fs.read_dir(&self.roots, &path)
    }

    fn make_dir(&mut self, path: String) -> Result<(), bindings::FsError> {
        self.fs.make_dir(&self.roots, &path)
    }

    fn remove_path(&mut self, path: String, recursive: bool) -> Result<(), bindings::FsError> {
        self.fs.remove(&self.roots, &path, recursive)
    }

    /// While a package is precompiled, a variable it reads is recorded like a file it reads,
    /// so that its image is rebuilt when the variable changes.
    fn get_env(&mut self, name: String) -> Option<String> {
        let value = self.fs.get_env(&name);
        if let Some(observed) = &mut self.recording {
            observed.env(&name, value.as_deref());
        }
        value
    }

    fn env_names(&mut self) -> Vec<String> {
        let names = self.fs.env_names();
        if let Some(observed) = &mut self.recording {
            observed.env_listing(&names);
        }
        names
    }

    fn working_dir(&mut self) -> String {
        self.fs.working_dir()
    }
}

/// The longest a single `sleep-ns` call blocks.
const MAX_SLEEP_NS: u64 = 10_000_000;

/// The trap raised when a program writes more than its output limit.
#[derive(Debug)]
struct OutputLimitExceeded;

impl std::fmt::Display for OutputLimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the output limit was exceeded")
    }
}

impl std::error::Error for OutputLimitExceeded {}

/// The store's resource limiter: wasmtime's [`StoreLimits`], remembering a refused request to
/// grow linear memory so that the trap that usually follows (the runtime aborts when an allocation
/// fails) is reported as the memory limit it is.
struct Limiter {
    limits: StoreLimits,
    /// A memory size (bytes) that was refused since the last call into the runtime ended.
    refused: Option<usize>,
}

impl Limiter {
    fn new(max_memory: Option<u64>) -> Limiter {
        let mut limits = StoreLimitsBuilder::new();
        if let Some(max) = max_memory {
            limits = limits.memory_size(usize::try_from(max).unwrap_or(usize::MAX));
        }
        Limiter {
            limits: limits.build(),
            refused: None,
        }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let ok = self.limits.memory_growing(current, desired, maximum)?;
        if !ok {
            self.refused = Some(desired);
        }
        Ok(ok)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.limits.table_growing(current, desired, maximum)
    }

    fn instances(&self) -> usize {
        self.limits.instances()
    }

    fn tables(&self) -> usize {
        self.limits.tables()
    }

    fn memories(&self) -> usize {
        self.limits.memories()
    }
}

/// Adds WASI and the `kiln:runtime/host` imports to `linker`.
pub(crate) fn add_to_linker(linker: &mut Linker<HostState>) -> Result<(), Error> {
    wasmtime_wasi::p2::add_to_linker_sync(linker)
        .map_err(|e| runtime_error("cannot link WASI", e))?;
    Bindings::add_to_linker::<HostState, wasmtime::component::HasSelf<HostState>>(linker, |s| s)
        .map_err(|e| runtime_error("cannot link kiln's host functions", e))
}

/// The directories (and single files) a runtime instance may read sources from, by virtual path.
#[derive(Clone, Default)]
pub(crate) struct Roots {
    entries: Vec<Root>,
    files: Vec<GrantedFile>,
}

#[derive(Clone)]
struct Root {
    /// Virtual prefix ending in `/`: `Greeter/` for a package, `/home/me/proj/` for a script's
    /// directory.
    prefix: String,
    dir: Arc<Dir>,
    /// The directory on disk, for messages.
    real: PathBuf,
    /// How paths under a script's directory are shown: the directory as the user spelled it
    /// (`proj/`, or empty for the current directory). `None` for a package, shown by real path.
    shown: Option<String>,
}

/// One file granted by its exact virtual path: the script itself, read through its real location
/// (it may be a symbolic link to a file outside its directory).
#[derive(Clone)]
struct GrantedFile {
    vpath: String,
    dir: Arc<Dir>,
    name: PathBuf,
    /// The path as the user gave it, for messages.
    shown: String,
}

/// `path` with empty and `.` components dropped and `..` applied lexically, as the runtime
/// computes the paths of included files.
pub(crate) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

impl Roots {
    /// Grants `real` as virtual prefix `prefix` (ending in `/`), replacing a previous grant of the
    /// same prefix.
    fn grant(&mut self, prefix: &str, real: &Path, shown: Option<String>) -> Result<(), Error> {
        let dir = Dir::open_ambient_dir(real, cap_std::ambient_authority())
            .map_err(|e| Error::io(real, "open", e))?;
        self.entries.retain(|r| r.prefix != prefix);
        self.entries.push(Root {
            prefix: prefix.to_string(),
            dir: Arc::new(dir),
            real: real.to_path_buf(),
            shown,
        });
        Ok(())
    }

    /// Grants a package's directory as `Name/`.
    pub(crate) fn grant_package(&mut self, pkg: &Package) -> Result<(), Error> {
        self.grant(&format!("{}/", pkg.name), &pkg.dir, None)
    }

    /// Grants the script at `path` and its directory, and returns the script's virtual path: its
    /// absolute path (lexically, without resolving symbolic links), so that the files it includes
    /// never share a virtual prefix with a package's even when its directory is named like one.
    ///
    /// As in Julia, a script reached through a symbolic link includes files relative to the
    /// link's directory, not the target's; the script itself is read through the link.
    pub(crate) fn grant_script(&mut self, path: &Path) -> Result<String, Error> {
        let Some(given) = path.to_str() else {
            return Err(Error::package(path, "the script's path is not UTF-8"));
        };
        let absolute = std::path::absolute(path).map_err(|e| Error::io(path, "read", e))?;
        let Some(absolute) = absolute.to_str() else {
            return Err(Error::package(path, "the script's path is not UTF-8"));
        };
        let vpath = normalize(absolute);
        let Some((vdir, _)) = vpath.rsplit_once('/') else {
            return Err(Error::package(path, "the script's path names no file"));
        };
        // The directory as the user spelled it (`./a//b.jl` shows as `a/b.jl`).
        let spelled = normalize(given);
        let shown_dir = spelled
            .rsplit_once('/')
            .map_or_else(String::new, |(d, _)| format!("{d}/"));
        let real_dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        self.grant(&format!("{vdir}/"), real_dir, Some(shown_dir))?;
        let target = std::fs::canonicalize(path).map_err(|e| Error::io(path, "read", e))?;
        let (Some(target_dir), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(Error::package(path, "the script's path names no file"));
        };
        let dir = Dir::open_ambient_dir(target_dir, cap_std::ambient_authority())
            .map_err(|e| Error::io(target_dir, "open", e))?;
        self.files.retain(|f| f.vpath != vpath);
        self.files.push(GrantedFile {
            vpath: vpath.clone(),
            dir: Arc::new(dir),
            name: PathBuf::from(name),
            shown: spelled,
        });
        Ok(vpath)
    }

    /// The directory and relative path of a file of a loaded package, by its virtual path
    /// (`Name/src/data.txt`).
    pub(crate) fn package_file(&self, vpath: &str) -> Option<(Arc<Dir>, PathBuf)> {
        let (root, rel) = self.resolve(vpath).ok()?;
        (!root.prefix.starts_with('/')).then(|| (root.dir.clone(), PathBuf::from(rel)))
    }

    /// The scripts' directories: their absolute paths and the directories.
    pub(crate) fn script_dirs(&self) -> impl Iterator<Item = (PathBuf, Arc<Dir>)> + '_ {
        self.entries
            .iter()
            .filter(|r| r.prefix.starts_with('/'))
            .map(|r| (PathBuf::from(&r.prefix), r.dir.clone()))
    }

    /// The root for `vpath` (longest matching prefix) and the path relative to it.
    fn resolve<'a>(&self, vpath: &'a str) -> Result<(&Root, &'a str), String> {
        let root = self
            .entries
            .iter()
            .filter(|r| vpath.starts_with(&r.prefix))
            .max_by_key(|r| r.prefix.len())
            .ok_or_else(|| format!("`{vpath}` is outside the files kiln granted (the script's directory and the loaded packages)"))?;
        let rel = &vpath[root.prefix.len()..];
        if rel.is_empty() {
            return Err(format!("`{vpath}` names a directory, not a file"));
        }
        if rel.starts_with('/') || rel.contains('\0') || rel.contains('\\') {
            return Err(format!(
                "`{vpath}` is not a relative path inside a granted directory"
            ));
        }
        if rel.split('/').any(|c| c == "..") {
            return Err(format!(
                "`{vpath}` contains `..`, which kiln does not follow"
            ));
        }
        Ok((root, rel))
    }

    /// Reads the file at virtual path `vpath`.
    pub(crate) fn read(&self, vpath: &str) -> Result<String, String> {
        if let Some(f) = self.files.iter().find(|f| f.vpath == vpath) {
            return f
                .dir
                .read_to_string(&f.name)
                .map_err(|e| format!("cannot read `{}`: {e}", f.shown));
        }
        let (root, rel) = self.resolve(vpath)?;
        root.dir.read_to_string(rel).map_err(|e| {
            format!(
                "cannot read `{vpath}` ({}): {e}",
                root.real.join(rel).display()
            )
        })
    }

    /// How to show `vpath` to the user: a package file as its real path, a script's file as the
    /// user spelled the script's directory.
    pub(crate) fn display(&self, vpath: &str) -> String {
        if let Some(f) = self.files.iter().find(|f| f.vpath == vpath) {
            return f.shown.clone();
        }
        match self.resolve(vpath) {
            Ok((root, rel)) => match &root.shown {
                Some(dir) => format!("{dir}{rel}"),
                None => root.real.join(rel).display().to_string(),
            },
            _ => vpath.to_string(),
        }
    }
}

/// One instance of the runtime: a Julia world of its own, with its own grants and output.
///
/// Made by [`Kiln::session`](crate::Kiln::session).
pub struct Session {
    pub(crate) store: Store<HostState>,
    /// The component instance (its state accessors are used to clone it).
    pub(crate) instance: Instance,
    bindings: Bindings,
}

impl Session {
    pub(crate) fn new(rt: &Runtime, config: &Config) -> Result<Session, Error> {
        Session::with_state(rt, config, HostState::new(config, None))
    }

    /// A session of the runtime (from the base snapshot) with `state`.
    pub(crate) fn with_state(
        rt: &Runtime,
        config: &Config,
        state: HostState,
    ) -> Result<Session, Error> {
        let mut session = Session::fresh(rt, config, state)?;
        if config.trace_compile {
            let r = session
                .bindings
                .kiln_runtime_session()
                .call_set_trace_compile(&mut session.store, true);
            r.map_err(|e| session.trap("turning on --trace-compile", e))?;
        }
        Ok(session)
    }

    /// Instantiates the runtime component with `state`.
    pub(crate) fn fresh(rt: &Runtime, config: &Config, state: HostState) -> Result<Session, Error> {
        let mut store = new_store(&rt.engine, config, state);
        let instance = rt.pre.instance_pre().instantiate(&mut store);
        Session::from_instance(store, instance)
    }

    /// Instantiates `component` (an instrumented runtime) with `state`.
    pub(crate) fn from_component(
        compiler: &Compiler<'_>,
        config: &Config,
        component: &Component,
        state: HostState,
    ) -> Result<Session, Error> {
        let mut store = new_store(compiler.engine, config, state);
        let instance = compiler.linker.instantiate(&mut store, component);
        Session::from_instance(store, instance)
    }

    /// A session of a just-instantiated runtime (or why instantiating it failed).
    fn from_instance(
        mut store: Store<HostState>,
        instance: wasmtime::Result<Instance>,
    ) -> Result<Session, Error> {
        let instance = match instance {
            Ok(i) => i,
            Err(e) => return Err(instantiate_error(&mut store, e)),
        };
        let bindings = Bindings::new(&mut store, &instance).map_err(|e| {
            runtime_error("the runtime does not export kiln's session interface", e)
        })?;
        Ok(Session {
            store,
            instance,
            bindings,
        })
    }

    pub(crate) fn state(&mut self) -> &mut HostState {
        self.store.data_mut()
    }

    /// Runs the script at `path` in `Main` with `ARGS` set to `args`. The script's directory is
    /// granted for reading, and the script is known to the runtime by `path` as given.
    ///
    /// # Errors
    ///
    /// [`Error::Julia`] for an uncaught Julia error, [`Error::Io`] when the script cannot be read,
    /// [`Error::Runtime`] when the runtime fails.
    pub fn run_script(&mut self, path: &Path, args: &[String]) -> Result<(), Error> {
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() => {}
            Ok(m) => {
                let what = if m.is_dir() {
                    "is a directory"
                } else {
                    "is not a regular file"
                };
                return Err(Error::io(path, "read", std::io::Error::other(what)));
            }
            Err(e) => return Err(Error::io(path, "read", e)),
        }
        let vpath = self.store.data_mut().roots.grant_script(path)?;
        let r = self
            .bindings
            .kiln_runtime_session()
            .call_run_script(&mut self.store, &vpath, args);
        self.finish("running the script", r)
    }

    /// Evaluates `source` in `Main` and returns the value as the REPL displays it (empty for
    /// `nothing`).
    ///
    /// # Errors
    ///
    /// [`Error::Julia`] for a parse error or an uncaught exception, [`Error::Runtime`] when the
    /// runtime fails.
    pub fn eval(&mut self, source: &str) -> Result<String, Error> {
        let r = self
            .bindings
            .kiln_runtime_session()
            .call_eval(&mut self.store, source);
        self.finish("evaluating", r)
    }

    /// Loads the package image in `bytes` into this session.
    ///
    /// # Errors
    ///
    /// [`Error::Julia`] when the image is not valid, is stale, or its dependencies are missing.
    pub fn load_image(&mut self, bytes: &[u8]) -> Result<PackageInfo, Error> {
        let r = self
            .bindings
            .kiln_runtime_session()
            .call_load_image(&mut self.store, bytes);
        self.finish("loading an image", r).map(package_info)
    }

    /// Describes the package image in `bytes` without loading it.
    ///
    /// # Errors
    ///
    /// [`Error::Julia`] when the bytes are not an image of a supported format version.
    pub fn describe_image(&mut self, bytes: &[u8]) -> Result<ImageSummary, Error> {
        let r = self
            .bindings
            .kiln_runtime_session()
            .call_describe_image(&mut self.store, bytes);
        self.finish("describing an image", r).map(image_summary)
    }

    /// The current world age of this session.
    ///
    /// # Errors
    ///
    /// [`Error::Runtime`] when the runtime fails.
    pub fn world_age(&mut self) -> Result<u64, Error> {
        let r = self
            .bindings
            .kiln_runtime_session()
            .call_world_age(&mut self.store);
        let r = r.map_err(|e| self.trap("asking the world age", e));
        self.store.data_mut().limiter.refused = None;
        r
    }

    pub(crate) fn define_package(
        &mut self,
        entry: &str,
        source_hash: &str,
    ) -> Result<PackageInfo, Error> {
        let r = self.bindings.kiln_runtime_session().call_define_package(
            &mut self.store,
            entry,
            source_hash,
        );
        self.finish("defining the package", r).map(package_info)
    }

    /// Gives the session a new time budget of `timeout` from now (none: no limit).
    pub(crate) fn set_timeout(&mut self, timeout: Option<std::time::Duration>) {
        self.store.data_mut().limits.timeout = timeout;
        self.store.set_epoch_deadline(epoch_ticks(timeout));
    }

    /// Runs the package's `__init__`, if it has one.
    pub(crate) fn run_init(&mut self, name: &str) -> Result<(), Error> {
        let r = self
            .bindings
            .kiln_runtime_session()
            .call_run_init(&mut self.store, name);
        self.finish("running __init__", r)
    }

    /// Runs the workload; returns how many tasks it left unfinished.
    pub(crate) fn run_workload(&mut self, name: &str) -> Result<u32, Error> {
        let r = self
            .bindings
            .kiln_runtime_session()
            .call_run_workload(&mut self.store, name);
        self.finish("running the workload", r)
    }

    pub(crate) fn export_method_instances(&mut self, since: u64) -> Result<Vec<u8>, Error> {
        let r = self
            .bindings
            .kiln_runtime_session()
            .call_export_method_instances(&mut self.store, since);
        self.finish("exporting method instances", r)
    }

    pub(crate) fn import_method_instances(
        &mut self,
        bytes: &[u8],
    ) -> Result<(Vec<Accepted>, Vec<Rejection>), Error> {
        let r = self
            .bindings
            .kiln_runtime_session()
            .call_import_method_instances(&mut self.store, bytes);
        let report = self.finish("importing method instances", r)?;
        let rejected = report
            .rejected
            .into_iter()
            .map(|r| Rejection {
                name: r.name,
                reason: r.reason,
            })
            .collect();
        let accepted = report
            .accepted
            .into_iter()
            .map(|a| Accepted {
                name: a.name,
                owner: a.owner,
            })
            .collect();
        Ok((accepted, rejected))
    }

    pub(crate) fn serialize_image(&mut self, name: &str) -> Result<Vec<u8>, Error> {
        let r = self
            .bindings
            .kiln_runtime_session()
            .call_serialize_image(&mut self.store, name);
        self.finish("serializing the image", r)
    }

    /// Turns the result of an export into kiln's: a trap becomes [`Error::Runtime`], a diagnostic
    /// becomes [`Error::Julia`] with its paths resolved through this session's grants.
    fn finish<T>(
        &mut self,
        what: &str,
        r: wasmtime::Result<Result<T, bindings::Diagnostic>>,
    ) -> Result<T, Error> {
        self.store.data().stdout.flush();
        if r.is_ok() {
            // A refused request for memory that the runtime survived is not an error; the
            // `OutOfMemoryError` it threw, if it did not catch it, says which limit it met.
            let refused = self.store.data_mut().limiter.refused.take();
            if let (Some(_), Ok(Err(d)), Some(max)) =
                (refused, &r, self.store.data().limits.max_memory)
                && d.message.contains("OutOfMemoryError")
            {
                let mut d = resolve(&self.store.data().roots, d.clone());
                d.notes.push(format!(
                    "the program reached the memory limit of {} (set with --memory-limit)",
                    crate::show_size(max)
                ));
                return Err(Error::Julia(Box::new(d)));
            }
        }
        match r {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(d)) => Err(Error::Julia(Box::new(resolve(&self.store.data().roots, d)))),
            Err(e) => Err(self.trap(what, e)),
        }
    }

    /// Explains a trap; see [`explain_trap`].
    fn trap(&mut self, what: &str, e: wasmtime::Error) -> Error {
        explain_trap(self.store.data_mut(), what, e)
    }
}

/// Explains a trap or a failed instantiation: a limit the session hit, or a crash of the runtime
/// with the panic message it printed. The wasm backtrace is added when `KILN_BACKTRACE` is set.
fn explain_trap(state: &mut HostState, what: &str, e: wasmtime::Error) -> Error {
    let refused = state.limiter.refused.take();
    let limits = state.limits;
    let exceeded = |limit| Error::LimitExceeded {
        limit,
        during: what.to_string(),
    };
    if let (Some(wasmtime::Trap::Interrupt), Some(t)) =
        (e.downcast_ref::<wasmtime::Trap>(), limits.timeout)
    {
        return exceeded(Limit::Time(t));
    }
    if let (true, Some(max)) = (
        e.chain().any(|c| c.is::<OutputLimitExceeded>()),
        limits.max_output,
    ) {
        return exceeded(Limit::Output(max));
    }
    // The runtime aborts when an allocation fails, after its request for more memory was refused.
    if let (Some(_), Some(max)) = (refused, limits.max_memory) {
        return exceeded(Limit::Memory(max));
    }
    let mut msg = format!("the runtime crashed while {what}: {}", e.root_cause());
    let panic = state.wasi_stderr.contents();
    let panic = String::from_utf8_lossy(&panic);
    if !panic.trim().is_empty() {
        msg.push_str("\nthe runtime's own error output:\n");
        msg.push_str(panic.trim());
    }
    if std::env::var_os("KILN_BACKTRACE").is_some() {
        msg.push_str(&format!("\n{e:?}"));
    } else {
        msg.push_str("\n(set KILN_BACKTRACE=1 for the runtime's backtrace)");
    }
    Error::Runtime(msg)
}

/// A failed instantiation: the memory limit is below what the runtime starts with, or any other
/// reason.
fn instantiate_error(store: &mut Store<HostState>, e: wasmtime::Error) -> Error {
    let state = store.data_mut();
    match (state.limiter.refused.take(), state.limits.max_memory) {
        (Some(needed), Some(max)) => Error::LimitExceeded {
            limit: Limit::Memory(max),
            during: format!(
                "starting the runtime, which needs {} to start",
                crate::show_size(needed as u64)
            ),
        },
        _ => runtime_error("cannot instantiate the runtime", e),
    }
}

fn new_store(engine: &Engine, config: &Config, state: HostState) -> Store<HostState> {
    let mut store = Store::new(engine, state);
    store.limiter(|s| &mut s.limiter);
    store.set_epoch_deadline(epoch_ticks(config.limits.timeout));
    store
}

/// The epoch deadline, in ticks from now, of a time limit.
fn epoch_ticks(timeout: Option<std::time::Duration>) -> u64 {
    let ticks = match timeout {
        Some(t) => u64::try_from(t.as_millis() / EPOCH_TICK.as_millis())
            .unwrap_or(u64::MAX / 2)
            .max(1),
        None => u64::MAX / 2,
    };
    ticks.min(u64::MAX / 2)
}

/// A wizer-instrumented instance of the runtime: a session whose state can be snapshotted into a
/// new component (how the base snapshot is made).
pub(crate) struct Instrumented<'a> {
    cx: ComponentContext<'a>,
    pub(crate) session: Session,
}

impl<'a> Instrumented<'a> {
    /// Instruments the runtime component `guest` and instantiates it with `state`.
    pub(crate) fn new(
        compiler: &Compiler<'_>,
        guest: &'a [u8],
        config: &Config,
        state: HostState,
    ) -> Result<Instrumented<'a>, Error> {
        let (cx, wasm) = Wizer::new()
            .instrument_component(guest)
            .map_err(|e| runtime_error("cannot instrument the runtime for snapshots", e))?;
        let component = compiler.load_cached(&wasm)?;
        let session = Session::from_component(compiler, config, &component, state)?;
        Ok(Instrumented { cx, session })
    }

    /// Snapshots the instance's memories and globals into the bytes of a new component. The
    /// instance stays usable.
    pub(crate) fn snapshot(&mut self) -> Result<Vec<u8>, Error> {
        let mut state = WasmtimeWizerComponent {
            store: &mut self.session.store,
            instance: self.session.instance,
        };
        block_on(Wizer::new().snapshot_component(&self.cx, &mut state))
            .map_err(|e| runtime_error("cannot snapshot the runtime", e))
    }
}

/// Drives a future that never waits on anything external (wasmtime's async calls of a component
/// whose host functions are all synchronous) to completion on this thread.
fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::yield_now();
    }
}

fn package_info(p: bindings::PackageInfo) -> PackageInfo {
    PackageInfo {
        name: p.name,
        world: p.world,
        has_workload: p.has_workload,
    }
}

fn image_summary(s: bindings::ImageSummary) -> ImageSummary {
    ImageSummary {
        format_version: s.format_version,
        runtime_version: s.runtime_version,
        package: s.package,
        source_hash: s.source_hash,
        dependencies: s.dependencies,
        bindings: s.bindings,
        methods: s.methods,
        method_instances: s
            .method_instances
            .into_iter()
            .map(|mi: bindings::MiSummary| MethodInstance {
                name: mi.name,
                method: mi.method,
                owner: mi.owner,
                edges: mi.edges,
                rettype: mi.rettype,
            })
            .collect(),
    }
}

/// Resolves a diagnostic's virtual paths for display and fetches the line it points at.
fn resolve(roots: &Roots, d: bindings::Diagnostic) -> Diagnostic {
    let location = (!d.file.is_empty()).then(|| Location {
        file: roots.display(&d.file),
        line: d.line,
        column: d.column,
        source_line: roots
            .read(&d.file)
            .ok()
            .and_then(|text| crate::diagnostics::line_of(&text, d.line)),
    });
    let backtrace = d
        .backtrace
        .into_iter()
        .map(|f: bindings::Frame| Frame {
            file: if f.file.is_empty() {
                String::new()
            } else {
                roots.display(&f.file)
            },
            function: f.function,
            line: f.line,
        })
        .collect();
    Diagnostic {
        message: d.message,
        notes: d.notes,
        location,
        backtrace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots_with(tmp: &Path) -> Roots {
        std::fs::create_dir_all(tmp.join("pkgs/Greeter/src")).unwrap();
        std::fs::write(
            tmp.join("pkgs/Greeter/src/Greeter.jl"),
            "module Greeter end\n",
        )
        .unwrap();
        std::fs::create_dir_all(tmp.join("scripts")).unwrap();
        std::fs::write(tmp.join("scripts/hello.jl"), "println(1)\n").unwrap();
        std::fs::write(tmp.join("secret.txt"), "no").unwrap();
        let mut roots = Roots::default();
        let pkg = Package {
            name: "Greeter".into(),
            dir: tmp.join("pkgs/Greeter"),
        };
        roots.grant_package(&pkg).unwrap();
        let script = tmp.join("scripts/hello.jl");
        let vpath = roots.grant_script(&script).unwrap();
        assert_eq!(vpath, script.to_str().unwrap());
        roots
    }

    #[test]
    fn reads_granted_files() {
        let tmp = tempfile::tempdir().unwrap();
        let roots = roots_with(tmp.path());
        assert_eq!(
            roots.read("Greeter/src/Greeter.jl").unwrap(),
            "module Greeter end\n"
        );
        let script = tmp.path().join("scripts/hello.jl");
        assert_eq!(
            roots.read(script.to_str().unwrap()).unwrap(),
            "println(1)\n"
        );
    }

    #[test]
    fn refuses_escapes_and_unknown_prefixes() {
        let tmp = tempfile::tempdir().unwrap();
        let roots = roots_with(tmp.path());
        let err = roots.read("Greeter/../../secret.txt").unwrap_err();
        assert!(err.contains("`..`"), "{err}");
        let err = roots.read("Other/src/Other.jl").unwrap_err();
        assert!(err.contains("outside the files kiln granted"), "{err}");
        let err = roots.read("/etc/passwd").unwrap_err();
        assert!(err.contains("outside"), "{err}");
        let err = roots.read("Greeter/").unwrap_err();
        assert!(err.contains("directory"), "{err}");
        let err = roots.read("Greeter/src/Missing.jl").unwrap_err();
        assert!(
            err.contains("cannot read `Greeter/src/Missing.jl`"),
            "{err}"
        );
    }

    #[test]
    fn scripts_are_known_by_absolute_path_and_shown_as_spelled() {
        // `cargo test` runs in the package directory, which has a Cargo.toml.
        let mut roots = Roots::default();
        let vpath = roots.grant_script(Path::new("./Cargo.toml")).unwrap();
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(vpath, cwd.join("Cargo.toml").to_str().unwrap());
        assert!(roots.read(&vpath).unwrap().contains("[package]"));
        assert!(roots.read("Cargo.toml").is_err());
        assert_eq!(roots.display(&vpath), "Cargo.toml");
        let sibling = cwd.join("src/lib.rs");
        assert!(roots.read(sibling.to_str().unwrap()).is_ok());
        assert_eq!(roots.display(sibling.to_str().unwrap()), "src/lib.rs");
    }

    #[test]
    fn a_script_directory_named_like_a_package_keeps_its_own_files() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("pkgs/Vec2/src")).unwrap();
        std::fs::write(tmp.path().join("pkgs/Vec2/helper.jl"), "package").unwrap();
        std::fs::create_dir_all(tmp.path().join("Vec2")).unwrap();
        std::fs::write(tmp.path().join("Vec2/main.jl"), "main").unwrap();
        std::fs::write(tmp.path().join("Vec2/helper.jl"), "script").unwrap();
        let mut roots = Roots::default();
        let vpath = roots
            .grant_script(&tmp.path().join("Vec2/main.jl"))
            .unwrap();
        roots
            .grant_package(&Package {
                name: "Vec2".into(),
                dir: tmp.path().join("pkgs/Vec2"),
            })
            .unwrap();
        let dir = vpath.rsplit_once('/').unwrap().0;
        assert_eq!(roots.read(&format!("{dir}/helper.jl")).unwrap(), "script");
        assert_eq!(roots.read("Vec2/helper.jl").unwrap(), "package");
    }

    #[test]
    fn paths_normalize_like_the_runtime_joins_them() {
        assert_eq!(normalize("./a//b/./c.jl"), "a/b/c.jl");
        assert_eq!(normalize("/x/y/../z.jl"), "/x/z.jl");
        assert_eq!(normalize("../a.jl"), "../a.jl");
        assert_eq!(normalize("/"), "/");
    }

    #[test]
    fn package_paths_display_as_real_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let roots = roots_with(tmp.path());
        let shown = roots.display("Greeter/src/Greeter.jl");
        assert_eq!(
            shown,
            tmp.path()
                .join("pkgs/Greeter/src/Greeter.jl")
                .display()
                .to_string()
        );
        assert_eq!(roots.display("Nowhere/x.jl"), "Nowhere/x.jl");
    }

    #[test]
    fn resolves_diagnostics_with_source_lines() {
        let tmp = tempfile::tempdir().unwrap();
        let roots = roots_with(tmp.path());
        let d = bindings::Diagnostic {
            message: "boom".into(),
            notes: vec![],
            file: "Greeter/src/Greeter.jl".into(),
            line: 1,
            column: 8,
            backtrace: vec![bindings::Frame {
                function: "f()".into(),
                file: "Greeter/src/Greeter.jl".into(),
                line: 1,
            }],
        };
        let r = resolve(&roots, d);
        let loc = r.location.unwrap();
        assert_eq!(loc.source_line.as_deref(), Some("module Greeter end"));
        assert!(loc.file.ends_with("pkgs/Greeter/src/Greeter.jl"));
        assert!(r.backtrace[0].file.ends_with("pkgs/Greeter/src/Greeter.jl"));
    }
}
