//! The kiln runtime: a Julia-compatible language runtime, built natively for tests and as a
//! wasm32-wasip2 component for the kiln host (`component.rs` is the only wasm-specific file).
//!
//! Pipeline: [`syntax`] (lexer, parser) → [`lower`] (untyped IR per method) → [`types`] and
//! dispatch ([`runtime`]) → [`vm`] (explicit frame stack) → [`image`] (package images).

pub mod base;
pub mod collections;
pub mod host;
pub mod ids;
pub mod image;
pub mod lower;
pub mod runtime;
pub mod session;
pub mod symbol;
pub mod syntax;
pub mod toplevel;
pub mod types;
pub mod vm;

#[cfg(target_arch = "wasm32")]
mod component;

pub use host::{Host, Located, NativeHost};
pub use session::{Diagnostic, PackageInfo, Session};
