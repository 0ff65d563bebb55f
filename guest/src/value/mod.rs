//! Runtime values.
//!
//! Small values are immediate; everything with identity or interior mutability is behind an `Rc`.
//! Reference counting frees acyclic garbage at once; [`gc`] frees the cycles. Every object that
//! can hold other values is made by one of the constructors here, which register it with the
//! collector.

pub mod gc;
pub mod hash;

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
    /// An `IOBuffer`, a file opened with `open`, or `stdin` (see [`IoBuf`]).
    IOBuffer(Rc<RefCell<IoBuf>>),
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
            PrimKind::Float if self.prim.bits == 16 => NumVal::Float(f16_to_f64(self.bits as u16)),
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
    /// A mutable instance's identity for `hash`: a number given the first time it is hashed,
    /// in program order (Julia hashes its address; kiln's output must not depend on one).
    pub oid: std::cell::Cell<u64>,
}

/// A closure (an anonymous or local function): an instance of its own closure type (`#1#2`,
/// a struct type under `Function` whose fields are the captured variables), holding the code
/// that calling it runs and the boxes of the variables it captured.
#[derive(Debug)]
pub struct Closure {
    pub ty: TyId,
    pub code: Rc<CodeInfo>,
    pub captures: Vec<Value>,
}

/// A byte stream held in memory: an `IOBuffer`; a file opened with `open` (read whole when
/// opened, its new bytes written to the host on `flush` and `close`); or `stdin` (filled from the
/// host as it is read). Reads and writes happen at `pos`, as in Julia's `IOBuffer`.
#[derive(Debug, Default)]
pub struct IoBuf {
    pub data: Vec<u8>,
    pub pos: usize,
    pub readable: bool,
    pub writable: bool,
    pub open: bool,
    pub kind: IoKind,
}

#[derive(Debug, Default)]
pub enum IoKind {
    #[default]
    Buffer,
    /// A file: its path as the program gave it; `flushed` bytes of `data` are on the host
    /// already; with `rewrite`, a flush writes the whole of `data` again (`r+` mode).
    File {
        path: Rc<str>,
        flushed: usize,
        rewrite: bool,
    },
    /// Standard input; `ended` once the host has said there is no more.
    Stdin { ended: bool },
}

impl IoBuf {
    /// A new open stream over `data`.
    pub fn new(data: Vec<u8>, readable: bool, writable: bool, kind: IoKind) -> IoBuf {
        IoBuf {
            data,
            pos: 0,
            readable,
            writable,
            open: true,
            kind,
        }
    }

    /// Writes `bytes` at the position (appending at the end, overwriting before it).
    pub fn write(&mut self, bytes: &[u8]) {
        let end = self.pos + bytes.len();
        let overlap = end.min(self.data.len()).saturating_sub(self.pos);
        self.data[self.pos..self.pos + overlap].copy_from_slice(&bytes[..overlap]);
        self.data.extend_from_slice(&bytes[overlap..]);
        self.pos = end;
    }

    /// The text written so far (invalid UTF-8 replaced), for `sprint`-like captures.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// A `Dict{K, V}`: Julia's open-addressing table, iterated in slot order (see [`DictTable`]).
#[derive(Debug)]
pub struct DictObj {
    pub keyty: TyId,
    pub valty: TyId,
    pub map: RefCell<DictTable>,
}

/// One filled slot of a [`DictTable`]: the key's `isequal` projection, the key, the value and
/// the key's `hash` (kept so that growing the table never calls back into Julia).
#[derive(Debug)]
struct DictSlot {
    key: DictKey,
    k: Value,
    v: Value,
    hash: u64,
}

/// The table of a `Dict`, laid out as Julia 1.11's base/dict.jl lays it out: open addressing
/// over a power-of-two number of slots, each empty (0x00), deleted (0x7f, a tombstone) or
/// filled (0x80 | the top 7 bits of the key's hash); linear probing from `hash & (sz-1)`,
/// bounded by `maxprobe`; growth when more than 2/3 of the slots are filled or deleted. A
/// `Dict` iterates in slot order, so with Julia's `hash` it iterates (and prints) in Julia's
/// order. Indices here are 0-based where Julia's are 1-based.
#[derive(Debug)]
pub struct DictTable {
    slots: Vec<u8>,
    entries: Vec<Option<DictSlot>>,
    ndel: usize,
    count: usize,
    /// An index <= the indices of all filled slots.
    idxfloor: usize,
    maxprobe: usize,
}

impl Default for DictTable {
    fn default() -> Self {
        DictTable::with_size(16)
    }
}

const MAXALLOWEDPROBE: usize = 16;
const MAXPROBESHIFT: u32 = 6;

/// `_tablesz`: the table size for `x` slots, a power of two and at least 16.
pub fn tablesz(x: usize) -> usize {
    if x < 16 { 16 } else { x.next_power_of_two() }
}

/// `hashindex` (0-based) and `_shorthash7`.
fn hashindex(hash: u64, sz: usize) -> (usize, u8) {
    ((hash as usize) & (sz - 1), (hash >> 57) as u8 | 0x80)
}

impl DictTable {
    fn with_size(sz: usize) -> DictTable {
        DictTable {
            slots: vec![0; sz],
            entries: (0..sz).map(|_| None).collect(),
            ndel: 0,
            count: 0,
            idxfloor: 0,
            maxprobe: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The number of slots (`length(d.slots)`).
    pub fn size(&self) -> usize {
        self.slots.len()
    }

    /// `ht_keyindex`: the slot of `key`.
    fn keyindex(&self, key: &DictKey, hash: u64) -> Option<usize> {
        if self.count == 0 {
            return None;
        }
        let sz = self.slots.len();
        let (mut index, sh) = hashindex(hash, sz);
        let mut iter = 0;
        loop {
            let s = self.slots[index];
            if s == 0 {
                return None;
            }
            if s == sh
                && let Some(e) = &self.entries[index]
                && e.key == *key
            {
                return Some(index);
            }
            index = (index + 1) & (sz - 1);
            iter += 1;
            if iter > self.maxprobe {
                return None;
            }
        }
    }

    pub fn get(&self, key: &DictKey, hash: u64) -> Option<(&Value, &Value)> {
        let i = self.keyindex(key, hash)?;
        self.entries[i].as_ref().map(|e| (&e.k, &e.v))
    }

    pub fn contains_key(&self, key: &DictKey, hash: u64) -> bool {
        self.keyindex(key, hash).is_some()
    }

    /// `ht_keyindex2_shorthash!`: `Ok(slot)` of `key`, or `Err(slot)` where it would go.
    fn keyindex2(&mut self, key: &DictKey, hash: u64) -> Result<usize, usize> {
        let sz = self.slots.len();
        let (mut index, sh) = hashindex(hash, sz);
        let mut iter = 0;
        let mut avail = None;
        loop {
            let s = self.slots[index];
            if s == 0 {
                return Err(avail.unwrap_or(index));
            }
            if s == 0x7f {
                avail.get_or_insert(index);
            } else if s == sh
                && let Some(e) = &self.entries[index]
                && e.key == *key
            {
                return Ok(index);
            }
            index = (index + 1) & (sz - 1);
            iter += 1;
            if iter > self.maxprobe {
                break;
            }
        }
        if let Some(a) = avail {
            return Err(a);
        }
        let maxallowed = MAXALLOWEDPROBE.max(sz >> MAXPROBESHIFT);
        while iter < maxallowed {
            if self.slots[index] & 0x80 == 0 {
                self.maxprobe = iter;
                return Err(index);
            }
            index = (index + 1) & (sz - 1);
            iter += 1;
        }
        self.rehash(if self.count > 64000 { sz * 2 } else { sz * 4 });
        self.keyindex2(key, hash)
    }

    /// `setindex!`: sets the entry of `key` (whose hash is `hash`).
    pub fn insert(&mut self, key: DictKey, hash: u64, k: Value, v: Value) {
        match self.keyindex2(&key, hash) {
            Ok(i) => {
                let e = self.entries[i]
                    .as_mut()
                    .expect("a filled slot has an entry");
                e.k = k;
                e.v = v;
            }
            Err(i) => {
                let sh = hashindex(hash, self.slots.len()).1;
                if self.slots[i] == 0x7f {
                    self.ndel = self.ndel.saturating_sub(1);
                }
                self.slots[i] = sh;
                self.entries[i] = Some(DictSlot { key, k, v, hash });
                self.count += 1;
                if i < self.idxfloor {
                    self.idxfloor = i;
                }
                let sz = self.slots.len();
                if (self.count + self.ndel) * 3 > sz * 2 {
                    let n = self.count;
                    self.rehash(if n > 64000 { n * 2 } else { (n * 4).max(4) });
                }
            }
        }
    }

    /// `rehash!(h, newsz)`: every entry moved to a table of `_tablesz(newsz)` slots, in slot
    /// order.
    pub fn rehash(&mut self, newsz: usize) {
        let newsz = tablesz(newsz);
        let old = std::mem::replace(self, DictTable::with_size(newsz));
        let mut maxprobe = 0;
        for e in old.entries.into_iter().flatten() {
            let (index0, sh) = hashindex(e.hash, newsz);
            let mut index = index0;
            while self.slots[index] != 0 {
                index = (index + 1) & (newsz - 1);
            }
            maxprobe = maxprobe.max(index.wrapping_sub(index0) & (newsz - 1));
            self.slots[index] = sh;
            self.entries[index] = Some(e);
            self.count += 1;
        }
        self.maxprobe = maxprobe;
    }

    /// `sizehint!(d, n; shrink)`, with `max_values` of the key type already applied to `n`.
    pub fn sizehint(&mut self, n: usize, shrink: bool) {
        let oldsz = self.slots.len();
        let newsz = tablesz((3 * n.max(self.count)).div_ceil(2));
        let keep = if shrink {
            newsz == oldsz
        } else {
            newsz <= oldsz
        };
        if !keep {
            self.rehash(newsz);
        }
    }

    /// `_delete!` of slot `index`: a tombstone, unless the next slot is empty (then this
    /// slot and the tombstones just before it become empty).
    fn delete_at(&mut self, mut index: usize) -> Option<DictSlot> {
        let sz = self.slots.len();
        let e = self.entries[index].take();
        let mut ndel: isize = 1;
        if self.slots[(index + 1) & (sz - 1)] == 0 {
            loop {
                ndel -= 1;
                self.slots[index] = 0;
                index = index.wrapping_sub(1) & (sz - 1);
                if self.slots[index] != 0x7f {
                    break;
                }
            }
        } else {
            self.slots[index] = 0x7f;
        }
        self.ndel = (self.ndel as isize + ndel).max(0) as usize;
        self.count -= 1;
        e
    }

    /// `delete!`/`pop!(d, key)`: the removed key and value.
    pub fn remove(&mut self, key: &DictKey, hash: u64) -> Option<(Value, Value)> {
        let i = self.keyindex(key, hash)?;
        self.delete_at(i).map(|e| (e.k, e.v))
    }

    /// `pop!(d)`: the first entry in iteration order, removed.
    pub fn pop_first(&mut self) -> Option<(Value, Value)> {
        let i = (self.idxfloor..self.slots.len()).find(|&i| self.slots[i] & 0x80 != 0)?;
        self.idxfloor = i;
        self.delete_at(i).map(|e| (e.k, e.v))
    }

    /// `empty!`: every slot empty, the size kept.
    pub fn clear(&mut self) -> Vec<Value> {
        let sz = self.slots.len();
        let old = std::mem::replace(self, DictTable::with_size(sz));
        self.idxfloor = sz.saturating_sub(1);
        old.into_values()
    }

    /// A copy with the same layout (`copy(d)`, `Dict{K,V}(d::Dict{K,V})`).
    pub fn copy(&self) -> DictTable {
        DictTable {
            slots: self.slots.clone(),
            entries: self
                .entries
                .iter()
                .map(|e| {
                    e.as_ref().map(|e| DictSlot {
                        key: e.key.clone(),
                        k: e.k.clone(),
                        v: e.v.clone(),
                        hash: e.hash,
                    })
                })
                .collect(),
            ndel: self.ndel,
            count: self.count,
            idxfloor: self.idxfloor,
            maxprobe: self.maxprobe,
        }
    }

    /// Every key and value, for dropping (the collector empties unreachable dicts).
    fn into_values(self) -> Vec<Value> {
        self.entries
            .into_iter()
            .flatten()
            .flat_map(|e| [e.k, e.v])
            .collect()
    }

    /// The entries, in iteration (slot) order.
    pub fn entries(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().flatten().map(|e| (&e.k, &e.v))
    }

    /// The entries with their keys' hashes, in iteration order.
    pub fn entries_with_hash(&self) -> impl Iterator<Item = (u64, &Value, &Value)> {
        self.entries.iter().flatten().map(|e| (e.hash, &e.k, &e.v))
    }

    /// The first entry at slot `i` or later, with its slot (the `iterate` state).
    pub fn next_from(&self, i: usize) -> Option<(usize, &Value, &Value)> {
        let i = i.max(self.idxfloor);
        self.entries
            .get(i..)?
            .iter()
            .enumerate()
            .find_map(|(j, s)| s.as_ref().map(|e| (i + j, &e.k, &e.v)))
    }

    /// The table as an image stores it: size, `ndel`, `idxfloor`, `maxprobe`, the
    /// tombstones' slots, and each filled slot with its key's hash.
    pub fn layout(&self) -> DictLayout<'_> {
        DictLayout {
            size: self.slots.len(),
            ndel: self.ndel,
            idxfloor: self.idxfloor,
            maxprobe: self.maxprobe,
            tombstones: (0..self.slots.len())
                .filter(|&i| self.slots[i] == 0x7f)
                .collect(),
            filled: self
                .entries
                .iter()
                .enumerate()
                .filter_map(|(i, e)| e.as_ref().map(|e| (i, e.hash, &e.k, &e.v)))
                .collect(),
        }
    }

    /// An empty table of `size` slots (a power of two, at least 16) to fill with
    /// [`DictTable::restore`]; `None` for a size no table has.
    pub fn sized(size: usize) -> Option<DictTable> {
        if !(size >= 16 && size.is_power_of_two() && size <= 1 << 30) {
            return None;
        }
        // A corrupt image may ask for a table larger than memory: an error, not an abort.
        let mut slots = Vec::new();
        slots.try_reserve_exact(size).ok()?;
        slots.resize(size, 0);
        let mut entries = Vec::new();
        entries.try_reserve_exact(size).ok()?;
        entries.resize_with(size, || None);
        Some(DictTable {
            slots,
            entries,
            ndel: 0,
            count: 0,
            idxfloor: 0,
            maxprobe: 0,
        })
    }

    /// Puts an entry back in slot `i` (an image's [`DictLayout`]); `false` when the slot is
    /// out of range or taken.
    pub fn restore(&mut self, i: usize, key: DictKey, hash: u64, k: Value, v: Value) -> bool {
        if i >= self.slots.len() || self.slots[i] != 0 {
            return false;
        }
        self.slots[i] = hashindex(hash, self.slots.len()).1;
        self.entries[i] = Some(DictSlot { key, k, v, hash });
        self.count += 1;
        true
    }

    /// Restores a tombstone and the counters of an image's [`DictLayout`].
    pub fn restore_state(
        &mut self,
        tombstones: &[usize],
        idxfloor: usize,
        maxprobe: usize,
    ) -> bool {
        for &i in tombstones {
            if i >= self.slots.len() || self.slots[i] != 0 {
                return false;
            }
            self.slots[i] = 0x7f;
        }
        self.ndel = tombstones.len();
        self.idxfloor = idxfloor.min(self.slots.len());
        self.maxprobe = maxprobe.min(self.slots.len());
        true
    }
}

/// A [`DictTable`]'s layout, as an image stores it.
pub struct DictLayout<'a> {
    pub size: usize,
    pub ndel: usize,
    pub idxfloor: usize,
    pub maxprobe: usize,
    pub tombstones: Vec<usize>,
    /// Slot, hash, key, value.
    pub filled: Vec<(usize, u64, &'a Value, &'a Value)>,
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
            oid: std::cell::Cell::new(0),
        });
        gc::track_struct(&rc);
        Value::Struct(rc)
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        let rc: Rc<[Value]> = Rc::from(items);
        gc::track_tuple(&rc);
        Value::Tuple(rc)
    }

    /// A tuple of a fixed number of values, made with one allocation (`iterate`'s pairs).
    pub fn tuple_of<const N: usize>(items: [Value; N]) -> Value {
        let rc: Rc<[Value]> = Rc::from(items);
        gc::track_tuple(&rc);
        Value::Tuple(rc)
    }

    /// A fresh `Vector{elty}`.
    pub fn vector(elty: TyId, items: Vec<Value>) -> Value {
        Value::array(elty, None, items)
    }

    /// A closure of type `ty` over `captures`.
    pub fn closure(ty: TyId, code: Rc<CodeInfo>, captures: Vec<Value>) -> Value {
        let rc = Rc::new(Closure { ty, code, captures });
        gc::track_closure(&rc);
        Value::Closure(rc)
    }

    /// A new, empty, readable and writable `IOBuffer()`.
    pub fn io_buffer() -> Value {
        Value::IOBuffer(Rc::new(RefCell::new(IoBuf::new(
            Vec::new(),
            true,
            true,
            IoKind::Buffer,
        ))))
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

/// A `Float16`'s value (IEEE 754 binary16 bits), exactly.
pub fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = (h >> 10) & 0x1f;
    let frac = f64::from(h & 0x3ff);
    sign * match exp {
        0 => frac * 2f64.powi(-24),
        0x1f if frac == 0.0 => f64::INFINITY,
        0x1f => f64::NAN,
        e => (1.0 + frac / 1024.0) * 2f64.powi(i32::from(e) - 15),
    }
}

/// `x` rounded once to the nearest `Float16` (ties to even), as its bits: what Julia's
/// `Float16(x)` gives for a `Float64` or a `Float32` (exactly a `Float64`).
pub fn f64_to_f16(x: f64) -> u16 {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return sign | 0x7e00;
    }
    let a = x.abs();
    // The largest half is 65504; from 65520 (halfway to 2^16) on, the result is infinite.
    if a >= 65520.0 {
        return sign | 0x7c00;
    }
    // Count of 2^-24 units (subnormal spacing) or, for normals, the scaled significand.
    let e = if a == 0.0 {
        -25
    } else {
        a.log2().floor() as i32
    };
    let (scale, base) = if e < -14 {
        (2f64.powi(24), 0u32)
    } else {
        (2f64.powi(10 - e), ((e + 15) as u32) << 10)
    };
    let m = a * scale;
    let mut r = m.floor();
    let frac = m - r;
    if frac > 0.5 || (frac == 0.5 && r % 2.0 == 1.0) {
        r += 1.0;
    }
    let bits = if e < -14 {
        r as u32
    } else {
        // `r` is in 1024..=2048; 2048 carries into the exponent.
        base + (r as u32 - 1024)
    };
    sign | bits as u16
}
