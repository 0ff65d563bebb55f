//! `kiln precompile [--project DIR] [-o IMAGE] PKGDIR`: builds a package image and prints its path.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `kiln precompile`.
#[derive(Debug, Default)]
pub struct Args {
    pub project: Option<PathBuf>,
    pub verbose: bool,
    pub output: Option<PathBuf>,
    /// Wall-clock budget of each session (the workload included); a hanging workload is stopped.
    pub timeout: Option<std::time::Duration>,
    pub pkgdir: PathBuf,
}

/// Precompiles the package; the image path goes to stdout, warnings and progress to stderr.
pub fn execute(args: Args) -> anyhow::Result<ExitCode> {
    let mut config = super::config(args.project, args.verbose);
    config.limits.timeout = args.timeout;
    let kiln = super::kiln(config)?;
    let report = match kiln.precompile(&args.pkgdir, args.output.as_deref()) {
        Ok(report) => report,
        Err(e) => return super::report(e),
    };
    for r in &report.rejected {
        eprintln!(
            "warning: `{}` was compiled by the workload but is not in the image: {}",
            r.name, r.reason
        );
    }
    if args.verbose {
        eprintln!(
            "kiln: precompiled {} ({} bytes, {} method instances from the workload, {} rejected) in {:.2?}",
            report.package,
            report.image_size,
            report.accepted.len(),
            report.rejected.len(),
            report.total()
        );
        for (step, took) in &report.steps {
            eprintln!("kiln:   {step:<16} {took:.2?}");
        }
    }
    super::print_out(&format!("{}\n", report.image_path.display()))?;
    Ok(ExitCode::SUCCESS)
}
