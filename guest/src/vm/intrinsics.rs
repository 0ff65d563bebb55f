//! `Core.Intrinsics`: the arithmetic the runtime itself knows, named as in Julia. Base's
//! number types (`int.jl`, `float.jl`) are Julia code over these.
//!
//! Each intrinsic works on the bits of primitive number values (`Int8`…`Int128`,
//! `UInt8`…`UInt128`, `Bool`, `Float32`, `Float64`), computed in 128 bits and masked to the width, and has a fixed result type: the type of its
//! operands (`add_int`), `Bool` (`slt_int`), or the type given as its first argument
//! (`sext_int(Int64, x)`), so that a later inference pass can type every call. Operands of the
//! wrong kind are a `TypeError`, never a panic; integer division by zero is a `DivideError`;
//! shifts past the width give 0 (or the sign), never undefined behaviour.

// An intrinsic receives the call's argument vector, like every builtin.
#![allow(clippy::ptr_arg)]

use super::builtins::{BuiltinFn, def};
use super::{JlError, JlResult, Runtime};
use crate::ids::TyId;
use crate::symbol::Sym;
use crate::types::{Prim, PrimKind};
use crate::value::Value;

/// One primitive operand: its type, layout and bits (zero-extended).
#[derive(Clone, Copy)]
struct Operand {
    ty: TyId,
    prim: Prim,
    bits: u128,
}

impl Operand {
    fn mask(self) -> u128 {
        mask(self.prim.bits)
    }

    /// The bits as a signed number (sign-extended from the width).
    fn signed(self) -> i128 {
        let shift = 128 - self.prim.bits;
        ((self.bits << shift) as i128) >> shift
    }

    fn float(self) -> f64 {
        if self.prim.bits == 32 {
            f32::from_bits(self.bits as u32) as f64
        } else if self.prim.bits == 16 {
            crate::value::f16_to_f64(self.bits as u16)
        } else {
            f64::from_bits(self.bits as u64)
        }
    }
}

fn mask(bits: u32) -> u128 {
    if bits >= 128 {
        u128::MAX
    } else {
        (1 << bits) - 1
    }
}

fn operand(rt: &mut Runtime, name: &str, v: &Value) -> JlResult<Operand> {
    let types = &rt.world.types;
    if let Some((ty, bits)) = v.to_bits(types)
        && let Some(prim) = types.prim(ty)
    {
        return Ok(Operand { ty, prim, bits });
    }
    let any = rt.world.types.b.number;
    Err(rt.type_error(name, any, v))
}

/// Both operands, which must be of one type, floating point or not as `float` says.
fn operands2(
    rt: &mut Runtime,
    name: &str,
    a: &[Value],
    float: bool,
) -> JlResult<(Operand, Operand)> {
    let x = operand(rt, name, &a[0])?;
    let y = operand(rt, name, &a[1])?;
    if x.ty != y.ty || (x.prim.kind == PrimKind::Float) != float {
        let msg = format!(
            "{name}: types of a and b must match and be {}",
            if float { "floating point" } else { "integers" }
        );
        return Err(rt.error_exception(msg));
    }
    Ok((x, y))
}

fn result(rt: &mut Runtime, ty: TyId, bits: u128) -> JlResult<Value> {
    let m = rt.world.types.prim(ty).map_or(u128::MAX, |p| mask(p.bits));
    Value::from_bits(&rt.world.types, ty, bits & m)
        .ok_or_else(|| rt.error_exception("intrinsic result is not a primitive number"))
}

fn float_result(rt: &mut Runtime, ty: TyId, f: f64) -> JlResult<Value> {
    let bits = match rt.world.types.prim(ty) {
        Some(Prim { bits: 32, .. }) => (f as f32).to_bits() as u128,
        // Half precision: computed in double and rounded once (exact for `+ - * / sqrt`, as
        // Julia's widening to `Float32` is).
        Some(Prim { bits: 16, .. }) => crate::value::f64_to_f16(f) as u128,
        _ => f.to_bits() as u128,
    };
    result(rt, ty, bits)
}

/// The type argument of a conversion intrinsic (`sext_int(Int64, x)`).
fn target(rt: &mut Runtime, name: &str, v: &Value) -> JlResult<(TyId, Prim)> {
    if let Value::Type(t) = v
        && let Some(p) = rt.world.types.prim(*t)
    {
        return Ok((*t, p));
    }
    let dt = rt.world.types.b.datatype;
    Err(rt.type_error(name, dt, v))
}

fn divide_error(rt: &mut Runtime) -> JlError {
    let t = rt.world.exc.divide;
    rt.throw_struct(t, vec![])
}

fn int_binary(
    rt: &mut Runtime,
    name: &str,
    a: &[Value],
    op: fn(Operand, Operand) -> u128,
) -> JlResult<Value> {
    let (x, y) = operands2(rt, name, a, false)?;
    result(rt, x.ty, op(x, y))
}

fn int_compare(
    rt: &mut Runtime,
    name: &str,
    a: &[Value],
    op: fn(Operand, Operand) -> bool,
) -> JlResult<Value> {
    let (x, y) = operands2(rt, name, a, false)?;
    Ok(Value::Bool(op(x, y)))
}

fn float_binary(
    rt: &mut Runtime,
    name: &str,
    a: &[Value],
    op: fn(f64, f64) -> f64,
) -> JlResult<Value> {
    let (x, y) = operands2(rt, name, a, true)?;
    if x.prim.bits == 32 {
        // Single precision: the operation is done in f32, as the hardware does it.
        let (p, q) = (x.float() as f32, y.float() as f32);
        let r = op(p as f64, q as f64) as f32;
        return result(rt, x.ty, r.to_bits() as u128);
    }
    float_result(rt, x.ty, op(x.float(), y.float()))
}

fn float_compare(
    rt: &mut Runtime,
    name: &str,
    a: &[Value],
    op: fn(f64, f64) -> bool,
) -> JlResult<Value> {
    let (x, y) = operands2(rt, name, a, true)?;
    Ok(Value::Bool(op(x.float(), y.float())))
}

fn int_unary(
    rt: &mut Runtime,
    name: &str,
    a: &[Value],
    op: fn(Operand) -> u128,
) -> JlResult<Value> {
    let x = operand(rt, name, &a[0])?;
    if x.prim.kind == PrimKind::Float {
        return Err(rt.error_exception(format!("{name}: operand must be an integer")));
    }
    result(rt, x.ty, op(x))
}

fn float_unary(rt: &mut Runtime, name: &str, a: &[Value], op: fn(f64) -> f64) -> JlResult<Value> {
    let x = operand(rt, name, &a[0])?;
    if x.prim.kind != PrimKind::Float {
        return Err(rt.error_exception(format!("{name}: operand must be floating point")));
    }
    if x.prim.bits == 32 {
        let r = op(x.float()) as f32;
        return result(rt, x.ty, r.to_bits() as u128);
    }
    float_result(rt, x.ty, op(x.float()))
}

/// Shift amount of a shift intrinsic: any integer, read as unsigned.
fn shift_amount(rt: &mut Runtime, name: &str, v: &Value) -> JlResult<u64> {
    let s = operand(rt, name, v)?;
    if s.prim.kind == PrimKind::Float {
        return Err(rt.error_exception(format!("{name}: shift amount must be an integer")));
    }
    Ok(u64::try_from(s.bits).unwrap_or(u64::MAX))
}

fn checked(
    rt: &mut Runtime,
    name: &str,
    a: &[Value],
    op: fn(Operand, Operand) -> (u128, bool),
) -> JlResult<Value> {
    let (x, y) = operands2(rt, name, a, false)?;
    let (r, overflow) = op(x, y);
    let r = result(rt, x.ty, r)?;
    Ok(Value::tuple(vec![r, Value::Bool(overflow)]))
}

/// Whether `v` is outside the signed range of `bits` bits.
fn s_overflows(v: i128, bits: u32) -> bool {
    if bits >= 128 {
        return false;
    }
    let (lo, hi) = (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1);
    v < lo || v > hi
}

fn u_overflows(v: u128, bits: u32) -> bool {
    v > mask(bits)
}

/// A signed operation in 128 bits and whether it overflowed `bits` bits.
fn s_checked(r: (i128, bool), bits: u32) -> (u128, bool) {
    (r.0 as u128, r.1 || s_overflows(r.0, bits))
}

/// An unsigned operation in 128 bits and whether it overflowed `bits` bits.
fn u_checked(r: (u128, bool), bits: u32) -> (u128, bool) {
    (r.0, r.1 || u_overflows(r.0, bits))
}

/// Installs the intrinsics in `Core.Intrinsics` (a module of Core, as in Julia).
pub fn install(rt: &mut Runtime) {
    let core = rt.world.core;
    let m = rt.world.new_module(Sym::new("Intrinsics"), Some(core));
    rt.world.modules[m.index()].usings.clear();
    rt.world.modules[m.index()].export_all = true;
    rt.world.bindings_changed();
    rt.world
        .set_const(core, Sym::new("Intrinsics"), Value::Module(m));
    let any = rt.world.types.b.any;
    let def2 = |rt: &mut Runtime, name: &str, f: BuiltinFn| def(rt, m, name, &[any, any], None, f);
    let def1 = |rt: &mut Runtime, name: &str, f: BuiltinFn| def(rt, m, name, &[any], None, f);

    // Integer arithmetic: wraps around at the operands' width.
    def2(rt, "add_int", |rt, a| {
        int_binary(rt, "add_int", a, |x, y| x.bits.wrapping_add(y.bits))
    });
    def2(rt, "sub_int", |rt, a| {
        int_binary(rt, "sub_int", a, |x, y| x.bits.wrapping_sub(y.bits))
    });
    def2(rt, "mul_int", |rt, a| {
        int_binary(rt, "mul_int", a, |x, y| x.bits.wrapping_mul(y.bits))
    });
    def1(rt, "neg_int", |rt, a| {
        int_unary(rt, "neg_int", a, |x| x.bits.wrapping_neg())
    });
    def2(rt, "and_int", |rt, a| {
        int_binary(rt, "and_int", a, |x, y| x.bits & y.bits)
    });
    def2(rt, "or_int", |rt, a| {
        int_binary(rt, "or_int", a, |x, y| x.bits | y.bits)
    });
    def2(rt, "xor_int", |rt, a| {
        int_binary(rt, "xor_int", a, |x, y| x.bits ^ y.bits)
    });
    def1(rt, "not_int", |rt, a| {
        int_unary(rt, "not_int", a, |x| !x.bits)
    });
    def1(rt, "ctpop_int", |rt, a| {
        int_unary(rt, "ctpop_int", a, |x| {
            (x.bits & x.mask()).count_ones() as u128
        })
    });
    def1(rt, "ctlz_int", |rt, a| {
        int_unary(rt, "ctlz_int", a, |x| {
            (x.bits.leading_zeros() - (128 - x.prim.bits)) as u128
        })
    });
    def1(rt, "cttz_int", |rt, a| {
        int_unary(rt, "cttz_int", a, |x| {
            (x.bits.trailing_zeros()).min(x.prim.bits) as u128
        })
    });
    def1(rt, "bswap_int", |rt, a| {
        int_unary(rt, "bswap_int", a, |x| {
            x.bits.swap_bytes() >> (128 - x.prim.bits)
        })
    });
    // Division: `DivideError` on a zero divisor (and on `typemin ÷ -1` for the signed ones).
    def2(rt, "checked_sdiv_int", |rt, a| {
        div_op(rt, "checked_sdiv_int", a, Div::SignedQuotient)
    });
    def2(rt, "checked_srem_int", |rt, a| {
        div_op(rt, "checked_srem_int", a, Div::SignedRemainder)
    });
    def2(rt, "checked_udiv_int", |rt, a| {
        div_op(rt, "checked_udiv_int", a, Div::UnsignedQuotient)
    });
    def2(rt, "checked_urem_int", |rt, a| {
        div_op(rt, "checked_urem_int", a, Div::UnsignedRemainder)
    });
    // Shifts: the amount is unsigned; past the width, 0 (or all sign bits for `ashr_int`).
    def2(rt, "shl_int", |rt, a| {
        let n = shift_amount(rt, "shl_int", &a[1])?;
        int_unary(rt, "shl_int", &a[..1], |x| x.bits).and_then(|v| shifted(rt, v, n, Shift::Left))
    });
    def2(rt, "lshr_int", |rt, a| {
        let n = shift_amount(rt, "lshr_int", &a[1])?;
        int_unary(rt, "lshr_int", &a[..1], |x| x.bits)
            .and_then(|v| shifted(rt, v, n, Shift::Logical))
    });
    def2(rt, "ashr_int", |rt, a| {
        let n = shift_amount(rt, "ashr_int", &a[1])?;
        int_unary(rt, "ashr_int", &a[..1], |x| x.bits)
            .and_then(|v| shifted(rt, v, n, Shift::Arithmetic))
    });
    // Comparisons.
    def2(rt, "eq_int", |rt, a| {
        int_compare(rt, "eq_int", a, |x, y| x.bits == y.bits)
    });
    def2(rt, "ne_int", |rt, a| {
        int_compare(rt, "ne_int", a, |x, y| x.bits != y.bits)
    });
    def2(rt, "slt_int", |rt, a| {
        int_compare(rt, "slt_int", a, |x, y| x.signed() < y.signed())
    });
    def2(rt, "sle_int", |rt, a| {
        int_compare(rt, "sle_int", a, |x, y| x.signed() <= y.signed())
    });
    def2(rt, "ult_int", |rt, a| {
        int_compare(rt, "ult_int", a, |x, y| x.bits < y.bits)
    });
    def2(rt, "ule_int", |rt, a| {
        int_compare(rt, "ule_int", a, |x, y| x.bits <= y.bits)
    });
    // Overflow-checked arithmetic: `(result, overflowed)`.
    def2(rt, "checked_sadd_int", |rt, a| {
        checked(rt, "checked_sadd_int", a, |x, y| {
            s_checked(x.signed().overflowing_add(y.signed()), x.prim.bits)
        })
    });
    def2(rt, "checked_ssub_int", |rt, a| {
        checked(rt, "checked_ssub_int", a, |x, y| {
            s_checked(x.signed().overflowing_sub(y.signed()), x.prim.bits)
        })
    });
    def2(rt, "checked_smul_int", |rt, a| {
        checked(rt, "checked_smul_int", a, |x, y| {
            s_checked(x.signed().overflowing_mul(y.signed()), x.prim.bits)
        })
    });
    def2(rt, "checked_uadd_int", |rt, a| {
        checked(rt, "checked_uadd_int", a, |x, y| {
            u_checked(x.bits.overflowing_add(y.bits), x.prim.bits)
        })
    });
    def2(rt, "checked_usub_int", |rt, a| {
        checked(rt, "checked_usub_int", a, |x, y| {
            let (r, o) = x.bits.overflowing_sub(y.bits);
            (r & x.mask(), o)
        })
    });
    def2(rt, "checked_umul_int", |rt, a| {
        checked(rt, "checked_umul_int", a, |x, y| {
            u_checked(x.bits.overflowing_mul(y.bits), x.prim.bits)
        })
    });
    // Floating point.
    def2(rt, "add_float", |rt, a| {
        float_binary(rt, "add_float", a, |x, y| x + y)
    });
    def2(rt, "sub_float", |rt, a| {
        float_binary(rt, "sub_float", a, |x, y| x - y)
    });
    def2(rt, "mul_float", |rt, a| {
        float_binary(rt, "mul_float", a, |x, y| x * y)
    });
    def2(rt, "div_float", |rt, a| {
        float_binary(rt, "div_float", a, |x, y| x / y)
    });
    def2(rt, "rem_float", |rt, a| {
        float_binary(rt, "rem_float", a, |x, y| x % y)
    });
    def2(rt, "copysign_float", |rt, a| {
        float_binary(rt, "copysign_float", a, f64::copysign)
    });
    def1(rt, "neg_float", |rt, a| {
        float_unary(rt, "neg_float", a, |x| -x)
    });
    // Fused multiply-add, rounded once (`muladd` fuses too, as on hardware with FMA).
    def(rt, m, "fma_float", &[any, any, any], None, |rt, a| {
        fused(rt, "fma_float", a)
    });
    def(rt, m, "muladd_float", &[any, any, any], None, |rt, a| {
        fused(rt, "muladd_float", a)
    });
    def1(rt, "abs_float", |rt, a| {
        float_unary(rt, "abs_float", a, f64::abs)
    });
    def1(rt, "sqrt_llvm", |rt, a| {
        float_unary(rt, "sqrt_llvm", a, f64::sqrt)
    });
    def1(rt, "floor_llvm", |rt, a| {
        float_unary(rt, "floor_llvm", a, f64::floor)
    });
    def1(rt, "ceil_llvm", |rt, a| {
        float_unary(rt, "ceil_llvm", a, f64::ceil)
    });
    def1(rt, "trunc_llvm", |rt, a| {
        float_unary(rt, "trunc_llvm", a, f64::trunc)
    });
    def1(rt, "rint_llvm", |rt, a| {
        float_unary(rt, "rint_llvm", a, f64::round_ties_even)
    });
    def2(rt, "eq_float", |rt, a| {
        float_compare(rt, "eq_float", a, |x, y| x == y)
    });
    def2(rt, "ne_float", |rt, a| {
        float_compare(rt, "ne_float", a, |x, y| x != y)
    });
    def2(rt, "lt_float", |rt, a| {
        float_compare(rt, "lt_float", a, |x, y| x < y)
    });
    def2(rt, "le_float", |rt, a| {
        float_compare(rt, "le_float", a, |x, y| x <= y)
    });
    // Conversions: `f(T, x)` makes a value of type `T`.
    def2(rt, "sext_int", |rt, a| {
        convert_int(rt, "sext_int", a, |x, _| x.signed() as u128)
    });
    def2(rt, "zext_int", |rt, a| {
        convert_int(rt, "zext_int", a, |x, _| x.bits)
    });
    def2(rt, "trunc_int", |rt, a| {
        convert_int(rt, "trunc_int", a, |x, _| x.bits)
    });
    def2(rt, "bitcast", |rt, a| {
        let (t, p) = target(rt, "bitcast", &a[0])?;
        let x = operand(rt, "bitcast", &a[1])?;
        if x.prim.bits != p.bits {
            return Err(
                rt.error_exception("bitcast: argument size does not match size of target type")
            );
        }
        result(rt, t, x.bits)
    });
    def2(rt, "sitofp", |rt, a| {
        to_float(
            rt,
            "sitofp",
            a,
            |x| x.signed() as f64,
            |x| x.signed() as f32,
        )
    });
    def2(rt, "uitofp", |rt, a| {
        to_float(rt, "uitofp", a, |x| x.bits as f64, |x| x.bits as f32)
    });
    def2(rt, "fpext", |rt, a| {
        to_float(rt, "fpext", a, Operand::float, |x| x.float() as f32)
    });
    def2(rt, "fptrunc", |rt, a| {
        to_float(rt, "fptrunc", a, Operand::float, |x| x.float() as f32)
    });
    def2(rt, "fptosi", |rt, a| {
        let (t, p) = target(rt, "fptosi", &a[0])?;
        let x = operand(rt, "fptosi", &a[1])?;
        // Out of range is undefined in LLVM; Base checks the range before it calls this.
        let v = x.float() as i128;
        result(rt, t, (v as u128) & mask(p.bits))
    });
    def2(rt, "fptoui", |rt, a| {
        let (t, p) = target(rt, "fptoui", &a[0])?;
        let x = operand(rt, "fptoui", &a[1])?;
        let v = x.float() as u128;
        result(rt, t, v & mask(p.bits))
    });
    // `sizeof` of a primitive type, in bytes (Core's builtin, here for Base's conversions).
    def(rt, core, "sizeof", &[any], None, |rt, a| match &a[0] {
        // A string's size is its UTF-8 length.
        Value::Str(s) => Ok(Value::Int(s.len() as i64)),
        Value::Type(t) => match rt.world.types.prim(*t) {
            Some(p) => Ok(Value::Int(p.bits as i64 / 8)),
            None => {
                let msg = format!(
                    "type {} does not have a definite size",
                    rt.world.type_string(*t)
                );
                Err(rt.argument_error(msg))
            }
        },
        v => match v
            .to_bits(&rt.world.types)
            .and_then(|(t, _)| rt.world.types.prim(t))
        {
            Some(p) => Ok(Value::Int(p.bits as i64 / 8)),
            None => {
                let t = rt.world.typeof_(v);
                let msg = format!(
                    "type {} does not have a definite size",
                    rt.world.type_string(t)
                );
                Err(rt.argument_error(msg))
            }
        },
    });
}

fn fused(rt: &mut Runtime, name: &str, a: &[Value]) -> JlResult<Value> {
    let (x, y) = operands2(rt, name, &a[..2], true)?;
    let (_, z) = operands2(rt, name, &a[1..], true)?;
    if x.prim.bits == 32 {
        let r = (x.float() as f32).mul_add(y.float() as f32, z.float() as f32);
        return result(rt, x.ty, r.to_bits() as u128);
    }
    float_result(rt, x.ty, x.float().mul_add(y.float(), z.float()))
}

enum Shift {
    Left,
    Logical,
    Arithmetic,
}

fn shifted(rt: &mut Runtime, v: Value, n: u64, how: Shift) -> JlResult<Value> {
    let Some((t, bits)) = v.to_bits(&rt.world.types) else {
        return Ok(v);
    };
    let p = rt.world.types.prim(t).expect("an integer operand");
    let x = Operand {
        ty: t,
        prim: p,
        bits,
    };
    let w = p.bits as u64;
    let r = match how {
        Shift::Left if n >= w => 0,
        Shift::Left => x.bits << n,
        Shift::Logical if n >= w => 0,
        Shift::Logical => x.bits >> n,
        Shift::Arithmetic => (x.signed() >> n.min(127)) as u128,
    };
    result(rt, t, r)
}

enum Div {
    SignedQuotient,
    SignedRemainder,
    UnsignedQuotient,
    UnsignedRemainder,
}

/// Integer division, truncating; the remainder has the sign of the dividend.
fn div_op(rt: &mut Runtime, name: &str, a: &[Value], which: Div) -> JlResult<Value> {
    let (x, y) = operands2(rt, name, a, false)?;
    if y.bits == 0 {
        return Err(divide_error(rt));
    }
    let r = match which {
        Div::SignedQuotient => match x.signed().checked_div(y.signed()) {
            Some(q) if !s_overflows(q, x.prim.bits) => q as u128,
            _ => return Err(divide_error(rt)),
        },
        Div::SignedRemainder => x.signed().wrapping_rem(y.signed()) as u128,
        Div::UnsignedQuotient => x.bits / y.bits,
        Div::UnsignedRemainder => x.bits % y.bits,
    };
    result(rt, x.ty, r)
}

fn convert_int(
    rt: &mut Runtime,
    name: &str,
    a: &[Value],
    op: fn(Operand, Prim) -> u128,
) -> JlResult<Value> {
    let (t, p) = target(rt, name, &a[0])?;
    let x = operand(rt, name, &a[1])?;
    if p.kind == PrimKind::Float || x.prim.kind == PrimKind::Float {
        return Err(rt.error_exception(format!("{name}: operands must be integers")));
    }
    result(rt, t, op(x, p))
}

fn to_float(
    rt: &mut Runtime,
    name: &str,
    a: &[Value],
    wide: fn(Operand) -> f64,
    single: fn(Operand) -> f32,
) -> JlResult<Value> {
    let (t, p) = target(rt, name, &a[0])?;
    let x = operand(rt, name, &a[1])?;
    if p.kind != PrimKind::Float {
        return Err(rt.error_exception(format!("{name}: target must be a floating-point type")));
    }
    if p.bits == 32 {
        // Rounded once, straight to single precision (not through a double).
        return result(rt, t, single(x).to_bits() as u128);
    }
    if p.bits == 16 {
        return result(rt, t, crate::value::f64_to_f16(wide(x)) as u128);
    }
    result(rt, t, wide(x).to_bits() as u128)
}
