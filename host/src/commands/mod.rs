//! The `kiln` subcommands, one file each with an `execute`; shared set-up and error reporting.

pub mod eval;
pub mod inspect;
pub mod precompile;
pub mod run;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use kiln::{Config, Error, Kiln, Limit};

/// Exit status for an uncaught Julia error or any other failure.
pub const FAILURE: u8 = 1;
/// Exit status for a usage error (clap's).
pub const USAGE: u8 = 2;

/// Options of every command that runs Julia code.
#[derive(Clone, Debug, clap::Args)]
pub struct Common {
    /// The active project: a package, or an environment whose Project.toml lists [deps] and
    /// [sources]
    #[arg(long, value_name = "DIR")]
    pub project: Option<PathBuf>,
    /// Report where packages are loaded from (and the precompile steps' times)
    #[arg(short, long)]
    pub verbose: bool,
    /// Largest linear memory the runtime may use, in bytes, or with a suffix K, M or G (powers of
    /// 1024); at most 4G, all that a wasm32 runtime can address
    #[arg(long, value_name = "SIZE", value_parser = parse_memory_limit, default_value = "2G")]
    pub memory_limit: u64,
    /// Stop a program that writes more than this to stdout and stderr together (same units as
    /// --memory-limit)
    #[arg(long, value_name = "SIZE", value_parser = parse_output_limit, default_value = "1G")]
    pub max_output: u64,
    /// Deepest Julia call stack of a task; a deeper call is a StackOverflowError
    #[arg(long, value_name = "CALLS", default_value_t = kiln::Limits::DEFAULT_MAX_DEPTH,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_depth: u32,
    /// Most tasks alive at once; creating another is an error
    #[arg(long, value_name = "N", default_value_t = kiln::Limits::DEFAULT_MAX_TASKS,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_tasks: u32,
    /// Let the program read files under DIR (repeatable); it can always read its own
    /// directory (a script's, a package's)
    #[arg(long, value_name = "DIR")]
    pub allow_read: Vec<PathBuf>,
    /// Let the program read, create, write and remove files under DIR (repeatable)
    #[arg(long, value_name = "DIR")]
    pub allow_write: Vec<PathBuf>,
    /// Let the program see environment variable NAME in ENV (repeatable, or NAME,NAME…)
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    pub allow_env: Vec<String>,
}

impl Common {
    /// The configuration from the environment with these options; `timeout` is the command's.
    pub fn config(self, timeout: Option<Duration>) -> Config {
        let mut config = Config::from_env();
        // `--project env/Project.toml` names the environment by its file, as Julia allows.
        config.project = self.project.map(|p| match p.file_name() {
            Some(n) if n == "Project.toml" && p.is_file() => {
                p.parent().map(std::path::Path::to_path_buf).unwrap_or(p)
            }
            _ => p,
        });
        config.verbose = self.verbose;
        config.limits.max_memory = Some(self.memory_limit);
        config.limits.max_output = Some(self.max_output);
        config.limits.timeout = timeout;
        config.limits.max_depth = self.max_depth;
        config.limits.max_tasks = self.max_tasks;
        // `main` runs every command on a thread with room for this.
        config.limits.max_stack = kiln::Limits::CLI_MAX_STACK;
        config.grants = kiln::Grants {
            read: self.allow_read,
            write: self.allow_write,
            env: self.allow_env,
        };
        config
    }
}

/// Parses the value of `--timeout SECONDS` (a positive number, fractions allowed).
pub fn parse_timeout(s: &str) -> Result<Duration, String> {
    match s.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs.is_finite() && secs < 1e9 => {
            Ok(Duration::from_secs_f64(secs))
        }
        _ => Err(format!("expected a positive number of seconds, not `{s}`")),
    }
}

/// Parses a size: a positive number of bytes, optionally followed by `K`, `M` or `G` (`KiB`,
/// `MiB`, `GiB` too; powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let shift = match unit.trim_start().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => {
            return Err(format!(
                "expected a size such as 65536, 512M or 2G, not `{s}`"
            ));
        }
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("expected a size such as 65536, 512M or 2G, not `{s}`"))?;
    if n == 0 {
        return Err(format!("the size must be positive, not `{s}`"));
    }
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{s}` is too large"))
}

/// Parses `--memory-limit`: a size of at most 4 GiB.
fn parse_memory_limit(s: &str) -> Result<u64, String> {
    let n = parse_size(s)?;
    if n > kiln::Limits::MAX_MEMORY {
        return Err(format!(
            "`{s}` is more than the 4G a wasm32 runtime can address"
        ));
    }
    Ok(n)
}

/// Parses `--max-output`.
fn parse_output_limit(s: &str) -> Result<u64, String> {
    parse_size(s)
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
/// (with the source line and backtrace), anything else as `error: ...`; a limit that was hit names
/// the option that sets it.
pub fn report(err: Error) -> anyhow::Result<ExitCode> {
    if let Error::Julia(d) = &err {
        eprint!("{}", kiln::render_diagnostic(d));
        return Ok(ExitCode::from(FAILURE));
    }
    let flag = match &err {
        Error::LimitExceeded { limit, .. } => match limit {
            Limit::Time(_) => Some("--timeout"),
            Limit::Memory(_) => Some("--memory-limit"),
            Limit::Output(_) => Some("--max-output"),
            _ => None,
        },
        _ => None,
    };
    match flag {
        Some(flag) => Err(anyhow::anyhow!("{err} (change the limit with {flag})")),
        None => Err(err.into()),
    }
}
