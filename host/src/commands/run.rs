//! `kiln run [OPTIONS] FILE.jl [ARGS…]`: runs a script.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Run a script; everything after FILE.jl is the script's ARGS
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: super::Common,
    /// Print a precompile(...) line on stderr for every method compiled during the run (those
    /// taken from package images are not)
    #[arg(long)]
    pub trace_compile: bool,
    /// Load every package from its source: read no package image, write nothing to the depot
    #[arg(long)]
    pub no_precompile: bool,
    /// Stop the script after SECS seconds of wall-clock time [default: no limit]
    #[arg(long, value_name = "SECS", value_parser = super::parse_timeout)]
    pub timeout: Option<Duration>,
    /// The script, then its ARGS, passed as they are (options and `--` included)
    #[arg(
        value_name = "FILE.jl [ARGS]",
        required = true,
        num_args = 1..,
        trailing_var_arg = true
    )]
    command: Vec<String>,
}

impl Args {
    /// The script.
    pub fn file(&self) -> PathBuf {
        PathBuf::from(&self.command[0])
    }

    /// The script's `ARGS`.
    pub fn args(&self) -> &[String] {
        &self.command[1..]
    }
}

/// Runs the script: its output on stdout, an uncaught error rendered on stderr with status 1.
pub fn execute(args: Args) -> anyhow::Result<ExitCode> {
    let mut config = args.common.clone().config(args.timeout);
    config.trace_compile = args.trace_compile;
    config.no_images = args.no_precompile;
    config.stdin = kiln::Input::stdin();
    let kiln = super::kiln(config)?;
    match kiln.run_script(&args.file(), args.args()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => super::report(e),
    }
}
