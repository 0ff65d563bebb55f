//! The `kiln` command line: parses arguments (clap) and hands them to `commands/`.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Run and precompile Julia code in a WebAssembly sandbox.
#[derive(Debug, Parser)]
#[command(
    name = "kiln",
    version,
    subcommand_required = true,
    arg_required_else_help = true,
    after_help = ENVIRONMENT
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const ENVIRONMENT: &str = "\
Environment:
  KILN_DEPOT       package images (default ~/.kiln)
  KILN_CACHE       compiled code (default $XDG_CACHE_HOME/kiln or ~/.cache/kiln); ignored, with a
                   warning, when other users can write it
  KILN_LOAD_PATH   colon-separated directories of packages";

#[derive(Debug, Subcommand)]
enum Command {
    Run(commands::run::Args),
    Eval(commands::eval::Args),
    Precompile(commands::precompile::Args),
    Inspect(commands::inspect::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // `--help` and `--version` (status 0, stdout), or a usage error (status 2, stderr).
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(commands::USAGE));
        }
    };
    // The runtime may use `Limits::CLI_MAX_STACK` of native stack: run on a thread that has it
    // (whatever the platform gives the main thread), with room for kiln's own frames.
    let worker = std::thread::Builder::new()
        .name("kiln".into())
        .stack_size(kiln::Limits::CLI_MAX_STACK * 2)
        .spawn(move || match cli.command {
            Command::Run(args) => commands::run::execute(args),
            Command::Eval(args) => commands::eval::execute(args),
            Command::Precompile(args) => commands::precompile::execute(args),
            Command::Inspect(args) => commands::inspect::execute(args),
        });
    let result = match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(e) => Err(anyhow::anyhow!("cannot start kiln's worker thread: {e}")),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(commands::FAILURE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::time::Duration;

    fn p(args: &[&str]) -> Result<Command, clap::Error> {
        Cli::try_parse_from(std::iter::once("kiln").chain(args.iter().copied())).map(|c| c.command)
    }

    /// Fuzzes the argument handling: command lines drawn from kiln's own subcommands, flags and
    /// plausible and hostile values never panic; each parses, or is a usage error (status 2) or
    /// `--help`/`--version` (status 0) with a message; what parses gives a configuration. A
    /// fixed seed and 3,000 cases in `cargo test`; `KILN_FUZZ_CASES` and `KILN_FUZZ_SEED` for a
    /// longer run.
    #[test]
    fn fuzzed_command_lines_parse_or_fail_cleanly() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
        let word = prop_oneof![
            Just("run"),
            Just("eval"),
            Just("precompile"),
            Just("inspect"),
            Just("help"),
            Just("--project"),
            Just("-v"),
            Just("--verbose"),
            Just("--memory-limit"),
            Just("--max-output"),
            Just("--max-depth"),
            Just("--max-tasks"),
            Just("--timeout"),
            Just("--allow-read"),
            Just("--allow-write"),
            Just("--allow-env"),
            Just("--trace-compile"),
            Just("--no-precompile"),
            Just("--json"),
            Just("-o"),
            Just("--keep-going"),
            Just("--check-reproducible"),
            Just("--help"),
            Just("-h"),
            Just("--version"),
            Just("--"),
            Just("-"),
            Just(""),
            Just("s.jl"),
            Just("pkg"),
            Just("Project.toml"),
            Just("0"),
            Just("1"),
            Just("-1"),
            Just("1.5"),
            Just("4G"),
            Just("5G"),
            Just("512M"),
            Just("1e309"),
            Just("NaN"),
            Just("inf"),
            Just("4294967296"),
            Just("18446744073709551616"),
            Just("A,B,,C"),
            Just("--memory-limit="),
            Just("--timeout=0.000001"),
            Just("-vv"),
            Just("é"),
            Just("\u{0}"),
            Just("--allow-env=PATH"),
        ]
        .prop_map(str::to_string);
        let arg = prop_oneof![4 => word, 1 => ".{0,12}"];
        let strategy = proptest::collection::vec(arg, 0..8);
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&var("KILN_FUZZ_SEED").unwrap_or(0).to_le_bytes());
        let config = Config {
            cases: u32::try_from(var("KILN_FUZZ_CASES").unwrap_or(3000)).unwrap_or(u32::MAX),
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner =
            TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
        let result = runner.run(&strategy, |args| {
            let argv = std::iter::once("kiln".to_string()).chain(args.iter().cloned());
            match Cli::try_parse_from(argv) {
                Ok(cli) => match cli.command {
                    Command::Run(a) => {
                        // The script and its arguments are what was given, in order.
                        let mut given = vec![a.file().to_string_lossy().into_owned()];
                        given.extend(a.args().iter().cloned());
                        prop_assert!(args.ends_with(&given), "{args:?} gave {given:?}");
                        let _ = a.common.config(a.timeout);
                    }
                    Command::Eval(a) => {
                        let _ = a.common.config(a.timeout);
                    }
                    Command::Precompile(a) => {
                        let _ = a.common.config(Some(a.timeout));
                    }
                    Command::Inspect(_) => {}
                },
                Err(e) => {
                    prop_assert!(
                        matches!(e.exit_code(), 0 | 2),
                        "{args:?}: {}",
                        e.exit_code()
                    );
                    prop_assert!(!e.render().to_string().is_empty(), "{args:?}");
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("fuzzed command line: {e}");
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory as _;
        Cli::command().debug_assert();
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
            "--",
            "--timeout",
        ]) else {
            panic!("not a run")
        };
        assert_eq!(a.common.project, Some(PathBuf::from("env")));
        assert!(a.common.verbose);
        assert_eq!(a.file(), PathBuf::from("s.jl"));
        assert_eq!(a.args(), ["x", "--project", "-v", "--", "--timeout"]);
        let Ok(Command::Run(a)) = p(&["run", "--project=e", "--", "-odd.jl", "-x"]) else {
            panic!("not a run")
        };
        assert_eq!(
            (a.common.project.clone(), a.file(), a.args().to_vec()),
            (
                Some(PathBuf::from("e")),
                PathBuf::from("-odd.jl"),
                vec!["-x".to_string()]
            )
        );
        let Ok(Command::Run(a)) = p(&["run", "s.jl", "--", "x"]) else {
            panic!("not a run")
        };
        assert_eq!(a.args(), ["--", "x"]);
        assert!(p(&["run", "--bogus", "s.jl"]).is_err());
    }

    #[test]
    fn run_limits_have_defaults_and_flags() {
        let Ok(Command::Run(a)) = p(&["run", "s.jl"]) else {
            panic!("not a run")
        };
        assert_eq!(a.timeout, None);
        assert_eq!(a.common.memory_limit, kiln::Limits::DEFAULT_MAX_MEMORY);
        assert_eq!(a.common.max_output, kiln::Limits::DEFAULT_MAX_OUTPUT);
        let Ok(Command::Run(a)) = p(&[
            "run",
            "--timeout",
            "1.5",
            "--memory-limit",
            "512M",
            "--max-output=10K",
            "s.jl",
        ]) else {
            panic!("not a run")
        };
        assert_eq!(a.timeout, Some(Duration::from_millis(1500)));
        assert_eq!(a.common.memory_limit, 512 << 20);
        assert_eq!(a.common.max_output, 10 << 10);
        for bad in [
            &["run", "--timeout", "soon", "s.jl"][..],
            &["run", "--timeout", "0", "s.jl"],
            &["run", "--memory-limit", "5G", "s.jl"],
            &["run", "--memory-limit", "12Q", "s.jl"],
            &["run", "--max-output", "-1", "s.jl"],
        ] {
            let e = p(bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad:?}");
        }
    }

    #[test]
    fn eval_takes_one_expression() {
        let Ok(Command::Eval(a)) = p(&["eval", "-1 + 2"]) else {
            panic!("not an eval")
        };
        assert_eq!(a.source, "-1 + 2");
        let Ok(Command::Eval(a)) = p(&["eval", "-v", "--timeout", "2", "--", "-x"]) else {
            panic!("not an eval")
        };
        assert_eq!(a.source, "-x");
        assert!(a.common.verbose);
        assert_eq!(a.timeout, Some(Duration::from_secs(2)));
        assert!(p(&["eval", "1", "2"]).is_err());
        assert!(p(&["eval"]).is_err());
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
        assert_eq!(a.timeout, Duration::from_secs(600));
        let Ok(Command::Inspect(a)) = p(&["inspect", "--json", "i.kimg"]) else {
            panic!()
        };
        assert!(a.json);
        assert_eq!(a.image, PathBuf::from("i.kimg"));
        assert!(p(&["precompile", "-o"]).is_err());
        let Ok(Command::Precompile(a)) = p(&["precompile", "-j", "3", "env"]) else {
            panic!()
        };
        assert_eq!(a.jobs, Some(3));
        assert!(p(&["precompile", "-j", "0", "env"]).is_err());
        assert!(p(&["precompile", "a", "b"]).is_err());
    }

    #[test]
    fn help_version_and_errors() {
        assert_eq!(
            p(&["--help"]).unwrap_err().kind(),
            clap::error::ErrorKind::DisplayHelp
        );
        assert_eq!(
            p(&["-V"]).unwrap_err().kind(),
            clap::error::ErrorKind::DisplayVersion
        );
        assert_eq!(
            p(&["build"]).unwrap_err().kind(),
            clap::error::ErrorKind::InvalidSubcommand
        );
        assert_eq!(p(&["run"]).unwrap_err().exit_code(), 2);
    }
}
