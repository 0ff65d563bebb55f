//! The `kiln` subcommands, one file each with an `execute`; shared set-up and error reporting.

pub mod eval;
pub mod inspect;
pub mod precompile;
pub mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use kiln::{Config, Error, Kiln};

/// Exit status for an uncaught Julia error or any other failure.
pub const FAILURE: u8 = 1;
/// Exit status for a usage error.
pub const USAGE: u8 = 2;

/// The configuration from the environment with the command line's `--project` and `--verbose`.
pub fn config(project: Option<PathBuf>, verbose: bool) -> Config {
    let mut config = Config::from_env();
    // `--project env/Project.toml` names the environment by its file, as Julia allows.
    config.project = project.map(|p| match p.file_name() {
        Some(n) if n == "Project.toml" && p.is_file() => {
            p.parent().map(std::path::Path::to_path_buf).unwrap_or(p)
        }
        _ => p,
    });
    config.verbose = verbose;
    config
}

/// Parses the value of `--timeout SECONDS` (a positive number, fractions allowed).
pub fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
    match s.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs.is_finite() && secs < 1e9 => {
            Ok(std::time::Duration::from_secs_f64(secs))
        }
        _ => Err(format!(
            "`--timeout` needs a positive number of seconds, not `{s}`"
        )),
    }
}

/// Writes `text` to stdout. A reader that went away (`kiln inspect … | head`) is not an error.
pub fn print_out(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to stdout")),
    }
}

/// Sets up kiln, with lowercase context for the binary's error message.
pub fn kiln(config: Config) -> anyhow::Result<Kiln> {
    Kiln::new(config).map_err(|e| anyhow::Error::new(e).context("cannot start the kiln runtime"))
}

/// Reports `err` on stderr and returns the exit status: a Julia error is rendered like Julia does
/// (with the source line and backtrace), anything else as `error: ...`.
pub fn report(err: Error) -> anyhow::Result<ExitCode> {
    match err {
        Error::Julia(d) => {
            eprint!("{}", kiln::render_diagnostic(&d));
            Ok(ExitCode::from(FAILURE))
        }
        other => Err(other.into()),
    }
}
