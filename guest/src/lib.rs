//! The kiln runtime: a Julia-compatible language runtime, built natively for tests and as a
//! wasm32-wasip2 component for the kiln host.

pub mod syntax;
