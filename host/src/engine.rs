//! The wasmtime engine and the compiled runtime: one `Engine` (Cranelift, parallel compilation,
//! copy-on-write memory images), the runtime component compiled once and cached on disk, the base
//! snapshot sessions start from, and an incremental compilation cache so that compiling a
//! component that shares the runtime's code (the base snapshot) reuses its functions.
//!
//! On-disk layout of the cache directory (`KILN_CACHE`; how entries are verified before use, and
//! when the directory is not used at all: `cache.rs`):
//! - `<sha256>.cwasm`: a component compiled by [`Engine::precompile_component`], named by the hash
//!   of the component's bytes and of the engine's compatibility hash (target, compiler flags,
//!   tunables, wasm features, wasmtime version). Written once via a temporary file and a rename,
//!   then its digest as `<sha256>.cwasm.sha256`.
//! - `<sha256>.base.wasm` (and `.base.wasm.sha256`): the base snapshot — the runtime component
//!   after its session was created (Base evaluated), taken with wizer and made clonable
//!   ([`crate::clone`]) — that every session starts from; named by the hash of the runtime
//!   component it was made from. Compiled like any component (above). Because every session is
//!   an instance of it, cloning a session compiles nothing.
//! - `incremental/<xx>/<rest>`: Cranelift's incremental cache, one file per compiled function,
//!   named by the hex of the SHA-256 of Cranelift's key (itself a hash of the function and the
//!   compiler setup), holding a digest of key and value, then the value. A wizer snapshot keeps
//!   the code section byte for byte, so compiling one hits this cache for nearly every function.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::hash::{Hash as _, Hasher};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest as _, Sha256};
use wasmtime::component::{Component, Linker};
use wasmtime::{CacheStore, Engine};

use crate::Error;
use crate::bindings::RuntimePre;
use crate::cache::Cache;
use crate::depot::hex;
use crate::sandbox::HostState;

/// The guest runtime component built by `build.rs`.
static GUEST: &[u8] = include_bytes!(env!("KILN_GUEST_WASM"));

/// How often the epoch advances when a session has a timeout.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

/// The engine, the linker with the host's imports, and the compiled runtime component.
pub(crate) struct Runtime {
    pub(crate) engine: Engine,
    pub(crate) linker: Linker<HostState>,
    /// The runtime component, ready to instantiate.
    pub(crate) pre: RuntimePre<HostState>,
    /// The runtime component's bytes as built (not the base snapshot): what the base snapshot is
    /// made from.
    guest: Cow<'static, [u8]>,
    /// How to read and write the state of instances of `pre`, to clone them; set with the base
    /// snapshot, which is made clonable.
    access: Option<crate::clone::Access>,
    cache: Option<Arc<Cache>>,
    /// Keeps the epoch ticker alive while this runtime exists.
    _ticker: Option<Ticker>,
}

impl Runtime {
    /// Builds the engine and loads (or compiles and caches) the runtime component;
    /// `config.guest` replaces the built-in component. Warnings about the cache go to
    /// `config.stderr`.
    pub(crate) fn new(config: &crate::Config) -> Result<Runtime, Error> {
        let cache = config
            .cache
            .as_deref()
            .and_then(|dir| Cache::open(dir, &config.stderr))
            .map(Arc::new);
        let cache = cache.as_ref();
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
            .wasm_component_model(true);
        let store = Arc::new(IncrementalCache::new(cache.cloned()));
        wasm_config
            .enable_incremental_compilation(store)
            .map_err(|e| runtime_error("cannot configure the engine", e))?;
        let engine =
            Engine::new(&wasm_config).map_err(|e| runtime_error("cannot create the engine", e))?;

        let mut linker = Linker::new(&engine);
        crate::sandbox::add_to_linker(&mut linker)?;

        let component = load_cached(&engine, cache.map(|c| &**c), &guest)?;
        let pre = linker
            .instantiate_pre(&component)
            .and_then(RuntimePre::new)
            .map_err(|e| {
                runtime_error(
                    "the runtime component does not fit kiln's host (wit/kiln.wit)",
                    e,
                )
            })?;
        let ticker = config
            .limits
            .timeout
            .is_some()
            .then(|| Ticker::start(engine.clone()));
        Ok(Runtime {
            engine,
            linker,
            pre,
            guest,
            access: None,
            cache: cache.cloned(),
            _ticker: ticker,
        })
    }

    /// The runtime component's bytes.
    pub(crate) fn guest_bytes(&self) -> &[u8] {
        &self.guest
    }

    /// Replaces the runtime component by a snapshot of it taken once its session exists (Base
    /// loaded), so that every session starts there instead of evaluating Base again: kiln's
    /// sysimage of Base. The snapshot is made clonable ([`crate::clone`]), so that any session
    /// can be cloned without compiling anything, and cached next to the compiled code, named by
    /// the hash of the runtime it was made from.
    pub(crate) fn start_from_base_snapshot(&mut self, config: &crate::Config) -> Result<(), Error> {
        let key = {
            let mut h = Sha256::new();
            h.update(b"kiln-base-snapshot-v2\0");
            h.update(Sha256::digest(&self.guest));
            hex(&h.finalize())
        };
        let name = format!("{key}.base.wasm");
        let cached = self.cache.as_ref().and_then(|c| c.read(&name));
        let loaded = cached.and_then(|bytes| {
            let component = self.load_cached(&bytes).ok()?;
            let access = crate::clone::Access::new(&self.engine, &component).ok()?;
            Some((component, access))
        });
        let (component, access) = match loaded {
            Some(c) => c,
            // Missing or damaged: made again.
            None => {
                let mut quiet = config.clone();
                quiet.stdout = crate::Sink::discard();
                quiet.stderr = crate::Sink::discard();
                quiet.trace_compile = false;
                // kiln's own work, not the user's program: the default limits apply.
                quiet.limits = crate::Limits::default();
                let snapshot = {
                    let state = HostState::new(&quiet, None);
                    let mut base = crate::sandbox::Instrumented::new(self, &quiet, state)?;
                    // Any call creates the session, which loads Base.
                    base.session.world_age()?;
                    base.snapshot()?
                };
                let clonable = crate::clone::clonable_component(&snapshot)?;
                if let Some(cache) = &self.cache {
                    // A cache that cannot be written only costs time.
                    let _ = cache.write(&name, &clonable);
                }
                let component = self.load_cached(&clonable)?;
                let access = crate::clone::Access::new(&self.engine, &component)?;
                (component, access)
            }
        };
        self.pre = self
            .linker
            .instantiate_pre(&component)
            .and_then(RuntimePre::new)
            .map_err(|e| {
                runtime_error("the runtime's base snapshot does not fit kiln's host", e)
            })?;
        self.access = Some(access);
        Ok(())
    }

    /// How to clone sessions of this runtime.
    ///
    /// # Errors
    ///
    /// [`Error::Runtime`] before [`Runtime::start_from_base_snapshot`].
    pub(crate) fn access(&self) -> Result<&crate::clone::Access, Error> {
        self.access
            .as_ref()
            .ok_or_else(|| Error::Runtime("the runtime has no clonable base snapshot".into()))
    }

    /// Compiles `wasm`, or loads it from the on-disk cache when it was compiled before by an
    /// engine with the same configuration.
    pub(crate) fn load_cached(&self, wasm: &[u8]) -> Result<Component, Error> {
        load_cached(&self.engine, self.cache.as_deref(), wasm)
    }
}

/// See [`Runtime::load_cached`].
fn load_cached(engine: &Engine, cache: Option<&Cache>, wasm: &[u8]) -> Result<Component, Error> {
    let Some(cache) = cache else {
        return compile(engine, wasm);
    };
    let name = format!("{}.cwasm", cache_key(engine, wasm));
    if let Some(compiled) = cache.read(&name) {
        // SAFETY: `deserialize` trusts the bytes to be the output of `precompile_component` by a
        // compatible engine. These are the bytes of a file that only this user can write, that
        // hash to the digest recorded when kiln wrote it (`Cache::read`), under a name that is
        // the hash of the component's bytes and of this engine's compatibility hash, written
        // atomically (temporary file and rename). wasmtime still checks the header and settings.
        if let Ok(component) = unsafe { Component::deserialize(engine, &compiled) } {
            return Ok(component);
        }
        // Stale: compile again and replace it.
    }
    let compiled = engine
        .precompile_component(wasm)
        .map_err(|e| runtime_error("cannot compile the runtime component", e))?;
    // A cache that cannot be written only costs time.
    let _ = cache.write(&name, &compiled);
    // SAFETY: the bytes were just made by `precompile_component` of this engine.
    unsafe { Component::deserialize(engine, &compiled) }
        .map_err(|e| runtime_error("cannot load the compiled runtime component", e))
}

fn compile(engine: &Engine, wasm: &[u8]) -> Result<Component, Error> {
    Component::new(engine, wasm)
        .map_err(|e| runtime_error("cannot compile the runtime component", e))
}

fn cache_key(engine: &Engine, wasm: &[u8]) -> String {
    let mut hasher = ShaHasher(Sha256::new());
    hasher.0.update(b"kiln-compiled-component-v1\0");
    hasher.0.update(Sha256::digest(wasm));
    engine.precompile_compatibility_hash().hash(&mut hasher);
    hex(&hasher.0.finalize())
}

/// Feeds `std::hash::Hash` output into SHA-256.
struct ShaHasher(Sha256);

impl Hasher for ShaHasher {
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
