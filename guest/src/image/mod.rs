//! Package images and method-instance bundles: the serializer and deserializer.
//!
//! # Format (version 1)
//!
//! Every file starts with an 8-byte magic (`KILNIMG\0` for a package image, `KILNMIS\0` for a
//! bundle of method instances passed from the workload's clone back to the untouched session)
//! and a little-endian `u32` format version, and ends with the SHA-256 of everything before the
//! last 32 bytes; a file whose checksum does not match is rejected before it is decoded. Between
//! them: the runtime version as a string, a string table (every name and text the body mentions,
//! in first-use order) and the body. Integers are LEB128 varints (signed ones zigzag-encoded),
//! floats are 8 little-endian bytes, strings are indices into the table, byte strings are a
//! length and the bytes. Nothing session-specific is written: no pointers, no ids, no clocks, no
//! absolute paths — everything is named by module path, so equal inputs give equal bytes.
//!
//! A package image's body holds, in order: the package name; its source hash; its dependencies
//! (name and `source:<hash>` of the sources it was built against); a table of contents (a byte
//! string: binding lines with the values of globals, the number of methods, and a summary of
//! every method instance — what `kiln inspect` shows without loading anything); its modules
//! (path, `using`s, exports); its type names (declared first, then their supertypes and fields,
//! so types can refer to each other); its functions; its global bindings with their values
//! (shared and cyclic objects written once and referred to by index); its methods (signature and
//! lowered code, including methods it adds to other modules' functions); and its method instances,
//! each a self-contained byte string (method, argument types, inferred return type, edges — the
//! dispatch decisions the code relied on — and code). A bundle holds only the last part.
//!
//! On load, every method instance's edges are re-dispatched in the loading session: if any call
//! now selects a different method, that code is dropped (and compiled again on demand).

mod codec;

use std::rc::Rc;

use crate::collections::IndexSet;

use crate::ids::{FuncId, MethodId, MiId, ModuleId, TyId};
use crate::lower::ir::{CodeInfo, Const, Inst};
use crate::symbol::Sym;
use crate::types::{TyKind, TypeNameKind};
use crate::value::Value;
use crate::vm::Runtime;
use crate::world::{Binding, CiOrigin, CodeInstance, Edge, MAX_WORLD, Method, MethodBody, Package};
use codec::{Reader, Writer};

pub const IMAGE_MAGIC: &[u8; 8] = b"KILNIMG\0";
pub const BUNDLE_MAGIC: &[u8; 8] = b"KILNMIS\0";
pub const FORMAT_VERSION: u32 = 1;
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
    pub accepted: Vec<String>,
    pub rejected: Vec<(String, String)>,
}

// ----- writing -----

struct Enc<'a> {
    rt: &'a mut Runtime,
    w: Writer,
    /// Mutable objects already written, by address (never written), to keep sharing and cycles.
    seen: rustc_hash::FxHashMap<usize, u32>,
}

impl Enc<'_> {
    fn sym(&mut self, s: Sym) {
        self.w.str(&s.as_str());
    }

    fn modref(&mut self, m: ModuleId) {
        let path = self.rt.world.module_path(m);
        self.w.uint(path.len() as u64);
        for p in path {
            self.sym(p);
        }
    }

    fn ty(&mut self, t: TyId) {
        match self.rt.world.types.kind(t).clone() {
            TyKind::Data { tn, params } => {
                self.w.byte(0);
                let n = self.rt.world.types.names[tn.index()].clone();
                self.modref(n.module);
                self.sym(n.name);
                self.tys(&params);
            }
            TyKind::Tuple(ps) => {
                self.w.byte(1);
                self.tys(&ps);
            }
            TyKind::Union(ms) => {
                self.w.byte(2);
                self.tys(&ms);
            }
            TyKind::Bottom => self.w.byte(3),
            TyKind::Var { index, name, bound } => {
                self.w.byte(4);
                self.w.uint(index as u64);
                self.sym(name);
                self.ty(bound);
            }
        }
    }

    fn tys(&mut self, ts: &[TyId]) {
        self.w.uint(ts.len() as u64);
        for &t in ts {
            self.ty(t);
        }
    }

    fn funcref(&mut self, f: FuncId) {
        let func = self.rt.world.functions[f.index()].clone();
        match func.ctor_of {
            Some(tn) => {
                self.w.byte(1);
                let n = self.rt.world.types.names[tn.index()].clone();
                self.modref(n.module);
                self.sym(n.name);
            }
            None => {
                self.w.byte(0);
                self.modref(func.module);
                self.sym(func.name);
            }
        }
    }

    fn methodref(&mut self, m: MethodId) {
        let meth = self.rt.world.methods[m.index()].clone();
        self.funcref(meth.func);
        self.tys(&meth.sig);
        self.opt_ty(meth.vararg);
        self.w.uint(meth.tvars.len() as u64);
    }

    fn opt_ty(&mut self, t: Option<TyId>) {
        match t {
            Some(t) => {
                self.w.byte(1);
                self.ty(t);
            }
            None => self.w.byte(0),
        }
    }

    fn value(&mut self, v: &Value) -> Result<(), ImageError> {
        let shared =
            |rc_addr: usize, enc: &mut Self| -> Option<u32> { enc.seen.get(&rc_addr).copied() };
        match v {
            Value::Nothing => self.w.byte(0),
            Value::Bool(b) => {
                self.w.byte(1);
                self.w.byte(*b as u8);
            }
            Value::Int(i) => {
                self.w.byte(2);
                self.w.int(*i);
            }
            Value::Float(f) => {
                self.w.byte(3);
                self.w.f64(*f);
            }
            Value::Char(c) => {
                self.w.byte(4);
                self.w.uint(*c as u64);
            }
            Value::Str(s) => {
                self.w.byte(5);
                self.w.str(s);
            }
            Value::Symbol(s) => {
                self.w.byte(6);
                self.sym(*s);
            }
            Value::Tuple(items) => {
                self.w.byte(7);
                self.w.uint(items.len() as u64);
                for x in items.iter() {
                    self.value(x)?;
                }
            }
            Value::Vector(vec) => {
                let addr = Rc::as_ptr(vec) as usize;
                if let Some(i) = shared(addr, self) {
                    self.w.byte(20);
                    self.w.uint(i as u64);
                    return Ok(());
                }
                self.seen.insert(addr, self.seen.len() as u32);
                self.w.byte(8);
                self.ty(vec.elty);
                let items = vec.items.borrow().clone();
                self.w.uint(items.len() as u64);
                for x in &items {
                    self.value(x)?;
                }
            }
            Value::Range(a, b) => {
                self.w.byte(9);
                self.w.int(*a);
                self.w.int(*b);
            }
            Value::StepRange(a, s, b) => {
                self.w.byte(10);
                self.w.int(*a);
                self.w.int(*s);
                self.w.int(*b);
            }
            Value::Struct(s) => {
                let addr = Rc::as_ptr(s) as usize;
                if let Some(i) = shared(addr, self) {
                    self.w.byte(20);
                    self.w.uint(i as u64);
                    return Ok(());
                }
                self.seen.insert(addr, self.seen.len() as u32);
                self.w.byte(11);
                self.ty(s.ty);
                let fields = s.fields.borrow().clone();
                self.w.uint(fields.len() as u64);
                for x in &fields {
                    self.value(x)?;
                }
            }
            Value::Function(f) => {
                self.w.byte(12);
                self.funcref(*f);
            }
            Value::Closure(c) => {
                self.w.byte(13);
                self.code(&c.code)?;
                self.w.uint(c.captures.len() as u64);
                for x in &c.captures {
                    self.value(x)?;
                }
            }
            Value::Type(t) => {
                self.w.byte(14);
                self.ty(*t);
            }
            Value::Module(m) => {
                self.w.byte(15);
                self.modref(*m);
            }
            Value::Dict(d) => {
                let addr = Rc::as_ptr(d) as usize;
                if let Some(i) = shared(addr, self) {
                    self.w.byte(20);
                    self.w.uint(i as u64);
                    return Ok(());
                }
                self.seen.insert(addr, self.seen.len() as u32);
                self.w.byte(16);
                self.ty(d.keyty);
                self.ty(d.valty);
                let items: Vec<(Value, Value)> = d
                    .map
                    .borrow()
                    .entries()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                self.w.uint(items.len() as u64);
                for (k, x) in &items {
                    self.value(k)?;
                    self.value(x)?;
                }
            }
            Value::Pair(p) => {
                self.w.byte(17);
                self.value(&p.0)?;
                self.value(&p.1)?;
            }
            Value::Stdout => self.w.byte(18),
            Value::Stderr => self.w.byte(22),
            Value::Box(b) => {
                let addr = Rc::as_ptr(b) as usize;
                if let Some(i) = shared(addr, self) {
                    self.w.byte(20);
                    self.w.uint(i as u64);
                    return Ok(());
                }
                self.seen.insert(addr, self.seen.len() as u32);
                self.w.byte(19);
                let inner = b.borrow().clone();
                self.value(&inner)?;
            }
            Value::Undef => self.w.byte(21),
            Value::IOBuffer(_) => {
                return Err("an IOBuffer cannot be stored in a package image".into());
            }
        }
        Ok(())
    }

    fn code(&mut self, c: &CodeInfo) -> Result<(), ImageError> {
        self.sym(c.name);
        self.modref(c.module);
        self.w.str(&c.file);
        self.w.uint(c.line as u64);
        self.w.uint(c.nargs as u64);
        self.w.byte(c.isva as u8);
        self.w.uint(c.nregs as u64);
        self.w.uint(c.arg_names.len() as u64);
        for &a in &c.arg_names {
            self.sym(a);
        }
        self.w.uint(c.kwnames.len() as u64);
        for &a in &c.kwnames {
            self.sym(a);
        }
        self.w.uint(c.capture_names.len() as u64);
        for &a in &c.capture_names {
            self.sym(a);
        }
        self.w.uint(c.code.len() as u64);
        for (inst, loc) in c.code.iter().zip(&c.lines) {
            self.inst(inst);
            self.w.uint(loc.line as u64);
            self.w.uint(loc.col as u64);
        }
        self.w.uint(c.consts.len() as u64);
        for k in &c.consts {
            self.konst(k);
        }
        self.w.uint(c.lambdas.len() as u64);
        for l in &c.lambdas {
            self.code(l)?;
        }
        Ok(())
    }

    /// A constant of lowered code, tagged like the value it stands for.
    fn konst(&mut self, k: &Const) {
        match k {
            Const::Nothing => self.w.byte(0),
            Const::Bool(b) => {
                self.w.byte(1);
                self.w.byte(*b as u8);
            }
            Const::Int(i) => {
                self.w.byte(2);
                self.w.int(*i);
            }
            Const::Float(f) => {
                self.w.byte(3);
                self.w.f64(*f);
            }
            Const::Char(c) => {
                self.w.byte(4);
                self.w.uint(*c as u64);
            }
            Const::Str(s) => {
                self.w.byte(5);
                self.w.str(s);
            }
            Const::Symbol(s) => {
                self.w.byte(6);
                self.sym(*s);
            }
            Const::Undef => self.w.byte(21),
        }
    }

    fn regs(&mut self, rs: &[u32]) {
        self.w.uint(rs.len() as u64);
        for &r in rs {
            self.w.uint(r as u64);
        }
    }

    fn inst(&mut self, i: &Inst) {
        let w = |e: &mut Self, xs: &[u32]| xs.iter().for_each(|&x| e.w.uint(x as u64));
        match i {
            Inst::Const { dst, k } => {
                self.w.byte(0);
                w(self, &[*dst, *k]);
            }
            Inst::Move { dst, src } => {
                self.w.byte(1);
                w(self, &[*dst, *src]);
            }
            Inst::CheckDefined { reg, name } => {
                self.w.byte(2);
                w(self, &[*reg]);
                self.sym(*name);
            }
            Inst::Global { dst, name } => {
                self.w.byte(3);
                w(self, &[*dst]);
                self.sym(*name);
            }
            Inst::SetGlobal { name, src } => {
                self.w.byte(4);
                w(self, &[*src]);
                self.sym(*name);
            }
            Inst::Call { dst, args } => {
                self.w.byte(5);
                w(self, &[*dst]);
                self.regs(args);
            }
            Inst::CallSplat { dst, args, splat } => {
                self.w.byte(6);
                w(self, &[*dst]);
                self.regs(args);
                for &s in splat {
                    self.w.byte(s as u8);
                }
            }
            Inst::Jump { target } => {
                self.w.byte(7);
                w(self, &[*target]);
            }
            Inst::BranchIfNot { cond, target } => {
                self.w.byte(8);
                w(self, &[*cond, *target]);
            }
            Inst::Return { src } => {
                self.w.byte(9);
                w(self, &[*src]);
            }
            Inst::GetField { dst, obj, name } => {
                self.w.byte(10);
                w(self, &[*dst, *obj]);
                self.sym(*name);
            }
            Inst::SetField { obj, name, src } => {
                self.w.byte(11);
                w(self, &[*obj, *src]);
                self.sym(*name);
            }
            Inst::NewBox { dst } => {
                self.w.byte(12);
                w(self, &[*dst]);
            }
            Inst::BoxGet { dst, bx, name } => {
                self.w.byte(13);
                w(self, &[*dst, *bx]);
                self.sym(*name);
            }
            Inst::BoxSet { bx, src } => {
                self.w.byte(14);
                w(self, &[*bx, *src]);
            }
            Inst::Closure {
                dst,
                lambda,
                captures,
            } => {
                self.w.byte(15);
                w(self, &[*dst, *lambda]);
                self.regs(captures);
            }
            Inst::Capture { dst, index } => {
                self.w.byte(16);
                w(self, &[*dst, *index]);
            }
            Inst::Tuple { dst, elems } => {
                self.w.byte(17);
                w(self, &[*dst]);
                self.regs(elems);
            }
            Inst::Vect { dst, elty, elems } => {
                self.w.byte(18);
                w(self, &[*dst, elty.map_or(0, |r| r + 1)]);
                self.regs(elems);
            }
            Inst::EnterTry { handler, exc } => {
                self.w.byte(19);
                w(self, &[*handler, *exc]);
            }
            Inst::LeaveTry => self.w.byte(20),
            Inst::Throw { src } => {
                self.w.byte(21);
                w(self, &[*src]);
            }
            Inst::TypeAssert { src, ty } => {
                self.w.byte(22);
                w(self, &[*src, *ty]);
            }
            Inst::JumpIfNothing { src, target } => {
                self.w.byte(23);
                w(self, &[*src, *target]);
            }
            Inst::TupleGet { dst, src, index } => {
                self.w.byte(24);
                w(self, &[*dst, *src, *index]);
            }
            Inst::CallKw {
                dst,
                args,
                kwnames,
                kwargs,
            } => {
                self.w.byte(25);
                w(self, &[*dst]);
                self.regs(args);
                self.regs(kwargs);
                for &k in kwnames {
                    self.sym(k);
                }
            }
            Inst::JumpIfDefined { reg, target } => {
                self.w.byte(26);
                w(self, &[*reg, *target]);
            }
        }
    }

    /// Method instance records, each with its name and self-contained (its own string table),
    /// so one that does not resolve on the reading side does not spoil the others.
    fn mi_records(&mut self, keyed: Vec<(String, MiId)>) -> Result<(), ImageError> {
        self.w.uint(keyed.len() as u64);
        for (name, mi) in keyed {
            self.w.str(&name);
            let mut sub = Enc {
                rt: &mut *self.rt,
                w: Writer::default(),
                seen: Default::default(),
            };
            sub.mi(mi)?;
            let bytes = sub.w.finish();
            self.w.bytes(&bytes);
        }
        Ok(())
    }

    /// A method instance record: method, argument types, return type, edges, and code.
    fn mi(&mut self, mi: MiId) -> Result<(), ImageError> {
        let rec = self.rt.world.mis[mi.index()].clone();
        let ci = rec
            .cache
            .clone()
            .expect("only compiled method instances are written");
        self.methodref(rec.method);
        self.tys(&rec.spec_types);
        self.tys(&rec.sparams);
        self.ty(ci.rettype);
        let mut edges: Vec<Edge> = ci.edges.iter().copied().collect();
        edges.sort_by_key(|e| {
            let name = self.rt.world.function_name(e.func);
            let s = self.rt.world.mi_string(e.callee);
            (name, s)
        });
        self.w.uint(edges.len() as u64);
        for e in edges {
            self.funcref(e.func);
            let callee = self.rt.world.mis[e.callee.index()].clone();
            self.methodref(callee.method);
            self.tys(&callee.spec_types);
        }
        match &ci.code {
            Some(c) => {
                self.w.byte(1);
                let c = c.clone();
                self.code(&c)?;
            }
            None => self.w.byte(0),
        }
        Ok(())
    }
}

/// The modules of package `name`: its top module and every module nested in it.
fn package_modules(rt: &Runtime, top: ModuleId) -> Vec<ModuleId> {
    (0..rt.world.modules.len())
        .map(|i| ModuleId(i as u32))
        .filter(|&m| {
            let mut cur = Some(m);
            while let Some(c) = cur {
                if c == top {
                    return true;
                }
                cur = rt.world.modules[c.index()].parent;
            }
            false
        })
        .collect()
}

/// Whether `t` mentions a type name defined in one of `mods`.
fn mentions_module(rt: &Runtime, t: TyId, mods: &[ModuleId]) -> bool {
    match rt.world.types.kind(t) {
        TyKind::Data { tn, params } => {
            mods.contains(&rt.world.types.names[tn.index()].module)
                || params.iter().any(|&p| mentions_module(rt, p, mods))
        }
        TyKind::Tuple(ps) | TyKind::Union(ps) => ps.iter().any(|&p| mentions_module(rt, p, mods)),
        TyKind::Var { bound, .. } => mentions_module(rt, *bound, mods),
        TyKind::Bottom => false,
    }
}

fn header(w: &mut Vec<u8>, magic: &[u8; 8]) {
    w.extend_from_slice(magic);
    w.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
}

/// Serializes package `name` as a package image.
pub fn serialize_package(rt: &mut Runtime, name: Sym) -> Result<Vec<u8>, ImageError> {
    let pkg = rt
        .world
        .packages
        .get(&name)
        .cloned()
        .ok_or_else(|| format!("package {name} is not defined in this session"))?;
    let mods = package_modules(rt, pkg.module);
    let mut e = Enc {
        rt,
        w: Writer::default(),
        seen: Default::default(),
    };
    e.w.str(RUNTIME_VERSION);
    e.sym(name);
    e.w.str(&pkg.source_hash);
    e.w.uint(pkg.deps.len() as u64);
    for d in &pkg.deps {
        e.sym(*d);
        let h =
            e.rt.world
                .packages
                .get(d)
                .map(|p| p.identity())
                .unwrap_or_default();
        e.w.str(&h);
    }
    // The table of contents: what `kiln inspect` shows, readable without loading anything.
    let toc = table_of_contents(e.rt, &mods)?;
    e.w.bytes(&toc);
    // Modules, parents first (creation order).
    e.w.uint(mods.len() as u64);
    for &m in &mods {
        e.modref(m);
        let module = e.rt.world.modules[m.index()].clone();
        let usings: Vec<ModuleId> = module
            .usings
            .iter()
            .copied()
            .filter(|&u| u != e.rt.world.base && u != e.rt.world.core)
            .collect();
        e.w.uint(usings.len() as u64);
        for u in usings {
            e.modref(u);
        }
        e.w.uint(module.exports.len() as u64);
        for &x in &module.exports {
            e.sym(x);
        }
    }
    // Type names, then their supertypes and fields.
    let tns: Vec<usize> = (0..e.rt.world.types.names.len())
        .filter(|&i| {
            let n = &e.rt.world.types.names[i];
            mods.contains(&n.module) && !n.name.as_str().starts_with("typeof(")
        })
        .collect();
    e.w.uint(tns.len() as u64);
    for &i in &tns {
        let n = e.rt.world.types.names[i].clone();
        e.modref(n.module);
        e.sym(n.name);
        e.w.byte(match n.kind {
            TypeNameKind::Abstract => 0,
            TypeNameKind::Struct { mutable: false } => 1,
            TypeNameKind::Struct { mutable: true } => 2,
            TypeNameKind::Primitive => 3,
        });
        e.w.uint(n.params.len() as u64);
        for &p in &n.params {
            e.sym(p);
        }
    }
    for &i in &tns {
        let n = e.rt.world.types.names[i].clone();
        e.opt_ty(n.super_);
        e.w.uint(n.fields.len() as u64);
        for (f, t) in &n.fields {
            e.sym(*f);
            e.ty(*t);
        }
    }
    // Functions owned by the package.
    let funcs: Vec<FuncId> = (0..e.rt.world.functions.len())
        .map(|i| FuncId(i as u32))
        .filter(|&f| {
            let func = &e.rt.world.functions[f.index()];
            mods.contains(&func.module) && func.ctor_of.is_none()
        })
        .collect();
    e.w.uint(funcs.len() as u64);
    for &f in &funcs {
        let func = e.rt.world.functions[f.index()].clone();
        e.modref(func.module);
        e.sym(func.name);
    }
    // Bindings (functions and types are already there; these are the rest).
    for &m in &mods {
        let bindings: Vec<(Sym, Binding)> = e.rt.world.modules[m.index()]
            .bindings
            .iter()
            .map(|(k, b)| (*k, b.clone()))
            .collect();
        let bindings: Vec<(Sym, Binding)> = bindings
            .into_iter()
            .filter(|(k, b)| match &b.value {
                Value::Function(f) => {
                    e.rt.world.functions[f.index()].module != m
                        || e.rt.world.functions[f.index()].name != *k
                }
                Value::Type(t) => e.rt.world.types.type_name(*t).is_none_or(|tn| {
                    let n = &e.rt.world.types.names[tn.index()];
                    n.module != m || n.name != *k || !e.rt.world.types.params(*t).is_empty()
                }),
                Value::Module(sub) => {
                    !mods.contains(sub) || e.rt.world.modules[sub.index()].parent != Some(m)
                }
                _ => true,
            })
            .collect();
        e.w.uint(bindings.len() as u64);
        for (k, b) in bindings {
            e.sym(k);
            e.w.byte(b.constant as u8 | (b.imported as u8) << 1);
            e.value(&b.value)?;
        }
    }
    // Methods defined by the package's code, in any function.
    let methods: Vec<MethodId> = (0..e.rt.world.methods.len())
        .map(|i| MethodId(i as u32))
        .filter(|&m| {
            let meth = &e.rt.world.methods[m.index()];
            !meth.deleted && mods.contains(&meth.module)
        })
        .collect();
    e.w.uint(methods.len() as u64);
    for &m in &methods {
        let meth = e.rt.world.methods[m.index()].clone();
        e.funcref(meth.func);
        e.tys(&meth.sig);
        e.opt_ty(meth.vararg);
        e.tys(&meth.tvars);
        e.w.uint(meth.arg_names.len() as u64);
        for &a in &meth.arg_names {
            e.sym(a);
        }
        e.w.str(&meth.file);
        e.w.uint(meth.line as u64);
        let MethodBody::Code(code) = &meth.body else {
            return Err(format!(
                "method {} has no Julia code",
                e.rt.world.method_string(m)
            ));
        };
        let code = code.clone();
        e.code(&code)?;
    }
    let keyed = image_method_instances(e.rt, &mods);
    e.mi_records(keyed)?;
    let mut out = Vec::new();
    header(&mut out, IMAGE_MAGIC);
    out.extend(e.w.finish());
    seal(&mut out);
    Ok(out)
}

/// Serializes every method instance compiled after world `since`.
pub fn export_method_instances(rt: &mut Runtime, since: u64) -> Result<Vec<u8>, ImageError> {
    let fresh: Vec<MiId> = (0..rt.world.mis.len())
        .map(|i| MiId(i as u32))
        .filter(|&mi| matches!(&rt.world.mis[mi.index()].cache, Some(ci) if ci.min_world > since && ci.max_world == MAX_WORLD))
        .collect();
    let mut keyed: Vec<(String, MiId)> = fresh
        .into_iter()
        .map(|mi| (rt.world.mi_string(mi), mi))
        .collect();
    keyed.sort();
    let mut e = Enc {
        rt,
        w: Writer::default(),
        seen: Default::default(),
    };
    e.w.str(RUNTIME_VERSION);
    e.mi_records(keyed)?;
    let mut out = Vec::new();
    header(&mut out, BUNDLE_MAGIC);
    out.extend(e.w.finish());
    seal(&mut out);
    Ok(out)
}

// ----- reading -----

struct Dec<'a, 'b> {
    rt: &'a mut Runtime,
    r: Reader<'b>,
    objects: Vec<Value>,
    depth: u32,
    /// What the code instances read are marked as.
    origin: CiOrigin,
}

/// A name that does not resolve in the reading session.
#[derive(Debug)]
struct Missing(String);

type DResult<T> = Result<T, Missing>;

impl From<String> for Missing {
    fn from(s: String) -> Self {
        Missing(s)
    }
}

/// Deepest nesting of values, types and code an image may have.
const MAX_DECODE_DEPTH: u32 = 256;

impl Dec<'_, '_> {
    fn enter(&mut self) -> DResult<()> {
        self.depth += 1;
        if self.depth > MAX_DECODE_DEPTH {
            return Err(Missing("corrupt data: nested too deeply".into()));
        }
        Ok(())
    }

    fn sym(&mut self) -> DResult<Sym> {
        Ok(Sym::new(&self.r.str()?))
    }

    fn path(&mut self) -> DResult<Vec<Sym>> {
        let n = self.r.len()?;
        (0..n).map(|_| self.sym()).collect()
    }

    fn modref(&mut self) -> DResult<ModuleId> {
        let path = self.path()?;
        self.rt.world.module_by_path(&path).ok_or_else(|| {
            Missing(format!(
                "module `{}` does not exist here",
                path.iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(".")
            ))
        })
    }

    fn ty(&mut self) -> DResult<TyId> {
        self.enter()?;
        let r = self.ty_inner();
        self.depth -= 1;
        r
    }

    fn ty_inner(&mut self) -> DResult<TyId> {
        Ok(match self.r.byte()? {
            0 => {
                let path = self.path()?;
                let name = self.sym()?;
                let params = self.tys()?;
                let tn = self.rt.world.module_by_path(&path).and_then(|m| find_type_name(self.rt, m, name)).ok_or_else(|| {
                    Missing(format!("depends on type `{name}`, which does not exist here (defined by the workload?)"))
                })?;
                let t = self.rt.world.types.apply(tn, params);
                self.rt.world.types.ensure_supertypes(t);
                t
            }
            1 => {
                let ps = self.tys()?;
                self.rt.world.types.tuple(ps)
            }
            2 => {
                let ms = self.tys()?;
                self.rt.world.types.union(&ms)
            }
            3 => self.rt.world.types.b.bottom,
            4 => {
                let index = self.r.uint()? as u32;
                let name = self.sym()?;
                let bound = self.ty()?;
                self.rt
                    .world
                    .types
                    .intern(TyKind::Var { index, name, bound })
            }
            t => return Err(Missing(format!("corrupt type tag {t}"))),
        })
    }

    fn tys(&mut self) -> DResult<Vec<TyId>> {
        let n = self.r.len()?;
        (0..n).map(|_| self.ty()).collect()
    }

    fn opt_ty(&mut self) -> DResult<Option<TyId>> {
        Ok(if self.r.byte()? == 1 {
            Some(self.ty()?)
        } else {
            None
        })
    }

    fn funcref(&mut self) -> DResult<FuncId> {
        let tag = self.r.byte()?;
        let m = self.modref()?;
        let name = self.sym()?;
        if tag == 1 {
            let tn = find_type_name(self.rt, m, name)
                .ok_or_else(|| Missing(format!("type `{name}` does not exist here")))?;
            return Ok(self.rt.world.ctor_function(tn));
        }
        match self.rt.world.modules[m.index()]
            .bindings
            .get(&name)
            .map(|b| &b.value)
        {
            Some(Value::Function(f)) => Ok(*f),
            _ => {
                // A function's type name (`typeof(f)`) lives where the function does.
                Err(Missing(format!(
                    "function `{}{name}` does not exist here (defined by the workload?)",
                    self.rt.world.qualifier(m)
                )))
            }
        }
    }

    fn methodref(&mut self) -> DResult<MethodId> {
        let f = self.funcref()?;
        let sig = self.tys()?;
        let vararg = self.opt_ty()?;
        let ntvars = self.r.len()?;
        let found = self.rt.world.functions[f.index()]
            .methods
            .iter()
            .copied()
            .find(|&m| {
                let meth = &self.rt.world.methods[m.index()];
                meth.sig == sig && meth.vararg == vararg && meth.tvars.len() == ntvars
            });
        found.ok_or_else(|| {
            let name = self.rt.world.function_name(f);
            let s = self.rt.world.call_string(&name, &sig);
            Missing(format!(
                "its method `{s}` does not exist here (defined or redefined by the workload?)"
            ))
        })
    }

    fn value(&mut self) -> DResult<Value> {
        self.enter()?;
        let r = self.value_inner();
        self.depth -= 1;
        r
    }

    fn value_inner(&mut self) -> DResult<Value> {
        Ok(match self.r.byte()? {
            0 => Value::Nothing,
            1 => Value::Bool(self.r.byte()? != 0),
            2 => Value::Int(self.r.int()?),
            3 => Value::Float(self.r.f64()?),
            4 => Value::Char(
                char::from_u32(self.r.uint()? as u32)
                    .ok_or_else(|| Missing("corrupt char".into()))?,
            ),
            5 => Value::str(&self.r.str()?),
            6 => Value::Symbol(self.sym()?),
            7 => {
                let n = self.r.len()?;
                let items = (0..n).map(|_| self.value()).collect::<DResult<Vec<_>>>()?;
                Value::tuple(items)
            }
            8 => {
                let elty = self.ty()?;
                let v = crate::vm::vector(elty, Vec::new());
                self.objects.push(v.clone());
                let n = self.r.len()?;
                let items = (0..n).map(|_| self.value()).collect::<DResult<Vec<_>>>()?;
                if let Value::Vector(obj) = &v {
                    *obj.items.borrow_mut() = items;
                }
                v
            }
            9 => Value::Range(self.r.int()?, self.r.int()?),
            10 => Value::StepRange(self.r.int()?, self.r.int()?, self.r.int()?),
            11 => {
                let ty = self.ty()?;
                let mutable = self.rt.world.types.type_name(ty).is_some_and(|tn| {
                    self.rt.world.types.names[tn.index()].kind
                        == TypeNameKind::Struct { mutable: true }
                });
                let v = if mutable {
                    Value::new_mutable_struct(ty, Vec::new())
                } else {
                    Value::new_struct(ty, Vec::new())
                };
                self.objects.push(v.clone());
                let n = self.r.len()?;
                let fields = (0..n).map(|_| self.value()).collect::<DResult<Vec<_>>>()?;
                if let Value::Struct(obj) = &v {
                    *obj.fields.borrow_mut() = fields;
                }
                v
            }
            12 => Value::Function(self.funcref()?),
            13 => {
                let code = Rc::new(self.code()?);
                let n = self.r.len()?;
                let captures = (0..n).map(|_| self.value()).collect::<DResult<Vec<_>>>()?;
                Value::Closure(Rc::new(crate::value::Closure { code, captures }))
            }
            14 => Value::Type(self.ty()?),
            15 => Value::Module(self.modref()?),
            16 => {
                let (k, v) = (self.ty()?, self.ty()?);
                let d = Rc::new(crate::value::DictObj {
                    keyty: k,
                    valty: v,
                    map: Default::default(),
                });
                self.objects.push(Value::Dict(d.clone()));
                let n = self.r.len()?;
                for _ in 0..n {
                    let key = self.value()?;
                    let val = self.value()?;
                    let dk = key
                        .dict_key()
                        .ok_or_else(|| Missing("unhashable dict key".into()))?;
                    d.map.borrow_mut().insert(dk, key, val);
                }
                Value::Dict(d)
            }
            17 => {
                let a = self.value()?;
                let b = self.value()?;
                Value::Pair(Rc::new((a, b)))
            }
            18 => Value::Stdout,
            22 => Value::Stderr,
            19 => {
                let b = Rc::new(std::cell::RefCell::new(Value::Undef));
                self.objects.push(Value::Box(b.clone()));
                let inner = self.value()?;
                *b.borrow_mut() = inner;
                Value::Box(b)
            }
            20 => {
                let i = self.r.len()?;
                self.objects
                    .get(i)
                    .cloned()
                    .ok_or_else(|| Missing("corrupt object reference".into()))?
            }
            21 => Value::Undef,
            t => return Err(Missing(format!("corrupt value tag {t}"))),
        })
    }

    fn code(&mut self) -> DResult<CodeInfo> {
        self.enter()?;
        let r = self.code_inner();
        self.depth -= 1;
        r
    }

    fn code_inner(&mut self) -> DResult<CodeInfo> {
        let name = self.sym()?;
        let module = self.modref()?;
        let file: Rc<str> = Rc::from(self.r.str()?.as_str());
        let line = self.r.uint()? as u32;
        let nargs = self.r.uint()? as u32;
        let isva = self.r.byte()? != 0;
        let nregs = self.r.uint()? as u32;
        let n = self.r.len()?;
        let arg_names = (0..n).map(|_| self.sym()).collect::<DResult<Vec<_>>>()?;
        let n = self.r.len()?;
        let kwnames = (0..n).map(|_| self.sym()).collect::<DResult<Vec<_>>>()?;
        let n = self.r.len()?;
        let capture_names = (0..n).map(|_| self.sym()).collect::<DResult<Vec<_>>>()?;
        let n = self.r.len()?;
        let mut code = Vec::with_capacity(n);
        let mut lines = Vec::with_capacity(n);
        for _ in 0..n {
            code.push(self.inst(nregs)?);
            let line = self.r.uint()? as u32;
            let col = self.r.uint()? as u32;
            lines.push(crate::lower::ir::Loc { line, col });
        }
        let n = self.r.len()?;
        let consts = (0..n).map(|_| self.konst()).collect::<DResult<Vec<_>>>()?;
        let n = self.r.len()?;
        let lambdas = (0..n)
            .map(|_| self.code().map(Rc::new))
            .collect::<DResult<Vec<_>>>()?;
        let c = CodeInfo {
            name,
            module,
            file,
            line,
            nargs,
            isva,
            nregs,
            arg_names,
            kwnames,
            capture_names,
            code,
            lines,
            consts,
            lambdas,
        };
        validate_code(&c).map_err(Missing)?;
        Ok(c)
    }

    fn konst(&mut self) -> DResult<Const> {
        Ok(match self.r.byte()? {
            0 => Const::Nothing,
            1 => Const::Bool(self.r.byte()? != 0),
            2 => Const::Int(self.r.int()?),
            3 => Const::Float(self.r.f64()?),
            4 => Const::Char(
                char::from_u32(self.r.uint()? as u32)
                    .ok_or_else(|| Missing("corrupt char".into()))?,
            ),
            5 => Const::str(&self.r.str()?),
            6 => Const::Symbol(self.sym()?),
            21 => Const::Undef,
            t => return Err(Missing(format!("corrupt constant (tag {t})"))),
        })
    }

    fn u(&mut self) -> DResult<u32> {
        Ok(self.r.uint()? as u32)
    }

    fn regs(&mut self) -> DResult<Vec<u32>> {
        let n = self.r.len()?;
        (0..n).map(|_| self.u()).collect()
    }

    fn inst(&mut self, _nregs: u32) -> DResult<Inst> {
        Ok(match self.r.byte()? {
            0 => Inst::Const {
                dst: self.u()?,
                k: self.u()?,
            },
            1 => Inst::Move {
                dst: self.u()?,
                src: self.u()?,
            },
            2 => Inst::CheckDefined {
                reg: self.u()?,
                name: self.sym()?,
            },
            3 => Inst::Global {
                dst: self.u()?,
                name: self.sym()?,
            },
            4 => {
                let src = self.u()?;
                Inst::SetGlobal {
                    name: self.sym()?,
                    src,
                }
            }
            5 => Inst::Call {
                dst: self.u()?,
                args: self.regs()?,
            },
            6 => {
                let dst = self.u()?;
                let args = self.regs()?;
                let splat = (0..args.len())
                    .map(|_| self.r.byte().map(|b| b != 0))
                    .collect::<Result<Vec<_>, _>>()?;
                Inst::CallSplat { dst, args, splat }
            }
            7 => Inst::Jump { target: self.u()? },
            8 => Inst::BranchIfNot {
                cond: self.u()?,
                target: self.u()?,
            },
            9 => Inst::Return { src: self.u()? },
            10 => Inst::GetField {
                dst: self.u()?,
                obj: self.u()?,
                name: self.sym()?,
            },
            11 => {
                let (obj, src) = (self.u()?, self.u()?);
                Inst::SetField {
                    obj,
                    name: self.sym()?,
                    src,
                }
            }
            12 => Inst::NewBox { dst: self.u()? },
            13 => Inst::BoxGet {
                dst: self.u()?,
                bx: self.u()?,
                name: self.sym()?,
            },
            14 => Inst::BoxSet {
                bx: self.u()?,
                src: self.u()?,
            },
            15 => Inst::Closure {
                dst: self.u()?,
                lambda: self.u()?,
                captures: self.regs()?,
            },
            16 => Inst::Capture {
                dst: self.u()?,
                index: self.u()?,
            },
            17 => Inst::Tuple {
                dst: self.u()?,
                elems: self.regs()?,
            },
            18 => {
                let dst = self.u()?;
                let e = self.u()?;
                Inst::Vect {
                    dst,
                    elty: e.checked_sub(1),
                    elems: self.regs()?,
                }
            }
            19 => Inst::EnterTry {
                handler: self.u()?,
                exc: self.u()?,
            },
            20 => Inst::LeaveTry,
            21 => Inst::Throw { src: self.u()? },
            22 => Inst::TypeAssert {
                src: self.u()?,
                ty: self.u()?,
            },
            23 => Inst::JumpIfNothing {
                src: self.u()?,
                target: self.u()?,
            },
            24 => Inst::TupleGet {
                dst: self.u()?,
                src: self.u()?,
                index: self.u()?,
            },
            25 => {
                let dst = self.u()?;
                let args = self.regs()?;
                let kwargs = self.regs()?;
                let kwnames = (0..kwargs.len())
                    .map(|_| self.sym())
                    .collect::<DResult<Vec<_>>>()?;
                Inst::CallKw {
                    dst,
                    args,
                    kwnames,
                    kwargs,
                }
            }
            26 => Inst::JumpIfDefined {
                reg: self.u()?,
                target: self.u()?,
            },
            t => return Err(Missing(format!("corrupt instruction tag {t}"))),
        })
    }

    /// Reads a method instance record and installs its code instance if it validates.
    fn mi(&mut self) -> DResult<MiId> {
        let method = self.methodref()?;
        let spec = self.tys()?;
        let sparams = self.tys()?;
        let rettype = self.ty()?;
        let n = self.r.len()?;
        let mut edges = IndexSet::default();
        for _ in 0..n {
            let f = self.funcref()?;
            let callee_method = self.methodref().map_err(|Missing(why)| {
                Missing(format!(
                    "its code calls a method the workload defined: {why}"
                ))
            })?;
            let argtypes = self.tys()?;
            // The dispatch this code relied on must still select the same method here.
            match self.rt.world.dispatch(f, &argtypes) {
                Ok(callee) if self.rt.world.mis[callee.index()].method == callee_method => {
                    edges.insert(Edge { func: f, callee });
                }
                _ => {
                    let name = self.rt.world.function_name(f);
                    let call = self.rt.world.call_string(&name, &argtypes);
                    return Err(Missing(format!(
                        "calls `{call}`, which dispatches differently here"
                    )));
                }
            }
        }
        let code = if self.r.byte()? == 1 {
            Some(Rc::new(self.code()?))
        } else {
            None
        };
        let mi = self.rt.world.method_instance(method, spec, sparams);
        let valid =
            matches!(&self.rt.world.mis[mi.index()].cache, Some(ci) if ci.max_world == MAX_WORLD);
        if !valid {
            for e in &edges {
                self.rt
                    .world
                    .backedges
                    .entry(e.func)
                    .or_default()
                    .insert(mi);
            }
            let world = self.rt.world.age;
            self.rt.world.mis[mi.index()].cache = Some(CodeInstance {
                code,
                rettype,
                edges,
                min_world: world,
                max_world: MAX_WORLD,
                origin: self.origin,
            });
        }
        Ok(mi)
    }
}

/// Checks that lowered code read from bytes only names registers, constants, lambdas and jump
/// targets it has, so a corrupt image cannot make the VM index out of bounds.
fn validate_code(c: &CodeInfo) -> Result<(), String> {
    let nr = c.nregs;
    let n = c.code.len() as u32;
    let bad = || format!("corrupt code for `{}`", c.name);
    let r = |x: u32| if x < nr { Ok(()) } else { Err(bad()) };
    let t = |x: u32| if x < n { Ok(()) } else { Err(bad()) };
    if c.nargs as usize + c.kwnames.len() > nr as usize
        || c.lines.len() != c.code.len()
        || (c.isva && c.nargs == 0)
    {
        return Err(bad());
    }
    if !matches!(
        c.code.last(),
        Some(Inst::Return { .. } | Inst::Jump { .. } | Inst::Throw { .. })
    ) {
        return Err(bad());
    }
    for i in &c.code {
        match i {
            Inst::Const { dst, k } => {
                r(*dst)?;
                if *k as usize >= c.consts.len() {
                    return Err(bad());
                }
            }
            Inst::Move { dst, src }
            | Inst::BoxSet { bx: dst, src }
            | Inst::Capture { dst, index: src }
                if matches!(i, Inst::Capture { .. }) =>
            {
                r(*dst)?;
                if *src as usize >= c.capture_names.len() {
                    return Err(bad());
                }
            }
            Inst::Move { dst, src }
            | Inst::BoxSet { bx: dst, src }
            | Inst::TypeAssert { src: dst, ty: src } => {
                r(*dst)?;
                r(*src)?;
            }
            Inst::Capture { .. } => unreachable!("handled above"),
            Inst::CheckDefined { reg, .. }
            | Inst::Global { dst: reg, .. }
            | Inst::SetGlobal { src: reg, .. } => r(*reg)?,
            Inst::Return { src } | Inst::Throw { src } | Inst::NewBox { dst: src } => r(*src)?,
            Inst::Call { dst, args } | Inst::Tuple { dst, elems: args } => {
                r(*dst)?;
                args.iter().try_for_each(|&a| r(a))?;
                if matches!(i, Inst::Call { .. }) && args.is_empty() {
                    return Err(bad());
                }
            }
            Inst::CallSplat { dst, args, splat } => {
                r(*dst)?;
                args.iter().try_for_each(|&a| r(a))?;
                if args.is_empty() || splat.len() != args.len() {
                    return Err(bad());
                }
            }
            Inst::Vect { dst, elty, elems } => {
                r(*dst)?;
                if let Some(e) = elty {
                    r(*e)?;
                }
                elems.iter().try_for_each(|&a| r(a))?;
            }
            Inst::Jump { target } => t(*target)?,
            Inst::BranchIfNot { cond, target } | Inst::JumpIfNothing { src: cond, target } => {
                r(*cond)?;
                t(*target)?;
            }
            Inst::GetField { dst, obj, .. } | Inst::BoxGet { dst, bx: obj, .. } => {
                r(*dst)?;
                r(*obj)?;
            }
            Inst::SetField { obj, src, .. } => {
                r(*obj)?;
                r(*src)?;
            }
            Inst::Closure {
                dst,
                lambda,
                captures,
            } => {
                r(*dst)?;
                if *lambda as usize >= c.lambdas.len() {
                    return Err(bad());
                }
                captures.iter().try_for_each(|&a| r(a))?;
            }
            Inst::EnterTry { handler, exc } => {
                t(*handler)?;
                r(*exc)?;
            }
            Inst::LeaveTry => {}
            Inst::TupleGet { dst, src, .. } => {
                r(*dst)?;
                r(*src)?;
            }
            Inst::CallKw {
                dst,
                args,
                kwnames,
                kwargs,
            } => {
                r(*dst)?;
                args.iter().chain(kwargs).try_for_each(|&a| r(a))?;
                if args.is_empty() || kwnames.len() != kwargs.len() {
                    return Err(bad());
                }
            }
            Inst::JumpIfDefined { reg, target } => {
                r(*reg)?;
                t(*target)?;
            }
        }
    }
    Ok(())
}

fn find_type_name(rt: &Runtime, m: ModuleId, name: Sym) -> Option<crate::ids::TypeNameId> {
    rt.world
        .types
        .names
        .iter()
        .position(|n| n.module == m && n.name == name)
        .map(|i| crate::ids::TypeNameId(i as u32))
}

/// The method instances an image of the package with modules `mods` holds, sorted by name: valid
/// code instances of the package's own methods, those its workload compiled (whatever the
/// method's owner: Base, a dependency), and those specialized on the package's types.
fn image_method_instances(rt: &mut Runtime, mods: &[ModuleId]) -> Vec<(String, MiId)> {
    let mis: Vec<MiId> = (0..rt.world.mis.len())
        .map(|i| MiId(i as u32))
        .filter(|&mi| {
            let rec = &rt.world.mis[mi.index()];
            let Some(ci) = &rec.cache else { return false };
            if ci.max_world != MAX_WORLD || rt.world.methods[rec.method.index()].deleted {
                return false;
            }
            let owner = rt.world.methods[rec.method.index()].module;
            mods.contains(&owner)
                || ci.origin == CiOrigin::Workload
                || rec.spec_types.iter().any(|&t| mentions_module(rt, t, mods))
        })
        .collect();
    let mut keyed: Vec<(String, MiId)> = mis
        .into_iter()
        .map(|mi| (rt.world.mi_string(mi), mi))
        .collect();
    keyed.sort();
    keyed
}

/// The summary `kiln inspect` shows: bindings (with the values of globals), the number of
/// methods, and every method instance the image holds with its edges. Written without running
/// any Julia code (user `show` methods are not called).
fn table_of_contents(rt: &mut Runtime, mods: &[ModuleId]) -> Result<Vec<u8>, ImageError> {
    let mut w = Writer::default();
    let mut bindings = Vec::new();
    let saved = std::mem::replace(&mut rt.plain_show, true);
    for &m in mods {
        let prefix = rt.world.qualifier(m);
        let list: Vec<(Sym, Binding)> = rt.world.modules[m.index()]
            .bindings
            .iter()
            .map(|(k, b)| (*k, b.clone()))
            .collect();
        for (k, b) in list {
            let kind = match &b.value {
                Value::Function(_) => "function",
                Value::Type(_) => "type",
                Value::Module(_) => "module",
                _ if b.constant => "const",
                _ => "global",
            };
            let mut line = format!("{kind} {prefix}{k}");
            if matches!(kind, "const" | "global") {
                // The value as the image holds it: what the workload did to it is not there.
                let shown = crate::vm::show::repr(rt, &b.value).unwrap_or_else(|_| "…".into());
                let shown = if shown.chars().count() > 72 {
                    format!("{}…", shown.chars().take(71).collect::<String>())
                } else {
                    shown
                };
                line.push_str(&format!(" = {shown}"));
            }
            bindings.push(line);
        }
    }
    rt.plain_show = saved;
    w.uint(bindings.len() as u64);
    for b in &bindings {
        w.str(b);
    }
    let methods = rt
        .world
        .methods
        .iter()
        .filter(|m| !m.deleted && mods.contains(&m.module))
        .count();
    w.uint(methods as u64);
    let mis = image_method_instances(rt, mods);
    w.uint(mis.len() as u64);
    for (name, mi) in mis {
        let m = rt.world.mis[mi.index()].method;
        let ci = rt.world.mis[mi.index()]
            .cache
            .clone()
            .expect("image method instances are compiled");
        let mut edges: Vec<String> = ci
            .edges
            .iter()
            .map(|e| {
                let callee = rt.world.mi_string(e.callee);
                let cm = rt.world.mis[e.callee.index()].method;
                format!("{callee} => {}", rt.world.method_string(cm))
            })
            .collect();
        edges.sort();
        w.str(&name);
        w.str(&rt.world.method_string(m));
        w.str(&rt.world.module_name(rt.world.methods[m.index()].module));
        w.uint(edges.len() as u64);
        for e in &edges {
            w.str(e);
        }
        let rettype = if ci.rettype == rt.world.types.b.bottom {
            "Any".to_string()
        } else {
            rt.world.type_string(ci.rettype)
        };
        w.str(&rettype);
    }
    Ok(w.finish())
}

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
    Ok(&sealed[12..])
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

/// Loads a package image into the session and registers the package.
///
/// With `expected_source_hash`, an image built from other sources is refused as out of date.
pub fn load_image(
    rt: &mut Runtime,
    bytes: &[u8],
    expected_source_hash: Option<&str>,
) -> Result<ModuleId, ImageError> {
    let r = open(bytes, IMAGE_MAGIC, "package image")?;
    let mut d = Dec {
        rt,
        r,
        objects: Vec::new(),
        depth: 0,
        origin: CiOrigin::Image,
    };
    let name = d.sym().map_err(|m| m.0)?;
    if d.rt.world.packages.contains_key(&name) {
        return Err(format!("package {name} is already loaded"));
    }
    let hash = content_hash(bytes);
    let r = load_body(&mut d, name, &hash, expected_source_hash).map_err(|m| m.0);
    if r.is_err() {
        // Whatever was created stays unreachable; the package is not registered.
        d.rt.world.packages.shift_remove(&name);
    }
    r
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

fn load_body(
    d: &mut Dec<'_, '_>,
    name: Sym,
    image_hash: &str,
    expected_source_hash: Option<&str>,
) -> DResult<ModuleId> {
    let source_hash = d.r.str()?;
    if let Some(expected) = expected_source_hash
        && expected != source_hash
    {
        return Err(Missing(format!(
            "the image is out of date: it was built from sources with hash {source_hash}, they now hash to {expected}"
        )));
    }
    let ndeps = d.r.len()?;
    let mut deps = IndexSet::default();
    for _ in 0..ndeps {
        let dep = d.sym()?;
        let recorded = d.r.str()?;
        // Decoding is pure: loading resolved the dependencies (`dependencies`) before.
        let Some(current) = d.rt.world.packages.get(&dep).map(|p| p.identity()) else {
            return Err(Missing(format!("its dependency {dep} is not loaded")));
        };
        if current != recorded {
            return Err(Missing(format!(
                "it was built against {dep} {recorded}, but this session has {dep} {current}"
            )));
        }
        deps.insert(dep);
    }
    let _toc = d.r.bytes()?;
    // Modules: the first is the package's top module.
    let nmods = d.r.len()?;
    let mut top = None;
    let mut usings_of = Vec::new();
    for i in 0..nmods {
        let path = d.path()?;
        let (last, parent_path) = path
            .split_last()
            .ok_or_else(|| Missing("empty module path".into()))?;
        let parent = if parent_path.is_empty() {
            None
        } else {
            Some(
                d.rt.world
                    .module_by_path(parent_path)
                    .ok_or_else(|| Missing("module parent missing".into()))?,
            )
        };
        let m = d.rt.world.new_module(*last, parent);
        if i == 0 {
            top = Some(m);
            d.rt.world.packages.insert(
                name,
                Package {
                    module: m,
                    source_hash: source_hash.clone(),
                    deps: deps.clone(),
                    from_image: true,
                    image_hash: Some(image_hash.to_string()),
                },
            );
        }
        if let Some(p) = parent {
            d.rt.world.set_const(p, *last, Value::Module(m));
        }
        let nu = d.r.len()?;
        let mut us = Vec::new();
        for _ in 0..nu {
            us.push(d.path()?);
        }
        usings_of.push((m, us));
        let ne = d.r.len()?;
        for _ in 0..ne {
            let x = d.sym()?;
            d.rt.world.modules[m.index()].exports.insert(x);
        }
    }
    for (m, us) in usings_of {
        for p in us.into_iter().rev() {
            let u =
                d.rt.world
                    .module_by_path(&p)
                    .ok_or_else(|| Missing("a used module is missing".into()))?;
            d.rt.world.modules[m.index()].usings.insert(0, u);
        }
    }
    let top = top.ok_or_else(|| Missing("image has no module".into()))?;
    // Type names.
    let ntn = d.r.len()?;
    let mut tns = Vec::new();
    for _ in 0..ntn {
        let m = d.modref()?;
        let n = d.sym()?;
        let kind = match d.r.byte()? {
            0 => TypeNameKind::Abstract,
            1 => TypeNameKind::Struct { mutable: false },
            2 => TypeNameKind::Struct { mutable: true },
            _ => TypeNameKind::Primitive,
        };
        let np = d.r.len()?;
        let params: Vec<String> = (0..np)
            .map(|_| d.sym().map(|s| s.to_string()))
            .collect::<DResult<_>>()?;
        let prefs: Vec<&str> = params.iter().map(|s| s.as_str()).collect();
        let any = d.rt.world.types.b.any;
        let (tn, t) =
            d.rt.world
                .types
                .add_name(m, &n.as_str(), kind, &prefs, Some(any));
        d.rt.world.set_const(m, n, Value::Type(t));
        tns.push(tn);
    }
    for tn in tns {
        let sup = d.opt_ty()?;
        let nf = d.r.len()?;
        let mut fields = Vec::new();
        for _ in 0..nf {
            let f = d.sym()?;
            let t = d.ty()?;
            fields.push((f, t));
        }
        let n = &mut d.rt.world.types.names[tn.index()];
        n.super_ = sup;
        n.fields = fields;
    }
    // Functions.
    let nf = d.r.len()?;
    for _ in 0..nf {
        let m = d.modref()?;
        let n = d.sym()?;
        let f = d.rt.world.new_function(m, n);
        d.rt.world.set_const(m, n, Value::Function(f));
    }
    // Bindings.
    let mods = package_modules(d.rt, top);
    for m in mods {
        let nb = d.r.len()?;
        for _ in 0..nb {
            let k = d.sym()?;
            let flags = d.r.byte()?;
            let v = d.value()?;
            d.rt.world.modules[m.index()].bindings.insert(
                k,
                Binding {
                    value: v,
                    constant: flags & 1 != 0,
                    imported: flags & 2 != 0,
                },
            );
        }
    }
    // Methods.
    let nm = d.r.len()?;
    for _ in 0..nm {
        let f = d.funcref()?;
        let sig = d.tys()?;
        let vararg = d.opt_ty()?;
        let tvars = d.tys()?;
        let na = d.r.len()?;
        let arg_names = (0..na).map(|_| d.sym()).collect::<DResult<Vec<_>>>()?;
        let file: Rc<str> = Rc::from(d.r.str()?.as_str());
        let line = d.r.uint()? as u32;
        let code = Rc::new(d.code()?);
        let module = code.module;
        d.rt.world.add_method(Method {
            func: f,
            module,
            sig,
            vararg,
            tvars,
            arg_names,
            body: MethodBody::Code(code),
            world: 0,
            deleted: false,
            file,
            line,
        });
    }
    // Method instances; one whose edges no longer hold is dropped, not an error.
    let nmi = d.r.len()?;
    for _ in 0..nmi {
        let _name = d.r.str()?;
        let rec = d.r.bytes()?;
        let sub = Reader::new(&rec)?;
        let mut sd = Dec {
            rt: d.rt,
            r: sub,
            objects: Vec::new(),
            depth: 0,
            origin: CiOrigin::Image,
        };
        if sd.mi().is_err() {
            // Stale: a dispatch it relied on changed in this session. Compiled again on demand.
            d.rt.world.invalidations += 1;
        }
    }
    Ok(top)
}

/// Imports a bundle of method instances exported by another session of the same snapshot.
pub fn import_method_instances(rt: &mut Runtime, bytes: &[u8]) -> Result<ImportReport, ImageError> {
    let mut r = open(bytes, BUNDLE_MAGIC, "method-instance bundle")?;
    let n = r.len()?;
    let mut report = ImportReport::default();
    for _ in 0..n {
        let name = r.str()?;
        let rec = r.bytes()?;
        let sub = Reader::new(&rec)?;
        let mut d = Dec {
            rt,
            r: sub,
            objects: Vec::new(),
            depth: 0,
            origin: CiOrigin::Workload,
        };
        match d.mi() {
            Ok(_) => report.accepted.push(name),
            Err(Missing(reason)) => report.rejected.push((name, reason)),
        }
    }
    Ok(report)
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
