//! Runtime values.
//!
//! Small values are immediate; everything with identity or interior mutability is behind an `Rc`.
//! Reference counting frees acyclic garbage at once; [`gc`] frees the cycles. Every object that
//! can hold other values is made by one of the constructors here, which register it with the
//! collector.

pub mod gc;

use std::cell::RefCell;
use std::rc::Rc;

use crate::ids::{FuncId, ModuleId, TyId};
use crate::lower::ir::{CodeInfo, Const};
use crate::symbol::Sym;
use crate::types::{Prim, PrimKind};

#[derive(Clone, Debug)]
pub enum Value {
    Nothing,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A value of another primitive number type (`Int8`–`Int32`, `UInt8`–`UInt64`, `Float32`).
    Bits(Bits),
    /// An `Int128` or `UInt128`: too wide for `Bits`, so kept out of line (`Value` stays small).
    Wide(Rc<WideBits>),
    /// A `BigInt`. Immutable once made: arithmetic makes new ones.
    BigInt(Rc<num_bigint::BigInt>),
    Char(char),
    Str(Rc<str>),
    Symbol(Sym),
    Tuple(Rc<[Value]>),
    /// An `Array{T, N}` (a `Vector` when `N = 1`).
    Array(Rc<ArrayObj>),
    /// `start:stop` (`UnitRange{Int64}`).
    Range(i64, i64),
    /// `start:step:stop` (`StepRange{Int64, Int64}`), stop already normalized to the last element.
    StepRange(i64, i64, i64),
    Struct(Rc<StructObj>),
    Function(FuncId),
    Closure(Rc<Closure>),
    Type(TyId),
    Module(ModuleId),
    Dict(Rc<DictObj>),
    Pair(Rc<(Value, Value)>),
    IOBuffer(Rc<RefCell<String>>),
    /// A compiled regular expression: the `regex` field of a `Regex` (where Julia keeps PCRE's
    /// pointer).
    Regex(Rc<RegexObj>),
    /// The process's standard output (`stdout`).
    Stdout,
    /// The process's standard error (`stderr`).
    Stderr,
    /// A captured variable's cell. Never visible to Julia code: lowering reads through it.
    Box(Rc<RefCell<Value>>),
    /// An unassigned local; reading one is an `UndefVarError`.
    Undef,
}

/// A primitive number with its type and layout, so that it can be compared and hashed
/// without the type store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bits {
    pub ty: TyId,
    pub prim: Prim,
    /// The bits, zero-extended to 64 (a `Float32` holds `f32::to_bits`).
    pub bits: u64,
}

/// A 128-bit primitive integer (`Int128`, `UInt128`) with its type and layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WideBits {
    pub ty: TyId,
    pub prim: Prim,
    pub bits: u128,
}

impl WideBits {
    pub fn value(&self) -> NumVal {
        match self.prim.kind {
            PrimKind::Signed => NumVal::Int(self.bits as i128),
            _ => match i128::try_from(self.bits) {
                Ok(i) => NumVal::Int(i),
                Err(_) => NumVal::Big(Rc::new(num_bigint::BigInt::from(self.bits))),
            },
        }
    }
}

/// A number as exact comparisons see it.
#[derive(Clone, Debug, PartialEq)]
pub enum NumVal {
    Int(i128),
    Float(f64),
    /// An integer outside `Int128` (a large `UInt128`, a `BigInt`).
    Big(Rc<num_bigint::BigInt>),
}

impl NumVal {
    /// The number of an integer of any size, `Int` when it fits.
    pub fn of_big(n: &Rc<num_bigint::BigInt>) -> NumVal {
        match i128::try_from(n.as_ref()) {
            Ok(i) => NumVal::Int(i),
            Err(_) => NumVal::Big(n.clone()),
        }
    }
}

impl Bits {
    pub fn value(self) -> NumVal {
        match self.prim.kind {
            PrimKind::Signed => {
                let shift = 64 - self.prim.bits;
                NumVal::Int((((self.bits << shift) as i64) >> shift) as i128)
            }
            PrimKind::Unsigned => NumVal::Int(self.bits as i128),
            PrimKind::Float if self.prim.bits == 32 => {
                NumVal::Float(f32::from_bits(self.bits as u32) as f64)
            }
            PrimKind::Float => NumVal::Float(f64::from_bits(self.bits)),
        }
    }
}

/// An `Array{T, N}`: its elements in column-major order.
#[derive(Debug)]
pub struct ArrayObj {
    pub elty: TyId,
    /// The size of each dimension, for `N != 1`; `None` for a vector, whose length is its
    /// number of items (and changes with `push!`). The product of the dims is the number of
    /// items.
    pub dims: Option<Box<[usize]>>,
    pub items: RefCell<Vec<Value>>,
}

impl ArrayObj {
    /// `ndims`.
    pub fn ndims(&self) -> usize {
        self.dims.as_ref().map_or(1, |d| d.len())
    }

    /// `size`.
    pub fn size(&self) -> Vec<usize> {
        match &self.dims {
            Some(d) => d.to_vec(),
            None => vec![self.items.borrow().len()],
        }
    }
}

/// PCRE's compile options that kiln understands (the bits Julia's `Regex` flags set).
pub mod pcre {
    pub const CASELESS: u32 = 0x0000_0008;
    pub const DOTALL: u32 = 0x0000_0020;
    pub const EXTENDED: u32 = 0x0000_0080;
    pub const MULTILINE: u32 = 0x0000_0400;
}

/// A compiled regular expression. The pattern and PCRE compile options are what it is made
/// from (and what a package image stores: it is compiled again on load).
#[derive(Debug)]
pub struct RegexObj {
    pub pattern: Rc<str>,
    pub options: u32,
    pub re: fancy_regex::Regex,
    /// The pattern anchored at the end of the subject (`endswith`), compiled on first use.
    end_anchored: std::cell::OnceCell<Option<fancy_regex::Regex>>,
}

impl RegexObj {
    /// Compiles `pattern` with the `i`, `m`, `s` and `x` bits of `options`; the error is the
    /// engine's message.
    pub fn compile(pattern: &str, options: u32) -> Result<RegexObj, String> {
        let re = Self::build(pattern.to_string(), options)?;
        Ok(RegexObj {
            pattern: pattern.into(),
            options,
            re,
            end_anchored: Default::default(),
        })
    }

    fn build(pattern: String, options: u32) -> Result<fancy_regex::Regex, String> {
        let pattern = pcre_syntax(&pattern, options & pcre::MULTILINE != 0);
        let mut b = fancy_regex::RegexBuilder::new(&pattern);
        b.case_insensitive(options & pcre::CASELESS != 0)
            .multi_line(options & pcre::MULTILINE != 0)
            .dot_matches_new_line(options & pcre::DOTALL != 0)
            .verbose_mode(options & pcre::EXTENDED != 0);
        b.build().map_err(|e| e.to_string())
    }

    /// The pattern with a match required to end at the end of the subject.
    pub fn end_anchored(&self) -> Option<&fancy_regex::Regex> {
        self.end_anchored
            .get_or_init(|| {
                // A newline first ends a trailing comment of free-spacing mode.
                let nl = if self.options & pcre::EXTENDED != 0 {
                    "\n"
                } else {
                    ""
                };
                Self::build(format!("(?:{}{nl})\\z", self.pattern), self.options).ok()
            })
            .as_ref()
    }
}

/// `pattern` in the engine's syntax where PCRE's differs: `\\Q...\\E` (literal text) is spelled
/// out with escapes, and outside multiline mode each `$` outside a character class matches at
/// the end and before a newline that ends the subject, as PCRE's does (the engine's `$` only at
/// the end).
fn pcre_syntax(pattern: &str, multiline: bool) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push(c);
                    break;
                };
                if n == 'Q' {
                    while let Some(q) = chars.next() {
                        if q == '\\' && chars.peek() == Some(&'E') {
                            chars.next();
                            break;
                        }
                        if q.is_alphanumeric() || q == '_' {
                            out.push(q);
                        } else {
                            out.push_str(&format!("\\x{{{:x}}}", q as u32));
                        }
                    }
                } else if n != 'E' {
                    // A lone `\\E` is ignored, as PCRE ignores it.
                    out.push(c);
                    out.push(n);
                }
            }
            '[' if !class => {
                class = true;
                out.push(c);
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            '[' if chars.peek() == Some(&':') => {
                // A POSIX class inside a class: `[:alpha:]`.
                out.push(c);
                for p in chars.by_ref() {
                    out.push(p);
                    if p == ']' {
                        break;
                    }
                }
            }
            ']' if class => {
                class = false;
                out.push(c);
            }
            '$' if !class && !multiline => out.push_str("(?=\\n?\\z)"),
            _ => out.push(c),
        }
    }
    out
}

/// An instance of a user `struct` (or a builtin exception type).
#[derive(Debug)]
pub struct StructObj {
    pub ty: TyId,
    /// An instance of a `mutable struct`: compared by identity.
    pub mutable: bool,
    pub fields: RefCell<Vec<Value>>,
}

/// An anonymous function: its code and the boxes of the variables it captured.
#[derive(Debug)]
pub struct Closure {
    pub code: Rc<CodeInfo>,
    pub captures: Vec<Value>,
}

/// A `Dict{K, V}`: insertion-ordered (deterministic) hash map over hashable keys.
#[derive(Debug)]
pub struct DictObj {
    pub keyty: TyId,
    pub valty: TyId,
    pub map: RefCell<DictTable>,
}

/// The entries of a `Dict` in insertion order. A deleted entry leaves an empty slot, so
/// deleting is O(1) and deleting the current key while iterating does not skip the next one;
/// the slots are compacted on a later insertion once most of them are empty.
#[derive(Debug, Default)]
pub struct DictTable {
    slots: Vec<Option<(DictKey, Value, Value)>>,
    index: rustc_hash::FxHashMap<DictKey, usize>,
}

impl DictTable {
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    pub fn get(&self, k: &DictKey) -> Option<(&Value, &Value)> {
        let &i = self.index.get(k)?;
        self.slots[i].as_ref().map(|(_, k, v)| (k, v))
    }

    pub fn contains_key(&self, k: &DictKey) -> bool {
        self.index.contains_key(k)
    }

    /// Sets the entry of `key`; a new key goes last.
    pub fn insert(&mut self, key: DictKey, k: Value, v: Value) {
        if let Some(&i) = self.index.get(&key) {
            self.slots[i] = Some((key, k, v));
            return;
        }
        if self.slots.len() >= 32 && self.slots.len() > 2 * self.index.len() {
            self.compact();
        }
        self.index.insert(key.clone(), self.slots.len());
        self.slots.push(Some((key, k, v)));
    }

    pub fn remove(&mut self, key: &DictKey) {
        if let Some(i) = self.index.remove(key) {
            self.slots[i] = None;
        }
    }

    fn compact(&mut self) {
        self.slots.retain(Option::is_some);
        for (i, (key, _, _)) in self.slots.iter().flatten().enumerate() {
            self.index.insert(key.clone(), i);
        }
    }

    /// Every key and value, for dropping (the collector empties unreachable dicts).
    fn into_values(self) -> Vec<Value> {
        self.slots
            .into_iter()
            .flatten()
            .flat_map(|(_, k, v)| [k, v])
            .collect()
    }

    /// The entries, in insertion order.
    pub fn entries(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.slots.iter().flatten().map(|(_, k, v)| (k, v))
    }

    /// The first entry at slot `i` or later, with its slot (the `iterate` state).
    pub fn next_from(&self, i: usize) -> Option<(usize, &Value, &Value)> {
        self.slots
            .get(i..)?
            .iter()
            .enumerate()
            .find_map(|(j, s)| s.as_ref().map(|(_, k, v)| (i + j, k, v)))
    }
}

/// The hashable projection of a value used as a `Dict` key (`isequal` semantics for the
/// supported key types).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DictKey {
    Nothing,
    /// `true`/`false` are `isequal` to 1/0, so Bools are stored as `Int`.
    Int(i64),
    /// An integer outside `Int64` (a large `UInt64`, an `Int128`).
    Wide(i128),
    /// An integer outside `Int128`.
    Big(Rc<num_bigint::BigInt>),
    /// A non-integral float by its bits (every NaN the same; `-0.0` distinct from `0.0`).
    Float(u64),
    Char(char),
    Str(Rc<str>),
    Symbol(Sym),
    /// Tuples, vectors (by contents, as of insertion) and pairs.
    Seq(u8, Vec<DictKey>),
    /// An immutable struct, by type and fields.
    Struct(TyId, Vec<DictKey>),
    /// A mutable object (mutable struct, Dict), by identity: its address while the key holds it.
    Object(usize),
    Type(TyId),
    Function(crate::ids::FuncId),
}

/// The `Dict` key of a float: `isequal(1.0, 1)`, so an integral float is the same key as the
/// integer; every NaN is one key; `-0.0` is not `0.0`.
fn float_key(f: f64) -> DictKey {
    if f.fract() == 0.0 && !(f == 0.0 && f.is_sign_negative()) && f.abs() < 9.2e18 {
        DictKey::Int(f as i64)
    } else if f.is_nan() {
        DictKey::Float(f64::NAN.to_bits())
    } else {
        DictKey::Float(f.to_bits())
    }
}

/// Drops values without recursing: children that hold objects of their own are moved onto an
/// explicit stack, so a million-node linked list does not overflow the native stack. Plain
/// data (numbers, strings, …) is dropped where it is, so freeing a large `Vector{Float64}`
/// does not copy it first.
fn drop_values(mut stack: Vec<Value>) {
    fn keep(stack: &mut Vec<Value>, items: &mut Vec<Value>) {
        stack.extend(items.drain(..).filter(gc::may_refer));
    }
    stack.retain(gc::may_refer);
    while let Some(v) = stack.pop() {
        match v {
            Value::Struct(rc) => {
                if let Ok(obj) = Rc::try_unwrap(rc) {
                    keep(&mut stack, &mut obj.fields.borrow_mut());
                }
            }
            Value::Array(rc) => {
                if let Ok(obj) = Rc::try_unwrap(rc) {
                    keep(&mut stack, &mut obj.items.borrow_mut());
                }
            }
            Value::Tuple(mut rc) => {
                if let Some(items) = Rc::get_mut(&mut rc) {
                    stack.extend(
                        items
                            .iter_mut()
                            .filter(|x| gc::may_refer(x))
                            .map(|x| std::mem::replace(x, Value::Nothing)),
                    );
                }
            }
            Value::Box(rc) => {
                if let Ok(cell) = Rc::try_unwrap(rc) {
                    stack.push(cell.into_inner());
                }
            }
            Value::Pair(rc) => {
                if let Ok((a, b)) = Rc::try_unwrap(rc) {
                    stack.push(a);
                    stack.push(b);
                }
            }
            other => drop(other),
        }
    }
}

impl Drop for StructObj {
    fn drop(&mut self) {
        let fields = std::mem::take(self.fields.get_mut());
        if !fields.is_empty() {
            drop_values(fields);
        }
    }
}

impl Drop for ArrayObj {
    fn drop(&mut self) {
        let items = std::mem::take(self.items.get_mut());
        if !items.is_empty() {
            drop_values(items);
        }
    }
}

impl Value {
    /// A fresh array: a vector when `dims` is `None`, else with those dims (whose product is
    /// `items.len()` once filled: the image decoder fills items after allocating). Every
    /// array value is made here.
    pub fn array(elty: TyId, dims: Option<Box<[usize]>>, items: Vec<Value>) -> Value {
        let rc = Rc::new(ArrayObj {
            elty,
            dims,
            items: RefCell::new(items),
        });
        gc::track_array(&rc);
        Value::Array(rc)
    }

    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    /// The value of a constant of lowered code.
    pub fn from_const(k: &Const, types: &crate::types::TypeStore) -> Value {
        match k {
            Const::Nothing => Value::Nothing,
            Const::Bool(b) => Value::Bool(*b),
            Const::Int(i) => Value::Int(*i),
            Const::Int128(i) => Value::Wide(Rc::new(WideBits {
                ty: types.b.int128,
                prim: Prim {
                    kind: PrimKind::Signed,
                    bits: 128,
                },
                bits: i.get(),
            })),
            Const::BigInt(digits) => Value::BigInt(Rc::new(
                digits.parse::<num_bigint::BigInt>().unwrap_or_default(),
            )),
            Const::UInt { bits, value } => match types.uint_of_bits(*bits) {
                Some(t) => Value::from_bits(types, t, value.get())
                    .unwrap_or(Value::Int(value.get() as i64)),
                // Lowering only makes the four sizes; anything else is a corrupt image, and
                // still a number.
                None => Value::Int(value.get() as i64),
            },
            Const::Float(f) => Value::Float(*f),
            Const::Char(c) => Value::Char(*c),
            Const::Str(s) => Value::Str(s.clone()),
            Const::Symbol(s) => Value::Symbol(*s),
            Const::Undef => Value::Undef,
        }
    }

    /// The value of primitive number type `t` with these bits (zero-extended), in its canonical
    /// form: `Int64`, `Float64` and `Bool` have variants of their own. `None` when `t` is not a
    /// primitive number type or the bits do not fit it.
    pub fn from_bits(types: &crate::types::TypeStore, t: TyId, bits: u128) -> Option<Value> {
        let p = types.prim(t)?;
        if p.bits < 128 && bits >> p.bits != 0 {
            return None;
        }
        if p.bits == 128 {
            return Some(Value::Wide(Rc::new(WideBits {
                ty: t,
                prim: p,
                bits,
            })));
        }
        let bits = bits as u64;
        let b = &types.b;
        Some(if t == b.int64 {
            Value::Int(bits as i64)
        } else if t == b.float64 {
            Value::Float(f64::from_bits(bits))
        } else if t == b.bool_ {
            match bits {
                0 => Value::Bool(false),
                1 => Value::Bool(true),
                _ => return None,
            }
        } else {
            Value::Bits(Bits {
                ty: t,
                prim: p,
                bits,
            })
        })
    }

    /// The value of any integer or primitive number (`Bool` is 0 or 1), for exact comparisons.
    pub fn num_value(&self) -> Option<NumVal> {
        Some(match self {
            Value::Int(i) => NumVal::Int(*i as i128),
            Value::Bool(b) => NumVal::Int(*b as i128),
            Value::Float(f) => NumVal::Float(*f),
            Value::Bits(b) => b.value(),
            Value::Wide(w) => w.value(),
            Value::BigInt(n) => NumVal::of_big(n),
            _ => return None,
        })
    }

    /// The type and bits of a primitive number (`Bool` is 0 or 1), zero-extended.
    pub fn to_bits(&self, types: &crate::types::TypeStore) -> Option<(TyId, u128)> {
        let b = &types.b;
        Some(match self {
            Value::Int(i) => (b.int64, *i as u64 as u128),
            Value::Float(f) => (b.float64, f.to_bits() as u128),
            Value::Bool(x) => (b.bool_, *x as u128),
            Value::Bits(b) => (b.ty, b.bits as u128),
            Value::Wide(w) => (w.ty, w.bits),
            _ => return None,
        })
    }

    /// An instance of an immutable struct type.
    pub fn new_struct(ty: TyId, fields: Vec<Value>) -> Value {
        Value::struct_obj(ty, false, fields)
    }

    /// An instance of a `mutable struct` type.
    pub fn new_mutable_struct(ty: TyId, fields: Vec<Value>) -> Value {
        Value::struct_obj(ty, true, fields)
    }

    fn struct_obj(ty: TyId, mutable: bool, fields: Vec<Value>) -> Value {
        let rc = Rc::new(StructObj {
            ty,
            mutable,
            fields: RefCell::new(fields),
        });
        gc::track_struct(&rc);
        Value::Struct(rc)
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        let rc: Rc<[Value]> = Rc::from(items);
        gc::track_tuple(&rc);
        Value::Tuple(rc)
    }

    /// A fresh `Vector{elty}`.
    pub fn vector(elty: TyId, items: Vec<Value>) -> Value {
        Value::array(elty, None, items)
    }

    /// An anonymous function over `captures`.
    pub fn closure(code: Rc<CodeInfo>, captures: Vec<Value>) -> Value {
        let rc = Rc::new(Closure { code, captures });
        gc::track_closure(&rc);
        Value::Closure(rc)
    }

    /// A `Dict{keyty, valty}` holding `map`.
    pub fn dict(keyty: TyId, valty: TyId, map: DictTable) -> Value {
        let rc = Rc::new(DictObj {
            keyty,
            valty,
            map: RefCell::new(map),
        });
        gc::track_dict(&rc);
        Value::Dict(rc)
    }

    /// `a => b`.
    pub fn pair(a: Value, b: Value) -> Value {
        let rc = Rc::new((a, b));
        gc::track_pair(&rc);
        Value::Pair(rc)
    }

    /// A fresh cell for a captured variable.
    pub fn new_box(v: Value) -> Value {
        let rc = Rc::new(RefCell::new(v));
        gc::track_box(&rc);
        Value::Box(rc)
    }

    /// The `Dict` key for this value, or `None` when it cannot be hashed yet.
    pub fn dict_key(&self) -> Option<DictKey> {
        self.dict_key_at(0)
    }

    fn dict_key_at(&self, depth: u32) -> Option<DictKey> {
        if depth > 64 {
            return None;
        }
        let seq = |tag: u8, items: &[Value]| -> Option<DictKey> {
            Some(DictKey::Seq(
                tag,
                items
                    .iter()
                    .map(|v| v.dict_key_at(depth + 1))
                    .collect::<Option<_>>()?,
            ))
        };
        Some(match self {
            Value::Nothing => DictKey::Nothing,
            Value::Bool(b) => DictKey::Int(*b as i64),
            Value::Int(i) => DictKey::Int(*i),
            Value::Float(f) => float_key(*f),
            Value::Bits(_) | Value::Wide(_) | Value::BigInt(_) => {
                match self.num_value().expect("a number") {
                    NumVal::Int(i) => match i64::try_from(i) {
                        Ok(i) => DictKey::Int(i),
                        Err(_) => DictKey::Wide(i),
                    },
                    NumVal::Float(f) => float_key(f),
                    NumVal::Big(n) => DictKey::Big(n),
                }
            }
            Value::Char(c) => DictKey::Char(*c),
            Value::Str(s) => DictKey::Str(s.clone()),
            Value::Symbol(s) => DictKey::Symbol(*s),
            Value::Tuple(items) => seq(0, items)?,
            Value::Array(v) => seq(1, &v.items.borrow())?,
            Value::Pair(p) => seq(2, &[p.0.clone(), p.1.clone()])?,
            Value::Struct(st) if !st.mutable => DictKey::Struct(
                st.ty,
                st.fields
                    .borrow()
                    .iter()
                    .map(|v| v.dict_key_at(depth + 1))
                    .collect::<Option<_>>()?,
            ),
            Value::Struct(st) => DictKey::Object(Rc::as_ptr(st) as *const () as usize),
            Value::Dict(d) => DictKey::Object(Rc::as_ptr(d) as *const () as usize),
            Value::Type(t) => DictKey::Type(*t),
            Value::Function(f) => DictKey::Function(*f),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    /// `Value` is copied on every register move: wide integers and `BigInt`s are out of line
    /// so that it stays four words.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn value_stays_small() {
        assert_eq!(std::mem::size_of::<super::Value>(), 32);
        assert_eq!(std::mem::size_of::<crate::lower::ir::Const>(), 24);
    }
}
