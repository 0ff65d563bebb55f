//! Build records: exactly what a package image was built from — every file the runtime was served
//! while defining the package, with the SHA-256 of the bytes served, every environment variable it
//! read (the SHA-256 of its value, or its absence), and the identity of every package it located —
//! and the check that decides whether an image is still up to date.
//!
//! A package's *identity* is the SHA-256 of its build record (see [`BuildRecord::identity`]). It
//! is what the host hands the runtime as the package's "source hash": the runtime writes it into
//! the package's image and a dependent image records it to name the dependency. Because the
//! identity covers the identities of the packages located while defining the package, an image is
//! keyed by its dependencies' sources too, transitively.
//!
//! The identity of a package's *current* sources is known only from a record whose files all still
//! hash the same and whose packages all still have the recorded identities
//! ([`Identities::identify`]). A package without such a record has no known identity: the host
//! hands the runtime [`unverified`] for it, which no image ever records, so no image built against
//! it is trusted.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::Error;
use crate::depot::{Depot, Package, hex, is_package_name};
use crate::sandbox::Roots;

/// Version of the record format; part of every identity.
const FORMAT: u64 = 2;

/// The name under which a listing of the environment (`keys(ENV)`) is recorded: no variable can
/// be named so, since a name cannot contain `=`.
const ENV_LISTING: &str = "=";

/// The stand-in identity of a package whose current sources match no build record.
#[must_use]
pub(crate) fn unverified(name: &str) -> String {
    format!("unverified:{name}")
}

/// Whether `identity` is one handed out by [`unverified`].
#[must_use]
pub(crate) fn is_unverified(identity: &str) -> bool {
    identity.starts_with("unverified:")
}

/// SHA-256 of `bytes`.
pub(crate) fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The outcome of serving one file: the SHA-256 of the bytes served, or `None` when the read
/// failed (a `try include(...)` of a missing file depends on its absence).
pub(crate) type Served = Option<[u8; 32]>;

fn served(r: &Result<String, String>) -> Served {
    r.as_ref().ok().map(|text| digest(text.as_bytes()))
}

/// What a session was served while recording: files, environment variables and located
/// packages.
#[derive(Clone, Debug, Default)]
pub(crate) struct Observed {
    pub(crate) files: BTreeMap<String, Served>,
    /// Variables read, with the digest of the value served (`None`: not set or not granted);
    /// a listing of the variables under [`ENV_LISTING`].
    pub(crate) env: BTreeMap<String, Served>,
    pub(crate) packages: BTreeMap<String, String>,
    /// A file served twice with different contents (it changed while being read).
    pub(crate) conflict: Option<String>,
}

impl Observed {
    /// Records that `vpath` was served `r`.
    pub(crate) fn file(&mut self, vpath: &str, r: &Result<String, String>) {
        let now = served(r);
        match self.files.get(vpath) {
            Some(before) if *before != now => {
                self.conflict.get_or_insert_with(|| vpath.to_string());
            }
            Some(_) => {}
            None => {
                self.files.insert(vpath.to_string(), now);
            }
        }
    }

    /// Records that variable `name` was read and was `value`. The first reading is what the
    /// package was defined with.
    pub(crate) fn env(&mut self, name: &str, value: Option<&str>) {
        self.env
            .entry(name.to_string())
            .or_insert_with(|| value.map(|v| digest(v.as_bytes())));
    }

    /// Records that the environment's variables were listed, and were `names`.
    pub(crate) fn env_listing(&mut self, names: &[String]) {
        self.env
            .entry(ENV_LISTING.to_string())
            .or_insert_with(|| Some(listing_digest(names)));
    }

    /// Records that package `name` was located and given `identity`.
    pub(crate) fn package(&mut self, name: &str, identity: &str) {
        self.packages
            .entry(name.to_string())
            .or_insert_with(|| identity.to_string());
    }

    /// The located packages that had no known identity, in name order.
    pub(crate) fn unverified_packages(&self) -> Vec<String> {
        self.packages
            .iter()
            .filter(|(_, id)| is_unverified(id))
            .map(|(name, _)| name.clone())
            .collect()
    }
}

/// Everything an image of `package` was built from, and which image that was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BuildRecord {
    pub(crate) package: String,
    /// Virtual path and what it was served, sorted by path.
    pub(crate) files: Vec<(String, Served)>,
    /// Environment variables read and the digests of their values, sorted by name.
    pub(crate) env: Vec<(String, Served)>,
    /// Packages located while defining the package, with the identity each was given; by name.
    pub(crate) packages: Vec<(String, String)>,
    /// Hex SHA-256 of the image file.
    pub(crate) image_sha256: String,
}

impl BuildRecord {
    /// The record of what `observed` saw while defining `package`, for the image `image`.
    pub(crate) fn new(package: &str, observed: &Observed, image: &[u8]) -> BuildRecord {
        BuildRecord {
            package: package.to_string(),
            files: observed
                .files
                .iter()
                .map(|(p, s)| (p.clone(), *s))
                .collect(),
            env: observed.env.iter().map(|(n, s)| (n.clone(), *s)).collect(),
            packages: observed
                .packages
                .iter()
                .map(|(n, i)| (n.clone(), i.clone()))
                .collect(),
            image_sha256: hex(&digest(image)),
        }
    }

    /// The package's identity: hex SHA-256 over the format version, the package name, every file
    /// (path and SHA-256 of its bytes, or a mark for a failed read), every variable read (name and
    /// SHA-256 of its value, or a mark for an unset one) and every located package (name and
    /// identity), each string preceded by its length. The image's own hash is not part of it.
    #[must_use]
    pub(crate) fn identity(&self) -> String {
        identity_of(&self.package, &self.files, &self.env, &self.packages)
    }

    /// The record as JSON (keys sorted, one stable form).
    pub(crate) fn to_json(&self) -> Vec<u8> {
        let files: Vec<Value> = self
            .files
            .iter()
            .map(|(path, s)| json!({"path": path, "sha256": s.map(|d| hex(&d))}))
            .collect();
        let env: Vec<Value> = self
            .env
            .iter()
            .map(|(name, s)| json!({"name": name, "sha256": s.map(|d| hex(&d))}))
            .collect();
        let packages: Vec<Value> = self
            .packages
            .iter()
            .map(|(name, id)| json!({"name": name, "identity": id}))
            .collect();
        let v = json!({
            "format": FORMAT,
            "package": self.package,
            "identity": self.identity(),
            "image_sha256": self.image_sha256,
            "files": files,
            "env": env,
            "packages": packages,
        });
        let mut out = serde_json::to_vec_pretty(&v).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Parses a record written by [`BuildRecord::to_json`], checking that its stated identity is
    /// the one its contents give.
    ///
    /// # Errors
    ///
    /// A reason when the bytes are not such a record.
    pub(crate) fn parse(bytes: &[u8]) -> Result<BuildRecord, String> {
        let v: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
        if v.get("format").and_then(Value::as_u64) != Some(FORMAT) {
            return Err(format!("not a build record of format {FORMAT}"));
        }
        let str_of = |v: &Value, key: &str| -> Result<String, String> {
            v.get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("`{key}` missing or not a string"))
        };
        let list = |key: &str| -> Result<&Vec<Value>, String> {
            v.get(key)
                .and_then(Value::as_array)
                .ok_or_else(|| format!("`{key}` missing or not a list"))
        };
        let sha = |f: &Value| -> Result<Served, String> {
            match f.get("sha256") {
                Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => {
                    Ok(Some(unhex(s).ok_or("a `sha256` is not 64 hex digits")?))
                }
                _ => Err("a file or variable has no `sha256`".into()),
            }
        };
        let mut files = Vec::new();
        for f in list("files")? {
            files.push((str_of(f, "path")?, sha(f)?));
        }
        let mut env = Vec::new();
        for e in list("env")? {
            env.push((str_of(e, "name")?, sha(e)?));
        }
        let mut packages = Vec::new();
        for p in list("packages")? {
            packages.push((str_of(p, "name")?, str_of(p, "identity")?));
        }
        let record = BuildRecord {
            package: str_of(&v, "package")?,
            files,
            env,
            packages,
            image_sha256: str_of(&v, "image_sha256")?,
        };
        let sorted = record.files.windows(2).all(|w| w[0].0 < w[1].0)
            && record.env.windows(2).all(|w| w[0].0 < w[1].0)
            && record.packages.windows(2).all(|w| w[0].0 < w[1].0);
        if !sorted {
            return Err("files, variables or packages are not sorted".into());
        }
        if str_of(&v, "identity")? != record.identity() {
            return Err("its identity does not match its contents".into());
        }
        Ok(record)
    }
}

fn identity_of(
    package: &str,
    files: &[(String, Served)],
    env: &[(String, Served)],
    packages: &[(String, String)],
) -> String {
    fn string(h: &mut Sha256, s: &str) {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    }
    fn served(h: &mut Sha256, list: &[(String, Served)]) {
        h.update((list.len() as u64).to_le_bytes());
        for (name, s) in list {
            string(h, name);
            match s {
                Some(d) => {
                    h.update([1]);
                    h.update(d);
                }
                None => h.update([0]),
            }
        }
    }
    let mut h = Sha256::new();
    h.update(b"kiln build record\0");
    h.update(FORMAT.to_le_bytes());
    string(&mut h, package);
    served(&mut h, files);
    served(&mut h, env);
    h.update((packages.len() as u64).to_le_bytes());
    for (name, id) in packages {
        string(&mut h, name);
        string(&mut h, id);
    }
    hex(&h.finalize())
}

fn unhex(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

/// SHA-256 of a listing of variable names (each followed by a NUL).
fn listing_digest(names: &[String]) -> [u8; 32] {
    let mut h = Sha256::new();
    for n in names {
        h.update(n.as_bytes());
        h.update([0]);
    }
    h.finalize().into()
}

/// The first variable of `env` (recorded digests) that `now` (the variables a program would see
/// now, sorted) no longer serves the same, or `None`.
fn changed_variable(now: &[(String, String)], env: &[(String, Served)]) -> Option<String> {
    env.iter()
        .find(|(name, s)| {
            let current = if name == ENV_LISTING {
                let names: Vec<String> = now.iter().map(|(n, _)| n.clone()).collect();
                Some(listing_digest(&names))
            } else {
                now.iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| digest(v.as_bytes()))
            };
            current != *s
        })
        .map(|(name, _)| name.clone())
}

/// The files of `record` whose contents differ from what was recorded, read through `roots`
/// (first one only), or `None` when every file is still served the same.
pub(crate) fn changed_file(roots: &Roots, files: &[(String, Served)]) -> Option<String> {
    files
        .iter()
        .find(|(path, s)| served(&roots.read(path)) != *s)
        .map(|(path, _)| path.clone())
}

/// The up-to-date image set of a package: its identity, and its image if the depot has it.
#[derive(Clone, Debug)]
pub(crate) struct Current {
    pub(crate) identity: String,
    /// The image and the hex SHA-256 it must have.
    pub(crate) image: Option<(PathBuf, String)>,
}

/// The identities of packages' current sources, found from their build records; memoized, so one
/// session sees one answer per package.
#[derive(Clone, Debug, Default)]
pub(crate) struct Identities {
    /// The environment a package would be defined with now (see `Grants::environment`).
    env: Vec<(String, String)>,
    known: HashMap<String, Option<Current>>,
    visiting: Vec<String>,
    /// Why the last package checked had no up-to-date record, for `--verbose`.
    pub(crate) why_not: HashMap<String, String>,
}

impl Identities {
    /// Identities judged for a program that sees the variables `env` (sorted by name).
    pub(crate) fn new(env: Vec<(String, String)>) -> Identities {
        Identities {
            env,
            ..Identities::default()
        }
    }

    /// The identity of `pkg`'s current sources in `depot`'s environment: that of the most recently
    /// written build record of the package whose files all still read the same and whose
    /// located packages all still have the recorded identities. `None` when no record matches.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the package's image directory exists but cannot be listed.
    pub(crate) fn identify(
        &mut self,
        depot: &Depot,
        pkg: &Package,
    ) -> Result<Option<Current>, Error> {
        if let Some(known) = self.known.get(&pkg.name) {
            return Ok(known.clone());
        }
        if self.visiting.contains(&pkg.name) {
            // Records that name each other: no such build could have happened.
            return Ok(None);
        }
        self.visiting.push(pkg.name.clone());
        let r = self.first_match(depot, pkg);
        self.visiting.pop();
        let found = r?;
        self.known.insert(pkg.name.clone(), found.clone());
        Ok(found)
    }

    fn first_match(&mut self, depot: &Depot, pkg: &Package) -> Result<Option<Current>, Error> {
        let records = depot.records(&pkg.name)?;
        // The reason given is that of the most recently written record.
        let mut why_not = None;
        for (identity, record) in records {
            match self.mismatch(depot, pkg, &record)? {
                Some(why) => {
                    why_not.get_or_insert(why);
                }
                None => {
                    let path = depot.image_path(&pkg.name, &identity);
                    let image = path.is_file().then_some((path, record.image_sha256));
                    return Ok(Some(Current { identity, image }));
                }
            }
        }
        let why = why_not.unwrap_or_else(|| "it has never been precompiled".into());
        self.why_not.insert(pkg.name.clone(), why);
        Ok(None)
    }

    /// Why `record` does not describe `pkg` as it is now, or `None` when it does.
    fn mismatch(
        &mut self,
        depot: &Depot,
        pkg: &Package,
        record: &BuildRecord,
    ) -> Result<Option<String>, Error> {
        // The files are read as the runtime would read them: through the grants of the package
        // and of the other packages whose files it read.
        let mut roots = Roots::default();
        roots.grant_package(pkg)?;
        for (path, _) in &record.files {
            let Some((first, _)) = path.split_once('/') else {
                continue;
            };
            // A package that cannot be found or opened now leaves its files unreadable, which
            // is a mismatch unless they were unreadable when recorded too.
            if first != pkg.name
                && is_package_name(first)
                && let Ok(Some(other)) = depot.find(first)
            {
                let _ = roots.grant_package(&other);
            }
        }
        if let Some(path) = changed_file(&roots, &record.files) {
            return Ok(Some(format!("`{path}` changed since it was precompiled")));
        }
        if let Some(name) = changed_variable(&self.env, &record.env) {
            return Ok(Some(if name == ENV_LISTING {
                "the environment variables it listed changed since it was precompiled".into()
            } else {
                format!("environment variable `{name}` changed since it was precompiled")
            }));
        }
        for (name, recorded) in &record.packages {
            let now = match depot.find(name) {
                Ok(Some(dep)) => self.identify(depot, &dep)?.map(|c| c.identity),
                _ => None,
            };
            if now.as_deref() != Some(recorded.as_str()) {
                return Ok(Some(format!(
                    "it was precompiled against other sources of `{name}`"
                )));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> BuildRecord {
        BuildRecord {
            package: "P".into(),
            files: vec![
                ("P/Project.toml".into(), Some(digest(b"name = \"P\""))),
                ("P/src/P.jl".into(), Some(digest(b"module P end"))),
                ("P/src/optional.jl".into(), None),
            ],
            env: vec![
                (ENV_LISTING.into(), Some(listing_digest(&["P_MODE".into()]))),
                ("P_MODE".into(), Some(digest(b"fast"))),
                ("P_UNSET".into(), None),
            ],
            packages: vec![("Dep".into(), "ab".repeat(32))],
            image_sha256: "cd".repeat(32),
        }
    }

    #[test]
    fn records_round_trip_and_name_their_identity() {
        let r = record();
        let parsed = BuildRecord::parse(&r.to_json()).unwrap();
        assert_eq!(parsed, r);
        assert_eq!(parsed.identity().len(), 64);
        assert_eq!(r.to_json(), parsed.to_json());
    }

    #[test]
    fn identity_covers_every_input_but_not_the_image() {
        let base = record();
        let id = base.identity();
        let mut other = base.clone();
        other.image_sha256 = "ef".repeat(32);
        assert_eq!(other.identity(), id);
        let variants = [
            BuildRecord {
                package: "Q".into(),
                ..base.clone()
            },
            BuildRecord {
                files: vec![("P/src/P.jl".into(), Some(digest(b"module P end")))],
                ..base.clone()
            },
            BuildRecord {
                files: vec![("P/src/P.jl".into(), Some(digest(b"module P  end")))],
                ..base.clone()
            },
            BuildRecord {
                files: vec![("P/src/P.jl".into(), None)],
                ..base.clone()
            },
            BuildRecord {
                packages: vec![("Dep".into(), "ac".repeat(32))],
                ..base.clone()
            },
            BuildRecord {
                packages: vec![],
                ..base.clone()
            },
            BuildRecord {
                env: vec![("P_MODE".into(), Some(digest(b"slow")))],
                ..base.clone()
            },
            BuildRecord {
                env: vec![],
                ..base.clone()
            },
        ];
        for v in variants {
            assert_ne!(v.identity(), id, "{v:?}");
        }
    }

    #[test]
    fn a_variable_read_while_defined_is_checked_against_the_environment_now() {
        let r = record();
        let now = |vars: &[(&str, &str)]| -> Vec<(String, String)> {
            vars.iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(changed_variable(&now(&[("P_MODE", "fast")]), &r.env), None);
        assert_eq!(
            changed_variable(&now(&[("P_MODE", "slow")]), &r.env).as_deref(),
            Some("P_MODE")
        );
        // Set now though it was not: the listing differs first (sorted before the names).
        assert_eq!(
            changed_variable(&now(&[("P_MODE", "fast"), ("P_UNSET", "1")]), &r.env).as_deref(),
            Some(ENV_LISTING)
        );
        assert_eq!(
            changed_variable(&now(&[]), &r.env).as_deref(),
            Some(ENV_LISTING)
        );
    }

    #[test]
    fn tampered_or_malformed_records_are_refused() {
        let text = String::from_utf8(record().to_json()).unwrap();
        let tampered = text.replace("P/src/P.jl", "P/src/Q.jl");
        let err = BuildRecord::parse(tampered.as_bytes()).unwrap_err();
        assert!(err.contains("identity"), "{err}");
        for bad in ["", "{}", "[1]", "{\"format\": 1}", "{\"format\": 99}"] {
            assert!(BuildRecord::parse(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn observing_a_file_twice_with_different_contents_is_a_conflict() {
        let mut o = Observed::default();
        o.file("P/src/P.jl", &Ok("a".into()));
        o.file("P/src/P.jl", &Ok("a".into()));
        assert_eq!(o.conflict, None);
        o.file("P/src/P.jl", &Ok("b".into()));
        assert_eq!(o.conflict.as_deref(), Some("P/src/P.jl"));
        o.file("P/src/gone.jl", &Err("no such file".into()));
        assert_eq!(o.files["P/src/gone.jl"], None);
    }

    #[test]
    fn changed_files_are_found_by_reading_them_again() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("P");
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/P.jl"), "module P end").unwrap();
        std::fs::write(dir.join("src/.hidden.inc"), "x = 1").unwrap();
        let mut roots = Roots::default();
        roots
            .grant_package(&Package {
                name: "P".into(),
                dir: dir.clone(),
            })
            .unwrap();
        let mut o = Observed::default();
        for path in ["P/src/P.jl", "P/src/.hidden.inc", "P/src/absent.jl"] {
            o.file(path, &roots.read(path));
        }
        let files: Vec<_> = o.files.into_iter().collect();
        assert_eq!(changed_file(&roots, &files), None);
        std::fs::write(dir.join("src/.hidden.inc"), "x = 2").unwrap();
        assert_eq!(
            changed_file(&roots, &files).as_deref(),
            Some("P/src/.hidden.inc")
        );
        std::fs::write(dir.join("src/.hidden.inc"), "x = 1").unwrap();
        std::fs::write(dir.join("src/absent.jl"), "now here").unwrap();
        assert_eq!(
            changed_file(&roots, &files).as_deref(),
            Some("P/src/absent.jl")
        );
    }
}
