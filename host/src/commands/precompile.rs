//! `kiln precompile [OPTIONS] [-o IMAGE] PKGDIR`: builds a package image and prints its path.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Build a package image (into the depot, or to -o IMAGE) and print its path
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: super::Common,
    /// When the workload throws, still write the image, without the workload's method instances
    #[arg(long)]
    pub keep_going: bool,
    /// Write the image here instead of the depot
    #[arg(short, long, value_name = "IMAGE")]
    pub output: Option<PathBuf>,
    /// Stop the build after SECS seconds of wall-clock time, ten minutes unless given (a hanging
    /// workload is an error, not a hang)
    #[arg(long, value_name = "SECS", value_parser = super::parse_timeout, default_value = "600")]
    pub timeout: Duration,
    /// Build the package twice, each time in a fresh temporary depot, and fail unless the two
    /// images are byte-identical (naming the first section that differs); write the image only
    /// then
    #[arg(long)]
    pub check_reproducible: bool,
    /// Print the report as JSON on stdout instead of the image's path: method instances taken
    /// (the package's own and external) and rejected with reasons, tasks left, time per step,
    /// image size, and the same for each dependency built first
    #[arg(long)]
    pub json: bool,
    /// The package directory (with Project.toml and src/Name.jl)
    #[arg(value_name = "PKGDIR")]
    pub pkgdir: PathBuf,
}

/// Precompiles the package; the image path goes to stdout, warnings and progress to stderr.
pub fn execute(args: Args) -> anyhow::Result<ExitCode> {
    let verbose = args.common.verbose;
    let mut config = args.common.config(Some(args.timeout));
    config.keep_going = args.keep_going;
    let kiln = super::kiln(config)?;
    let built = if args.check_reproducible {
        kiln.precompile_reproducible(&args.pkgdir, args.output.as_deref())
    } else {
        kiln.precompile(&args.pkgdir, args.output.as_deref())
    };
    let report = match built {
        Ok(report) => report,
        Err(e) => return super::report(e),
    };
    for dep in &report.dependencies {
        eprintln!(
            "kiln: precompiled dependency `{}` first: {}",
            dep.package,
            dep.image_path.display()
        );
    }
    for r in &report.rejected {
        eprintln!(
            "warning: `{}` was compiled by the workload but is not in the image: {}",
            r.name, r.reason
        );
    }
    if let Some(e) = &report.workload_error {
        eprintln!(
            "warning: {e}\n  (--keep-going: the image was written without the workload's method instances)"
        );
    }
    if report.tasks_left > 0 {
        eprintln!(
            "kiln: the workload left {} task{} unfinished; {} discarded with the clone",
            report.tasks_left,
            if report.tasks_left == 1 { "" } else { "s" },
            if report.tasks_left == 1 {
                "it was"
            } else {
                "they were"
            },
        );
    }
    if verbose {
        let (own, external) = report.accepted_by_owner();
        eprintln!(
            "kiln: precompiled {} ({} bytes, {} method instances from the workload: {} own, {} external; {} rejected) in {:.2?}",
            report.package,
            report.image_size,
            report.accepted.len(),
            own.len(),
            external.len(),
            report.rejected.len(),
            report.total()
        );
        for (step, took) in &report.steps {
            eprintln!("kiln:   {step:<16} {took:.2?}");
        }
    }
    if args.check_reproducible {
        eprintln!(
            "kiln: reproduced: two builds of {} in separate sandboxes gave byte-identical images ({} bytes)",
            report.package, report.image_size
        );
    }
    if args.json {
        super::print_out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&report.to_json())?
        ))?;
    } else {
        super::print_out(&format!("{}\n", report.image_path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}
