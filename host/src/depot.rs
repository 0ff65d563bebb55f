//! Package discovery and the depot of package images: what `using Name` finds, the content hash
//! of a package's sources, and where its image lives.
//!
//! `using Name` searches, in order:
//! 1. the active project (`--project DIR`), which is either the package `Name` itself (its
//!    `Project.toml` says `name = "Name"` and `src/Name.jl` exists) or an environment whose
//!    `Project.toml` lists `Name` under `[deps]` and gives `[sources] Name = {path = "..."}`,
//!    relative to the project directory (as in Julia 1.11);
//! 2. each directory of the load path (`KILN_LOAD_PATH`), which holds package directories
//!    `Name/src/Name.jl`.
//!
//! Nothing else is searched: not the current directory, not the parent of a package being
//! precompiled.
//!
//! The source hash is SHA-256 over the package's `Project.toml` and every `.jl` file in the
//! package directory (hidden entries and symbolic links skipped), in the order of their relative
//! paths (`/`-separated); each file contributes its path, a NUL, its length as a little-endian
//! `u64`, and its bytes. An image is looked up at `<depot>/compiled/v1/<Name>/<source-hash>.kimg`;
//! the runtime uses it only if the source hash recorded inside it is that same hash.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use crate::Error;

/// A package directory: `Name/Project.toml` (optional outside a project) and `Name/src/Name.jl`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    /// The package's (and its module's) name.
    pub name: String,
    /// The package directory.
    pub dir: PathBuf,
}

impl Package {
    /// Reads the package in `dir`: its name from `Project.toml` (or, without one, the directory's
    /// name), checking that `src/<Name>.jl` exists.
    ///
    /// # Errors
    ///
    /// [`Error::Package`] when `dir` is not a directory, `Project.toml` is malformed or names no
    /// package, or the entry file is missing.
    pub fn open(dir: &Path) -> Result<Package, Error> {
        if !dir.is_dir() {
            let why = if dir.exists() {
                "not a package directory (it is a file; name the directory that holds Project.toml and src/)"
            } else {
                "not a package directory (no such directory)"
            };
            return Err(Error::package(dir, why));
        }
        let toml = dir.join("Project.toml");
        let name = if toml.is_file() {
            let project = read_project(&toml)?;
            match project.get("name") {
                Some(toml::Value::String(name)) => name.clone(),
                Some(_) => return Err(Error::package(&toml, "`name` must be a string")),
                None => {
                    return Err(Error::package(
                        &toml,
                        "no `name = \"...\"`: this is an environment, not a package",
                    ));
                }
            }
        } else {
            let Some(name) = dir
                .canonicalize()
                .ok()
                .and_then(|d| d.file_name()?.to_str().map(str::to_owned))
            else {
                return Err(Error::package(
                    dir,
                    "no Project.toml and the directory has no usable name",
                ));
            };
            name
        };
        if !is_package_name(&name) {
            return Err(Error::package(
                dir,
                format!("`{name}` is not a valid package name"),
            ));
        }
        let pkg = Package {
            name,
            dir: dir.to_path_buf(),
        };
        if !pkg.entry_file().is_file() {
            return Err(Error::package(
                dir,
                format!("no entry file `src/{}.jl`", pkg.name),
            ));
        }
        Ok(pkg)
    }

    /// The real path of the entry file, `<dir>/src/<Name>.jl`.
    #[must_use]
    pub fn entry_file(&self) -> PathBuf {
        self.dir.join("src").join(format!("{}.jl", self.name))
    }

    /// The virtual path of the entry file, `Name/src/Name.jl`, as the runtime sees it.
    #[must_use]
    pub fn entry(&self) -> String {
        format!("{0}/src/{0}.jl", self.name)
    }
}

/// Whether `name` can name a package: a Julia identifier (letters, digits, `_`, `!`; not starting
/// with a digit). This also keeps it safe as a path component.
#[must_use]
pub(crate) fn is_package_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '!')
}

fn read_project(path: &Path) -> Result<toml::Table, Error> {
    let text = fs::read_to_string(path).map_err(|e| Error::io(path, "read", e))?;
    text.parse::<toml::Table>().map_err(|e| {
        Error::package(
            path,
            format!("malformed TOML: {}", e.to_string().trim_end()),
        )
    })
}

/// Where packages are searched for and where their images live.
#[derive(Clone, Debug)]
pub struct Depot {
    /// The active project directory, if any.
    pub project: Option<PathBuf>,
    /// Directories of package directories.
    pub load_path: Vec<PathBuf>,
    /// The depot root (`KILN_DEPOT`).
    pub root: PathBuf,
}

impl Depot {
    /// Finds the package `name` in the active project, then in the load path.
    ///
    /// # Errors
    ///
    /// [`Error::Package`] when the project's `Project.toml` is malformed or a `[sources]` entry
    /// points to something that is not the package.
    pub fn find(&self, name: &str) -> Result<Option<Package>, Error> {
        if !is_package_name(name) {
            return Ok(None);
        }
        if let Some(project) = &self.project
            && let Some(pkg) = find_in_project(project, name)?
        {
            return Ok(Some(pkg));
        }
        for dir in &self.load_path {
            let candidate = dir.join(name);
            let entry = candidate.join("src").join(format!("{name}.jl"));
            if entry.is_file() {
                let pkg = Package::open(&candidate)?;
                if pkg.name != name {
                    return Err(Error::package(
                        candidate.join("Project.toml"),
                        format!("is in directory `{name}` but names package `{}`", pkg.name),
                    ));
                }
                return Ok(Some(pkg));
            }
        }
        Ok(None)
    }

    /// Where the image of a package with this name and source hash lives.
    #[must_use]
    pub fn image_path(&self, name: &str, source_hash: &str) -> PathBuf {
        self.root
            .join("compiled")
            .join("v1")
            .join(name)
            .join(format!("{source_hash}.kimg"))
    }

    /// The up-to-date image of `pkg`, if the depot has one, with the package's source hash.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the package's sources cannot be read.
    pub fn find_image(&self, pkg: &Package) -> Result<(String, Option<PathBuf>), Error> {
        let hash = source_hash(&pkg.dir)?;
        let path = self.image_path(&pkg.name, &hash);
        let found = path.is_file().then_some(path);
        Ok((hash, found))
    }
}

fn find_in_project(project: &Path, name: &str) -> Result<Option<Package>, Error> {
    let toml_path = project.join("Project.toml");
    if !toml_path.is_file() {
        return Err(Error::package(project, "the project has no Project.toml"));
    }
    let toml = read_project(&toml_path)?;
    if toml.get("name").and_then(toml::Value::as_str) == Some(name) {
        return Package::open(project).map(Some);
    }
    let listed = match toml.get("deps") {
        None => false,
        Some(toml::Value::Table(deps)) => deps.contains_key(name),
        Some(_) => return Err(Error::package(&toml_path, "`[deps]` must be a table")),
    };
    if !listed {
        return Ok(None);
    }
    let source = match toml.get("sources") {
        None => return Ok(None),
        Some(toml::Value::Table(sources)) => sources.get(name),
        Some(_) => return Err(Error::package(&toml_path, "`[sources]` must be a table")),
    };
    let Some(source) = source else {
        return Ok(None);
    };
    let Some(rel) = source
        .as_table()
        .and_then(|t| t.get("path"))
        .and_then(toml::Value::as_str)
    else {
        return Err(Error::package(
            &toml_path,
            format!("`[sources] {name}` must be `{{path = \"...\"}}`"),
        ));
    };
    let dir = project.join(rel);
    let pkg = Package::open(&dir)?;
    if pkg.name != name {
        return Err(Error::package(
            &toml_path,
            format!(
                "`[sources] {name}` points to `{}`, which is package `{}`",
                dir.display(),
                pkg.name
            ),
        ));
    }
    Ok(Some(pkg))
}

/// The content hash (hex SHA-256) of the package in `dir`: `Project.toml` and every `.jl` file
/// anywhere in the package directory (so files a package `include`s from outside `src/` count
/// too). Hidden entries (`.git`, editors' `.#file.jl` locks) and symbolic links are skipped:
/// the sandbox does not follow links, so their targets cannot be part of the package.
///
/// # Errors
///
/// [`Error::Io`] when a file or directory cannot be read; [`Error::Package`] for a file name that
/// is not UTF-8.
pub fn source_hash(dir: &Path) -> Result<String, Error> {
    let mut files = Vec::new();
    if dir.join("Project.toml").is_file() {
        files.push("Project.toml".to_string());
    }
    collect_files(dir, "", &mut files)?;
    files.sort();
    let mut hasher = Sha256::new();
    for rel in &files {
        let path = dir.join(rel);
        let bytes = fs::read(&path).map_err(|e| Error::io(&path, "read", e))?;
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(hex(&hasher.finalize()))
}

/// The `.jl` files below `base/rel` (relative paths, `/`-separated).
fn collect_files(base: &Path, rel: &str, out: &mut Vec<String>) -> Result<(), Error> {
    let dir = if rel.is_empty() {
        base.to_path_buf()
    } else {
        base.join(rel)
    };
    let entries = fs::read_dir(&dir).map_err(|e| Error::io(&dir, "read", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, "read", e))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            // Not UTF-8: no Julia code can name it, so it cannot be part of the package.
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let child = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let meta = fs::symlink_metadata(&path).map_err(|e| Error::io(&path, "read", e))?;
        if meta.is_dir() {
            collect_files(base, &child, out)?;
        } else if meta.is_file() && name.ends_with(".jl") {
            out.push(child);
        }
    }
    Ok(())
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Writes `bytes` to `path` atomically: to a temporary file in the same directory, then renamed.
///
/// # Errors
///
/// [`Error::Io`] when the directory cannot be created or the file cannot be written.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, "create", e))?;
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, "write", e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn package(root: &Path, name: &str) -> PathBuf {
        let dir = root.join(name);
        write(
            &dir.join("Project.toml"),
            &format!("name = \"{name}\"\nuuid = \"00000000-0000-0000-0000-000000000001\"\n"),
        );
        write(
            &dir.join(format!("src/{name}.jl")),
            &format!("module {name}\nend\n"),
        );
        dir
    }

    fn depot(project: Option<PathBuf>, load_path: Vec<PathBuf>) -> Depot {
        Depot {
            project,
            load_path,
            root: PathBuf::from("/nonexistent-depot"),
        }
    }

    #[test]
    fn project_that_is_the_package() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = package(tmp.path(), "Greeter");
        let found = depot(Some(dir.clone()), vec![]).find("Greeter").unwrap();
        assert_eq!(
            found,
            Some(Package {
                name: "Greeter".into(),
                dir
            })
        );
        assert_eq!(
            depot(Some(tmp.path().join("Greeter")), vec![])
                .find("Other")
                .unwrap(),
            None
        );
    }

    #[test]
    fn environment_with_sources() {
        let tmp = tempfile::tempdir().unwrap();
        package(&tmp.path().join("pkgs"), "Dep");
        let env = tmp.path().join("env");
        write(
            &env.join("Project.toml"),
            "[deps]\nDep = \"00000000-0000-0000-0000-000000000002\"\n\n[sources]\nDep = {path = \"../pkgs/Dep\"}\n",
        );
        let found = depot(Some(env.clone()), vec![])
            .find("Dep")
            .unwrap()
            .unwrap();
        assert_eq!(found.name, "Dep");
        assert_eq!(found.dir, env.join("../pkgs/Dep"));
        assert_eq!(found.entry(), "Dep/src/Dep.jl");
    }

    #[test]
    fn environment_source_pointing_at_wrong_package() {
        let tmp = tempfile::tempdir().unwrap();
        package(tmp.path(), "Other");
        write(
            &tmp.path().join("env/Project.toml"),
            "[deps]\nDep = \"x\"\n[sources]\nDep = {path = \"../Other\"}\n",
        );
        let err = depot(Some(tmp.path().join("env")), vec![])
            .find("Dep")
            .unwrap_err();
        assert!(
            err.to_string().contains("which is package `Other`"),
            "{err}"
        );
    }

    #[test]
    fn malformed_project_toml_names_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        write(&tmp.path().join("Project.toml"), "name = \n");
        let err = depot(Some(tmp.path().to_path_buf()), vec![])
            .find("X")
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("Project.toml") && msg.contains("malformed TOML"),
            "{msg}"
        );
    }

    #[test]
    fn load_path_in_order_and_not_the_parent() {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a");
        let b = tmp.path().join("b");
        package(&a, "Dep");
        package(&b, "Dep");
        package(&b, "Only");
        let d = depot(None, vec![a.clone(), b.clone()]);
        assert_eq!(d.find("Dep").unwrap().unwrap().dir, a.join("Dep"));
        assert_eq!(d.find("Only").unwrap().unwrap().dir, b.join("Only"));
        assert_eq!(d.find("Missing").unwrap(), None);
        // A package's parent directory is not searched implicitly.
        let pkg = package(tmp.path(), "Main2");
        package(tmp.path(), "Sibling");
        assert_eq!(depot(Some(pkg), vec![]).find("Sibling").unwrap(), None);
    }

    #[test]
    fn names_that_are_not_identifiers_find_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let d = depot(None, vec![tmp.path().to_path_buf()]);
        for name in ["", "..", "a/b", "1x", "x y"] {
            assert_eq!(d.find(name).unwrap(), None, "{name:?}");
        }
    }

    #[test]
    fn package_without_entry_file_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        write(&tmp.path().join("P/Project.toml"), "name = \"P\"\n");
        let err = Package::open(&tmp.path().join("P")).unwrap_err();
        assert!(
            err.to_string().contains("no entry file `src/P.jl`"),
            "{err}"
        );
        let err = Package::open(&tmp.path().join("missing")).unwrap_err();
        assert!(err.to_string().contains("no such directory"), "{err}");
    }

    #[test]
    fn source_hash_covers_julia_files_and_project_only() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = package(tmp.path(), "H");
        let h0 = source_hash(&dir).unwrap();
        assert_eq!(h0.len(), 64);
        assert_eq!(h0, source_hash(&dir).unwrap());
        write(&dir.join("README.md"), "not part of the package");
        write(&dir.join("src/.#H.jl"), "an editor's lock file");
        write(&dir.join("src/H.jl~"), "an editor's backup");
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("missing.jl"), dir.join("src/dangling.jl")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&dir, dir.join("src/loop")).unwrap();
        assert_eq!(h0, source_hash(&dir).unwrap());
        // A file included from outside `src/` is part of the package.
        write(&dir.join("gen/data.jl"), "val() = 1\n");
        let h_gen = source_hash(&dir).unwrap();
        assert_ne!(h0, h_gen);
        write(&dir.join("gen/data.jl"), "val() = 2\n");
        assert_ne!(h_gen, source_hash(&dir).unwrap());
        write(&dir.join("src/sub/util.jl"), "f() = 1\n");
        let h1 = source_hash(&dir).unwrap();
        assert_ne!(h0, h1);
        write(&dir.join("src/sub/util.jl"), "f() = 2\n");
        assert_ne!(h1, source_hash(&dir).unwrap());
        write(
            &dir.join("Project.toml"),
            "name = \"H\"\nversion = \"0.2.0\"\n",
        );
        assert_ne!(h1, source_hash(&dir).unwrap());
    }

    #[test]
    fn source_hash_is_independent_of_location() {
        let tmp = tempfile::tempdir().unwrap();
        let a = package(&tmp.path().join("x"), "Same");
        let b = package(&tmp.path().join("y"), "Same");
        assert_eq!(source_hash(&a).unwrap(), source_hash(&b).unwrap());
    }

    #[test]
    fn image_path_layout() {
        let d = Depot {
            project: None,
            load_path: vec![],
            root: PathBuf::from("/d"),
        };
        assert_eq!(
            d.image_path("Greeter", "ab12"),
            PathBuf::from("/d/compiled/v1/Greeter/ab12.kimg")
        );
    }

    #[test]
    fn atomic_write_creates_directories() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a/b/img.kimg");
        write_atomic(&path, b"abc").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"abc");
        write_atomic(&path, b"de").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"de");
        assert_eq!(fs::read_dir(tmp.path().join("a/b")).unwrap().count(), 1);
    }
}
