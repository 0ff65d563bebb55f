//! `kiln run [--project DIR] FILE.jl [ARGS…]`: runs a script.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `kiln run`.
#[derive(Debug, Default)]
pub struct Args {
    pub project: Option<PathBuf>,
    pub verbose: bool,
    pub trace_compile: bool,
    pub timeout: Option<std::time::Duration>,
    pub file: PathBuf,
    pub args: Vec<String>,
}

/// Runs the script: its output on stdout, an uncaught error rendered on stderr with status 1.
pub fn execute(args: Args) -> anyhow::Result<ExitCode> {
    let mut config = super::config(args.project, args.verbose);
    config.trace_compile = args.trace_compile;
    config.limits.timeout = args.timeout;
    let kiln = super::kiln(config)?;
    match kiln.run_script(&args.file, &args.args) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => super::report(e),
    }
}
