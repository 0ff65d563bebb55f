//! `Base.hash`: Julia 1.11's hash of every value kind, and the hash a `Dict` places a key by.
//!
//! Numbers, strings, characters, symbols, tuples, pairs, arrays and dicts hash exactly as in
//! Julia 1.11 (`value::hash` has the arithmetic). A struct whose type has a `hash` method of its
//! own is hashed by calling it. Julia hashes everything else by `objectid`, which depends on the
//! build of Julia (type hashes) or on addresses (mutable objects); kiln gives those a
//! deterministic hash instead: an immutable struct by its type name and fields, a mutable one
//! by a number given to it the first time it is hashed.

use std::cell::Cell;
use std::rc::Rc;

use crate::symbol::Sym;
use crate::value::hash as jh;
use crate::value::{NumVal, Value};

use super::builtins::{def, substring_text};
use super::{JlResult, Runtime};

/// `hash_abstractarray_seed`.
const HASH_ABSTRACTARRAY_SEED: u64 = 0x7e2d_6fb6_448b_eb77;
/// `hasha_seed` of base/abstractdict.jl.
const HASHA_SEED: u64 = 0x6d35_bb51_952d_5539;

thread_local! {
    /// The last number given to a mutable object as its identity hash.
    static NEXT_OID: Cell<u64> = const { Cell::new(0) };
}

/// Installs `hash(x)` and the fallback `hash(x, h::UInt64)`.
pub fn install(rt: &mut Runtime) {
    let base = rt.world.base;
    let any = rt.world.types.b.any;
    let uint64 = rt.world.types.b.uint64;
    def(rt, base, "hash", &[any], None, |rt, a| {
        let h = dict_hash(rt, &a[0])?;
        Ok(uint(rt, h))
    });
    def(rt, base, "hash", &[any, uint64], None, |rt, a| {
        let Some((_, h)) = a[1].to_bits(&rt.world.types) else {
            unreachable!("dispatched on UInt64")
        };
        let h = hash_builtin(rt, &a[0], h as u64, 0)?;
        Ok(uint(rt, h))
    });
    // `_identity_key(x)`: equal for values that are `===`, for identity-keyed tables (the
    // memo of `deepcopy`). A mutable object's key is its address: it is only ever compared,
    // never printed or written, and the table holds the object, so the address is not reused.
    def(rt, base, "_identity_key", &[any], None, |rt, a| {
        let k = identity_key(&a[0], 0);
        Ok(uint(rt, k))
    });
    // `hash_uint` (`hash_64_64`), for the `hash` methods written in Julia.
    def(rt, base, "hash_uint", &[uint64], None, |rt, a| {
        let Some((_, x)) = a[0].to_bits(&rt.world.types) else {
            unreachable!("dispatched on UInt64")
        };
        Ok(uint(rt, jh::hash_64_64(x as u64)))
    });
}

fn uint(rt: &Runtime, h: u64) -> Value {
    let t = rt.world.types.b.uint64;
    Value::from_bits(&rt.world.types, t, u128::from(h)).expect("a UInt64")
}

/// `hash(k)`, the hash a `Dict` places key `k` by.
pub fn dict_hash(rt: &mut Runtime, k: &Value) -> JlResult<u64> {
    match k {
        // The one-argument hash of a symbol is its `objectid`.
        Value::Symbol(s) => Ok(jh::symbol_objectid(s.as_str().as_bytes())),
        _ => hash_value(rt, k, 0, 0),
    }
}

/// A key equal for `===` values (see `_identity_key`); nested immutable values are mixed in
/// down to a few levels (deeper ones only collide more).
fn identity_key(v: &Value, depth: u32) -> u64 {
    use std::hash::{Hash, Hasher};
    fn addr<T: ?Sized>(p: &Rc<T>) -> u64 {
        Rc::as_ptr(p).cast::<u8>() as usize as u64
    }
    let mut h = rustc_hash::FxHasher::default();
    std::mem::discriminant(v).hash(&mut h);
    match v {
        Value::Array(p) => addr(p).hash(&mut h),
        Value::Dict(p) => addr(p).hash(&mut h),
        Value::Closure(p) => addr(p).hash(&mut h),
        Value::IOBuffer(p) => addr(p).hash(&mut h),
        Value::Box(p) => addr(p).hash(&mut h),
        Value::Regex(p) => addr(p).hash(&mut h),
        Value::Struct(s) if s.mutable => addr(s).hash(&mut h),
        Value::Struct(s) => {
            s.ty.hash(&mut h);
            if depth < 4 {
                for x in s.fields.borrow().iter() {
                    identity_key(x, depth + 1).hash(&mut h);
                }
            }
        }
        Value::Tuple(items) if depth < 4 => {
            for x in items.iter() {
                identity_key(x, depth + 1).hash(&mut h);
            }
        }
        Value::Pair(p) if depth < 4 => {
            identity_key(&p.0, depth + 1).hash(&mut h);
            identity_key(&p.1, depth + 1).hash(&mut h);
        }
        Value::Tuple(_) | Value::Pair(_) => {}
        Value::Bool(b) => b.hash(&mut h),
        Value::Int(i) => i.hash(&mut h),
        Value::Float(f) => f.to_bits().hash(&mut h),
        Value::Bits(b) => (b.ty, b.bits).hash(&mut h),
        Value::Wide(b) => (b.ty, b.bits).hash(&mut h),
        Value::BigInt(n) => n.hash(&mut h),
        Value::Char(c) => c.hash(&mut h),
        Value::Str(s) => s.hash(&mut h),
        Value::Symbol(s) => s.as_str().hash(&mut h),
        Value::Range(a, b) => (a, b).hash(&mut h),
        Value::StepRange(a, s, b) => (a, s, b).hash(&mut h),
        Value::Function(f) => f.hash(&mut h),
        Value::Type(t) => t.hash(&mut h),
        Value::Module(m) => m.hash(&mut h),
        Value::Nothing | Value::Stdout | Value::Stderr | Value::Undef => {}
    }
    h.finish()
}

/// `hash(v, h)`: a struct with a `hash` method of its own through that method, everything
/// else here.
pub fn hash_value(rt: &mut Runtime, v: &Value, h: u64, depth: u32) -> JlResult<u64> {
    if let Value::Struct(_) = v {
        if let Some(text) = substring_text(rt, v) {
            return Ok(jh::hash_str(text.as_bytes(), h));
        }
        let t = rt.world.typeof_(v);
        let Some(Value::Function(f)) = rt.world.lookup(rt.world.base, Sym::new("hash")).cloned()
        else {
            return hash_builtin(rt, v, h, depth);
        };
        let uint64 = rt.world.types.b.uint64;
        if let Ok(mi) = rt.world.dispatch(f, &[t, uint64]) {
            let m = rt.world.mis[mi.index()].method;
            let own = !matches!(
                rt.world.methods[m.index()].body,
                crate::world::MethodBody::Builtin(_)
            );
            if own {
                let hv = uint(rt, h);
                let r = rt.call(&Value::Function(f), vec![v.clone(), hv])?;
                return match r.to_bits(&rt.world.types) {
                    Some((rt_, bits)) if rt_ == uint64 => Ok(bits as u64),
                    _ => {
                        let msg = "hash must return a UInt64".to_string();
                        Err(rt.error_exception(msg))
                    }
                };
            }
        }
    }
    hash_builtin(rt, v, h, depth)
}

/// The fallback `hash(v, h)` (what `hash_value` does for a value without a method of its own).
fn hash_builtin(rt: &mut Runtime, v: &Value, h: u64, depth: u32) -> JlResult<u64> {
    // As deep as `==` compares (Julia's recursion would overflow its stack).
    if depth > 10_000 {
        return Err(rt.stack_overflow());
    }
    let d = depth + 1;
    Ok(match v {
        Value::Bool(b) => jh::hash_u64(*b as u64, h),
        Value::Int(i) => jh::hash_u64(*i as u64, h),
        Value::Float(f) => jh::hash_f64(*f, h),
        Value::Bits(b) => match b.value() {
            NumVal::Int(i) => hash_wide(&num_bigint::BigInt::from(i), h),
            NumVal::Float(f) => jh::hash_f64(f, h),
            NumVal::Big(n) => hash_wide(&n, h),
        },
        Value::BigInt(n) => hash_wide(n, h),
        Value::Wide(w) => match w.value() {
            NumVal::Int(i) => hash_wide(&num_bigint::BigInt::from(i), h),
            NumVal::Big(n) => hash_wide(&n, h),
            NumVal::Float(f) => jh::hash_f64(f, h),
        },
        Value::Char(c) => jh::hash_char(jh::char_bits(*c), h),
        Value::Str(s) => jh::hash_str(s.as_bytes(), h),
        Value::Symbol(s) => jh::hash_objectid(jh::symbol_objectid(s.as_str().as_bytes()), h),
        Value::Tuple(items) => {
            let mut h = jh::hash_empty_tuple(h);
            for x in items.iter().rev() {
                h = hash_value(rt, x, h, d)?;
            }
            h
        }
        Value::Pair(p) => {
            let (a, b) = (p.0.clone(), p.1.clone());
            let h = hash_value(rt, &a, h, d)?;
            hash_value(rt, &b, h, d)?
        }
        Value::Array(a) => {
            let dims = a.size();
            let items = a.items.borrow().clone();
            hash_array(rt, &dims, &items, h, d)?
        }
        Value::Range(a, b) => {
            let items: Vec<Value> = (*a..=*b).map(Value::Int).collect();
            hash_array(rt, &[items.len()], &items, h, d)?
        }
        Value::StepRange(a, s, b) => {
            let items: Vec<Value> = if *s == 0 {
                vec![]
            } else {
                let n = ((*b - *a) / *s + 1).max(0);
                (0..n).map(|i| Value::Int(a + i * s)).collect()
            };
            hash_array(rt, &[items.len()], &items, h, d)?
        }
        Value::Dict(obj) => {
            let entries: Vec<(Value, Value)> = obj
                .map
                .borrow()
                .entries()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mut h = jh::hash_u64(HASHA_SEED, h);
            for (k, v) in entries {
                let hv = hash_value(rt, &v, 0, d)?;
                h ^= hash_value(rt, &k, hv, d)?;
            }
            h
        }
        Value::Struct(st) if st.mutable => {
            if st.oid.get() == 0 {
                let n = NEXT_OID.with(|c| {
                    c.set(c.get() + 1);
                    c.get()
                });
                st.oid.set(jh::hash_64_64(n));
            }
            jh::hash_objectid(st.oid.get(), h)
        }
        Value::Struct(st) => {
            // By type name and contents (Julia: `objectid`, which mixes in the type's hash).
            let t = st.ty;
            let name = rt.world.type_string(t);
            let fields = st.fields.borrow().clone();
            let mut oid = jh::hash_str(name.as_bytes(), 0);
            for x in &fields {
                oid = hash_value(rt, x, oid, d)?;
            }
            jh::hash_objectid(oid, h)
        }
        Value::Nothing => jh::hash_objectid(jh::hash_str(b"Nothing", 0), h),
        Value::Type(t) => {
            let name = rt.world.type_string(*t);
            jh::hash_objectid(jh::hash_str(name.as_bytes(), 1), h)
        }
        Value::Function(f) => {
            let name = rt.world.functions[f.index()].name.as_str();
            jh::hash_objectid(jh::hash_str(name.as_bytes(), 2), h)
        }
        Value::Module(m) => {
            let name = rt.world.modules[m.index()].name.as_str();
            jh::hash_objectid(jh::hash_str(name.as_bytes(), 3), h)
        }
        _ => {
            let t = rt.world.typeof_(v);
            let msg = format!(
                "hash of a value of type {} is not supported yet",
                rt.world.type_string(t)
            );
            return Err(rt.argument_error(msg));
        }
    })
}

/// `hash(A::AbstractArray, h)`. An array of 8192 elements or more has only some of them
/// hashed, chosen as Julia chooses them for a vector (from the end, skipping a Fibonacci number
/// of indices and then runs of equal values); for a matrix that large Julia hashes
/// `CartesianIndex`es, whose hash depends on Julia's build, so kiln hashes it as a vector.
fn hash_array(rt: &mut Runtime, dims: &[usize], items: &[Value], h: u64, d: u32) -> JlResult<u64> {
    let mut h = h.wrapping_add(HASH_ABSTRACTARRAY_SEED);
    let firsts = Value::tuple(dims.iter().map(|_| Value::Int(1)).collect());
    let lasts = Value::tuple(dims.iter().map(|&n| Value::Int(n as i64)).collect());
    h = hash_value(rt, &firsts, h, d)?;
    h = hash_value(rt, &lasts, h, d)?;
    if items.len() < 8192 {
        for x in items {
            h = hash_value(rt, x, h, d)?;
        }
        return Ok(h);
    }
    // 1-based indices, as in Julia.
    let mut keyidx = items.len();
    let (mut fibskip, mut prevfibskip) = (1usize, 1usize);
    let mut n = 0u64;
    loop {
        n += 1;
        let elt = &items[keyidx - 1];
        // hash(keyidx => elt, h)
        h = hash_value(rt, &Value::Int(keyidx as i64), h, d)?;
        h = hash_value(rt, elt, h, d)?;
        if keyidx < fibskip + 1 {
            break;
        }
        keyidx -= fibskip;
        if n.is_multiple_of(4096) {
            (fibskip, prevfibskip) = (fibskip + prevfibskip, fibskip);
        }
        // findprev(!isequal(elt), A, keyidx)
        let key = elt.dict_key();
        match (1..=keyidx)
            .rev()
            .find(|&j| key.is_none() || items[j - 1].dict_key() != key)
        {
            Some(j) => keyidx = j,
            None => break,
        }
    }
    Ok(h)
}

/// Julia's `hash(x::Real, h)` of an integer of any width (`Int128`, `UInt128`, `BigInt`): as
/// the `Int64` or `UInt64` it equals when it fits, as the `Float64` it equals when that is
/// exact, else `hash_integer` of its numerator, exponent and denominator (`decompose`).
fn hash_wide(n: &num_bigint::BigInt, h: u64) -> u64 {
    use num_traits::{Signed as _, ToPrimitive as _, Zero as _};
    if let Some(i) = n.to_i64() {
        return jh::hash_u64(i as u64, h);
    }
    if let Some(u) = n.to_u64() {
        return jh::hash_u64(u, h);
    }
    // `decompose` of an integer: `num * 2^pow` with `num` odd.
    let pow = n.trailing_zeros().unwrap_or(0);
    let num = n >> pow;
    let left = n.abs().bits();
    let right = pow;
    if left <= 1024 && left - right <= 53 {
        if let Some(f) = n.to_f64() {
            return jh::hash_f64(f, h);
        }
    }
    let hash_integer = |m: &num_bigint::BigInt, mut h: u64| {
        let low = |m: &num_bigint::BigInt| -> u64 {
            // `m % UInt`: the low 64 bits of the two's complement.
            let (sign, digits) = m.to_u64_digits();
            let d = digits.first().copied().unwrap_or(0);
            if sign == num_bigint::Sign::Minus {
                d.wrapping_neg()
            } else {
                d
            }
        };
        h ^= jh::hash_64_64(low(m) ^ h);
        let mut m = m.abs() >> 64u32;
        while !m.is_zero() {
            h ^= jh::hash_64_64(low(&m) ^ h);
            m >>= 64u32;
        }
        h
    };
    let h = hash_integer(&num_bigint::BigInt::from(1), h);
    let h = hash_integer(&num_bigint::BigInt::from(pow), h);
    hash_integer(&num, h)
}
