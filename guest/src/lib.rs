//! The kiln runtime: a Julia-compatible language runtime, built natively for tests and as a
//! wasm32-wasip2 component for the kiln host (`component.rs` is the only wasm-specific file).
//!
//! Layers, in pipeline order; each uses only the ones before it (checked by
//! `tests/layering.rs`): the foundation ([`symbol`], [`ids`], [`collections`], [`host`], [`memory`]) →
//! [`syntax`] (lexer, parser) → [`lower`] (untyped IR per method) → [`types`] → [`value`] →
//! [`world`] (modules, methods, method instances, dispatch) → [`vm`] (the interpreter and its
//! builtins) → [`image`] (package images) → [`eval`] (top level, loading, Base) →
//! [`session`] (the operations the host calls).

pub mod collections;
pub mod eval;
pub mod host;
pub mod ids;
pub mod image;
pub mod lower;
pub mod memory;
pub mod session;
pub mod symbol;
pub mod syntax;
pub mod types;
pub mod value;
pub mod vm;
pub mod world;

#[cfg(target_arch = "wasm32")]
mod component;

pub use host::{Host, Located, NativeHost};
pub use session::{Diagnostic, PackageInfo, Session};
