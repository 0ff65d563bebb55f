//! The precompile pipeline (JuliaLang/julia #51905): define the package and close it in instance A,
//! clone A into B, run `__init__` and the workload in B, move the method instances B compiled into
//! the untouched A, and serialize A's package as the image.
//!
//! ```text
//! discover   only when no build record matches the sources: define the package in a plain
//!            session, recording the files it reads and the packages it locates -> identity I
//!            (dependencies without an up-to-date image are precompiled first, then start over)
//! prepare    instantiate the (clonable) runtime as A
//! define     A: define-package(entry, I), recording reads and located packages -> world W
//! snapshot   read A's memories and globals; find the pages that differ from a fresh instance
//! clone      instantiate the same runtime as B and copy those pages and the globals into it
//! __init__   B: run-init(Name)                              (output goes to stderr)
//! workload   B: run-workload(Name)                          (output goes to stderr)
//! export     B: export-method-instances(W)
//! import     A: import-method-instances(...)                -> accepted, rejected with reasons
//! serialize  A: serialize-image(Name)
//! write      to a synced temporary file; every recorded file is read again, and only if none
//!            changed is the image renamed to -o IMAGE or <depot>/compiled/v1/Name/I.kimg, with
//!            its build record I.json beside it
//! ```
//!
//! Without a registered workload the steps from `snapshot` to `import` are skipped: precompiling
//! such a package costs what evaluating it in a session does. See [`crate::clone`] for how a
//! clone is made without compiling anything. The identity I is the hash of the build record
//! (`record.rs`), which is known only once the package has been defined, so A is given the
//! identity a record or the discovery predicted, and the build is repeated (up to [`ATTEMPTS`]
//! times) when what A read gives another identity, or when a file changed between being read
//! and the image being written: the sources changed during the build.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::depot::{Depot, Package, TempFile};
use crate::engine::Runtime;
use crate::record::{BuildRecord, Identities, Observed, Served, changed_file, unverified};
use crate::sandbox::{HostState, Session};
use crate::{Accepted, Config, Error, Rejection, Sink};

/// A step of the pipeline, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Step {
    /// Define the package once in a plain session to learn which files it reads and which
    /// packages it locates (only when no build record matches its sources).
    Discover,
    /// Instantiate the runtime as A.
    Prepare,
    /// Define the package in A.
    Define,
    /// Capture A's state: its memories' pages that differ from a fresh instance, its globals.
    Snapshot,
    /// Instantiate the runtime as B and copy A's captured state into it.
    Clone,
    /// Run the package's `__init__` in B.
    Init,
    /// Run the workload in B.
    Workload,
    /// Export B's new method instances.
    Export,
    /// Import them into A.
    Import,
    /// Serialize A's package.
    Serialize,
    /// Write the image file.
    Write,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 11] = [
        Step::Discover,
        Step::Prepare,
        Step::Define,
        Step::Snapshot,
        Step::Clone,
        Step::Init,
        Step::Workload,
        Step::Export,
        Step::Import,
        Step::Serialize,
        Step::Write,
    ];

    /// The step's name, as the benchmark prints it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Step::Discover => "discover",
            Step::Prepare => "prepare",
            Step::Define => "define",
            Step::Snapshot => "snapshot",
            Step::Clone => "clone",
            Step::Init => "__init__",
            Step::Workload => "workload",
            Step::Export => "export",
            Step::Import => "import",
            Step::Serialize => "serialize",
            Step::Write => "write",
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// What precompiling a package did.
#[derive(Clone, Debug)]
pub struct PrecompileReport {
    /// The package's name.
    pub package: String,
    /// The package's identity: the hash of its build record (every file read while defining it
    /// and the identity of every package it located). The image carries it as its source hash.
    pub source_hash: String,
    /// Where the image was written.
    pub image_path: PathBuf,
    /// The image's size in bytes.
    pub image_size: u64,
    /// Whether the package registered a workload (if not, no snapshot was taken).
    pub has_workload: bool,
    /// Method instances the workload compiled that were taken into the image.
    pub accepted: Vec<Accepted>,
    /// Method instances that were not, with the reason.
    pub rejected: Vec<Rejection>,
    /// Tasks the workload left unfinished (discarded with the clone; the image references none).
    pub tasks_left: u32,
    /// The error the workload threw, when [`Config::keep_going`] built the image without its
    /// method instances.
    pub workload_error: Option<String>,
    /// How long each step that ran took, in order (of the attempt that wrote the image).
    pub steps: Vec<(Step, Duration)>,
    /// Dependencies that had no up-to-date image in the environment and were precompiled first.
    pub dependencies: Vec<PrecompileReport>,
}

impl PrecompileReport {
    /// How long `step` took, if it ran.
    #[must_use]
    pub fn step(&self, step: Step) -> Option<Duration> {
        self.steps.iter().find(|(s, _)| *s == step).map(|(_, d)| *d)
    }

    /// The time of all steps together.
    #[must_use]
    pub fn total(&self) -> Duration {
        self.steps.iter().map(|(_, d)| *d).sum()
    }

    /// The accepted method instances of the package's own methods, then the external ones.
    #[must_use]
    pub fn accepted_by_owner(&self) -> (Vec<&Accepted>, Vec<&Accepted>) {
        self.accepted.iter().partition(|a| a.is_own(&self.package))
    }

    /// The report as JSON for tools (`kiln precompile --json`): the package, its image, the
    /// method instances taken (own and external) and rejected (with reasons), tasks left, the
    /// time of each step in milliseconds, and the dependencies built first, each reported alike.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        let (own, external) = self.accepted_by_owner();
        let names = |v: Vec<&Accepted>| v.iter().map(|a| a.name.clone()).collect::<Vec<_>>();
        // Microsecond resolution is what the clock means here.
        let ms = |d: Duration| (d.as_secs_f64() * 1e6).round() / 1e3;
        json!({
            "package": self.package,
            "identity": self.source_hash,
            "image": self.image_path.display().to_string(),
            "image_size": self.image_size,
            "has_workload": self.has_workload,
            "method_instances": {
                "own": names(own),
                "external": names(external),
                "rejected": self.rejected.iter().map(|r| json!({"name": r.name, "reason": r.reason})).collect::<Vec<_>>(),
            },
            "tasks_left": self.tasks_left,
            "workload_error": self.workload_error,
            "steps_ms": self.steps.iter().map(|(s, d)| json!({"step": s.name(), "ms": ms(*d)})).collect::<Vec<_>>(),
            "total_ms": ms(self.total()),
            "dependencies": self.dependencies.iter().map(PrecompileReport::to_json).collect::<Vec<_>>(),
        })
    }
}

/// Times each step into `steps`.
struct Clock {
    steps: Vec<(Step, Duration)>,
}

impl Clock {
    fn time<T>(&mut self, step: Step, f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
        let start = Instant::now();
        let r = f();
        self.steps.push((step, start.elapsed()));
        r
    }
}

/// How many times a build is tried when the package's sources change while it runs.
const ATTEMPTS: usize = 3;

/// Runs the pipeline for the package in `pkgdir`; see the module documentation.
pub(crate) fn run(
    rt: &Runtime,
    config: &Config,
    pkgdir: &Path,
    out: Option<&Path>,
) -> Result<PrecompileReport, Error> {
    let pkg = Package::open(pkgdir)?;
    let depot = depot_of(config, &pkg);
    // Everything the package prints while being defined or exercised goes to stderr: stdout is for
    // the image path.
    let mut quiet = config.clone();
    quiet.stdout = config.stderr.clone();
    // The time limit is the build's, dependencies included: each session gets what is left.
    let deadline = config.limits.timeout.map(|t| Instant::now() + t);
    build(rt, &quiet, deadline, &depot, &pkg, out, &mut Vec::new())
}

/// The depot a precompile of `pkg` uses: the package's own environment is the active project,
/// unless the configuration names one.
pub(crate) fn depot_of(config: &Config, pkg: &Package) -> Depot {
    let project = config.project.clone().or_else(|| {
        pkg.dir
            .join("Project.toml")
            .is_file()
            .then(|| pkg.dir.clone())
    });
    Depot {
        project,
        load_path: config.load_path.clone(),
        root: config.depot.clone(),
    }
}

/// `config` with the time that is left until `deadline` as its time limit.
fn remaining(config: &Config, deadline: Option<Instant>) -> Config {
    let mut config = config.clone();
    config.limits.timeout = deadline.map(|d| {
        d.saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1))
    });
    config
}

/// Builds the image of `pkg` in `depot`'s environment, after precompiling any dependency that has
/// no up-to-date image there. `building` holds the packages whose builds are under way.
pub(crate) fn build(
    rt: &Runtime,
    config: &Config,
    deadline: Option<Instant>,
    depot: &Depot,
    pkg: &Package,
    out: Option<&Path>,
    building: &mut Vec<String>,
) -> Result<PrecompileReport, Error> {
    if building.contains(&pkg.name) {
        return Err(Error::package(
            &pkg.dir,
            format!(
                "circular dependency: precompiling `{}` needs `{}` precompiled first",
                building.join("` -> `"),
                pkg.name
            ),
        ));
    }
    building.push(pkg.name.clone());
    let r = build_checked(rt, config, deadline, depot, pkg, out, building);
    building.pop();
    r
}

fn build_checked(
    rt: &Runtime,
    config: &Config,
    deadline: Option<Instant>,
    depot: &Depot,
    pkg: &Package,
    out: Option<&Path>,
    building: &mut Vec<String>,
) -> Result<PrecompileReport, Error> {
    let mut dependencies: Vec<PrecompileReport> = Vec::new();
    let mut changed = Vec::new();
    while changed.len() < ATTEMPTS {
        let mut clock = Clock { steps: Vec::new() };
        // The identity the image will carry: that of a build record that still matches the
        // sources, or else what defining the package once, without building anything, shows.
        let predicted = Identities::new(config.grants.environment())
            .identify(depot, pkg)?
            .map(|c| c.identity);
        // What the identity was computed from, to name a file that reads differently later.
        let expected: Vec<(String, Served)>;
        let identity = match predicted {
            Some(identity) => {
                expected = depot
                    .records(&pkg.name)?
                    .into_iter()
                    .find(|(id, _)| *id == identity)
                    .map(|(_, r)| r.files)
                    .unwrap_or_default();
                identity
            }
            None => {
                let observed = clock.time(Step::Discover, || {
                    discover(rt, &remaining(config, deadline), depot, pkg)
                })?;
                if build_dependencies(
                    rt,
                    config,
                    deadline,
                    depot,
                    pkg,
                    &observed,
                    building,
                    &mut dependencies,
                )? {
                    continue;
                }
                match record_of(pkg, &observed, &[]) {
                    Ok(record) => {
                        expected = record.files.clone();
                        record.identity()
                    }
                    Err(path) => {
                        changed.push(path);
                        continue;
                    }
                }
            }
        };
        let built = pipeline(rt, config, deadline, depot, pkg, &identity, &mut clock)?;
        if build_dependencies(
            rt,
            config,
            deadline,
            depot,
            pkg,
            &built.observed,
            building,
            &mut dependencies,
        )? {
            continue;
        }
        let record = match record_of(pkg, &built.observed, &built.image) {
            Ok(record) if record.identity() == identity => record,
            // A file read differently than when the identity was computed.
            Ok(record) => {
                changed.push(
                    first_difference(&expected, &record.files).unwrap_or_else(|| pkg.entry()),
                );
                continue;
            }
            Err(path) => {
                changed.push(path);
                continue;
            }
        };
        let image_path = match out {
            Some(path) => path.to_path_buf(),
            None => depot.image_path(&pkg.name, &identity),
        };
        refuse_to_clobber(&image_path)?;
        let written = clock.time(Step::Write, || {
            let file = TempFile::write(&image_path, &built.image)?;
            // Read every file again now that the image is on disk: if one changed since the
            // runtime read it, the image is of sources that no longer exist.
            if let Some(path) = changed_file(&built.roots, &record.files) {
                return Ok(Err(path));
            }
            match out {
                Some(_) => file.commit()?,
                None => depot.commit_image(file, &record)?,
            }
            Ok(Ok(()))
        })?;
        if let Err(path) = written {
            changed.push(path);
            continue;
        }
        return Ok(PrecompileReport {
            package: pkg.name.clone(),
            source_hash: identity,
            image_path,
            image_size: built.image.len() as u64,
            has_workload: built.has_workload,
            tasks_left: built.tasks_left,
            workload_error: built.workload_error,
            accepted: built.accepted,
            rejected: built.rejected,
            steps: clock.steps,
            dependencies,
        });
    }
    changed.dedup();
    Err(Error::package(
        &pkg.dir,
        format!(
            "the package's sources changed while it was being precompiled ({ATTEMPTS} attempts; `{}` changed); no image was written",
            changed.join("`, `")
        ),
    ))
}

/// The build record of what `observed` saw, with the package's `Project.toml`; the path of a file
/// that was read twice with different contents when there is one.
fn record_of(pkg: &Package, observed: &Observed, image: &[u8]) -> Result<BuildRecord, String> {
    match &observed.conflict {
        Some(path) => Err(path.clone()),
        None => Ok(BuildRecord::new(&pkg.name, observed, image)),
    }
}

/// The first path (in order) that one list of served files has and the other has not, or has with
/// other contents.
fn first_difference(before: &[(String, Served)], now: &[(String, Served)]) -> Option<String> {
    let mut paths: Vec<&String> = before.iter().chain(now).map(|(p, _)| p).collect();
    paths.sort();
    paths.dedup();
    let get =
        |list: &[(String, Served)], p: &String| list.iter().find(|(q, _)| q == p).map(|(_, s)| *s);
    paths
        .into_iter()
        .find(|p| get(before, p) != get(now, p))
        .cloned()
}

/// Precompiles every package `observed` located without a known identity (it has no up-to-date
/// image in this environment), in `depot`'s environment. Returns whether any was built, in which
/// case the build that observed them starts over.
fn build_dependencies(
    rt: &Runtime,
    config: &Config,
    deadline: Option<Instant>,
    depot: &Depot,
    pkg: &Package,
    observed: &Observed,
    building: &mut Vec<String>,
    reports: &mut Vec<PrecompileReport>,
) -> Result<bool, Error> {
    let mut built = false;
    for name in observed.unverified_packages() {
        if reports.iter().any(|r| r.package == name) {
            // Built once already, and still without an up-to-date image: its sources changed.
            return Err(Error::package(
                &pkg.dir,
                format!(
                    "dependency `{name}` was precompiled, but its image went out of date while `{}` was being precompiled",
                    pkg.name
                ),
            ));
        }
        let Some(dep) = depot.find(&name)? else {
            continue;
        };
        let report =
            build(rt, config, deadline, depot, &dep, None, building).map_err(|e| match e {
                Error::Julia(_) | Error::Runtime(_) => e,
                other => Error::package(
                    &pkg.dir,
                    format!("cannot precompile its dependency `{name}`: {other}"),
                ),
            })?;
        reports.push(report);
        built = true;
    }
    Ok(built)
}

/// A state for an instance that defines `pkg`: the package granted and every file served
/// recorded, starting with its `Project.toml`.
fn recording_state(config: &Config, depot: &Depot, pkg: &Package) -> Result<HostState, Error> {
    let mut state = HostState::new(config, depot.project.clone());
    state.roots.grant_package(pkg)?;
    let mut observed = Observed::default();
    let toml = format!("{}/Project.toml", pkg.name);
    observed.file(&toml, &state.roots.read(&toml));
    state.recording = Some(observed);
    Ok(state)
}

/// Defines the package in a plain session (no image is built) to see which files it reads and
/// which packages it locates.
fn discover(
    rt: &Runtime,
    config: &Config,
    depot: &Depot,
    pkg: &Package,
) -> Result<Observed, Error> {
    let state = recording_state(config, depot, pkg)?;
    let mut session = Session::with_state(rt, config, state)?;
    session.define_package(&pkg.entry(), &unverified(&pkg.name))?;
    Ok(session.state().recording.take().unwrap_or_default())
}

/// What one run of the pipeline produced.
struct Built {
    image: Vec<u8>,
    observed: Observed,
    /// The grants instance A read through, to read the recorded files again.
    roots: crate::sandbox::Roots,
    has_workload: bool,
    accepted: Vec<Accepted>,
    rejected: Vec<Rejection>,
    tasks_left: u32,
    workload_error: Option<String>,
}

/// Defines the package as `identity` in A, runs the workload in a clone, and serializes A.
fn pipeline(
    rt: &Runtime,
    config: &Config,
    deadline: Option<Instant>,
    depot: &Depot,
    pkg: &Package,
    identity: &str,
    clock: &mut Clock,
) -> Result<Built, Error> {
    // When the package was defined once already to discover its identity, what it printed then
    // is not printed again.
    let mut a_config = remaining(config, deadline);
    if clock.steps.iter().any(|(s, _)| *s == Step::Discover) {
        a_config.stdout = Sink::discard();
        a_config.stderr = Sink::discard();
    }
    let mut a = clock.time(Step::Prepare, || {
        let state = recording_state(&a_config, depot, pkg)?;
        Session::fresh(rt, &a_config, state)
    })?;
    let info = clock.time(Step::Define, || a.define_package(&pkg.entry(), identity))?;
    if info.name != pkg.name {
        return Err(Error::package(
            pkg.entry_file(),
            format!(
                "defines module `{}`, but the package is named `{}`",
                info.name, pkg.name
            ),
        ));
    }
    // What defining the package read; the workload's reads are not part of it.
    let observed = a.state().recording.take().unwrap_or_default();

    let (mut accepted, mut rejected) = (Vec::new(), Vec::new());
    let mut tasks_left = 0;
    let mut workload_error = None;
    if info.has_workload {
        let access = rt.access();
        let snapshot = clock.time(Step::Snapshot, || {
            crate::clone::capture(
                access,
                || Session::fresh(rt, config, HostState::new(config, None)),
                &mut a,
            )
        })?;
        let mut b = clock.time(Step::Clone, || {
            // The clone gets what is left of the build's time limit.
            let config = remaining(config, deadline);
            let mut b = Session::fresh(rt, &config, a.state().fork(&config))?;
            crate::clone::restore(access, &snapshot, &a, &mut b)?;
            Ok(b)
        })?;
        drop(snapshot);
        let ran = clock
            .time(Step::Init, || b.run_init(&info.name))
            .map_err(|e| {
                workload_failure(config, &format!("running `__init__` of `{}`", info.name), e)
            })
            .and_then(|()| {
                clock
                    .time(Step::Workload, || b.run_workload(&info.name))
                    .map_err(|e| {
                        workload_failure(
                            config,
                            &format!("running the precompilation workload of `{}`", info.name),
                            e,
                        )
                    })
            });
        match ran {
            Ok(n) => {
                tasks_left = n;
                let exported =
                    clock.time(Step::Export, || b.export_method_instances(info.world))?;
                drop(b);
                (accepted, rejected) =
                    clock.time(Step::Import, || a.import_method_instances(&exported))?;
            }
            // The workload threw, or was stopped at a limit: A never ran it, so its image is
            // still sound without the workload's method instances.
            Err(Error::Julia(d)) if config.keep_going => workload_error = Some(d.message),
            Err(e @ Error::LimitExceeded { .. }) if config.keep_going => {
                drop(b);
                // A workload stopped by the time limit spent the build's time: the steps left
                // (serializing A, which runs no package code) get a budget of their own.
                if let Error::LimitExceeded {
                    limit: crate::Limit::Time(_),
                    ..
                } = e
                {
                    a.set_timeout(config.limits.timeout);
                }
                workload_error = Some(e.to_string());
            }
            Err(e) => return Err(e),
        }
    }
    let image = clock.time(Step::Serialize, || a.serialize_image(&info.name))?;
    Ok(Built {
        image,
        observed,
        roots: a.state().roots.clone(),
        has_workload: info.has_workload,
        tasks_left,
        workload_error,
        accepted,
        rejected,
    })
}

/// A limit that B hit while `during` (running `__init__` or the workload), restated with the
/// build's configured limit (B's own time limit is only what was left of it) and the package.
fn workload_failure(config: &Config, during: &str, e: Error) -> Error {
    match e {
        Error::LimitExceeded { limit, .. } => Error::LimitExceeded {
            limit: match (limit, config.limits.timeout) {
                (crate::Limit::Time(_), Some(t)) => crate::Limit::Time(t),
                (limit, _) => limit,
            },
            during: during.to_string(),
        },
        e => e,
    }
}

/// An existing file is replaced only if it is a package image: `-o src/Pkg.jl` is a mistake, not
/// an instruction to overwrite source code.
pub(crate) fn refuse_to_clobber(path: &Path) -> Result<(), Error> {
    use std::io::Read as _;
    let Ok(mut f) = std::fs::File::open(path) else {
        return Ok(());
    };
    if path.is_dir() {
        return Err(Error::package(path, "the output path is a directory"));
    }
    let mut magic = [0u8; 8];
    let is_image = f.read_exact(&mut magic).is_ok() && &magic == b"KILNIMG\0";
    if is_image {
        Ok(())
    } else {
        Err(Error::package(
            path,
            "refusing to overwrite a file that is not a kiln package image",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_without_a_workload_is_not_cloned() {
        let tmp = tempfile::tempdir().unwrap();
        let kiln = crate::clone::tests::kiln(&tmp.path().join("depot"));
        let pkg = tmp.path().join("Plain");
        std::fs::create_dir_all(pkg.join("src")).unwrap();
        std::fs::write(pkg.join("Project.toml"), "name = \"Plain\"\n").unwrap();
        std::fs::write(pkg.join("src/Plain.jl"), "module Plain\nf(x) = 2x\nend\n").unwrap();
        let report = kiln.precompile(&pkg, None).unwrap();
        assert!(!report.has_workload);
        let steps: Vec<Step> = report.steps.iter().map(|(s, _)| *s).collect();
        // A first build discovers what the package reads; no snapshot, clone or workload.
        assert_eq!(
            steps,
            [
                Step::Discover,
                Step::Prepare,
                Step::Define,
                Step::Serialize,
                Step::Write
            ]
        );
        // Nothing of the clone machinery ran: not even a fresh instance's memory was read.
        assert!(!kiln.runtime.access().fresh_is_read());
        assert!(report.image_path.is_file());
    }
}
