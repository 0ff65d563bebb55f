//! Generated bindings for the `runtime` world of `wit/kiln.wit`: the only place that names them.

wasmtime::component::bindgen!({
    path: "../wit",
    world: "runtime",
});

pub(crate) use self::kiln::runtime::host::Host;
pub(crate) use self::kiln::runtime::types::{
    Diagnostic, Frame, Host as TypesHost, ImageSummary, LocatedPackage, MiSummary, PackageImage,
    PackageInfo, PackageSource,
};
