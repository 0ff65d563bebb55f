//! `BigInt`'s arithmetic: the operations Julia's `Base.GMP.MPZ` calls in libgmp, here over
//! `num-bigint`. Base's `gmp.jl` defines the `BigInt` methods on these (`_mpz_add` is
//! `MPZ.add`); each takes `BigInt`s (Julia code converts first) and returns a new one.

// A builtin receives the call's argument vector.
#![allow(clippy::ptr_arg)]

use std::rc::Rc;

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::builtins::{BuiltinFn, def};
use super::{JlError, JlResult, Runtime};
use crate::types::PrimKind;
use crate::value::{NumVal, Value};

fn big(n: BigInt) -> Value {
    Value::BigInt(Rc::new(n))
}

/// The value of any integer (or of an integral float) as a `BigInt`.
fn to_big(v: &Value) -> Option<BigInt> {
    match v.num_value()? {
        NumVal::Int(i) => Some(BigInt::from(i)),
        NumVal::Big(n) => Some(n.as_ref().clone()),
        NumVal::Float(f) if f.is_finite() && f.fract() == 0.0 => {
            num_traits::FromPrimitive::from_f64(f)
        }
        NumVal::Float(_) => None,
    }
}

fn arg(rt: &mut Runtime, name: &str, a: &[Value], i: usize) -> JlResult<BigInt> {
    match to_big(&a[i]) {
        Some(n) => Ok(n),
        None => {
            let t = rt.world.types.b.bigint;
            Err(rt.type_error(name, t, &a[i]))
        }
    }
}

/// A small non-negative count (a shift, an exponent, a base).
fn count(rt: &mut Runtime, name: &str, a: &[Value], i: usize) -> JlResult<u64> {
    match a[i].num_value() {
        Some(NumVal::Int(n)) if (0..=u64::MAX as i128).contains(&n) => Ok(n as u64),
        _ => Err(rt.argument_error(format!("{name}: a non-negative Int is required"))),
    }
}

fn divide_error(rt: &mut Runtime) -> JlError {
    let t = rt.world.exc.divide;
    rt.throw_struct(t, vec![])
}

fn binary(
    rt: &mut Runtime,
    name: &str,
    a: &[Value],
    op: fn(&BigInt, &BigInt) -> Option<BigInt>,
) -> JlResult<Value> {
    let x = arg(rt, name, a, 0)?;
    let y = arg(rt, name, a, 1)?;
    match op(&x, &y) {
        Some(r) => Ok(big(r)),
        None => Err(divide_error(rt)),
    }
}

fn nonzero(y: &BigInt) -> Option<()> {
    (!y.is_zero()).then_some(())
}

/// Installs `BigInt`'s builtins in Base.
pub fn install(rt: &mut Runtime) {
    let base = rt.world.base;
    let any = rt.world.types.b.any;
    let def1 = |rt: &mut Runtime, name: &str, f: BuiltinFn| def(rt, base, name, &[any], None, f);
    let def2 =
        |rt: &mut Runtime, name: &str, f: BuiltinFn| def(rt, base, name, &[any, any], None, f);
    let def3 =
        |rt: &mut Runtime, name: &str, f: BuiltinFn| def(rt, base, name, &[any, any, any], None, f);

    // `BigInt(x)` of an integer or an integral float (`nothing` for any other float).
    def1(rt, "_mpz_set", |_, a| {
        Ok(to_big(&a[0]).map_or(Value::Nothing, big))
    });
    def2(rt, "_mpz_add", |rt, a| {
        binary(rt, "_mpz_add", a, |x, y| Some(x + y))
    });
    def2(rt, "_mpz_sub", |rt, a| {
        binary(rt, "_mpz_sub", a, |x, y| Some(x - y))
    });
    def2(rt, "_mpz_mul", |rt, a| {
        binary(rt, "_mpz_mul", a, |x, y| Some(x * y))
    });
    // Quotients truncated, floored, ceiled; remainders with the dividend's or divisor's sign.
    def2(rt, "_mpz_tdiv_q", |rt, a| {
        binary(rt, "_mpz_tdiv_q", a, |x, y| nonzero(y).map(|_| x / y))
    });
    def2(rt, "_mpz_fdiv_q", |rt, a| {
        binary(rt, "_mpz_fdiv_q", a, |x, y| {
            nonzero(y).map(|_| x.div_floor(y))
        })
    });
    def2(rt, "_mpz_cdiv_q", |rt, a| {
        binary(rt, "_mpz_cdiv_q", a, |x, y| {
            nonzero(y).map(|_| x.div_ceil(y))
        })
    });
    def2(rt, "_mpz_tdiv_r", |rt, a| {
        binary(rt, "_mpz_tdiv_r", a, |x, y| nonzero(y).map(|_| x % y))
    });
    def2(rt, "_mpz_fdiv_r", |rt, a| {
        binary(rt, "_mpz_fdiv_r", a, |x, y| {
            nonzero(y).map(|_| x.mod_floor(y))
        })
    });
    def2(rt, "_mpz_gcd", |rt, a| {
        binary(rt, "_mpz_gcd", a, |x, y| Some(x.gcd(y)))
    });
    def2(rt, "_mpz_lcm", |rt, a| {
        binary(rt, "_mpz_lcm", a, |x, y| Some(x.lcm(y)))
    });
    def2(rt, "_mpz_and", |rt, a| {
        binary(rt, "_mpz_and", a, |x, y| Some(x & y))
    });
    def2(rt, "_mpz_ior", |rt, a| {
        binary(rt, "_mpz_ior", a, |x, y| Some(x | y))
    });
    def2(rt, "_mpz_xor", |rt, a| {
        binary(rt, "_mpz_xor", a, |x, y| Some(x ^ y))
    });
    def1(rt, "_mpz_neg", |rt, a| Ok(big(-arg(rt, "_mpz_neg", a, 0)?)));
    def1(rt, "_mpz_com", |rt, a| Ok(big(!arg(rt, "_mpz_com", a, 0)?)));
    def1(rt, "_mpz_abs", |rt, a| {
        Ok(big(arg(rt, "_mpz_abs", a, 0)?.abs()))
    });
    // The integer square root of a non-negative number (Julia checks the sign first).
    def1(rt, "_mpz_sqrt", |rt, a| {
        let x = arg(rt, "_mpz_sqrt", a, 0)?;
        Ok(big(if x.is_negative() { x } else { x.sqrt() }))
    });
    def2(rt, "_mpz_pow", |rt, a| {
        let x = arg(rt, "_mpz_pow", a, 0)?;
        let n = count(rt, "_mpz_pow", a, 1)?;
        // Past 2^32 bits the result could not be allocated.
        if x.bits() > 1 && x.bits().saturating_mul(n) > 1 << 32 {
            let t = rt.world.exc.out_of_memory;
            return Err(rt.throw_struct(t, vec![]));
        }
        Ok(big(num_traits::pow(x, n as usize)))
    });
    def2(rt, "_mpz_shl", |rt, a| {
        let x = arg(rt, "_mpz_shl", a, 0)?;
        let n = count(rt, "_mpz_shl", a, 1)?;
        if n > 1 << 32 {
            let t = rt.world.exc.out_of_memory;
            return Err(rt.throw_struct(t, vec![]));
        }
        Ok(big(x << n as usize))
    });
    // Floored: `big(-1) >> 1 == -1`.
    def2(rt, "_mpz_shr", |rt, a| {
        let x = arg(rt, "_mpz_shr", a, 0)?;
        let n = count(rt, "_mpz_shr", a, 1)?;
        Ok(big(if n >= x.bits() + 1 {
            if x.is_negative() {
                -BigInt::one()
            } else {
                BigInt::zero()
            }
        } else {
            x >> n as usize
        }))
    });
    def2(rt, "_mpz_cmp", |rt, a| {
        let x = arg(rt, "_mpz_cmp", a, 0)?;
        let y = arg(rt, "_mpz_cmp", a, 1)?;
        Ok(Value::Int(x.cmp(&y) as i64))
    });
    // `mpz_powm`: `x^p mod |m|`, non-negative; `p` non-negative (Julia checks).
    def3(rt, "_mpz_powm", |rt, a| {
        let x = arg(rt, "_mpz_powm", a, 0)?;
        let p = arg(rt, "_mpz_powm", a, 1)?;
        let m = arg(rt, "_mpz_powm", a, 2)?.abs();
        if m.is_zero() {
            return Err(divide_error(rt));
        }
        if p.is_negative() {
            return Ok(Value::Nothing);
        }
        Ok(big(x.modpow(&p, &m)))
    });
    // `mpz_invert`: the inverse of `x` modulo `|m|` in `0:|m|-1`, or `nothing`.
    def2(rt, "_mpz_invert", |rt, a| {
        let x = arg(rt, "_mpz_invert", a, 0)?;
        let m = arg(rt, "_mpz_invert", a, 1)?.abs();
        if m.is_zero() {
            return Ok(Value::Nothing);
        }
        let e = x.mod_floor(&m).extended_gcd(&m);
        Ok(if e.gcd.is_one() {
            big(e.x.mod_floor(&m))
        } else {
            Value::Nothing
        })
    });
    def1(rt, "_mpz_popcount", |rt, a| {
        let x = arg(rt, "_mpz_popcount", a, 0)?;
        Ok(Value::Int(match x.to_biguint() {
            Some(u) => u.count_ones() as i64,
            None => -1,
        }))
    });
    def1(rt, "_mpz_trailing_zeros", |rt, a| {
        let x = arg(rt, "_mpz_trailing_zeros", a, 0)?;
        Ok(Value::Int(x.trailing_zeros().map_or(-1, |n| n as i64)))
    });
    // The number of bits of `|x|` (`ndigits(x, base = 2)` for non-zero `x`).
    def1(rt, "_mpz_nbits", |rt, a| {
        Ok(Value::Int(arg(rt, "_mpz_nbits", a, 0)?.bits() as i64))
    });
    // `Float64(x)`, rounded to nearest (infinite past the largest float).
    def1(rt, "_mpz_get_d", |rt, a| {
        let x = arg(rt, "_mpz_get_d", a, 0)?;
        Ok(Value::Float(x.to_f64().unwrap_or(match x.sign() {
            Sign::Minus => f64::NEG_INFINITY,
            _ => f64::INFINITY,
        })))
    });
    // `x % T` for a primitive integer type `T`: the low bits, as two's complement.
    def2(rt, "_mpz_rem", |rt, a| {
        let x = arg(rt, "_mpz_rem", a, 1)?;
        let t = match &a[0] {
            Value::Type(t) => *t,
            v => {
                let dt = rt.world.types.b.datatype;
                return Err(rt.type_error("_mpz_rem", dt, v));
            }
        };
        let low = {
            let bytes = x.to_signed_bytes_le();
            let fill = if x.is_negative() { 0xff } else { 0 };
            let mut b = [fill; 16];
            for (d, s) in b.iter_mut().zip(bytes.iter()) {
                *d = *s;
            }
            u128::from_le_bytes(b)
        };
        let types = &rt.world.types;
        match types.prim(t) {
            Some(p) if p.kind != PrimKind::Float => {
                let m = if p.bits >= 128 {
                    u128::MAX
                } else {
                    (1 << p.bits) - 1
                };
                Value::from_bits(types, t, low & m)
                    .ok_or_else(|| rt.error_exception("_mpz_rem: not an integer type"))
            }
            _ => Err(rt.error_exception("_mpz_rem: not an integer type")),
        }
    });
    // `string(x; base)` for `2 ≤ base ≤ 62`, digits as Julia writes them.
    def2(rt, "_mpz_string", |rt, a| {
        let x = arg(rt, "_mpz_string", a, 0)?;
        let b = count(rt, "_mpz_string", a, 1)?;
        if !(2..=62).contains(&b) {
            return Err(rt.argument_error(format!("base must be 2 ≤ base ≤ 62, got {b}")));
        }
        if b <= 36 {
            return Ok(Value::str(&x.to_str_radix(b as u32)));
        }
        // Above 36: 0-9, A-Z, a-z, as GMP.
        const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut s: Vec<u8> = x
            .magnitude()
            .to_radix_be(b as u32)
            .iter()
            .map(|&d| DIGITS[d as usize])
            .collect();
        if x.is_negative() {
            s.insert(0, b'-');
        }
        Ok(Value::str(&String::from_utf8(s).expect("ASCII digits")))
    });
    // `tryparse(BigInt, s; base)`: digits with an optional sign and `_`-free, or `nothing`.
    def2(rt, "_mpz_parse", |rt, a| {
        let s = match &a[0] {
            Value::Str(s) => s.clone(),
            v => {
                let st = rt.world.types.b.string;
                return Err(rt.type_error("_mpz_parse", st, v));
            }
        };
        let b = count(rt, "_mpz_parse", a, 1)?;
        if !(2..=36).contains(&b) {
            return Ok(Value::Nothing);
        }
        let t = s.trim();
        let (neg, digits) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(b as u32)) {
            return Ok(Value::Nothing);
        }
        Ok(match BigInt::parse_bytes(digits.as_bytes(), b as u32) {
            Some(n) => big(if neg { -n } else { n }),
            None => Value::Nothing,
        })
    });
}
