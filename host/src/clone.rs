//! Fast clones of a runtime instance: the runtime component is made *clonable* once (wizer's
//! instrumentation to read every core memory and mutable global, plus kiln's restorer to write
//! them), and a clone is a fresh instance of that same compiled component into which the
//! original's memory pages that differ from the fresh state, and its globals, are copied.
//!
//! No component is compiled per clone: compiling a wizer snapshot (the previous mechanism) took
//! 250–360 ms for the example package, almost all of it wasmtime re-translating and linking code
//! that had not changed; a clone now costs a memory comparison and the copy of the dirty pages.
//!
//! The restorer is a core module appended to the instrumented component. It imports the same
//! core instance exports as wizer's accessor module (`__wizer_memory_*`, `__wizer_global_*`),
//! owns a scratch memory for the host to lower bytes into, and its functions are lifted and
//! exported as the component instance `kiln:snapshot/restore`:
//!
//! - `write{k}(offset: u32, data: list<u8>)` copies `data` into memory `k` at `offset`;
//! - `grow{k}(pages: u32) -> s32` grows memory `k` (`memory.grow`'s result);
//! - `set{k}(value)` sets mutable global `k`.
//!
//! `k` is the index of wizer's accessor for the same item: `memory{k}` and `global{k}` in
//! `wasmtime:wizer/access` read what `write{k}` and `set{k}` write.

use std::ops::Range;
use std::sync::OnceLock;

use wasm_encoder::{
    Alias, CanonicalFunctionSection, CanonicalOption, CodeSection, ComponentAliasSection,
    ComponentExportKind, ComponentExportSection, ComponentInstanceSection, ComponentTypeSection,
    ComponentValType, EntityType, ExportKind, ExportSection, Function, FunctionSection, GlobalType,
    ImportSection, InstanceSection, MemorySection, MemoryType, ModuleArg, PrimitiveValType,
    TypeSection, ValType,
};
use wasmparser::{
    CanonicalFunction, ComponentAlias, ComponentExternalKind, ComponentOuterAliasKind, Parser,
    Payload, TypeRef,
};
use wasmtime::Engine;
use wasmtime::component::{Component, ComponentExportIndex, Func, TypedFunc, Val, WasmList};

use crate::Error;
use crate::engine::runtime_error;
use crate::sandbox::Session;

/// The component instance wizer's instrumentation exports its readers under.
const WIZER_INSTANCE: &str = "wasmtime:wizer/access";
/// The component instance the restorer is exported under.
const RESTORE_INSTANCE: &str = "kiln:snapshot/restore";
/// A wasm page.
const PAGE: usize = 64 * 1024;
/// The granularity at which memories are compared.
const CHUNK: usize = 4096;
/// Dirty chunks closer than this are written in one call (the clean bytes between them are
/// equal on both sides, so writing them is harmless and saves calls).
const MERGE_GAP: usize = 64 * 1024;

/// Makes the component `wasm` clonable: wizer's instrumentation, then the restorer.
pub(crate) fn clonable_component(wasm: &[u8]) -> Result<Vec<u8>, Error> {
    let (_, instrumented) = wasmtime_wizer::Wizer::new()
        .instrument_component(wasm)
        .map_err(|e| runtime_error("cannot instrument the runtime for clones", e))?;
    make_clonable(&instrumented)
}

/// Adds the restorer (see the module documentation) to `instrumented`, a component made by
/// [`wasmtime_wizer::Wizer::instrument_component`].
pub(crate) fn make_clonable(instrumented: &[u8]) -> Result<Vec<u8>, Error> {
    let bad = |what: String| Error::Runtime(format!("cannot make the runtime clonable: {what}"));
    let parse = |e: wasmparser::BinaryReaderError| bad(e.to_string());

    // Index spaces of the top-level component, and wizer's accessor module (the last module) and
    // its instantiation (the last core instance).
    let mut counts = Counts::default();
    let mut accessor: Option<Range<usize>> = None;
    let mut accessor_args: Vec<(String, u32)> = Vec::new();
    let mut depth = 0usize;
    for payload in Parser::new(0).parse_all(instrumented) {
        let payload = payload.map_err(parse)?;
        // Nested modules and components are parsed too; only the top level counts.
        match payload {
            Payload::Version { .. } => depth += 1,
            Payload::End(_) => depth -= 1,
            _ => {}
        }
        if depth != 1 {
            continue;
        }
        match payload {
            Payload::ModuleSection {
                unchecked_range, ..
            } => {
                counts.core_modules += 1;
                accessor = Some(unchecked_range);
            }
            Payload::InstanceSection(reader) => {
                for instance in reader {
                    counts.core_instances += 1;
                    if let wasmparser::Instance::Instantiate { args, .. } =
                        instance.map_err(parse)?
                    {
                        accessor_args =
                            args.iter().map(|a| (a.name.to_string(), a.index)).collect();
                    }
                }
            }
            Payload::ComponentInstanceSection(reader) => counts.instances += reader.count(),
            Payload::ComponentTypeSection(reader) => counts.types += reader.count(),
            Payload::ComponentAliasSection(reader) => {
                for alias in reader {
                    match alias.map_err(parse)? {
                        ComponentAlias::CoreInstanceExport { kind, .. } => match kind {
                            wasmparser::ExternalKind::Func
                            | wasmparser::ExternalKind::FuncExact => {
                                counts.core_funcs += 1;
                            }
                            wasmparser::ExternalKind::Memory => counts.core_memories += 1,
                            _ => {}
                        },
                        ComponentAlias::InstanceExport { kind, .. } => counts.add(kind),
                        ComponentAlias::Outer {
                            kind: ComponentOuterAliasKind::Type,
                            ..
                        } => counts.types += 1,
                        ComponentAlias::Outer { .. } => {}
                    }
                }
            }
            Payload::ComponentCanonicalSection(reader) => {
                for f in reader {
                    match f.map_err(parse)? {
                        CanonicalFunction::Lift { .. } => counts.funcs += 1,
                        _ => counts.core_funcs += 1,
                    }
                }
            }
            Payload::ComponentImportSection(reader) => {
                for import in reader {
                    counts.add(import.map_err(parse)?.ty.kind());
                }
            }
            Payload::ComponentExportSection(reader) => {
                for export in reader {
                    counts.add(export.map_err(parse)?.kind);
                }
            }
            _ => {}
        }
    }
    let accessor = accessor.ok_or_else(|| bad("it has no wizer accessor module".into()))?;
    if counts.core_instances == 0 || accessor_args.is_empty() {
        return Err(bad("it has no instantiated wizer accessor module".into()));
    }

    // The accessor's imports, in order: import `k` is what accessor `k` reads.
    let mut items = Vec::new();
    for payload in Parser::new(0).parse_all(&instrumented[accessor]) {
        if let Payload::ImportSection(reader) = payload.map_err(parse)? {
            for (k, import) in reader.into_imports().enumerate() {
                let import = import.map_err(parse)?;
                let k = u32::try_from(k).map_err(|_| bad("too many accessors".into()))?;
                match import.ty {
                    TypeRef::Memory(m) => {
                        if m.memory64 || m.shared || m.page_size_log2.is_some_and(|p| p != 16) {
                            return Err(bad(format!(
                                "memory `{}` is not a plain 32-bit memory",
                                import.name
                            )));
                        }
                        items.push(Item::Memory {
                            k,
                            module: import.module.to_string(),
                            name: import.name.to_string(),
                            ty: m,
                        });
                    }
                    TypeRef::Global(g) if g.mutable => {
                        let ty = match g.content_type {
                            wasmparser::ValType::I32 => ValType::I32,
                            wasmparser::ValType::I64 => ValType::I64,
                            wasmparser::ValType::F32 => ValType::F32,
                            wasmparser::ValType::F64 => ValType::F64,
                            other => {
                                return Err(bad(format!(
                                    "global `{}` has unsupported type {other}",
                                    import.name
                                )));
                            }
                        };
                        items.push(Item::Global {
                            k,
                            module: import.module.to_string(),
                            name: import.name.to_string(),
                            ty,
                        });
                    }
                    // Immutable globals are the same in every instance.
                    _ => {}
                }
            }
        }
    }

    // The restorer module: imported memories first (indices 0..), then the scratch memory.
    let mut types = TypeSection::new();
    let mut imports = ImportSection::new();
    let mut functions = FunctionSection::new();
    let mut code = CodeSection::new();
    let mut exports = ExportSection::new();
    const T_REALLOC: u32 = 0;
    const T_WRITE: u32 = 1;
    const T_GROW: u32 = 2;
    types.ty().function([ValType::I32; 4], [ValType::I32]);
    types.ty().function([ValType::I32; 3], []);
    types.ty().function([ValType::I32], [ValType::I32]);
    let set_type = |ty: ValType| match ty {
        ValType::I32 => 3,
        ValType::I64 => 4,
        ValType::F32 => 5,
        _ => 6,
    };
    for ty in [ValType::I32, ValType::I64, ValType::F32, ValType::F64] {
        types.ty().function([ty], []);
    }
    let mut memories = 0u32;
    let mut globals = 0u32;
    for item in &items {
        match item {
            Item::Memory {
                module, name, ty, ..
            } => {
                imports.import(
                    module,
                    name,
                    EntityType::Memory(MemoryType {
                        minimum: ty.initial,
                        maximum: ty.maximum,
                        memory64: false,
                        shared: false,
                        page_size_log2: None,
                    }),
                );
                memories += 1;
            }
            Item::Global {
                module, name, ty, ..
            } => {
                imports.import(
                    module,
                    name,
                    EntityType::Global(GlobalType {
                        val_type: *ty,
                        mutable: true,
                        shared: false,
                    }),
                );
                globals += 1;
            }
        }
    }
    let scratch = memories;
    let mut memory_section = MemorySection::new();
    memory_section.memory(MemoryType {
        minimum: 0,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });

    // realloc(old_ptr, old_size, align, new_size) -> 0, with scratch grown to hold new_size.
    let mut realloc = Function::new([]);
    realloc
        .instructions()
        .local_get(3)
        .i64_extend_i32_u()
        .i64_const(PAGE as i64 - 1)
        .i64_add()
        .i64_const(16)
        .i64_shr_u()
        .memory_size(scratch)
        .i64_extend_i32_u()
        .i64_sub()
        .i64_const(0)
        .i64_gt_s()
        .if_(wasm_encoder::BlockType::Empty)
        .local_get(3)
        .i64_extend_i32_u()
        .i64_const(PAGE as i64 - 1)
        .i64_add()
        .i64_const(16)
        .i64_shr_u()
        .memory_size(scratch)
        .i64_extend_i32_u()
        .i64_sub()
        .i32_wrap_i64()
        .memory_grow(scratch)
        .i32_const(-1)
        .i32_eq()
        .if_(wasm_encoder::BlockType::Empty)
        .unreachable()
        .end()
        .end()
        .i32_const(0)
        .end();
    functions.function(T_REALLOC);
    code.function(&realloc);
    exports.export("realloc", ExportKind::Func, 0);
    exports.export("scratch", ExportKind::Memory, scratch);

    // One export per restoring function, lifted below in the same order.
    let mut lifted: Vec<(String, u32, Lift)> = Vec::new();
    let (mut memory_index, mut global_index) = (0u32, 0u32);
    for item in &items {
        match item {
            Item::Memory { k, .. } => {
                let mut write = Function::new([]);
                write
                    .instructions()
                    .local_get(0)
                    .local_get(1)
                    .local_get(2)
                    .memory_copy(memory_index, scratch)
                    .end();
                functions.function(T_WRITE);
                code.function(&write);
                lifted.push((format!("write{k}"), functions.len() - 1, Lift::Write));
                let mut grow = Function::new([]);
                grow.instructions()
                    .local_get(0)
                    .memory_grow(memory_index)
                    .end();
                functions.function(T_GROW);
                code.function(&grow);
                lifted.push((format!("grow{k}"), functions.len() - 1, Lift::Grow));
                memory_index += 1;
            }
            Item::Global { k, ty, .. } => {
                let mut set = Function::new([]);
                set.instructions()
                    .local_get(0)
                    .global_set(global_index)
                    .end();
                functions.function(set_type(*ty));
                code.function(&set);
                lifted.push((format!("set{k}"), functions.len() - 1, Lift::Set(*ty)));
                global_index += 1;
            }
        }
    }
    debug_assert_eq!(globals, global_index);
    for (name, index, _) in &lifted {
        exports.export(name, ExportKind::Func, *index);
    }
    let mut module = wasm_encoder::Module::new();
    module
        .section(&types)
        .section(&imports)
        .section(&functions)
        .section(&memory_section)
        .section(&exports)
        .section(&code);

    // The component-level additions.
    let mut out = instrumented.to_vec();
    let mut component = wasm_encoder::Component::new();
    component.section(&wasm_encoder::ModuleSection(&module));
    let mut instances = InstanceSection::new();
    instances.instantiate(
        counts.core_modules,
        accessor_args
            .iter()
            .map(|(name, index)| (name.as_str(), ModuleArg::Instance(*index))),
    );
    component.section(&instances);
    let restorer = counts.core_instances;

    let mut aliases = ComponentAliasSection::new();
    aliases.alias(Alias::CoreInstanceExport {
        instance: restorer,
        kind: ExportKind::Memory,
        name: "scratch",
    });
    aliases.alias(Alias::CoreInstanceExport {
        instance: restorer,
        kind: ExportKind::Func,
        name: "realloc",
    });
    for (name, _, _) in &lifted {
        aliases.alias(Alias::CoreInstanceExport {
            instance: restorer,
            kind: ExportKind::Func,
            name,
        });
    }
    component.section(&aliases);
    let scratch_memory = counts.core_memories;
    let realloc_func = counts.core_funcs;

    let mut ctypes = ComponentTypeSection::new();
    let list_u8 = counts.types;
    ctypes.defined_type().list(PrimitiveValType::U8);
    let write_type = counts.types + 1;
    ctypes
        .function()
        .params([
            ("offset", ComponentValType::Primitive(PrimitiveValType::U32)),
            ("data", ComponentValType::Type(list_u8)),
        ])
        .result(None);
    let grow_type = counts.types + 2;
    ctypes
        .function()
        .params([("pages", PrimitiveValType::U32)])
        .result(Some(PrimitiveValType::S32.into()));
    let set_types = counts.types + 3;
    for prim in [
        PrimitiveValType::S32,
        PrimitiveValType::S64,
        PrimitiveValType::F32,
        PrimitiveValType::F64,
    ] {
        ctypes.function().params([("value", prim)]).result(None);
    }
    component.section(&ctypes);

    let mut canonicals = CanonicalFunctionSection::new();
    for (i, (_, _, lift)) in lifted.iter().enumerate() {
        let core = realloc_func
            + 1
            + u32::try_from(i).map_err(|_| bad("too many memories and globals".into()))?;
        match lift {
            Lift::Write => canonicals.lift(
                core,
                write_type,
                [
                    CanonicalOption::Memory(scratch_memory),
                    CanonicalOption::Realloc(realloc_func),
                ],
            ),
            Lift::Grow => canonicals.lift(core, grow_type, []),
            Lift::Set(ty) => canonicals.lift(core, set_types + set_type(*ty) - 3, []),
        };
    }
    component.section(&canonicals);

    let mut instance = ComponentInstanceSection::new();
    instance.export_items(lifted.iter().enumerate().map(|(i, (name, _, _))| {
        (
            name.as_str(),
            ComponentExportKind::Func,
            counts.funcs + u32::try_from(i).unwrap_or(u32::MAX),
        )
    }));
    component.section(&instance);
    let mut export = ComponentExportSection::new();
    export.export(
        RESTORE_INSTANCE,
        ComponentExportKind::Instance,
        counts.instances,
        None,
    );
    component.section(&export);

    // `component` starts with its own 8-byte header; the sections follow it.
    let bytes = component.finish();
    out.extend_from_slice(&bytes[8..]);
    Ok(out)
}

/// What the restorer restores.
enum Item {
    Memory {
        k: u32,
        module: String,
        name: String,
        ty: wasmparser::MemoryType,
    },
    Global {
        k: u32,
        module: String,
        name: String,
        ty: ValType,
    },
}

enum Lift {
    Write,
    Grow,
    Set(ValType),
}

/// Sizes of the top-level index spaces the restorer appends to.
#[derive(Default)]
struct Counts {
    core_modules: u32,
    core_instances: u32,
    core_funcs: u32,
    core_memories: u32,
    types: u32,
    funcs: u32,
    instances: u32,
}

impl Counts {
    fn add(&mut self, kind: ComponentExternalKind) {
        match kind {
            ComponentExternalKind::Func => self.funcs += 1,
            ComponentExternalKind::Type => self.types += 1,
            ComponentExternalKind::Instance => self.instances += 1,
            _ => {}
        }
    }
}

#[cfg(test)]
impl Access {
    /// Whether a clone was ever made (the fresh memories are read on the first one).
    pub(crate) fn fresh_is_read(&self) -> bool {
        self.fresh.get().is_some()
    }
}

/// The exports of a clonable component that read and write its state, found once per compiled
/// component, and the state of a fresh instance (what a clone is compared against).
pub(crate) struct Access {
    memories: Vec<MemoryAccess>,
    globals: Vec<GlobalAccess>,
    /// The memories of a fresh instance, in the order of `memories`; read on the first clone.
    fresh: OnceLock<Vec<Vec<u8>>>,
}

struct MemoryAccess {
    read: ComponentExportIndex,
    write: ComponentExportIndex,
    grow: ComponentExportIndex,
}

struct GlobalAccess {
    read: ComponentExportIndex,
    set: ComponentExportIndex,
}

impl Access {
    /// Finds the accessors and restorers of `component`, made by [`make_clonable`].
    pub(crate) fn new(engine: &Engine, component: &Component) -> Result<Access, Error> {
        let missing = |what: &str| {
            Error::Runtime(format!(
                "the runtime component is not clonable: it does not export `{what}`"
            ))
        };
        let (_, wizer) = component
            .get_export(None, WIZER_INSTANCE)
            .ok_or_else(|| missing(WIZER_INSTANCE))?;
        let (item, restore) = component
            .get_export(None, RESTORE_INSTANCE)
            .ok_or_else(|| missing(RESTORE_INSTANCE))?;
        let wasmtime::component::types::ComponentItem::ComponentInstance(ty) = item else {
            return Err(missing(RESTORE_INSTANCE));
        };
        let find = |instance: &ComponentExportIndex, name: &str| {
            component
                .get_export_index(Some(instance), name)
                .ok_or_else(|| missing(name))
        };
        let mut names: Vec<String> = ty.exports(engine).map(|(n, _)| n.to_string()).collect();
        // Accessor order, so that memories and globals are handled deterministically.
        names.sort_by_key(|n| {
            let digits = n.trim_start_matches(|c: char| !c.is_ascii_digit());
            (digits.parse::<u32>().unwrap_or(u32::MAX), n.clone())
        });
        let (mut memories, mut globals) = (Vec::new(), Vec::new());
        for name in names {
            if let Some(k) = name.strip_prefix("write") {
                memories.push(MemoryAccess {
                    read: find(&wizer, &format!("memory{k}"))?,
                    write: find(&restore, &name)?,
                    grow: find(&restore, &format!("grow{k}"))?,
                });
            } else if let Some(k) = name.strip_prefix("set") {
                globals.push(GlobalAccess {
                    read: find(&wizer, &format!("global{k}"))?,
                    set: find(&restore, &name)?,
                });
            }
        }
        Ok(Access {
            memories,
            globals,
            fresh: OnceLock::new(),
        })
    }
}

/// The state of an instance, captured for cloning: its memories (still in the instance) with the
/// ranges that differ from a fresh instance's, and its mutable globals.
pub(crate) struct Snapshot {
    memories: Vec<(WasmList<u8>, Vec<Range<usize>>)>,
    globals: Vec<Val>,
}

#[cfg(test)]
impl Snapshot {
    /// Bytes the clone will receive.
    pub(crate) fn dirty_bytes(&self) -> usize {
        self.memories
            .iter()
            .flat_map(|(_, runs)| runs.iter().map(ExactSizeIterator::len))
            .sum()
    }
}

/// Captures the state of `a`, an instance of the clonable runtime component that `access`
/// describes. The instance stays usable; reading a memory grows it by one page (wizer's
/// accessor keeps its return value there), which the guest never sees.
pub(crate) fn capture(
    access: &Access,
    fresh_session: impl FnOnce() -> Result<Session, Error>,
    a: &mut Session,
) -> Result<Snapshot, Error> {
    let fresh = match access.fresh.get() {
        Some(f) => f,
        None => {
            let mut s = fresh_session()?;
            let mut memories = Vec::new();
            for m in &access.memories {
                let list = read_memory(&mut s, m.read)?;
                memories.push(list.as_le_slice(&s.store).to_vec());
            }
            access.fresh.get_or_init(|| memories)
        }
    };
    let mut memories = Vec::new();
    for (m, fresh) in access.memories.iter().zip(fresh) {
        let list = read_memory(a, m.read)?;
        let bytes = list.as_le_slice(&a.store);
        memories.push((list, dirty_ranges(bytes, fresh)));
    }
    let mut globals = Vec::new();
    for g in &access.globals {
        let func = func(a, g.read)?;
        let mut value = [Val::Bool(false)];
        func.call(&mut a.store, &[], &mut value)
            .map_err(|e| runtime_error("cannot read a global of the runtime", e))?;
        globals.push(value[0].clone());
    }
    Ok(Snapshot { memories, globals })
}

/// Makes `b`, a fresh instance of the clonable component, a copy of the instance `snapshot` was
/// captured from (`a`): same memory sizes and contents, same globals.
pub(crate) fn restore(
    access: &Access,
    snapshot: &Snapshot,
    a: &Session,
    b: &mut Session,
) -> Result<(), Error> {
    let fresh = access
        .fresh
        .get()
        .ok_or_else(|| Error::Runtime("restoring a snapshot that was not captured".into()))?;
    for ((m, (list, runs)), fresh) in access.memories.iter().zip(&snapshot.memories).zip(fresh) {
        let bytes = list.as_le_slice(&a.store);
        let pages = (bytes.len() - fresh.len()) / PAGE;
        if pages > 0 {
            let grow: TypedFunc<(u32,), (i32,)> = typed(b, m.grow)?;
            let pages = u32::try_from(pages)
                .map_err(|_| Error::Runtime("the runtime's memory is too large to clone".into()))?;
            let (old,) = grow
                .call(&mut b.store, (pages,))
                .map_err(|e| runtime_error("cannot grow the clone's memory", e))?;
            if old < 0 {
                return Err(Error::Runtime(format!(
                    "cannot grow the clone's memory to {} MiB (memory limit?)",
                    bytes.len() >> 20
                )));
            }
        }
        let write: TypedFunc<(u32, &[u8]), ()> = typed(b, m.write)?;
        for run in runs {
            let offset = u32::try_from(run.start)
                .map_err(|_| Error::Runtime("the runtime's memory is too large to clone".into()))?;
            write
                .call(&mut b.store, (offset, &bytes[run.clone()]))
                .map_err(|e| runtime_error("cannot write the clone's memory", e))?;
        }
    }
    for (g, value) in access.globals.iter().zip(&snapshot.globals) {
        let set = func(b, g.set)?;
        set.call(&mut b.store, std::slice::from_ref(value), &mut [])
            .map_err(|e| runtime_error("cannot set a global of the clone", e))?;
    }
    Ok(())
}

/// The ranges of `bytes` (an instance's memory) that differ from `fresh` (a fresh instance's,
/// never longer: memories only grow), zero beyond `fresh`, at [`CHUNK`] granularity, with runs
/// less than [`MERGE_GAP`] apart merged.
fn dirty_ranges(bytes: &[u8], fresh: &[u8]) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let zero = [0u8; CHUNK];
    let mut start = 0;
    while start < bytes.len() {
        let end = (start + CHUNK).min(bytes.len());
        let chunk = &bytes[start..end];
        let same = match fresh.get(start..end) {
            Some(f) => chunk == f,
            None if start >= fresh.len() => chunk == &zero[..chunk.len()],
            // Straddles the end of `fresh` (not page-aligned: cannot happen for wasm memories).
            None => false,
        };
        if !same {
            match runs.last_mut() {
                Some(last) if start - last.end < MERGE_GAP => last.end = end,
                _ => runs.push(start..end),
            }
        }
        start = end;
    }
    runs
}

fn func(s: &mut Session, index: ComponentExportIndex) -> Result<Func, Error> {
    s.instance
        .get_func(&mut s.store, index)
        .ok_or_else(|| Error::Runtime("the runtime's state accessors are missing".into()))
}

fn typed<P, R>(s: &mut Session, index: ComponentExportIndex) -> Result<TypedFunc<P, R>, Error>
where
    P: wasmtime::component::ComponentNamedList + wasmtime::component::Lower,
    R: wasmtime::component::ComponentNamedList + wasmtime::component::Lift,
{
    func(s, index)?
        .typed(&s.store)
        .map_err(|e| runtime_error("the runtime's state accessors have unexpected types", e))
}

fn read_memory(s: &mut Session, index: ComponentExportIndex) -> Result<WasmList<u8>, Error> {
    let read: TypedFunc<(), (WasmList<u8>,)> = typed(s, index)?;
    read.call(&mut s.store, ())
        .map(|(list,)| list)
        .map_err(|e| runtime_error("cannot read the runtime's memory", e))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sandbox::HostState;
    use crate::{Config, Kiln, Sink};

    /// A kiln whose compiled-code cache is the one the integration tests share.
    pub(crate) fn kiln(depot: &std::path::Path) -> Kiln {
        let mut c = Config::from_env();
        c.project = None;
        c.load_path = Vec::new();
        c.depot = depot.to_path_buf();
        // target/<profile>/deps/<test binary> -> target/tmp/kiln-cache
        let exe = std::env::current_exe().unwrap();
        let target = exe.ancestors().nth(3).unwrap();
        c.cache = Some(target.join("tmp/kiln-cache"));
        c.stdout = Sink::discard();
        c.stderr = Sink::discard();
        Kiln::new(c).unwrap()
    }

    fn memory(s: &mut Session, access: &Access) -> Vec<Vec<u8>> {
        access
            .memories
            .iter()
            .map(|m| {
                let list = read_memory(s, m.read).unwrap();
                list.as_le_slice(&s.store).to_vec()
            })
            .collect()
    }

    fn globals(s: &mut Session, access: &Access) -> Vec<Val> {
        access
            .globals
            .iter()
            .map(|g| {
                let mut v = [Val::Bool(false)];
                func(s, g.read)
                    .unwrap()
                    .call(&mut s.store, &[], &mut v)
                    .unwrap();
                v[0].clone()
            })
            .collect()
    }

    #[test]
    fn a_clone_is_a_faithful_copy() {
        let tmp = tempfile::tempdir().unwrap();
        let kiln = kiln(tmp.path());
        let (rt, config) = (&*kiln.runtime, &kiln.config);
        let access = rt.access();
        assert!(!access.memories.is_empty() && !access.globals.is_empty());
        let fresh = || Session::fresh(rt, config, HostState::new(config, None));
        let mut a = fresh().unwrap();
        // Enough allocation to grow the memory, and definitions the clone must see.
        a.eval("big = collect(1:400000); s = \"hello\"; f(x) = x + 1")
            .unwrap();
        let snapshot = capture(access, fresh, &mut a).unwrap();
        let fresh_len = access.fresh.get().unwrap()[0].len();
        assert!(snapshot.memories[0].0.len() > fresh_len, "memory grew");
        assert!(snapshot.dirty_bytes() > 0);
        let mut b = fresh().unwrap();
        restore(access, &snapshot, &a, &mut b).unwrap();
        let captured_len = snapshot.memories[0].0.len();
        drop(snapshot);

        // Byte for byte: B has A's size and contents (A has one more page: wizer's accessor
        // keeps its return value there, once per read), and A's globals.
        let (ma, mb) = (memory(&mut a, access), memory(&mut b, access));
        for (ma, mb) in ma.iter().zip(&mb) {
            assert_eq!(mb.len(), captured_len);
            assert_eq!(ma.len(), mb.len() + PAGE);
            assert!(ma[..mb.len()] == mb[..], "memories differ");
        }
        assert_eq!(globals(&mut a, access), globals(&mut b, access));

        // The clone sees A's world, and from now on the two are independent.
        assert_eq!(b.eval("f(length(big))").unwrap(), "400001");
        b.eval("s = \"changed\"; push!(big, 1)").unwrap();
        assert_eq!(a.eval("s").unwrap(), "\"hello\"");
        assert_eq!(a.eval("length(big)").unwrap(), "400000");
        assert_eq!(b.eval("length(big)").unwrap(), "400001");
    }

    #[test]
    fn dirty_ranges_find_and_merge_changes() {
        let fresh = vec![0u8; 4 * PAGE];
        let mut bytes = fresh.clone();
        assert!(dirty_ranges(&bytes, &fresh).is_empty());
        bytes[5] = 1;
        bytes[CHUNK * 3] = 1;
        assert_eq!(dirty_ranges(&bytes, &fresh), vec![0..CHUNK * 4]);
        bytes[3 * PAGE + 1] = 2;
        assert_eq!(
            dirty_ranges(&bytes, &fresh),
            vec![0..CHUNK * 4, 3 * PAGE..3 * PAGE + CHUNK]
        );
        // Grown memory: compared with zero.
        bytes.resize(6 * PAGE, 0);
        assert_eq!(dirty_ranges(&bytes, &fresh).len(), 2);
        bytes[6 * PAGE - 1] = 9;
        assert_eq!(
            dirty_ranges(&bytes, &fresh).last(),
            Some(&(6 * PAGE - CHUNK..6 * PAGE))
        );
        // A byte that went back to zero where the fresh memory was not zero.
        let fresh = vec![7u8; PAGE];
        let bytes = {
            let mut b = fresh.clone();
            b[100] = 0;
            b
        };
        assert_eq!(dirty_ranges(&bytes, &fresh), vec![0..CHUNK]);
    }
}
