//! The chunk primitives under `BitArray` (`base/bitarray.jl`): a `BitArray`'s bits live in
//! `chunks::Vector{UInt64}`, bit `i - 1` of the array at bit `(i - 1) % 64` of chunk
//! `(i - 1) ÷ 64 + 1`, and bits past `len` are always zero (Julia's invariant, so that counting
//! and comparing need no mask). Julia's base/bitarray.jl works on the chunks with bit operations
//! compiled to machine code; interpreted, a loop over 64-bit words per element would be slow, so
//! the loops over chunks are these builtins and everything else is Julia.

use super::builtins::{def, no_method};
use super::{JlResult, Runtime};
use crate::value::Value;

pub fn install(rt: &mut Runtime) {
    let base = rt.world.base;
    let b = rt.world.types.b;
    let (int, bool_) = (b.int64, b.bool_);
    // `_bits_get(chunks, i)`: bit `i` (1-based; the caller checks bounds).
    def(rt, base, "_bits_get", &[b.array, int], None, |rt, a| {
        let i = index(rt, "_bits_get", a)?;
        match word(rt, &a[0], i / 64) {
            Some(w) => Ok(Value::Bool(w >> (i % 64) & 1 == 1)),
            None => Err(no_method(rt, "_bits_get", a)),
        }
    });
    // `_bits_set!(chunks, i, x)`: sets bit `i` (1-based; the caller checks bounds).
    def(
        rt,
        base,
        "_bits_set!",
        &[b.array, int, bool_],
        None,
        |rt, a| {
            let i = index(rt, "_bits_set!", a)?;
            let Value::Bool(x) = a[2] else {
                return Err(no_method(rt, "_bits_set!", a));
            };
            let Some(w) = word(rt, &a[0], i / 64) else {
                return Err(no_method(rt, "_bits_set!", a));
            };
            let w = if x {
                w | 1 << (i % 64)
            } else {
                w & !(1 << (i % 64))
            };
            let v = u64_value(rt, w);
            if let Value::Array(c) = &a[0] {
                c.items.borrow_mut()[i / 64] = v;
            }
            Ok(Value::Nothing)
        },
    );
    // `_bits_pack!(chunks, src)`: the chunks of the `Bool` elements of array `src`, in order
    // (`chunks` is resized to hold them).
    def(
        rt,
        base,
        "_bits_pack!",
        &[b.array, b.array],
        None,
        |rt, a| {
            let Value::Array(src) = &a[1] else {
                return Err(no_method(rt, "_bits_pack!", a));
            };
            let items = src.items.borrow();
            let mut words = vec![0u64; items.len().div_ceil(64)];
            for (i, x) in items.iter().enumerate() {
                match x {
                    Value::Bool(true) => words[i / 64] |= 1 << (i % 64),
                    Value::Bool(false) => {}
                    _ => {
                        drop(items);
                        return Err(no_method(rt, "_bits_pack!", a));
                    }
                }
            }
            drop(items);
            store(rt, "_bits_pack!", a, words)?;
            Ok(Value::Nothing)
        },
    );
    // `_bits_unpack(chunks, len)`: the first `len` bits as a `Vector{Bool}`.
    def(rt, base, "_bits_unpack", &[b.array, int], None, |rt, a| {
        let n = len(rt, "_bits_unpack", a)?;
        let items = with_words(rt, "_bits_unpack", a, |w| {
            (0..n)
                .map(|i| Value::Bool(w.get(i / 64).is_some_and(|c| c >> (i % 64) & 1 == 1)))
                .collect::<Vec<_>>()
        })?;
        Ok(Value::vector(rt.world.types.b.bool_, items))
    });
    // `_bits_count(chunks)`: how many bits are set.
    def(rt, base, "_bits_count", &[b.array], None, |rt, a| {
        let n = with_words(rt, "_bits_count", a, |w| {
            w.iter().map(|c| c.count_ones() as i64).sum::<i64>()
        })?;
        Ok(Value::Int(n))
    });
    // `_bits_findall(chunks)`: the 1-based indices of the set bits, in order.
    def(rt, base, "_bits_findall", &[b.array], None, |rt, a| {
        let items = with_words(rt, "_bits_findall", a, |w| {
            let mut out = Vec::new();
            for (k, &c) in w.iter().enumerate() {
                let mut c = c;
                while c != 0 {
                    out.push(Value::Int(
                        (k * 64) as i64 + i64::from(c.trailing_zeros()) + 1,
                    ));
                    c &= c - 1;
                }
            }
            out
        })?;
        Ok(Value::vector(rt.world.types.b.int64, items))
    });
    // `_bits_findnext(chunks, len, i, x)`: the first index `>= i` (and `<= len`) whose bit is
    // `x`, or 0.
    def(
        rt,
        base,
        "_bits_findnext",
        &[b.array, int, int, bool_],
        None,
        |rt, a| {
            let n = len(rt, "_bits_findnext", a)?;
            let (Value::Int(from), Value::Bool(x)) = (&a[2], &a[3]) else {
                return Err(no_method(rt, "_bits_findnext", a));
            };
            let (from, x) = (usize::try_from((*from).max(1)).unwrap_or(1) - 1, *x);
            let found = with_words(rt, "_bits_findnext", a, |w| {
                let mut k = from / 64;
                let mut first = true;
                while k < w.len() {
                    let mut c = if x { w[k] } else { !w[k] };
                    if first {
                        c &= u64::MAX << (from % 64);
                        first = false;
                    }
                    if c != 0 {
                        let i = k * 64 + c.trailing_zeros() as usize;
                        return (i < n).then_some(i + 1);
                    }
                    k += 1;
                }
                None
            })?;
            Ok(Value::Int(found.map_or(0, |i| i as i64)))
        },
    );
    // `_bits_resize!(chunks, len)`: room for exactly `len` bits, those past `len` cleared.
    def(rt, base, "_bits_resize!", &[b.array, int], None, |rt, a| {
        let n = len(rt, "_bits_resize!", a)?;
        let mut words = with_words(rt, "_bits_resize!", a, <[u64]>::to_vec)?;
        words.resize(n.div_ceil(64), 0);
        clear_tail(&mut words, n);
        store(rt, "_bits_resize!", a, words)?;
        Ok(Value::Nothing)
    });
    // `_bits_fill!(chunks, len, x)`: every one of the `len` bits set to `x`.
    def(
        rt,
        base,
        "_bits_fill!",
        &[b.array, int, bool_],
        None,
        |rt, a| {
            let n = len(rt, "_bits_fill!", a)?;
            let Value::Bool(x) = a[2] else {
                return Err(no_method(rt, "_bits_fill!", a));
            };
            let mut words = vec![if x { u64::MAX } else { 0 }; n.div_ceil(64)];
            clear_tail(&mut words, n);
            store(rt, "_bits_fill!", a, words)?;
            Ok(Value::Nothing)
        },
    );
    // `_bits_compare(op, x, y, n)`: the chunks of `x .op y` (`op` as `compare` numbers
    // them) for vectors of `n` `Int64`s or `Float64`s and numbers, computed here (Julia's
    // compiled broadcast kernel); `nothing` when the elements are of other types.
    def(
        rt,
        base,
        "_bits_compare",
        &[int, b.any, b.any, int],
        None,
        |rt, a| {
            let (Value::Int(op), Value::Int(n)) = (&a[0], &a[3]) else {
                return Err(no_method(rt, "_bits_compare", a));
            };
            let n = usize::try_from(*n).unwrap_or(0);
            Ok(match compare_chunks(rt, *op, &a[1], &a[2], n) {
                Some(items) => Value::vector(rt.world.types.b.uint64, items),
                None => Value::Nothing,
            })
        },
    );
    // `_bits_map(op, c1, c2, len)`: new chunks, word by word: `op` 0 is `~c1` (`c2` ignored),
    // 1 `c1 & c2`, 2 `c1 | c2`, 3 `xor(c1, c2)`; bits past `len` cleared.
    def(
        rt,
        base,
        "_bits_map",
        &[int, b.array, b.array, int],
        None,
        |rt, a| {
            let Value::Int(op) = a[0] else {
                return Err(no_method(rt, "_bits_map", a));
            };
            let n = match a[3] {
                Value::Int(n) if n >= 0 => n as usize,
                _ => return Err(no_method(rt, "_bits_map", a)),
            };
            let (Value::Array(c1), Value::Array(c2)) = (&a[1], &a[2]) else {
                return Err(no_method(rt, "_bits_map", a));
            };
            let w1 = words_of(rt, &c1.items.borrow());
            let w2 = words_of(rt, &c2.items.borrow());
            let (Some(w1), Some(w2)) = (w1, w2) else {
                return Err(no_method(rt, "_bits_map", a));
            };
            let mut out: Vec<u64> = (0..n.div_ceil(64))
                .map(|k| {
                    let (x, y) = (
                        w1.get(k).copied().unwrap_or(0),
                        w2.get(k).copied().unwrap_or(0),
                    );
                    match op {
                        0 => !x,
                        1 => x & y,
                        2 => x | y,
                        _ => x ^ y,
                    }
                })
                .collect();
            clear_tail(&mut out, n);
            let t = rt.world.types.b.uint64;
            let items = out.into_iter().map(|w| u64_value(rt, w)).collect();
            Ok(Value::vector(t, items))
        },
    );
}

/// One element of a comparison broadcast: an `Int64` or `Float64` (the only ones compared
/// here; anything else leaves the broadcast to Julia).
#[derive(Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64),
}

fn num(v: &Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::Int(*i)),
        Value::Float(f) => Some(Num::Float(*f)),
        _ => None,
    }
}

/// `op` (0 `==`, 1 `!=`, 2 `<`, 3 `<=`, 4 `>`, 5 `>=`) of two numbers of one kind, or `None`
/// for an `Int64` with a `Float64` (Julia compares those exactly; Julia code does it).
fn compare(op: i64, x: Num, y: Num) -> Option<bool> {
    use std::cmp::Ordering;
    let ord = match (x, y) {
        (Num::Int(a), Num::Int(b)) => Some(a.cmp(&b)),
        (Num::Float(a), Num::Float(b)) => a.partial_cmp(&b),
        _ => return None,
    };
    Some(match (op, ord) {
        // NaN: unordered, so only `!=` holds.
        (1, None) => true,
        (_, None) => false,
        (0, Some(o)) => o == Ordering::Equal,
        (1, Some(o)) => o != Ordering::Equal,
        (2, Some(o)) => o == Ordering::Less,
        (3, Some(o)) => o != Ordering::Greater,
        (4, Some(o)) => o == Ordering::Greater,
        (_, Some(o)) => o != Ordering::Less,
    })
}

/// The chunks of `x .op y` for `x` and `y` each a vector of `n` elements or a number, or
/// `None` when an element is not an `Int64` or `Float64` of the other's kind.
fn compare_chunks(rt: &Runtime, op: i64, x: &Value, y: &Value, n: usize) -> Option<Vec<Value>> {
    let side = |v: &Value| -> Option<Result<Vec<Num>, Num>> {
        match v {
            Value::Array(a) if a.dims.is_none() => {
                let items = a.items.borrow();
                (items.len() == n).then_some(())?;
                items.iter().map(num).collect::<Option<Vec<_>>>().map(Ok)
            }
            _ => num(v).map(Err),
        }
    };
    let (xs, ys) = (side(x)?, side(y)?);
    let at = |s: &Result<Vec<Num>, Num>, i: usize| match s {
        Ok(v) => v[i],
        Err(c) => *c,
    };
    let mut words = vec![0u64; n.div_ceil(64)];
    for i in 0..n {
        if compare(op, at(&xs, i), at(&ys, i))? {
            words[i / 64] |= 1 << (i % 64);
        }
    }
    Some(words.into_iter().map(|w| u64_value(rt, w)).collect())
}

/// The chunks' words, or `None` when an element is not a `UInt64`.
fn words_of(rt: &Runtime, items: &[Value]) -> Option<Vec<u64>> {
    let t = rt.world.types.b.uint64;
    items
        .iter()
        .map(|v| match v {
            Value::Bits(b) if b.ty == t => Some(b.bits),
            _ => None,
        })
        .collect()
}

/// Runs `f` on the words of the chunks in `a[0]`.
fn with_words<R>(
    rt: &mut Runtime,
    fname: &str,
    a: &[Value],
    f: impl FnOnce(&[u64]) -> R,
) -> JlResult<R> {
    let words = match &a[0] {
        Value::Array(c) => words_of(rt, &c.items.borrow()),
        _ => None,
    };
    match words {
        Some(w) => Ok(f(&w)),
        None => Err(no_method(rt, fname, a)),
    }
}

/// Word `k` of the chunks `c`, or `None` when there is none or it is not a `UInt64`.
fn word(rt: &Runtime, c: &Value, k: usize) -> Option<u64> {
    let Value::Array(c) = c else { return None };
    match c.items.borrow().get(k) {
        Some(Value::Bits(b)) if b.ty == rt.world.types.b.uint64 => Some(b.bits),
        _ => None,
    }
}

/// Replaces the items of the chunks in `a[0]` with `words`.
fn store(rt: &mut Runtime, fname: &str, a: &[Value], words: Vec<u64>) -> JlResult<()> {
    let Value::Array(c) = &a[0] else {
        return Err(no_method(rt, fname, a));
    };
    let items: Vec<Value> = words.into_iter().map(|w| u64_value(rt, w)).collect();
    *c.items.borrow_mut() = items;
    Ok(())
}

fn u64_value(rt: &Runtime, w: u64) -> Value {
    Value::from_bits(&rt.world.types, rt.world.types.b.uint64, u128::from(w)).expect("a UInt64")
}

/// Clears the bits at and past `n`.
fn clear_tail(words: &mut [u64], n: usize) {
    if n % 64 != 0
        && let Some(last) = words.get_mut(n / 64)
    {
        *last &= (1u64 << (n % 64)) - 1;
    }
}

/// The 0-based bit of the 1-based index in `a[1]`.
fn index(rt: &mut Runtime, fname: &str, a: &[Value]) -> JlResult<usize> {
    match a[1] {
        Value::Int(i) if i >= 1 => Ok(i as usize - 1),
        _ => Err(no_method(rt, fname, a)),
    }
}

/// The length in `a[1]`.
fn len(rt: &mut Runtime, fname: &str, a: &[Value]) -> JlResult<usize> {
    match a[1] {
        Value::Int(n) if n >= 0 => Ok(n as usize),
        _ => Err(no_method(rt, fname, a)),
    }
}
