//! The bit-level primitives under the `Random` standard library (`stdlib/Random.jl`): one
//! Xoshiro256++ step, the 128-bit product of two `UInt64`s, SHA-256 (seeding hashes the seed
//! as Julia's `Random.hash_seed` does), and the entropy that seeds an unseeded generator.

use sha2::{Digest, Sha256};

use super::Runtime;
use super::builtins::{def, no_method};
use crate::value::Value;

/// The fixed seed of unseeded generators while a package is precompiled (its image must be a
/// pure function of its inputs).
const PRECOMPILE_SEED: u64 = 0x6b69_6c6e_5261_6e64;

pub fn install(rt: &mut Runtime) {
    let base = rt.world.base;
    let b = rt.world.types.b;
    let u64t = b.uint64;
    // `_xoshiro_next!(r)`: one Xoshiro256++ step of `r` (a `Xoshiro`: a mutable struct of four
    // `UInt64`s), in place; its output, as Julia's `rand(::Xoshiro, ::SamplerType{UInt64})`.
    def(rt, base, "_xoshiro_next!", &[b.any], None, |rt, a| {
        let x = xoshiro_step(rt, &a[0]).ok_or_else(|| no_method(rt, "_xoshiro_next!", a))?;
        Ok(mk_u64(rt, x))
    });
    // `_xoshiro_float!(r)`: `rand(r, Float64)`, from the 53 high bits of one step.
    def(rt, base, "_xoshiro_float!", &[b.any], None, |rt, a| {
        let x = xoshiro_step(rt, &a[0]).ok_or_else(|| no_method(rt, "_xoshiro_float!", a))?;
        Ok(Value::Float(bits2float(x)))
    });
    // `_xoshiro_ndl!(r, s)`: an offset in `0:s-1` (any `UInt64` when `s == 0`, the full
    // range) by Lemire's "nearly division less" method, as Julia's `SamplerRangeNDL{UInt64}`.
    def(rt, base, "_xoshiro_ndl!", &[b.any, u64t], None, |rt, a| {
        let s = u64_of(rt, &a[1]).ok_or_else(|| no_method(rt, "_xoshiro_ndl!", a))?;
        let off = ndl(rt, &a[0], s).ok_or_else(|| no_method(rt, "_xoshiro_ndl!", a))?;
        Ok(mk_u64(rt, off))
    });
    // `_xoshiro_u52!(r)`: the 52 high bits of one step (Julia's `UInt52Raw` for a Xoshiro), as
    // an `Int64`.
    def(rt, base, "_xoshiro_u52!", &[b.any], None, |rt, a| {
        let x = xoshiro_step(rt, &a[0]).ok_or_else(|| no_method(rt, "_xoshiro_u52!", a))?;
        Ok(Value::Int((x >> 12) as i64))
    });
    // `_xoshiro_range!(r, lo, hi)`: `rand(r, lo:hi)` for `Int64` bounds (`lo <= hi`), by the
    // same method as `_xoshiro_ndl!`.
    def(
        rt,
        base,
        "_xoshiro_range!",
        &[b.any, b.int64, b.int64],
        None,
        |rt, a| {
            let (Value::Int(lo), Value::Int(hi)) = (&a[1], &a[2]) else {
                return Err(no_method(rt, "_xoshiro_range!", a));
            };
            let s = (hi.wrapping_sub(*lo) as u64).wrapping_add(1);
            let off = ndl(rt, &a[0], s).ok_or_else(|| no_method(rt, "_xoshiro_range!", a))?;
            Ok(Value::Int(lo.wrapping_add(off as i64)))
        },
    );
    // `_xoshiro_bulk!(r, nbytes, floats)`: the 64-bit words Julia's bulk generation writes for
    // a request of `nbytes` bytes (`XoshiroSimd.xoshiro_bulk`): from 64 bytes on, eight
    // generators forked from `r` give one word each per 64 bytes, then `r` gives the rest (the
    // last word partly used). With `floats`, each word becomes a `Float64` of its 53 high bits.
    def(
        rt,
        base,
        "_xoshiro_bulk!",
        &[b.any, b.int64, b.bool_],
        None,
        |rt, a| {
            let (Value::Int(len), Value::Bool(floats)) = (&a[1], &a[2]) else {
                return Err(no_method(rt, "_xoshiro_bulk!", a));
            };
            let len = usize::try_from(*len).unwrap_or(0);
            let words =
                bulk_words(rt, &a[0], len, 64).ok_or_else(|| no_method(rt, "_xoshiro_bulk!", a))?;
            Ok(if *floats {
                let items = words
                    .into_iter()
                    .map(|w| Value::Float(bits2float(w)))
                    .collect();
                Value::vector(rt.world.types.b.float64, items)
            } else {
                let items = words.into_iter().map(|w| mk_u64(rt, w)).collect();
                Value::vector(rt.world.types.b.uint64, items)
            })
        },
    );
    // `_umul128(x, y)`: `(hi, lo)`, the 128-bit product of two `UInt64`s.
    def(rt, base, "_umul128", &[u64t, u64t], None, |rt, a| {
        let (Some(x), Some(y)) = (u64_of(rt, &a[0]), u64_of(rt, &a[1])) else {
            return Err(no_method(rt, "_umul128", a));
        };
        let p = u128::from(x) * u128::from(y);
        let items = vec![mk_u64(rt, (p >> 64) as u64), mk_u64(rt, p as u64)];
        Ok(Value::tuple(items))
    });
    // `_sha256_u64(bytes::Vector{UInt8})`: the SHA-256 digest as four `UInt64`s read
    // little-endian (Julia's `reinterpret(UInt64, digest)`).
    def(rt, base, "_sha256_u64", &[b.any], None, |rt, a| {
        let Value::Array(arr) = &a[0] else {
            return Err(no_method(rt, "_sha256_u64", a));
        };
        let u8t = rt.world.types.b.uint8;
        let mut bytes = Vec::new();
        for v in arr.items.borrow().iter() {
            match v.to_bits(&rt.world.types) {
                Some((t, x)) if t == u8t => bytes.push(x as u8),
                _ => return Err(no_method(rt, "_sha256_u64", a)),
            }
        }
        let digest = Sha256::digest(&bytes);
        let items = digest
            .chunks_exact(8)
            .map(|c| {
                let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
                mk_u64(rt, w)
            })
            .collect();
        Ok(Value::tuple(items))
    });
    // `_entropy_u64()`: a `UInt64` from the system's entropy, or, while a package is being
    // precompiled, the next value of a fixed sequence.
    def(rt, base, "_entropy_u64", &[], None, |rt, _| {
        let x = if rt.precompiling {
            rt.fixed_entropy = rt.fixed_entropy.wrapping_add(1);
            splitmix64(PRECOMPILE_SEED.wrapping_add(rt.fixed_entropy))
        } else {
            let clock = rt.host.monotonic_ns();
            system_entropy(clock)
        };
        Ok(mk_u64(rt, x))
    });
}

/// Julia's `Float64(x >>> 11) * 0x1.0p-53`.
fn bits2float(x: u64) -> f64 {
    (x >> 11) as f64 * f64::powi(2.0, -53)
}

/// An offset in `0:s-1` (any `UInt64` for `s == 0`) drawn from the `Xoshiro` `r` by Lemire's
/// "nearly division less" method (Julia's `SamplerRangeNDL{UInt64}`).
fn ndl(rt: &Runtime, r: &Value, s: u64) -> Option<u64> {
    let mut x = xoshiro_step(rt, r)?;
    let mut m = u128::from(x) * u128::from(s);
    if (m as u64) < s {
        let t = s.wrapping_neg() % s;
        while (m as u64) < t {
            x = xoshiro_step(rt, r)?;
            m = u128::from(x) * u128::from(s);
        }
    }
    Some(if s == 0 { x } else { (m >> 64) as u64 })
}

/// The multipliers of `XoshiroSimd.forkRand`: each forked state word is one of the parent's
/// outputs times the constant of its position.
const FORK: [u64; 4] = [
    0x0201_1ce3_4bce_797f,
    0x5a94_851f_b48a_6e05,
    0x3688_cf5d_4889_9fa7,
    0x867b_4bb4_c42e_5661,
];

/// The words of a bulk request of `len` bytes; the eight lanes start at `threshold` bytes.
fn bulk_words(rt: &Runtime, r: &Value, len: usize, threshold: usize) -> Option<Vec<u64>> {
    let mut words = Vec::with_capacity(len.div_ceil(8));
    let mut i = 0;
    if len >= threshold {
        let mut lanes = [[0u64; 4]; 8];
        for (j, c) in FORK.iter().enumerate() {
            for lane in lanes.iter_mut() {
                lane[j] = c.wrapping_mul(xoshiro_step(rt, r)?);
            }
        }
        while i + 64 <= len {
            for lane in lanes.iter_mut() {
                words.push(step(lane));
            }
            i += 64;
        }
    }
    while i < len {
        words.push(xoshiro_step(rt, r)?);
        i += 8;
    }
    Some(words)
}

/// One Xoshiro256++ step of a state held in Rust; its output.
fn step(s: &mut [u64; 4]) -> u64 {
    let res = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
    let t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = s[3].rotate_left(45);
    res
}

/// Advances a `Xoshiro` (a mutable struct of four `UInt64` fields) one step; its output.
fn xoshiro_step(rt: &Runtime, v: &Value) -> Option<u64> {
    let Value::Struct(st) = v else { return None };
    if !st.mutable {
        return None;
    }
    let mut fields = st.fields.borrow_mut();
    if fields.len() != 4 {
        return None;
    }
    let mut s = [0u64; 4];
    for (x, f) in s.iter_mut().zip(fields.iter()) {
        *x = u64_of(rt, f)?;
    }
    let res = step(&mut s);
    for (f, x) in fields.iter_mut().zip(s) {
        *f = mk_u64(rt, x);
    }
    Some(res)
}

fn u64_of(rt: &Runtime, v: &Value) -> Option<u64> {
    match v.to_bits(&rt.world.types) {
        Some((t, x)) if t == rt.world.types.b.uint64 => Some(x as u64),
        _ => None,
    }
}

fn mk_u64(rt: &Runtime, x: u64) -> Value {
    Value::from_bits(&rt.world.types, rt.world.types.b.uint64, u128::from(x))
        .expect("a UInt64 fits")
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// 64 bits of the system's entropy: std's `RandomState` keys come from the OS (`getrandom`
/// natively, WASI `random` in the component), and each new state's keys differ. The host's
/// clock is mixed in too, so that sessions cloned from one snapshot differ even if the keys
/// had been drawn before the snapshot was taken.
fn system_entropy(clock: u64) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(clock);
    splitmix64(h.finish() ^ clock.rotate_left(32))
}
