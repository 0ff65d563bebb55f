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
        Ok(Value::Float((x >> 11) as f64 * f64::powi(2.0, -53)))
    });
    // `_xoshiro_ndl!(r, s)`: an offset in `0:s-1` (any `UInt64` when `s == 0`, the full
    // range) by Lemire's "nearly division less" method, as Julia's `SamplerRangeNDL{UInt64}`.
    def(rt, base, "_xoshiro_ndl!", &[b.any, u64t], None, |rt, a| {
        let bad = |rt: &mut Runtime| no_method(rt, "_xoshiro_ndl!", a);
        let s = u64_of(rt, &a[1]).ok_or_else(|| bad(rt))?;
        let mut x = xoshiro_step(rt, &a[0]).ok_or_else(|| bad(rt))?;
        let mut m = u128::from(x) * u128::from(s);
        if (m as u64) < s {
            let t = s.wrapping_neg() % s;
            while (m as u64) < t {
                x = xoshiro_step(rt, &a[0]).ok_or_else(|| bad(rt))?;
                m = u128::from(x) * u128::from(s);
            }
        }
        Ok(mk_u64(rt, if s == 0 { x } else { (m >> 64) as u64 }))
    });
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
            system_entropy()
        };
        Ok(mk_u64(rt, x))
    });
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
    let [mut s0, mut s1, mut s2, mut s3] = s;
    let res = s0.wrapping_add(s3).rotate_left(23).wrapping_add(s0);
    let t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = s3.rotate_left(45);
    for (f, x) in fields.iter_mut().zip([s0, s1, s2, s3]) {
        *f = mk_u64(rt, x);
    }
    Some(res)
}

fn u64_of(rt: &Runtime, v: &Value) -> Option<u64> {
    match v.to_bits(&rt.world.types) {
        Some((t, x)) if t == rt.world.types.b.uint64 => Some(x),
        _ => None,
    }
}

fn mk_u64(rt: &Runtime, x: u64) -> Value {
    Value::from_bits(&rt.world.types, rt.world.types.b.uint64, x).expect("a UInt64 fits")
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// 64 bits of the system's entropy: std's `RandomState` keys come from the OS (`getrandom`
/// natively, WASI `random` in the component), and each new state's keys differ.
fn system_entropy() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(0x6b69_6c6e);
    splitmix64(h.finish())
}
