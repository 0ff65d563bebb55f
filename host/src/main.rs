//! The `kiln` command line: parses arguments and hands them to `commands/`.

mod commands;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
kiln: run and precompile Julia code in a WebAssembly sandbox

Usage:
  kiln run [--project DIR] [-v] [--trace-compile] [--timeout SECS] FILE.jl [ARGS...]
                                                    run a script
  kiln eval [--project DIR] [-v] 'EXPR'             evaluate an expression, print its value
  kiln precompile [--project DIR] [-v] [--timeout SECS] [-o IMAGE] PKGDIR
                                                    build a package image, print its path
  kiln inspect [--json] IMAGE                       show what a package image holds
  kiln --help | --version

Options:
  --project DIR   the active project: a package, or an environment with [deps] and [sources]
  -o, --output IMAGE
                  write the image here instead of the depot
  --timeout SECS  stop the runtime after SECS seconds of wall-clock time (a hanging
                  script or precompilation workload is an error, not a hang)
  --json          print JSON instead of text
  -v, --verbose   report where packages are loaded from, and precompile steps
  --trace-compile print a precompile(...) line on stderr for every method compiled
                  during the run (those taken from package images are not)

Environment:
  KILN_DEPOT       package images (default ~/.kiln)
  KILN_CACHE       compiled code (default $XDG_CACHE_HOME/kiln or ~/.cache/kiln)
  KILN_LOAD_PATH   colon-separated directories of packages
";

#[derive(Debug)]
enum Command {
    Help,
    Version,
    Run(commands::run::Args),
    Eval(commands::eval::Args),
    Precompile(commands::precompile::Args),
    Inspect(commands::inspect::Args),
}

fn main() -> ExitCode {
    let command = match parse(std::env::args_os().skip(1).collect()) {
        Ok(c) => c,
        Err(msg) => {
            let usage = USAGE.split("\nOptions:").next().unwrap_or(USAGE);
            eprintln!(
                "error: {msg}\n\n{}\nRun `kiln --help` for the options.",
                usage.trim_end()
            );
            return ExitCode::from(commands::USAGE);
        }
    };
    let result = match command {
        Command::Help => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Version => {
            println!("kiln {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Run(args) => commands::run::execute(args),
        Command::Eval(args) => commands::eval::execute(args),
        Command::Precompile(args) => commands::precompile::execute(args),
        Command::Inspect(args) => commands::inspect::execute(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(commands::FAILURE)
        }
    }
}

/// Parses the arguments after the program name.
fn parse(args: Vec<OsString>) -> Result<Command, String> {
    let mut args = Args {
        rest: args.into_iter(),
    };
    let Some(sub) = args.next_string()? else {
        return Err("no command given".into());
    };
    match sub.as_str() {
        "-h" | "--help" | "help" => Ok(Command::Help),
        "-V" | "--version" | "version" => Ok(Command::Version),
        "run" => {
            let mut out = commands::run::Args::default();
            let file = loop {
                match args.next_os() {
                    None => {
                        return Err("`kiln run` needs a script: kiln run FILE.jl [ARGS...]".into());
                    }
                    Some(a) => match a.to_str() {
                        Some("--project") => out.project = Some(args.value("--project")?),
                        Some(s) if s.starts_with("--project=") => {
                            out.project = Some(PathBuf::from(&s[10..]))
                        }
                        Some("-v" | "--verbose") => out.verbose = true,
                        Some("--trace-compile") => out.trace_compile = true,
                        Some("--timeout") => {
                            let v = args.value("--timeout")?;
                            out.timeout = Some(commands::parse_timeout(&v.to_string_lossy())?);
                        }
                        Some("--") => match args.next_os() {
                            Some(f) => break PathBuf::from(f),
                            None => return Err("`kiln run` needs a script after `--`".into()),
                        },
                        Some(s) if s.starts_with('-') && s != "-" => {
                            return Err(format!("unknown option `{s}` for `kiln run`"));
                        }
                        _ => break PathBuf::from(a),
                    },
                }
            };
            out.file = file;
            for a in args.rest.by_ref() {
                out.args.push(
                    a.into_string()
                        .map_err(|a| format!("argument `{}` is not UTF-8", a.to_string_lossy()))?,
                );
            }
            Ok(Command::Run(out))
        }
        "eval" => {
            let mut out = commands::eval::Args::default();
            let mut source = None;
            while let Some(a) = args.next_string()? {
                match a.as_str() {
                    "--project" => out.project = Some(args.value("--project")?),
                    s if s.starts_with("--project=") => out.project = Some(PathBuf::from(&s[10..])),
                    "-v" | "--verbose" => out.verbose = true,
                    "--" => {
                        source = args.next_string()?;
                        args.no_more("eval")?;
                        break;
                    }
                    s if s.starts_with('-')
                        && s.len() > 1
                        && source.is_none()
                        && !looks_like_expr(s) =>
                    {
                        return Err(format!("unknown option `{s}` for `kiln eval`"));
                    }
                    _ if source.is_some() => {
                        return Err("`kiln eval` takes one expression (quote it)".into());
                    }
                    _ => source = Some(a),
                }
            }
            out.source = source.ok_or("`kiln eval` needs an expression: kiln eval 'EXPR'")?;
            Ok(Command::Eval(out))
        }
        "precompile" => {
            let mut out = commands::precompile::Args::default();
            let mut pkgdir = None;
            while let Some(a) = args.next_os() {
                match a.to_str() {
                    Some("--project") => out.project = Some(args.value("--project")?),
                    Some(s) if s.starts_with("--project=") => {
                        out.project = Some(PathBuf::from(&s[10..]))
                    }
                    Some("-o" | "--output") => out.output = Some(args.value("-o")?),
                    Some(s) if s.starts_with("--output=") => {
                        out.output = Some(PathBuf::from(&s[9..]))
                    }
                    Some("-v" | "--verbose") => out.verbose = true,
                    Some("--timeout") => {
                        let v = args.value("--timeout")?;
                        out.timeout = Some(commands::parse_timeout(&v.to_string_lossy())?);
                    }
                    Some(s) if s.starts_with('-') => {
                        return Err(format!("unknown option `{s}` for `kiln precompile`"));
                    }
                    _ if pkgdir.is_some() => {
                        return Err("`kiln precompile` takes one package directory".into());
                    }
                    _ => pkgdir = Some(PathBuf::from(a)),
                }
            }
            out.pkgdir = pkgdir.ok_or(
                "`kiln precompile` needs a package directory: kiln precompile [-o IMAGE] PKGDIR",
            )?;
            Ok(Command::Precompile(out))
        }
        "inspect" => {
            let mut out = commands::inspect::Args::default();
            let mut image = None;
            while let Some(a) = args.next_os() {
                match a.to_str() {
                    Some("--json") => out.json = true,
                    Some(s) if s.starts_with('-') => {
                        return Err(format!("unknown option `{s}` for `kiln inspect`"));
                    }
                    _ if image.is_some() => return Err("`kiln inspect` takes one image".into()),
                    _ => image = Some(PathBuf::from(a)),
                }
            }
            out.image =
                image.ok_or("`kiln inspect` needs an image: kiln inspect [--json] IMAGE")?;
            Ok(Command::Inspect(out))
        }
        other => Err(format!("unknown command `{other}`")),
    }
}

/// `-1`, `-x + 1`, `-(2)` are expressions, not options.
fn looks_like_expr(s: &str) -> bool {
    s[1..].starts_with(|c: char| c.is_ascii_digit() || c == '(' || c == ' ')
}

struct Args {
    rest: std::vec::IntoIter<OsString>,
}

impl Args {
    fn next_os(&mut self) -> Option<OsString> {
        self.rest.next()
    }

    fn next_string(&mut self) -> Result<Option<String>, String> {
        self.rest
            .next()
            .map(|a| {
                a.into_string()
                    .map_err(|a| format!("argument `{}` is not UTF-8", a.to_string_lossy()))
            })
            .transpose()
    }

    fn value(&mut self, option: &str) -> Result<PathBuf, String> {
        self.rest
            .next()
            .map(PathBuf::from)
            .ok_or_else(|| format!("`{option}` needs a value"))
    }

    fn no_more(&mut self, command: &str) -> Result<(), String> {
        match self.rest.next() {
            None => Ok(()),
            Some(a) => Err(format!(
                "unexpected argument `{}` for `kiln {command}`",
                a.to_string_lossy()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(OsString::from).collect())
    }

    #[test]
    fn run_takes_everything_after_the_script_as_arguments() {
        let Ok(Command::Run(a)) = p(&[
            "run",
            "--project",
            "env",
            "-v",
            "s.jl",
            "x",
            "--project",
            "-v",
        ]) else {
            panic!("not a run")
        };
        assert_eq!(a.project, Some(PathBuf::from("env")));
        assert!(a.verbose);
        assert_eq!(a.file, PathBuf::from("s.jl"));
        assert_eq!(a.args, ["x", "--project", "-v"]);
        let Ok(Command::Run(a)) = p(&["run", "--project=e", "--", "-odd.jl"]) else {
            panic!("not a run")
        };
        assert_eq!(
            (a.project, a.file),
            (Some(PathBuf::from("e")), PathBuf::from("-odd.jl"))
        );
    }

    #[test]
    fn eval_takes_one_expression() {
        let Ok(Command::Eval(a)) = p(&["eval", "-1 + 2"]) else {
            panic!("not an eval")
        };
        assert_eq!(a.source, "-1 + 2");
        let Ok(Command::Eval(a)) = p(&["eval", "--", "-x"]) else {
            panic!("not an eval")
        };
        assert_eq!(a.source, "-x");
        assert!(p(&["eval", "1", "2"]).is_err());
        assert!(p(&["eval", "--nope", "1"]).is_err());
    }

    #[test]
    fn precompile_and_inspect() {
        let Ok(Command::Precompile(a)) = p(&["precompile", "-o", "img.kimg", "pkg"]) else {
            panic!()
        };
        assert_eq!(
            (a.output, a.pkgdir),
            (Some(PathBuf::from("img.kimg")), PathBuf::from("pkg"))
        );
        let Ok(Command::Inspect(a)) = p(&["inspect", "--json", "i.kimg"]) else {
            panic!()
        };
        assert!(a.json);
        assert_eq!(a.image, PathBuf::from("i.kimg"));
        assert!(p(&["precompile", "-o"]).is_err());
        assert!(p(&["precompile", "a", "b"]).is_err());
    }

    #[test]
    fn help_version_and_errors() {
        assert!(matches!(p(&["--help"]), Ok(Command::Help)));
        assert!(matches!(p(&["-V"]), Ok(Command::Version)));
        assert!(p(&[]).unwrap_err().contains("no command"));
        assert!(
            p(&["build"])
                .unwrap_err()
                .contains("unknown command `build`")
        );
        assert!(p(&["run"]).is_err());
    }
}
