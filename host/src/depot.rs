//! Package discovery and the depot of package images: what `using Name` finds and where its
//! images live.
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
//! Images live in `<depot>/compiled/v1/<Name>/`, one *image set* per identity (see
//! `record.rs`): `<identity>.kimg`, the image, and `<identity>.json`, its build record (every file
//! the runtime read while defining the package, with the SHA-256 of the bytes it was served, and
//! the identity of every package it located). The identity covers the dependencies' identities,
//! so two environments with different versions of a dependency keep two image sets of the
//! dependent package side by side. An image is used only when its record still matches: every
//! recorded file reads the same and every recorded package has the same identity now.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::Error;
use crate::record::BuildRecord;

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

/// Whether `dir` is an environment rather than a package: its `Project.toml` names no package.
#[must_use]
pub fn is_environment(dir: &Path) -> bool {
    let toml = dir.join("Project.toml");
    toml.is_file() && read_project(&toml).is_ok_and(|t| !t.contains_key("name"))
}

/// Whether `name` can name a package: a Julia identifier (letters, digits, `_`, `!`; not starting
/// with a digit). This also keeps it safe as a path component.
#[must_use]
pub(crate) fn is_package_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '!')
}

pub(crate) fn read_project(path: &Path) -> Result<toml::Table, Error> {
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

    /// The directory that holds the image sets of every package named `name`.
    #[must_use]
    pub fn slot(&self, name: &str) -> PathBuf {
        self.root.join("compiled").join("v1").join(name)
    }

    /// Where the image of package `name` with this identity lives.
    #[must_use]
    pub fn image_path(&self, name: &str, identity: &str) -> PathBuf {
        self.slot(name).join(format!("{identity}.kimg"))
    }

    /// Where the build record of that image lives.
    #[must_use]
    pub fn record_path(&self, name: &str, identity: &str) -> PathBuf {
        self.slot(name).join(format!("{identity}.json"))
    }

    /// The build records of package `name`, most recently written first (equal times by
    /// identity). Records that cannot be read, do not
    /// parse, or are not named by their identity are skipped: they describe no image kiln trusts.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the package's directory exists but cannot be listed.
    pub(crate) fn records(&self, name: &str) -> Result<Vec<(String, BuildRecord)>, Error> {
        let slot = self.slot(name);
        let entries = match fs::read_dir(&slot) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&slot, "read", e)),
        };
        let mut out = Vec::new();
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let Some(identity) = file_name.to_str().and_then(|n| n.strip_suffix(".json")) else {
                continue;
            };
            let Ok(bytes) = fs::read(entry.path()) else {
                continue;
            };
            let written = entry.metadata().and_then(|m| m.modified()).ok();
            if let Ok(record) = BuildRecord::parse(&bytes)
                && record.package == name
                && record.identity() == identity
            {
                out.push((written, identity.to_string(), record));
            }
        }
        out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Ok(out.into_iter().map(|(_, id, r)| (id, r)).collect())
    }

    /// Puts an image set into the depot: the image (already written to a synced temporary file)
    /// is renamed into place, then its build record is written atomically beside it; the record
    /// is what makes the image trusted. Then the package's directory is cleaned (see
    /// [`Depot::clean_slot`]).
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when a file cannot be written.
    pub(crate) fn commit_image(&self, image: TempFile, record: &BuildRecord) -> Result<(), Error> {
        let identity = record.identity();
        image.commit()?;
        write_atomic(
            &self.record_path(&record.package, &identity),
            &record.to_json(),
        )?;
        self.clean_slot(&record.package, &identity);
        Ok(())
    }

    /// Removes from package `name`'s directory: temporary files older than [`TMP_GRACE`] (left by
    /// builds that were killed), images without a record and records without an image older than
    /// that (a build between its two renames, or the layout of an older kiln), and all but the
    /// [`IMAGES_PER_PACKAGE`] most recently written image sets. `keep` is never removed. Image
    /// sets are not removed for being stale: another environment (another version of a
    /// dependency, another directory holding a package of this name) may still use them, so
    /// their number is bounded instead. Failures are ignored: cleaning is an optimisation.
    pub(crate) fn clean_slot(&self, name: &str, keep: &str) {
        let slot = self.slot(name);
        let Ok(entries) = fs::read_dir(&slot) else {
            return;
        };
        let now = std::time::SystemTime::now();
        let old = |meta: &fs::Metadata| {
            meta.modified()
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age > TMP_GRACE)
        };
        // identity -> (image's metadata, record's metadata)
        let mut sets: BTreeMap<String, (Option<fs::Metadata>, Option<fs::Metadata>)> =
            BTreeMap::new();
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            let file_name = entry.file_name();
            let Some(file_name) = file_name.to_str() else {
                continue;
            };
            if file_name.starts_with('.') && file_name.ends_with(".tmp") {
                if old(&meta) {
                    let _ = fs::remove_file(entry.path());
                }
            } else if let Some(id) = file_name.strip_suffix(".kimg") {
                sets.entry(id.to_string()).or_default().0 = Some(meta);
            } else if let Some(id) = file_name.strip_suffix(".json") {
                sets.entry(id.to_string()).or_default().1 = Some(meta);
            }
        }
        let remove = |id: &str| {
            let _ = fs::remove_file(self.record_path(name, id));
            let _ = fs::remove_file(self.image_path(name, id));
        };
        let mut complete = Vec::new();
        for (id, set) in &sets {
            match set {
                (Some(image), Some(record)) => {
                    let written = record.modified().ok().max(image.modified().ok());
                    complete.push((written, id.clone()));
                }
                (Some(meta), None) | (None, Some(meta)) => {
                    if id != keep && old(meta) {
                        remove(id);
                    }
                }
                (None, None) => {}
            }
        }
        // Newest first; equal times by identity, so the choice does not depend on listing order.
        complete.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        for (_, id) in complete.iter().skip(IMAGES_PER_PACKAGE) {
            if id != keep {
                remove(id);
            }
        }
    }
}

/// How many image sets (image and build record) of one package name the depot keeps.
pub const IMAGES_PER_PACKAGE: usize = 8;

/// How old a temporary or half-written file must be before cleaning removes it: far longer than
/// the write of an image takes, so a concurrent build's files are left alone.
pub const TMP_GRACE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

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

/// A file being written atomically: its bytes are in a synced temporary file in the destination's
/// directory until [`TempFile::commit`] renames it into place. Dropped uncommitted, the
/// temporary file is removed.
pub(crate) struct TempFile {
    tmp: PathBuf,
    dest: PathBuf,
    committed: bool,
}

impl TempFile {
    /// Writes `bytes` to a temporary file beside `dest` and syncs it.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the directory cannot be created or the file cannot be written.
    pub(crate) fn write(dest: &Path, bytes: &[u8]) -> Result<TempFile, Error> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = parent_dir(dest);
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, "create", e))?;
        let file_name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{file_name}.{}.{n}.tmp", std::process::id()));
        let file = TempFile {
            tmp,
            dest: dest.to_path_buf(),
            committed: false,
        };
        let written = fs::File::create(&file.tmp).and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
        written.map_err(|e| Error::io(dest, "write", e))?;
        Ok(file)
    }

    /// Renames the file into place and syncs the directory, so the rename survives a crash.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the rename fails.
    pub(crate) fn commit(mut self) -> Result<(), Error> {
        fs::rename(&self.tmp, &self.dest).map_err(|e| Error::io(&self.dest, "write", e))?;
        self.committed = true;
        // Not every platform can sync a directory; the rename itself is atomic regardless.
        if let Ok(dir) = fs::File::open(parent_dir(&self.dest)) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `bytes` to `path` atomically: to a synced temporary file in the same directory, then
/// renamed.
///
/// # Errors
///
/// [`Error::Io`] when the directory cannot be created or the file cannot be written.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    TempFile::write(path, bytes)?.commit()
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
