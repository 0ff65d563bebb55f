//! The program's file system, environment and standard input: the `host` imports `read-file`,
//! `write-file`, `path-info`, `read-dir`, `make-dir`, `remove-path`, `get-env`, `env-names`,
//! `working-dir` and `read-stdin`, confined to what the user granted.
//!
//! A program reaches, for reading, its own files (the script's directory, a loaded package's
//! directory by its virtual path `Name/…`) and the directories of `--allow-read`; for reading and
//! writing, the directories of `--allow-write`; nothing else. Every granted directory is opened
//! once as a `cap_std::fs::Dir` and every request goes through it, so `..`, absolute symbolic
//! links and links that lead outside cannot escape it. A relative path is taken from kiln's
//! working directory, as Julia takes it from the process's. Environment variables are visible
//! only when named by `--allow-env`; setting one in the program changes only what the program
//! sees. There is no network, process spawning or `ccall`: the runtime has no import for them.

use std::io::{Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use cap_std::fs::{Dir, OpenOptions};

use crate::Error;
use crate::bindings::{FsError, FsErrorKind, PathInfo};
use crate::sandbox::Roots;

/// What a program may reach beyond its own files: directories to read, directories to read and
/// write, and environment variables (`--allow-read`, `--allow-write`, `--allow-env`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grants {
    pub read: Vec<PathBuf>,
    pub write: Vec<PathBuf>,
    pub env: Vec<String>,
}

impl Grants {
    /// The granted environment variables that are set, with their values, sorted by name: the
    /// whole environment a program sees.
    pub(crate) fn environment(&self) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = self
            .env
            .iter()
            .filter_map(|name| Some((name.clone(), std::env::var(name).ok()?)))
            .collect();
        env.sort();
        env.dedup_by(|a, b| a.0 == b.0);
        env
    }
}

/// Where a program's standard input comes from.
#[derive(Clone, Debug, Default)]
pub struct Input(InputKind);

#[derive(Clone, Debug, Default)]
enum InputKind {
    /// An empty input (the default; always while precompiling).
    #[default]
    Empty,
    /// The process's standard input.
    Stdin,
    /// Fixed bytes, read from the front.
    Bytes(Arc<Mutex<std::collections::VecDeque<u8>>>),
}

impl Input {
    /// No input: the program reads the end at once.
    #[must_use]
    pub fn empty() -> Input {
        Input(InputKind::Empty)
    }

    /// The process's standard input.
    #[must_use]
    pub fn stdin() -> Input {
        Input(InputKind::Stdin)
    }

    /// These bytes.
    #[must_use]
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Input {
        Input(InputKind::Bytes(Arc::new(Mutex::new(bytes.into().into()))))
    }

    /// Up to `max` bytes; empty at the end (or when the process's input fails).
    pub(crate) fn read(&self, max: usize) -> Vec<u8> {
        match &self.0 {
            InputKind::Empty => Vec::new(),
            InputKind::Stdin => {
                let mut buf = vec![0; max.min(1 << 20)];
                let n = std::io::stdin().lock().read(&mut buf).unwrap_or(0);
                buf.truncate(n);
                buf
            }
            InputKind::Bytes(b) => {
                let mut b = b.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let n = max.min(b.len());
                b.drain(..n).collect()
            }
        }
    }
}

/// A directory granted by the user, opened.
#[derive(Clone, Debug)]
struct Granted {
    /// Its absolute path, lexically normalized (what program paths are matched against).
    path: PathBuf,
    dir: Arc<Dir>,
    write: bool,
}

/// The file system and environment one runtime instance sees.
#[derive(Clone, Debug, Default)]
pub(crate) struct FileSystem {
    granted: Vec<Granted>,
    /// The granted environment variables that are set, sorted by name.
    env: Vec<(String, String)>,
    cwd: PathBuf,
    pub(crate) stdin: Input,
}

impl FileSystem {
    /// Opens every granted directory. A directory that cannot be opened is an error naming the
    /// flag.
    pub(crate) fn new(grants: &Grants, stdin: Input) -> Result<FileSystem, Error> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let mut granted = Vec::new();
        for (dirs, write, flag) in [
            (&grants.read, false, "--allow-read"),
            (&grants.write, true, "--allow-write"),
        ] {
            for d in dirs {
                let dir =
                    Dir::open_ambient_dir(d, cap_std::ambient_authority()).map_err(|source| {
                        Error::Io {
                            path: d.clone(),
                            action: flag,
                            source,
                        }
                    })?;
                granted.push(Granted {
                    path: normalize(&cwd.join(d)),
                    dir: Arc::new(dir),
                    write,
                });
            }
        }
        Ok(FileSystem {
            granted,
            env: grants.environment(),
            cwd,
            stdin,
        })
    }

    /// The same grants with an empty standard input (for a clone of a session).
    pub(crate) fn without_input(&self) -> FileSystem {
        FileSystem {
            stdin: Input::empty(),
            ..self.clone()
        }
    }

    pub(crate) fn get_env(&self, name: &str) -> Option<String> {
        self.env
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    pub(crate) fn env_names(&self) -> Vec<String> {
        self.env.iter().map(|(k, _)| k.clone()).collect()
    }

    pub(crate) fn working_dir(&self) -> String {
        self.cwd.to_string_lossy().into_owned()
    }

    /// The granted directory that holds `path` and the path inside it: a package's virtual
    /// path through its root (read only), else the longest granted directory containing the
    /// path made absolute (the script's directory read only, `--allow-write` ones for writing).
    fn locate(
        &self,
        roots: &Roots,
        path: &str,
        write: bool,
    ) -> Result<(Arc<Dir>, PathBuf), FsError> {
        if path.is_empty() || path.contains('\0') {
            return Err(fs_error(FsErrorKind::NotFound, "empty path"));
        }
        if !write && !path.starts_with('/') {
            if let Some((dir, rel)) = roots.package_file(&crate::sandbox::normalize(path)) {
                return Ok((dir, rel));
            }
        }
        let absolute = normalize(&self.cwd.join(path));
        let user = self
            .granted
            .iter()
            .filter(|g| (g.write || !write) && absolute.starts_with(&g.path))
            .map(|g| (g.path.clone(), g.dir.clone()));
        let own = roots
            .script_dirs()
            .filter(|_| !write)
            .filter(|(p, _)| absolute.starts_with(p));
        let Some((base, dir)) = user.chain(own).max_by_key(|(p, _)| p.components().count()) else {
            let (what, flag) = if write {
                ("write", "--allow-write")
            } else {
                ("read", "--allow-read")
            };
            return Err(fs_error(
                FsErrorKind::Denied,
                &format!(
                    "kiln was not granted {what} access to {}; {flag} DIR grants a directory",
                    absolute.display()
                ),
            ));
        };
        let rel = absolute
            .strip_prefix(&base)
            .map_or_else(|_| PathBuf::from("."), Path::to_path_buf);
        let rel = if rel.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            rel
        };
        Ok((dir, rel))
    }

    pub(crate) fn read_file(&self, roots: &Roots, path: &str) -> Result<Vec<u8>, FsError> {
        let (dir, rel) = self.locate(roots, path, false)?;
        let mut f = dir.open(&rel).map_err(|e| io_error(&e, path))?;
        if f.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(fs_error(FsErrorKind::IsDirectory, "is a directory"));
        }
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).map_err(|e| io_error(&e, path))?;
        Ok(bytes)
    }

    pub(crate) fn write_file(
        &self,
        roots: &Roots,
        path: &str,
        bytes: &[u8],
        append: bool,
    ) -> Result<(), FsError> {
        let (dir, rel) = self.locate(roots, path, true)?;
        let mut options = OpenOptions::new();
        options.create(true).write(true);
        if append {
            options.append(true);
        } else {
            options.truncate(true);
        }
        let mut f = dir
            .open_with(&rel, &options)
            .map_err(|e| io_error(&e, path))?;
        f.write_all(bytes).map_err(|e| io_error(&e, path))
    }

    pub(crate) fn path_info(&self, roots: &Roots, path: &str) -> Result<Option<PathInfo>, FsError> {
        let (dir, rel) = self.locate(roots, path, false)?;
        match dir.metadata(&rel) {
            Ok(m) => Ok(Some(PathInfo {
                is_dir: m.is_dir(),
                size: m.len(),
            })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error(&e, path)),
        }
    }

    pub(crate) fn read_dir(&self, roots: &Roots, path: &str) -> Result<Vec<String>, FsError> {
        let (dir, rel) = self.locate(roots, path, false)?;
        let entries = dir.read_dir(&rel).map_err(|e| io_error(&e, path))?;
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| io_error(&e, path))?;
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        Ok(names)
    }

    pub(crate) fn make_dir(&self, roots: &Roots, path: &str) -> Result<(), FsError> {
        let (dir, rel) = self.locate(roots, path, true)?;
        dir.create_dir(&rel).map_err(|e| io_error(&e, path))
    }

    pub(crate) fn remove(&self, roots: &Roots, path: &str, recursive: bool) -> Result<(), FsError> {
        let (dir, rel) = self.locate(roots, path, true)?;
        if rel == Path::new(".") {
            return Err(fs_error(
                FsErrorKind::Denied,
                "kiln does not remove a granted directory itself",
            ));
        }
        let r = match dir.symlink_metadata(&rel) {
            Ok(m) if m.is_dir() && recursive => dir.remove_dir_all(&rel),
            Ok(m) if m.is_dir() => dir.remove_dir(&rel),
            _ => dir.remove_file(&rel),
        };
        r.map_err(|e| io_error(&e, path))
    }
}

fn fs_error(kind: FsErrorKind, message: &str) -> FsError {
    FsError {
        kind,
        message: message.to_string(),
    }
}

/// An OS error as the runtime reports it; cap-std's refusal to leave a granted directory (a
/// symbolic link pointing out of it) is a denial.
fn io_error(e: &std::io::Error, path: &str) -> FsError {
    use std::io::ErrorKind as K;
    let kind = match e.kind() {
        K::NotFound => FsErrorKind::NotFound,
        K::PermissionDenied => FsErrorKind::Denied,
        K::AlreadyExists => FsErrorKind::Exists,
        K::IsADirectory => FsErrorKind::IsDirectory,
        K::NotADirectory => FsErrorKind::NotDirectory,
        K::DirectoryNotEmpty => FsErrorKind::NotEmpty,
        _ => FsErrorKind::Other,
    };
    let message = if kind == FsErrorKind::Denied {
        format!("{path} leads outside the directories kiln granted, or the system refused: {e}")
    } else {
        e.to_string()
    };
    FsError { kind, message }
}

/// `path` with `.` dropped and `..` applied lexically (a `..` above the root stays at the root).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
