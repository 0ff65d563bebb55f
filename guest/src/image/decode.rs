//! Deserializing: loading package images and importing method-instance bundles, validating
//! every name, edge and instruction on the way.

use std::rc::Rc;

use super::codec::Reader;
use super::*;
use crate::collections::IndexSet;
use crate::ids::{FuncId, MethodId, MiId, ModuleId, TyId};
use crate::lower::ir::{CodeInfo, Const, Inst};
use crate::symbol::Sym;
use crate::types::{TyKind, TypeNameKind};
use crate::value::Value;
use crate::vm::Runtime;
use crate::world::{Binding, CiOrigin, CodeInstance, Edge, MAX_WORLD, Method, MethodBody, Package};

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
pub(super) const MAX_DECODE_DEPTH: u32 = 256;

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
            5 => {
                let n = self.r.len()?;
                let names = (0..n).map(|_| self.sym()).collect::<DResult<Vec<_>>>()?;
                let types = self.ty()?;
                let types_ok = matches!(
                    self.rt.world.types.kind(types),
                    TyKind::Tuple(ps) if ps.len() == names.len()
                );
                if !types_ok {
                    return Err(Missing("corrupt named tuple type".into()));
                }
                self.rt
                    .world
                    .types
                    .intern(TyKind::NamedTuple { names, types })
            }
            6 => {
                let n = self.r.int()?;
                self.rt.world.types.intern(TyKind::Int(n))
            }
            7 => {
                let s = self.sym()?;
                self.rt.world.types.intern(TyKind::Sym(s))
            }
            8 => {
                let b = self.r.byte()? != 0;
                self.rt.world.types.intern(TyKind::Bool(b))
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
        if tag == 1 || tag == 2 {
            let tn = find_type_name(self.rt, m, name)
                .ok_or_else(|| Missing(format!("type `{name}` does not exist here")))?;
            return Ok(if tag == 1 {
                self.rt.world.ctor_function(tn)
            } else {
                self.rt.world.call_function(tn)
            });
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
        // In a bundle from a clone: whether the method is newer than the clone's snapshot.
        let newer = self.origin == CiOrigin::Workload && self.r.byte()? != 0;
        if newer {
            let name = self.rt.world.function_name(f);
            let s = self.rt.world.call_string(&name, &sig);
            return Err(Missing(format!(
                "its method `{s}` was defined or redefined by the workload"
            )));
        }
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
            tag @ (8 | 24) => {
                let dims = if tag == 24 {
                    let nd = self.r.len()?;
                    let dims = (0..nd)
                        .map(|_| Ok(self.r.uint()? as usize))
                        .collect::<DResult<Vec<usize>>>()?;
                    Some(dims.into_boxed_slice())
                } else {
                    None
                };
                let elty = self.ty()?;
                // Filled after it is registered, so elements can refer back to it.
                let n = self.r.len()?;
                if dims
                    .as_ref()
                    .is_some_and(|d| d.iter().try_fold(1usize, |a, &x| a.checked_mul(x)) != Some(n))
                {
                    return Err(Missing(
                        "corrupt array: dims do not match its length".into(),
                    ));
                }
                let v = Value::array(elty, dims, Vec::new());
                self.objects.push(v.clone());
                let items = (0..n).map(|_| self.value()).collect::<DResult<Vec<_>>>()?;
                if let Value::Array(obj) = &v {
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
                let oid = self.r.uint()?;
                if let Value::Struct(obj) = &v {
                    *obj.fields.borrow_mut() = fields;
                    obj.oid.set(oid);
                }
                crate::value::gc::track_filled(&v);
                v
            }
            12 => Value::Function(self.funcref()?),
            13 => {
                let ty = self.ty()?;
                let code = Rc::new(self.code()?);
                let n = self.r.len()?;
                let captures = (0..n).map(|_| self.value()).collect::<DResult<Vec<_>>>()?;
                Value::closure(ty, code, captures)
            }
            14 => Value::Type(self.ty()?),
            15 => Value::Module(self.modref()?),
            16 => {
                let (k, v) = (self.ty()?, self.ty()?);
                let size = self.r.len()?;
                let idxfloor = self.r.uint()? as usize;
                let maxprobe = self.r.uint()? as usize;
                let table = crate::value::DictTable::sized(size)
                    .ok_or_else(|| Missing("bad dict size".into()))?;
                let dict = Value::dict(k, v, table);
                self.objects.push(dict.clone());
                let Value::Dict(d) = &dict else {
                    unreachable!("Value::dict makes a Dict")
                };
                let n = self.r.len()?;
                let tombstones = (0..n)
                    .map(|_| Ok(self.r.uint()? as usize))
                    .collect::<DResult<Vec<usize>>>()?;
                if !d
                    .map
                    .borrow_mut()
                    .restore_state(&tombstones, idxfloor, maxprobe)
                {
                    return Err(Missing("bad dict layout".into()));
                }
                let n = self.r.len()?;
                for _ in 0..n {
                    let slot = self.r.uint()? as usize;
                    let hash = self.r.uint()?;
                    let key = self.value()?;
                    let val = self.value()?;
                    let dk = key
                        .dict_key()
                        .ok_or_else(|| Missing("unhashable dict key".into()))?;
                    if !d.map.borrow_mut().restore(slot, dk, hash, key, val) {
                        return Err(Missing("bad dict layout".into()));
                    }
                }
                dict
            }
            17 => {
                let a = self.value()?;
                let b = self.value()?;
                Value::pair(a, b)
            }
            18 => Value::Stdout,
            22 => Value::Stderr,
            23 => {
                let t = self.ty()?;
                let bits = self.r.uint()?;
                Value::from_bits(&self.rt.world.types, t, bits as u128)
                    .ok_or_else(|| Missing("corrupt primitive value".into()))?
            }
            26 => {
                let t = self.ty()?;
                let bits = self.r.uint()? as u128 | (self.r.uint()? as u128) << 64;
                match Value::from_bits(&self.rt.world.types, t, bits) {
                    Some(v @ Value::Wide(_)) => v,
                    _ => return Err(Missing("corrupt 128-bit value".into())),
                }
            }
            27 => Value::BigInt(std::rc::Rc::new(num_bigint::BigInt::from_signed_bytes_le(
                &self.r.bytes()?,
            ))),
            19 => {
                let b = Value::new_box(Value::Undef);
                self.objects.push(b.clone());
                let inner = self.value()?;
                if let Value::Box(cell) = &b {
                    *cell.borrow_mut() = inner;
                }
                b
            }
            20 => {
                let i = self.r.len()?;
                self.objects
                    .get(i)
                    .cloned()
                    .ok_or_else(|| Missing("corrupt object reference".into()))?
            }
            21 => Value::Undef,
            25 => {
                let pattern = self.r.str()?;
                let options = u32::try_from(self.r.uint()?)
                    .map_err(|_| Missing("corrupt regex options".into()))?;
                let re = crate::value::RegexObj::compile(&pattern, options)
                    .map_err(|e| Missing(format!("corrupt regex {pattern:?}: {e}")))?;
                Value::Regex(Rc::new(re))
            }
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
        let closure_type = match self.r.byte()? {
            0 => None,
            _ => Some(self.sym()?),
        };
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
        let (nsites, nglobals) = crate::lower::ir::number_sites(&mut code);
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
            closure_type,
            code,
            lines,
            consts,
            lambdas,
            nsites,
            nglobals,
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
            8 => {
                let bits = self.r.byte()?;
                if !matches!(bits, 8 | 16 | 32 | 64 | 128) {
                    return Err(Missing("corrupt unsigned constant".into()));
                }
                let mut value = self.r.uint()? as u128;
                if bits == 128 {
                    value |= (self.r.uint()? as u128) << 64;
                }
                Const::UInt {
                    bits,
                    value: crate::syntax::ast::U128::new(value),
                }
            }
            9 => Const::Int128(crate::syntax::ast::U128::new(
                self.r.uint()? as u128 | (self.r.uint()? as u128) << 64,
            )),
            10 => {
                let digits = self.r.str()?;
                if digits.parse::<num_bigint::BigInt>().is_err() {
                    return Err(Missing("corrupt BigInt constant".into()));
                }
                Const::BigInt(digits.as_str().into())
            }
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
                site: 0,
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
                site: 0,
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
                ty: self.u()?,
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
            27 => Inst::StaticParam {
                dst: self.u()?,
                index: self.u()?,
            },
            29 => Inst::IsDefined {
                dst: self.u()?,
                src: self.u()?,
                boxed: self.r.byte()? != 0,
            },
            26 => Inst::JumpIfDefined {
                reg: self.u()?,
                target: self.u()?,
            },
            28 => {
                let dst = self.u()?;
                let kws = self.u()?;
                let args = self.regs()?;
                let splat = (0..args.len())
                    .map(|_| Ok(self.r.byte()? != 0))
                    .collect::<DResult<Vec<_>>>()?;
                Inst::CallKwSplat {
                    dst,
                    args,
                    splat,
                    kws,
                }
            }
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
                sites: Vec::new(),
                globals: Vec::new(),
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
            | Inst::IsDefined { dst, src, .. }
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
            | Inst::IsDefined { dst, src, .. }
            | Inst::BoxSet { bx: dst, src }
            | Inst::TypeAssert { src: dst, ty: src } => {
                r(*dst)?;
                r(*src)?;
            }
            Inst::Capture { .. } => unreachable!("handled above"),
            // The index is checked against the method instance's parameters when it runs.
            Inst::StaticParam { dst, .. } => r(*dst)?,
            Inst::CheckDefined { reg, .. }
            | Inst::Global { dst: reg, .. }
            | Inst::SetGlobal { src: reg, .. } => r(*reg)?,
            Inst::Return { src } | Inst::Throw { src } | Inst::NewBox { dst: src } => r(*src)?,
            Inst::Call { dst, args, .. } | Inst::Tuple { dst, elems: args } => {
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
            Inst::CallKwSplat {
                dst,
                args,
                splat,
                kws,
            } => {
                r(*dst)?;
                r(*kws)?;
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
                ty,
                lambda,
                captures,
            } => {
                r(*dst)?;
                r(*ty)?;
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
            d.rt.world.bindings_changed();
        }
        // Closures defined later in the module (`eval`) get names its own do not have.
        d.rt.world.modules[m.index()].counter = d.r.uint()? as u32;
    }
    for (m, us) in usings_of {
        for p in us.into_iter().rev() {
            let u =
                d.rt.world
                    .module_by_path(&p)
                    .ok_or_else(|| Missing("a used module is missing".into()))?;
            d.rt.world.modules[m.index()].usings.insert(0, u);
            d.rt.world.bindings_changed();
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
            d.rt.world.bindings_changed();
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
        let (module, body) = match d.r.byte()? {
            0 => {
                let code = Rc::new(d.code()?);
                (code.module, MethodBody::Code(code))
            }
            1 => {
                let module = d.modref()?;
                let t = d.ty()?;
                let tn =
                    d.rt.world
                        .types
                        .type_name(t)
                        .filter(|tn| {
                            matches!(
                                d.rt.world.types.names[tn.index()].kind,
                                TypeNameKind::Struct { .. }
                            )
                        })
                        .ok_or_else(|| Missing("a default constructor of a non-struct".into()))?;
                (module, MethodBody::New(tn))
            }
            t => return Err(Missing(format!("corrupt method body tag {t}"))),
        };
        d.rt.world.add_method(Method {
            func: f,
            module,
            sig,
            vararg,
            tvars,
            arg_names,
            body,
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
            Ok(mi) => {
                let method = d.rt.world.mis[mi.index()].method;
                let owner =
                    d.rt.world
                        .module_name(d.rt.world.methods[method.index()].module);
                report.accepted.push((name, owner));
            }
            Err(Missing(reason)) => report.rejected.push((name, reason)),
        }
    }
    Ok(report)
}
