//! The precompile pipeline (JuliaLang/julia #51905): define the package and close it in instance A,
//! clone A into B, run `__init__` and the workload in B, move the method instances B compiled into
//! the untouched A, and serialize A's package as the image.
//!
//! ```text
//! prepare    instantiate the (clonable) runtime as A
//! define     A: define-package(entry, source-hash)          -> world W
//! snapshot   read A's memories and globals; find the pages that differ from a fresh instance
//! clone      instantiate the same runtime as B and copy those pages and the globals into it
//! workload   B: run-workload(Name)                          (output goes to stderr)
//! export     B: export-method-instances(W)
//! import     A: import-method-instances(...)                -> accepted, rejected with reasons
//! serialize  A: serialize-image(Name)
//! write      atomically, to -o IMAGE or <depot>/compiled/v1/Name/<source-hash>.kimg
//! ```
//!
//! Without a registered workload the steps from `snapshot` to `import` are skipped: precompiling
//! such a package costs what evaluating it in a session does. See [`crate::clone`] for how a
//! clone is made without compiling anything.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::depot::{Depot, Package, source_hash, write_atomic};
use crate::engine::Runtime;
use crate::sandbox::{HostState, Session};
use crate::{Config, Error, Rejection};

/// A step of the pipeline, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Step {
    /// Instantiate the runtime as A.
    Prepare,
    /// Define the package in A.
    Define,
    /// Capture A's state: its memories' pages that differ from a fresh instance, its globals.
    Snapshot,
    /// Instantiate the runtime as B and copy A's captured state into it.
    Clone,
    /// Run `__init__` and the workload in B.
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
    pub const ALL: [Step; 9] = [
        Step::Prepare,
        Step::Define,
        Step::Snapshot,
        Step::Clone,
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
            Step::Prepare => "prepare",
            Step::Define => "define",
            Step::Snapshot => "snapshot",
            Step::Clone => "clone",
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
    /// The content hash of its sources.
    pub source_hash: String,
    /// Where the image was written.
    pub image_path: PathBuf,
    /// The image's size in bytes.
    pub image_size: u64,
    /// Whether the package registered a workload (if not, no snapshot was taken).
    pub has_workload: bool,
    /// Method instances the workload compiled that were taken into the image.
    pub accepted: Vec<String>,
    /// Method instances that were not, with the reason.
    pub rejected: Vec<Rejection>,
    /// How long each step that ran took, in order.
    pub steps: Vec<(Step, Duration)>,
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

/// Runs the pipeline for the package in `pkgdir`; see the module documentation.
pub(crate) fn run(
    rt: &Runtime,
    config: &Config,
    pkgdir: &Path,
    out: Option<&Path>,
) -> Result<PrecompileReport, Error> {
    let pkg = Package::open(pkgdir)?;
    let hash = source_hash(&pkg.dir)?;
    // The package's own environment is the active project, unless one was given.
    let project = config.project.clone().or_else(|| {
        pkg.dir
            .join("Project.toml")
            .is_file()
            .then(|| pkg.dir.clone())
    });
    // Everything the package prints while being defined or exercised goes to stderr: stdout is for
    // the image path.
    let mut quiet = config.clone();
    quiet.stdout = config.stderr.clone();
    let config = &quiet;
    // The time limit is the build's: each session gets what is left of it.
    let deadline = config.limits.timeout.map(|t| Instant::now() + t);

    let mut clock = Clock { steps: Vec::new() };
    let mut a = clock.time(Step::Prepare, || {
        let mut state = HostState::new(config, project.clone());
        state.roots.grant_package(&pkg)?;
        Session::fresh(rt, config, state)
    })?;
    let info = clock.time(Step::Define, || a.define_package(&pkg.entry(), &hash))?;
    if info.name != pkg.name {
        return Err(Error::package(
            pkg.entry_file(),
            format!(
                "defines module `{}`, but the package is named `{}`",
                info.name, pkg.name
            ),
        ));
    }

    let (mut accepted, mut rejected) = (Vec::new(), Vec::new());
    if info.has_workload {
        let access = rt.access()?;
        let snapshot = clock.time(Step::Snapshot, || {
            crate::clone::capture(
                access,
                || Session::fresh(rt, config, HostState::new(config, None)),
                &mut a,
            )
        })?;
        let mut b = clock.time(Step::Clone, || {
            // The clone gets what is left of the build's time limit.
            let mut config = config.clone();
            config.limits.timeout = deadline.map(|d| {
                d.saturating_duration_since(Instant::now())
                    .max(Duration::from_millis(1))
            });
            let mut b = Session::fresh(rt, &config, a.state().fork(&config))?;
            crate::clone::restore(access, &snapshot, &a, &mut b)?;
            Ok(b)
        })?;
        drop(snapshot);
        clock.time(Step::Workload, || b.run_workload(&info.name))?;
        let exported = clock.time(Step::Export, || b.export_method_instances(info.world))?;
        drop(b);
        (accepted, rejected) = clock.time(Step::Import, || a.import_method_instances(&exported))?;
    }
    let image = clock.time(Step::Serialize, || a.serialize_image(&info.name))?;
    let depot = Depot {
        project,
        load_path: config.load_path.clone(),
        root: config.depot.clone(),
    };
    let image_path = out.map_or_else(|| depot.image_path(&pkg.name, &hash), Path::to_path_buf);
    refuse_to_clobber(&image_path)?;
    clock.time(Step::Write, || write_atomic(&image_path, &image))?;

    Ok(PrecompileReport {
        package: pkg.name,
        source_hash: hash,
        image_path,
        image_size: image.len() as u64,
        has_workload: info.has_workload,
        accepted,
        rejected,
        steps: clock.steps,
    })
}

/// An existing file is replaced only if it is a package image: `-o src/Pkg.jl` is a mistake, not
/// an instruction to overwrite source code.
fn refuse_to_clobber(path: &Path) -> Result<(), Error> {
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
        assert_eq!(
            steps,
            [Step::Prepare, Step::Define, Step::Serialize, Step::Write]
        );
        // Nothing of the clone machinery ran: not even a fresh instance's memory was read.
        assert!(!kiln.runtime.access().unwrap().fresh_is_read());
        assert!(report.image_path.is_file());
    }
}
