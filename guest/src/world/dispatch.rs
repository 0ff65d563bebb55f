//! Dispatch: adding methods (with invalidation through backedges), matching and specificity,
//! choosing the method a call runs, method instances and their code instances, and edges.

use crate::collections::IndexSet;
use crate::ids::{FuncId, MethodId, MiId, TyId};
use crate::types::TyKind;

use super::{CiOrigin, CodeInstance, Edge, MAX_WORLD, Method, MethodBody, MethodInstance, World};

impl World {
    /// Adds a method, bumping the world age; a method with the same signature is replaced.
    /// Code that relied on a dispatch the new method changes is invalidated.
    pub fn add_method(&mut self, mut m: Method) -> MethodId {
        self.age += 1;
        m.world = self.age;
        let f = m.func;
        let id = MethodId(self.methods.len() as u32);
        let existing: Vec<MethodId> = self.functions[f.index()].methods.clone();
        for old in existing {
            let o = &self.methods[old.index()];
            if !o.deleted
                && o.sig == m.sig
                && o.vararg == m.vararg
                && o.tvars.len() == m.tvars.len()
            {
                self.methods[old.index()].deleted = true;
                self.functions[f.index()].methods.retain(|&x| x != old);
            }
        }
        self.methods.push(m);
        self.functions[f.index()].methods.push(id);
        self.functions[f.index()].cache.clear();
        self.invalidate_for(f, id);
        id
    }

    /// Caps the world range of every code instance with an edge into `f` whose dispatch the new
    /// method `m` changes.
    fn invalidate_for(&mut self, f: FuncId, m: MethodId) {
        let Some(callers) = self.backedges.get(&f).cloned() else {
            return;
        };
        let world = self.age;
        for caller in callers {
            let Some(ci) = &self.mis[caller.index()].cache else {
                continue;
            };
            if ci.max_world != MAX_WORLD {
                continue;
            }
            let affected = ci
                .edges
                .iter()
                .filter(|e| e.func == f)
                .map(|e| e.callee)
                .collect::<Vec<_>>();
            let stale = affected.iter().any(|&callee| {
                let argtypes = &self.mis[callee.index()].spec_types;
                let chosen = self.mis[callee.index()].method;
                self.method_matches(m, argtypes).is_some() && self.beats(m, chosen)
            });
            if stale {
                if let Some(ci) = &mut self.mis[caller.index()].cache {
                    ci.max_world = world - 1;
                }
                self.invalidations += 1;
            }
        }
    }

    /// Whether method `m` applies to `argtypes`; returns the bound `where` variables.
    pub fn method_matches(&self, m: MethodId, argtypes: &[TyId]) -> Option<Vec<TyId>> {
        let meth = &self.methods[m.index()];
        let n = meth.sig.len();
        if argtypes.len() < n || (meth.vararg.is_none() && argtypes.len() != n) {
            return None;
        }
        let mut env: Vec<Option<TyId>> = vec![None; meth.tvars.len()];
        for (i, &a) in argtypes.iter().enumerate() {
            let want = if i < n {
                meth.sig[i]
            } else {
                meth.vararg.expect("checked arity")
            };
            if !self.types.issub_env(a, want, &mut env) {
                return None;
            }
        }
        Some(
            env.into_iter()
                .map(|t| t.unwrap_or(self.types.b.any))
                .collect(),
        )
    }

    /// `a` is at least as specific as `b`: `a`'s signature is a subtype of `b`'s.
    fn at_least_as_specific(&self, a: MethodId, b: MethodId) -> bool {
        let (ma, mb) = (&self.methods[a.index()], &self.methods[b.index()]);
        if ma.vararg.is_some() && mb.vararg.is_none() {
            return false;
        }
        match (ma.vararg, mb.vararg) {
            // Fixed arity against varargs: `a` must cover `b`'s fixed part.
            (None, Some(_)) if ma.sig.len() < mb.sig.len() => return false,
            (None, None) if ma.sig.len() != mb.sig.len() => return false,
            // Both variadic: `a` may fix more leading parameters (`f(x::Int, xs...)` is more
            // specific than `f(xs...)`), never fewer.
            (Some(_), Some(_)) if ma.sig.len() < mb.sig.len() => return false,
            _ => {}
        }
        // The diagonal rule: a variable that is the whole type of two or more parameters of `b`
        // only matches concrete types, so `f(x::T, y::T) where T` beats `f(x, y)`. A variable
        // of `a` in that place is diagonal too (`f(x::T, y::T) where T<:Integer` is more
        // specific than the same with `T<:Real`).
        for (i, &t) in mb.sig.iter().enumerate() {
            if matches!(self.types.kind(t), TyKind::Var { .. })
                && mb.sig.iter().filter(|&&u| u == t).count() > 1
                && ma.sig.get(i).is_some_and(|&x| {
                    !self.types.is_concrete(x) && !matches!(self.types.kind(x), TyKind::Var { .. })
                })
            {
                return false;
            }
        }
        let mut env = Vec::new();
        for i in 0..ma.sig.len() {
            let want = if i < mb.sig.len() {
                mb.sig[i]
            } else {
                mb.vararg.expect("vararg")
            };
            if !self.types.issub_env(ma.sig[i], want, &mut env) {
                return false;
            }
        }
        if let (Some(va), Some(vb)) = (ma.vararg, mb.vararg) {
            return self.types.issub_env(va, vb, &mut env);
        }
        true
    }

    /// `a` is to be chosen over `b` when both apply: its signature is a subtype of `b`'s, or
    /// neither is a subtype of the other and `a` is more specific argument by argument.
    fn beats(&self, a: MethodId, b: MethodId) -> bool {
        self.at_least_as_specific(a, b)
            || (!self.at_least_as_specific(b, a) && self.args_more_specific(a, b))
    }

    /// Julia's rule for two signatures neither of which is a subtype of the other
    /// (`tuple_morespecific` in src/subtype.c): `a` is more specific when no argument of `b` is
    /// more specific than `a`'s, every argument of `a` is more specific than or a subtype of
    /// `b`'s, and at least one is more specific. So `convert(::Type{C{T}}, z::C) where T` beats
    /// `convert(::Type{T}, x::T) where T` for `convert(C{Int}, C(1, 2))` (`Type{C{T}}` is
    /// narrower than `Type{T}`, `C` than `T`), while `f(::Int, ::Any)` and `f(::Any, ::Int)`
    /// stay ambiguous for `f(1, 2)`. An argument is more specific than another when it is a
    /// subtype and not a supertype of it, each compared alone (a `where` variable on the
    /// left as its bound). A variadic signature against a fixed one is compared with its
    /// varargs spread to the fixed one's arity (`IdDict(ps::Pair...)` beats `IdDict(kv)` for
    /// one `Pair`); two variadic ones are left to subtyping.
    fn args_more_specific(&self, a: MethodId, b: MethodId) -> bool {
        let (ma, mb) = (&self.methods[a.index()], &self.methods[b.index()]);
        let spread = |m: &crate::world::Method, n: usize| -> Option<Vec<TyId>> {
            match m.vararg {
                None => (m.sig.len() == n).then(|| m.sig.clone()),
                Some(v) => (m.sig.len() <= n).then(|| {
                    let mut s = m.sig.clone();
                    s.resize(n, v);
                    s
                }),
            }
        };
        let n = match (ma.vararg, mb.vararg) {
            (Some(_), Some(_)) => return false,
            (None, _) => ma.sig.len(),
            (Some(_), None) => mb.sig.len(),
        };
        let (Some(asig), Some(bsig)) = (spread(ma, n), spread(mb, n)) else {
            return false;
        };
        let sub = |x: TyId, y: TyId| self.types.issub_env(x, y, &mut Vec::new());
        let more = |x: TyId, y: TyId| {
            (sub(x, y) && !sub(y, x)) || (self.name_below(x, y) && !self.name_below(y, x))
        };
        let mut some = false;
        for (&x, &y) in asig.iter().zip(&bsig) {
            if more(y, x) {
                return false;
            }
            let ms = more(x, y);
            if !ms && !sub(x, y) {
                return false;
            }
            some |= ms;
        }
        some
    }

    /// Whether the declared supertypes of `x`'s type name reach `y`'s (an alias such as
    /// `AbstractVector` standing for its target): Julia counts `SubArray` more specific than
    /// `AbstractVector` although a `SubArray` of two dimensions is none.
    fn name_below(&self, x: TyId, y: TyId) -> bool {
        let types = &self.types;
        let name = |t: TyId| {
            let tn = types.type_name(t)?;
            Some(types.alias_target(tn).map_or(tn, |(target, _)| target))
        };
        let (Some(mut cur), Some(target)) = (name(x), name(y)) else {
            return false;
        };
        if cur == target || target == self.types.b.tn_type {
            return false;
        }
        for _ in 0..64 {
            let Some(s) = types.names[cur.index()].super_ else {
                return false;
            };
            let Some(next) = name(s) else {
                return false;
            };
            if next == target {
                return true;
            }
            if next == cur {
                return false;
            }
            cur = next;
        }
        false
    }

    /// Picks the method `f(argtypes...)` runs and returns its method instance.
    pub fn dispatch(&mut self, f: FuncId, argtypes: &[TyId]) -> Result<MiId, DispatchError> {
        if let Some(&mi) = self.functions[f.index()].cache.get(argtypes) {
            return Ok(mi);
        }
        for &t in argtypes {
            self.types.ensure_supertypes(t);
        }
        let mut applicable: Vec<(MethodId, Vec<TyId>)> = Vec::new();
        for &m in &self.functions[f.index()].methods {
            if let Some(env) = self.method_matches(m, argtypes) {
                applicable.push((m, env));
            }
        }
        if applicable.is_empty() {
            return Err(DispatchError::NoMethod);
        }
        let n = applicable.len();
        let best: Vec<usize> = (0..n)
            .filter(|&i| (0..n).all(|j| i == j || self.beats(applicable[i].0, applicable[j].0)))
            .collect();
        if best.len() != 1 {
            let mut ms: Vec<MethodId> = best.iter().map(|&i| applicable[i].0).collect();
            if ms.is_empty() {
                ms = applicable.iter().map(|a| a.0).collect();
            }
            return Err(DispatchError::Ambiguous(ms));
        }
        let (m, env) = applicable.swap_remove(best[0]);
        let mi = self.method_instance(m, argtypes.to_vec(), env);
        self.functions[f.index()]
            .cache
            .insert(argtypes.to_vec(), mi);
        Ok(mi)
    }

    /// The method instance of `m` for `spec_types`, created on first request.
    pub fn method_instance(
        &mut self,
        m: MethodId,
        spec_types: Vec<TyId>,
        sparams: Vec<TyId>,
    ) -> MiId {
        let key = (m, spec_types);
        if let Some(&mi) = self.mi_index.get(&key) {
            return mi;
        }
        let id = MiId(self.mis.len() as u32);
        self.mis.push(MethodInstance {
            method: m,
            spec_types: key.1.clone(),
            sparams,
            cache: None,
        });
        self.mi_index.insert(key, id);
        id
    }

    /// Whether `mi` has a code instance valid in the current world.
    pub fn has_valid_code(&self, mi: MiId) -> bool {
        matches!(&self.mis[mi.index()].cache, Some(ci) if ci.max_world == MAX_WORLD)
    }

    /// The valid code instance of `mi`, compiling one when there is none.
    pub fn code_instance(&mut self, mi: MiId) -> &mut CodeInstance {
        if !self.has_valid_code(mi) {
            let m = self.mis[mi.index()].method;
            let code = match &self.methods[m.index()].body {
                MethodBody::Code(c) => Some(c.clone()),
                MethodBody::Builtin(_) | MethodBody::New(_) => None,
            };
            self.mis[mi.index()].cache = Some(CodeInstance {
                code,
                rettype: self.types.b.bottom,
                edges: IndexSet::default(),
                min_world: self.age,
                max_world: MAX_WORLD,
                origin: CiOrigin::Compiled,
                sites: Vec::new(),
                globals: Vec::new(),
            });
        }
        self.mis[mi.index()].cache.as_mut().expect("compiled above")
    }

    /// Records that the code of `caller` dispatched a call of `func` to `callee`.
    pub fn record_edge(&mut self, caller: MiId, func: FuncId, callee: MiId) {
        if let Some(ci) = &mut self.mis[caller.index()].cache
            && ci.edges.insert(Edge { func, callee })
        {
            self.backedges.entry(func).or_default().insert(caller);
        }
    }
}

/// Why dispatch failed.
#[derive(Clone, Debug)]
pub enum DispatchError {
    NoMethod,
    Ambiguous(Vec<MethodId>),
}
