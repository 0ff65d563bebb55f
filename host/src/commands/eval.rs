//! `kiln eval [OPTIONS] 'EXPR'`: evaluates an expression and prints its value as the REPL would.

use std::process::ExitCode;
use std::time::Duration;

/// Evaluate an expression and print its value as the REPL would
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub common: super::Common,
    /// Stop the evaluation after SECS seconds of wall-clock time [default: no limit]
    #[arg(long, value_name = "SECS", value_parser = super::parse_timeout)]
    pub timeout: Option<Duration>,
    /// The expression (quote it; one starting with `-` may follow `--`)
    #[arg(value_name = "EXPR", allow_hyphen_values = true)]
    pub source: String,
}

/// Evaluates the expression; prints the value (nothing for `nothing`).
pub fn execute(args: Args) -> anyhow::Result<ExitCode> {
    let mut config = args.common.config(args.timeout);
    config.stdin = kiln::Input::stdin();
    let kiln = super::kiln(config)?;
    match kiln.eval(&args.source) {
        Ok(shown) => {
            if !shown.is_empty() {
                super::print_out(&format!("{}\n", shown.trim_end_matches('\n')))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => super::report(e),
    }
}
