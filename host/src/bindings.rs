//! Generated bindings for the `runtime` world of `wit/kiln.wit`: the only place that names them.

wasmtime::component::bindgen!({
    path: "../wit",
    world: "runtime",
    // Writing output can hit the session's output limit, which stops the program.
    imports: {
        "kiln:runtime/host.write-stdout": trappable,
        "kiln:runtime/host.write-stderr": trappable,
    },
});

pub(crate) use self::kiln::runtime::host::{Bounds, FsError, FsErrorKind, Host, PathInfo};
pub(crate) use self::kiln::runtime::types::{
    Diagnostic, Frame, Host as TypesHost, ImageSummary, LocatedPackage, MiSummary, PackageImage,
    PackageInfo, PackageSource,
};
