//! Serializing: package images, method-instance bundles and their tables of contents.

use std::rc::Rc;

use super::codec::Writer;
use super::*;
use crate::ids::{FuncId, MethodId, MiId, ModuleId, TyId};
use crate::lower::ir::{CodeInfo, Const, Inst};
use crate::symbol::Sym;
use crate::types::{TyKind, TypeNameKind};
use crate::value::Value;
use crate::vm::Runtime;
use crate::world::{Binding, CiOrigin, Edge, MAX_WORLD, MethodBody};

struct Enc<'a> {
    rt: &'a mut Runtime,
    w: Writer,
    /// Mutable objects already written, by address (never written), to keep sharing and cycles.
    seen: rustc_hash::FxHashMap<usize, u32>,
    /// How deeply the value, type or code being written is nested, counted as the decoder counts.
    depth: u32,
    /// Set once `depth` went past what the decoder reads (`MAX_DECODE_DEPTH`).
    too_deep: bool,
    /// Writing a method-instance bundle for the session this one was cloned from at world
    /// `since`: each method reference says whether the method is newer than that (defined or
    /// redefined after the clone), since a same-signature redefinition would otherwise resolve
    /// to the original there. `None` for an image.
    since: Option<u64>,
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

    /// Counts one level of nesting; past the decoder's limit the image would never load, so
    /// the write fails instead (checked by `value`).
    fn enter(&mut self) {
        self.depth += 1;
        if self.depth > super::decode::MAX_DECODE_DEPTH {
            self.too_deep = true;
        }
    }

    fn ty(&mut self, t: TyId) {
        self.enter();
        if !self.too_deep {
            self.ty_inner(t);
        }
        self.depth -= 1;
    }

    fn ty_inner(&mut self, t: TyId) {
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
            TyKind::NamedTuple { names, types } => {
                self.w.byte(5);
                self.w.uint(names.len() as u64);
                for n in names {
                    self.sym(n);
                }
                self.ty(types);
            }
            TyKind::Int(n) => {
                self.w.byte(6);
                self.w.int(n);
            }
            TyKind::Sym(s) => {
                self.w.byte(7);
                self.sym(s);
            }
            TyKind::Bool(b) => {
                self.w.byte(8);
                self.w.byte(b as u8);
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
        match (func.ctor_of, func.call_of) {
            (Some(tn), _) | (None, Some(tn)) => {
                // 1: a type's constructors; 2: the methods calling its instances.
                self.w.byte(if func.ctor_of.is_some() { 1 } else { 2 });
                let n = self.rt.world.types.names[tn.index()].clone();
                self.modref(n.module);
                self.sym(n.name);
            }
            (None, None) => {
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
        if let Some(since) = self.since {
            self.w.byte(u8::from(meth.world > since));
        }
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

    fn value(&mut self, v: &Value) -> Result<(), Unstorable> {
        self.enter();
        let r = if self.too_deep {
            Err(Unstorable::TooDeep)
        } else {
            self.value_inner(v)
        };
        self.depth -= 1;
        r
    }

    fn value_inner(&mut self, v: &Value) -> Result<(), Unstorable> {
        let shared =
            |rc_addr: usize, enc: &mut Self| -> Option<u32> { enc.seen.get(&rc_addr).copied() };
        match v {
            Value::Nothing => self.w.byte(0),
            Value::Bool(b) => {
                self.w.byte(1);
                self.w.byte(*b as u8);
            }
            Value::Bits(b) => {
                self.w.byte(23);
                self.ty(b.ty);
                self.w.uint(b.bits);
            }
            Value::Wide(b) => {
                self.w.byte(26);
                self.ty(b.ty);
                self.w.uint(b.bits as u64);
                self.w.uint((b.bits >> 64) as u64);
            }
            Value::BigInt(n) => {
                self.w.byte(27);
                self.w.bytes(&n.to_signed_bytes_le());
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
            Value::Array(vec) => {
                let addr = Rc::as_ptr(vec) as usize;
                if let Some(i) = shared(addr, self) {
                    self.w.byte(20);
                    self.w.uint(i as u64);
                    return Ok(());
                }
                self.seen.insert(addr, self.seen.len() as u32);
                // A vector is tag 8; any other array tag 24 with its dims first.
                match &vec.dims {
                    None => self.w.byte(8),
                    Some(dims) => {
                        self.w.byte(24);
                        self.w.uint(dims.len() as u64);
                        for &d in dims.iter() {
                            self.w.uint(d as u64);
                        }
                    }
                }
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
                // A task's stack lives in the VM's scheduler, not in the object (Julia cannot
                // serialize a Task either).
                if matches!(
                    self.rt.world.lookup(self.rt.world.base, Sym::new("Task")),
                    Some(Value::Type(t)) if *t == s.ty
                ) {
                    return Err(Unstorable::Object("a Task"));
                }
                self.seen.insert(addr, self.seen.len() as u32);
                self.w.byte(11);
                self.ty(s.ty);
                let fields = s.fields.borrow().clone();
                self.w.uint(fields.len() as u64);
                for x in &fields {
                    self.value(x)?;
                }
                // A mutable object's identity hash, if it has one: it placed the object in
                // the dicts it is a key of.
                self.w.uint(s.oid.get());
            }
            Value::Function(f) => {
                self.w.byte(12);
                self.funcref(*f);
            }
            Value::Closure(c) => {
                self.w.byte(13);
                self.ty(c.ty);
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
                // The table's layout, so that the loaded dict iterates in the same order.
                let (size, idxfloor, maxprobe, tombstones, items) = {
                    let map = d.map.borrow();
                    let l = map.layout();
                    let items: Vec<(usize, u64, Value, Value)> = l
                        .filled
                        .iter()
                        .map(|&(i, h, k, v)| (i, h, k.clone(), v.clone()))
                        .collect();
                    (l.size, l.idxfloor, l.maxprobe, l.tombstones, items)
                };
                self.w.uint(size as u64);
                self.w.uint(idxfloor as u64);
                self.w.uint(maxprobe as u64);
                self.w.uint(tombstones.len() as u64);
                for i in tombstones {
                    self.w.uint(i as u64);
                }
                self.w.uint(items.len() as u64);
                for (i, h, k, x) in &items {
                    self.w.uint(*i as u64);
                    self.w.uint(*h);
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
            Value::IOBuffer(io) => {
                return Err(Unstorable::Object(match io.borrow().kind {
                    crate::value::IoKind::Buffer => "an IOBuffer",
                    _ => "an IOStream",
                }));
            }
            // The pattern and options; decoding compiles it again.
            Value::Regex(r) => {
                self.w.byte(25);
                self.w.str(&r.pattern);
                self.w.uint(u64::from(r.options));
            }
        }
        Ok(())
    }

    fn code(&mut self, c: &CodeInfo) -> Result<(), Unstorable> {
        self.enter();
        let r = if self.too_deep {
            Err(Unstorable::TooDeep)
        } else {
            self.code_inner(c)
        };
        self.depth -= 1;
        r
    }

    fn code_inner(&mut self, c: &CodeInfo) -> Result<(), Unstorable> {
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
        match c.closure_type {
            None => self.w.byte(0),
            Some(t) => {
                self.w.byte(1);
                self.sym(t);
            }
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
            Const::UInt { bits, value } => {
                self.w.byte(8);
                self.w.byte(*bits);
                self.w.uint(value.get() as u64);
                if *bits == 128 {
                    self.w.uint((value.get() >> 64) as u64);
                }
            }
            Const::Int128(i) => {
                self.w.byte(9);
                self.w.uint(i.get() as u64);
                self.w.uint((i.get() >> 64) as u64);
            }
            Const::BigInt(digits) => {
                self.w.byte(10);
                self.w.str(digits);
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
            Inst::Global { dst, name, .. } => {
                self.w.byte(3);
                w(self, &[*dst]);
                self.sym(*name);
            }
            Inst::SetGlobal { name, src } => {
                self.w.byte(4);
                w(self, &[*src]);
                self.sym(*name);
            }
            Inst::Call { dst, args, .. } => {
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
                ty,
                lambda,
                captures,
            } => {
                self.w.byte(15);
                w(self, &[*dst, *ty, *lambda]);
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
            Inst::IsDefined { dst, src, boxed } => {
                self.w.byte(29);
                w(self, &[*dst, *src]);
                self.w.byte(*boxed as u8);
            }
            Inst::StaticParam { dst, index } => {
                self.w.byte(27);
                w(self, &[*dst, *index]);
            }
            Inst::CallKwSplat {
                dst,
                args,
                splat,
                kws,
            } => {
                self.w.byte(28);
                w(self, &[*dst, *kws]);
                self.regs(args);
                for &s in splat {
                    self.w.byte(s as u8);
                }
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
                depth: 0,
                too_deep: false,
                since: self.since,
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
                self.code(&c)
                    .map_err(|_| "its code is nested too deeply".to_string())?;
            }
            None => self.w.byte(0),
        }
        Ok(())
    }
}

/// Whether `t` mentions a type name defined in one of `mods`.
/// Why a value cannot be written into an image; the error names the global holding it.
enum Unstorable {
    /// A live object of the session: a task (its stack is the scheduler's), an open stream.
    Object(&'static str),
    /// Nested deeper than an image may be.
    TooDeep,
}

impl Unstorable {
    /// The error for global `name`, whose value this is or holds.
    fn in_binding(self, name: &str) -> ImageError {
        match self {
            Unstorable::TooDeep => format!(
                "`{name}` is nested too deeply to be stored in a package image (more than {} levels of objects and types)",
                super::decode::MAX_DECODE_DEPTH
            ),
            Unstorable::Object(what) => {
                let hint = if what == "a Task" {
                    "create it in __init__ or move the workload to Base.precompilation"
                } else {
                    "open it in __init__"
                };
                format!("`{name}` holds {what}, which cannot be stored in a package image: {hint}")
            }
        }
    }
}

fn mentions_module(rt: &Runtime, t: TyId, mods: &[ModuleId]) -> bool {
    match rt.world.types.kind(t) {
        TyKind::Data { tn, params } => {
            mods.contains(&rt.world.types.names[tn.index()].module)
                || params.iter().any(|&p| mentions_module(rt, p, mods))
        }
        TyKind::Tuple(ps) | TyKind::Union(ps) => ps.iter().any(|&p| mentions_module(rt, p, mods)),
        TyKind::Var { bound, .. } => mentions_module(rt, *bound, mods),
        TyKind::NamedTuple { types, .. } => mentions_module(rt, *types, mods),
        TyKind::Bottom | TyKind::Int(_) | TyKind::Sym(_) | TyKind::Bool(_) => false,
    }
}

/// The whole file: magic, format version, string table and body, section table, checksum.
fn finish_file(w: Writer, magic: &[u8; 8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(magic);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    let (contents, sections) = w.finish_sectioned(out.len());
    out.extend(contents);
    out.extend_from_slice(&sections);
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    seal(&mut out);
    out
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
        depth: 0,
        too_deep: false,
        since: None,
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
    e.w.end_section("header");
    // The table of contents: what `kiln inspect` shows, readable without loading anything.
    let toc = table_of_contents(e.rt, &mods)?;
    e.w.bytes(&toc);
    e.w.end_section("table of contents");
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
        e.w.uint(module.counter as u64);
    }
    e.w.end_section("modules");
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
    e.w.end_section("types");
    // Functions owned by the package.
    let funcs: Vec<FuncId> = (0..e.rt.world.functions.len())
        .map(|i| FuncId(i as u32))
        .filter(|&f| {
            let func = &e.rt.world.functions[f.index()];
            mods.contains(&func.module) && func.ctor_of.is_none() && func.call_of.is_none()
        })
        .collect();
    e.w.uint(funcs.len() as u64);
    for &f in &funcs {
        let func = e.rt.world.functions[f.index()].clone();
        e.modref(func.module);
        e.sym(func.name);
    }
    e.w.end_section("functions");
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
            e.value(&b.value)
                .map_err(|err| err.in_binding(&format!("{}.{k}", e.rt.world.module_name(m))))?;
        }
    }
    e.w.end_section("bindings");
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
        match &meth.body {
            MethodBody::Code(code) => {
                e.w.byte(0);
                let code = code.clone();
                e.code(&code).map_err(|_| {
                    format!(
                        "a method in `{}` is nested too deeply",
                        e.rt.world.module_name(meth.module)
                    )
                })?;
            }
            MethodBody::New(tn) => {
                e.w.byte(1);
                e.modref(meth.module);
                let t = e.rt.world.types.apply(*tn, Vec::new());
                e.ty(t);
            }
            MethodBody::Builtin(_) => {
                return Err(format!(
                    "method {} has no Julia code",
                    e.rt.world.method_string(m)
                ));
            }
        }
    }
    e.w.end_section("methods");
    let keyed = image_method_instances(e.rt, &mods);
    e.mi_records(keyed)?;
    e.w.end_section("method instances");
    Ok(finish_file(e.w, IMAGE_MAGIC))
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
        depth: 0,
        too_deep: false,
        since: Some(since),
    };
    e.w.str(RUNTIME_VERSION);
    e.w.end_section("header");
    e.mi_records(keyed)?;
    e.w.end_section("method instances");
    Ok(finish_file(e.w, BUNDLE_MAGIC))
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
