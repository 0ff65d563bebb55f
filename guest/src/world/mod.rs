//! The runtime's world: modules and bindings, generic functions, methods, method instances,
//! the world-age counter. Nothing here runs code: the VM (`vm`) does, against this world.

use std::rc::Rc;

use crate::collections::{IndexMap, IndexSet};
use rustc_hash::FxHashMap;

use crate::ids::{BuiltinId, FuncId, MethodId, MiId, ModuleId, TyId, TypeNameId};
use crate::lower::ir::CodeInfo;
use crate::symbol::Sym;
use crate::types::{TyKind, TypeNameKind, TypeStore};
use crate::value::Value;

mod dispatch;
pub use dispatch::DispatchError;

/// A global binding of a module.
#[derive(Clone, Debug)]
pub struct Binding {
    pub value: Value,
    pub constant: bool,
    /// Created by `using M: x` / `import M: x` rather than defined here.
    pub imported: bool,
}

#[derive(Clone, Debug)]
pub struct Module {
    pub name: Sym,
    pub parent: Option<ModuleId>,
    pub bindings: IndexMap<Sym, Binding>,
    /// Modules whose exported names are visible here, in `using` order.
    pub usings: Vec<ModuleId>,
    pub exports: IndexSet<Sym>,
    /// Core and Base make every binding visible to `using`.
    pub export_all: bool,
    /// The next number for the names of closures and their types (`#1`, `#1#2`), which Julia
    /// counts per module.
    pub counter: u32,
}

/// A generic function: a name and its method table.
#[derive(Clone, Debug)]
pub struct Function {
    pub name: Sym,
    pub module: ModuleId,
    pub methods: Vec<MethodId>,
    /// Dispatch cache: concrete argument types to the method instance they select.
    pub cache: FxHashMap<Vec<TyId>, MiId>,
    /// Set when this function holds the constructors of a type.
    pub ctor_of: Option<TypeNameId>,
    /// Set when this function holds the methods that call instances of a type
    /// (`(p::P)(x) = …`); its methods take the instance as their first argument.
    pub call_of: Option<TypeNameId>,
    /// `typeof(f)`.
    pub ty: TyId,
}

/// What runs when a method is called.
#[derive(Clone, Debug)]
pub enum MethodBody {
    Code(Rc<CodeInfo>),
    /// A Rust builtin of the VM, by its index in the VM's builtin table.
    Builtin(BuiltinId),
    /// A struct's default constructor: builds an instance from the arguments (converted to the
    /// field types, parameters inferred from them) without running any code.
    New(TypeNameId),
}

/// One definition of a generic function.
#[derive(Clone, Debug)]
pub struct Method {
    pub func: FuncId,
    /// The module whose code defined it (not necessarily the function's module).
    pub module: ModuleId,
    /// Declared parameter types; may mention `tvars`.
    pub sig: Vec<TyId>,
    /// Type of the trailing `xs...` elements, when the method is variadic.
    pub vararg: Option<TyId>,
    /// The `where` variables as `TyKind::Var` types, in index order.
    pub tvars: Vec<TyId>,
    pub arg_names: Vec<Sym>,
    pub body: MethodBody,
    /// World age at which it was defined.
    pub world: u64,
    /// Replaced by a later definition with the same signature.
    pub deleted: bool,
    pub file: Rc<str>,
    pub line: u32,
}

/// A dispatch decision the code of a method instance relied on: calling `func` with the
/// argument types of `callee` selected `callee`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edge {
    pub func: FuncId,
    pub callee: MiId,
}

/// One compilation result of a method instance, valid over `[min_world, max_world]`.
#[derive(Clone, Debug)]
pub struct CodeInstance {
    /// The code that runs; `None` for a builtin method.
    pub code: Option<Rc<CodeInfo>>,
    /// Union of the types returned so far, `Union{}` before the first return.
    pub rettype: TyId,
    pub edges: IndexSet<Edge>,
    pub min_world: u64,
    pub max_world: u64,
    /// Where it came from.
    pub origin: CiOrigin,
    /// The inline caches of its code's call sites, by site number (`Inst::Call::site`); empty
    /// until the code first runs. Never serialized.
    pub sites: Vec<CallSite>,
    /// Where each of its code's `Global` instructions found its binding, by site number.
    pub globals: Vec<GlobalSite>,
}

/// Where a `Global` instruction found its name: the module holding the binding and its index
/// in `Module::bindings`, valid while `World::bindings_epoch` is still `epoch` (nothing that
/// changes which binding a name resolves to has happened since). The value itself is read
/// from the binding each time, so assignments are seen.
#[derive(Clone, Copy, Debug)]
pub struct GlobalSite {
    pub epoch: u64,
    pub module: ModuleId,
    pub index: u32,
}

impl GlobalSite {
    pub const EMPTY: GlobalSite = GlobalSite {
        epoch: u64::MAX,
        module: ModuleId(u32::MAX),
        index: u32::MAX,
    };
}

/// Most arguments a call site's cache remembers the types of; calls with more always dispatch.
pub const SITE_MAX_ARGS: usize = 4;

/// What one call site of a code instance dispatched to: calling `func` with arguments of
/// exactly `argtypes` selected `mi`, in world `world`.
///
/// Invariants: an entry is written only together with the edge `(func, mi)` in the same code
/// instance's `edges` (so a hit needs no edge recording), and it is used only while the world
/// age is still `world`: every method definition bumps the age, so no entry survives a change
/// of dispatch. A code instance that is replaced takes its sites with it.
#[derive(Clone, Copy, Debug)]
pub struct CallSite {
    pub world: u64,
    pub func: FuncId,
    pub mi: MiId,
    pub nargs: u8,
    pub argtypes: [TyId; SITE_MAX_ARGS],
}

impl CallSite {
    /// A site that matches no call.
    pub const EMPTY: CallSite = CallSite {
        world: u64::MAX,
        func: FuncId(u32::MAX),
        mi: MiId(u32::MAX),
        nargs: 0,
        argtypes: [TyId(0); SITE_MAX_ARGS],
    };
}

/// Where a code instance came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CiOrigin {
    /// Compiled in this session.
    Compiled,
    /// Compiled by a precompilation workload in a clone, and imported here.
    Workload,
    /// Loaded from a package image.
    Image,
}

/// A method specialized on concrete argument types.
#[derive(Clone, Debug)]
pub struct MethodInstance {
    pub method: MethodId,
    pub spec_types: Vec<TyId>,
    /// Values of the method's `where` variables.
    pub sparams: Vec<TyId>,
    pub cache: Option<CodeInstance>,
}

/// A package loaded (or being defined) in this session.
#[derive(Clone, Debug)]
pub struct Package {
    pub module: ModuleId,
    pub source_hash: String,
    /// Packages it loaded with `using`/`import`, by name.
    pub deps: IndexSet<Sym>,
    pub from_image: bool,
    /// Content hash (SHA-256, hex) of the image it was loaded from.
    pub image_hash: Option<String>,
}

impl Package {
    /// What a dependent image records to name exactly this package: the content hash of its
    /// sources. Images are pure functions of their sources, so this also names the image it was
    /// (or would be) loaded from, and stays valid when the dependency is re-precompiled from the
    /// same sources.
    pub fn identity(&self) -> String {
        format!("source:{}", self.source_hash)
    }
}

/// Exception types the runtime throws itself.
#[derive(Clone, Copy, Debug)]
pub struct ExceptionTypes {
    pub error: TyId,
    pub method_error: TyId,
    pub undef_var: TyId,
    pub bounds: TyId,
    pub argument: TyId,
    pub type_error: TyId,
    pub divide: TyId,
    pub domain: TyId,
    pub inexact: TyId,
    pub key: TyId,
    pub assertion: TyId,
    pub stack_overflow: TyId,
    pub field: TyId,
    pub undef_keyword: TyId,
    pub out_of_memory: TyId,
    pub overflow: TyId,
    pub dimension_mismatch: TyId,
}

/// Core's types of code as data.
#[derive(Clone, Copy, Debug)]
pub struct AstTypes {
    /// `mutable struct Expr; head::Symbol; args::Vector{Any}; end`.
    pub expr: TyId,
    /// `struct QuoteNode; value; end`.
    pub quote_node: TyId,
    /// `struct LineNumberNode; line::Int; file; end`.
    pub line_node: TyId,
}

pub const MAX_WORLD: u64 = u64::MAX;

/// Everything code is defined in and dispatched through: types, modules and their bindings,
/// generic functions with their method tables, method instances and their code instances, the
/// world-age counter, and the packages of the session. The VM (`vm::Runtime`) runs code against
/// it; nothing here runs code.
/// Types Base defines without exporting them, so Julia prints them qualified (`Base.OneTo`).
const BASE_UNEXPORTED_TYPES: &[&str] = &[
    "OneTo",
    "Slice",
    "RefValue",
    "TwicePrecision",
    "Fix1",
    "Fix2",
];

pub struct World {
    pub types: TypeStore,
    pub modules: Vec<Module>,
    pub functions: Vec<Function>,
    pub methods: Vec<Method>,
    pub mis: Vec<MethodInstance>,
    pub mi_index: FxHashMap<(MethodId, Vec<TyId>), MiId>,
    /// Method instances whose code relies on a dispatch of each function.
    pub backedges: FxHashMap<FuncId, IndexSet<MiId>>,
    /// The world age: bumped by every method definition.
    pub age: u64,
    /// Bumped by every change of which binding a name resolves to ([`World::bindings_changed`]).
    pub bindings_epoch: u64,
    pub core: ModuleId,
    pub base: ModuleId,
    pub main: ModuleId,
    pub exc: ExceptionTypes,
    pub ast: AstTypes,
    pub type_ctors: FxHashMap<TypeNameId, FuncId>,
    /// The functions that call instances of a type (`call_function`).
    pub type_calls: FxHashMap<TypeNameId, FuncId>,
    pub packages: IndexMap<Sym, Package>,
    /// Standard libraries compiled into the runtime (`Printf`), by name: root modules like
    /// Base, found by `using` without a package.
    pub stdlibs: IndexMap<Sym, ModuleId>,
    /// Invalidations so far (method instances whose code was discarded by a new method).
    pub invalidations: u64,
    /// `UndefInitializer`, the type of `undef` (`Vector{Int}(undef, n)`).
    pub undef_initializer: TyId,
}

impl Default for World {
    fn default() -> World {
        World::new()
    }
}

impl World {
    /// A world with Core (its builtin types and exception types), an empty Base and Main.
    pub fn new() -> World {
        let core = ModuleId(0);
        let types = TypeStore::new(core);
        let mk = |name: &str, parent: Option<ModuleId>, usings: Vec<ModuleId>, export_all: bool| {
            Module {
                name: Sym::new(name),
                parent,
                bindings: IndexMap::default(),
                usings,
                exports: IndexSet::default(),
                export_all,
                counter: 1,
            }
        };
        let modules = vec![
            mk("Core", None, vec![], true),
            mk("Base", None, vec![core], true),
            mk("Main", None, vec![ModuleId(1), core], false),
        ];
        let placeholder = TyId(0);
        let mut w = World {
            types,
            modules,
            functions: Vec::new(),
            methods: Vec::new(),
            mis: Vec::new(),
            mi_index: FxHashMap::default(),
            backedges: FxHashMap::default(),
            age: 1,
            bindings_epoch: 0,
            core,
            base: ModuleId(1),
            main: ModuleId(2),
            exc: ExceptionTypes {
                error: placeholder,
                method_error: placeholder,
                undef_var: placeholder,
                bounds: placeholder,
                argument: placeholder,
                type_error: placeholder,
                divide: placeholder,
                domain: placeholder,
                inexact: placeholder,
                key: placeholder,
                assertion: placeholder,
                stack_overflow: placeholder,
                field: placeholder,
                undef_keyword: placeholder,
                out_of_memory: placeholder,
                overflow: placeholder,
                dimension_mismatch: placeholder,
            },
            ast: AstTypes {
                expr: placeholder,
                quote_node: placeholder,
                line_node: placeholder,
            },
            type_ctors: FxHashMap::default(),
            type_calls: FxHashMap::default(),
            packages: IndexMap::default(),
            stdlibs: IndexMap::default(),
            invalidations: 0,
            undef_initializer: placeholder,
        };
        for m in [w.core, w.base, w.main] {
            let name = w.modules[m.index()].name;
            w.set_const(w.core, name, Value::Module(m));
        }
        w.bind_builtin_types();
        w
    }

    fn bind_builtin_types(&mut self) {
        let core = self.core;
        for tn in 0..self.types.names.len() {
            let n = self.types.names[tn].name;
            let t = self.types.apply(TypeNameId(tn as u32), Vec::new());
            self.set_const(core, n, Value::Type(t));
        }
        let int = self.types.b.int64;
        self.set_const(core, Sym::new("Int"), Value::Type(int));
        let uint = self.types.b.uint64;
        self.set_const(core, Sym::new("UInt"), Value::Type(uint));
        let any = self.types.b.any;
        let string = self.types.b.string;
        let exc = |rt: &mut World, name: &str, fields: &[(&str, TyId)]| -> TyId {
            let sup = rt.types.b.exception;
            let (tn, t) = rt.types.add_name(
                core,
                name,
                TypeNameKind::Struct { mutable: false },
                &[],
                Some(sup),
            );
            rt.types.names[tn.index()].fields =
                fields.iter().map(|(n, t)| (Sym::new(n), *t)).collect();
            rt.set_const(core, Sym::new(name), Value::Type(t));
            t
        };
        let sym = self.types.b.symbol;
        self.exc = ExceptionTypes {
            error: exc(self, "ErrorException", &[("msg", string)]),
            method_error: exc(self, "MethodError", &[("f", any), ("args", any)]),
            undef_var: exc(self, "UndefVarError", &[("var", sym)]),
            bounds: exc(self, "BoundsError", &[("a", any), ("i", any)]),
            argument: exc(self, "ArgumentError", &[("msg", string)]),
            type_error: exc(
                self,
                "TypeError",
                &[
                    ("func", sym),
                    ("context", string),
                    ("expected", any),
                    ("got", any),
                ],
            ),
            divide: exc(self, "DivideError", &[]),
            domain: exc(self, "DomainError", &[("val", any), ("msg", string)]),
            inexact: exc(
                self,
                "InexactError",
                &[("func", sym), ("T", any), ("val", any)],
            ),
            key: exc(self, "KeyError", &[("key", any)]),
            assertion: exc(self, "AssertionError", &[("msg", string)]),
            stack_overflow: exc(self, "StackOverflowError", &[]),
            field: exc(self, "FieldError", &[("type", any), ("field", sym)]),
            undef_keyword: exc(self, "UndefKeywordError", &[("var", sym)]),
            out_of_memory: exc(self, "OutOfMemoryError", &[]),
            overflow: exc(self, "OverflowError", &[("msg", string)]),
            dimension_mismatch: exc(self, "DimensionMismatch", &[("msg", string)]),
        };
        let node = |rt: &mut World, name: &str, mutable: bool, fields: &[(&str, TyId)]| {
            let (tn, t) =
                rt.types
                    .add_name(core, name, TypeNameKind::Struct { mutable }, &[], Some(any));
            rt.types.names[tn.index()].fields =
                fields.iter().map(|(n, t)| (Sym::new(n), *t)).collect();
            rt.set_const(core, Sym::new(name), Value::Type(t));
            t
        };
        let args = self.types.vector_of(any);
        self.ast = AstTypes {
            expr: node(self, "Expr", true, &[("head", sym), ("args", args)]),
            quote_node: node(self, "QuoteNode", false, &[("value", any)]),
            line_node: node(
                self,
                "LineNumberNode",
                false,
                &[("line", int), ("file", any)],
            ),
        };
        let (_, undef) = self.types.add_name(
            core,
            "UndefInitializer",
            TypeNameKind::Struct { mutable: false },
            &[],
            Some(any),
        );
        self.undef_initializer = undef;
        self.set_const(core, Sym::new("UndefInitializer"), Value::Type(undef));
        self.set_const(core, Sym::new("undef"), Value::new_struct(undef, vec![]));
    }

    // ----- modules and bindings -----

    pub fn set_const(&mut self, m: ModuleId, name: Sym, value: Value) {
        self.modules[m.index()].bindings.insert(
            name,
            Binding {
                value,
                constant: true,
                imported: false,
            },
        );
        self.bindings_changed();
    }

    /// Records that which binding a name resolves to may have changed (a binding was added,
    /// removed or assigned for the first time, or a module's `using`s or exports changed):
    /// the global sites cached in code instances (`CodeInstance::globals`) are stale. Every
    /// change of `Module::bindings`' keys, `usings`, `exports` or `export_all` calls it.
    pub fn bindings_changed(&mut self) {
        self.bindings_epoch += 1;
    }

    /// Where `lookup` finds `name` as seen from module `m`: the module holding the binding and
    /// its index in that module's `bindings`.
    pub fn resolve(&self, m: ModuleId, name: Sym) -> Option<(ModuleId, usize)> {
        let module = &self.modules[m.index()];
        if let Some((i, _, b)) = module.bindings.get_full(&name)
            && !matches!(b.value, Value::Undef)
        {
            return Some((m, i));
        }
        for &u in &module.usings {
            let um = &self.modules[u.index()];
            if (um.export_all || um.exports.contains(&name))
                && let Some((i, _, b)) = um.bindings.get_full(&name)
                && !matches!(b.value, Value::Undef)
            {
                return Some((u, i));
            }
        }
        None
    }

    pub fn new_module(&mut self, name: Sym, parent: Option<ModuleId>) -> ModuleId {
        let id = ModuleId(self.modules.len() as u32);
        self.modules.push(Module {
            name,
            parent,
            bindings: IndexMap::default(),
            usings: vec![self.base, self.core],
            exports: IndexSet::default(),
            export_all: false,
            counter: 1,
        });
        id
    }

    /// `Greeter.Inner` — the module's path from its root.
    pub fn module_path(&self, m: ModuleId) -> Vec<Sym> {
        let mut path = vec![self.modules[m.index()].name];
        let mut cur = self.modules[m.index()].parent;
        while let Some(p) = cur {
            path.push(self.modules[p.index()].name);
            cur = self.modules[p.index()].parent;
        }
        path.reverse();
        path
    }

    /// Whether `m` is `top` or one of its submodules.
    pub fn module_within(&self, m: ModuleId, top: ModuleId) -> bool {
        let mut cur = Some(m);
        while let Some(c) = cur {
            if c == top {
                return true;
            }
            cur = self.modules[c.index()].parent;
        }
        false
    }

    pub fn module_name(&self, m: ModuleId) -> String {
        self.module_path(m)
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(".")
    }

    /// Finds a root module (Core, Base, Main or a package) by name.
    pub fn root_module(&self, name: Sym) -> Option<ModuleId> {
        if let Some(p) = self.packages.get(&name) {
            return Some(p.module);
        }
        if let Some(&m) = self.stdlibs.get(&name) {
            return Some(m);
        }
        [self.core, self.base, self.main]
            .into_iter()
            .find(|m| self.modules[m.index()].name == name)
    }

    /// The module whose path is `path` (`["Greeter", "Inner"]`).
    pub fn module_by_path(&self, path: &[Sym]) -> Option<ModuleId> {
        let (first, rest) = path.split_first()?;
        let mut m = self.root_module(*first)?;
        for name in rest {
            match self.modules[m.index()].bindings.get(name).map(|b| &b.value) {
                Some(Value::Module(sub)) => m = *sub,
                _ => return None,
            }
        }
        Some(m)
    }

    /// Looks a name up as code in module `m` sees it: its own bindings, then the exported
    /// bindings of the modules it uses.
    pub fn lookup(&self, m: ModuleId, name: Sym) -> Option<&Value> {
        let (m, i) = self.resolve(m, name)?;
        self.modules[m.index()]
            .bindings
            .get_index(i)
            .map(|(_, b)| &b.value)
    }

    // ----- types -----

    /// Module prefix used when printing a type or function of module `m`.
    pub fn qualifier(&self, m: ModuleId) -> String {
        // A package file's own top level (`#file:Name`) shows like Main.
        if m == self.core
            || m == self.base
            || m == self.main
            || self.modules[m.index()].name.as_str().starts_with('#')
        {
            String::new()
        } else {
            format!("{}.", self.module_name(m))
        }
    }

    /// Whether `name` in Main (its own binding or an exported one of a module it uses) is the
    /// type named `name` of module `m`.
    fn visible_in_main(&self, m: ModuleId, name: Sym) -> bool {
        match self.lookup(self.main, name) {
            Some(Value::Type(t)) => match self.types.kind(*t) {
                crate::types::TyKind::Data { tn, .. } => {
                    let n = &self.types.names[tn.index()];
                    n.module == m && n.name == name
                }
                _ => false,
            },
            _ => false,
        }
    }

    pub fn type_string(&self, t: TyId) -> String {
        self.types.display(t, &|m, name| {
            if m == self.base && BASE_UNEXPORTED_TYPES.contains(&&*name.as_str()) {
                "Base.".to_string()
            } else if self.visible_in_main(m, name) {
                // As Julia, a type Main sees by its name (`using Dates`: `Date`) is unqualified.
                String::new()
            } else {
                self.qualifier(m)
            }
        })
    }

    pub fn typeof_(&mut self, v: &Value) -> TyId {
        let b = self.types.b;
        match v {
            Value::Nothing => b.nothing,
            Value::Bool(_) => b.bool_,
            Value::Int(_) => b.int64,
            Value::Bits(b) => b.ty,
            Value::Wide(w) => w.ty,
            Value::BigInt(_) => b.bigint,
            Value::Float(_) => b.float64,
            Value::Char(_) => b.char_,
            Value::Str(_) => b.string,
            Value::Symbol(_) => b.symbol,
            Value::Tuple(items) => {
                let ts = items.iter().map(|x| self.typeof_(x)).collect();
                self.types.tuple(ts)
            }
            Value::Array(v) => self.types.array_of(v.elty, v.ndims()),
            Value::Range(..) => self.types.apply(b.tn_unit_range, vec![b.int64]),
            Value::StepRange(..) => self.types.apply(b.tn_step_range, vec![b.int64, b.int64]),
            Value::Struct(s) => s.ty,
            Value::Function(f) => self.function_type(*f),
            Value::Closure(c) => c.ty,
            Value::Type(_) => b.datatype,
            Value::Module(_) => b.module,
            Value::Dict(d) => self.types.apply(b.tn_dict, vec![d.keyty, d.valty]),
            Value::Pair(p) => {
                let (a, c) = (self.typeof_(&p.0), self.typeof_(&p.1));
                self.types.apply(b.tn_pair, vec![a, c])
            }
            Value::IOBuffer(io) => match io.borrow().kind {
                crate::value::IoKind::Buffer => b.io_buffer,
                _ => b.io_stream,
            },
            Value::Regex(_) => b.compiled_regex,
            Value::Stdout | Value::Stderr => b.io,
            Value::Box(_) | Value::Undef => b.any,
        }
    }

    /// Whether `typeof_(v) == t`, decided without interning a type (so on every call, with a
    /// shared borrow). `false` for value kinds it does not look into; callers then take the
    /// general path.
    #[inline]
    pub fn is_typeof(&self, v: &Value, t: TyId) -> bool {
        let b = &self.types.b;
        match v {
            Value::Int(_) => t == b.int64,
            Value::Float(_) => t == b.float64,
            Value::Bool(_) => t == b.bool_,
            Value::Nothing => t == b.nothing,
            Value::Struct(s) => t == s.ty,
            _ => self.is_typeof_other(v, t),
        }
    }

    fn is_typeof_other(&self, v: &Value, t: TyId) -> bool {
        let b = &self.types.b;
        let data = |tn: TypeNameId| match self.types.kind(t) {
            TyKind::Data { tn: n, params } if *n == tn => Some(params.as_slice()),
            _ => None,
        };
        match v {
            Value::Nothing => t == b.nothing,
            Value::Bool(_) => t == b.bool_,
            Value::Int(_) => t == b.int64,
            Value::Bits(x) => t == x.ty,
            Value::Wide(w) => t == w.ty,
            Value::BigInt(_) => t == b.bigint,
            Value::Float(_) => t == b.float64,
            Value::Char(_) => t == b.char_,
            Value::Str(_) => t == b.string,
            Value::Symbol(_) => t == b.symbol,
            Value::Struct(s) => t == s.ty,
            Value::Function(f) => t == self.function_type(*f),
            Value::Closure(c) => t == c.ty,
            Value::Type(_) => t == b.datatype,
            Value::Module(_) => t == b.module,
            Value::Tuple(items) => match self.types.kind(t) {
                TyKind::Tuple(ps) => {
                    ps.len() == items.len()
                        && items.iter().zip(ps).all(|(x, &p)| self.is_typeof(x, p))
                }
                _ => false,
            },
            Value::Array(a) => data(b.tn_array).is_some_and(|ps| {
                ps.len() == 2
                    && ps[0] == a.elty
                    && matches!(self.types.kind(ps[1]), TyKind::Int(n) if *n == a.ndims() as i64)
            }),
            Value::Range(..) => data(b.tn_unit_range) == Some(&[b.int64][..]),
            Value::StepRange(..) => data(b.tn_step_range) == Some(&[b.int64, b.int64][..]),
            Value::Dict(d) => data(b.tn_dict) == Some(&[d.keyty, d.valty][..]),
            Value::Pair(p) => data(b.tn_pair).is_some_and(|ps| {
                ps.len() == 2 && self.is_typeof(&p.0, ps[0]) && self.is_typeof(&p.1, ps[1])
            }),
            _ => false,
        }
    }

    /// Whether `arg_type(v) == t`, decided as [`World::is_typeof`] decides it.
    pub fn is_arg_type(&self, v: &Value, t: TyId) -> bool {
        match v {
            Value::Type(x) => matches!(
                self.types.kind(t),
                TyKind::Data { tn, params } if *tn == self.types.b.tn_type && params[..] == [*x]
            ),
            _ => self.is_typeof(v, t),
        }
    }

    /// The type a value dispatches as: its type, except that a type `T` is `Type{T}` (so
    /// `f(::Type{Int64})` and `f(::Type{T}) where T` select on the type itself).
    pub fn arg_type(&mut self, v: &Value) -> TyId {
        match v {
            Value::Type(t) => {
                let tn = self.types.b.tn_type;
                self.types.apply(tn, vec![*t])
            }
            _ => self.typeof_(v),
        }
    }

    /// `typeof(f)` for a generic function: a singleton subtype of `Function`.
    pub fn function_type(&self, f: FuncId) -> TyId {
        self.functions[f.index()].ty
    }

    pub fn isa(&mut self, v: &Value, t: TyId) -> bool {
        // Its own type, `Any`, or a union with its type as a member (a field declared
        // `Union{Node, Nothing}`): no type to intern, no subtyping.
        if t == self.types.b.any
            || self.is_arg_type(v, t)
            || matches!(self.types.kind(t), TyKind::Union(ms)
                if ms.iter().any(|&m| self.is_arg_type(v, m)))
        {
            return true;
        }
        let vt = self.arg_type(v);
        self.types.ensure_supertypes(vt);
        self.types.issub(vt, t)
    }

    // ----- functions and methods -----

    pub fn new_function(&mut self, module: ModuleId, name: Sym) -> FuncId {
        let id = FuncId(self.functions.len() as u32);
        // Its singleton type `typeof(name)`, named so that an image can find it again.
        let sup = self.types.b.function;
        let ty = self
            .types
            .add_name(
                module,
                &format!("typeof({name})"),
                TypeNameKind::Primitive,
                &[],
                Some(sup),
            )
            .1;
        self.functions.push(Function {
            name,
            module,
            ty,
            methods: Vec::new(),
            cache: FxHashMap::default(),
            ctor_of: None,
            call_of: None,
        });
        id
    }

    /// The function that holds the constructors of type name `tn`.
    pub fn ctor_function(&mut self, tn: TypeNameId) -> FuncId {
        if let Some(&f) = self.type_ctors.get(&tn) {
            return f;
        }
        let n = &self.types.names[tn.index()];
        let (module, name) = (n.module, n.name);
        let f = self.new_function(module, name);
        self.functions[f.index()].ctor_of = Some(tn);
        self.type_ctors.insert(tn, f);
        f
    }

    /// The function that holds the methods calling instances of type name `tn`
    /// (`(p::P)(x) = …`), named `(::P)` as Julia prints it in a call.
    pub fn call_function(&mut self, tn: TypeNameId) -> FuncId {
        if let Some(&f) = self.type_calls.get(&tn) {
            return f;
        }
        let n = &self.types.names[tn.index()];
        let (module, name) = (n.module, n.name);
        let f = self.new_function(module, Sym::new(&format!("(::{name})")));
        self.functions[f.index()].call_of = Some(tn);
        self.type_calls.insert(tn, f);
        f
    }

    /// `precompile(Tuple{typeof(Greeter.greet), String})`: Julia's statement that compiles `mi`.
    pub fn precompile_statement(&mut self, mi: MiId) -> String {
        let m = self.mis[mi.index()].method;
        let f = self.methods[m.index()].func;
        let func = &self.functions[f.index()];
        let head = match (func.ctor_of, func.call_of) {
            (Some(tn), _) => {
                let t = self.types.apply(tn, Vec::new());
                Some(format!("Type{{{}}}", self.type_string(t)))
            }
            // The instance is the first argument: `Tuple{P, Int64}`.
            (None, Some(_)) => None,
            (None, None) => {
                let ft = self.function_type(f);
                Some(self.type_string(ft))
            }
        };
        let mut parts: Vec<String> = head.into_iter().collect();
        for t in self.mis[mi.index()].spec_types.clone() {
            parts.push(self.type_string(t));
        }
        format!("precompile(Tuple{{{}}})", parts.join(", "))
    }

    /// `f(::Int64, ::String)` as Julia prints a call signature.
    pub fn call_string(&mut self, fname: &str, argtypes: &[TyId]) -> String {
        let args: Vec<String> = argtypes
            .iter()
            .map(|&t| format!("::{}", self.type_string(t)))
            .collect();
        format!("{fname}({})", args.join(", "))
    }

    pub fn function_name(&self, f: FuncId) -> String {
        let func = &self.functions[f.index()];
        if func.name.as_str().starts_with('@') {
            // A macro's function, named as Julia writes it.
            return format!("{}var\"{}\"", self.qualifier(func.module), func.name);
        }
        format!("{}{}", self.qualifier(func.module), func.name)
    }

    /// `greet(name::String) @ Greeter Greeter/src/Greeter.jl:3`, the way candidates are listed.
    pub fn method_string(&self, m: MethodId) -> String {
        let meth = &self.methods[m.index()];
        let shown = |t: TyId, n: &str| {
            if n.is_empty() || n.starts_with('#') {
                format!("::{}", self.type_string(t))
            } else if t == self.types.b.any {
                n.to_string()
            } else {
                format!("{n}::{}", self.type_string(t))
            }
        };
        let mut args: Vec<String> = meth
            .sig
            .iter()
            .enumerate()
            .map(|(i, &t)| {
                shown(
                    t,
                    &meth
                        .arg_names
                        .get(i)
                        .map(|s| s.to_string())
                        .unwrap_or_default(),
                )
            })
            .collect();
        if let Some(va) = meth.vararg {
            let n = meth
                .arg_names
                .get(meth.sig.len())
                .map(|s| s.to_string())
                .unwrap_or_default();
            args.push(format!("{}...", shown(va, &n)));
        }
        let func = &self.functions[meth.func.index()];
        let mut s = if func.call_of.is_some() && !args.is_empty() {
            // `(g::Greet)(n::Int64)`: the instance is shown as the callee.
            let object = args.remove(0);
            let object = if object.contains("::") {
                object
            } else {
                format!("{object}::{}", self.type_string(meth.sig[0]))
            };
            format!("({object})({})", args.join(", "))
        } else if func.ctor_of.is_some()
            && let Some(&first) = meth.sig.first()
            && self.types.type_name(first) == Some(self.types.b.tn_type)
            && let [applied] = self.types.params(first)
        {
            // `W{T}(v) where T`: a constructor of the applied type, as Julia shows it.
            args.remove(0);
            format!("{}({})", self.type_string(*applied), args.join(", "))
        } else {
            format!("{}({})", func.name, args.join(", "))
        };
        // A hidden variable of `x::Vector{<:Real}` is shown as written.
        let mut shown_tvars = Vec::new();
        for &t in &meth.tvars {
            match self.types.kind(t) {
                TyKind::Var { name, bound, .. } if name.as_str().starts_with('#') => {
                    s = s.replace(
                        &format!("{{{name}}}"),
                        &format!("{{<:{}}}", self.type_string(*bound)),
                    );
                }
                _ => shown_tvars.push(t),
            }
        }
        if !shown_tvars.is_empty() {
            let vs: Vec<String> = shown_tvars
                .iter()
                .map(|&t| match self.types.kind(t) {
                    TyKind::Var { name, bound, .. } if *bound != self.types.b.any => {
                        format!("{name}<:{}", self.type_string(*bound))
                    }
                    TyKind::Var { name, .. } => name.to_string(),
                    _ => "?".into(),
                })
                .collect();
            s.push_str(&format!(
                " where {}",
                if vs.len() == 1 {
                    vs[0].clone()
                } else {
                    format!("{{{}}}", vs.join(", "))
                }
            ));
        }
        s
    }

    /// `Greeter.greet(::String)`: the name both sessions agree on for a method instance.
    pub fn mi_string(&mut self, mi: MiId) -> String {
        let m = self.mis[mi.index()].method;
        let f = self.methods[m.index()].func;
        let spec = self.mis[mi.index()].spec_types.clone();
        if self.functions[f.index()].call_of.is_some() && !spec.is_empty() {
            // `(::Functors.Poly)(::Float64)`: the instance's type is the callee.
            let callee = format!("(::{})", self.type_string(spec[0]));
            return self.call_string(&callee, &spec[1..]);
        }
        let name = self.function_name(f);
        self.call_string(&name, &spec)
    }
}
