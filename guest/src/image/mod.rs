//! Package images and method-instance bundles: the serializer and deserializer.
//!
//! # Format (version 8)
//!
//! Every file starts with an 8-byte magic (`KILNIMG\0` for a package image, `KILNMIS\0` for a
//! bundle of method instances passed from the workload's clone back to the untouched session)
//! and a little-endian `u32` format version, and ends with the SHA-256 of everything before the
//! last 32 bytes; a file whose checksum does not match is rejected before it is decoded. Between
//! them: a string table (every name and text the body mentions, in first-use order), the body
//! (which starts with the runtime version), and the section table followed by its length as a
//! little-endian `u32`. The section table names the parts of the body listed below, in order, so
//! that two images can be compared part by part (`kiln precompile --check-reproducible`) without
//! decoding them: a count byte, then for each section its name (a length byte and UTF-8) and
//! four little-endian `u32` file offsets: the start and end of the strings it used first (a
//! contiguous run of the string table) and the start and end of its part of the body. Decoding
//! skips the section table. Integers are LEB128 varints (signed ones zigzag-encoded),
//! floats are 8 little-endian bytes, strings are indices into the table, byte strings are a
//! length and the bytes. Nothing session-specific is written: no pointers, no ids, no clocks, no
//! absolute paths — everything is named by module path, so equal inputs give equal bytes.
//!
//! A package image's body holds, in order: the package name; its source hash; its dependencies
//! (name and `source:<hash>` of the sources it was built against); a table of contents (a byte
//! string: binding lines with the values of globals, the number of methods, and a summary of
//! every method instance — what `kiln inspect` shows without loading anything); its modules
//! (path, `using`s, exports, the counter that names its closures); its type names (declared
//! first, then their supertypes and fields,
//! so types can refer to each other); its functions (a reference to one is its module and name,
//! or for a type's constructors and for the methods calling its instances, a tag and the type's
//! name); its global bindings with their values
//! (shared and cyclic objects written once and referred to by index; an array other than a
//! vector writes its dims before its element type and items; an integer type parameter, as in
//! `Array{Int64, 2}`, is a type of its own; a compiled regex, the `regex` field of a `Regex`, is
//! its pattern and options, compiled again on load); its methods (signature and
//! lowered code — or, for a struct's default constructor, a tag and the struct type — including
//! methods it adds to other modules' functions); and its method instances,
//! each a self-contained byte string (method, argument types, inferred return type, edges — the
//! dispatch decisions the code relied on — and code). A bundle holds only the last part, and
//! each method reference in it (a method is named by its function and signature) carries one more
//! byte: whether the method is newer than the world the clone was exported after, that is,
//! defined or redefined by `__init__` or the workload. The receiving session rejects such an
//! instance: a redefinition has the signature of the original, which it would otherwise resolve to.
//!
//! The sections of a package image are `header` (runtime version, name, source hash,
//! dependencies), `table of contents`, `modules`, `types`, `functions`, `bindings`, `methods`
//! and `method instances`; a bundle has `header` (the runtime version) and `method instances`.
//!
//! On load, every method instance's edges are re-dispatched in the loading session: if any call
//! now selects a different method, that code is dropped (and compiled again on demand).

mod codec;
mod decode;
mod encode;

pub use decode::{import_method_instances, load_image};
pub use encode::{export_method_instances, serialize_package};

use crate::ids::ModuleId;
use crate::symbol::Sym;
use crate::vm::Runtime;
use codec::Reader;

pub const IMAGE_MAGIC: &[u8; 8] = b"KILNIMG\0";
pub const BUNDLE_MAGIC: &[u8; 8] = b"KILNMIS\0";
pub const FORMAT_VERSION: u32 = 8;
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A reason an image or bundle cannot be read or written.
pub type ImageError = String;

/// Summary of an image for `kiln inspect`.
#[derive(Clone, Debug, Default)]
pub struct ImageSummary {
    pub format_version: u32,
    pub runtime_version: String,
    pub package: String,
    pub source_hash: String,
    pub dependencies: Vec<(String, String)>,
    pub bindings: Vec<String>,
    pub methods: u32,
    pub method_instances: Vec<MiSummary>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MiSummary {
    pub name: String,
    pub method: String,
    pub owner: String,
    pub edges: Vec<String>,
    pub rettype: String,
}

/// What importing a bundle did.
#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    /// Each accepted method instance and the module its method belongs to.
    pub accepted: Vec<(String, String)>,
    pub rejected: Vec<(String, String)>,
}

// ----- writing -----

// ----- reading -----

fn read_table_of_contents(bytes: &[u8], s: &mut ImageSummary) -> Result<(), ImageError> {
    let mut r = Reader::new(bytes)?;
    let n = r.len()?;
    for _ in 0..n {
        s.bindings.push(r.str()?);
    }
    s.methods = r.uint()? as u32;
    let n = r.len()?;
    for _ in 0..n {
        let name = r.str()?;
        let method = r.str()?;
        let owner = r.str()?;
        let ne = r.len()?;
        let edges = (0..ne).map(|_| r.str()).collect::<Result<Vec<_>, _>>()?;
        let rettype = r.str()?;
        s.method_instances.push(MiSummary {
            name,
            method,
            owner,
            edges,
            rettype,
        });
    }
    Ok(())
}

/// Appends the SHA-256 of everything before it, so corruption is detected before decoding.
fn seal(out: &mut Vec<u8>) {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(&out[..]);
    out.extend_from_slice(&digest);
}

/// Checks magic, format version and checksum; returns the body.
fn check_header<'a>(bytes: &'a [u8], magic: &[u8; 8], what: &str) -> Result<&'a [u8], ImageError> {
    use sha2::Digest as _;
    if bytes.len() < 12 || &bytes[..8] != magic {
        return Err(format!("not a kiln {what} (bad magic number)"));
    }
    let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
    if version != FORMAT_VERSION {
        return Err(format!(
            "{what} format version {version} is not supported (this runtime reads version {FORMAT_VERSION})"
        ));
    }
    if bytes.len() < 12 + 32 {
        return Err(format!("the {what} is truncated"));
    }
    let (sealed, digest) = bytes.split_at(bytes.len() - 32);
    if sha2::Sha256::digest(sealed).as_slice() != digest {
        return Err(format!(
            "the {what} is corrupt (its checksum does not match its contents)"
        ));
    }
    // The section table is for tools comparing images; decoding only skips it.
    let corrupt = || format!("the {what} is corrupt (its section table is out of bounds)");
    let contents = &sealed[12..];
    let (rest, len) = contents.split_last_chunk::<4>().ok_or_else(corrupt)?;
    let table = usize::try_from(u32::from_le_bytes(*len)).map_err(|_| corrupt())?;
    let end = rest.len().checked_sub(table).ok_or_else(corrupt)?;
    Ok(&rest[..end])
}

fn open<'a>(bytes: &'a [u8], magic: &[u8; 8], what: &str) -> Result<Reader<'a>, ImageError> {
    let body = check_header(bytes, magic, what)?;
    let mut r = Reader::new(body)?;
    let version = r.str()?;
    if version != RUNTIME_VERSION {
        return Err(format!(
            "{what} was built by kiln runtime {version}, this is {RUNTIME_VERSION}"
        ));
    }
    Ok(r)
}

/// The packages a package image depends on, in the order they must be loaded before it: read
/// from the image's header without loading anything.
///
/// # Errors
/// A corrupt image, or one that is not a package image.
pub fn dependencies(bytes: &[u8]) -> Result<Vec<Sym>, ImageError> {
    let mut r = open(bytes, IMAGE_MAGIC, "package image")?;
    let read = |r: &mut Reader<'_>| -> Result<Vec<Sym>, String> {
        let _name = r.str()?;
        let _source_hash = r.str()?;
        let n = r.len()?;
        (0..n)
            .map(|_| {
                let dep = Sym::new(&r.str()?);
                let _identity = r.str()?;
                Ok(dep)
            })
            .collect()
    };
    read(&mut r)
}

/// SHA-256 of `bytes` in hex: how images name each other.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads an image's contents for display, without loading it.
pub fn describe_image(bytes: &[u8]) -> Result<ImageSummary, ImageError> {
    let mut r = open(bytes, IMAGE_MAGIC, "package image")?;
    let mut s = ImageSummary {
        format_version: FORMAT_VERSION,
        runtime_version: RUNTIME_VERSION.into(),
        ..Default::default()
    };
    s.package = r.str()?;
    s.source_hash = r.str()?;
    let ndeps = r.len()?;
    for _ in 0..ndeps {
        s.dependencies.push((r.str()?, r.str()?));
    }
    let toc = r.bytes()?;
    read_table_of_contents(&toc, &mut s)?;
    s.method_instances.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(s)
}

/// The modules of package `name`: its top module and every module nested in it.
fn package_modules(rt: &Runtime, top: ModuleId) -> Vec<ModuleId> {
    (0..rt.world.modules.len())
        .map(|i| ModuleId(i as u32))
        .filter(|&m| rt.world.module_within(m, top))
        .collect()
}
