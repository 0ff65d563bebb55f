//! The on-disk cache of compiled code (`KILN_CACHE`): every entry is verified against a BLAKE3
//! digest before it is used, and a cache that other users can write is not used at all.
//!
//! What the cache holds is native code (compiled components, Cranelift's compiled functions):
//! whoever can change an entry can make kiln execute anything. So:
//! - the directory, each of its ancestors and every entry are checked when used (Unix): the
//!   directory and the entries must belong to this user and be writable by nobody else; an
//!   ancestor must belong to this user or to root and be writable by nobody else unless it is
//!   sticky (like `/tmp`). A cache that fails is ignored with one warning, and everything is
//!   compiled in memory; an entry that fails is compiled again;
//! - a whole-file artifact `NAME` has its digest in `NAME.blake3` beside it, written after it;
//!   an artifact whose bytes do not hash to that digest is reported once and compiled again;
//! - an entry of Cranelift's incremental cache carries its digest in front of its value, over the
//!   key and the value, so an entry cannot be swapped for another's or damaged unnoticed.
//!
//! The digests catch damage and an entry changed on its own; against someone who can write the
//! directory they prove nothing — that is what the ownership and permission checks are for. Files
//! are created `0600` and directories `0700`.
//!
//! # Verifying cheaply: read once, into memory that cannot change, with BLAKE3
//!
//! Verifying an artifact costs reading it whole, and every start verifies the compiled base
//! snapshot (about 5 MB), so the design is chosen for that path:
//! - The bytes that are hashed must be the bytes that are executed. Mapping the cache file
//!   (`Component::deserialize_file`) and hashing the mapping would not do: a private mapping
//!   still shows later writes to the file for every page not yet copied, and pages can be dropped
//!   and read again from the file, so what runs could differ from what was hashed.
//! - So the file is read once. [`Cache::read_compiled`] copies it, in 256 KiB pieces that are
//!   hashed on the way, into a new memory file (`memfd_create`, Linux) and then seals that file
//!   against writes, resizing and further seals: from then on its contents are the hashed bytes,
//!   whoever opens it. wasmtime maps the sealed file (by its `/proc/self/fd` path) instead of
//!   copying the code into memory of its own, so only the pages that are used are touched —
//!   a warm `kiln eval 1` takes about 470 page faults, against about 5,000 with a plain read and
//!   `Component::deserialize`'s copy (`BENCHMARKS.md`). Where there are no memory files (other
//!   systems, no `/proc`), the bytes are read into a buffer, hashed there, and that buffer is
//!   handed to `Component::deserialize`.
//! - BLAKE3 (the `blake3` crate, with its SIMD code chosen at run time) hashes several times
//!   faster than SHA-256 even with the CPU's SHA extensions, with the same strength for this use.
//!   Nothing outside this directory depends on these digests, so the choice is free; images and
//!   build records, whose formats specify SHA-256, are not affected.
//! - Only what is needed is read: a warm start reads one artifact, the compiled base snapshot
//!   (`engine.rs`), not the runtime component it was made from nor the snapshot's wasm.
//!
//! An artifact without its `.blake3` digest (a write was interrupted) is not trusted and is
//! silently made again. Entries of an older kiln (named by SHA-256 hashes, with `.sha256`
//! digests) are never looked up.

use std::fs;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::Sink;

/// A cache directory that passed its checks.
#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
    stderr: Sink,
    /// Whether an incremental entry was already reported as damaged (reported once).
    warned_incremental: AtomicBool,
}

impl Cache {
    /// Opens (creating it if needed) the cache directory `dir`; `None`, after a warning on
    /// `stderr`, when it cannot be created or other users could change what it holds.
    pub(crate) fn open(dir: &Path, stderr: &Sink) -> Option<Cache> {
        let warn = |why: String| {
            stderr.write(
                format!(
                    "warning: not using the compiled-code cache `{}`: {why}; compiling in memory\n",
                    dir.display()
                )
                .as_bytes(),
            );
        };
        if let Err(e) = create_private_dir(dir) {
            warn(format!("cannot create it ({e})"));
            return None;
        }
        if let Err(why) = check_dir(dir) {
            warn(why);
            return None;
        }
        Some(Cache {
            dir: dir.to_path_buf(),
            stderr: stderr.clone(),
            warned_incremental: AtomicBool::new(false),
        })
    }

    /// The path of the entry `name`.
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn warn(&self, msg: &str) {
        self.stderr.write(format!("warning: {msg}\n").as_bytes());
    }

    /// The artifact `name` if it is there, is this user's, and matches its recorded digest.
    /// A damaged or foreign artifact is reported and treated as missing.
    pub(crate) fn read(&self, name: &str) -> Option<Vec<u8>> {
        self.verified(name, read_hashed)
    }

    /// The compiled artifact `name`, verified like [`Cache::read`], in the form that is cheapest
    /// to load: on Linux a sealed memory file holding the verified bytes, which wasmtime maps
    /// rather than copies; elsewhere the bytes.
    pub(crate) fn read_compiled(&self, name: &str) -> Option<Compiled> {
        self.verified(name, |file, len| {
            #[cfg(target_os = "linux")]
            if let Some(memfd) = sealed::create() {
                let (hash, sealed) = sealed::copy(memfd, file, len)?;
                return Ok((hash, Compiled::Sealed(sealed)));
            }
            let (hash, bytes) = read_hashed(file, len)?;
            Ok((hash, Compiled::Bytes(bytes)))
        })
    }

    /// Opens the artifact `name` and its digest, and hands the artifact to `load`, which returns
    /// what it made of the bytes it read and their hash; that is returned if the hash is the
    /// recorded digest.
    fn verified<T>(
        &self,
        name: &str,
        load: impl FnOnce(&mut fs::File, usize) -> std::io::Result<(blake3::Hash, T)>,
    ) -> Option<T> {
        let path = self.path(name);
        let recorded = match read_private(&digest_path(&path)) {
            Ok(Some(d)) => d,
            // Written before digests were recorded, or a write was interrupted: made again.
            Ok(None) => return None,
            Err(why) => {
                self.warn(&format!(
                    "ignoring the compiled-code cache entry `{}`: its digest file {why}",
                    path.display()
                ));
                return None;
            }
        };
        let loaded = open_private(&path).and_then(|opened| match opened {
            None => Ok(None),
            Some((mut file, len)) => load(&mut file, len)
                .map(Some)
                .map_err(|e| format!("cannot be read ({e})")),
        });
        let (hash, value) = match loaded {
            Ok(Some(loaded)) => loaded,
            Ok(None) => return None,
            Err(why) => {
                self.warn(&format!(
                    "ignoring the compiled-code cache entry `{}`: {why}",
                    path.display()
                ));
                return None;
            }
        };
        if recorded.trim_ascii() != hash.to_hex().as_bytes() {
            self.warn(&format!(
                "the compiled-code cache entry `{}` does not match its recorded BLAKE3 digest (damaged or modified); compiling it again",
                path.display()
            ));
            return None;
        }
        Some(value)
    }

    /// Stores the artifact `name` and then its digest. A cache that cannot be written only costs
    /// time, so failures are returned for the caller to ignore.
    pub(crate) fn write(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.path(name);
        write_private(&path, bytes)?;
        let digest = format!("{}\n", blake3::hash(bytes).to_hex());
        write_private(&digest_path(&path), digest.as_bytes())
    }

    /// The value of Cranelift's incremental cache entry `key`, if present and intact.
    pub(crate) fn get_incremental(&self, key: &[u8]) -> Option<Vec<u8>> {
        let path = self.incremental_path(key);
        let bytes = match read_private(&path) {
            Ok(Some(b)) => b,
            Ok(None) => return None,
            Err(why) => {
                self.warn_incremental(&path, &why);
                return None;
            }
        };
        let (digest, value) = bytes.split_at_checked(32)?;
        if digest != incremental_digest(key, value).as_slice() {
            // Also what an entry of an older kiln looks like: it is simply replaced.
            return None;
        }
        Some(value.to_vec())
    }

    /// Stores Cranelift's incremental cache entry `key`.
    pub(crate) fn insert_incremental(&self, key: &[u8], value: &[u8]) {
        let path = self.incremental_path(key);
        let mut bytes = Vec::with_capacity(32 + value.len());
        bytes.extend_from_slice(&incremental_digest(key, value));
        bytes.extend_from_slice(value);
        let _ = write_private(&path, &bytes);
    }

    fn warn_incremental(&self, path: &Path, why: &str) {
        if !self.warned_incremental.swap(true, Ordering::Relaxed) {
            self.warn(&format!(
                "ignoring the compiled-code cache entry `{}`: {why} (and any other such entry)",
                path.display()
            ));
        }
    }

    /// `incremental/<xx>/<rest>`, named by the hex BLAKE3 hash of Cranelift's key.
    fn incremental_path(&self, key: &[u8]) -> PathBuf {
        let hex = blake3::hash(key).to_hex();
        let name = hex.as_str();
        self.dir
            .join("incremental")
            .join(&name[..2])
            .join(&name[2..])
    }
}

/// A verified compiled artifact, ready to be loaded.
pub(crate) enum Compiled {
    /// The bytes, read into memory.
    Bytes(Vec<u8>),
    /// A memory file holding the bytes, sealed so that nothing can change them (Linux).
    #[cfg(target_os = "linux")]
    Sealed(fs::File),
}

/// Sealed memory files (`memfd_create`, `F_ADD_SEALS`): a private, immutable copy of a cache file
/// that wasmtime can map like a file, so that loading it copies nothing more.
#[cfg(target_os = "linux")]
pub(crate) mod sealed {
    use std::fs;
    use std::io::{Read as _, Write as _};
    use std::os::fd::{AsRawFd as _, FromRawFd as _};
    use std::path::{Path, PathBuf};

    /// A new, empty memory file that can be sealed; `None` where there are none (kernels before
    /// 3.17, some sandboxes) or where wasmtime could not open it again by path (no `/proc`).
    pub(super) fn create() -> Option<fs::File> {
        if !Path::new("/proc/self/fd").is_dir() {
            return None;
        }
        // SAFETY: the name is a NUL-terminated string; the returned descriptor, if valid, is
        // new and owned by nobody else, so the `File` made from it is its only owner.
        unsafe {
            let fd = libc::memfd_create(
                c"kiln-compiled".as_ptr(),
                libc::MFD_CLOEXEC | libc::MFD_ALLOW_SEALING,
            );
            (fd >= 0).then(|| fs::File::from_raw_fd(fd))
        }
    }

    /// The path by which the memory file `memfd` can be opened again (by wasmtime, to map it).
    pub(crate) fn path(memfd: &fs::File) -> PathBuf {
        PathBuf::from(format!("/proc/self/fd/{}", memfd.as_raw_fd()))
    }

    /// Copies `file` (`len` bytes) into `memfd`, a memory file from [`create`], while hashing
    /// what was copied, then seals it against any change (writes, resizing, further seals): the
    /// bytes hashed are exactly the bytes the memory file holds from then on.
    pub(super) fn copy(
        memfd: fs::File,
        file: &mut fs::File,
        len: usize,
    ) -> std::io::Result<(blake3::Hash, fs::File)> {
        memfd.set_len(len as u64)?;
        let mut out = &memfd;
        let mut hasher = blake3::Hasher::new();
        let mut buf = vec![0u8; 256 * 1024];
        let mut copied = 0usize;
        loop {
            let n = match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])?;
            copied += n;
        }
        if copied != len {
            // The file changed length while it was read: not the entry that was checked.
            return Err(std::io::Error::other("it changed while it was read"));
        }
        let seals =
            libc::F_SEAL_SEAL | libc::F_SEAL_SHRINK | libc::F_SEAL_GROW | libc::F_SEAL_WRITE;
        // SAFETY: `fcntl(F_ADD_SEALS)` on a descriptor this function owns; it touches no memory.
        if unsafe { libc::fcntl(memfd.as_raw_fd(), libc::F_ADD_SEALS, seals) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok((hasher.finalize(), memfd))
    }
}

/// `NAME.blake3`.
fn digest_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".blake3");
    PathBuf::from(p)
}

fn incremental_digest(key: &[u8], value: &[u8]) -> [u8; 32] {
    let mut h =
        blake3::Hasher::new_derive_key("kiln 2026 compiled-code cache incremental entry v2");
    h.update(&(key.len() as u64).to_le_bytes());
    h.update(key);
    h.update(value);
    h.finalize().into()
}

/// Opens a cache file and returns it with its length: `Ok(None)` when it does not exist,
/// `Err(why)` when it is not a regular file of this user that only this user can write (checked
/// on the open file, so it cannot be swapped after the check).
fn open_private(path: &Path) -> Result<Option<(fs::File, usize)>, String> {
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot be read ({e})")),
    };
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot be read ({e})"))?;
    if !meta.is_file() {
        return Err("is not a regular file".into());
    }
    check_private(&meta)?;
    let len = usize::try_from(meta.len()).map_err(|_| "is too large".to_string())?;
    Ok(Some((file, len)))
}

/// Reads the rest of `file` (`len` bytes expected) and hashes it.
fn read_hashed(file: &mut fs::File, len: usize) -> std::io::Result<(blake3::Hash, Vec<u8>)> {
    let mut bytes = Vec::with_capacity(len);
    file.read_to_end(&mut bytes)?;
    Ok((blake3::hash(&bytes), bytes))
}

/// Reads a cache file whole; see [`open_private`].
fn read_private(path: &Path) -> Result<Option<Vec<u8>>, String> {
    let Some((mut file, len)) = open_private(path)? else {
        return Ok(None);
    };
    let mut bytes = Vec::with_capacity(len);
    file.read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read ({e})"))?;
    Ok(Some(bytes))
}

/// Writes a cache file via a temporary file (mode `0600`) and a rename, without syncing: a lost
/// entry only costs a recompilation, and a torn one cannot be seen.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(
        ".{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    let tmp = PathBuf::from(tmp);
    let result = (|| {
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Creates `dir` and its missing parents with mode `0700`.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Checks the cache directory and its ancestors; `Err` says why other users could change what
/// the cache holds.
#[cfg(unix)]
fn check_dir(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt as _;
    let real = fs::canonicalize(dir).map_err(|e| format!("cannot resolve it ({e})"))?;
    let meta = fs::metadata(&real).map_err(|e| format!("cannot read it ({e})"))?;
    check_private(&meta)?;
    let euid = current_uid();
    for ancestor in real.ancestors().skip(1) {
        let meta = fs::metadata(ancestor)
            .map_err(|e| format!("cannot read `{}` ({e})", ancestor.display()))?;
        if meta.uid() != euid && meta.uid() != 0 {
            return Err(format!(
                "`{}`, a directory it is in, belongs to another user (uid {})",
                ancestor.display(),
                meta.uid()
            ));
        }
        let sticky = meta.mode() & 0o1000 != 0;
        if meta.mode() & 0o022 != 0 && !sticky {
            return Err(format!(
                "`{}`, a directory it is in, is writable by other users (mode {:o})",
                ancestor.display(),
                meta.mode() & 0o7777
            ));
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_dir(_dir: &Path) -> Result<(), String> {
    Ok(())
}

/// Checks that a file or directory belongs to this user and that nobody else can write it.
#[cfg(unix)]
fn check_private(meta: &fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt as _;
    if meta.uid() != current_uid() {
        return Err(format!("it belongs to another user (uid {})", meta.uid()));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(format!(
            "it is writable by other users (mode {:o}; `chmod go-w` makes it private)",
            meta.mode() & 0o7777
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_meta: &fs::Metadata) -> Result<(), String> {
    Ok(())
}

#[cfg(unix)]
fn current_uid() -> u32 {
    // SAFETY: `geteuid` takes no arguments, cannot fail and touches no memory of ours.
    unsafe { libc::geteuid() }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};

    fn chmod(path: &Path, mode: u32) {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn entries_round_trip_and_damage_is_caught() {
        let tmp = tempfile::tempdir().unwrap();
        let err = Sink::buffer();
        let cache = Cache::open(&tmp.path().join("c"), &err).unwrap();
        assert_eq!(cache.read("a.cwasm"), None);
        cache.write("a.cwasm", b"compiled code").unwrap();
        assert_eq!(
            cache.read("a.cwasm").as_deref(),
            Some(&b"compiled code"[..])
        );
        let mode = fs::metadata(cache.path("a.cwasm")).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o600);

        fs::write(cache.path("a.cwasm"), b"compiled cOde").unwrap();
        assert_eq!(cache.read("a.cwasm"), None);
        let warning = String::from_utf8(err.take()).unwrap();
        assert!(
            warning.contains("does not match its recorded BLAKE3"),
            "{warning}"
        );

        // No digest: not trusted, silently made again.
        fs::remove_file(digest_path(&cache.path("a.cwasm"))).unwrap();
        assert_eq!(cache.read("a.cwasm"), None);
        assert!(err.take().is_empty());
    }

    #[test]
    fn compiled_entries_are_verified_and_cannot_change_after() {
        let tmp = tempfile::tempdir().unwrap();
        let err = Sink::buffer();
        let cache = Cache::open(&tmp.path().join("c"), &err).unwrap();
        assert!(cache.read_compiled("a.cwasm").is_none());
        let code: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        cache.write("a.cwasm", &code).unwrap();
        match cache.read_compiled("a.cwasm").unwrap() {
            Compiled::Bytes(bytes) => assert_eq!(bytes, code),
            #[cfg(target_os = "linux")]
            Compiled::Sealed(memfd) => {
                assert_eq!(fs::read(sealed::path(&memfd)).unwrap(), code);
                // Sealed: neither writable nor resizable, however it is opened again.
                let again = fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(sealed::path(&memfd))
                    .unwrap();
                assert!((&again).write_all(b"x").is_err());
                assert!(again.set_len(1).is_err());
                assert!(memfd.set_len(0).is_err());
                assert_eq!(fs::read(sealed::path(&memfd)).unwrap(), code);
            }
        }
        assert!(err.take().is_empty());

        // One flipped bit: refused, and reported once.
        let mut damaged = code.clone();
        damaged[123_456] ^= 0x10;
        fs::write(cache.path("a.cwasm"), &damaged).unwrap();
        assert!(cache.read_compiled("a.cwasm").is_none());
        let warning = String::from_utf8(err.take()).unwrap();
        assert_eq!(
            warning
                .matches("does not match its recorded BLAKE3")
                .count(),
            1,
            "{warning}"
        );
    }

    #[test]
    fn entries_others_can_write_are_not_used() {
        let tmp = tempfile::tempdir().unwrap();
        let err = Sink::buffer();
        let cache = Cache::open(&tmp.path().join("c"), &err).unwrap();
        cache.write("a.cwasm", b"x").unwrap();
        chmod(&cache.path("a.cwasm"), 0o666);
        assert_eq!(cache.read("a.cwasm"), None);
        let warning = String::from_utf8(err.take()).unwrap();
        assert!(warning.contains("writable by other users"), "{warning}");
    }

    #[test]
    fn incremental_entries_are_bound_to_their_key() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::open(tmp.path(), &Sink::discard()).unwrap();
        cache.insert_incremental(b"k1", b"v1");
        cache.insert_incremental(b"k2", b"v2");
        assert_eq!(cache.get_incremental(b"k1").as_deref(), Some(&b"v1"[..]));
        // An entry moved to another key's place is not that key's.
        fs::copy(cache.incremental_path(b"k1"), cache.incremental_path(b"k2")).unwrap();
        assert_eq!(cache.get_incremental(b"k2"), None);
        // A flipped bit is caught.
        let path = cache.incremental_path(b"k1");
        let mut bytes = fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        fs::write(&path, bytes).unwrap();
        assert_eq!(cache.get_incremental(b"k1"), None);
    }

    #[test]
    fn a_directory_others_can_write_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("shared");
        fs::create_dir(&dir).unwrap();
        chmod(&dir, 0o777);
        let err = Sink::buffer();
        assert!(Cache::open(&dir, &err).is_none());
        let warning = String::from_utf8(err.take()).unwrap();
        assert!(
            warning.contains("not using the compiled-code cache")
                && warning.contains("writable by other users"),
            "{warning}"
        );
        // A cache inside a directory others can write (not sticky) is refused too.
        let inner = dir.join("cache");
        assert!(Cache::open(&inner, &err).is_none());
        assert!(
            String::from_utf8(err.take())
                .unwrap()
                .contains("a directory it is in")
        );
        // A sticky one (like /tmp) is fine.
        chmod(&dir, 0o1777);
        assert!(Cache::open(&inner, &err).is_some());
        chmod(&dir, 0o700);
    }
}
