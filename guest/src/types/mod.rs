//! Types: type names, interned types, subtyping and specificity.
//!
//! A type is an interned [`TyKind`] behind a [`TyId`], so equality is id equality. A parametric
//! type name applied to no parameters (`Vector`) stands for all of its instances (Julia's
//! `UnionAll`). Method signatures and struct field templates refer to type variables as
//! [`TyKind::Var`] with an index into the method's (or type name's) variable list.

use rustc_hash::FxHashMap;

use crate::ids::{ModuleId, TyId, TypeNameId};
use crate::symbol::Sym;

/// The shape of an interned type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TyKind {
    /// `Int64`, `Vector{Int64}`, `Point`; `Vector` alone when `params` is empty.
    Data { tn: TypeNameId, params: Vec<TyId> },
    /// `Tuple{Int64, String}`.
    Tuple(Vec<TyId>),
    /// `NamedTuple{(:a, :b), Tuple{Int64, String}}` (`@NamedTuple{a::Int64, b::String}`): the
    /// field names and the tuple type of the values. Invariant in both, as in Julia.
    NamedTuple { names: Vec<Sym>, types: TyId },
    /// `Union{A, B}` with members sorted and flattened; never fewer than two.
    Union(Vec<TyId>),
    /// `Union{}`.
    Bottom,
    /// Type variable number `index` of the enclosing method or type name, with an upper bound.
    Var { index: u32, name: Sym, bound: TyId },
    /// An integer as a type parameter: the `3` in `Array{Float64, 3}`.
    Int(i64),
    /// A symbol as a type parameter: the `:abc` in `Val{:abc}`, `MIME{Symbol("text/plain")}`.
    Sym(Sym),
    /// A `Bool` as a type parameter: the `true` in `SubArray{…, true}`.
    Bool(bool),
}

/// How the bits of a primitive number type are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrimKind {
    Signed,
    Unsigned,
    Float,
}

/// The layout of a primitive number type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prim {
    pub kind: PrimKind,
    /// Width in bits: 8, 16, 32, 64 or 128.
    pub bits: u32,
}

/// What a type name is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeNameKind {
    Abstract,
    /// A `struct`; `mutable` for `mutable struct`.
    Struct {
        mutable: bool,
    },
    /// A type whose values the runtime represents itself (numbers, strings, vectors, ...).
    Primitive,
}

/// A type name: `Vector` in `Vector{Int64}`, or a user `struct`/`abstract type`.
#[derive(Clone, Debug)]
pub struct TypeName {
    pub name: Sym,
    pub module: ModuleId,
    pub kind: TypeNameKind,
    /// Names of the parameters (`T` in `Vector{T}`).
    pub params: Vec<Sym>,
    /// Supertype, possibly mentioning this name's parameters as `Var { index }`.
    pub super_: Option<TyId>,
    /// Field names and declared types (templates over the parameters).
    pub fields: Vec<(Sym, TyId)>,
}

/// Well-known types the runtime itself needs.
#[derive(Clone, Copy, Debug)]
pub struct Builtins {
    pub any: TyId,
    pub bottom: TyId,
    pub number: TyId,
    pub real: TyId,
    pub integer: TyId,
    pub signed: TyId,
    pub int64: TyId,
    pub bool_: TyId,
    pub abstract_float: TyId,
    pub float64: TyId,
    pub unsigned: TyId,
    pub int8: TyId,
    pub int16: TyId,
    pub int32: TyId,
    pub uint8: TyId,
    pub uint16: TyId,
    pub uint32: TyId,
    pub uint64: TyId,
    pub float32: TyId,
    pub float16: TyId,
    pub int128: TyId,
    pub uint128: TyId,
    /// `BigInt`: an arbitrary-precision integer (Julia's `Base.GMP.BigInt`).
    pub bigint: TyId,
    pub abstract_string: TyId,
    pub string: TyId,
    pub abstract_char: TyId,
    pub char_: TyId,
    pub nothing: TyId,
    pub function: TyId,
    pub datatype: TyId,
    pub module: TyId,
    pub symbol: TyId,
    pub abstract_array: TyId,
    pub abstract_vector: TyId,
    pub abstract_matrix: TyId,
    /// `Array` unapplied: `Array{T, N}` holds every array value.
    pub array: TyId,
    /// `Vector` unapplied. `Vector{T}` is `Array{T, 1}` (see [`TypeStore::alias_target`]).
    pub vector: TyId,
    pub matrix: TyId,
    pub abstract_range: TyId,
    pub unit_range: TyId,
    pub step_range: TyId,
    pub tuple: TyId,
    /// `NamedTuple` unapplied: the supertype of every named tuple type.
    pub named_tuple: TyId,
    pub io: TyId,
    pub io_buffer: TyId,
    /// A file opened with `open`, and `stdin`.
    pub io_stream: TyId,
    /// A compiled regular expression (`Value::Regex`), the `regex` field of a `Regex`.
    pub compiled_regex: TyId,
    pub exception: TyId,
    pub dict: TyId,
    pub abstract_dict: TyId,
    pub pair: TyId,
    pub tn_array: TypeNameId,
    pub tn_vector: TypeNameId,
    pub tn_matrix: TypeNameId,
    pub tn_abstract_vector: TypeNameId,
    pub tn_abstract_matrix: TypeNameId,
    pub tn_abstract_array: TypeNameId,
    pub tn_unit_range: TypeNameId,
    pub tn_step_range: TypeNameId,
    pub tn_abstract_range: TypeNameId,
    pub tn_dict: TypeNameId,
    pub tn_pair: TypeNameId,
    /// `Tuple` unapplied: the supertype of every tuple type.
    pub tn_tuple: TypeNameId,
    pub tn_named_tuple: TypeNameId,
    /// `Type`, as in `Type{Int64}`.
    pub tn_type: TypeNameId,
}

/// All type names and interned types of a runtime.
#[derive(Clone, Debug)]
pub struct TypeStore {
    pub names: Vec<TypeName>,
    types: Vec<TyKind>,
    /// Whether each type mentions a type variable (so `a == b` does not decide `a <: b`).
    has_var: Vec<bool>,
    /// Names types print under instead of their structure (`ComplexF64` for
    /// `Complex{Float64}`), as Julia prints Base's type aliases.
    pub aliases: FxHashMap<TyId, Sym>,
    interned: FxHashMap<TyKind, TyId>,
    pub b: Builtins,
}

impl TypeStore {
    /// Creates the store with the builtin hierarchy; builtin names live in `core`.
    pub fn new(core: ModuleId) -> TypeStore {
        let mut s = TypeStore {
            names: Vec::new(),
            types: Vec::new(),
            has_var: Vec::new(),
            aliases: FxHashMap::default(),
            interned: FxHashMap::default(),
            b: placeholder_builtins(),
        };
        let bottom = s.intern(TyKind::Bottom);
        let (_, any) = s.add_name(core, "Any", TypeNameKind::Abstract, &[], None);
        // `Any` is its own root: no supertype.
        let abs = |s: &mut TypeStore, name: &str, sup: TyId| {
            s.add_name(core, name, TypeNameKind::Abstract, &[], Some(sup))
                .1
        };
        let prim = |s: &mut TypeStore, name: &str, sup: TyId| {
            s.add_name(core, name, TypeNameKind::Primitive, &[], Some(sup))
                .1
        };
        let number = abs(&mut s, "Number", any);
        let real = abs(&mut s, "Real", number);
        let integer = abs(&mut s, "Integer", real);
        let signed = abs(&mut s, "Signed", integer);
        let int64 = prim(&mut s, "Int64", signed);
        let bool_ = prim(&mut s, "Bool", integer);
        let abstract_float = abs(&mut s, "AbstractFloat", real);
        let float64 = prim(&mut s, "Float64", abstract_float);
        let unsigned = abs(&mut s, "Unsigned", integer);
        let int8 = prim(&mut s, "Int8", signed);
        let int16 = prim(&mut s, "Int16", signed);
        let int32 = prim(&mut s, "Int32", signed);
        let uint8 = prim(&mut s, "UInt8", unsigned);
        let uint16 = prim(&mut s, "UInt16", unsigned);
        let uint32 = prim(&mut s, "UInt32", unsigned);
        let uint64 = prim(&mut s, "UInt64", unsigned);
        let float32 = prim(&mut s, "Float32", abstract_float);
        let float16 = prim(&mut s, "Float16", abstract_float);
        let int128 = prim(&mut s, "Int128", signed);
        let uint128 = prim(&mut s, "UInt128", unsigned);
        let bigint = prim(&mut s, "BigInt", signed);
        let abstract_string = abs(&mut s, "AbstractString", any);
        let string = prim(&mut s, "String", abstract_string);
        let abstract_char = abs(&mut s, "AbstractChar", any);
        let char_ = prim(&mut s, "Char", abstract_char);
        let nothing = prim(&mut s, "Nothing", any);
        let function = abs(&mut s, "Function", any);
        let datatype = prim(&mut s, "DataType", any);
        let module = prim(&mut s, "Module", any);
        let symbol = prim(&mut s, "Symbol", any);
        let t = Sym::new("T");
        // `AbstractArray{T, N}` and `Array{T, N}`; `AbstractVector`, `AbstractMatrix`, `Vector`
        // and `Matrix` are names whose applications are these with `N` fixed (Julia's
        // `const Vector{T} = Array{T, 1}`), so `Vector{Int64} === Array{Int64, 1}`.
        let (tn_abstract_array, abstract_array) = s.add_name(
            core,
            "AbstractArray",
            TypeNameKind::Abstract,
            &["T", "N"],
            Some(any),
        );
        let var_t = s.intern(TyKind::Var {
            index: 0,
            name: t,
            bound: any,
        });
        let var_n = s.intern(TyKind::Var {
            index: 1,
            name: Sym::new("N"),
            bound: any,
        });
        let one = s.intern(TyKind::Int(1));
        let aa_tn = s.apply(tn_abstract_array, vec![var_t, var_n]);
        let av_t = s.apply(tn_abstract_array, vec![var_t, one]);
        let (tn_array, array) = s.add_name(
            core,
            "Array",
            TypeNameKind::Primitive,
            &["T", "N"],
            Some(aa_tn),
        );
        let (tn_abstract_vector, abstract_vector) = s.add_name(
            core,
            "AbstractVector",
            TypeNameKind::Abstract,
            &["T"],
            Some(abstract_array),
        );
        let (tn_abstract_matrix, abstract_matrix) = s.add_name(
            core,
            "AbstractMatrix",
            TypeNameKind::Abstract,
            &["T"],
            Some(abstract_array),
        );
        let (tn_vector, vector) = s.add_name(
            core,
            "Vector",
            TypeNameKind::Abstract,
            &["T"],
            Some(abstract_vector),
        );
        let (tn_matrix, matrix) = s.add_name(
            core,
            "Matrix",
            TypeNameKind::Abstract,
            &["T"],
            Some(abstract_matrix),
        );
        let (tn_abstract_range, abstract_range) = s.add_name(
            core,
            "AbstractRange",
            TypeNameKind::Abstract,
            &["T"],
            Some(av_t),
        );
        let ar_t = s.apply(tn_abstract_range, vec![var_t]);
        let (tn_unit_range, unit_range) = s.add_name(
            core,
            "UnitRange",
            TypeNameKind::Primitive,
            &["T"],
            Some(ar_t),
        );
        // `StepRange{Int64, Int64}` is a value of the runtime's own; other element types
        // (`'a':2:'z'`) are instances of this struct, built in Julia (base/range.jl).
        let (tn_step_range, step_range) = s.add_name(
            core,
            "StepRange",
            TypeNameKind::Struct { mutable: false },
            &["T", "S"],
            Some(ar_t),
        );
        let var_s = s.intern(TyKind::Var {
            index: 1,
            name: Sym::new("S"),
            bound: any,
        });
        s.names[tn_step_range.index()].fields = vec![
            (Sym::new("start"), var_t),
            (Sym::new("step"), var_s),
            (Sym::new("stop"), var_t),
        ];
        let (tn_tuple, tuple) = s.add_name(core, "Tuple", TypeNameKind::Abstract, &[], Some(any));
        // `NTuple{N, T}`: applied, the tuple of `N` elements of `T` (`Core.#apply_type`).
        s.add_name(
            core,
            "NTuple",
            TypeNameKind::Abstract,
            &["N", "T"],
            Some(any),
        );
        let (tn_named_tuple, named_tuple) =
            s.add_name(core, "NamedTuple", TypeNameKind::Abstract, &[], Some(any));
        // `Type{T}`: the type whose only instance is the type `T` (what a type argument
        // dispatches as), invariant in `T`.
        let (tn_type, _) = s.add_name(core, "Type", TypeNameKind::Abstract, &["T"], Some(any));
        s.add_name(core, "Union", TypeNameKind::Abstract, &[], Some(any));
        let io = abs(&mut s, "IO", any);
        let io_buffer = prim(&mut s, "IOBuffer", io);
        let io_stream = prim(&mut s, "IOStream", io);
        let compiled_regex = prim(&mut s, "CompiledRegex", any);
        let exception = abs(&mut s, "Exception", any);
        // `AbstractDict{K,V}`, and `Dict{K,V} <: AbstractDict{K,V}`.
        let (tn_abstract_dict, abstract_dict) = s.add_name(
            core,
            "AbstractDict",
            TypeNameKind::Abstract,
            &["K", "V"],
            Some(any),
        );
        let var_k = s.intern(TyKind::Var {
            index: 0,
            name: Sym::new("K"),
            bound: any,
        });
        let var_v = s.intern(TyKind::Var {
            index: 1,
            name: Sym::new("V"),
            bound: any,
        });
        let ad_kv = s.apply(tn_abstract_dict, vec![var_k, var_v]);
        let (tn_dict, dict) = s.add_name(
            core,
            "Dict",
            TypeNameKind::Primitive,
            &["K", "V"],
            Some(ad_kv),
        );
        let (tn_pair, pair) = s.add_name(
            core,
            "Pair",
            TypeNameKind::Primitive,
            &["A", "B"],
            Some(any),
        );
        s.b = Builtins {
            any,
            bottom,
            number,
            real,
            integer,
            signed,
            int64,
            bool_,
            abstract_float,
            float64,
            unsigned,
            int8,
            int16,
            int32,
            uint8,
            uint16,
            uint32,
            uint64,
            float32,
            float16,
            int128,
            uint128,
            bigint,
            abstract_string,
            string,
            abstract_char,
            char_,
            nothing,
            function,
            datatype,
            module,
            symbol,
            abstract_array,
            abstract_vector,
            abstract_matrix,
            array,
            vector,
            matrix,
            abstract_range,
            unit_range,
            step_range,
            tuple,
            named_tuple,
            io,
            io_buffer,
            io_stream,
            compiled_regex,
            exception,
            dict,
            abstract_dict,
            pair,
            tn_array,
            tn_vector,
            tn_matrix,
            tn_abstract_vector,
            tn_abstract_matrix,
            tn_abstract_array,
            tn_unit_range,
            tn_step_range,
            tn_abstract_range,
            tn_dict,
            tn_pair,
            tn_tuple,
            tn_named_tuple,
            tn_type,
        };
        s
    }

    /// Adds a type name and returns it with its unapplied type.
    pub fn add_name(
        &mut self,
        module: ModuleId,
        name: &str,
        kind: TypeNameKind,
        params: &[&str],
        super_: Option<TyId>,
    ) -> (TypeNameId, TyId) {
        let tn = TypeNameId(self.names.len() as u32);
        self.names.push(TypeName {
            name: Sym::new(name),
            module,
            kind,
            params: params.iter().map(|p| Sym::new(p)).collect(),
            super_,
            fields: Vec::new(),
        });
        (
            tn,
            self.intern(TyKind::Data {
                tn,
                params: Vec::new(),
            }),
        )
    }

    pub fn intern(&mut self, kind: TyKind) -> TyId {
        if let Some(&id) = self.interned.get(&kind) {
            return id;
        }
        // `Vector{T}` is `Array{T, 1}`: an applied alias name is its target.
        if let TyKind::Data { tn, params } = &kind
            && params.len() == 1
            && let Some((target, n)) = self.alias_target(*tn)
        {
            let n = self.intern(TyKind::Int(n));
            let p = params[0];
            return self.intern(TyKind::Data {
                tn: target,
                params: vec![p, n],
            });
        }
        let id = TyId(self.types.len() as u32);
        let has_var = match &kind {
            TyKind::Var { .. } => true,
            TyKind::Data { params: ps, .. } | TyKind::Tuple(ps) | TyKind::Union(ps) => {
                ps.iter().any(|p| self.has_var[p.index()])
            }
            TyKind::NamedTuple { types, .. } => self.has_var[types.index()],
            TyKind::Bottom | TyKind::Int(_) | TyKind::Sym(_) | TyKind::Bool(_) => false,
        };
        self.has_var.push(has_var);
        self.types.push(kind.clone());
        self.interned.insert(kind, id);
        id
    }

    pub fn kind(&self, t: TyId) -> &TyKind {
        &self.types[t.index()]
    }

    pub fn apply(&mut self, tn: TypeNameId, params: Vec<TyId>) -> TyId {
        self.intern(TyKind::Data { tn, params })
    }

    pub fn tuple(&mut self, elems: Vec<TyId>) -> TyId {
        self.intern(TyKind::Tuple(elems))
    }

    /// `NamedTuple{names, Tuple{types...}}`.
    pub fn named_tuple(&mut self, names: Vec<Sym>, types: Vec<TyId>) -> TyId {
        let types = self.tuple(types);
        self.intern(TyKind::NamedTuple { names, types })
    }

    pub fn vector_of(&mut self, elty: TyId) -> TyId {
        self.array_of(elty, 1)
    }

    /// `Array{elty, n}`.
    pub fn array_of(&mut self, elty: TyId, n: usize) -> TyId {
        let n = self.intern(TyKind::Int(n as i64));
        self.apply(self.b.tn_array, vec![elty, n])
    }

    /// The name and dimension count that an array alias name stands for when applied:
    /// `Vector` is `Array` with `N = 1`, `AbstractMatrix` is `AbstractArray` with `N = 2`.
    pub fn alias_target(&self, tn: TypeNameId) -> Option<(TypeNameId, i64)> {
        let b = &self.b;
        if tn == b.tn_vector {
            Some((b.tn_array, 1))
        } else if tn == b.tn_matrix {
            Some((b.tn_array, 2))
        } else if tn == b.tn_abstract_vector {
            Some((b.tn_abstract_array, 1))
        } else if tn == b.tn_abstract_matrix {
            Some((b.tn_abstract_array, 2))
        } else {
            None
        }
    }

    /// The element type and dimension count of an `Array{T, N}` type.
    pub fn array_params(&self, t: TyId) -> Option<(TyId, usize)> {
        match self.kind(t) {
            TyKind::Data { tn, params } if *tn == self.b.tn_array && params.len() == 2 => {
                match self.kind(params[1]) {
                    TyKind::Int(n) if *n >= 0 => Some((params[0], *n as usize)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Where a union member is shown: 0 for a singleton type, 1 for a bits type, 2 otherwise.
    fn union_class(&self, t: TyId) -> u8 {
        if t == self.b.nothing {
            return 0;
        }
        if self.prim(t).is_some() || t == self.b.char_ {
            return 1;
        }
        match self.kind(t) {
            TyKind::Data { tn, params } if params.is_empty() => {
                let n = &self.names[tn.index()];
                match n.kind {
                    TypeNameKind::Struct { mutable: false } if n.fields.is_empty() => 0,
                    _ => 2,
                }
            }
            _ => 2,
        }
    }

    /// `Union{a, b}`, flattened, deduplicated, and simplified when one member covers another.
    pub fn union(&mut self, members: &[TyId]) -> TyId {
        let mut flat: Vec<TyId> = Vec::new();
        for &m in members {
            match self.kind(m).clone() {
                TyKind::Union(ms) => flat.extend(ms),
                TyKind::Bottom => {}
                _ => flat.push(m),
            }
        }
        flat.sort();
        flat.dedup();
        let keep: Vec<TyId> = flat
            .iter()
            .copied()
            .filter(|&a| {
                // A member with type variables covers nothing: `Union{T, Missing}` stays so.
                !flat.iter().any(|&b| {
                    b != a
                        && !self.has_var[a.index()]
                        && !self.has_var[b.index()]
                        && self.issub(a, b)
                        && !self.issub(b, a)
                })
            })
            .collect();
        match keep.len() {
            0 => self.b.bottom,
            1 => keep[0],
            _ => self.intern(TyKind::Union(keep)),
        }
    }

    /// `union(&[old, t])` for a union `old` that `union` made (sorted, no member strictly below
    /// another) and a type `t` that is not a union: each member is compared with `t` only, so
    /// a return type that gathers many types grows in linear time, not quadratic.
    pub fn union_with(&mut self, old: TyId, t: TyId) -> TyId {
        let u = self.union_with_members(old, t);
        debug_assert_eq!(u, self.union(&[old, t]), "union_with differs from union");
        u
    }

    fn union_with_members(&mut self, old: TyId, t: TyId) -> TyId {
        let ms: Vec<TyId> = match self.kind(old) {
            TyKind::Union(ms) => ms.clone(),
            _ => return self.union(&[old, t]),
        };
        if matches!(self.kind(t), TyKind::Union(_) | TyKind::Bottom) {
            return self.union(&[old, t]);
        }
        if ms.contains(&t) {
            return old;
        }
        // `a` strictly below `b`, where neither has type variables (as `union` decides it).
        let below = |s: &TypeStore, a: TyId, b: TyId| {
            !s.has_var[a.index()] && !s.has_var[b.index()] && s.issub(a, b) && !s.issub(b, a)
        };
        if ms.iter().any(|&m| below(self, t, m)) {
            return old;
        }
        let mut keep: Vec<TyId> = ms.into_iter().filter(|&m| !below(self, m, t)).collect();
        let at = keep.partition_point(|&m| m < t);
        keep.insert(at, t);
        match keep.len() {
            1 => keep[0],
            _ => self.intern(TyKind::Union(keep)),
        }
    }

    /// The layout of a primitive number type: how arithmetic on its bits works.
    pub fn prim(&self, t: TyId) -> Option<Prim> {
        let b = &self.b;
        let (kind, bits) = match t {
            _ if t == b.int8 => (PrimKind::Signed, 8),
            _ if t == b.int16 => (PrimKind::Signed, 16),
            _ if t == b.int32 => (PrimKind::Signed, 32),
            _ if t == b.int64 => (PrimKind::Signed, 64),
            _ if t == b.uint8 => (PrimKind::Unsigned, 8),
            _ if t == b.uint16 => (PrimKind::Unsigned, 16),
            _ if t == b.uint32 => (PrimKind::Unsigned, 32),
            _ if t == b.uint64 => (PrimKind::Unsigned, 64),
            _ if t == b.int128 => (PrimKind::Signed, 128),
            _ if t == b.uint128 => (PrimKind::Unsigned, 128),
            _ if t == b.bool_ => (PrimKind::Unsigned, 8),
            _ if t == b.float32 => (PrimKind::Float, 32),
            _ if t == b.float16 => (PrimKind::Float, 16),
            _ if t == b.float64 => (PrimKind::Float, 64),
            _ => return None,
        };
        Some(Prim { kind, bits })
    }

    /// The unsigned integer type of `bits` bits (what a hex literal of that size is).
    pub fn uint_of_bits(&self, bits: u8) -> Option<TyId> {
        Some(match bits {
            8 => self.b.uint8,
            16 => self.b.uint16,
            32 => self.b.uint32,
            64 => self.b.uint64,
            128 => self.b.uint128,
            _ => return None,
        })
    }

    /// The type name of a `Data` type.
    pub fn type_name(&self, t: TyId) -> Option<TypeNameId> {
        match self.kind(t) {
            TyKind::Data { tn, .. } => Some(*tn),
            _ => None,
        }
    }

    pub fn params(&self, t: TyId) -> &[TyId] {
        match self.kind(t) {
            TyKind::Data { params, .. } => params,
            TyKind::Tuple(ps) => ps,
            _ => &[],
        }
    }

    /// Whether values can have exactly this type (no abstract, union, unapplied or variable part).
    pub fn is_concrete(&self, t: TyId) -> bool {
        match self.kind(t) {
            TyKind::Data { tn, params } => {
                let n = &self.names[tn.index()];
                n.kind != TypeNameKind::Abstract && params.len() == n.params.len()
            }
            TyKind::Tuple(ps) => ps.iter().all(|&p| self.is_concrete(p)),
            TyKind::NamedTuple { types, .. } => self.is_concrete(*types),
            _ => false,
        }
    }

    /// Replaces `Var { index }` by `vals[index]` (variables past the end stay).
    pub fn subst(&mut self, t: TyId, vals: &[TyId]) -> TyId {
        match self.kind(t).clone() {
            TyKind::Var { index, .. } => vals.get(index as usize).copied().unwrap_or(t),
            TyKind::Data { tn, params } => {
                let ps = params.iter().map(|&p| self.subst(p, vals)).collect();
                self.apply(tn, ps)
            }
            TyKind::Tuple(ps) => {
                let ps = ps.iter().map(|&p| self.subst(p, vals)).collect();
                self.tuple(ps)
            }
            TyKind::Union(ms) => {
                let ms: Vec<TyId> = ms.iter().map(|&m| self.subst(m, vals)).collect();
                self.union(&ms)
            }
            TyKind::NamedTuple { names, types } => {
                let types = self.subst(types, vals);
                self.intern(TyKind::NamedTuple { names, types })
            }
            TyKind::Bottom | TyKind::Int(_) | TyKind::Sym(_) | TyKind::Bool(_) => t,
        }
    }

    /// The direct supertype of `t` with its parameters substituted.
    pub fn supertype(&mut self, t: TyId) -> Option<TyId> {
        let TyKind::Data { tn, params } = self.kind(t).clone() else {
            return None;
        };
        let sup = self.names[tn.index()].super_?;
        if params.is_empty() && !self.names[tn.index()].params.is_empty() {
            // An unapplied name's supertype is the unapplied supertype; a name without
            // parameters has its declared one (`struct B <: A{Int32}`).
            return match self.kind(sup).clone() {
                TyKind::Data { tn, .. } => Some(self.apply(tn, Vec::new())),
                _ => Some(sup),
            };
        }
        Some(self.subst(sup, &params))
    }

    /// `a <: b` without type variables on the left.
    /// Whether `t` mentions a type variable (a `where` parameter not yet bound).
    pub fn has_var(&self, t: TyId) -> bool {
        self.has_var[t.index()]
    }

    pub fn issub(&self, a: TyId, b: TyId) -> bool {
        let mut env = Vec::new();
        self.issub_env(a, b, &mut env)
    }

    /// `a <: b`, binding the variables of `b` in `env` (the diagonal rule: a variable bound twice
    /// must be bound to the same type).
    pub fn issub_env(&self, a: TyId, b: TyId, env: &mut Vec<Option<TyId>>) -> bool {
        // A type with variables is never `<:` itself for free: when two methods' signatures
        // are compared, their variables are interned alike (`T` number 0 in both), and each
        // variable of `b` must still be bound (and checked against its other uses).
        if (a == b && !self.has_var[b.index()]) || b == self.b.any {
            return true;
        }
        match (self.kind(a), self.kind(b)) {
            (TyKind::Bottom, _) => true,
            (_, TyKind::Var { index, bound, .. }) => {
                let i = *index as usize;
                if env.len() <= i {
                    env.resize(i + 1, None);
                }
                match env[i] {
                    // Bound already (by `Type{T}`, say): a later covariant use may be a subtype
                    // (`convert(::Type{T}, x::T)` with `T = Number` and `x::Int64`); the
                    // diagonal rule for two covariant uses is enforced by specificity.
                    Some(t) => {
                        t == a || (self.is_concrete(a) && !self.is_concrete(t) && self.issub(a, t))
                    }
                    // A bound may name other variables (`T` of `S <: AbstractArray{T}`, written
                    // `Type{<:AbstractArray{T}}`): checking it binds them.
                    None => {
                        let bound = *bound;
                        if self.issub_env(a, bound, env) {
                            env[i] = Some(a);
                            true
                        } else {
                            false
                        }
                    }
                }
            }
            (TyKind::Var { bound, .. }, _) => self.issub_env(*bound, b, env),
            (TyKind::Union(ms), _) => ms.clone().iter().all(|&m| self.issub_env(m, b, env)),
            (_, TyKind::Union(ms)) => {
                for &m in ms {
                    let saved = env.clone();
                    if self.issub_env(a, m, env) {
                        return true;
                    }
                    *env = saved;
                }
                false
            }
            (TyKind::Tuple(_), TyKind::Data { tn, params })
                if *tn == self.b.tn_tuple && params.is_empty() =>
            {
                true
            }
            (TyKind::Tuple(xs), TyKind::Tuple(ys)) => {
                xs.len() == ys.len() && xs.iter().zip(ys).all(|(&x, &y)| self.issub_env(x, y, env))
            }
            (TyKind::NamedTuple { .. }, TyKind::Data { tn, params })
                if *tn == self.b.tn_named_tuple && params.is_empty() =>
            {
                true
            }
            (
                TyKind::NamedTuple {
                    names: na,
                    types: ta,
                },
                TyKind::NamedTuple {
                    names: nb,
                    types: tb,
                },
            ) => na == nb && self.type_eq_env(*ta, *tb, env),
            // `Type{T}` is a subtype of the type of `T` (`Type{Int64} <: DataType`).
            (TyKind::Data { tn, params }, _)
                if *tn == self.b.tn_type
                    && params.len() == 1
                    && self.type_name(b) != Some(self.b.tn_type) =>
            {
                self.issub_env(self.b.datatype, b, env)
            }
            (TyKind::Data { .. }, TyKind::Data { tn: tb, params: pb }) => {
                let (tb, pb) = (*tb, pb.clone());
                // `x isa Vector`: an array type with `N = 1` (an unapplied alias name).
                let alias = if pb.is_empty() {
                    self.alias_target(tb)
                } else {
                    None
                };
                let mut cur = a;
                loop {
                    let TyKind::Data { tn, params } = self.kind(cur) else {
                        return false;
                    };
                    if *tn == tb {
                        if pb.is_empty() {
                            return true;
                        }
                        // `AbstractArray{T}` leaves `N` free: a prefix of the parameters.
                        if params.len() < pb.len() {
                            return false;
                        }
                        let params = params.clone();
                        return params
                            .iter()
                            .zip(&pb)
                            .all(|(&x, &y)| self.type_eq_env(x, y, env));
                    }
                    if let Some((target, n)) = alias
                        && *tn == target
                        && params.len() == 2
                        && *self.kind(params[1]) == TyKind::Int(n)
                    {
                        return true;
                    }
                    // `Vector <: Array`: an unapplied alias name is inside its target.
                    if params.is_empty()
                        && pb.is_empty()
                        && self
                            .alias_target(*tn)
                            .is_some_and(|(target, _)| target == tb)
                    {
                        return true;
                    }
                    // An unapplied name (`CB` of `struct CB{T} <: AbstractVector{T}`) stands
                    // for all its instances: its declared supertype keeps the parameters that
                    // do not depend on `T` (`N = 1`), so `CB <: AbstractVector` holds.
                    let declared = match self.kind(cur) {
                        TyKind::Data { tn, params }
                            if params.is_empty() && !self.names[tn.index()].params.is_empty() =>
                        {
                            self.names[tn.index()].super_
                        }
                        _ => None,
                    };
                    match declared.or_else(|| self.supertype_readonly(cur)) {
                        Some(s) => cur = s,
                        None => return false,
                    }
                }
            }
            _ => false,
        }
    }

    /// Invariant parameter match: equal, or equal once variables of `b` are bound
    /// (`Vector{String}` matches `Vector{T}` with `T = String`).
    fn type_eq_env(&self, a: TyId, b: TyId, env: &mut Vec<Option<TyId>>) -> bool {
        if a == b && !self.has_var[b.index()] {
            return true;
        }
        match (self.kind(a), self.kind(b)) {
            (_, TyKind::Var { index, bound, .. }) => {
                // Invariant: the variable is exactly `a` (`Union{}` included).
                let i = *index as usize;
                if env.len() <= i {
                    env.resize(i + 1, None);
                }
                let bound = *bound;
                if let Some(t) = env[i] {
                    return t == a;
                }
                // Checking the bound binds the variables it names (`T` of
                // `S <: AbstractArray{T}` in `Type{S}`).
                if self.issub_env(a, bound, env) {
                    env[i] = Some(a);
                    true
                } else {
                    false
                }
            }
            // `Union{Missing, Int64}` matches `Union{T, Missing}` with `T = Int64`: the members
            // of `b` without variables are all in `a`, and its one variable is the rest of `a`.
            (TyKind::Union(xs), TyKind::Union(ys)) => {
                let (vars, fixed): (Vec<TyId>, Vec<TyId>) =
                    ys.iter().partition(|&&y| self.has_var[y.index()]);
                if vars.len() != 1 || !fixed.iter().all(|f| xs.contains(f)) {
                    return false;
                }
                let mut rest: Vec<TyId> =
                    xs.iter().copied().filter(|x| !fixed.contains(x)).collect();
                let r = match rest.len() {
                    0 => return false,
                    1 => rest[0],
                    _ => {
                        rest.sort();
                        match self.interned.get(&TyKind::Union(rest)) {
                            Some(&u) => u,
                            None => return false,
                        }
                    }
                };
                self.type_eq_env(r, vars[0], env)
            }
            (TyKind::Data { tn: ta, params: pa }, TyKind::Data { tn: tb, params: pb }) => {
                ta == tb
                    && pa.len() == pb.len()
                    && pa
                        .iter()
                        .zip(pb)
                        .all(|(&x, &y)| self.type_eq_env(x, y, env))
            }
            (TyKind::Tuple(xs), TyKind::Tuple(ys)) => {
                xs.len() == ys.len()
                    && xs
                        .iter()
                        .zip(ys)
                        .all(|(&x, &y)| self.type_eq_env(x, y, env))
            }
            (
                TyKind::NamedTuple {
                    names: na,
                    types: ta,
                },
                TyKind::NamedTuple {
                    names: nb,
                    types: tb,
                },
            ) => na == nb && self.type_eq_env(*ta, *tb, env),
            _ => false,
        }
    }

    /// Supertype for read-only contexts: looks it up among already interned types.
    fn supertype_readonly(&self, t: TyId) -> Option<TyId> {
        let TyKind::Data { tn, params } = self.kind(t) else {
            return None;
        };
        let sup = self.names[tn.index()].super_?;
        if params.is_empty() && !self.names[tn.index()].params.is_empty() {
            return match self.kind(sup) {
                TyKind::Data { tn, .. } => self
                    .interned
                    .get(&TyKind::Data {
                        tn: *tn,
                        params: Vec::new(),
                    })
                    .copied(),
                _ => Some(sup),
            };
        }
        self.subst_readonly(sup, params)
    }

    fn subst_readonly(&self, t: TyId, vals: &[TyId]) -> Option<TyId> {
        match self.kind(t) {
            TyKind::Var { index, .. } => Some(vals.get(*index as usize).copied().unwrap_or(t)),
            TyKind::Data { tn, params } => {
                let ps = params
                    .iter()
                    .map(|&p| self.subst_readonly(p, vals))
                    .collect::<Option<Vec<_>>>()?;
                self.interned
                    .get(&TyKind::Data {
                        tn: *tn,
                        params: ps,
                    })
                    .copied()
            }
            TyKind::Tuple(ps) => {
                let ps = ps
                    .iter()
                    .map(|&p| self.subst_readonly(p, vals))
                    .collect::<Option<Vec<_>>>()?;
                self.interned.get(&TyKind::Tuple(ps)).copied()
            }
            TyKind::NamedTuple { names, types } => {
                let types = self.subst_readonly(*types, vals)?;
                self.interned
                    .get(&TyKind::NamedTuple {
                        names: names.clone(),
                        types,
                    })
                    .copied()
            }
            _ => Some(t),
        }
    }

    /// Makes sure every supertype of `t` is interned, so `issub` can walk the chain.
    /// Julia's `typejoin` of two types that are neither tuples nor unions (base/promotion.jl,
    /// its loop over `b`'s supertypes): the nearest supertype of `b` whose name is a supertype
    /// name of `a`, keeping the parameters on which both agree. Where they differ the result
    /// is unapplied from there on (`Vector{Int64}`, `Vector{Float64}` give `Vector`;
    /// `Dict{Int64, String}`, `Dict{Int64, Int64}` give `Dict{Int64}`; Julia's
    /// `Dict{K, String} where K`, a parameter left free before a bound one, is `Dict` here).
    pub fn typejoin_data(&mut self, a: TyId, b: TyId) -> TyId {
        let chain = |s: &mut TypeStore, mut t: TyId| {
            let mut out = Vec::new();
            while let Some((tn, ps)) = s.join_form(t) {
                out.push((tn, ps));
                match s.supertype(t) {
                    Some(up) if up != t => t = up,
                    _ => break,
                }
            }
            out
        };
        let (ca, cb) = (chain(self, a), chain(self, b));
        for (tn, pb) in &cb {
            if let Some((_, pa)) = ca.iter().find(|(t, _)| t == tn) {
                let ps: Vec<Option<TyId>> = pa
                    .iter()
                    .zip(pb)
                    .map(|(x, y)| match (x, y) {
                        (Some(x), Some(y)) if x == y => Some(*x),
                        _ => None,
                    })
                    .collect();
                return self.join_result(*tn, &ps);
            }
        }
        self.b.any
    }

    /// A data type as its name and one entry per parameter of the name (`None` where it is
    /// not given: `Vector` is `Array` with `N = 1` and `T` free).
    fn join_form(&self, t: TyId) -> Option<(TypeNameId, Vec<Option<TyId>>)> {
        let TyKind::Data { tn, params } = self.kind(t) else {
            return None;
        };
        if params.is_empty()
            && let Some((target, n)) = self.alias_target(*tn)
        {
            let n = self.interned.get(&TyKind::Int(n)).copied();
            return Some((target, vec![None, n]));
        }
        let len = self.names[tn.index()].params.len();
        let mut ps: Vec<Option<TyId>> = params
            .iter()
            .map(|&p| (!self.has_var(p)).then_some(p))
            .collect();
        ps.resize(len, None);
        Some((*tn, ps))
    }

    /// The type of name `tn` with the parameters known in `ps`, unapplied from the first
    /// unknown one (`Array` with `N` known and `T` not is `Vector` or `Matrix`).
    fn join_result(&mut self, tn: TypeNameId, ps: &[Option<TyId>]) -> TyId {
        let b = self.b;
        for (arr, vec_, mat) in [
            (b.tn_array, b.tn_vector, b.tn_matrix),
            (
                b.tn_abstract_array,
                b.tn_abstract_vector,
                b.tn_abstract_matrix,
            ),
        ] {
            if tn == arr
                && let [None, Some(n)] = ps
            {
                match self.kind(*n) {
                    TyKind::Int(1) => return self.apply(vec_, Vec::new()),
                    TyKind::Int(2) => return self.apply(mat, Vec::new()),
                    _ => {}
                }
            }
        }
        let known: Vec<TyId> = ps.iter().map_while(|p| *p).collect();
        self.apply(tn, known)
    }

    pub fn ensure_supertypes(&mut self, t: TyId) {
        let mut cur = t;
        while let Some(s) = self.supertype(cur) {
            cur = s;
        }
    }

    /// Julia's display of a type: `Int64`, `Vector{Int64}`, `Tuple{Int64, String}`.
    /// `qualify` gives the module prefix of a type name (empty for Core/Base/Main, but for
    /// Base's names it does not export).
    pub fn display(&self, t: TyId, qualify: &dyn Fn(ModuleId, Sym) -> String) -> String {
        if let Some(alias) = self.aliases.get(&t) {
            return alias.to_string();
        }
        match self.kind(t) {
            TyKind::Data { tn, params } => {
                let n = &self.names[tn.index()];
                let name = n.name.as_str();
                // A function's type: `typeof(Greeter.greet)`.
                if let Some(inner) = name.strip_prefix("typeof(") {
                    return format!("typeof({}{inner}", qualify(n.module, n.name));
                }
                let b = &self.b;
                // A closure's type name is no identifier: `var"#1#2"`.
                let mut s = if name.starts_with('#') {
                    format!("{}var\"{}\"", qualify(n.module, n.name), n.name)
                } else {
                    format!("{}{}", qualify(n.module, n.name), n.name)
                };
                let mut params = &params[..];
                // `Array{T, 1}` prints as `Vector{T}`, as Julia prints its aliases.
                if params.len() == 2 && (*tn == b.tn_array || *tn == b.tn_abstract_array) {
                    let prefix = if *tn == b.tn_array { "" } else { "Abstract" };
                    match self.kind(params[1]) {
                        TyKind::Int(1) => s = format!("{prefix}Vector"),
                        TyKind::Int(2) => s = format!("{prefix}Matrix"),
                        _ => {}
                    }
                    if matches!(self.kind(params[1]), TyKind::Int(1 | 2)) {
                        params = &params[..1];
                    }
                }
                if !params.is_empty() {
                    let ps: Vec<String> =
                        params.iter().map(|&p| self.display(p, qualify)).collect();
                    s.push('{');
                    s.push_str(&ps.join(", "));
                    s.push('}');
                }
                s
            }
            // Julia's `show_datatype`: a tail of more than three elements of one type is
            // `NTuple{4, T}` (the whole tuple) or `Vararg{T, 4}`.
            TyKind::Tuple(ps)
                if ps.len() > 3
                    && ps
                        .iter()
                        .rev()
                        .take_while(|&&p| p == ps[ps.len() - 1])
                        .count()
                        > 3 =>
            {
                let last = ps[ps.len() - 1];
                let tail = ps.iter().rev().take_while(|&&p| p == last).count();
                let t = self.display(last, qualify);
                if tail == ps.len() {
                    return format!("NTuple{{{tail}, {t}}}");
                }
                let head: Vec<String> = ps[..ps.len() - tail]
                    .iter()
                    .map(|&p| self.display(p, qualify))
                    .collect();
                format!("Tuple{{{}, Vararg{{{t}, {tail}}}}}", head.join(", "))
            }
            TyKind::Tuple(ps) => {
                let ps: Vec<String> = ps.iter().map(|&p| self.display(p, qualify)).collect();
                format!("Tuple{{{}}}", ps.join(", "))
            }
            TyKind::Union(ms) => {
                // Julia's order (`union_sort_cmp`): singletons, then bits types, then the
                // rest, each by name: `Union{Missing, Nothing, Float64, Int64, String}`.
                let mut ms: Vec<(u8, String)> = ms
                    .iter()
                    .map(|&p| (self.union_class(p), self.display(p, qualify)))
                    .collect();
                ms.sort();
                let ms: Vec<String> = ms.into_iter().map(|(_, s)| s).collect();
                format!("Union{{{}}}", ms.join(", "))
            }
            TyKind::NamedTuple { names, types } => {
                // Julia's `show_at_namedtuple`: `@NamedTuple{a::Int64, b}` (`::Any` omitted).
                let TyKind::Tuple(ps) = self.kind(*types) else {
                    return format!("NamedTuple{{{names:?}, {}}}", self.display(*types, qualify));
                };
                let fields: Vec<String> = names
                    .iter()
                    .zip(ps)
                    .map(|(n, &p)| {
                        if p == self.b.any {
                            n.to_string()
                        } else {
                            format!("{n}::{}", self.display(p, qualify))
                        }
                    })
                    .collect();
                format!("@NamedTuple{{{}}}", fields.join(", "))
            }
            TyKind::Bottom => "Union{}".to_string(),
            TyKind::Var { name, .. } => name.to_string(),
            TyKind::Int(n) => n.to_string(),
            TyKind::Sym(s) => quoted_symbol(&s.as_str()),
            TyKind::Bool(b) => b.to_string(),
        }
    }
}

/// Filled in by `TypeStore::new` before the store is returned.
fn placeholder_builtins() -> Builtins {
    let z = TyId(0);
    let n = TypeNameId(0);
    Builtins {
        any: z,
        bottom: z,
        number: z,
        real: z,
        integer: z,
        signed: z,
        int64: z,
        bool_: z,
        abstract_float: z,
        float64: z,
        unsigned: z,
        int8: z,
        int16: z,
        int32: z,
        uint8: z,
        uint16: z,
        uint32: z,
        uint64: z,
        float32: z,
        float16: z,
        int128: z,
        uint128: z,
        bigint: z,
        abstract_string: z,
        string: z,
        abstract_char: z,
        char_: z,
        nothing: z,
        function: z,
        datatype: z,
        module: z,
        symbol: z,
        abstract_array: z,
        abstract_vector: z,
        abstract_matrix: z,
        array: z,
        vector: z,
        matrix: z,
        abstract_range: z,
        unit_range: z,
        step_range: z,
        tuple: z,
        named_tuple: z,
        io: z,
        io_buffer: z,
        io_stream: z,
        compiled_regex: z,
        exception: z,
        dict: z,
        abstract_dict: z,
        pair: z,
        tn_array: n,
        tn_vector: n,
        tn_matrix: n,
        tn_abstract_vector: n,
        tn_abstract_matrix: n,
        tn_abstract_array: n,
        tn_unit_range: n,
        tn_step_range: n,
        tn_abstract_range: n,
        tn_dict: n,
        tn_pair: n,
        tn_tuple: n,
        tn_named_tuple: n,
        tn_type: n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> TypeStore {
        TypeStore::new(ModuleId(0))
    }

    #[test]
    fn number_tower() {
        let s = store();
        let b = s.b;
        assert!(s.issub(b.int64, b.integer));
        assert!(s.issub(b.int64, b.number));
        assert!(s.issub(b.bool_, b.integer));
        assert!(s.issub(b.float64, b.real));
        assert!(!s.issub(b.float64, b.integer));
        assert!(!s.issub(b.number, b.int64));
        assert!(s.issub(b.string, b.any));
    }

    #[test]
    fn parametric_vectors_are_invariant() {
        let mut s = store();
        let vi = s.vector_of(s.b.int64);
        let vn = s.vector_of(s.b.number);
        let av_i = s.apply(s.b.tn_abstract_vector, vec![s.b.int64]);
        s.ensure_supertypes(vi);
        assert!(s.issub(vi, s.b.vector));
        assert!(!s.issub(vi, vn));
        assert!(s.issub(vi, av_i));
        assert!(s.issub(vi, s.b.abstract_array));
    }

    #[test]
    fn tuples_are_covariant_and_unions_work() {
        let mut s = store();
        let b = s.b;
        let t1 = s.tuple(vec![b.int64, b.string]);
        let t2 = s.tuple(vec![b.number, b.any]);
        assert!(s.issub(t1, t2));
        assert!(!s.issub(t2, t1));
        let u = s.union(&[b.int64, b.string]);
        assert!(s.issub(b.int64, u));
        assert!(s.issub(u, b.any));
        assert!(!s.issub(u, b.number));
        assert_eq!(s.union(&[b.int64, b.number]), b.number);
    }

    #[test]
    fn diagonal_variables_bind_once() {
        let mut s = store();
        let b = s.b;
        let t = s.intern(TyKind::Var {
            index: 0,
            name: Sym::new("T"),
            bound: b.any,
        });
        let sig = s.tuple(vec![t, t]);
        let ii = s.tuple(vec![b.int64, b.int64]);
        let if_ = s.tuple(vec![b.int64, b.float64]);
        assert!(s.issub(ii, sig));
        assert!(!s.issub(if_, sig));
    }

    #[test]
    fn display_names() {
        let mut s = store();
        let vi = s.vector_of(s.b.int64);
        let t = s.tuple(vec![vi, s.b.string]);
        assert_eq!(
            s.display(t, &|_, _| String::new()),
            "Tuple{Vector{Int64}, String}"
        );
    }
}

/// A symbol as Julia shows it in a type: `:abc`, or `Symbol("text/plain")` when it is not an
/// identifier.
fn quoted_symbol(s: &str) -> String {
    let mut chars = s.chars();
    let ident = chars
        .next()
        .is_some_and(crate::syntax::lexer::is_ident_start)
        && chars.all(crate::syntax::lexer::is_ident_continue);
    if ident {
        format!(":{s}")
    } else {
        format!("Symbol({s:?})")
    }
}
