//! `kiln eval [--project DIR] 'EXPR'`: evaluates an expression and prints its value as the REPL
//! would.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `kiln eval`.
#[derive(Debug, Default)]
pub struct Args {
    pub project: Option<PathBuf>,
    pub verbose: bool,
    pub source: String,
}

/// Evaluates the expression; prints the value (nothing for `nothing`).
pub fn execute(args: Args) -> anyhow::Result<ExitCode> {
    let kiln = super::kiln(super::config(args.project, args.verbose))?;
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
