//! Tests of the `kiln` binary: each runs the real executable with its own depot and load path.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch directory with a depot, and a shared compiled-code cache (so that the runtime is
/// compiled once for the whole test run, not once per test).
struct Env {
    dir: tempfile::TempDir,
    cache: PathBuf,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            cache: Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache"),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    fn depot(&self) -> PathBuf {
        self.path("depot")
    }

    fn kiln(&self, args: &[&str]) -> Output {
        self.kiln_with(args, &[])
    }

    /// Runs kiln with `input` on its standard input.
    fn kiln_input(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write as _;
        let mut child = Command::new(env!("CARGO_BIN_EXE_kiln"))
            .args(args)
            .current_dir(self.dir.path())
            .env("KILN_DEPOT", self.depot())
            .env("KILN_CACHE", &self.cache)
            .env_remove("KILN_LOAD_PATH")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    fn kiln_with(&self, args: &[&str], env: &[(&str, &Path)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiln"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("KILN_DEPOT", self.depot())
            .env("KILN_CACHE", &self.cache)
            .env_remove("KILN_LOAD_PATH")
            .env_remove("KILN_GUEST_COMPONENT");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// A package `pkgs/Name` with the given entry file.
    fn package(&self, name: &str, source: &str) -> PathBuf {
        self.write(&format!("pkgs/{name}/Project.toml"), &format!("name = \"{name}\"\nuuid = \"7c0b5b7e-0000-4000-8000-000000000001\"\nversion = \"0.1.0\"\n"));
        self.write(&format!("pkgs/{name}/src/{name}.jl"), source);
        self.path(&format!("pkgs/{name}"))
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_status(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

const GREETER: &str = r#"module Greeter

greet(name) = println("Hello, $(name)!")

end

Base.precompilation(Greeter) do
    Greeter.greet("precompile")
end
"#;

const COUNTER: &str = r#"module Counter

const hits = Ref(0)
bump() = (hits[] += 1; hits[])

end

Base.precompilation(Counter) do
    Counter.bump()
    Counter.bump()
end
"#;

// ---- usage ----------------------------------------------------------------------------------

#[test]
fn usage_errors_exit_with_2() {
    let env = Env::new();
    for args in [
        &[][..],
        &["frobnicate"],
        &["run"],
        &["eval"],
        &["precompile"],
        &["inspect"],
        &["run", "--bogus", "x.jl"],
        &["inspect", "a", "b"],
    ] {
        let o = env.kiln(args);
        assert_status(&o, 2);
        assert!(stderr(&o).contains("Usage:"), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_and_version() {
    let env = Env::new();
    let o = env.kiln(&["--help"]);
    assert_status(&o, 0);
    assert!(
        stdout(&o).contains("Usage: kiln <COMMAND>"),
        "{}",
        stdout(&o)
    );
    for cmd in ["run", "eval", "precompile", "inspect", "KILN_CACHE"] {
        assert!(stdout(&o).contains(&format!("  {cmd} ")), "{}", stdout(&o));
    }
    let o = env.kiln(&["--version"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), format!("kiln {}\n", env!("CARGO_PKG_VERSION")));
    // Every command has its own help, with every option and the limits' defaults.
    for (cmd, options) in [
        (
            "run",
            &[
                "--project",
                "--trace-compile",
                "--timeout",
                "--memory-limit",
                "--max-output",
                "[default: 2G]",
                "[default: 1G]",
            ][..],
        ),
        (
            "eval",
            &["--project", "--timeout", "--memory-limit", "--max-output"],
        ),
        (
            "precompile",
            &[
                "--output",
                "--timeout",
                "[default: 600]",
                "--memory-limit",
                "--max-output",
            ],
        ),
        ("inspect", &["--json"]),
    ] {
        let o = env.kiln(&[cmd, "--help"]);
        assert_status(&o, 0);
        for option in options {
            assert!(stdout(&o).contains(option), "{cmd}: {}", stdout(&o));
        }
    }
}

#[test]
fn bad_limit_values_are_usage_errors() {
    let env = Env::new();
    for (args, expected) in [
        (
            &["eval", "--timeout", "-1", "1"][..],
            "positive number of seconds",
        ),
        (&["eval", "--memory-limit", "8G", "1"], "4G"),
        (&["eval", "--memory-limit", "lots", "1"], "512M"),
        (&["run", "--max-output", "0", "x.jl"], "positive"),
    ] {
        let o = env.kiln(args);
        assert_status(&o, 2);
        assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn missing_script_is_reported_by_name() {
    let env = Env::new();
    let o = env.kiln(&["run", "nowhere.jl"]);
    assert_status(&o, 1);
    assert!(stderr(&o).contains("nowhere.jl"), "{}", stderr(&o));
}

#[test]
fn precompile_of_a_directory_that_is_not_a_package() {
    let env = Env::new();
    let o = env.kiln(&["precompile", "missing-dir"]);
    assert_status(&o, 1);
    assert!(stderr(&o).contains("missing-dir"), "{}", stderr(&o));
    env.write("NoEntry/Project.toml", "name = \"NoEntry\"\n");
    let o = env.kiln(&["precompile", "NoEntry"]);
    assert_status(&o, 1);
    assert!(
        stderr(&o).contains("no entry file `src/NoEntry.jl`"),
        "{}",
        stderr(&o)
    );
    env.write("Bad/Project.toml", "name = \n");
    let o = env.kiln(&["precompile", "Bad"]);
    assert_status(&o, 1);
    assert!(
        stderr(&o).contains("Project.toml") && stderr(&o).contains("malformed TOML"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn inspect_of_a_file_that_is_not_an_image() {
    let env = Env::new();
    env.write("junk.kimg", "this is not an image");
    let o = env.kiln(&["inspect", "junk.kimg"]);
    assert_status(&o, 1);
    assert!(stderr(&o).contains("junk.kimg"), "{}", stderr(&o));
    let o = env.kiln(&["inspect", "absent.kimg"]);
    assert_status(&o, 1);
    assert!(
        stderr(&o).contains("cannot read `absent.kimg`"),
        "{}",
        stderr(&o)
    );
    // A device or a directory is refused before anything is read.
    for special in ["/dev/zero", "."] {
        let o = env.kiln(&["inspect", special]);
        assert_status(&o, 1);
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    }
}

// ---- scripts and eval -----------------------------------------------------------------------

#[test]
fn script_prints_to_stdout() {
    let env = Env::new();
    env.write(
        "hello.jl",
        "println(\"hello, world\")\nx = 40 + 2\nprintln(\"x = \", x)\n",
    );
    let o = env.kiln(&["run", "hello.jl"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "hello, world\nx = 42\n");
}

#[test]
fn script_sees_its_arguments() {
    let env = Env::new();
    env.write("args.jl", "for a in ARGS\n    println(a)\nend\n");
    let o = env.kiln(&["run", "args.jl", "one", "--two", "3"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "one\n--two\n3\n");
}

#[test]
fn uncaught_error_is_rendered_with_its_source_line() {
    let env = Env::new();
    env.write(
        "fail.jl",
        "println(\"before\")\nerror(\"boom\")\nprintln(\"after\")\n",
    );
    let o = env.kiln(&["run", "fail.jl"]);
    assert_status(&o, 1);
    assert_eq!(stdout(&o), "before\n");
    let err = stderr(&o);
    assert!(err.starts_with("ERROR: ") && err.contains("boom"), "{err}");
    assert!(err.contains("--> fail.jl:2"), "{err}");
    assert!(err.contains(" 2 | error(\"boom\")\n"), "{err}");
    assert!(err.contains('^'), "{err}");
}

#[test]
fn method_error_shows_a_stacktrace() {
    let env = Env::new();
    env.write("method.jl", "f(x::Int) = x + 1\ng(x) = f(x)\ng(\"x\")\n");
    let o = env.kiln(&["run", "method.jl"]);
    assert_status(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("MethodError: no method matching f(::String)"),
        "{err}"
    );
    assert!(err.contains("Stacktrace:\n [1] "), "{err}");
    assert!(err.contains("@ method.jl:"), "{err}");
}

#[test]
fn scripts_cannot_read_outside_their_directory() {
    let env = Env::new();
    env.write("secret.jl", "println(\"secret\")\n");
    env.write("dir/escape.jl", "include(\"../secret.jl\")\n");
    let o = env.kiln(&["run", "dir/escape.jl"]);
    assert_status(&o, 1);
    assert!(!stdout(&o).contains("secret"), "{}", stdout(&o));
    assert!(stderr(&o).contains(".."), "{}", stderr(&o));
}

#[test]
fn eval_prints_like_the_repl() {
    let env = Env::new();
    let o = env.kiln(&["eval", "1 + 2"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "3\n");
    let o = env.kiln(&["eval", "\"a\" * \"b\""]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "\"ab\"\n");
    let o = env.kiln(&["eval", "nothing"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "");
    let o = env.kiln(&["eval", "error(\"bad\")"]);
    assert_status(&o, 1);
    assert!(
        stderr(&o).starts_with("ERROR: ") && stderr(&o).contains("bad"),
        "{}",
        stderr(&o)
    );
}

// ---- capabilities: files, environment, standard input ----------------------------------------

/// A script that tries `expr` and prints its value or the error, one line per attempt.
fn attempts(exprs: &[&str]) -> String {
    exprs
        .iter()
        .map(|e| {
            format!(
                "try\n    println(\"ok: \", repr({e}))\ncatch err\n    print(\"denied: \"); showerror(stdout, err); println()\nend\n"
            )
        })
        .collect()
}

#[test]
fn without_grants_a_script_reads_only_its_own_directory() {
    let env = Env::new();
    env.write("secret.txt", "top secret\n");
    env.write("dir/data.txt", "mine\n");
    let secret = env.path("secret.txt");
    std::os::unix::fs::symlink(&secret, env.path("dir/link.txt")).unwrap();
    let script = attempts(&[
        "read(\"dir/data.txt\", String)",
        "read(joinpath(@__DIR__, \"data.txt\"), String)",
        "read(\"secret.txt\", String)",
        &format!("read({:?}, String)", secret.display().to_string()),
        "read(\"dir/../secret.txt\", String)",
        "read(\"dir/link.txt\", String)",
        "read(\"/etc/passwd\", String)",
        "isfile(\"/etc/passwd\")",
        "write(\"dir/new.txt\", \"x\")",
        "mkdir(\"dir/sub\")",
        "rm(\"dir/data.txt\")",
        "ENV[\"HOME\"]",
        "collect(keys(ENV))",
    ]);
    env.write("dir/s.jl", &script);
    let o = env.kiln(&["run", "dir/s.jl"]);
    assert_status(&o, 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 13, "{out}");
    assert_eq!(lines[0], "ok: \"mine\\n\"", "{out}");
    assert_eq!(lines[1], "ok: \"mine\\n\"", "{out}");
    for (i, line) in lines.iter().enumerate().take(7).skip(2) {
        assert!(
            line.starts_with("denied: SystemError: opening file")
                && line.contains("Permission denied")
                && !line.contains("top secret"),
            "attempt {i}: {line}"
        );
    }
    assert!(lines[2].contains("--allow-read DIR"), "{out}");
    assert_eq!(lines[7], "ok: false", "{out}");
    assert!(
        lines[8].contains("Permission denied") && lines[8].contains("--allow-write DIR"),
        "{out}"
    );
    assert!(
        lines[9].starts_with("denied: IOError: mkdir(\"dir/sub\""),
        "{out}"
    );
    assert!(lines[9].contains("permission denied (EACCES)"), "{out}");
    assert!(lines[10].starts_with("denied: IOError: unlink"), "{out}");
    assert_eq!(
        lines[11], "denied: KeyError: key \"HOME\" not found",
        "{out}"
    );
    assert_eq!(lines[12], "ok: String[]", "{out}");
    assert!(env.path("dir/data.txt").is_file());
    assert!(!env.path("dir/new.txt").exists());
}

#[test]
fn grants_open_exactly_what_they_name() {
    let env = Env::new();
    env.write("in/a.txt", "alpha\n");
    env.write("elsewhere/b.txt", "beta\n");
    fs::create_dir_all(env.path("out")).unwrap();
    env.write(
        "proj/s.jl",
        r#"println(read("in/a.txt", String))
open("out/log.txt", "w") do io
    println(io, "one")
    print(io, "two")
end
open("out/log.txt", "a") do io
    println(io, "!")
end
mkpath("out/sub/deeper")
write("out/sub/deeper/c.txt", "gamma")
println(readdir("out"), " ", isdir("out/sub"), " ", filesize("out/log.txt"))
println(readlines("out/log.txt"))
rm("out/sub"; recursive=true)
println(ispath("out/sub"))
f = open("out/unclosed.txt", "w")
print(f, "kept at exit")
println(ENV["KILN_TEST_GRANTED"], " ", haskey(ENV, "KILN_TEST_HIDDEN"), " ", collect(keys(ENV)))
try
    read("elsewhere/b.txt", String)
catch err
    showerror(stdout, err); println()
end
try
    write("in/new.txt", "no")
catch err
    showerror(stdout, err); println()
end
"#,
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiln"));
    let o = cmd
        .args([
            "run",
            "--allow-read",
            "in",
            "--allow-write",
            "out",
            "--allow-env",
            "KILN_TEST_GRANTED",
            "proj/s.jl",
        ])
        .current_dir(env.dir.path())
        .env("KILN_DEPOT", env.depot())
        .env("KILN_CACHE", &env.cache)
        .env("KILN_TEST_GRANTED", "granted value")
        .env("KILN_TEST_HIDDEN", "hidden value")
        .output()
        .unwrap();
    assert_status(&o, 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "alpha", "{out}");
    assert_eq!(lines[2], "[\"log.txt\", \"sub\"] true 9", "{out}");
    assert_eq!(lines[3], "[\"one\", \"two!\"]", "{out}");
    assert_eq!(lines[4], "false", "{out}");
    assert_eq!(
        lines[5], "granted value false [\"KILN_TEST_GRANTED\"]",
        "{out}"
    );
    assert!(
        lines[6].contains("elsewhere/b.txt") && lines[6].contains("Permission denied"),
        "{out}"
    );
    assert!(
        lines[7].contains("in/new.txt") && lines[7].contains("--allow-write"),
        "{out}"
    );
    assert_eq!(
        fs::read_to_string(env.path("out/unclosed.txt")).unwrap(),
        "kept at exit"
    );
    assert!(!env.path("in/new.txt").exists());

    // A granted directory that does not exist is an error before anything runs.
    let o = env.kiln(&["run", "--allow-read", "missing", "proj/s.jl"]);
    assert_status(&o, 1);
    assert!(
        stderr(&o).contains("--allow-read") && stderr(&o).contains("missing"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn scripts_read_standard_input() {
    let env = Env::new();
    env.write(
        "s.jl",
        "n = parse(Int, readline())\nxs = [parse(Int, l) for l in eachline()]\nprintln(n, \" \", sum(xs), \" \", eof(stdin))\n",
    );
    let o = env.kiln_input(&["run", "s.jl"], "3\n10\n20\n30\n");
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "3 60 true\n");
    let o = env.kiln_input(&["eval", "readline() * \"!\""], "hi\nthere\n");
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "\"hi!\"\n");
}

#[test]
fn a_package_reads_its_own_files_and_its_image_follows_them() {
    let env = Env::new();
    env.package(
        "Tables",
        "module Tables\nconst DATA = readlines(joinpath(@__DIR__, \"..\", \"data\", \"t.txt\"))\nfunction save()\n    write(\"stolen.txt\", \"x\")\nend\nend\nBase.precompilation(Tables) do\n    try\n        Tables.save()\n    catch err\n        showerror(stderr, err)\n    end\nend\n",
    );
    env.write("pkgs/Tables/data/t.txt", "one\ntwo\n");
    env.write("use.jl", "using Tables\nprintln(Tables.DATA)\n");
    let load_path = env.path("pkgs");
    let with_lp = [("KILN_LOAD_PATH", load_path.as_path())];
    let o = env.kiln(&["precompile", "pkgs/Tables"]);
    assert_status(&o, 0);
    assert!(
        stderr(&o).contains("Permission denied") && stderr(&o).contains("--allow-write"),
        "{}",
        stderr(&o)
    );
    assert!(!env.path("stolen.txt").exists());
    let o = env.kiln_with(&["run", "-v", "use.jl"], &with_lp);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "[\"one\", \"two\"]\n");
    assert!(stderr(&o).contains("from image"), "{}", stderr(&o));
    // The data file is an input of the image: changing it makes the image stale.
    env.write("pkgs/Tables/data/t.txt", "three\n");
    let o = env.kiln_with(&["run", "-v", "use.jl"], &with_lp);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "[\"three\"]\n");
    assert!(stderr(&o).contains("from source"), "{}", stderr(&o));
}

// ---- packages and images --------------------------------------------------------------------

#[test]
fn precompile_writes_an_image_into_the_depot() {
    let env = Env::new();
    env.package("Greeter", GREETER);
    let o = env.kiln(&["precompile", "pkgs/Greeter"]);
    assert_status(&o, 0);
    let out = stdout(&o);
    let path = PathBuf::from(out.trim_end());
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(path.is_file(), "{out}");
    assert!(
        path.starts_with(env.depot().join("compiled/v1/Greeter")),
        "{out}"
    );
    assert_eq!(path.extension().unwrap(), "kimg");
    assert_eq!(path.file_stem().unwrap().len(), 64);
    // The workload's output is not on stdout.
    assert!(stderr(&o).contains("Hello, precompile!"), "{}", stderr(&o));

    // Precompiling again gives the same bytes.
    let first = fs::read(&path).unwrap();
    let o = env.kiln(&["precompile", "pkgs/Greeter"]);
    assert_status(&o, 0);
    assert_eq!(
        fs::read(&path).unwrap(),
        first,
        "images are not reproducible"
    );
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn check_reproducible_builds_twice_and_writes_the_image() {
    let env = Env::new();
    let tmp = env.path("tmp");
    fs::create_dir_all(&tmp).unwrap();
    let greeter = repo().join("examples/Greeter");
    let o = env.kiln_with(
        &[
            "precompile",
            "--check-reproducible",
            greeter.to_str().unwrap(),
        ],
        &[("TMPDIR", &tmp)],
    );
    assert_status(&o, 0);
    let err = stderr(&o);
    assert!(
        err.contains("kiln: reproduced: two builds of Greeter in separate sandboxes gave byte-identical images"),
        "{err}"
    );
    // The image and its build record are in the depot, as a plain precompile writes them, and
    // the same bytes as a plain precompile's.
    let path = PathBuf::from(stdout(&o).trim_end());
    assert!(
        path.starts_with(env.depot().join("compiled/v1/Greeter")),
        "{path:?}"
    );
    assert!(path.with_extension("json").is_file());
    let checked = fs::read(&path).unwrap();
    let o = env.kiln(&["precompile", "-o", "plain.kimg", greeter.to_str().unwrap()]);
    assert_status(&o, 0);
    assert_eq!(fs::read(env.path("plain.kimg")).unwrap(), checked);
    // The temporary depots are gone.
    assert_eq!(fs::read_dir(&tmp).unwrap().count(), 0);
    // `using` trusts the installed image.
    let script = env.write("main.jl", "using Greeter\nGreeter.greet(\"you\")\n");
    let o = env.kiln(&[
        "run",
        "-v",
        "--project",
        greeter.to_str().unwrap(),
        script.to_str().unwrap(),
    ]);
    assert_status(&o, 0);
    assert!(stderr(&o).contains("from image"), "{}", stderr(&o));

    // With -o the image goes there.
    let o = env.kiln(&[
        "precompile",
        "--check-reproducible",
        "-o",
        "out/G.kimg",
        greeter.to_str().unwrap(),
    ]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "out/G.kimg\n");
    assert_eq!(fs::read(env.path("out/G.kimg")).unwrap(), checked);
    // … but not over a file that is not an image.
    env.write("notes.txt", "keep me");
    let o = env.kiln(&[
        "precompile",
        "--check-reproducible",
        "-o",
        "notes.txt",
        greeter.to_str().unwrap(),
    ]);
    assert_status(&o, 1);
    assert!(
        stderr(&o).contains("refusing to overwrite"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(env.path("notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn check_reproducible_names_the_first_differing_section() {
    let env = Env::new();
    let greeter = repo().join("examples/Greeter");
    let o = env.kiln(&["precompile", "-o", "G.kimg", greeter.to_str().unwrap()]);
    assert_status(&o, 0);
    let image = fs::read(env.path("G.kimg")).unwrap();
    let sections = kiln::sections(&image).expect("a section table");
    let names: Vec<&str> = sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "header",
            "table of contents",
            "modules",
            "types",
            "functions",
            "bindings",
            "methods",
            "method instances"
        ]
    );
    assert_eq!(kiln::first_difference(&image, &image.clone()), None);
    // A byte changed in each section's body, or in a string it introduced, is named as that
    // section; with two changes, the earlier section is named.
    for s in &sections {
        for at in [s.body.start, s.body.end - 1]
            .into_iter()
            .chain(s.strings.clone().last())
        {
            let mut other = image.clone();
            other[at] ^= 0x20;
            let d = kiln::first_difference(&image, &other).expect("a difference");
            assert_eq!(d.section, s.name, "byte {at}");
        }
    }
    let (bindings, methods) = (&sections[5], &sections[6]);
    let mut other = image.clone();
    other[methods.body.start] ^= 1;
    other[bindings.body.end - 1] ^= 1;
    let d = kiln::first_difference(&image, &other).unwrap();
    assert_eq!(d.section, "bindings");
    assert!(d.to_string().contains("section `bindings`"), "{d}");
    // A truncated image has no readable section table: it is compared as a whole.
    assert_eq!(
        kiln::first_difference(&image, &image[..image.len() - 1])
            .unwrap()
            .section,
        "image"
    );
}

#[test]
fn precompile_to_an_explicit_path_and_inspect() {
    let env = Env::new();
    env.package("Greeter", GREETER);
    let o = env.kiln(&["precompile", "-o", "out/Greeter.kimg", "pkgs/Greeter"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "out/Greeter.kimg\n");
    assert!(env.path("out/Greeter.kimg").is_file());

    let o = env.kiln(&["inspect", "out/Greeter.kimg"]);
    assert_status(&o, 0);
    let text = stdout(&o);
    assert!(text.contains("Greeter"), "{text}");
    assert!(text.contains("greet"), "{text}");

    let o = env.kiln(&["inspect", "--json", "out/Greeter.kimg"]);
    assert_status(&o, 0);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["package"], "Greeter");
    assert_eq!(json["source_hash"].as_str().unwrap().len(), 64);
    assert!(
        json["bindings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b.as_str().unwrap().contains("greet")),
        "{json}"
    );
    let mis = json["method_instances"].as_array().unwrap();
    assert!(
        mis.iter()
            .any(|mi| mi["name"].as_str().unwrap().contains("greet")),
        "{json}"
    );
    for mi in mis {
        for key in ["name", "method", "owner", "edges", "rettype"] {
            assert!(mi.get(key).is_some(), "{key} missing in {mi}");
        }
    }
}

#[test]
fn run_uses_the_image_when_there_is_one() {
    let env = Env::new();
    env.package("Greeter", GREETER);
    env.write("use.jl", "using Greeter\nGreeter.greet(\"x\")\n");
    let load_path = env.path("pkgs");
    let with_lp = [("KILN_LOAD_PATH", load_path.as_path())];

    let o = env.kiln_with(&["run", "-v", "use.jl"], &with_lp);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "Hello, x!\n");
    assert!(stderr(&o).contains("from source"), "{}", stderr(&o));

    assert_status(&env.kiln(&["precompile", "pkgs/Greeter"]), 0);
    let o = env.kiln_with(&["run", "-v", "use.jl"], &with_lp);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "Hello, x!\n");
    assert!(stderr(&o).contains("from image"), "{}", stderr(&o));

    // Changing the source makes the image stale: back to source.
    env.write(
        "pkgs/Greeter/src/Greeter.jl",
        &GREETER.replace("Hello", "Hi"),
    );
    let o = env.kiln_with(&["run", "-v", "use.jl"], &with_lp);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "Hi, x!\n");
    assert!(stderr(&o).contains("from source"), "{}", stderr(&o));
}

#[test]
fn a_failing_workload_fails_the_build_unless_keep_going() {
    let env = Env::new();
    env.package(
        "Shaky",
        "module Shaky\nhalf(x) = x / 2\nend\n\nBase.precompilation(Shaky) do\n    Shaky.half(4)\n    error(\"boom\")\nend\n",
    );
    let o = env.kiln(&["precompile", "pkgs/Shaky"]);
    assert_status(&o, 1);
    assert!(stderr(&o).contains("boom"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));

    let o = env.kiln(&["precompile", "--keep-going", "pkgs/Shaky"]);
    assert_status(&o, 0);
    assert!(stderr(&o).contains("boom"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--keep-going"), "{}", stderr(&o));
    let image = stdout(&o).trim().to_string();
    assert!(Path::new(&image).is_file(), "{image}");
    // The image holds the package but none of the workload's method instances.
    let o = env.kiln(&["inspect", &image]);
    assert_status(&o, 0);
    assert!(!stdout(&o).contains("half(::Int64)"), "{}", stdout(&o));
    env.write("use.jl", "using Shaky\nprintln(Shaky.half(3))\n");
    let lp = env.path("pkgs");
    let o = env.kiln_with(
        &["run", "-v", "use.jl"],
        &[("KILN_LOAD_PATH", lp.as_path())],
    );
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "1.5\n");
    assert!(stderr(&o).contains("from image"), "{}", stderr(&o));
}

#[test]
fn precompile_reports_the_tasks_a_workload_left_unfinished() {
    let env = Env::new();
    let pkg = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/packages/TaskLeftovers");
    let out = env.path("TaskLeftovers.kimg");
    let o = env.kiln(&[
        "precompile",
        "-o",
        out.to_str().unwrap(),
        pkg.to_str().unwrap(),
    ]);
    assert_status(&o, 0);
    assert!(
        stderr(&o)
            .contains("the workload left 3 tasks unfinished; they were discarded with the clone"),
        "{}",
        stderr(&o)
    );
    // A workload without tasks says nothing about them.
    env.package("Greeter", GREETER);
    let o = env.kiln(&["precompile", "pkgs/Greeter"]);
    assert_status(&o, 0);
    assert!(!stderr(&o).contains("unfinished"), "{}", stderr(&o));
}

#[test]
fn no_precompile_runs_from_source_even_with_an_image() {
    let env = Env::new();
    env.package("Greeter", GREETER);
    env.write("use.jl", "using Greeter\nGreeter.greet(\"x\")\n");
    let load_path = env.path("pkgs");
    let with_lp = [("KILN_LOAD_PATH", load_path.as_path())];
    assert_status(&env.kiln(&["precompile", "pkgs/Greeter"]), 0);
    let o = env.kiln_with(&["run", "-v", "--no-precompile", "use.jl"], &with_lp);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "Hello, x!\n");
    assert!(stderr(&o).contains("from source"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("from image"), "{}", stderr(&o));
    // Without the flag the same run takes the image.
    let o = env.kiln_with(&["run", "-v", "use.jl"], &with_lp);
    assert!(stderr(&o).contains("from image"), "{}", stderr(&o));
}

#[test]
fn project_flag_finds_packages_through_sources() {
    let env = Env::new();
    env.package("Greeter", GREETER);
    env.write(
        "app/Project.toml",
        "[deps]\nGreeter = \"7c0b5b7e-0000-4000-8000-000000000001\"\n\n[sources]\nGreeter = {path = \"../pkgs/Greeter\"}\n",
    );
    env.write("app/main.jl", "using Greeter\nGreeter.greet(\"project\")\n");
    let o = env.kiln(&["run", "--project", "app", "app/main.jl"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "Hello, project!\n");
    // Without the project, the package is not found.
    let o = env.kiln(&["run", "app/main.jl"]);
    assert_status(&o, 1);
    assert!(stderr(&o).contains("Greeter"), "{}", stderr(&o));
}

#[test]
fn workload_mutations_do_not_reach_the_image() {
    let env = Env::new();
    env.package("Counter", COUNTER);
    assert_status(&env.kiln(&["precompile", "pkgs/Counter"]), 0);
    env.write(
        "count.jl",
        "using Counter\nprintln(Counter.hits[])\nprintln(Counter.bump())\n",
    );
    let o = env.kiln_with(
        &["run", "-v", "count.jl"],
        &[("KILN_LOAD_PATH", env.path("pkgs").as_path())],
    );
    assert_status(&o, 0);
    assert!(stderr(&o).contains("from image"), "{}", stderr(&o));
    assert_eq!(stdout(&o), "0\n1\n");
}

#[test]
fn compiled_runtime_is_cached() {
    let env = Env::new();
    let cache = env.path("cache");
    let run = |env: &Env| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiln"));
        cmd.args(["eval", "1 + 2"])
            .env("KILN_DEPOT", env.depot())
            .env("KILN_CACHE", &cache)
            .env_remove("KILN_GUEST_COMPONENT");
        let o = cmd.output().unwrap();
        assert_status(&o, 0);
    };
    let cwasm = || -> Vec<(PathBuf, std::time::SystemTime)> {
        let mut v: Vec<_> = fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "cwasm"))
            .map(|p| {
                let t = fs::metadata(&p).unwrap().modified().unwrap();
                (p, t)
            })
            .collect();
        v.sort();
        v
    };
    run(&env);
    let first = cwasm();
    // The runtime instrumented for snapshots, and the base snapshot (Base loaded) that every
    // session starts from; the runtime itself is never compiled on its own.
    assert_eq!(first.len(), 2, "{first:?}");
    let named = |suffix: &str| -> Vec<PathBuf> {
        fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect()
    };
    let base = named(".base.wasm");
    assert_eq!(base.len(), 1);
    let compiled_base = named(".base.cwasm");
    assert_eq!(compiled_base.len(), 1);
    // A second run compiles nothing and snapshots nothing.
    run(&env);
    assert_eq!(cwasm(), first);

    // A start needs only the compiled base snapshot: without the snapshot's wasm and the
    // instrumented runtime it still starts, and makes nothing again.
    let base_bytes = fs::read(&base[0]).unwrap();
    for (path, _) in &first {
        if *path != compiled_base[0] {
            fs::remove_file(path).unwrap();
        }
    }
    fs::remove_file(&base[0]).unwrap();
    run(&env);
    assert_eq!(named(".cwasm"), vec![compiled_base[0].clone()]);
    assert!(named(".base.wasm").is_empty());

    // Without its compiled form, the cached snapshot is compiled again, not made again (the
    // instrumented runtime is not needed for that).
    fs::write(&base[0], &base_bytes).unwrap();
    let mut digest = base[0].clone().into_os_string();
    digest.push(".blake3");
    fs::write(&digest, format!("{}\n", blake3_hex(&base_bytes))).unwrap();
    fs::remove_file(&compiled_base[0]).unwrap();
    run(&env);
    assert_eq!(named(".cwasm"), vec![compiled_base[0].clone()]);
}

/// The hex BLAKE3 hash of `bytes`, as the cache records digests.
fn blake3_hex(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// A private copy of the shared compiled-code cache (filled first), so that a test can damage it.
fn copy_of_the_cache(env: &Env) -> PathBuf {
    assert_status(&env.kiln(&["eval", "1"]), 0);
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else if !entry.file_name().to_string_lossy().ends_with(".tmp") {
                fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let cache = env.path("cache");
    copy(&env.cache, &cache);
    cache
}

/// The byte range of the section `name` in a 64-bit little-endian ELF file (what wasmtime
/// writes on the platforms this test runs on).
fn elf_section(elf: &[u8], name: &str) -> Option<std::ops::Range<usize>> {
    let u16_at = |at: usize| usize::from(u16::from_le_bytes(elf[at..at + 2].try_into().unwrap()));
    let u32_at = |at: usize| u32::from_le_bytes(elf[at..at + 4].try_into().unwrap()) as usize;
    let u64_at = |at: usize| u64::from_le_bytes(elf[at..at + 8].try_into().unwrap()) as usize;
    if elf.get(..5)? != b"\x7fELF\x02" {
        return None;
    }
    let (shoff, shentsize, shnum, shstrndx) =
        (u64_at(0x28), u16_at(0x3a), u16_at(0x3c), u16_at(0x3e));
    let header = |i: usize| shoff + i * shentsize;
    let strtab = u64_at(header(shstrndx) + 0x18);
    (0..shnum).find_map(|i| {
        let h = header(i);
        let start = strtab + u32_at(h);
        let end = start + elf[start..].iter().position(|&b| b == 0)?;
        (&elf[start..end] == name.as_bytes()).then(|| {
            let offset = u64_at(h + 0x18);
            offset..offset + u64_at(h + 0x20)
        })
    })
}

#[test]
fn damaged_compiled_code_is_compiled_again_not_executed() {
    let env = Env::new();
    let cache = copy_of_the_cache(&env);
    // Overwrite the machine code of every compiled component with `int3` instructions: executed,
    // it would kill kiln with SIGTRAP.
    let mut damaged = Vec::new();
    for entry in fs::read_dir(&cache).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "cwasm") {
            let mut bytes = fs::read(&path).unwrap();
            let text = elf_section(&bytes, ".text").expect("a .text section");
            bytes[text].fill(0xcc);
            fs::write(&path, &bytes).unwrap();
            damaged.push((path, bytes));
        }
    }
    assert!(!damaged.is_empty());
    let o = env.kiln_with(&["eval", "1 + 2"], &[("KILN_CACHE", cache.as_path())]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "3\n");
    assert!(
        stderr(&o).contains("does not match its recorded BLAKE3 digest"),
        "{}",
        stderr(&o)
    );
    // The entry kiln needed was compiled again and replaced; the next run is quiet.
    assert!(
        damaged
            .iter()
            .any(|(path, bytes)| fs::read(path).unwrap() != *bytes)
    );
    let o = env.kiln_with(&["eval", "1 + 2"], &[("KILN_CACHE", cache.as_path())]);
    assert_status(&o, 0);
    assert_eq!(stderr(&o), "");
}

#[cfg(unix)]
#[test]
fn a_cache_other_users_can_write_is_not_used() {
    use std::os::unix::fs::PermissionsExt as _;
    let env = Env::new();
    let cache = copy_of_the_cache(&env);
    fs::set_permissions(&cache, fs::Permissions::from_mode(0o777)).unwrap();
    let listing = || {
        let mut v: Vec<_> = fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        v.sort();
        v
    };
    let before = listing();
    let o = env.kiln_with(&["eval", "1 + 2"], &[("KILN_CACHE", cache.as_path())]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "3\n");
    let err = stderr(&o);
    assert!(
        err.contains("warning: not using the compiled-code cache")
            && err.contains("writable by other users"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // Nothing was written to it.
    assert_eq!(listing(), before);
}

#[test]
fn hostile_input_is_an_error_not_a_crash() {
    let env = Env::new();
    // Deep nesting must be a syntax error inside the guest's 1 MiB stack.
    let deep = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
    let o = env.kiln(&["eval", &deep]);
    assert_status(&o, 1);
    assert!(stderr(&o).contains("nested too deeply"), "{}", stderr(&o));
    // Unbounded recursion is a StackOverflowError, not a trap.
    env.write("rec.jl", "f(n) = f(n + 1)\nf(1)\n");
    let o = env.kiln(&["run", "rec.jl"]);
    assert_status(&o, 1);
    assert!(stderr(&o).contains("StackOverflowError"), "{}", stderr(&o));
}

/// The example package that ships in the repository: run from source every method it calls is
/// compiled in the session; run from its image, the ones its workload compiled are not.
#[test]
fn the_example_runs_from_its_image_without_compiling_what_the_workload_compiled() {
    let env = Env::new();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let pkg = repo.join("examples/Greeter");
    let script = repo.join("examples/hello.jl");
    let run = || {
        env.kiln(&[
            "run",
            "--trace-compile",
            "--project",
            pkg.to_str().unwrap(),
            script.to_str().unwrap(),
        ])
    };
    let expected = "Hello, reader!\nHello, twice! Hello, twice!\nPRECOMPILED!\ngreeted 3 times in this session\n";
    let greet = "precompile(Tuple{typeof(Greeter.greet), String})";
    let shout = "precompile(Tuple{typeof(Greeter.shout), String})";

    let o = run();
    assert_status(&o, 0);
    assert_eq!(stdout(&o), expected);
    assert!(
        stderr(&o).contains(greet) && stderr(&o).contains(shout),
        "{}",
        stderr(&o)
    );

    assert_status(&env.kiln(&["precompile", pkg.to_str().unwrap()]), 0);
    let o = run();
    assert_status(&o, 0);
    assert_eq!(stdout(&o), expected);
    let err = stderr(&o);
    assert!(!err.contains(greet) && !err.contains(shout), "{err}");
    // Not compiled by the workload, so compiled here.
    assert!(
        err.contains("precompile(Tuple{typeof(Greeter.greeted)})"),
        "{err}"
    );
}

#[test]
fn a_hanging_workload_is_stopped_by_the_timeout() {
    let env = Env::new();
    let pkg = env.package(
        "Hangs",
        "module Hangs\nf() = 1\nend\n\nBase.precompilation(Hangs) do\n    while true\n    end\nend\n",
    );
    let o = env.kiln(&["precompile", "--timeout", "0.5", pkg.to_str().unwrap()]);
    assert_status(&o, 1);
    assert!(stderr(&o).contains("time"), "{}", stderr(&o));
    let o = env.kiln(&["precompile", "--timeout", "soon", pkg.to_str().unwrap()]);
    assert_status(&o, 2);
}

// ---- limits ---------------------------------------------------------------------------------

#[test]
fn an_endless_loop_is_stopped_by_the_timeout() {
    let env = Env::new();
    let o = env.kiln(&["eval", "--timeout", "0.3", "while true end"]);
    assert_status(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("ran out of time") && err.contains("0.3 s") && err.contains("--timeout"),
        "{err}"
    );
    env.write("spin.jl", "println(\"started\")\nwhile true\nend\n");
    let o = env.kiln(&["run", "--timeout", "0.3", "spin.jl"]);
    assert_status(&o, 1);
    assert_eq!(stdout(&o), "started\n");
    assert!(stderr(&o).contains("ran out of time"), "{}", stderr(&o));
}

#[test]
fn unbounded_allocation_is_an_out_of_memory_error_under_the_memory_limit() {
    let env = Env::new();
    // Uncaught, it ends the program as Julia's error does, saying which limit was met.
    env.write(
        "grow.jl",
        "xs = []\nwhile true\n    push!(xs, zeros(1000000))\nend\n",
    );
    let o = env.kiln(&["run", "--memory-limit", "96M", "grow.jl"]);
    assert_status(&o, 1);
    let err = stderr(&o);
    assert!(
        err.starts_with("ERROR: OutOfMemoryError()")
            && err.contains("grow.jl:3")
            && err.contains("memory limit of 96 MiB")
            && err.contains("--memory-limit"),
        "{err}"
    );
    assert!(!err.contains("crashed"), "{err}");
    // Caught, the program goes on, as often as it runs out: arrays, a vector pushed to without
    // end, a vector resized beyond memory, a string doubled, a linked list grown without end.
    env.write(
        "recover.jl",
        "function exhaust(f)\n    try\n        f()\n    catch e\n        e\n    end\nend\n\
         xs = []\n\
         println(exhaust(() -> while true; push!(xs, zeros(100_000)); end))\n\
         n = length(xs); empty!(xs); GC.gc()\n\
         println(n > 10, \" \", length(zeros(1_000_000)))\n\
         v = Int[]\n\
         println(exhaust(() -> while true; push!(v, 1); end))\n\
         v = nothing\n\
         println(exhaust(() -> resize!(Int[], 10^12)))\n\
         s = \"x\"\n\
         println(exhaust(() -> while true; global s = s * s; end))\n\
         s = \"\"\n\
         mutable struct Node\n    next::Any\nend\n\
         function grow_list()\n    head = Node(nothing)\n    while true\n        head = Node(head)\n    end\nend\n\
         println(exhaust(grow_list))\n\
         println(sum(ones(100_000)))\n",
    );
    let o = env.kiln(&["run", "--memory-limit", "96M", "recover.jl"]);
    assert_eq!(
        stdout(&o),
        "OutOfMemoryError()\ntrue 1000000\nOutOfMemoryError()\nOutOfMemoryError()\n\
         OutOfMemoryError()\nOutOfMemoryError()\n100000.0\n",
        "{}",
        stderr(&o)
    );
    assert_status(&o, 0);
    // A limit below what the runtime starts with is said so.
    let o = env.kiln(&["eval", "--memory-limit", "1M", "1"]);
    assert_status(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("memory limit of 1 MiB") && err.contains("to start"),
        "{err}"
    );
}

#[test]
fn cyclic_garbage_far_beyond_the_memory_limit_is_collected() {
    // 100,000 iterations, each leaving two structs in a cycle with 200-element vectors:
    // at least 16 bytes an element, that is over 600 MB of garbage under a 64 MiB cap.
    let env = Env::new();
    env.write(
        "cycles.jl",
        "mutable struct Node\n    data::Vector{Float64}\n    other::Any\nend\n\
         function churn(n)\n    total = 0\n    for i in 1:n\n\
         a = Node(zeros(200), nothing)\n        b = Node(zeros(200), a)\n\
         a.other = b\n        total += length(a.data) + length(b.other.data)\n    end\n\
         total\nend\nprintln(churn(100_000))\n",
    );
    let o = env.kiln(&["run", "--memory-limit", "64M", "cycles.jl"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "40000000\n");
}

#[test]
fn endless_output_hits_the_output_limit() {
    let env = Env::new();
    env.write("yes.jl", "while true\n    println(\"y\")\nend\n");
    let o = env.kiln(&["run", "--max-output", "1K", "yes.jl"]);
    assert_status(&o, 1);
    assert_eq!(o.stdout.len(), 1024);
    assert!(stdout(&o).starts_with("y\ny\n"));
    let err = stderr(&o);
    assert!(
        err.contains("output limit of 1 KiB") && err.contains("--max-output"),
        "{err}"
    );
}

#[test]
fn a_closed_stdout_is_not_a_crash() {
    use std::io::Read as _;
    use std::process::Stdio;
    let env = Env::new();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let o = env.kiln(&[
        "precompile",
        repo.join("examples/Greeter").to_str().unwrap(),
    ]);
    assert_status(&o, 0);
    let image = stdout(&o).trim().to_string();
    // Like `kiln inspect --json IMAGE | head -c 10`: the reader goes away early.
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(["inspect", "--json", &image])
        .env("KILN_DEPOT", env.depot())
        .env("KILN_CACHE", &env.cache)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before kiln writes anything: its write then fails with EPIPE.
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(status.code(), Some(0), "{err}");
}

#[test]
fn includes_resolve_however_the_script_is_named() {
    let env = Env::new();
    env.write("dir/util.jl", "helper() = \"helped\"\n");
    env.write("dir/main.jl", "include(\"util.jl\")\nprintln(helper())\n");
    for name in [
        "dir/main.jl",
        "./dir/main.jl",
        "dir//main.jl",
        "./dir/./main.jl",
    ] {
        let o = env.kiln(&["run", name]);
        assert_status(&o, 0);
        assert_eq!(stdout(&o), "helped\n", "{name}");
    }
}

#[test]
fn an_image_that_does_not_match_the_sources_is_not_used() {
    let env = Env::new();
    env.package("Greeter", GREETER);
    env.write("use.jl", "using Greeter\nGreeter.greet(\"x\")\n");
    let load_path = env.path("pkgs");
    let with_lp = [("KILN_LOAD_PATH", load_path.as_path())];
    // An image of other sources, put where the image of these sources would be.
    let o = env.kiln(&["precompile", "pkgs/Greeter"]);
    assert_status(&o, 0);
    let real_path = PathBuf::from(stdout(&o).trim());
    env.write(
        "pkgs/Greeter/src/Greeter.jl",
        &GREETER.replace("Hello", "STALE"),
    );
    let o = env.kiln(&["precompile", "-o", "stale.kimg", "pkgs/Greeter"]);
    assert_status(&o, 0);
    env.write("pkgs/Greeter/src/Greeter.jl", GREETER);
    fs::copy(env.path("stale.kimg"), &real_path).unwrap();
    let o = env.kiln_with(&["run", "-v", "use.jl"], &with_lp);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "Hello, x!\n", "{}", stderr(&o));
}

#[test]
fn precompile_does_not_overwrite_what_is_not_an_image() {
    let env = Env::new();
    let pkg = env.package("Greeter", GREETER);
    let src = pkg.join("src/Greeter.jl");
    let o = env.kiln(&[
        "precompile",
        "-o",
        src.to_str().unwrap(),
        pkg.to_str().unwrap(),
    ]);
    assert_status(&o, 1);
    assert!(
        stderr(&o).contains("refusing to overwrite"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&src).unwrap(), GREETER);
    // An image is replaced.
    let img = env.path("g.kimg");
    assert_status(
        &env.kiln(&[
            "precompile",
            "-o",
            img.to_str().unwrap(),
            pkg.to_str().unwrap(),
        ]),
        0,
    );
    assert_status(
        &env.kiln(&[
            "precompile",
            "-o",
            img.to_str().unwrap(),
            pkg.to_str().unwrap(),
        ]),
        0,
    );
}

// ---- staleness, image sets, paths (issue 9) --------------------------------------------------

/// A package whose definition reads a file without the `.jl` extension, a hidden file and a file
/// through a symbolic link: each is part of what its image was built from.
#[cfg(unix)]
#[test]
fn an_image_is_stale_when_any_file_its_definition_read_changes() {
    let env = Env::new();
    env.package(
        "Vec2",
        "module Vec2\ninclude(\"extra.inc\")\ninclude(\".hidden.jl\")\ninclude(\"linked.jl\")\nend\n",
    );
    env.write("pkgs/Vec2/src/extra.inc", "const A = 1\n");
    env.write("pkgs/Vec2/src/.hidden.jl", "const B = 1\n");
    env.write("pkgs/Vec2/data/real.jl", "const C = 1\n");
    std::os::unix::fs::symlink("../data/real.jl", env.path("pkgs/Vec2/src/linked.jl")).unwrap();
    env.write("use.jl", "using Vec2\nprintln(Vec2.A, Vec2.B, Vec2.C)\n");
    let load_path = env.path("pkgs");
    let with_lp = [("KILN_LOAD_PATH", load_path.as_path())];
    let run = |expected: &str, from: &str| {
        let o = env.kiln_with(&["run", "-v", "use.jl"], &with_lp);
        assert_status(&o, 0);
        assert_eq!(stdout(&o), expected, "{}", stderr(&o));
        assert!(stderr(&o).contains(from), "{}", stderr(&o));
        stderr(&o)
    };
    assert_status(&env.kiln(&["precompile", "pkgs/Vec2"]), 0);
    run("111\n", "loading `Vec2` from image");
    for (file, text, expected, changed) in [
        (
            "pkgs/Vec2/src/extra.inc",
            "const A = 2\n",
            "211\n",
            "Vec2/src/extra.inc",
        ),
        (
            "pkgs/Vec2/src/.hidden.jl",
            "const B = 2\n",
            "221\n",
            "Vec2/src/.hidden.jl",
        ),
        (
            "pkgs/Vec2/data/real.jl",
            "const C = 2\n",
            "222\n",
            "Vec2/src/linked.jl",
        ),
    ] {
        env.write(file, text);
        let err = run(expected, "loading `Vec2` from source");
        assert!(err.contains(&format!("`{changed}` changed")), "{err}");
        assert_status(&env.kiln(&["precompile", "pkgs/Vec2"]), 0);
        run(expected, "loading `Vec2` from image");
    }
}

#[test]
fn a_file_that_comes_into_existence_makes_the_image_stale() {
    let env = Env::new();
    env.package(
        "Opt",
        "module Opt\nconst X = try\n    include(\"local.jl\")\ncatch\n    0\nend\nend\n",
    );
    env.write("use.jl", "using Opt\nprintln(Opt.X)\n");
    let load_path = env.path("pkgs");
    let with_lp = [("KILN_LOAD_PATH", load_path.as_path())];
    assert_status(&env.kiln(&["precompile", "pkgs/Opt"]), 0);
    let o = env.kiln_with(&["run", "-v", "use.jl"], &with_lp);
    assert_eq!(stdout(&o), "0\n", "{}", stderr(&o));
    assert!(stderr(&o).contains("from image"), "{}", stderr(&o));
    env.write("pkgs/Opt/src/local.jl", "42\n");
    let o = env.kiln_with(&["run", "-v", "use.jl"], &with_lp);
    assert_eq!(stdout(&o), "42\n", "{}", stderr(&o));
    assert!(stderr(&o).contains("from source"), "{}", stderr(&o));
}

/// Two environments with different versions of a dependency each keep their own image of the
/// dependent package; a dependency without an image is precompiled first.
#[test]
fn environments_with_different_dependency_versions_keep_their_own_images() {
    let env = Env::new();
    for (dir, v) in [("v1", 1), ("v2", 2)] {
        env.write(&format!("{dir}/Dep/Project.toml"), "name = \"Dep\"\n");
        env.write(
            &format!("{dir}/Dep/src/Dep.jl"),
            &format!("module Dep\nconst V = {v}\nend\n"),
        );
        env.write(
            &format!("env{v}/Project.toml"),
            &format!(
                "[deps]\nApp = \"1\"\nDep = \"2\"\n\n[sources]\nApp = {{path = \"../pkgs/App\"}}\nDep = {{path = \"../{dir}/Dep\"}}\n"
            ),
        );
    }
    env.package("App", "module App\nusing Dep\nvalue() = Dep.V * 10\nend\n");
    env.write("use.jl", "using App\nprintln(App.value())\n");
    for v in ["env1", "env2"] {
        let o = env.kiln(&["precompile", "--project", v, "pkgs/App"]);
        assert_status(&o, 0);
        assert!(
            stderr(&o).contains("precompiled dependency `Dep` first"),
            "{}",
            stderr(&o)
        );
    }
    for (v, expected) in [("env1", "10\n"), ("env2", "20\n"), ("env1", "10\n")] {
        let o = env.kiln(&["run", "-v", "--project", v, "use.jl"]);
        assert_status(&o, 0);
        assert_eq!(stdout(&o), expected, "{}", stderr(&o));
        for pkg in ["App", "Dep"] {
            assert!(
                stderr(&o).contains(&format!("loading `{pkg}` from image")),
                "{v}: {}",
                stderr(&o)
            );
        }
    }
    let images = |name: &str| {
        fs::read_dir(env.depot().join("compiled/v1").join(name))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().unwrap() == "kimg")
            .count()
    };
    assert_eq!(images("App"), 2);
    assert_eq!(images("Dep"), 2);
}

/// Writing an image cleans its package's directory: old temporary files and orphans go, recent
/// ones stay, and the number of image sets is bounded.
#[test]
fn writing_an_image_cleans_up_old_files() {
    let env = Env::new();
    env.package("Greeter", GREETER);
    let slot = env.depot().join("compiled/v1/Greeter");
    fs::create_dir_all(&slot).unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let put = |name: &str, age: u64| {
        let path = slot.join(name);
        fs::write(&path, name).unwrap();
        let when = hour_ago - std::time::Duration::from_secs(age);
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(when)
            .unwrap();
    };
    put(".old.kimg.1.0.tmp", 0);
    put(&format!("{}.kimg", "0".repeat(64)), 0); // an image without a record (older layout)
    fs::write(slot.join(".fresh.kimg.2.0.tmp"), "in progress").unwrap();
    // Ten older image sets, the first the newest.
    let fake = |i: usize| format!("{i:064}");
    for i in 1..=10 {
        put(&format!("{}.kimg", fake(i)), i as u64);
        put(&format!("{}.json", fake(i)), i as u64);
    }
    let o = env.kiln(&["precompile", "pkgs/Greeter"]);
    assert_status(&o, 0);
    let written = PathBuf::from(stdout(&o).trim());
    let mut left: Vec<String> = fs::read_dir(&slot)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    let mut expected: Vec<String> = vec![".fresh.kimg.2.0.tmp".to_string()];
    let id = written.file_stem().unwrap().to_str().unwrap().to_string();
    expected.push(format!("{id}.kimg"));
    expected.push(format!("{id}.json"));
    for i in 1..kiln::IMAGES_PER_PACKAGE {
        expected.push(format!("{}.kimg", fake(i)));
        expected.push(format!("{}.json", fake(i)));
    }
    expected.sort();
    assert_eq!(left, expected);
}

#[test]
fn concurrent_precompiles_of_one_package_both_succeed() {
    let env = Env::new();
    env.package("Greeter", GREETER);
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_kiln"))
            .args(["precompile", "pkgs/Greeter"])
            .current_dir(env.dir.path())
            .env("KILN_DEPOT", env.depot())
            .env("KILN_CACHE", &env.cache)
            .env_remove("KILN_LOAD_PATH")
            .env_remove("KILN_GUEST_COMPONENT")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert_status(&a, 0);
    assert_status(&b, 0);
    assert_eq!(stdout(&a), stdout(&b));
    let mut left: Vec<String> = fs::read_dir(env.depot().join("compiled/v1/Greeter"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(
        left[0].ends_with(".json") && left[1].ends_with(".kimg"),
        "{left:?}"
    );
    env.write("use.jl", "using Greeter\nGreeter.greet(\"x\")\n");
    let o = env.kiln_with(
        &["run", "-v", "use.jl"],
        &[("KILN_LOAD_PATH", env.path("pkgs").as_path())],
    );
    assert_eq!(stdout(&o), "Hello, x!\n");
    assert!(stderr(&o).contains("from image"), "{}", stderr(&o));
}

/// A file that reads differently every time it is opened (a FIFO fed by the test) is a source
/// that changes while the package is precompiled: no image may be written for it.
#[cfg(target_os = "linux")]
#[test]
fn sources_that_change_during_precompile_give_no_image() {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let env = Env::new();
    env.package("Flux", "module Flux\ninclude(\"part.jl\")\nend\n");
    let fifo = env.path("pkgs/Flux/src/part.jl");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (fifo, stop) = (fifo.clone(), stop.clone());
        std::thread::spawn(move || {
            // Every opening sees other contents. (A reader may see several writes run together
            // if it is slow to reach the end; every write is different, so two reads never agree.)
            for i in 0.. {
                let mut f = fs::File::options().write(true).open(&fifo).unwrap();
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                let _ = f.write_all(format!("X = {i}\n").as_bytes());
            }
        })
    };
    let o = env.kiln(&["precompile", "pkgs/Flux"]);
    stop.store(true, Ordering::SeqCst);
    // Unblock the writer, which waits for a reader.
    const O_NONBLOCK: i32 = 0o4000;
    let _reader = fs::File::options()
        .read(true)
        .custom_flags(O_NONBLOCK)
        .open(&fifo)
        .unwrap();
    writer.join().unwrap();
    assert_status(&o, 1);
    assert!(
        stderr(&o).contains("changed while it was being precompiled")
            && stderr(&o).contains("Flux/src/part.jl"),
        "{}",
        stderr(&o)
    );
    let images = fs::read_dir(env.depot().join("compiled/v1/Flux"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(
        images, 0,
        "a partial or untrusted file was left in the depot"
    );
}

#[test]
fn a_script_in_a_directory_named_like_a_package_includes_its_own_files() {
    let env = Env::new();
    env.package("Vec2", "module Vec2\nname() = \"package\"\nend\n");
    env.write("pkgs/Vec2/helper.jl", "println(\"the package's helper\")\n");
    env.write("Vec2/helper.jl", "println(\"the script's helper\")\n");
    env.write(
        "Vec2/main.jl",
        "using Vec2\ninclude(\"helper.jl\")\nprintln(Vec2.name())\n",
    );
    let load_path = env.path("pkgs");
    for script in ["Vec2/main.jl", "./Vec2/main.jl"] {
        let o = env.kiln_with(&["run", script], &[("KILN_LOAD_PATH", load_path.as_path())]);
        assert_status(&o, 0);
        assert_eq!(stdout(&o), "the script's helper\npackage\n");
    }
    // Errors still show the script's path as it was given.
    env.write("Vec2/fail.jl", "using Vec2\nerror(\"boom\")\n");
    let o = env.kiln_with(
        &["run", "Vec2/fail.jl"],
        &[("KILN_LOAD_PATH", load_path.as_path())],
    );
    assert_status(&o, 1);
    assert!(stderr(&o).contains("Vec2/fail.jl:2"), "{}", stderr(&o));
}

/// As in Julia, a script reached through a symbolic link runs, and includes files relative to the
/// link's directory (JuliaLang/julia#45318).
#[cfg(unix)]
#[test]
fn a_script_reached_through_a_symlink_runs() {
    let env = Env::new();
    env.write("real/main.jl", "include(\"util.jl\")\n");
    env.write("real/util.jl", "println(\"beside the target\")\n");
    env.write("bin/util.jl", "println(\"beside the link\")\n");
    std::os::unix::fs::symlink("../real/main.jl", env.path("bin/run.jl")).unwrap();
    let o = env.kiln(&["run", "bin/run.jl"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "beside the link\n");
    // Links inside the script's directory that point out of it are still refused.
    std::os::unix::fs::symlink("../real/util.jl", env.path("bin/out.jl")).unwrap();
    env.write("bin/escape.jl", "include(\"out.jl\")\n");
    let o = env.kiln(&["run", "bin/escape.jl"]);
    assert_status(&o, 1);
}

#[test]
fn a_package_written_for_precompile_tools_builds_unmodified() {
    let env = Env::new();
    let pkg = repo().join("tests/packages/Sketch");
    let script = pkg.join("main.jl");
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "--trace-compile", "--project", pkg.to_str().unwrap()];
        args.extend_from_slice(extra);
        args.push(script.to_str().unwrap());
        env.kiln(&args)
    };
    // What the script prints: the workload's mutations never reach it.
    let expected = "0 String[]\npentagon has 5 sides\n8 9.0\n1 [\"pentagon\"]\n";
    let describe = "precompile(Tuple{typeof(Sketch.describe), Sketch.Shape})";
    let perimeter = "precompile(Tuple{typeof(Sketch.perimeter), Sketch.Shape, Float64})";

    // From source the @setup_workload/@compile_workload blocks do not run (Julia runs them only
    // while precompiling): nothing is printed by them and everything is compiled here.
    let o = run(&["--no-precompile"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), expected);
    assert!(!stderr(&o).contains("workload total"), "{}", stderr(&o));
    assert!(stderr(&o).contains(describe), "{}", stderr(&o));

    // Precompiling runs both blocks, in order, after the module is closed; the inner
    // @compile_workload runs inside the setup block, with its variables.
    let o = env.kiln(&["precompile", "-v", pkg.to_str().unwrap()]);
    assert_status(&o, 0);
    assert!(
        stderr(&o).contains("workload total: 14\n"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("0 rejected"), "{}", stderr(&o));

    // With the image, what the blocks compiled is not compiled again.
    let o = run(&[]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), expected);
    let err = stderr(&o);
    assert!(!err.contains(describe) && !err.contains(perimeter), "{err}");
}

#[test]
fn a_task_kept_in_a_global_is_refused_naming_the_global() {
    let env = Env::new();
    let pkg = repo().join("tests/packages/OldStyle");
    let out = env.path("OldStyle.kimg");
    let o = env.kiln(&[
        "precompile",
        "-o",
        out.to_str().unwrap(),
        pkg.to_str().unwrap(),
    ]);
    assert_status(&o, 1);
    assert_eq!(
        stderr(&o),
        "ERROR: `OldStyle.WORKER` holds a Task, which cannot be stored in a package image: \
         create it in __init__ or move the workload to Base.precompilation\n"
    );
    assert!(!out.exists());
    // The same for an open stream, and for a global nested deeper than an image may be.
    env.package("Streams", "module Streams\nconst LOG = IOBuffer()\nend\n");
    let o = env.kiln(&["precompile", "pkgs/Streams"]);
    assert_status(&o, 1);
    assert!(
        stderr(&o).contains("`Streams.LOG` holds an IOBuffer, which cannot be stored in a package image: open it in __init__"),
        "{}",
        stderr(&o)
    );
    env.package(
        "Deep",
        "module Deep\nmutable struct Node\n    next::Any\nend\nconst CHAIN = let n = Node(nothing)\n    for _ in 1:5000\n        n = Node(n)\n    end\n    n\nend\nend\n",
    );
    let o = env.kiln(&["precompile", "pkgs/Deep"]);
    assert_status(&o, 1);
    assert!(
        stderr(&o).contains("`Deep.CHAIN` is nested too deeply to be stored in a package image"),
        "{}",
        stderr(&o)
    );
    // 200 levels are fine, and load.
    env.package(
        "Shallow",
        "module Shallow\nmutable struct Node\n    next::Any\nend\nconst CHAIN = let n = Node(nothing)\n    for _ in 1:200\n        n = Node(n)\n    end\n    n\nend\ndepth(n) = n === nothing ? 0 : 1 + depth(n.next)\nend\n",
    );
    assert_status(&env.kiln(&["precompile", "pkgs/Shallow"]), 0);
    env.write(
        "deep.jl",
        "using Shallow\nprintln(Shallow.depth(Shallow.CHAIN))\n",
    );
    let o = env.kiln_with(
        &["run", "-v", "deep.jl"],
        &[("KILN_LOAD_PATH", env.path("pkgs").as_path())],
    );
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "201\n");
    assert!(stderr(&o).contains("from image"), "{}", stderr(&o));
}

#[test]
fn precompile_json_reports_own_external_and_rejected_instances() {
    let env = Env::new();
    let json = |pkg: &str| -> serde_json::Value {
        let dir = repo().join("tests/packages").join(pkg);
        let out = env.path(&format!("{pkg}.kimg"));
        let o = env.kiln(&[
            "precompile",
            "--json",
            "-o",
            out.to_str().unwrap(),
            dir.to_str().unwrap(),
        ]);
        assert_status(&o, 0);
        serde_json::from_slice(&o.stdout).expect("stdout is one JSON document")
    };
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let r = json("Sketch");
    assert_eq!(r["package"], "Sketch");
    assert_eq!(r["has_workload"], true);
    assert_eq!(r["tasks_left"], 0);
    assert!(r["image_size"].as_u64().unwrap() > 0);
    let own = strings(&r["method_instances"]["own"]);
    let external = strings(&r["method_instances"]["external"]);
    assert!(
        own.contains(&"Sketch.describe(::Sketch.Shape)".to_string()),
        "{own:?}"
    );
    assert!(
        own.contains(&"Sketch.perimeter(::Sketch.Shape, ::Float64)".to_string()),
        "{own:?}"
    );
    assert!(
        external.contains(&"push!(::Vector{String}, ::String)".to_string()),
        "{external:?}"
    );
    assert!(
        external.contains(&"sort(::Vector{Sketch.Shape})".to_string()),
        "{external:?}"
    );
    assert!(own.iter().all(|n| !external.contains(n)));
    assert_eq!(r["method_instances"]["rejected"], serde_json::json!([]));
    let steps: Vec<&str> = r["steps_ms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    for step in [
        "define",
        "snapshot",
        "clone",
        "__init__",
        "workload",
        "export",
        "import",
        "serialize",
    ] {
        assert!(steps.contains(&step), "{steps:?}");
    }

    // Rejections come with their reasons.
    let r = json("Leaky");
    let rejected = r["method_instances"]["rejected"].as_array().unwrap();
    let weight = rejected
        .iter()
        .find(|x| x["name"] == "Leaky.weight(::Temporary)")
        .expect("Leaky.weight(::Temporary) rejected");
    assert!(
        weight["reason"]
            .as_str()
            .unwrap()
            .contains("depends on type `Temporary`"),
        "{weight}"
    );
}

#[test]
fn a_package_reading_the_clock_while_defined_images_reproducibly() {
    let env = Env::new();
    env.package(
        "Stamp",
        "module Stamp\nconst BUILT = time()\nconst TICK = time_ns()\nend\n\nBase.precompilation(Stamp) do\n    println(stderr, \"workload at \", time() > Stamp.BUILT)\nend\n",
    );
    let o = env.kiln(&["precompile", "--check-reproducible", "pkgs/Stamp"]);
    assert_status(&o, 0);
    assert!(stderr(&o).contains("byte-identical"), "{}", stderr(&o));
    assert!(stderr(&o).contains("workload at true"), "{}", stderr(&o));
    // The image holds the deterministic clock's time (2000-01-01T00:00:00 UTC and a few
    // milliseconds); a run sees the host's.
    env.write(
        "stamp.jl",
        "using Stamp\nprintln(946684800 < Stamp.BUILT < 946684801, \" \", Stamp.TICK < 10^9)\nprintln(time() > 1.7e9)\n",
    );
    let o = env.kiln_with(
        &["run", "stamp.jl"],
        &[("KILN_LOAD_PATH", env.path("pkgs").as_path())],
    );
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "true true\ntrue\n");
}

#[test]
fn a_workload_that_leaves_tasks_timers_and_open_io_behind_still_builds() {
    let env = Env::new();
    let pkg = repo().join("tests/packages/Dangling");
    let started = std::time::Instant::now();
    let o = env.kiln(&["precompile", "--timeout", "60", pkg.to_str().unwrap()]);
    assert_status(&o, 0);
    // Prompt: nothing waits for the spinning task, the 1000 s timer or the blocked take!.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert!(
        stderr(&o)
            .contains("the workload left 4 tasks unfinished; they were discarded with the clone"),
        "{}",
        stderr(&o)
    );
    // The image holds the module as it was closed: an empty channel, nobody waiting on it.
    env.write(
        "use.jl",
        "using Dangling\nprintln(Dangling.work(3), \" \", isready(Dangling.INBOX), \" \", length(Dangling.INBOX.cond_take.waitq))\n",
    );
    let o = env.kiln(&["run", "-v", "--project", pkg.to_str().unwrap(), "use.jl"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "6 false 0\n");
    assert!(stderr(&o).contains("from image"), "{}", stderr(&o));
}

#[test]
fn an_image_is_stale_when_a_variable_read_while_defined_changes() {
    let env = Env::new();
    env.package(
        "Moded",
        "module Moded\nconst MODE = get(ENV, \"KILN_TEST_MODE\", \"default\")\nconst LISTED = length(keys(ENV))\nend\n",
    );
    env.write(
        "mode.jl",
        "using Moded\nprintln(Moded.MODE, \" \", Moded.LISTED)\n",
    );
    let pkgs = env.path("pkgs");
    let run = |mode: Option<&str>, granted: bool, expected: &str, from: &str| {
        let mut args = vec!["run", "-v"];
        if granted {
            args.extend(["--allow-env", "KILN_TEST_MODE"]);
        }
        args.push("mode.jl");
        let mut vars: Vec<(&str, &Path)> = vec![("KILN_LOAD_PATH", pkgs.as_path())];
        if let Some(m) = mode {
            vars.push(("KILN_TEST_MODE", Path::new(m)));
        }
        let o = env.kiln_with(&args, &vars);
        assert_status(&o, 0);
        assert_eq!(stdout(&o), expected);
        assert!(stderr(&o).contains(from), "{}", stderr(&o));
        stderr(&o)
    };
    // Built with the variable granted and set: the image holds its value and the listing.
    let o = env.kiln_with(
        &["precompile", "--allow-env", "KILN_TEST_MODE", "pkgs/Moded"],
        &[("KILN_TEST_MODE", Path::new("fast"))],
    );
    assert_status(&o, 0);
    run(Some("fast"), true, "fast 1\n", "loading `Moded` from image");
    // Another value, or the variable no longer granted: the image is not used.
    let err = run(
        Some("slow"),
        true,
        "slow 1\n",
        "loading `Moded` from source",
    );
    assert!(
        err.contains("environment variable `KILN_TEST_MODE` changed"),
        "{err}"
    );
    run(
        Some("fast"),
        false,
        "default 0\n",
        "loading `Moded` from source",
    );
    // The first value again: the image is good again.
    run(Some("fast"), true, "fast 1\n", "loading `Moded` from image");
}

#[test]
fn call_depth_and_live_tasks_have_limits_with_flags() {
    let env = Env::new();
    env.write(
        "lim.jl",
        "f(n) = n == 0 ? 0 : 1 + f(n - 1)\nprintln(f(900))\n\
         try\n    f(2000)\ncatch e\n    println(e)\nend\n\
         ts = Task[]\ntry\n    for i in 1:200\n        push!(ts, @async wait(Condition()))\n    end\n\
         catch e\n    println(sprint(showerror, e))\nend\nprintln(length(ts))\n",
    );
    let o = env.kiln(&["run", "--max-depth", "1000", "--max-tasks", "100", "lim.jl"]);
    assert_status(&o, 0);
    assert_eq!(
        stdout(&o),
        "900\nStackOverflowError()\ncannot create a task: 100 tasks are alive, the most this \
         session allows (kiln's --max-tasks)\n99\n"
    );
    // The defaults allow both.
    let o = env.kiln(&["run", "lim.jl"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "900\n200\n");
}

#[test]
fn code_a_workload_evals_into_the_package_is_rejected_and_the_original_method_kept() {
    let env = Env::new();
    let pkg = repo().join("tests/packages/Evaled");
    let o = env.kiln(&["precompile", "--json", pkg.to_str().unwrap()]);
    assert_status(&o, 0);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    let rejected: Vec<(String, String)> = r["method_instances"]["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["name"].as_str().unwrap().to_string(),
                x["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let reason = |name: &str| -> &str {
        rejected
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.as_str())
            .unwrap_or_else(|| panic!("{name} is not rejected: {rejected:?}"))
    };
    // The type the workload evaluated into the package, and the methods that take it.
    assert!(
        reason("Evaled.area(::Evaled.Circle)").contains("`Circle`"),
        "{rejected:?}"
    );
    assert!(
        reason("Evaled.describe(::Evaled.Circle)").contains("`Circle`"),
        "{rejected:?}"
    );
    // The redefinition of `scale(::Number)`: the untouched session has the original method.
    assert!(
        reason("Evaled.scale(::Float64)").contains("scale"),
        "{rejected:?}"
    );
    // Each rejection is on stderr too, with its reason.
    for (name, why) in &rejected {
        assert!(
            stderr(&o).contains(&format!(
                "`{name}` was compiled by the workload but is not in the image: {why}"
            )),
            "{}",
            stderr(&o)
        );
    }
    // What the package's own code compiled with its own types is kept.
    let own: Vec<&str> = r["method_instances"]["own"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(own.contains(&"Evaled.describe(::Evaled.Square)"), "{own:?}");
    assert!(own.contains(&"Evaled.scale(::Int64)"), "{own:?}");

    // The image holds the package as it was closed: the original `scale`, no `Circle`.
    env.write(
        "use.jl",
        "using Evaled\nprintln(Evaled.scale(3), \" \", Evaled.scale(1.5))\nprintln(Evaled.describe(Evaled.Square(3.0)))\nprintln(isdefined(Evaled, :Circle))\n",
    );
    let o = env.kiln(&[
        "run",
        "-v",
        "--trace-compile",
        "--project",
        pkg.to_str().unwrap(),
        "use.jl",
    ]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "6 3.0\na shape of area 9.0\nfalse\n");
    let err = stderr(&o);
    assert!(err.contains("from image"), "{err}");
    // Kept instances are not compiled again; the rejected one is.
    assert!(
        !err.contains("precompile(Tuple{typeof(Evaled.scale), Int64})"),
        "{err}"
    );
    assert!(
        err.contains("precompile(Tuple{typeof(Evaled.scale), Float64})"),
        "{err}"
    );
}

#[test]
fn a_method_of_a_later_package_discards_exactly_the_instances_it_invalidates() {
    let env = Env::new();
    let packages = repo().join("tests/packages");
    env.write(
        "app/Project.toml",
        &format!(
            "[deps]\nGeom = \"6a1e0a4e-5c1f-4b8e-9d0e-000000000006\"\nGeomArea = \"6a1e0a4e-5c1f-4b8e-9d0e-000000000007\"\n\n[sources]\nGeom = {{path = \"{0}/Geom\"}}\nGeomArea = {{path = \"{0}/GeomArea\"}}\n",
            packages.display()
        ),
    );
    let o = env.kiln(&["precompile", "app"]);
    assert_status(&o, 0);
    let run = |script: &str| {
        env.write("s.jl", script);
        let o = env.kiln(&["run", "-v", "--trace-compile", "--project", "app", "s.jl"]);
        assert_status(&o, 0);
        (stdout(&o), stderr(&o))
    };
    let describe = "precompile(Tuple{typeof(Geom.describe), Geom.Square})";
    let perimeter = "precompile(Tuple{typeof(Geom.perimeter), Geom.Square})";
    let calls =
        "println(Geom.describe(Geom.Square(3.0)))\nprintln(Geom.perimeter(Geom.Square(3.0)))\n";

    // Geom alone: its image's instances serve both calls; nothing is compiled for them.
    let (out, err) = run(&format!("using Geom\n{calls}"));
    assert_eq!(out, "area 0.0\n12.0\n");
    assert!(err.contains("loading `Geom` from image"), "{err}");
    assert!(!err.contains(describe) && !err.contains(perimeter), "{err}");

    // With GeomArea, `describe(::Square)` relied on `area(::Square)` choosing the fallback:
    // it is discarded and compiled again, and the result is GeomArea's. `perimeter(::Square)`
    // relied on nothing GeomArea changed and is still taken from the image.
    let (out, err) = run(&format!("using Geom, GeomArea\n{calls}"));
    assert_eq!(out, "area 9.0\n12.0\n");
    assert!(err.contains("loading `GeomArea` from image"), "{err}");
    assert!(err.contains(describe), "{err}");
    assert!(!err.contains(perimeter), "{err}");
}

#[test]
fn a_workload_that_never_ends_is_stopped_at_the_time_limit() {
    let env = Env::new();
    let pkg = repo().join("tests/packages/Endless");
    let out = env.path("Endless.kimg");
    let args = |extra: &[&'static str]| -> Vec<String> {
        let mut a: Vec<String> = ["precompile", "--timeout", "1", "-o"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        a.push(out.to_str().unwrap().into());
        a.extend(extra.iter().map(|s| s.to_string()));
        a.push(pkg.to_str().unwrap().into());
        a
    };
    let o = env.kiln(&args(&[]).iter().map(String::as_str).collect::<Vec<_>>());
    assert_status(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("ran out of time while running the precompilation workload of `Endless`: its time limit is 1 s")
            && err.contains("--timeout"),
        "{err}"
    );
    assert!(!out.exists());

    let o = env.kiln(
        &args(&["--keep-going"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_status(&o, 0);
    let err = stderr(&o);
    assert!(
        err.contains("ran out of time while running the precompilation workload of `Endless`")
            && err.contains("without the workload's method instances"),
        "{err}"
    );
    let o = env.kiln(&["inspect", out.to_str().unwrap()]);
    assert_status(&o, 0);
    assert!(!stdout(&o).contains("step(::Int64)"), "{}", stdout(&o));
}

#[test]
fn a_workload_that_allocates_without_bound_is_stopped_at_the_memory_limit() {
    let env = Env::new();
    let pkg = repo().join("tests/packages/Hungry");
    let out = env.path("Hungry.kimg");
    let (out_s, pkg_s) = (out.to_str().unwrap(), pkg.to_str().unwrap());
    let o = env.kiln(&["precompile", "--memory-limit", "128M", "-o", out_s, pkg_s]);
    assert_status(&o, 1);
    let err = stderr(&o);
    // The workload gets Julia's `OutOfMemoryError` (it could catch it); uncaught, it fails the
    // build, naming the limit it met.
    assert!(
        err.contains("the precompilation workload of Hungry failed: OutOfMemoryError()")
            && err.contains("the program reached the memory limit of 128 MiB")
            && err.contains("--memory-limit"),
        "{err}"
    );
    assert!(!out.exists());

    let o = env.kiln(&[
        "precompile",
        "--memory-limit",
        "128M",
        "--keep-going",
        "-o",
        out_s,
        pkg_s,
    ]);
    assert_status(&o, 0);
    assert!(
        stderr(&o).contains("without the workload's method instances"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o).trim(), out_s);
    env.write("use.jl", "using Hungry\nprintln(length(Hungry.chunk(3)))\n");
    let o = env.kiln(&["run", "-v", "--project", pkg_s, "use.jl"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "3\n");
}

#[test]
fn precompiling_an_environment_builds_its_graph_dependencies_first() {
    let env = Env::new();
    let dir = repo().join("tests/packages/Diamond");
    let dir_s = dir.to_str().unwrap();
    let o = env.kiln(&["precompile", "-j", "2", dir_s]);
    assert_status(&o, 0);
    // Not a terminal: plain lines, in graph order whatever order the builds finished in.
    assert_eq!(
        stderr(&o),
        "Precompiling project...\n  \u{2713} Root\n  \u{2713} Left\n  \u{2713} Right\n  \u{2713} Top\n  4 dependencies successfully precompiled.\n"
    );
    let images: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert_eq!(images.len(), 4, "{images:?}");
    for (image, name) in images.iter().zip(["Root", "Left", "Right", "Top"]) {
        assert!(
            Path::new(image).starts_with(env.depot().join("compiled/v1").join(name)),
            "{image}"
        );
    }
    // Everything is up to date: nothing is built again.
    let o = env.kiln(&["precompile", dir_s]);
    assert_status(&o, 0);
    assert_eq!(
        stderr(&o),
        "Precompiling project...\n  0 dependencies successfully precompiled. 4 already precompiled.\n"
    );
    env.write("top.jl", "using Top\nprintln(Top.top(1))\n");
    let o = env.kiln(&["run", "-v", "--project", dir_s, "top.jl"]);
    assert_status(&o, 0);
    assert_eq!(stdout(&o), "(4, -1)\n");
    for name in ["Root", "Left", "Right", "Top"] {
        assert!(
            stderr(&o).contains(&format!("loading `{name}` from image")),
            "{}",
            stderr(&o)
        );
    }
    // JSON: the reports in graph order.
    let o = env.kiln(&["precompile", "--json", dir_s]);
    assert_status(&o, 0);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = r["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["package"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Root", "Left", "Right", "Top"]);
}

#[test]
fn a_failing_package_of_an_environment_skips_its_dependents() {
    let env = Env::new();
    env.package("Base1", "module Base1\nf() = 1\nend\n");
    env.package(
        "Broken",
        "module Broken\nusing Base1\nf() = error(\"no\")\nconst X = f()\nend\n",
    );
    env.package("Above", "module Above\nusing Broken\nend\n");
    env.write(
        "pkgs/Broken/Project.toml",
        "name = \"Broken\"\n\n[deps]\nBase1 = \"7c0b5b7e-0000-4000-8000-000000000001\"\n",
    );
    env.write(
        "pkgs/Above/Project.toml",
        "name = \"Above\"\n\n[deps]\nBroken = \"7c0b5b7e-0000-4000-8000-000000000001\"\n",
    );
    env.write(
        "app/Project.toml",
        "[deps]\nAbove = \"7c0b5b7e-0000-4000-8000-000000000001\"\nBase1 = \"7c0b5b7e-0000-4000-8000-000000000001\"\nBroken = \"7c0b5b7e-0000-4000-8000-000000000001\"\n\n[sources]\nAbove = {path = \"../pkgs/Above\"}\nBase1 = {path = \"../pkgs/Base1\"}\nBroken = {path = \"../pkgs/Broken\"}\n",
    );
    let o = env.kiln(&["precompile", "app"]);
    assert_status(&o, 1);
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "Precompiling project...\n  \u{2713} Base1\n  \u{2717} Broken\n  \u{2717} Above (its dependency `Broken` failed)\n  1 dependency successfully precompiled.\n  2 dependencies errored.\n"
        ),
        "{err}"
    );
    assert!(err.contains("ERROR: no"), "{err}");
}

#[test]
fn an_environment_rebuilds_a_package_only_when_a_variable_it_read_changed() {
    let env = Env::new();
    env.write(
        "envdir/Project.toml",
        "[deps]\nModed = \"7c0b5b7e-0000-4000-8000-000000000002\"\n\n[sources]\nModed = {path = \"Moded\"}\n",
    );
    env.write(
        "envdir/Moded/Project.toml",
        "name = \"Moded\"\nuuid = \"7c0b5b7e-0000-4000-8000-000000000002\"\nversion = \"0.1.0\"\n",
    );
    env.write(
        "envdir/Moded/src/Moded.jl",
        "module Moded\nconst MODE = get(ENV, \"KILN_TEST_MODE\", \"default\")\nend\n",
    );
    let dir = env.path("envdir");
    let build = |mode: &str| {
        let o = env.kiln_with(
            &[
                "precompile",
                "--allow-env",
                "KILN_TEST_MODE",
                dir.to_str().unwrap(),
            ],
            &[("KILN_TEST_MODE", Path::new(mode))],
        );
        assert_status(&o, 0);
        stderr(&o)
    };
    let built = "1 dependency successfully precompiled.";
    assert!(build("fast").contains(built));
    let err = build("fast");
    assert!(err.contains("1 already precompiled"), "{err}");
    assert!(build("slow").contains(built));
}
