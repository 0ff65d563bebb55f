//! kiln-bench: times the precompile pipeline step by step and the time to first call of a package
//! with and without its image, through the library API.
//!
//! `cargo run --release -p kiln-bench -- [--runs N] [--script FILE] [PKGDIR]` (default
//! `examples/Greeter`, 5 runs). Prints medians. The compiled-code cache is the user's (`KILN_CACHE`),
//! so the numbers are those of a warm machine; images go to a temporary depot.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use kiln::{Config, Kiln, Package, Sink, Step};

struct Args {
    runs: usize,
    script: Option<PathBuf>,
    pkgdir: PathBuf,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        runs: 5,
        script: None,
        pkgdir: PathBuf::from("examples/Greeter"),
    };
    let mut it = std::env::args_os().skip(1);
    while let Some(a) = it.next() {
        match a.to_str() {
            Some("--runs") => {
                let n = it.next().context("`--runs` needs a number")?;
                args.runs = n
                    .to_str()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .context("`--runs` needs a positive number")?;
            }
            Some("--script") => {
                args.script = Some(it.next().context("`--script` needs a file")?.into())
            }
            Some("-h" | "--help") => {
                println!("usage: kiln-bench [--runs N] [--script FILE] [PKGDIR]");
                std::process::exit(0);
            }
            Some(s) if s.starts_with('-') => bail!("unknown option `{s}`"),
            _ => args.pkgdir = a.into(),
        }
    }
    Ok(args)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:>10.3} ms", d.as_secs_f64() * 1e3)
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let pkg = Package::open(&args.pkgdir).context("cannot open the package")?;
    let scratch = std::env::temp_dir().join(format!("kiln-bench-{}", std::process::id()));
    let result = bench(&args, &pkg, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn bench(args: &Args, pkg: &Package, scratch: &Path) -> anyhow::Result<()> {
    let script = match &args.script {
        Some(s) => s.clone(),
        None => {
            let s = scratch.join("first_call.jl");
            std::fs::create_dir_all(scratch)?;
            std::fs::write(&s, format!("using {0}\n{0}.greet(\"x\")\n", pkg.name))?;
            s
        }
    };
    let config = |depot: &str| {
        let mut c = Config::from_env();
        c.project = Some(pkg.dir.clone());
        c.load_path = Vec::new();
        c.depot = scratch.join(depot);
        c.stdout = Sink::discard();
        c.stderr = Sink::discard();
        c
    };

    let mut startup = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        drop(Kiln::new(config("with-image"))?);
        startup.push(t.elapsed());
    }

    let with_image = Kiln::new(config("with-image"))?;
    let mut steps: Vec<Vec<Duration>> = vec![Vec::new(); Step::ALL.len()];
    let mut totals = Vec::new();
    let mut report = None;
    // The first clone in a process also reads a fresh instance's memory (kept for later ones).
    let mut sandboxes = Vec::new();
    for _ in 0..args.runs {
        let r = with_image
            .precompile(&pkg.dir, None)
            .map_err(|e| render(&e))
            .context("precompile failed")?;
        for (i, step) in Step::ALL.iter().enumerate() {
            if let Some(d) = r.step(*step) {
                steps[i].push(d);
            }
        }
        totals.push(r.total());
        sandboxes.push(sandbox(&r));
        report = Some(r);
    }
    let report = report.context("no runs")?;

    let without_image = Kiln::new(config("empty"))?;
    let first_call = |kiln: &Kiln| -> anyhow::Result<Duration> {
        let mut times = Vec::new();
        for _ in 0..args.runs {
            let t = Instant::now();
            kiln.run_script(&script, &[])
                .map_err(|e| render(&e))
                .context("the script failed")?;
            times.push(t.elapsed());
        }
        Ok(median(times))
    };
    let from_source = first_call(&without_image)?;
    let from_image = first_call(&with_image)?;

    println!(
        "kiln-bench: {} ({}), {} runs, medians",
        pkg.name,
        pkg.dir.display(),
        args.runs
    );
    println!(
        "startup (engine + compiled runtime) {}",
        ms(median(startup))
    );
    println!(
        "precompile{}",
        if report.has_workload {
            ""
        } else {
            " (no workload: no snapshot)"
        }
    );
    for (i, step) in Step::ALL.iter().enumerate() {
        if !steps[i].is_empty() {
            println!("  {:<32}{}", step.name(), ms(median(steps[i].clone())));
        }
    }
    let total = median(totals);
    println!("  {:<32}{}", "total", ms(total));
    if report.has_workload {
        let first = sandboxes.first().copied().unwrap_or_default();
        let sandbox = median(sandboxes);
        println!(
            "  {:<32}{} ({:.1}% of the total)",
            "snapshot + clone",
            ms(sandbox),
            100.0 * sandbox.as_secs_f64() / total.as_secs_f64().max(f64::MIN_POSITIVE)
        );
        println!("  {:<32}{}", "snapshot + clone, first run", ms(first));
    }
    println!("image size {:>28} bytes", report.image_size);
    println!(
        "method instances from the workload {:>7} accepted, {} rejected",
        report.accepted.len(),
        report.rejected.len()
    );
    println!("time to first call (fresh session, `{}`)", script.display());
    println!("  {:<32}{}", "from source", ms(from_source));
    println!("  {:<32}{}", "from image", ms(from_image));
    Ok(())
}

/// Snapshot plus clone: what the sandbox costs over evaluating the package once.
fn sandbox(r: &kiln::PrecompileReport) -> Duration {
    r.step(Step::Snapshot).unwrap_or_default() + r.step(Step::Clone).unwrap_or_default()
}

fn render(e: &kiln::Error) -> anyhow::Error {
    match e.diagnostic() {
        Some(d) => anyhow::anyhow!("{}", kiln::render_diagnostic(d).trim_end()),
        None => anyhow::anyhow!("{e}"),
    }
}
