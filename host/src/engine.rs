//! The wasmtime engine and the compiled runtime: one `Engine` (Cranelift, parallel compilation,
//! copy-on-write memory images), the base snapshot every session starts from — compiled once and
//! cached on disk — and an incremental compilation cache so that compiling a component that
//! shares the runtime's code (the base snapshot) reuses its functions.
//!
//! What a start-up loads: with a warm cache, only the compiled base snapshot (one verified file).
//! The runtime component itself is never compiled on its own: it is only the input of the base
//! snapshot, which is (re)made — from a wizer-instrumented copy of it — when the cache holds no
//! usable snapshot.
//!
//! On-disk layout of the cache directory (`KILN_CACHE`; how entries are verified before use, and
//! when the directory is not used at all: `cache.rs`). Names are hex BLAKE3 hashes:
//! - `<hash>.base.wasm` (and its digest `.base.wasm.blake3`): the base snapshot — the runtime
//!   component after its session was created (Base evaluated), taken with wizer and made
//!   clonable ([`crate::clone`]); named by the hash of the runtime component it was made from.
//!   Because every session is an instance of it, cloning a session compiles nothing.
//! - `<hash>.base.cwasm` (and `.base.cwasm.blake3`): the base snapshot compiled by
//!   [`Engine::precompile_component`], named by the hash of the runtime component and of the
//!   engine's compatibility hash (target, compiler flags, tunables, wasm features, wasmtime
//!   version): what a warm start loads, without reading the runtime component or the snapshot.
//! - `<hash>.cwasm` (and `.cwasm.blake3`): any other compiled component (the wizer-instrumented
//!   runtime the base snapshot is taken from), named by the hash of the component's bytes and of
//!   the engine's compatibility hash.
//! - `incremental/<xx>/<rest>`: Cranelift's incremental cache, one file per compiled function,
//!   named by the hex of the BLAKE3 hash of Cranelift's key (itself a hash of the function and
//!   the compiler setup), holding a digest of key and value, then the value. A wizer snapshot
//!   keeps the code section byte for byte, so compiling one hits this cache for nearly every
//!   function.
//!
//! Every file is written via a temporary file and a rename, then its digest.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::hash::{Hash as _, Hasher};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wasmtime::component::{Component, Linker};
use wasmtime::{CacheStore, Engine};

use crate::Error;
use crate::bindings::RuntimePre;
use crate::cache::{Cache, Compiled};
use crate::sandbox::HostState;

/// The guest runtime component built by `build.rs`.
static GUEST: &[u8] = include_bytes!(env!("KILN_GUEST_WASM"));

/// How often the epoch advances when a session has a timeout.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

/// The engine and the runtime's base snapshot, compiled and linked with the host's imports.
pub(crate) struct Runtime {
    pub(crate) engine: Engine,
    /// The base snapshot, ready to instantiate: every session is an instance of it.
    pub(crate) pre: RuntimePre<HostState>,
    /// How to read and write the state of instances of `pre`, to clone them.
    access: crate::clone::Access,
    /// Keeps the epoch ticker alive while this runtime exists.
    _ticker: Option<Ticker>,
}

/// What compiling needs: the engine, the linker and the on-disk cache.
pub(crate) struct Compiler<'a> {
    pub(crate) engine: &'a Engine,
    pub(crate) linker: &'a Linker<HostState>,
    pub(crate) cache: Option<&'a Cache>,
}

impl Runtime {
    /// Builds the engine and loads the runtime's base snapshot, compiled: from the on-disk cache
    /// when it holds one for this runtime component and engine, otherwise made (and cached) from
    /// the runtime component — `config.guest`, or the built-in one. Warnings about the cache go
    /// to `config.stderr`.
    ///
    /// The base snapshot is the runtime after its session was created (Base loaded), so that
    /// every session starts there instead of evaluating Base again: kiln's sysimage of Base. It
    /// is clonable ([`crate::clone`]), so that any session can be cloned without compiling
    /// anything.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when `config.guest` cannot be read; [`Error::Runtime`] when the runtime does
    /// not compile, does not fit kiln's host, or fails while Base is loaded.
    pub(crate) fn new(config: &crate::Config) -> Result<Runtime, Error> {
        let cache = config
            .cache
            .as_deref()
            .and_then(|dir| Cache::open(dir, &config.stderr))
            .map(Arc::new);
        let guest: Cow<'static, [u8]> = match config.guest.as_deref() {
            Some(path) => Cow::Owned(fs::read(path).map_err(|e| Error::io(path, "read", e))?),
            None => Cow::Borrowed(GUEST),
        };
        let mut wasm_config = wasmtime::Config::new();
        wasm_config
            .strategy(wasmtime::Strategy::Cranelift)
            .parallel_compilation(true)
            .memory_init_cow(true)
            .epoch_interruption(true)
            .max_wasm_stack(config.limits.max_stack)
            // Async calls (the wizer snapshot) run on fibers of this size, which must be larger.
            .async_stack_size(config.limits.max_stack + (2 << 20))
            .wasm_component_model(true);
        let store = Arc::new(IncrementalCache::new(cache.clone()));
        wasm_config
            .enable_incremental_compilation(store)
            .map_err(|e| runtime_error("cannot configure the engine", e))?;
        let engine =
            Engine::new(&wasm_config).map_err(|e| runtime_error("cannot create the engine", e))?;

        let mut linker = Linker::new(&engine);
        crate::sandbox::add_to_linker(&mut linker)?;

        let compiler = Compiler {
            engine: &engine,
            linker: &linker,
            cache: cache.as_deref(),
        };
        let (pre, access) = base_snapshot(&compiler, config, &guest)?;
        let ticker = config
            .limits
            .timeout
            .is_some()
            .then(|| Ticker::start(engine.clone()));
        Ok(Runtime {
            engine,
            pre,
            access,
            _ticker: ticker,
        })
    }

    /// How to clone sessions of this runtime.
    pub(crate) fn access(&self) -> &crate::clone::Access {
        &self.access
    }
}

/// The base snapshot of the runtime component `guest`, compiled and ready to instantiate, with
/// its accessors. Tried in order, each step only when the previous one found nothing usable:
/// the compiled snapshot from the cache; the snapshot from the cache, compiled; the snapshot made
/// from `guest`, then compiled. What is made is cached.
fn base_snapshot(
    compiler: &Compiler<'_>,
    config: &crate::Config,
    guest: &[u8],
) -> Result<(RuntimePre<HostState>, crate::clone::Access), Error> {
    let key = {
        let mut h = blake3::Hasher::new_derive_key("kiln 2026 base snapshot v3");
        h.update(blake3::hash(guest).as_bytes());
        h.finalize().to_hex()
    };
    let snapshot_name = format!("{key}.base.wasm");
    let compiled_name = format!("{}.base.cwasm", compatible_key(compiler.engine, &key));
    if let Some(cache) = compiler.cache {
        // Missing, damaged, stale (another wasmtime build) or not fitting: made again below.
        if let Some(component) = cache
            .read_compiled(&compiled_name)
            .and_then(|compiled| compiler.deserialize(compiled))
            && let Ok(ready) = prepare(compiler, &component)
        {
            return Ok(ready);
        }
        if let Some(snapshot) = cache.read(&snapshot_name)
            && let Ok(component) = compiler.compile_and_cache(&snapshot, &compiled_name)
            && let Ok(ready) = prepare(compiler, &component)
        {
            return Ok(ready);
        }
    }
    let snapshot = make_base_snapshot(compiler, config, guest)?;
    if let Some(cache) = compiler.cache {
        // A cache that cannot be written only costs time.
        let _ = cache.write(&snapshot_name, &snapshot);
    }
    let component = compiler.compile_and_cache(&snapshot, &compiled_name)?;
    prepare(compiler, &component)
}

/// Runs the runtime component `guest` (wizer-instrumented) until its session exists (Base
/// loaded) and returns its snapshot, made clonable.
fn make_base_snapshot(
    compiler: &Compiler<'_>,
    config: &crate::Config,
    guest: &[u8],
) -> Result<Vec<u8>, Error> {
    let mut quiet = config.clone();
    quiet.stdout = crate::Sink::discard();
    quiet.stderr = crate::Sink::discard();
    quiet.trace_compile = false;
    // kiln's own work, not the user's program: the default limits apply.
    quiet.limits = crate::Limits::default();
    let snapshot = {
        let state = HostState::new(&quiet, None);
        let mut base = crate::sandbox::Instrumented::new(compiler, guest, &quiet, state)?;
        // Any call creates the session, which loads Base.
        base.session.world_age()?;
        base.snapshot()?
    };
    crate::clone::clonable_component(&snapshot)
}

/// Pre-instantiates the base snapshot `component` with kiln's imports and finds its accessors.
fn prepare(
    compiler: &Compiler<'_>,
    component: &Component,
) -> Result<(RuntimePre<HostState>, crate::clone::Access), Error> {
    let pre = compiler
        .linker
        .instantiate_pre(component)
        .and_then(RuntimePre::new)
        .map_err(|e| runtime_error("the runtime's base snapshot does not fit kiln's host", e))?;
    let access = crate::clone::Access::new(compiler.engine, component)?;
    Ok((pre, access))
}

impl Compiler<'_> {
    /// Compiles `wasm`, or loads it from the on-disk cache when it was compiled before by an
    /// engine with the same configuration.
    ///
    /// # Errors
    ///
    /// [`Error::Runtime`] when `wasm` does not compile.
    pub(crate) fn load_cached(&self, wasm: &[u8]) -> Result<Component, Error> {
        let Some(cache) = self.cache else {
            return Component::new(self.engine, wasm)
                .map_err(|e| runtime_error("cannot compile the runtime component", e));
        };
        let name = format!(
            "{}.cwasm",
            compatible_key(self.engine, &blake3::hash(wasm).to_hex())
        );
        if let Some(component) = cache
            .read_compiled(&name)
            .and_then(|compiled| self.deserialize(compiled))
        {
            return Ok(component);
        }
        self.compile_and_cache(wasm, &name)
    }

    /// Loads `compiled`, a verified cache entry; `None` when wasmtime refuses it (made by another
    /// wasmtime build or configuration).
    fn deserialize(&self, compiled: Compiled) -> Option<Component> {
        // SAFETY (both arms): `deserialize` trusts the bytes to be the output of
        // `precompile_component` by a compatible engine. These are the bytes of a file that only
        // this user can write, that hash to the digest recorded when kiln wrote it, under a name
        // that includes this engine's compatibility hash, written atomically (temporary file and
        // rename); wasmtime still checks the header and settings. What was hashed is what is
        // loaded (`Cache::read_compiled`): bytes in this process's memory, or a memory file
        // sealed against writes and resizing, which `deserialize_file` may therefore map (the
        // "must remain unchanged" condition of mapping holds).
        match compiled {
            Compiled::Bytes(bytes) => unsafe { Component::deserialize(self.engine, &bytes) }.ok(),
            #[cfg(target_os = "linux")]
            Compiled::Sealed(mut memfd) => {
                let path = crate::cache::sealed::path(&memfd);
                // wasmtime opens the memory file again and maps it; the mapping keeps it alive
                // after `memfd` is closed.
                if let Ok(component) = unsafe { Component::deserialize_file(self.engine, path) } {
                    return Some(component);
                }
                // Not mappable here (or refused): the same sealed bytes, read into memory.
                use std::io::{Read as _, Seek as _};
                let mut bytes = Vec::new();
                memfd.rewind().ok()?;
                memfd.read_to_end(&mut bytes).ok()?;
                unsafe { Component::deserialize(self.engine, &bytes) }.ok()
            }
        }
    }

    /// Compiles `wasm`, stores the result in the cache as `name` (when there is a cache), and
    /// loads it.
    fn compile_and_cache(&self, wasm: &[u8], name: &str) -> Result<Component, Error> {
        let Some(cache) = self.cache else {
            return Component::new(self.engine, wasm)
                .map_err(|e| runtime_error("cannot compile the runtime component", e));
        };
        let compiled = self
            .engine
            .precompile_component(wasm)
            .map_err(|e| runtime_error("cannot compile the runtime component", e))?;
        // A cache that cannot be written only costs time.
        let _ = cache.write(name, &compiled);
        // SAFETY: the bytes were just made by `precompile_component` of this engine.
        unsafe { Component::deserialize(self.engine, &compiled) }
            .map_err(|e| runtime_error("cannot load the compiled runtime component", e))
    }
}

/// The hex BLAKE3 hash of `key` (itself the hex hash of what is compiled) and of the engine's
/// compatibility hash: the name of the compiled form of what `key` names, for this engine.
fn compatible_key(engine: &Engine, key: &str) -> String {
    let mut hasher = Blake3Hasher(blake3::Hasher::new_derive_key(
        "kiln 2026 compiled component v2",
    ));
    hasher.0.update(key.as_bytes());
    engine.precompile_compatibility_hash().hash(&mut hasher);
    hasher.0.finalize().to_hex().to_string()
}

/// Feeds `std::hash::Hash` output into BLAKE3.
struct Blake3Hasher(blake3::Hasher);

impl Hasher for Blake3Hasher {
    fn finish(&self) -> u64 {
        0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

pub(crate) fn runtime_error(context: &str, e: wasmtime::Error) -> Error {
    let chain: Vec<String> = e.chain().map(ToString::to_string).collect();
    Error::Runtime(format!("{context}: {}", chain.join(": ")))
}

/// Cranelift's incremental compilation cache: in memory, backed by the on-disk cache.
#[derive(Debug)]
struct IncrementalCache {
    disk: Option<Arc<Cache>>,
    memory: Mutex<HashMap<Vec<u8>, Vec<u8>>>,
}

impl IncrementalCache {
    fn new(disk: Option<Arc<Cache>>) -> IncrementalCache {
        IncrementalCache {
            disk,
            memory: Mutex::default(),
        }
    }
}

impl CacheStore for IncrementalCache {
    fn get(&self, key: &[u8]) -> Option<Cow<'_, [u8]>> {
        if let Some(v) = crate::lock(&self.memory).get(key) {
            return Some(Cow::Owned(v.clone()));
        }
        let bytes = self.disk.as_ref()?.get_incremental(key)?;
        crate::lock(&self.memory).insert(key.to_vec(), bytes.clone());
        Some(Cow::Owned(bytes))
    }

    fn insert(&self, key: &[u8], value: Vec<u8>) -> bool {
        if let Some(disk) = &self.disk {
            disk.insert_incremental(key, &value);
        }
        crate::lock(&self.memory).insert(key.to_vec(), value);
        true
    }
}

/// A thread that advances the engine's epoch every [`EPOCH_TICK`], for session timeouts.
struct Ticker {
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl Ticker {
    fn start(engine: Engine) -> Ticker {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        std::thread::spawn(move || {
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(EPOCH_TICK);
                engine.increment_epoch();
            }
        });
        Ticker { stop }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}
