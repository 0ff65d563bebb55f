//! `kiln precompile [OPTIONS] [-o IMAGE] PKGDIR`: builds a package image and prints its path;
//! `kiln precompile [OPTIONS] ENVDIR`: builds the images of an environment's packages, showing
//! their progress (`Precompiling project...`).

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
    /// How many packages of an environment to build at once [default: the number of CPUs]
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// The package directory (with Project.toml and src/Name.jl), or an environment (whose
    /// Project.toml lists packages under [deps] and [sources]): all of its packages are built,
    /// dependencies first
    #[arg(value_name = "PKGDIR")]
    pub pkgdir: PathBuf,
}

/// Precompiles the package; the image path goes to stdout, warnings and progress to stderr.
pub fn execute(args: Args) -> anyhow::Result<ExitCode> {
    if kiln::is_environment(&args.pkgdir) {
        return environment(args);
    }
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

/// Precompiles an environment: a progress display on stderr (a bar on a terminal, plain lines
/// otherwise; either way the lines come in graph order), the images' paths on stdout in graph
/// order, or the reports as JSON.
fn environment(args: Args) -> anyhow::Result<ExitCode> {
    if args.output.is_some() || args.check_reproducible {
        anyhow::bail!(
            "`{}` is an environment: -o and --check-reproducible take a package directory",
            args.pkgdir.display()
        );
    }
    let mut config = args.common.config(Some(args.timeout));
    config.keep_going = args.keep_going;
    config.project = Some(args.pkgdir.clone());
    let kiln = super::kiln(config)?;
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        usize::from,
    );
    let display = Progress::new(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let report = match kiln.precompile_environment(jobs, &|e| display.event(&e)) {
        Ok(report) => report,
        Err(e) => return super::report(e),
    };
    display.finish(&report);
    let mut failed = false;
    let mut out = String::new();
    for build in &report.packages {
        // What each package printed while it was built, then its error.
        if !build.output.is_empty() {
            eprint!("{}", String::from_utf8_lossy(&build.output));
        }
        match &build.outcome {
            kiln::Outcome::Built(r) => out.push_str(&format!("{}\n", r.image_path.display())),
            kiln::Outcome::UpToDate(path) => out.push_str(&format!("{}\n", path.display())),
            kiln::Outcome::Failed(e) => {
                failed = true;
                eprintln!("kiln: precompiling `{}` failed:", build.name);
                let code = super::report(clone_error(e));
                if let Err(e) = code {
                    eprintln!("error: {e:#}");
                }
            }
            kiln::Outcome::Skipped(_) => failed = true,
        }
    }
    if args.json {
        let packages: Vec<serde_json::Value> = report
            .packages
            .iter()
            .map(|b| match &b.outcome {
                kiln::Outcome::Built(r) => r.to_json(),
                kiln::Outcome::UpToDate(path) => serde_json::json!({
                    "package": b.name, "up_to_date": true, "image": path.display().to_string(),
                }),
                kiln::Outcome::Failed(e) => {
                    serde_json::json!({"package": b.name, "error": e.to_string()})
                }
                kiln::Outcome::Skipped(dep) => {
                    serde_json::json!({"package": b.name, "skipped_because": dep})
                }
            })
            .collect();
        super::print_out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&serde_json::json!({ "packages": packages }))?
        ))?;
    } else {
        super::print_out(&out)?;
    }
    Ok(if failed {
        ExitCode::from(super::FAILURE)
    } else {
        ExitCode::SUCCESS
    })
}

/// An error to render again (`report` takes it by value).
fn clone_error(e: &kiln::Error) -> kiln::Error {
    match e {
        kiln::Error::Julia(d) => kiln::Error::Julia(d.clone()),
        kiln::Error::LimitExceeded { limit, during } => kiln::Error::LimitExceeded {
            limit: *limit,
            during: during.clone(),
        },
        other => kiln::Error::Runtime(other.to_string()),
    }
}

/// The `Precompiling project...` display. Lines are printed in graph order: a package's line
/// waits for those of the packages before it, so the final text does not depend on which build
/// finished first. On a terminal a bar below them shows the builds under way.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    state: std::sync::Mutex<Lines>,
}

#[derive(Default)]
struct Lines {
    names: Vec<String>,
    /// The line of each package once it is done (empty: nothing to print, it was up to date).
    done: Vec<Option<String>>,
    printed: usize,
    running: Vec<String>,
    start: Option<std::time::Instant>,
}

impl Progress {
    fn new(terminal: bool) -> Progress {
        Progress {
            bar: terminal.then(|| {
                let bar = indicatif::ProgressBar::new(0);
                bar.set_style(
                    indicatif::ProgressStyle::with_template("  [{bar:30}] {pos}/{len} {msg}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                        .progress_chars("=> "),
                );
                bar
            }),
            state: std::sync::Mutex::new(Lines::default()),
        }
    }

    fn print(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn event(&self, e: &kiln::Event<'_>) {
        let mut s = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match e {
            kiln::Event::Planned(packages) => {
                s.names = packages.iter().map(|p| p.name.clone()).collect();
                s.done = vec![None; packages.len()];
                s.start = Some(std::time::Instant::now());
                if let Some(bar) = &self.bar {
                    bar.set_length(packages.len() as u64);
                }
                self.print("Precompiling project...");
            }
            kiln::Event::Started { name, .. } => s.running.push((*name).to_string()),
            kiln::Event::Finished { index, build } => {
                s.running.retain(|n| *n != build.name);
                s.done[*index] = Some(match &build.outcome {
                    kiln::Outcome::Built(_) => format!("  \u{2713} {}", build.name),
                    kiln::Outcome::UpToDate(_) => String::new(),
                    kiln::Outcome::Failed(_) => format!("  \u{2717} {}", build.name),
                    kiln::Outcome::Skipped(dep) => {
                        format!("  \u{2717} {} (its dependency `{dep}` failed)", build.name)
                    }
                });
                if let Some(bar) = &self.bar {
                    bar.inc(1);
                }
                while let Some(Some(line)) = s.done.get(s.printed) {
                    if !line.is_empty() {
                        self.print(line);
                    }
                    s.printed += 1;
                }
            }
        }
        if let Some(bar) = &self.bar {
            bar.set_message(s.running.join(", "));
        }
    }

    fn finish(&self, report: &kiln::EnvironmentReport) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let count = |f: fn(&kiln::Outcome) -> bool| {
            report.packages.iter().filter(|b| f(&b.outcome)).count()
        };
        let built = count(|o| matches!(o, kiln::Outcome::Built(_)));
        let current = count(|o| matches!(o, kiln::Outcome::UpToDate(_)));
        let failed = count(|o| matches!(o, kiln::Outcome::Failed(_) | kiln::Outcome::Skipped(_)));
        let plural = |n: usize| if n == 1 { "dependency" } else { "dependencies" };
        let mut line = format!("  {built} {} successfully precompiled", plural(built));
        // The time only on a terminal: the plain text is the same for the same environment.
        if self.bar.is_some() {
            let secs = self
                .state
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .start
                .map_or(0, |t| t.elapsed().as_secs());
            line.push_str(&format!(" in {secs} seconds"));
        }
        if current > 0 {
            line.push_str(&format!(". {current} already precompiled"));
        }
        line.push('.');
        eprintln!("{line}");
        if failed > 0 {
            eprintln!("  {failed} {} errored.", plural(failed));
        }
    }
}
