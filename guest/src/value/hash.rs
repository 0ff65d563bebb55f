//! Julia 1.11's `hash` for the value kinds whose hash does not depend on user methods.
//!
//! Everything here follows Julia 1.11's base/hashing.jl, base/char.jl, base/tuple.jl and
//! src/support/hashing.c bit for bit (64-bit `UInt`), so a `Dict`'s slot order — which is
//! decided by `hash` — is Julia's. `hash(x)` is `hash(x, 0)`, except for a `Symbol`, whose
//! one-argument hash is its `objectid`.

/// `hash_64_64` (Thomas Wang's 64-bit integer hash; C's `int64hash`), which is `hash_uint` and
/// `hash_uint64` on 64-bit Julia.
pub fn hash_64_64(n: u64) -> u64 {
    let mut a = n;
    a = (!a).wrapping_add(a << 21);
    a ^= a >> 24;
    a = a.wrapping_add(a << 3).wrapping_add(a << 8);
    a ^= a >> 14;
    a = a.wrapping_add(a << 2).wrapping_add(a << 4);
    a ^= a >> 28;
    a = a.wrapping_add(a << 31);
    a
}

/// `hash(x::Int64, h)` and `hash(x::UInt64, h)` (on the bits): `hash_uint64(x) - 3h`.
pub fn hash_u64(x: u64, h: u64) -> u64 {
    hash_64_64(x).wrapping_sub(h.wrapping_mul(3))
}

/// `hash(x::Float64, h)`: an integral float hashes as the integer it equals.
pub fn hash_f64(x: f64, h: u64) -> u64 {
    // `typemin(Int64) <= x < typemax(Int64)` (the bound is 2^63 as a float)
    let two63 = (1u64 << 63) as f64;
    if (-two63..two63).contains(&x) {
        let xi = x as i64;
        // isequal(xi, x): the same value, and not -0.0
        if xi as f64 == x && !(x == 0.0 && x.is_sign_negative()) {
            return hash_u64(xi as u64, h);
        }
    } else if (0.0..2.0 * two63).contains(&x) {
        let xu = x as u64;
        if xu as f64 == x {
            return hash_u64(xu, h);
        }
    } else if x.is_nan() {
        return hash_64_64(f64::NAN.to_bits()) ^ h;
    }
    hash_u64(x.to_bits(), h)
}

/// `hash(x::Char, h)`.
pub fn hash_char(bits: u32, h: u64) -> u64 {
    hash_64_64(((bits as u64).wrapping_add(0xd4d6_4234) << 32) ^ h)
}

/// The bits of a `Char` as Julia stores it: its UTF-8 bytes, left-aligned in a `UInt32`.
pub fn char_bits(c: char) -> u32 {
    let mut buf = [0u8; 4];
    let n = c.encode_utf8(&mut buf).len();
    let mut u = 0u32;
    for (i, b) in buf[..n].iter().enumerate() {
        u |= (*b as u32) << (24 - 8 * i);
    }
    u
}

const MEMHASH_SEED: u64 = 0x71e7_29fd_5641_9c81;

/// `hash(s::String, h)`: MurmurHash3 of the bytes, seeded with `h + memhash_seed`.
pub fn hash_str(s: &[u8], h: u64) -> u64 {
    let h = h.wrapping_add(MEMHASH_SEED);
    memhash_seed(s, h as u32).wrapping_add(h)
}

/// `objectid(::Symbol)` (src/symbol.c `hash_symbol`), which is also `hash(::Symbol)`.
pub fn symbol_objectid(name: &[u8]) -> u64 {
    let oid = memhash_seed(name, 0xcafe_8881) ^ (u64::MAX / 3 * 2);
    hash_64_64(oid.wrapping_neg())
}

/// The generic `hash(x, h) = hash_uint(3h - objectid(x))`.
pub fn hash_objectid(oid: u64, h: u64) -> u64 {
    hash_64_64(h.wrapping_mul(3).wrapping_sub(oid))
}

/// `hash(::Tuple{}, h)`.
pub fn hash_empty_tuple(h: u64) -> u64 {
    h.wrapping_add(0x77cf_a1ee_f01b_ca90)
}

/// `memhash_seed` of src/support/hashing.c: the second half of `MurmurHash3_x64_128`.
pub fn memhash_seed(data: &[u8], seed: u32) -> u64 {
    murmur3_x64_128(data, seed).1
}

fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// Austin Appleby's `MurmurHash3_x64_128` (src/support/MurmurHash3.c), little-endian.
pub fn murmur3_x64_128(data: &[u8], seed: u32) -> (u64, u64) {
    const C1: u64 = 0x87c3_7b91_1142_53d5;
    const C2: u64 = 0x4cf5_ad43_2745_937f;
    let len = data.len();
    let (mut h1, mut h2) = (seed as u64, seed as u64);
    let nblocks = len / 16;
    for i in 0..nblocks {
        let b = &data[i * 16..i * 16 + 16];
        let mut k1 = u64::from_le_bytes(b[..8].try_into().expect("8 bytes"));
        let mut k2 = u64::from_le_bytes(b[8..].try_into().expect("8 bytes"));
        k1 = k1.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
        h1 ^= k1;
        h1 = h1
            .rotate_left(27)
            .wrapping_add(h2)
            .wrapping_mul(5)
            .wrapping_add(0x52dc_e729);
        k2 = k2.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1);
        h2 ^= k2;
        h2 = h2
            .rotate_left(31)
            .wrapping_add(h1)
            .wrapping_mul(5)
            .wrapping_add(0x3849_5ab5);
    }
    let tail = &data[nblocks * 16..];
    let (mut k1, mut k2) = (0u64, 0u64);
    for (i, &b) in tail.iter().enumerate().rev() {
        if i >= 8 {
            k2 ^= (b as u64) << (8 * (i - 8));
        } else {
            k1 ^= (b as u64) << (8 * i);
        }
    }
    if tail.len() > 8 {
        k2 = k2.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1);
        h2 ^= k2;
    }
    if !tail.is_empty() {
        k1 = k1.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2);
        h1 ^= k1;
    }
    h1 ^= len as u64;
    h2 ^= len as u64;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    (h1, h2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // base/hashing.jl's doctest (Julia 1.11): `hash(10)`, `hash(10, hash(10))`.
        assert_eq!(hash_u64(10, 0), 0x95ea_2955_abd4_5275);
        assert_eq!(hash_u64(10, 0x95ea_2955_abd4_5275), 0xd42b_ad54_a857_5b16);
        assert_eq!(hash_f64(10.0, 0), hash_u64(10, 0));
        // MurmurHash3_x64_128 against the reference implementation (Python's mmh3).
        assert_eq!(
            murmur3_x64_128(b"", 0xcafe_8881),
            (0xf136_7435_f1c4_d180, 0x85c6_e1b9_d2aa_92fa)
        );
        assert_eq!(
            murmur3_x64_128(b"abc", 12345),
            (0xd146_3d15_4006_408d, 0x60d1_30bc_9845_e26a)
        );
        assert_eq!(
            murmur3_x64_128(b"0123456789abcdefXYZ", 0xcafe_8881),
            (0x965f_5e2b_0511_6b5d, 0x09f2_0427_c9f1_4b94)
        );
        assert_eq!(murmur3_x64_128(&[b'x'; 40], 12345).1, 0x7988_e8ef_5dd5_7647);
    }
}
