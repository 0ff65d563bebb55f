//! The component boundary: implements the WIT `session` export over [`Session`] and the
//! [`Host`] trait over the WIT `host` imports. The only wasm-specific file of the runtime.

use std::cell::RefCell;

use crate::host::{FsError, FsErrorKind, FsReply, FsRequest, Host, Located, RuntimeLimits};
use crate::session::{Diagnostic, PackageInfo, Session};

wit_bindgen::generate!({ world: "runtime", path: "../wit" });

use exports::kiln::runtime::session::Guest;
use kiln::runtime::host as imports;
use kiln::runtime::types as wit;

/// The host, reached through the imports. Holds no handle: safe across a snapshot.
struct WitHost;

impl Host for WitHost {
    fn runtime_limits(&mut self) -> RuntimeLimits {
        let l = imports::runtime_limits();
        RuntimeLimits {
            max_depth: l.max_depth,
            max_tasks: l.max_tasks,
        }
    }

    fn write_stdout(&mut self, bytes: &[u8]) {
        imports::write_stdout(bytes);
    }

    fn write_stderr(&mut self, bytes: &[u8]) {
        imports::write_stderr(bytes);
    }

    fn read_source(&mut self, path: &str) -> Result<String, String> {
        imports::read_source(path)
    }

    fn locate_package(&mut self, name: &str, allow_image: bool) -> Result<Option<Located>, String> {
        Ok(
            imports::locate_package(name, allow_image)?.map(|l| match l {
                wit::LocatedPackage::Image(i) => Located::Image {
                    bytes: i.bytes,
                    source_hash: i.source_hash,
                },
                wit::LocatedPackage::Source(s) => Located::Source {
                    entry: s.entry,
                    source_hash: s.source_hash,
                },
            }),
        )
    }

    fn monotonic_ns(&mut self) -> u64 {
        imports::monotonic_ns()
    }

    fn wall_clock_ns(&mut self) -> u64 {
        imports::wall_clock_ns()
    }

    fn sleep_ns(&mut self, ns: u64) {
        imports::sleep_ns(ns)
    }

    fn read_stdin(&mut self, max: usize) -> Vec<u8> {
        imports::read_stdin(u32::try_from(max).unwrap_or(u32::MAX))
    }

    fn fs(&mut self, request: FsRequest<'_>) -> Result<FsReply, FsError> {
        let r = match request {
            FsRequest::Read(path) => imports::read_file(path).map(FsReply::Bytes),
            FsRequest::Write {
                path,
                bytes,
                append,
            } => imports::write_file(path, bytes, append).map(|()| FsReply::Done),
            FsRequest::Info(path) => {
                imports::stat_path(path).map(|i| FsReply::Info(i.map(|i| (i.is_dir, i.size))))
            }
            FsRequest::ReadDir(path) => imports::read_dir(path).map(FsReply::Names),
            FsRequest::MakeDir(path) => imports::make_dir(path).map(|()| FsReply::Done),
            FsRequest::Remove { path, recursive } => {
                imports::remove_path(path, recursive).map(|()| FsReply::Done)
            }
        };
        r.map_err(|e| FsError {
            kind: match e.kind {
                imports::FsErrorKind::NotFound => FsErrorKind::NotFound,
                imports::FsErrorKind::Denied => FsErrorKind::Denied,
                imports::FsErrorKind::Exists => FsErrorKind::Exists,
                imports::FsErrorKind::IsDirectory => FsErrorKind::IsDirectory,
                imports::FsErrorKind::NotDirectory => FsErrorKind::NotDirectory,
                imports::FsErrorKind::NotEmpty => FsErrorKind::NotEmpty,
                imports::FsErrorKind::Other => FsErrorKind::Other,
            },
            message: e.message,
        })
    }

    fn get_env(&mut self, name: &str) -> Option<String> {
        imports::get_env(name)
    }

    fn env_names(&mut self) -> Vec<String> {
        imports::env_names()
    }

    fn working_dir(&mut self) -> String {
        imports::working_dir()
    }
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// Runs `f` on the session, creating it (Base and all) on first use.
fn with<T>(f: impl FnOnce(&mut Session) -> T) -> T {
    SESSION.with(|s| {
        let mut s = s.borrow_mut();
        let session = s.get_or_insert_with(|| {
            // A Rust panic is a runtime bug; say so through the host, not through WASI stderr.
            std::panic::set_hook(Box::new(|info| {
                imports::write_stderr(format!("kiln runtime bug: {info}\n").as_bytes());
            }));
            Session::new(Box::new(WitHost))
        });
        f(session)
    })
}

fn diag(d: Diagnostic) -> wit::Diagnostic {
    wit::Diagnostic {
        message: d.message,
        notes: d.notes,
        file: d.file,
        line: d.line,
        column: d.column,
        backtrace: d
            .backtrace
            .into_iter()
            .map(|f| wit::Frame {
                function: f.func,
                file: f.file.to_string(),
                line: f.line,
            })
            .collect(),
    }
}

fn info(p: PackageInfo) -> wit::PackageInfo {
    wit::PackageInfo {
        name: p.name,
        world: p.world,
        has_workload: p.has_workload,
    }
}

struct Component;

impl Guest for Component {
    fn define_package(
        entry: String,
        source_hash: String,
    ) -> Result<wit::PackageInfo, wit::Diagnostic> {
        with(|s| s.define_package(&entry, &source_hash))
            .map(info)
            .map_err(diag)
    }

    fn world_age() -> u64 {
        with(|s| s.world_age())
    }

    fn set_trace_compile(on: bool) {
        with(|s| s.set_trace_compile(on))
    }

    fn run_init(name: String) -> Result<(), wit::Diagnostic> {
        with(|s| s.run_init(&name)).map_err(diag)
    }

    fn run_workload(name: String) -> Result<u32, wit::Diagnostic> {
        with(|s| s.run_workload(&name)).map_err(diag)
    }

    fn export_method_instances(since: u64) -> Result<Vec<u8>, wit::Diagnostic> {
        with(|s| s.export_method_instances(since)).map_err(diag)
    }

    fn import_method_instances(bytes: Vec<u8>) -> Result<wit::ImportReport, wit::Diagnostic> {
        with(|s| s.import_method_instances(&bytes))
            .map(|r| wit::ImportReport {
                accepted: r
                    .accepted
                    .into_iter()
                    .map(|(name, owner)| wit::AcceptedInstance { name, owner })
                    .collect(),
                rejected: r
                    .rejected
                    .into_iter()
                    .map(|(name, reason)| wit::Rejection { name, reason })
                    .collect(),
            })
            .map_err(diag)
    }

    fn serialize_image(name: String) -> Result<Vec<u8>, wit::Diagnostic> {
        with(|s| s.serialize_image(&name)).map_err(diag)
    }

    fn load_image(bytes: Vec<u8>) -> Result<wit::PackageInfo, wit::Diagnostic> {
        with(|s| s.load_image(&bytes)).map(info).map_err(diag)
    }

    fn describe_image(bytes: Vec<u8>) -> Result<wit::ImageSummary, wit::Diagnostic> {
        with(|s| s.describe_image(&bytes))
            .map(|s| wit::ImageSummary {
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
                    .map(|m| wit::MiSummary {
                        name: m.name,
                        method: m.method,
                        owner: m.owner,
                        edges: m.edges,
                        rettype: m.rettype,
                    })
                    .collect(),
            })
            .map_err(diag)
    }

    fn run_script(path: String, args: Vec<String>) -> Result<(), wit::Diagnostic> {
        with(|s| s.run_script(&path, &args)).map_err(diag)
    }

    fn eval(source: String) -> Result<String, wit::Diagnostic> {
        with(|s| s.eval(&source)).map_err(diag)
    }
}

export!(Component);
