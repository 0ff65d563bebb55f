//! A runtime session: the operations the kiln host calls (mirrors the `session` interface in
//! `wit/kiln.wit`), with every failure turned into a structured [`Diagnostic`].

use crate::eval::EvalError;
use crate::host::Host;
use crate::image::{self, ImageSummary, ImportReport};
use crate::symbol::Sym;
use crate::value::Value;
use crate::vm::Runtime;
use crate::vm::{BtFrame, JlError, show};

/// A user-facing error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    pub notes: Vec<String>,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub backtrace: Vec<BtFrame>,
}

impl Diagnostic {
    pub fn plain(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            ..Default::default()
        }
    }
}

/// A package defined or loaded in the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageInfo {
    pub name: String,
    pub world: u64,
    pub has_workload: bool,
}

pub type SResult<T> = Result<T, Diagnostic>;

pub struct Session {
    pub rt: Runtime,
}

impl Session {
    pub fn new(host: Box<dyn Host>) -> Session {
        crate::memory::restore_reserve();
        Session {
            rt: Runtime::new(host),
        }
    }

    fn julia_diag(&mut self, e: JlError) -> Diagnostic {
        let (message, notes) = show::error_text(&mut self.rt, &e.value);
        // The place shown is the innermost frame of the user's code: not a builtin's, not one
        // of Base's Julia files (the backtrace still lists those).
        let in_base = |file: &str| {
            crate::eval::boot::BASE_FILES
                .iter()
                .any(|(p, _)| *p == file)
        };
        let top = e.backtrace.iter().find(|f| {
            f.line > 0 && &*f.file != "builtin" && !f.file.is_empty() && !in_base(&f.file)
        });
        Diagnostic {
            message,
            notes,
            file: top.map(|f| f.file.to_string()).unwrap_or_default(),
            line: top.map_or(0, |f| f.line),
            column: top.map_or(0, |f| f.column),
            backtrace: e.backtrace,
        }
    }

    fn diag(&mut self, e: EvalError) -> Diagnostic {
        match e {
            EvalError::Julia(j) => self.julia_diag(j),
            EvalError::Syntax { message, loc, more } => Diagnostic {
                message: format!("syntax: {message}"),
                notes: more,
                file: loc.file.to_string(),
                line: loc.line,
                column: loc.column,
                backtrace: Vec::new(),
            },
        }
    }

    /// Flushes buffered output and takes back the runtime's reserve of memory (see
    /// `crate::memory`) if this operation spent it; every entry point ends with it.
    fn done<T>(&mut self, r: SResult<T>) -> SResult<T> {
        self.rt.flush_files();
        self.rt.flush();
        crate::memory::take_pending();
        crate::memory::restore_reserve();
        r
    }

    fn info(&self, name: Sym) -> PackageInfo {
        let has_workload = self
            .rt
            .world
            .packages
            .get(&name)
            .is_some_and(|p| self.rt.workloads_of(p.module).next().is_some());
        PackageInfo {
            name: name.to_string(),
            world: self.rt.world.age,
            has_workload,
        }
    }

    /// Defines the package whose entry file is `entry` (`Name/src/Name.jl`), without running
    /// its `__init__` or workload.
    pub fn define_package(&mut self, entry: &str, source_hash: &str) -> SResult<PackageInfo> {
        self.rt.refresh_limits();
        let Some(name) = entry.split('/').next().filter(|n| !n.is_empty()) else {
            return Err(Diagnostic::plain(format!(
                "bad package entry path `{entry}`: expected `Name/src/Name.jl`"
            )));
        };
        let name = Sym::new(name);
        self.rt.precompiling = true;
        let r = match self
            .rt
            .define_package_source(name, entry, source_hash.to_string())
        {
            Ok(_) => Ok(self.info(name)),
            Err(e) => Err(self.diag(e)),
        };
        self.done(r)
    }

    pub fn world_age(&self) -> u64 {
        self.rt.world.age
    }

    pub fn set_trace_compile(&mut self, on: bool) {
        self.rt.trace_compile = on;
    }

    /// Runs the package's `__init__` (when it defines one), as loading it would. The world age
    /// advances first, so everything `__init__` and the workload compile is newer than the
    /// snapshot's world.
    pub fn run_init(&mut self, name: &str) -> SResult<()> {
        self.rt.refresh_limits();
        let pkg = self.package(name)?;
        self.rt.world.age += 1;
        self.rt.precompiling = true;
        let r = self.rt.run_init(pkg.module).map_err(|e| {
            let mut d = self.julia_diag(e);
            d.message = format!("the __init__ of {name} failed: {}", d.message);
            d
        });
        self.done(r)
    }

    /// Runs the precompilation workload of package `name` (after [`Session::run_init`]); returns
    /// how many tasks it left unfinished (they stay in this session, which is a throw-away clone).
    pub fn run_workload(&mut self, name: &str) -> SResult<u32> {
        self.rt.refresh_limits();
        let pkg = self.package(name)?;
        self.rt.world.age += 1;
        self.rt.precompiling = true;
        let r = (|| -> Result<(), JlError> {
            let workloads: Vec<Value> = self.rt.workloads_of(pkg.module).collect();
            for w in workloads {
                self.rt.call(&w, Vec::new())?;
            }
            Ok(())
        })();
        let r = r.map_err(|e| {
            let mut d = self.julia_diag(e);
            d.message = format!(
                "the precompilation workload of {name} failed: {}",
                d.message
            );
            d
        });
        let r = r.map(|()| self.rt.unfinished_tasks());
        self.done(r)
    }

    /// The package `name` of this session.
    fn package(&self, name: &str) -> SResult<crate::world::Package> {
        self.rt
            .world
            .packages
            .get(&Sym::new(name))
            .cloned()
            .ok_or_else(|| {
                Diagnostic::plain(format!("package {name} is not defined in this session"))
            })
    }

    pub fn export_method_instances(&mut self, since: u64) -> SResult<Vec<u8>> {
        let r = image::export_method_instances(&mut self.rt, since).map_err(Diagnostic::plain);
        self.done(r)
    }

    pub fn import_method_instances(&mut self, bytes: &[u8]) -> SResult<ImportReport> {
        let r = image::import_method_instances(&mut self.rt, bytes).map_err(Diagnostic::plain);
        self.done(r)
    }

    pub fn serialize_image(&mut self, name: &str) -> SResult<Vec<u8>> {
        let r = image::serialize_package(&mut self.rt, Sym::new(name)).map_err(Diagnostic::plain);
        self.done(r)
    }

    pub fn load_image(&mut self, bytes: &[u8]) -> SResult<PackageInfo> {
        self.rt.refresh_limits();
        let r = match self.rt.load_image(bytes, None) {
            Ok(m) => {
                let name = *self
                    .rt
                    .world
                    .module_path(m)
                    .last()
                    .expect("a module has a name");
                // Like `import Name` in Main.
                let main = self.rt.world.main;
                self.rt
                    .world
                    .set_const(main, name, crate::value::Value::Module(m));
                match self.rt.run_init(m) {
                    Ok(()) => Ok(self.info(name)),
                    Err(e) => Err(self.julia_diag(e)),
                }
            }
            Err(e) => Err(Diagnostic::plain(e)),
        };
        self.done(r)
    }

    pub fn describe_image(&mut self, bytes: &[u8]) -> SResult<ImageSummary> {
        let r = image::describe_image(bytes).map_err(Diagnostic::plain);
        self.done(r)
    }

    /// Runs a script in `Main` with `ARGS` set.
    pub fn run_script(&mut self, path: &str, args: &[String]) -> SResult<()> {
        self.rt.refresh_limits();
        self.rt.set_args(args);
        let main = self.rt.world.main;
        let r = match self.rt.eval_file(main, path) {
            Ok(_) => Ok(()),
            Err(e) => Err(self.diag(e)),
        };
        self.done(r)
    }

    /// Evaluates source in `Main`; returns the REPL display of the value (empty for `nothing`).
    pub fn eval(&mut self, source: &str) -> SResult<String> {
        self.rt.refresh_limits();
        let main = self.rt.world.main;
        let r = match self.rt.eval_source(main, "REPL[1]", source) {
            Ok(crate::value::Value::Nothing) => Ok(String::new()),
            Ok(v) => show::display(&mut self.rt, &v).map_err(|e| self.julia_diag(e)),
            Err(e) => Err(self.diag(e)),
        };
        self.done(r)
    }
}
