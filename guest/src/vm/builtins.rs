//! Builtin methods: the parts of Core and Base implemented in Rust (numbers, strings, arrays,
//! dicts, printing, reflection, precompilation). Each is a method of an ordinary generic
//! function, so Julia code can add methods next to them.

// A builtin receives the call's argument vector and may take values out of it (`invokelatest`).
#![allow(clippy::ptr_arg)]

use std::rc::Rc;

use super::Runtime;
use super::show;
use super::{JlError, JlResult};
use crate::ids::BuiltinId;
use crate::ids::{ModuleId, TyId};
use crate::memory;
use crate::symbol::Sym;
use crate::types::{TyKind, TypeNameKind};
use crate::value::{ArrayObj, NumVal, Value};
use crate::world::{Binding, Method, MethodBody};

/// A builtin method body: receives the arguments, returns the result or throws.
pub type BuiltinFn = fn(&mut Runtime, &mut Vec<Value>) -> JlResult<Value>;

/// Adds builtin method `name(sig...)` (with `vararg` elements) to module `m`'s function `name`.
pub fn def(
    rt: &mut Runtime,
    m: ModuleId,
    name: &str,
    sig: &[TyId],
    vararg: Option<TyId>,
    f: BuiltinFn,
) {
    let sym = Sym::new(name);
    let fid = match rt.world.modules[m.index()]
        .bindings
        .get(&sym)
        .map(|b| &b.value)
    {
        Some(Value::Function(f)) => *f,
        _ => {
            let f = rt.world.new_function(m, sym);
            rt.world.set_const(m, sym, Value::Function(f));
            f
        }
    };
    let n = sig.len() + usize::from(vararg.is_some());
    let arg_names = (0..n).map(|i| Sym::new(&format!("#{i}"))).collect();
    let id = BuiltinId(rt.builtins.len() as u32);
    rt.builtins.push(f);
    rt.world.add_method(Method {
        func: fid,
        module: m,
        sig: sig.to_vec(),
        vararg,
        tvars: Vec::new(),
        arg_names,
        body: MethodBody::Builtin(id),
        world: 0,
        deleted: false,
        file: Rc::from("builtin"),
        line: 0,
    });
}

/// Adds builtin method `T(sig...)` to the constructor of struct type `t`.
pub fn def_ctor(rt: &mut Runtime, t: TyId, sig: &[TyId], vararg: Option<TyId>, f: BuiltinFn) {
    let TyKind::Data { tn, .. } = *rt.world.types.kind(t) else {
        return;
    };
    let fid = rt.world.ctor_function(tn);
    let n = sig.len() + usize::from(vararg.is_some());
    let arg_names = (0..n).map(|i| Sym::new(&format!("#{i}"))).collect();
    let id = BuiltinId(rt.builtins.len() as u32);
    rt.builtins.push(f);
    let module = rt.world.core;
    rt.world.add_method(Method {
        func: fid,
        module,
        sig: sig.to_vec(),
        vararg,
        tvars: Vec::new(),
        arg_names,
        body: MethodBody::Builtin(id),
        world: 0,
        deleted: false,
        file: Rc::from("builtin"),
        line: 0,
    });
}

/// Binds `alias` in module `m` to the same value as `name`.
fn alias(rt: &mut Runtime, m: ModuleId, alias: &str, name: &str) {
    let v = rt.world.modules[m.index()].bindings[&Sym::new(name)]
        .value
        .clone();
    rt.world.modules[m.index()].bindings.insert(
        Sym::new(alias),
        Binding {
            value: v,
            constant: true,
            imported: false,
        },
    );
    rt.world.bindings_changed();
}

/// A builtin arithmetic or comparison method that the VM may compute in place when a call site
/// dispatched to it ([`BinOp::apply`]), without building an argument vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
}

impl BinOp {
    /// What the builtin method returns for `Int64` and `Float64` operands, computed exactly as
    /// `arith` and `compare` compute it (wrapping integer arithmetic; promotion to `Float64`
    /// for mixed arithmetic; IEEE comparisons); `None` for any other operands, which take the
    /// builtin itself. Comparisons of mixed operands are exact there, so they are left to it.
    #[inline]
    pub fn apply(self, a: &Value, b: &Value) -> Option<Value> {
        use BinOp::*;
        Some(match (a, b) {
            (Value::Int(x), Value::Int(y)) => {
                let (x, y) = (*x, *y);
                match self {
                    Add => Value::Int(x.wrapping_add(y)),
                    Sub => Value::Int(x.wrapping_sub(y)),
                    Mul => Value::Int(x.wrapping_mul(y)),
                    Div => Value::Float(x as f64 / y as f64),
                    Lt => Value::Bool(x < y),
                    Le => Value::Bool(x <= y),
                    Gt => Value::Bool(x > y),
                    Ge => Value::Bool(x >= y),
                    Eq => Value::Bool(x == y),
                }
            }
            (Value::Float(x), Value::Float(y)) => self.float(*x, *y),
            (Value::Int(x), Value::Float(y)) if self.is_arith() => self.float(*x as f64, *y),
            (Value::Float(x), Value::Int(y)) if self.is_arith() => self.float(*x, *y as f64),
            _ => return None,
        })
    }

    fn is_arith(self) -> bool {
        matches!(self, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div)
    }

    #[inline]
    fn float(self, x: f64, y: f64) -> Value {
        use BinOp::*;
        match self {
            Add => Value::Float(x + y),
            Sub => Value::Float(x - y),
            Mul => Value::Float(x * y),
            Div => Value::Float(x / y),
            Lt => Value::Bool(x < y),
            Le => Value::Bool(x <= y),
            Gt => Value::Bool(x > y),
            Ge => Value::Bool(x >= y),
            Eq => Value::Bool(x == y),
        }
    }
}

/// A builtin method that the VM may run in place when a call site dispatched to it, without
/// building an argument vector or calling through the builtin table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InlineOp {
    /// Arithmetic or a comparison ([`BinOp::apply`]).
    Bin(BinOp),
    /// `iterate(r, i)` of a `UnitRange{Int64}` or an array ([`iterate_inline`]).
    Iterate,
}

/// Marks the builtin just defined as computing `op` (see [`BinOp`]).
fn mark_binop(rt: &mut Runtime, op: BinOp) {
    mark_inline(rt, InlineOp::Bin(op));
}

/// Marks the builtin just defined as one the VM may run in place (see [`InlineOp`]).
fn mark_inline(rt: &mut Runtime, op: InlineOp) {
    let id = rt.builtins.len() - 1;
    rt.inline_ops.resize(rt.builtins.len(), None);
    rt.inline_ops[id] = Some(op);
}

/// `iterate(x, i)` as the `iterate` builtin computes it, for the next element of a
/// `UnitRange{Int64}` or an array with an `Int64` state; `None` for any other case (the end of
/// the iteration included), which takes the builtin itself.
#[inline]
pub fn iterate_inline(x: &Value, state: &Value) -> Option<Value> {
    let Value::Int(state) = *state else {
        return None;
    };
    match x {
        Value::Range(_, hi) if state < *hi => Some(Value::tuple_of([
            Value::Int(state + 1),
            Value::Int(state + 1),
        ])),
        Value::Array(v) => {
            let s = usize::try_from(state).ok()?;
            let x = v.items.borrow().get(s)?.clone();
            Some(Value::tuple_of([x, Value::Int(state + 1)]))
        }
        _ => None,
    }
}

/// A number operand after promotion.
#[derive(Clone, Copy, Debug)]
enum Num {
    I(i64),
    F(f64),
}

fn num(v: &Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::I(*i)),
        Value::Bool(b) => Some(Num::I(*b as i64)),
        Value::Float(f) => Some(Num::F(*f)),
        _ => None,
    }
}

fn promote(a: Num, b: Num) -> (Num, Num) {
    match (a, b) {
        (Num::I(x), Num::F(y)) => (Num::F(x as f64), Num::F(y)),
        (Num::F(x), Num::I(y)) => (Num::F(x), Num::F(y as f64)),
        p => p,
    }
}

fn as_f64(n: Num) -> f64 {
    match n {
        Num::I(i) => i as f64,
        Num::F(f) => f,
    }
}

pub fn no_method(rt: &mut Runtime, fname: &str, args: &[Value]) -> JlError {
    let f = rt
        .world
        .lookup(rt.world.base, Sym::new(fname))
        .cloned()
        .unwrap_or(Value::Nothing);
    rt.method_error(f, args.to_vec())
}

fn nums2(rt: &mut Runtime, fname: &str, args: &[Value]) -> JlResult<(Num, Num)> {
    match (num(&args[0]), num(&args[1])) {
        (Some(a), Some(b)) => Ok(promote(a, b)),
        _ => Err(no_method(rt, fname, args)),
    }
}

fn int_arg(rt: &mut Runtime, fname: &str, args: &[Value], i: usize) -> JlResult<i64> {
    match &args[i] {
        Value::Int(x) => Ok(*x),
        Value::Bool(b) => Ok(*b as i64),
        // Any other integer whose value an `Int64` holds (`v[Int32(2)]`).
        Value::Bits(_) | Value::Wide(_) | Value::BigInt(_) => match args[i].num_value() {
            Some(NumVal::Int(x)) if i64::try_from(x).is_ok() => Ok(x as i64),
            _ => Err(no_method(rt, fname, args)),
        },
        _ => Err(no_method(rt, fname, args)),
    }
}

fn str_arg(rt: &mut Runtime, fname: &str, args: &[Value], i: usize) -> JlResult<Rc<str>> {
    match &args[i] {
        Value::Str(s) => Ok(s.clone()),
        v => substring_text(rt, v).ok_or_else(|| no_method(rt, fname, args)),
    }
}

/// A `Vector{SubString{String}}` of `parts`, slices of `parent`.
pub(crate) fn substrings(rt: &mut Runtime, parent: &Rc<str>, parts: &[&str]) -> JlResult<Value> {
    let Some(Value::Type(sub)) = rt
        .world
        .lookup(rt.world.base, Sym::new("SubString"))
        .cloned()
    else {
        return Err(rt.error_exception("SubString is not defined"));
    };
    let string = rt.world.types.b.string;
    let ty = match rt.world.types.type_name(sub) {
        Some(tn) => rt.world.types.apply(tn, vec![string]),
        None => return Err(rt.error_exception("SubString is not a type")),
    };
    let base = parent.as_ptr() as usize;
    let items = parts
        .iter()
        .map(|p| {
            let off = p.as_ptr() as usize - base;
            Value::new_struct(
                ty,
                vec![
                    Value::Str(parent.clone()),
                    Value::Int(off as i64),
                    Value::Int(p.len() as i64),
                ],
            )
        })
        .collect();
    Ok(Value::vector(ty, items))
}

/// The text of a `String` or a `SubString{String}`.
pub fn str_value(rt: &Runtime, v: &Value) -> Option<Rc<str>> {
    match v {
        Value::Str(s) => Some(s.clone()),
        v => substring_text(rt, v),
    }
}

/// The text of a `SubString{String}` (Base's struct of parent, offset and code unit count), so
/// that the string builtins take one as they take a `String`.
pub fn substring_text(rt: &Runtime, v: &Value) -> Option<Rc<str>> {
    let Value::Struct(obj) = v else {
        return None;
    };
    let Some(Value::Type(sub)) = rt.world.lookup(rt.world.base, Sym::new("SubString")) else {
        return None;
    };
    let types = &rt.world.types;
    if types.type_name(obj.ty)? != types.type_name(*sub)? {
        return None;
    }
    let fields = obj.fields.borrow();
    let (Some(Value::Str(s)), Some(Value::Int(off)), Some(Value::Int(n))) =
        (fields.first(), fields.get(1), fields.get(2))
    else {
        return None;
    };
    let start = usize::try_from(*off).ok()?;
    let end = start.checked_add(usize::try_from(*n).ok()?)?;
    s.get(start..end).map(Rc::from)
}

fn divide_error(rt: &mut Runtime) -> JlError {
    let t = rt.world.exc.divide;
    rt.throw_struct(t, vec![])
}

fn arith(rt: &mut Runtime, op: &str, args: &mut Vec<Value>) -> JlResult<Value> {
    let (a, b) = nums2(rt, op, args)?;
    Ok(match (a, b) {
        (Num::I(x), Num::I(y)) => match op {
            "+" => Value::Int(x.wrapping_add(y)),
            "-" => Value::Int(x.wrapping_sub(y)),
            "*" => Value::Int(x.wrapping_mul(y)),
            "/" => Value::Float(x as f64 / y as f64),
            "÷" | "div" => {
                if y == 0 || (x == i64::MIN && y == -1) {
                    return Err(divide_error(rt));
                }
                Value::Int(x / y)
            }
            "%" | "rem" => {
                if y == 0 {
                    return Err(divide_error(rt));
                }
                Value::Int(x.wrapping_rem(y))
            }
            "mod" => {
                if y == 0 {
                    return Err(divide_error(rt));
                }
                // The result has the sign of `y`; `r + y` cannot overflow when signs differ.
                let r = x.wrapping_rem(y);
                Value::Int(if r != 0 && (r < 0) != (y < 0) {
                    r + y
                } else {
                    r
                })
            }
            "^" => {
                if y < 0 {
                    let t = rt.world.exc.domain;
                    return Err(rt.throw_struct(
                        t,
                        vec![
                            Value::Int(y),
                            Value::str("Cannot raise an integer x to a negative power -n."),
                        ],
                    ));
                }
                // Square-and-multiply with wrapping, like Julia's `power_by_squaring`.
                let (mut base, mut e, mut acc) = (x, y as u64, 1i64);
                while e > 0 {
                    if e & 1 == 1 {
                        acc = acc.wrapping_mul(base);
                    }
                    base = base.wrapping_mul(base);
                    e >>= 1;
                }
                Value::Int(acc)
            }
            _ => unreachable!("unknown operator {op}"),
        },
        (a, b) => {
            let (x, y) = (as_f64(a), as_f64(b));
            Value::Float(match op {
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                "/" => x / y,
                // Julia's float `div` is exact: the quotient of `x - rem(x, y)`.
                "÷" | "div" => ((x - x % y) / y).round(),
                "%" | "rem" => x % y,
                "mod" => {
                    let r = x % y;
                    if r != 0.0 && (r < 0.0) != (y < 0.0) {
                        r + y
                    } else {
                        r
                    }
                }
                "^" => {
                    let r = x.powf(y);
                    if r.is_nan() && !x.is_nan() && !y.is_nan() {
                        let t = rt.world.exc.domain;
                        let msg = "Exponentiation yielding a complex result requires a complex argument.\nReplace x^y with (x+0im)^y, Complex(x)^y, or similar.";
                        return Err(rt.throw_struct(t, vec![Value::Float(x), Value::str(msg)]));
                    }
                    r
                }
                _ => unreachable!("unknown operator {op}"),
            })
        }
    })
}

/// `fld(x, y)` (`up` false) or `cld(x, y)` (`up` true) of two `Int64`s: the quotient rounded
/// down or up, a `DivideError` where `div` throws one.
fn int_div_round(rt: &mut Runtime, args: &mut Vec<Value>, up: bool) -> JlResult<Value> {
    let (Value::Int(x), Value::Int(y)) = (&args[0], &args[1]) else {
        return Err(no_method(rt, if up { "cld" } else { "fld" }, args));
    };
    let (x, y) = (*x, *y);
    if y == 0 || (x == i64::MIN && y == -1) {
        return Err(divide_error(rt));
    }
    let d = x / y;
    let inexact = x % y != 0;
    let same_sign = (x < 0) == (y < 0);
    Ok(Value::Int(match (inexact, same_sign, up) {
        (true, false, false) => d - 1,
        (true, true, true) => d + 1,
        _ => d,
    }))
}

fn compare(rt: &mut Runtime, op: &str, args: &mut Vec<Value>) -> JlResult<Value> {
    let ord = match (&args[0], &args[1]) {
        (Value::Str(a), Value::Str(b)) => a.cmp(b),
        (Value::Char(a), Value::Char(b)) => a.cmp(b),
        (Value::Tuple(_), Value::Tuple(_)) => {
            if op == "==" {
                let (a, b) = (&args[0], &args[1]);
                return equality(rt, || values_equal_at(a, b, 0));
            }
            return Err(no_method(rt, op, args));
        }
        _ => {
            let (a, b) = match (args[0].num_value(), args[1].num_value()) {
                (Some(a), Some(b)) => (a, b),
                _ => return Err(no_method(rt, op, args)),
            };
            let r = num_cmp(&a, &b);
            match r {
                Some(o) => o,
                None => return Ok(Value::Bool(op == "!=")),
            }
        }
    };
    use std::cmp::Ordering::*;
    Ok(Value::Bool(match op {
        "<" => ord == Less,
        "<=" => ord != Greater,
        ">" => ord == Greater,
        ">=" => ord != Less,
        "==" => ord == Equal,
        "!=" => ord != Equal,
        _ => unreachable!("unknown comparison {op}"),
    }))
}

/// Deepest nesting `==` and `===` look into, well within the runtime's native stack; deeper
/// structures are a `StackOverflowError`, as Julia's recursion would be.
const MAX_EQUALITY_DEPTH: u32 = 10_000;

thread_local! {
    /// Set when a comparison went deeper than `MAX_EQUALITY_DEPTH` (its result is then void).
    static TOO_DEEP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a comparison; `None` when it went deeper than `MAX_EQUALITY_DEPTH`.
fn bounded(f: impl FnOnce() -> bool) -> Option<bool> {
    TOO_DEEP.with(|t| t.set(false));
    let r = f();
    if TOO_DEEP.with(std::cell::Cell::get) {
        None
    } else {
        Some(r)
    }
}

/// A comparison's result, or the `StackOverflowError` of one nested too deeply.
fn equality(rt: &mut Runtime, f: impl FnOnce() -> bool) -> JlResult<Value> {
    match bounded(f) {
        Some(b) => Ok(Value::Bool(b)),
        None => Err(rt.stack_overflow()),
    }
}

/// Exact comparison of two numbers of any kind (no rounding through `f64`); `None` for NaN.
pub fn num_cmp(a: &NumVal, b: &NumVal) -> Option<std::cmp::Ordering> {
    use num_bigint::BigInt;
    use std::cmp::Ordering::*;
    // 2^127: every `Int` fits strictly inside ±2^127.
    const LIMIT: f64 = 1.7014118346046923e38;
    match (a, b) {
        (NumVal::Int(x), NumVal::Int(y)) => Some(x.cmp(y)),
        (NumVal::Float(x), NumVal::Float(y)) => x.partial_cmp(y),
        (NumVal::Big(x), NumVal::Big(y)) => Some(x.cmp(y)),
        (NumVal::Big(x), NumVal::Int(y)) => Some(x.as_ref().cmp(&BigInt::from(*y))),
        (NumVal::Int(_), NumVal::Big(_)) => num_cmp(b, a).map(|o| o.reverse()),
        (NumVal::Big(x), NumVal::Float(f)) => {
            if f.is_nan() {
                None
            } else if f.is_infinite() {
                Some(if *f > 0.0 { Less } else { Greater })
            } else {
                // A finite float's floor is an integer, exactly.
                let fl = f.floor();
                let n = BigInt::from(fl as i128);
                let n = if fl.abs() < LIMIT {
                    n
                } else {
                    num_traits::FromPrimitive::from_f64(fl).unwrap_or(n)
                };
                match x.as_ref().cmp(&n) {
                    Equal if *f > fl => Some(Less),
                    o => Some(o),
                }
            }
        }
        (NumVal::Float(_), NumVal::Big(_)) => num_cmp(b, a).map(|o| o.reverse()),
        (NumVal::Int(i), NumVal::Float(f)) => {
            let (i, f) = (*i, *f);
            if f.is_nan() {
                None
            } else if f >= LIMIT {
                Some(Less)
            } else if f < -LIMIT {
                Some(Greater)
            } else {
                let fl = f.floor();
                match i.cmp(&(fl as i128)) {
                    Equal if f > fl => Some(Less),
                    o => Some(o),
                }
            }
        }
        (NumVal::Float(_), NumVal::Int(_)) => num_cmp(b, a).map(|o| o.reverse()),
    }
}

/// The elements of a vector or range, for `==` between them.
fn elements(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Array(x) => Some(x.items.borrow().clone()),
        Value::Range(a, b) if b.saturating_sub(*a) < 1 << 20 => {
            Some((*a..=*b).map(Value::Int).collect())
        }
        Value::StepRange(a, s, b) if step_len(*a, *s, *b) < 1 << 20 => {
            Some(step_items(*a, *s, *b).map(Value::Int).collect())
        }
        _ => None,
    }
}

/// Julia's `==` for the builtin value kinds (`===` for the rest); `None` when the values are
/// nested too deeply to compare.
pub fn values_equal(a: &Value, b: &Value) -> Option<bool> {
    bounded(|| values_equal_at(a, b, 0))
}

fn values_equal_at(a: &Value, b: &Value, depth: u32) -> bool {
    if depth > MAX_EQUALITY_DEPTH {
        TOO_DEEP.with(|t| t.set(true));
        return false;
    }
    let d = depth + 1;
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Char(x), Value::Char(y)) => x == y,
        (Value::Symbol(x), Value::Symbol(y)) => x == y,
        (Value::Nothing, Value::Nothing) => true,
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(p, q)| values_equal_at(p, q, d))
        }
        (Value::Range(a1, b1), Value::Range(a2, b2)) => {
            (a1 == a2 && b1 == b2) || (b1 < a1 && b2 < a2)
        }
        (
            Value::Array(_) | Value::Range(..) | Value::StepRange(..),
            Value::Array(_) | Value::Range(..) | Value::StepRange(..),
        ) if matches!((a, b), (Value::Array(x), Value::Array(y)) if x.size() != y.size())
            || matches!((a, b), (Value::Array(x), Value::Range(..) | Value::StepRange(..))
                | (Value::Range(..) | Value::StepRange(..), Value::Array(x)) if x.ndims() != 1) =>
        {
            // `[1 2] != [1, 2]`: arrays of different shapes are never equal.
            false
        }
        (
            Value::Array(_) | Value::Range(..) | Value::StepRange(..),
            Value::Array(_) | Value::Range(..) | Value::StepRange(..),
        ) => match (elements(a), elements(b)) {
            (Some(x), Some(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(y.iter())
                        .all(|(p, q)| values_equal_at(p, q, d))
            }
            _ => egal_at(a, b, d),
        },
        (Value::Dict(x), Value::Dict(y)) => {
            let (x, y) = (x.map.borrow(), y.map.borrow());
            x.len() == y.len()
                && x.entries_with_hash().all(|(h, k, v)| {
                    k.dict_key()
                        .and_then(|key| y.get(&key, h))
                        .is_some_and(|(_, w)| values_equal_at(v, w, d))
                })
        }
        (Value::Pair(x), Value::Pair(y)) => {
            values_equal_at(&x.0, &y.0, d) && values_equal_at(&x.1, &y.1, d)
        }
        _ => match (a.num_value(), b.num_value()) {
            (Some(x), Some(y)) => num_cmp(&x, &y) == Some(std::cmp::Ordering::Equal),
            _ => egal_at(a, b, d),
        },
    }
}

/// `===`: identical values (the same object for mutable ones, equal contents for immutable
/// ones); `None` when they are nested too deeply to compare.
pub fn egal(a: &Value, b: &Value) -> Option<bool> {
    bounded(|| egal_at(a, b, 0))
}

fn egal_at(a: &Value, b: &Value, depth: u32) -> bool {
    if depth > MAX_EQUALITY_DEPTH {
        TOO_DEEP.with(|t| t.set(true));
        return false;
    }
    let d = depth + 1;
    match (a, b) {
        (Value::Nothing, Value::Nothing) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Bits(x), Value::Bits(y)) => x == y,
        (Value::Wide(x), Value::Wide(y)) => x == y,
        // A `BigInt` is a mutable object in Julia: `===` is identity.
        (Value::BigInt(x), Value::BigInt(y)) => Rc::ptr_eq(x, y),
        (Value::Char(x), Value::Char(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Symbol(x), Value::Symbol(y)) => x == y,
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| egal_at(p, q, d))
        }
        (Value::Array(x), Value::Array(y)) => Rc::ptr_eq(x, y),
        (Value::Range(a1, b1), Value::Range(a2, b2)) => a1 == a2 && b1 == b2,
        (Value::StepRange(a1, s1, b1), Value::StepRange(a2, s2, b2)) => {
            a1 == a2 && s1 == s2 && b1 == b2
        }
        (Value::Struct(x), Value::Struct(y)) => {
            Rc::ptr_eq(x, y)
                || (!x.mutable && x.ty == y.ty && {
                    let (fx, fy) = (x.fields.borrow(), y.fields.borrow());
                    fx.iter().zip(fy.iter()).all(|(p, q)| egal_at(p, q, d))
                })
        }
        (Value::Function(x), Value::Function(y)) => x == y,
        (Value::Closure(x), Value::Closure(y)) => Rc::ptr_eq(x, y),
        (Value::Type(x), Value::Type(y)) => x == y,
        (Value::Module(x), Value::Module(y)) => x == y,
        (Value::Dict(x), Value::Dict(y)) => Rc::ptr_eq(x, y),
        (Value::Pair(x), Value::Pair(y)) => egal_at(&x.0, &y.0, d) && egal_at(&x.1, &y.1, d),
        (Value::IOBuffer(x), Value::IOBuffer(y)) => Rc::ptr_eq(x, y),
        (Value::Regex(x), Value::Regex(y)) => Rc::ptr_eq(x, y),
        (Value::Stdout, Value::Stdout) | (Value::Stderr, Value::Stderr) => true,
        _ => false,
    }
}

/// Collects the elements of a tuple, vector, range or string (for splatting).
pub fn collect_iterable(rt: &mut Runtime, v: &Value) -> JlResult<Vec<Value>> {
    Ok(match v {
        Value::Tuple(items) => items.to_vec(),
        Value::Array(vec) => vec.items.borrow().clone(),
        Value::Range(a, b) => {
            let n = alloc_len(
                rt,
                b.saturating_sub(*a).saturating_add(1),
                size_of::<Value>(),
            )?;
            (0..n as i64).map(|i| Value::Int(a + i)).collect()
        }
        Value::StepRange(a, s, b) => {
            alloc_len(rt, step_len(*a, *s, *b), size_of::<Value>())?;
            step_items(*a, *s, *b).map(Value::Int).collect()
        }
        Value::Str(s) => s.chars().map(Value::Char).collect(),
        Value::Pair(p) => vec![p.0.clone(), p.1.clone()],
        Value::Dict(d) => d
            .map
            .borrow()
            .entries()
            .map(|(k, v)| Value::pair(k.clone(), v.clone()))
            .collect(),
        _ => {
            // Any other iterable: run the `iterate` protocol.
            let iterate = rt
                .world
                .lookup(rt.world.base, Sym::new("iterate"))
                .cloned()
                .expect("Base.iterate");
            let mut out = Vec::new();
            let mut next = rt.call(&iterate, vec![v.clone()])?;
            loop {
                match next {
                    Value::Nothing => break,
                    Value::Tuple(t) if t.len() == 2 => {
                        out.push(t[0].clone());
                        next = rt.call(&iterate, vec![v.clone(), t[1].clone()])?;
                    }
                    _ => {
                        return Err(
                            rt.error_exception("`iterate` must return `nothing` or a 2-tuple")
                        );
                    }
                }
            }
            out
        }
    })
}

/// Number of elements of `a:s:b`.
fn step_len(a: i64, s: i64, b: i64) -> i64 {
    if s == 0 || (s > 0 && b < a) || (s < 0 && b > a) {
        0
    } else {
        ((b as i128 - a as i128) / s as i128 + 1).min(i64::MAX as i128) as i64
    }
}

fn step_items(a: i64, s: i64, b: i64) -> impl Iterator<Item = i64> {
    (0..step_len(a, s, b)).map(move |i| a + i * s)
}

/// The narrowest common element type of `items` (Julia's vector literal typing).
pub fn common_eltype(rt: &mut Runtime, items: &[Value]) -> TyId {
    if items.is_empty() {
        return rt.world.types.b.any;
    }
    let ts: Vec<TyId> = items.iter().map(|v| rt.world.typeof_(v)).collect();
    let first = ts[0];
    if ts.iter().all(|&t| t == first) {
        return first;
    }
    let b = rt.world.types.b;
    // Functions of different types (each function and each closure has its own) join to
    // `Function`, as Julia's `typejoin` makes `[sin, x -> x]` a `Vector{Function}`.
    if items
        .iter()
        .all(|v| matches!(v, Value::Function(_) | Value::Closure(_)))
    {
        return b.function;
    }
    if ts
        .iter()
        .all(|&t| t == b.int64 || t == b.float64 || t == b.bool_)
    {
        return if ts.contains(&b.float64) {
            b.float64
        } else {
            b.int64
        };
    }
    // `[1, nothing]` is a `Vector{Union{Nothing, Int64}}` and `[1.5, missing]` a
    // `Vector{Union{Missing, Float64}}`, as `promote_rule`s for `Nothing` and `Missing` make
    // them.
    let missing = match rt.world.lookup(rt.world.base, Sym::new("Missing")) {
        Some(Value::Type(t)) => Some(*t),
        _ => None,
    };
    let special = |t: TyId| t == b.nothing || Some(t) == missing;
    let others: Vec<Value> = items
        .iter()
        .zip(&ts)
        .filter(|(_, t)| !special(**t))
        .map(|(v, _)| v.clone())
        .collect();
    if others.len() < ts.len() {
        let mut members: Vec<TyId> = ts.iter().copied().filter(|&t| special(t)).collect();
        if !others.is_empty() {
            let rest = common_eltype(rt, &others);
            if rest == b.any {
                return b.any;
            }
            members.push(rest);
        }
        return rt.world.types.union(&members);
    }
    b.any
}

pub fn make_vector(rt: &mut Runtime, elty: Option<TyId>, items: Vec<Value>) -> JlResult<Value> {
    let elty = match elty {
        Some(t) => t,
        None => common_eltype(rt, &items),
    };
    let mut conv = Vec::with_capacity(items.len());
    for v in items {
        conv.push(convert(rt, elty, v)?);
    }
    Ok(Value::vector(elty, conv))
}

/// `convert(T, x)` for the builtin conversions.
pub fn convert(rt: &mut Runtime, t: TyId, v: Value) -> JlResult<Value> {
    if rt.world.isa(&v, t) {
        return Ok(v);
    }
    let b = rt.world.types.b;
    let r = match (&v, t) {
        (Value::Int(i), t) if t == b.float64 => Some(Value::Float(*i as f64)),
        (Value::Bool(x), t) if t == b.float64 => Some(Value::Float(*x as i64 as f64)),
        (Value::Bool(x), t) if t == b.int64 => Some(Value::Int(*x as i64)),
        (Value::Float(f), t) if t == b.int64 => {
            if f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(f)
            {
                Some(Value::Int(*f as i64))
            } else {
                let it = rt.world.exc.inexact;
                return Err(rt.throw_struct(
                    it,
                    vec![Value::Symbol(Sym::new("Int64")), Value::Type(t), v.clone()],
                ));
            }
        }
        (Value::Int(i), t) if t == b.bool_ && (*i == 0 || *i == 1) => Some(Value::Bool(*i == 1)),
        (Value::Char(c), t) if t == b.int64 => Some(Value::Int(*c as i64)),
        // `convert(Tuple{Int64, Int64}, (1, 2.0))`: element by element.
        (Value::Tuple(items), t) if matches!(rt.world.types.kind(t), TyKind::Tuple(ts) if ts.len() == items.len()) =>
        {
            let TyKind::Tuple(ts) = rt.world.types.kind(t).clone() else {
                unreachable!("matched above")
            };
            let items = items.to_vec();
            let mut out = Vec::with_capacity(items.len());
            for (x, et) in items.into_iter().zip(ts) {
                out.push(convert(rt, et, x)?);
            }
            Some(Value::tuple(out))
        }
        _ => None,
    };
    match r {
        Some(x) => Ok(x),
        None => {
            let convert_f = rt
                .world
                .lookup(rt.world.base, Sym::new("convert"))
                .cloned()
                .unwrap_or(Value::Nothing);
            // Conversions Base defines in Julia (`convert(UInt8, 1)`, user `convert` methods).
            if let Value::Function(f) = convert_f {
                let argtypes = [rt.world.arg_type(&Value::Type(t)), rt.world.typeof_(&v)];
                // Only a Julia method: this builtin again would recurse without end.
                if let Ok(mi) = rt.world.dispatch(f, &argtypes) {
                    let m = rt.world.mis[mi.index()].method;
                    if matches!(rt.world.methods[m.index()].body, MethodBody::Code(_)) {
                        return rt.call(&convert_f, vec![Value::Type(t), v]);
                    }
                }
            }
            Err(rt.method_error(convert_f, vec![Value::Type(t), v]))
        }
    }
}

/// Calling a type: a struct's default constructor or a builtin conversion.
pub fn construct(rt: &mut Runtime, t: TyId, args: &mut Vec<Value>) -> JlResult<Value> {
    let b = rt.world.types.b;
    let Some(tn) = rt.world.types.type_name(t) else {
        return Err(rt.method_error(Value::Type(t), args.clone()));
    };
    let name = &rt.world.types.names[tn.index()];
    match name.kind {
        TypeNameKind::Struct { mutable } => {
            if args.len() != name.fields.len() {
                return Err(rt.method_error(Value::Type(t), args.clone()));
            }
            let nparams = name.params.len();
            let ftys: Vec<TyId> = name.fields.iter().map(|&(_, fty)| fty).collect();
            // Parameters: given (`P{Int}(…)`) or inferred from fields declared as a bare `T`.
            let mut params: Vec<TyId> = rt.world.types.params(t).to_vec();
            if params.len() < nparams {
                let mut inferred = vec![None; nparams];
                // Every field declared as a bare `T` must agree on `T`, within its bound.
                for (i, fty) in ftys.iter().enumerate() {
                    if let TyKind::Var { index, bound, .. } = *rt.world.types.kind(*fty) {
                        let at = rt.world.typeof_(&args[i]);
                        rt.world.types.ensure_supertypes(at);
                        let slot = &mut inferred[index as usize];
                        if slot.is_some_and(|t| t != at) || !rt.world.types.issub(at, bound) {
                            return Err(rt.method_error(Value::Type(t), args.clone()));
                        }
                        *slot = Some(at);
                    }
                }
                if inferred.iter().any(|x| x.is_none()) {
                    return Err(rt.method_error(Value::Type(t), args.clone()));
                }
                params = inferred.into_iter().map(|x| x.expect("checked")).collect();
            }
            let ty = rt.world.types.apply(tn, params.clone());
            let mut fields = Vec::with_capacity(args.len());
            for (i, &fty) in ftys.iter().enumerate() {
                // A declared type without parameters is its own substitution.
                let want = if rt.world.types.has_var(fty) {
                    rt.world.types.subst(fty, &params)
                } else {
                    fty
                };
                let v = std::mem::replace(&mut args[i], Value::Nothing);
                match convert(rt, want, v.clone()) {
                    Ok(x) => fields.push(x),
                    Err(_) => return Err(rt.type_error(&"new".to_string(), want, &v)),
                }
            }
            Ok(if mutable {
                Value::new_mutable_struct(ty, fields)
            } else {
                Value::new_struct(ty, fields)
            })
        }
        _ => {
            let a0 = args.first().cloned();
            let r = match (t, args.len()) {
                (t, 1) if t == b.float64 || t == b.int64 || t == b.bool_ => {
                    convert(rt, t, a0.expect("one argument")).map(Some)?
                }
                (t, _) if t == b.string => {
                    let mut s = String::new();
                    for a in args.iter() {
                        match a {
                            // `String(bytes)` (UInt8s, or Ints that are bytes) and
                            // `String(chars)`.
                            Value::Array(v) => {
                                let mut bytes: Vec<u8> = Vec::new();
                                for x in v.items.borrow().iter() {
                                    match x {
                                        Value::Char(c) => {
                                            let mut buf = [0u8; 4];
                                            bytes.extend_from_slice(
                                                c.encode_utf8(&mut buf).as_bytes(),
                                            );
                                        }
                                        Value::Bits(bx) if bx.prim.bits == 8 => {
                                            bytes.push(bx.bits as u8)
                                        }
                                        Value::Int(i) if (0..=255).contains(i) => {
                                            bytes.push(*i as u8)
                                        }
                                        _ => {
                                            let msg = "String(v): v must hold bytes (UInt8) or characters";
                                            return Err(rt.argument_error(msg));
                                        }
                                    }
                                }
                                s.push_str(&String::from_utf8_lossy(&bytes));
                            }
                            other => show::print_to(rt, other, &mut s)?,
                        }
                    }
                    Some(Value::str(&s))
                }
                (t, 1) if t == b.char_ => match a0 {
                    Some(Value::Int(i)) => char::from_u32(i as u32).map(Value::Char),
                    Some(Value::Char(c)) => Some(Value::Char(c)),
                    _ => None,
                },
                (t, 1) if t == b.symbol => match a0 {
                    Some(Value::Str(s)) => Some(Value::Symbol(Sym::new(&s))),
                    _ => None,
                },
                _ => None,
            };
            if let Some(v) = r {
                return Ok(v);
            }
            if tn == b.tn_array {
                return super::arrays::construct(rt, t, args);
            }
            if tn == b.tn_dict {
                let ps = rt.world.types.params(t).to_vec();
                let (k, v) = if ps.len() == 2 {
                    (ps[0], ps[1])
                } else {
                    (b.any, b.any)
                };
                let d = Value::dict(k, v, Default::default());
                let pairs = if args.len() == 1 && !matches!(args[0], Value::Pair(_)) {
                    collect_iterable(rt, &args[0])?
                } else {
                    args.clone()
                };
                let infer = ps.len() != 2;
                let mut kts = Vec::new();
                let mut vts = Vec::new();
                for p in &pairs {
                    // A two-element tuple is a pair too (`Dict([("a", 1)])`).
                    let (k, v) = match p {
                        Value::Pair(p) => (p.0.clone(), p.1.clone()),
                        Value::Tuple(t) if t.len() == 2 => (t[0].clone(), t[1].clone()),
                        _ => {
                            return Err(
                                rt.argument_error("Dict(kv): kv needs to be an iterator of pairs")
                            );
                        }
                    };
                    kts.push(k);
                    vts.push(v);
                }
                let d = if infer && !pairs.is_empty() {
                    let (k, v) = (common_eltype(rt, &kts), common_eltype(rt, &vts));
                    Value::dict(k, v, Default::default())
                } else {
                    d
                };
                let Value::Dict(obj) = &d else {
                    unreachable!("Value::dict makes a Dict")
                };
                // `Dict{K,V}(d::Dict{K,V})` copies the table; `Dict(ps::Pair...)` and
                // `Dict(kv)` of an iterator with a length first `sizehint!` the table.
                if let [Value::Dict(src)] = &args[..]
                    && src.keyty == obj.keyty
                    && src.valty == obj.valty
                {
                    let table = src.map.borrow().copy();
                    return Ok(Value::dict(obj.keyty, obj.valty, table));
                }
                let sized = args.len() != 1
                    || matches!(
                        args[0],
                        Value::Pair(_)
                            | Value::Array(_)
                            | Value::Tuple(_)
                            | Value::Range(..)
                            | Value::StepRange(..)
                            | Value::Dict(_)
                    );
                if sized {
                    let n = kts.len().min(max_values(rt, obj.keyty));
                    obj.map.borrow_mut().sizehint(n, true);
                }
                for (k, v) in kts.into_iter().zip(vts) {
                    dict_set(rt, &d, k, v)?;
                }
                return Ok(d);
            }
            Err(rt.method_error(Value::Type(t), args.clone()))
        }
    }
}

/// `x << n` for any `n` (negative shifts right, arithmetic), as Julia defines it.
fn shift(x: i64, n: i64) -> i64 {
    if n >= 64 {
        0
    } else if n >= 0 {
        x.wrapping_shl(n as u32)
    } else if n > -64 {
        x >> (-n)
    } else if x < 0 {
        -1
    } else {
        0
    }
}

/// `zero(x)` / `one(x)` (also of a type): `n` in the number type of `x`.
fn unit_value(rt: &mut Runtime, name: &str, a: &[Value], n: i64) -> JlResult<Value> {
    let t = match &a[0] {
        Value::Type(t) => *t,
        v => rt.world.typeof_(v),
    };
    let b = rt.world.types.b;
    if t == b.float64 {
        Ok(Value::Float(n as f64))
    } else if t == b.int64 {
        Ok(Value::Int(n))
    } else if t == b.bool_ {
        Ok(Value::Bool(n != 0))
    } else {
        Err(no_method(rt, name, a))
    }
}

/// Largest single allocation a builtin makes on request (elements times their size), so that
/// `zeros(10^12)` is an `OutOfMemoryError` rather than an abort of the whole runtime.
const MAX_ALLOCATION: u128 = 1 << 30;

/// Checks that `n` items of `size` bytes may be allocated: within [`MAX_ALLOCATION`], and
/// available now (`crate::memory::can_allocate`); otherwise `OutOfMemoryError`.
pub fn alloc_len(rt: &mut Runtime, n: i64, size: usize) -> JlResult<usize> {
    let n = n.max(0);
    let bytes = n as u128 * size.max(1) as u128;
    if bytes > MAX_ALLOCATION || !super::collecting_until(|| memory::can_allocate(bytes as usize)) {
        return Err(rt.out_of_memory());
    }
    Ok(n as usize)
}

/// Room in `items` for `additional` more, or `OutOfMemoryError`: how every vector a program
/// grows (`push!`, `append!`, `resize!`, …) grows, so that running out is an exception.
pub fn reserve(rt: &mut Runtime, items: &mut Vec<Value>, additional: usize) -> JlResult<()> {
    if super::collecting_until(|| memory::try_reserve(items, additional)) {
        Ok(())
    } else {
        Err(rt.out_of_memory())
    }
}

/// `*` of strings and characters.
fn concat_strings(rt: &mut Runtime, a: &mut Vec<Value>) -> JlResult<Value> {
    let total: usize = a
        .iter()
        .map(|x| if let Value::Str(s) = x { s.len() } else { 4 })
        .sum();
    // The text is built, then copied into the value: room for both.
    alloc_len(rt, total.saturating_mul(2) as i64, 1)?;
    let mut out = String::with_capacity(total);
    for x in a.iter() {
        match x {
            Value::Str(s) => out.push_str(s),
            Value::Char(c) => out.push(*c),
            v => match substring_text(rt, v) {
                Some(s) => out.push_str(&s),
                None => return Err(no_method(rt, "*", a)),
            },
        }
    }
    Ok(Value::str(&out))
}

pub fn default_value(rt: &Runtime, t: TyId) -> Value {
    let b = rt.world.types.b;
    if t == b.int64 {
        Value::Int(0)
    } else if t == b.float64 {
        Value::Float(0.0)
    } else if t == b.bool_ {
        Value::Bool(false)
    } else {
        Value::Nothing
    }
}

/// A named tuple with these field names and values (its type from the values' types).
pub fn new_namedtuple(rt: &mut Runtime, names: Vec<Sym>, values: Vec<Value>) -> Value {
    let types = values.iter().map(|v| rt.world.typeof_(v)).collect();
    let ty = rt.world.types.named_tuple(names, types);
    Value::new_struct(ty, values)
}

/// The field names of a named tuple type.
pub fn namedtuple_names(rt: &Runtime, t: TyId) -> Option<Vec<Sym>> {
    match rt.world.types.kind(t) {
        TyKind::NamedTuple { names, .. } => Some(names.clone()),
        _ => None,
    }
}

/// The `(name, value)` fields of a named tuple; `None` for any other value.
pub fn namedtuple_fields(rt: &Runtime, v: &Value) -> Option<Vec<(Sym, Value)>> {
    let Value::Struct(s) = v else { return None };
    let names = namedtuple_names(rt, s.ty)?;
    Some(
        names
            .into_iter()
            .zip(s.fields.borrow().iter().cloned())
            .collect(),
    )
}

/// The field names of a struct type (a user struct, or a named tuple).
fn struct_field_names(rt: &Runtime, t: TyId) -> Vec<Sym> {
    if let Some(names) = namedtuple_names(rt, t) {
        return names;
    }
    match rt.world.types.type_name(t) {
        Some(tn) => rt.world.types.names[tn.index()]
            .fields
            .iter()
            .map(|(n, _)| *n)
            .collect(),
        None => Vec::new(),
    }
}

/// `Core.#namedtuple(names::Tuple{Vararg{Symbol}}, values...)`: what `(a = 1, b = 2)` lowers to.
fn namedtuple_builtin(rt: &mut Runtime, a: &mut Vec<Value>) -> JlResult<Value> {
    let values = a.split_off(1);
    let names = match &a[0] {
        Value::Tuple(items) if items.len() == values.len() => items
            .iter()
            .map(|n| match n {
                Value::Symbol(s) => Some(*s),
                _ => None,
            })
            .collect::<Option<Vec<Sym>>>(),
        _ => None,
    };
    let Some(names) = names else {
        let t = rt.world.typeof_(&a[0]);
        let msg = format!(
            "NamedTuple names must be a tuple of Symbols, one per value; got a {}",
            rt.world.type_string(t)
        );
        return Err(rt.error_exception(msg));
    };
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            let msg = format!("duplicate field name in NamedTuple: \"{n}\" is not unique");
            let t = rt.world.exc.argument;
            return Err(rt.throw_struct(t, vec![Value::str(&msg)]));
        }
    }
    Ok(new_namedtuple(rt, names, values))
}

pub fn getfield(rt: &mut Runtime, o: &Value, name: Sym) -> JlResult<Value> {
    match o {
        Value::Module(m) => {
            let m = *m;
            match rt.world.modules[m.index()].bindings.get(&name) {
                Some(b) if !matches!(b.value, Value::Undef) => Ok(b.value.clone()),
                // Names a module sees through `using` are reachable as its properties too
                // (`Main.println`), as Julia resolves them.
                _ => match rt.world.lookup(m, name) {
                    Some(v) => Ok(v.clone()),
                    _ => Err(rt.undef_var_error(name)),
                },
            }
        }
        Value::Struct(s) => {
            let idx = struct_field_names(rt, s.ty).iter().position(|n| *n == name);
            match idx {
                Some(i) => Ok(s.fields.borrow()[i].clone()),
                None => Err(no_field(rt, s.ty, name)),
            }
        }
        Value::Pair(p) => match &*name.as_str() {
            "first" => Ok(p.0.clone()),
            "second" => Ok(p.1.clone()),
            _ => {
                let t = rt.world.typeof_(o);
                Err(no_field(rt, t, name))
            }
        },
        // A closure's fields are its captured variables: `f.k` reads `k`'s box, which holds
        // what Julia's unboxed field would.
        Value::Closure(c) => {
            let i = c.code.capture_names.iter().position(|n| *n == name);
            match i.and_then(|i| c.captures.get(i)) {
                Some(Value::Box(b)) => match b.borrow().clone() {
                    Value::Undef => Err(rt.undef_var_error(name)),
                    v => Ok(v),
                },
                Some(v) => Ok(v.clone()),
                None => Err(no_field(rt, c.ty, name)),
            }
        }
        Value::Range(a, b) => match &*name.as_str() {
            "start" => Ok(Value::Int(*a)),
            "stop" => Ok(Value::Int(*b)),
            _ => {
                let t = rt.world.typeof_(o);
                Err(no_field(rt, t, name))
            }
        },
        _ => {
            let t = rt.world.typeof_(o);
            Err(no_field(rt, t, name))
        }
    }
}

fn no_field(rt: &mut Runtime, t: TyId, name: Sym) -> JlError {
    let ft = rt.world.exc.field;
    rt.throw_struct(ft, vec![Value::Type(t), Value::Symbol(name)])
}

pub fn setfield(rt: &mut Runtime, o: &Value, name: Sym, v: Value) -> JlResult<()> {
    match o {
        Value::Struct(s) => {
            let Some(tn) = rt.world.types.type_name(s.ty) else {
                return Err(rt.error_exception(
                    "setfield!: immutable struct of type NamedTuple cannot be changed".to_string(),
                ));
            };
            let n = rt.world.types.names[tn.index()].clone();
            if n.kind != (TypeNameKind::Struct { mutable: true }) {
                let msg = format!(
                    "setfield!: immutable struct of type {} cannot be changed",
                    rt.world.type_string(s.ty)
                );
                return Err(rt.error_exception(msg));
            }
            let Some(i) = n.fields.iter().position(|(f, _)| *f == name) else {
                return Err(no_field(rt, s.ty, name));
            };
            let params = rt.world.types.params(s.ty).to_vec();
            let want = rt.world.types.subst(n.fields[i].1, &params);
            let v = match convert(rt, want, v.clone()) {
                Ok(x) => x,
                Err(_) => return Err(rt.type_error("setfield!", want, &v)),
            };
            s.fields.borrow_mut()[i] = v;
            Ok(())
        }
        Value::Module(_) => {
            Err(rt.error_exception("cannot assign variables in other modules".to_string()))
        }
        _ => {
            let t = rt.world.typeof_(o);
            let msg = format!(
                "setfield!: immutable struct of type {} cannot be changed",
                rt.world.type_string(t)
            );
            Err(rt.error_exception(msg))
        }
    }
}

fn index_of(rt: &mut Runtime, a: &Value, i: &Value, len: usize) -> JlResult<usize> {
    match i {
        Value::Int(k) if *k >= 1 && (*k as usize) <= len => Ok(*k as usize - 1),
        Value::Int(_) => Err(rt.bounds_error(a.clone(), Value::tuple(vec![i.clone()]))),
        _ => Err(no_method(rt, "getindex", &[a.clone(), i.clone()])),
    }
}

/// `max_values(K)`: how many distinct keys a key type has room for (`sizehint!` asks for no
/// more slots than that).
fn max_values(rt: &Runtime, t: TyId) -> usize {
    let b = &rt.world.types.b;
    if t == b.bool_ {
        return 2;
    }
    if t == b.nothing {
        return 1;
    }
    match rt.world.types.prim(t) {
        Some(p) if p.bits <= 16 => 1 << p.bits,
        _ => usize::MAX,
    }
}

/// The `isequal` projection of `k` and its `hash`, for a `Dict` lookup.
pub fn dict_key(rt: &mut Runtime, k: &Value) -> JlResult<(crate::value::DictKey, u64)> {
    // A `SubString` hashes as its text (Julia: `hash` and `isequal` agree with `String`'s).
    let text = substring_text(rt, k).map(Value::Str);
    match text.as_ref().unwrap_or(k).dict_key() {
        Some(x) => Ok((x, super::hash::dict_hash(rt, k)?)),
        None => {
            let t = rt.world.typeof_(k);
            let msg = format!(
                "keys of type {} are not supported yet",
                rt.world.type_string(t)
            );
            Err(rt.argument_error(msg))
        }
    }
}

fn dict_set(rt: &mut Runtime, d: &Value, k: Value, v: Value) -> JlResult<()> {
    let Value::Dict(obj) = d else {
        unreachable!("dict_set on a non-dict")
    };
    let k = convert(rt, obj.keyty, k)?;
    let v = convert(rt, obj.valty, v)?;
    let (key, h) = dict_key(rt, &k)?;
    obj.map.borrow_mut().insert(key, h, k, v);
    Ok(())
}

/// Julia's `StringIndexError`: `i` is inside a character; the message names the valid indices
/// around it.
fn string_index_error(rt: &mut Runtime, s: &str, i: usize) -> JlError {
    let before = (1..i).rev().find(|&k| s.is_char_boundary(k - 1));
    let after = (i + 1..=s.len()).find(|&k| s.is_char_boundary(k - 1));
    let near: Vec<String> = [before, after]
        .into_iter()
        .flatten()
        .filter_map(|k| s[k - 1..].chars().next().map(|c| format!("[{k}]=>{c:?}")))
        .collect();
    let msg = format!(
        "StringIndexError: invalid index [{i}], valid nearby indices {}",
        near.join(", ")
    );
    rt.error_exception(msg)
}

fn char_index(s: &str, i: i64) -> Option<char> {
    if i < 1 {
        return None;
    }
    let i = i as usize - 1;
    if i < s.len() && s.is_char_boundary(i) {
        s[i..].chars().next()
    } else {
        None
    }
}

/// Integer indices of other types (`v[Int32(2)]`, `v[0x02]`) as the `Int`s the indexing
/// builtins take, as Julia converts them with `to_index`.
pub fn int_indices(args: &mut [Value]) {
    for a in args {
        if let Value::Bits(b) = a
            && let crate::value::NumVal::Int(i) = b.value()
            && let Ok(i) = i64::try_from(i)
            && b.prim.kind != crate::types::PrimKind::Float
        {
            *a = Value::Int(i);
        }
    }
}

fn getindex(rt: &mut Runtime, args: &mut Vec<Value>) -> JlResult<Value> {
    if args.len() != 2 {
        return Err(no_method(rt, "getindex", args));
    }
    int_indices(&mut args[1..]);
    let (a, i) = (args[0].clone(), args[1].clone());
    match (&a, &i) {
        (Value::Array(v), Value::Int(_)) => {
            let len = v.items.borrow().len();
            let k = index_of(rt, &a, &i, len)?;
            Ok(v.items.borrow()[k].clone())
        }
        // `A[:]`: every element, as a vector.
        (Value::Array(v), Value::Function(_)) if super::arrays::is_colon(rt, &i) => {
            Ok(Value::vector(v.elty, v.items.borrow().clone()))
        }
        (Value::Array(v), Value::Range(lo, hi)) => {
            let items = v.items.borrow();
            if *lo <= *hi && (*lo < 1 || *hi as usize > items.len()) {
                drop(items);
                return Err(rt.bounds_error(a.clone(), Value::tuple(vec![i.clone()])));
            }
            let out = if lo > hi {
                Vec::new()
            } else {
                items[*lo as usize - 1..*hi as usize].to_vec()
            };
            Ok(Value::vector(v.elty, out))
        }
        // `v[[1, 3]]`, `v[1:2:5]`: a vector of the selected elements.
        (Value::Array(v), Value::Array(_) | Value::StepRange(..)) => {
            let picks = collect_iterable(rt, &i)?;
            let len = v.items.borrow().len();
            let mut out = Vec::with_capacity(picks.len());
            for p in &picks {
                let k = index_of(rt, &a, p, len)?;
                out.push(v.items.borrow()[k].clone());
            }
            Ok(Value::vector(v.elty, out))
        }
        (Value::Tuple(t), Value::Int(_)) => {
            let k = index_of(rt, &a, &i, t.len())?;
            Ok(t[k].clone())
        }
        (Value::Range(lo, hi), Value::Int(k)) => {
            let len = if hi >= lo { hi - lo + 1 } else { 0 };
            if *k < 1 || *k > len {
                return Err(rt.bounds_error(a.clone(), Value::tuple(vec![i.clone()])));
            }
            Ok(Value::Int(lo + k - 1))
        }
        (Value::Str(s), Value::Int(k)) => match char_index(s, *k) {
            Some(c) => Ok(Value::Char(c)),
            None => {
                if *k >= 1 && (*k as usize) <= s.len() {
                    let s = s.clone();
                    Err(string_index_error(rt, &s, *k as usize))
                } else {
                    Err(rt.bounds_error(a.clone(), Value::Int(*k)))
                }
            }
        },
        (Value::Str(s), Value::Range(lo, hi)) => {
            if lo > hi {
                return Ok(Value::str(""));
            }
            let (l, h) = (*lo as usize, *hi as usize);
            if *lo < 1 || h > s.len() {
                return Err(rt.bounds_error(a.clone(), i.clone()));
            }
            if !s.is_char_boundary(l - 1) || !s.is_char_boundary(h - 1) {
                let bad = if s.is_char_boundary(l - 1) { h } else { l };
                return Err(string_index_error(rt, s, bad));
            }
            let end = s[h - 1..]
                .chars()
                .next()
                .map_or(h, |c| h - 1 + c.len_utf8());
            Ok(Value::str(&s[l - 1..end]))
        }
        (Value::Dict(d), _) => {
            let (key, h) = dict_key(rt, &i)?;
            let found = d.map.borrow().get(&key, h).map(|(_, v)| v.clone());
            match found {
                Some(v) => Ok(v),
                None => {
                    let t = rt.world.exc.key;
                    Err(rt.throw_struct(t, vec![i.clone()]))
                }
            }
        }
        (Value::Pair(p), Value::Int(k)) if *k == 1 || *k == 2 => {
            Ok(if *k == 1 { p.0.clone() } else { p.1.clone() })
        }
        _ => Err(no_method(rt, "getindex", args)),
    }
}

fn setindex(rt: &mut Runtime, args: &mut Vec<Value>) -> JlResult<Value> {
    if args.len() != 3 {
        return Err(no_method(rt, "setindex!", args));
    }
    int_indices(&mut args[2..]);
    let (a, v, i) = (args[0].clone(), args[1].clone(), args[2].clone());
    match &a {
        // `v[2:3] = [5, 6]`, `v[[1, 3]] = xs`: one value per selected index.
        Value::Array(vec)
            if matches!(i, Value::Range(..) | Value::StepRange(..) | Value::Array(_)) =>
        {
            let picks = collect_iterable(rt, &i)?;
            let vals = match &v {
                Value::Array(_) | Value::Tuple(_) | Value::Range(..) | Value::StepRange(..) => {
                    collect_iterable(rt, &v)?
                }
                _ => {
                    return Err(rt.argument_error(
                        "indexed assignment with a single value to possibly many locations is not supported; perhaps use broadcasting `.=` instead?",
                    ));
                }
            };
            if vals.len() != picks.len() {
                let msg = format!(
                    "tried to assign {} elements to {} destinations",
                    vals.len(),
                    picks.len()
                );
                return Err(rt.argument_error(msg));
            }
            let len = vec.items.borrow().len();
            for (p, x) in picks.iter().zip(vals) {
                let k = index_of(rt, &a, p, len)?;
                let x = convert(rt, vec.elty, x)?;
                vec.items.borrow_mut()[k] = x;
            }
            Ok(a.clone())
        }
        Value::Array(vec) => {
            let len = vec.items.borrow().len();
            let k = index_of(rt, &a, &i, len)?;
            let v = convert(rt, vec.elty, v)?;
            vec.items.borrow_mut()[k] = v;
            Ok(a.clone())
        }
        Value::Dict(_) => {
            dict_set(rt, &a, i, v)?;
            Ok(a.clone())
        }
        _ => Err(no_method(rt, "setindex!", args)),
    }
}

fn iterate(rt: &mut Runtime, args: &mut Vec<Value>) -> JlResult<Value> {
    let state = match args.get(1) {
        None => 0i64,
        Some(Value::Int(s)) => *s,
        Some(_) => return Err(no_method(rt, "iterate", args)),
    };
    let s = state as usize;
    let pair = |x: Value, next: i64| Value::tuple_of([x, Value::Int(next)]);
    Ok(match &args[0] {
        Value::Range(lo, hi) => {
            // The state is the last element returned; stop at `hi` without computing `hi + 1`.
            if args.len() == 1 {
                if lo > hi {
                    Value::Nothing
                } else {
                    pair(Value::Int(*lo), *lo)
                }
            } else if state >= *hi {
                Value::Nothing
            } else {
                pair(Value::Int(state + 1), state + 1)
            }
        }
        Value::StepRange(lo, st, hi) => {
            let n = step_len(*lo, *st, *hi) as usize;
            if s < n {
                pair(Value::Int(lo + st * s as i64), state + 1)
            } else {
                Value::Nothing
            }
        }
        Value::Array(v) => match v.items.borrow().get(s) {
            Some(x) => pair(x.clone(), state + 1),
            None => Value::Nothing,
        },
        Value::Tuple(t) => match t.get(s) {
            Some(x) => pair(x.clone(), state + 1),
            None => Value::Nothing,
        },
        Value::Str(st) => match st.get(s..).and_then(|r| r.chars().next()) {
            Some(c) => pair(Value::Char(c), state + c.len_utf8() as i64),
            None => Value::Nothing,
        },
        Value::Dict(d) => match d.map.borrow().next_from(s) {
            Some((slot, k, v)) => pair(Value::pair(k.clone(), v.clone()), slot as i64 + 1),
            None => Value::Nothing,
        },
        Value::Pair(p) => match s {
            0 => pair(p.0.clone(), 1),
            1 => pair(p.1.clone(), 2),
            _ => Value::Nothing,
        },
        Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Char(_) => {
            if s == 0 {
                pair(args[0].clone(), 1)
            } else {
                Value::Nothing
            }
        }
        _ => return Err(no_method(rt, "iterate", args)),
    })
}

fn length(rt: &mut Runtime, args: &mut Vec<Value>) -> JlResult<Value> {
    Ok(Value::Int(match &args[0] {
        Value::Array(v) => v.items.borrow().len() as i64,
        Value::Tuple(t) => t.len() as i64,
        Value::Str(s) => s.chars().count() as i64,
        Value::Range(lo, hi) => (hi - lo + 1).max(0),
        Value::StepRange(a, s, b) => step_len(*a, *s, *b),
        Value::Dict(d) => d.map.borrow().len() as i64,
        Value::Pair(_) => 2,
        _ => return Err(no_method(rt, "length", args)),
    }))
}

fn vec_arg<'a>(rt: &mut Runtime, fname: &str, args: &'a [Value]) -> JlResult<&'a Rc<ArrayObj>> {
    match &args[0] {
        Value::Array(v) => Ok(v),
        _ => Err(no_method(rt, fname, args)),
    }
}

fn print_args(rt: &mut Runtime, args: &[Value], newline: bool) -> JlResult<Value> {
    let (target, rest) = match args.first() {
        Some(v @ (Value::IOBuffer(_) | Value::Stdout | Value::Stderr)) => {
            (Some(v.clone()), &args[1..])
        }
        _ => (None, args),
    };
    let mut s = String::new();
    for a in rest {
        show::print_to(rt, a, &mut s)?;
    }
    if newline {
        s.push('\n');
    }
    write_io(rt, target.as_ref().unwrap_or(&Value::Stdout), &s)?;
    Ok(Value::Nothing)
}

/// Writes `s` to an IO value: a stream, `stderr`, or else standard output.
fn write_io(rt: &mut Runtime, io: &Value, s: &str) -> JlResult<()> {
    super::io::write_bytes(rt, io, s.as_bytes())
}

fn float_fn(rt: &mut Runtime, name: &str, args: &[Value], f: fn(f64) -> f64) -> JlResult<Value> {
    match num(&args[0]) {
        Some(n) => {
            let x = as_f64(n);
            let r = f(x);
            if r.is_nan() && !x.is_nan() {
                let t = rt.world.exc.domain;
                let msg = if x.is_infinite() {
                    format!("{name}(x) is only defined for finite x.")
                } else if matches!(name, "asin" | "acos") {
                    format!("{name}(x) is not defined for |x| > 1.")
                } else {
                    format!(
                        "{name} was called with a negative real argument but will only return a complex result if called with a complex argument. Try {name}(Complex(x))."
                    )
                };
                // Julia converts an integer argument first (`sqrt(x::Real) = sqrt(float(x))`),
                // so the error holds the float.
                return Err(rt.throw_struct(t, vec![Value::Float(x), Value::str(&msg)]));
            }
            Ok(Value::Float(r))
        }
        None => Err(no_method(rt, name, args)),
    }
}

fn round_fn(rt: &mut Runtime, name: &str, args: &[Value], f: fn(f64) -> f64) -> JlResult<Value> {
    match (args.len(), args.first()) {
        (1, Some(Value::Int(i))) => Ok(Value::Int(*i)),
        (1, Some(Value::Float(x))) => Ok(Value::Float(f(*x))),
        (2, Some(Value::Type(t))) if *t == rt.world.types.b.int64 => match num(&args[1]) {
            Some(n) => convert(rt, *t, Value::Float(f(as_f64(n)))),
            None => Err(no_method(rt, name, args)),
        },
        _ => Err(no_method(rt, name, args)),
    }
}

fn julia_round(x: f64) -> f64 {
    // Round half to even, like Julia's default `RoundNearest`.
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

fn isless(rt: &mut Runtime, args: &mut Vec<Value>) -> JlResult<Value> {
    match (&args[0], &args[1]) {
        (a, b) if a.num_value().is_some() && b.num_value().is_some() => {
            // NaN sorts after everything, -0.0 before 0.0.
            let (a, b) = (
                a.num_value().expect("checked"),
                b.num_value().expect("checked"),
            );
            let nan = |n: &NumVal| matches!(n, NumVal::Float(f) if f.is_nan());
            Ok(Value::Bool(match (nan(&a), nan(&b)) {
                (true, _) => false,
                (false, true) => true,
                _ => match (&a, &b) {
                    (NumVal::Float(x), NumVal::Float(y)) if x == y => {
                        x.is_sign_negative() && !y.is_sign_negative()
                    }
                    _ => num_cmp(&a, &b) == Some(std::cmp::Ordering::Less),
                },
            }))
        }
        (Value::Tuple(a), Value::Tuple(b)) => {
            let (a, b) = (a.clone(), b.clone());
            for (x, y) in a.iter().zip(b.iter()) {
                if let Value::Bool(true) = isless(rt, &mut vec![x.clone(), y.clone()])? {
                    return Ok(Value::Bool(true));
                }
                if let Value::Bool(true) = isless(rt, &mut vec![y.clone(), x.clone()])? {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(a.len() < b.len()))
        }
        // A user's type orders only by its own `isless`.
        (Value::Struct(_), _) | (_, Value::Struct(_)) => Err(no_method(rt, "isless", args)),
        _ => compare(rt, "<", args),
    }
}

/// Registers every builtin in Core and Base.
/// Where the deterministic clock of a precompiling session starts: 2000-01-01T00:00:00 UTC.
pub const HERMETIC_EPOCH_NS: u64 = 946_684_800 * 1_000_000_000;

pub fn install(rt: &mut Runtime) {
    let b = rt.world.types.b;
    let (core, base) = (rt.world.core, rt.world.base);
    let any = b.any;
    // The numbers these Rust methods know. Every other number type (`Int8`…`UInt64`,
    // `Float32`, user types) gets its arithmetic from Base's Julia code (`int.jl`, `float.jl`)
    // and mixed-type calls go through Julia's promotion (`promotion.jl`).
    let number = rt.world.types.union(&[b.bool_, b.int64, b.float64]);
    let rint = rt.world.types.union(&[b.bool_, b.int64]);
    // Every primitive number and `BigInt`: comparisons between any two are exact here, with
    // no promotion.
    let prim = rt.world.types.union(&[
        b.bool_, b.int8, b.int16, b.int32, b.int64, b.uint8, b.uint16, b.uint32, b.uint64,
        b.float16, b.float32, b.float64, b.int128, b.uint128, b.bigint,
    ]);

    macro_rules! arith_op {
        ($name:literal) => {
            def(rt, base, $name, &[number, number], None, |rt, a| {
                arith(rt, $name, a)
            });
        };
        ($name:literal, $op:expr) => {
            arith_op!($name);
            mark_binop(rt, $op);
        };
    }
    arith_op!("+", BinOp::Add);
    arith_op!("-", BinOp::Sub);
    arith_op!("*", BinOp::Mul);
    arith_op!("/", BinOp::Div);
    arith_op!("÷");
    arith_op!("%");
    arith_op!("^");
    // More specific than Base's `^(x::Number, p::Integer)` (a user's number type).
    def(rt, base, "^", &[number, rint], None, |rt, a| {
        arith(rt, "^", a)
    });
    arith_op!("div");
    arith_op!("rem");
    arith_op!("mod");
    // `fld` and `cld` of two `Int64`s (Base's Julia methods take every other integer pair).
    def(rt, base, "fld", &[b.int64, b.int64], None, |rt, a| {
        int_div_round(rt, a, false)
    });
    def(rt, base, "cld", &[b.int64, b.int64], None, |rt, a| {
        int_div_round(rt, a, true)
    });
    macro_rules! cmp_op {
        ($name:literal, $t:expr) => {
            def(rt, base, $name, &[$t, $t], None, |rt, a| {
                compare(rt, $name, a)
            });
        };
    }
    for t in [prim, b.abstract_string, b.abstract_char] {
        cmp_op!("<", t);
        mark_binop(rt, BinOp::Lt);
        cmp_op!("<=", t);
        mark_binop(rt, BinOp::Le);
        cmp_op!(">", t);
        mark_binop(rt, BinOp::Gt);
        cmp_op!(">=", t);
        mark_binop(rt, BinOp::Ge);
    }
    def(rt, base, "==", &[any, any], None, |rt, a| {
        equality(rt, || values_equal_at(&a[0], &a[1], 0))
    });
    mark_binop(rt, BinOp::Eq);
    // Also for the builtin numbers specifically, so that Julia's `==(::Number, ::Number)`
    // (which promotes) never catches them.
    def(rt, base, "==", &[prim, prim], None, |rt, a| {
        equality(rt, || values_equal_at(&a[0], &a[1], 0))
    });
    mark_binop(rt, BinOp::Eq);
    def(rt, base, "isless", &[prim, prim], None, isless);
    def(rt, base, "isequal", &[any, any], None, |rt, a| {
        equality(rt, || match (a[0].num_value(), a[1].num_value()) {
            // Numbers: NaN is isequal to NaN, and -0.0 is not isequal to 0.0.
            (Some(x), Some(y)) => {
                let nan = |n: &NumVal| matches!(n, NumVal::Float(f) if f.is_nan());
                let negative = |n: &NumVal| match n {
                    NumVal::Int(i) => *i < 0,
                    NumVal::Float(f) => f.is_sign_negative(),
                    NumVal::Big(n) => n.sign() == num_bigint::Sign::Minus,
                };
                (nan(&x) && nan(&y))
                    || (num_cmp(&x, &y) == Some(std::cmp::Ordering::Equal)
                        && negative(&x) == negative(&y))
            }
            _ => values_equal_at(&a[0], &a[1], 0),
        })
    });
    def(rt, base, "isless", &[any, any], None, isless);
    def(rt, core, "===", &[any, any], None, |rt, a| {
        equality(rt, || egal_at(&a[0], &a[1], 0))
    });
    def(rt, base, "!==", &[any, any], None, |rt, a| {
        equality(rt, || !egal_at(&a[0], &a[1], 0))
    });
    def(rt, base, "-", &[number], None, |rt, a| match num(&a[0]) {
        Some(Num::I(i)) => Ok(Value::Int(i.wrapping_neg())),
        Some(Num::F(f)) => Ok(Value::Float(-f)),
        None => Err(no_method(rt, "-", a)),
    });
    def(rt, base, "+", &[number], None, |_, a| Ok(a[0].clone()));
    def(rt, base, "!", &[b.bool_], None, |_, a| {
        Ok(Value::Bool(!matches!(a[0], Value::Bool(true))))
    });
    def(rt, base, "&", &[rint, rint], None, |rt, a| {
        match (&a[0], &a[1]) {
            (Value::Bool(x), Value::Bool(y)) => Ok(Value::Bool(*x & *y)),
            _ => Ok(Value::Int(
                int_arg(rt, "&", a, 0)? & int_arg(rt, "&", a, 1)?,
            )),
        }
    });
    def(rt, base, "|", &[rint, rint], None, |rt, a| {
        match (&a[0], &a[1]) {
            (Value::Bool(x), Value::Bool(y)) => Ok(Value::Bool(*x | *y)),
            _ => Ok(Value::Int(
                int_arg(rt, "|", a, 0)? | int_arg(rt, "|", a, 1)?,
            )),
        }
    });
    def(rt, base, "xor", &[rint, rint], None, |rt, a| {
        match (&a[0], &a[1]) {
            (Value::Bool(x), Value::Bool(y)) => Ok(Value::Bool(*x ^ *y)),
            _ => Ok(Value::Int(
                int_arg(rt, "xor", a, 0)? ^ int_arg(rt, "xor", a, 1)?,
            )),
        }
    });
    def(rt, base, "<<", &[b.integer, b.integer], None, |rt, a| {
        let (x, n) = (int_arg(rt, "<<", a, 0)?, int_arg(rt, "<<", a, 1)?);
        Ok(Value::Int(shift(x, n)))
    });
    def(rt, base, ">>", &[b.integer, b.integer], None, |rt, a| {
        let (x, n) = (int_arg(rt, ">>", a, 0)?, int_arg(rt, ">>", a, 1)?);
        Ok(Value::Int(shift(x, n.checked_neg().unwrap_or(i64::MAX))))
    });
    def(rt, base, "abs", &[number], None, |rt, a| match num(&a[0]) {
        Some(Num::I(i)) => Ok(Value::Int(i.wrapping_abs())),
        Some(Num::F(f)) => Ok(Value::Float(f.abs())),
        None => Err(no_method(rt, "abs", a)),
    });
    def(rt, base, "sqrt", &[number], None, |rt, a| {
        float_fn(rt, "sqrt", a, f64::sqrt)
    });
    def(rt, base, "exp", &[number], None, |rt, a| {
        float_fn(rt, "exp", a, f64::exp)
    });
    def(rt, base, "log", &[number], None, |rt, a| {
        float_fn(rt, "log", a, f64::ln)
    });
    def(rt, base, "sin", &[number], None, |rt, a| {
        float_fn(rt, "sin", a, f64::sin)
    });
    def(rt, base, "cos", &[number], None, |rt, a| {
        float_fn(rt, "cos", a, f64::cos)
    });
    macro_rules! float_fns {
        ($($name:literal => $f:expr),* $(,)?) => {
            $(def(rt, base, $name, &[number], None, |rt, a| float_fn(rt, $name, a, $f));)*
        };
    }
    float_fns!(
        "tan" => f64::tan, "asin" => f64::asin, "acos" => f64::acos, "atan" => f64::atan,
        "sinh" => f64::sinh, "cosh" => f64::cosh, "tanh" => f64::tanh,
        "log2" => f64::log2, "log10" => f64::log10, "log1p" => f64::ln_1p,
        "expm1" => f64::exp_m1, "exp2" => f64::exp2, "cbrt" => f64::cbrt,
    );
    def(rt, base, "atan", &[number, number], None, |rt, a| {
        match (num(&a[0]), num(&a[1])) {
            (Some(y), Some(x)) => Ok(Value::Float(as_f64(y).atan2(as_f64(x)))),
            _ => Err(no_method(rt, "atan", a)),
        }
    });
    def(rt, base, "floor", &[any], Some(any), |rt, a| {
        round_fn(rt, "floor", a, f64::floor)
    });
    def(rt, base, "ceil", &[any], Some(any), |rt, a| {
        round_fn(rt, "ceil", a, f64::ceil)
    });
    def(rt, base, "round", &[any], Some(any), |rt, a| {
        round_fn(rt, "round", a, julia_round)
    });
    def(
        rt,
        base,
        "step",
        &[b.abstract_range],
        None,
        |rt, a| match a[0] {
            Value::Range(..) => Ok(Value::Int(1)),
            Value::StepRange(_, s, _) => Ok(Value::Int(s)),
            _ => Err(no_method(rt, "step", a)),
        },
    );
    // What `round(x)` without keywords does (math.jl's keyword method calls it).
    def(rt, base, "_round", &[any], Some(any), |rt, a| {
        round_fn(rt, "round", a, julia_round)
    });
    def(rt, base, "trunc", &[any], Some(any), |rt, a| {
        round_fn(rt, "trunc", a, f64::trunc)
    });
    def(rt, base, "isnan", &[number], None, |_, a| {
        Ok(Value::Bool(matches!(a[0], Value::Float(f) if f.is_nan())))
    });
    def(rt, base, "float", &[number], None, |rt, a| {
        match num(&a[0]) {
            Some(n) => Ok(Value::Float(as_f64(n))),
            None => Err(no_method(rt, "float", a)),
        }
    });
    def(rt, base, "zero", &[any], None, |rt, a| {
        unit_value(rt, "zero", a, 0)
    });
    def(rt, base, "one", &[any], None, |rt, a| {
        unit_value(rt, "one", a, 1)
    });
    def(rt, base, "typemax", &[b.datatype], None, |rt, a| {
        match &a[0] {
            Value::Type(t) if *t == rt.world.types.b.int64 => Ok(Value::Int(i64::MAX)),
            Value::Type(t) if *t == rt.world.types.b.float64 => Ok(Value::Float(f64::INFINITY)),
            _ => Err(no_method(rt, "typemax", a)),
        }
    });
    def(rt, base, "typemin", &[b.datatype], None, |rt, a| {
        match &a[0] {
            Value::Type(t) if *t == rt.world.types.b.int64 => Ok(Value::Int(i64::MIN)),
            Value::Type(t) if *t == rt.world.types.b.float64 => Ok(Value::Float(f64::NEG_INFINITY)),
            _ => Err(no_method(rt, "typemin", a)),
        }
    });
    def(
        rt,
        base,
        "convert",
        &[b.datatype, any],
        None,
        |rt, a| match &a[0] {
            Value::Type(t) => {
                let t = *t;
                convert(rt, t, a[1].clone())
            }
            _ => Err(no_method(rt, "convert", a)),
        },
    );

    // ranges
    def(rt, base, ":", &[b.integer, b.integer], None, |rt, a| {
        Ok(Value::Range(
            int_arg(rt, ":", a, 0)?,
            int_arg(rt, ":", a, 1)?,
        ))
    });
    def(
        rt,
        base,
        ":",
        &[b.integer, b.integer, b.integer],
        None,
        |rt, a| {
            let (x, s, y) = (
                int_arg(rt, ":", a, 0)?,
                int_arg(rt, ":", a, 1)?,
                int_arg(rt, ":", a, 2)?,
            );
            if s == 0 {
                return Err(rt.argument_error("step cannot be zero"));
            }
            let n = step_len(x, s, y);
            let last = if n == 0 { x - s } else { x + (n - 1) * s };
            Ok(Value::StepRange(x, s, last))
        },
    );
    def(rt, base, "=>", &[any, any], None, |_, a| {
        Ok(Value::pair(a[0].clone(), a[1].clone()))
    });

    // collections (the array types the runtime represents itself: an `AbstractArray` written in
    // Julia gets Base's generic methods of `array.jl`)
    for t in [
        b.array,
        b.unit_range,
        b.step_range,
        b.tuple,
        b.abstract_string,
        b.dict,
        b.pair,
    ] {
        def(rt, base, "length", &[t], None, length);
        def(rt, base, "iterate", &[t], None, iterate);
        def(rt, base, "iterate", &[t, any], None, iterate);
        if t == b.array || t == b.unit_range {
            mark_inline(rt, InlineOp::Iterate);
        }
        if t != b.array && t != b.unit_range && t != b.step_range {
            def(rt, base, "getindex", &[t, any], None, getindex);
        }
    }
    // Any `AbstractArray` (methods written in Julia for an index type, e.g. `CartesianIndex`,
    // are more specific; a user's array type defines its own).
    def(
        rt,
        base,
        "getindex",
        &[b.abstract_array, any],
        None,
        getindex,
    );
    // An `Array` indexed by a range or a vector of indices (more specific than Julia's
    // generic `getindex(A::AbstractArray, I::AbstractVector)`).
    def(
        rt,
        base,
        "getindex",
        &[b.array, b.abstract_vector],
        None,
        getindex,
    );
    for t in [b.int64, b.float64, b.bool_, b.char_] {
        def(rt, base, "iterate", &[t], None, iterate);
        def(rt, base, "iterate", &[t, any], None, iterate);
    }
    def(
        rt,
        base,
        "getindex",
        &[b.abstract_array, any],
        Some(any),
        getindex,
    );
    // `T[a, b]` and `T[]`: a vector with element type `T`.
    def(rt, base, "getindex", &[b.datatype], Some(any), |rt, a| {
        let Value::Type(t) = a[0] else {
            unreachable!("dispatched on DataType")
        };
        make_vector(rt, Some(t), a[1..].to_vec())
    });
    def(
        rt,
        base,
        "setindex!",
        &[b.abstract_array, any, any],
        None,
        setindex,
    );
    def(rt, base, "setindex!", &[b.dict, any, any], None, setindex);
    for t in [b.abstract_array, b.tuple, b.abstract_string] {
        def(rt, base, "lastindex", &[t], None, |rt, a| match &a[0] {
            Value::Str(s) => Ok(Value::Int(
                s.char_indices().last().map_or(0, |(i, _)| i as i64 + 1),
            )),
            _ => length(rt, a),
        });
        def(rt, base, "firstindex", &[t], None, |_, _| Ok(Value::Int(1)));
    }
    def(rt, base, "push!", &[b.vector, any], Some(any), |rt, a| {
        let v = vec_arg(rt, "push!", a)?.clone();
        for x in a[1..].to_vec() {
            let x = convert(rt, v.elty, x)?;
            let mut items = v.items.borrow_mut();
            reserve(rt, &mut items, 1)?;
            items.push(x);
        }
        Ok(a[0].clone())
    });
    def(rt, base, "pushfirst!", &[b.vector, any], None, |rt, a| {
        let v = vec_arg(rt, "pushfirst!", a)?.clone();
        let x = convert(rt, v.elty, a[1].clone())?;
        let mut items = v.items.borrow_mut();
        reserve(rt, &mut items, 1)?;
        items.insert(0, x);
        Ok(a[0].clone())
    });
    def(
        rt,
        base,
        "insert!",
        &[b.vector, b.integer, any],
        None,
        |rt, a| {
            let v = vec_arg(rt, "insert!", a)?.clone();
            let i = int_arg(rt, "insert!", a, 1)?;
            let len = v.items.borrow().len() as i64;
            if i < 1 || i > len + 1 {
                return Err(rt.bounds_error(a[0].clone(), Value::Int(i)));
            }
            let x = convert(rt, v.elty, a[2].clone())?;
            let mut items = v.items.borrow_mut();
            reserve(rt, &mut items, 1)?;
            items.insert(i as usize - 1, x);
            Ok(a[0].clone())
        },
    );
    def(rt, base, "pop!", &[b.vector], None, |rt, a| {
        let v = vec_arg(rt, "pop!", a)?.clone();
        let x = v.items.borrow_mut().pop();
        x.ok_or_else(|| rt.argument_error("array must be non-empty"))
    });
    def(rt, base, "popfirst!", &[b.vector], None, |rt, a| {
        let v = vec_arg(rt, "popfirst!", a)?.clone();
        if v.items.borrow().is_empty() {
            return Err(rt.argument_error("array must be non-empty"));
        }
        Ok(v.items.borrow_mut().remove(0))
    });
    def(
        rt,
        base,
        "deleteat!",
        &[b.vector, b.integer],
        None,
        |rt, a| {
            let v = vec_arg(rt, "deleteat!", a)?.clone();
            let i = int_arg(rt, "deleteat!", a, 1)?;
            let len = v.items.borrow().len();
            let k = index_of(rt, &a[0], &Value::Int(i), len)?;
            v.items.borrow_mut().remove(k);
            Ok(a[0].clone())
        },
    );
    def(
        rt,
        base,
        "resize!",
        &[b.vector, b.integer],
        None,
        |rt, a| {
            let v = vec_arg(rt, "resize!", a)?.clone();
            let n = int_arg(rt, "resize!", a, 1)?;
            if n < 0 {
                return Err(rt.argument_error("new length must be ≥ 0"));
            }
            let n = alloc_len(rt, n, size_of::<Value>())?;
            // New elements are what `Vector{T}(undef, n)` holds.
            let fill = default_value(rt, v.elty);
            let mut items = v.items.borrow_mut();
            let more = n.saturating_sub(items.len());
            reserve(rt, &mut items, more)?;
            items.resize(n, fill);
            Ok(a[0].clone())
        },
    );
    def(rt, base, "empty!", &[b.vector], None, |rt, a| {
        vec_arg(rt, "empty!", a)?.items.borrow_mut().clear();
        Ok(a[0].clone())
    });
    def(rt, base, "append!", &[b.vector, any], None, |rt, a| {
        let v = vec_arg(rt, "append!", a)?.clone();
        let new = collect_iterable(rt, &a[1].clone())?;
        reserve(rt, &mut v.items.borrow_mut(), new.len())?;
        for x in new {
            let x = convert(rt, v.elty, x)?;
            v.items.borrow_mut().push(x);
        }
        Ok(a[0].clone())
    });
    for t in [any, b.array, b.unit_range, b.step_range] {
        def(rt, base, "collect", &[t], None, |rt, a| {
            let items = collect_iterable(rt, &a[0].clone())?;
            let elty = match &a[0] {
                Value::Array(v) => Some(v.elty),
                Value::Range(..) | Value::StepRange(..) => Some(rt.world.types.b.int64),
                Value::Str(_) => Some(rt.world.types.b.char_),
                _ => None,
            };
            make_vector(rt, elty, items)
        });
    }
    def(rt, base, "_narrow", &[b.vector], None, |rt, a| {
        let items = vec_arg(rt, "_narrow", a)?.items.borrow().clone();
        make_vector(rt, None, items)
    });
    // `collect`'s widening (base/array.jl `_collected`): the first index from `i` whose
    // element is not a `T` (0 if none), and the vector's items as a `Vector{T}` when every
    // one is a `T`.
    def(
        rt,
        base,
        "_first_not_isa",
        &[b.vector, any, b.int64],
        None,
        |rt, a| {
            let (Value::Array(v), Value::Type(t), Value::Int(i)) = (&a[0], &a[1], &a[2]) else {
                return Err(no_method(rt, "_first_not_isa", a));
            };
            let items = v.items.borrow();
            let from = (*i).max(1) as usize - 1;
            for (k, x) in items.iter().enumerate().skip(from) {
                if !rt.world.isa(x, *t) {
                    return Ok(Value::Int(k as i64 + 1));
                }
            }
            Ok(Value::Int(0))
        },
    );
    def(rt, base, "_vector_as", &[any, b.vector], None, |rt, a| {
        let (Value::Type(t), Value::Array(v)) = (&a[0], &a[1]) else {
            return Err(no_method(rt, "_vector_as", a));
        };
        let items = v.items.borrow().clone();
        make_vector(rt, Some(*t), items)
    });
    def(rt, base, "copy", &[b.array], None, |_, a| {
        let Value::Array(v) = &a[0] else {
            unreachable!("dispatched on Array")
        };
        Ok(Value::array(
            v.elty,
            v.dims.clone(),
            v.items.borrow().clone(),
        ))
    });
    // `eltype(T)` of the types the runtime knows; `eltype(x)` is `eltype(typeof(x))`
    // (prelude.jl), so a user's `eltype(::Type{<:MyIter{T}})` serves its instances too.
    def(rt, base, "eltype", &[b.datatype], None, |rt, a| {
        let t = match &a[0] {
            Value::Type(t) => *t,
            v => rt.world.typeof_(v),
        };
        let b = rt.world.types.b;
        Ok(Value::Type(match rt.world.types.kind(t) {
            TyKind::Data { tn, params }
                if (*tn == b.tn_array || *tn == b.tn_unit_range) && !params.is_empty() =>
            {
                params[0]
            }
            TyKind::Data { tn, params } if *tn == b.tn_dict && params.len() == 2 => {
                let (k, v) = (params[0], params[1]);
                rt.world.types.apply(b.tn_pair, vec![k, v])
            }
            _ if t == b.string => b.char_,
            // An `AbstractArray{T}` written in Julia: the `T` of its supertype.
            TyKind::Data { .. } => {
                rt.world.types.ensure_supertypes(t);
                let mut cur = Some(t);
                let mut elty = b.any;
                while let Some(c) = cur {
                    if let TyKind::Data { tn, params } = rt.world.types.kind(c)
                        && *tn == b.tn_abstract_array
                        && !params.is_empty()
                    {
                        elty = params[0];
                        break;
                    }
                    cur = rt.world.types.supertype(c);
                }
                elty
            }
            _ => b.any,
        }))
    });
    def(rt, base, "reverse", &[any], None, |rt, a| match &a[0] {
        Value::Str(s) => Ok(Value::str(&s.chars().rev().collect::<String>())),
        Value::Tuple(t) => Ok(Value::tuple(t.iter().rev().cloned().collect())),
        other => {
            let other = other.clone();
            let mut items = collect_iterable(rt, &other)?;
            items.reverse();
            let elty = if let Value::Array(v) = &other {
                Some(v.elty)
            } else {
                None
            };
            make_vector(rt, elty, items)
        }
    });
    def(rt, base, "haskey", &[b.dict, any], None, |rt, a| {
        let Value::Dict(d) = &a[0] else {
            unreachable!("dispatched on Dict")
        };
        let d = d.clone();
        let (k, h) = dict_key(rt, &a[1])?;
        Ok(Value::Bool(d.map.borrow().contains_key(&k, h)))
    });
    def(rt, base, "get", &[b.dict, any, any], None, |rt, a| {
        let Value::Dict(d) = &a[0] else {
            unreachable!("dispatched on Dict")
        };
        let d = d.clone();
        let (k, h) = dict_key(rt, &a[1])?;
        Ok(d.map
            .borrow()
            .get(&k, h)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| a[2].clone()))
    });
    def(rt, base, "delete!", &[b.dict, any], None, |rt, a| {
        let Value::Dict(d) = &a[0] else {
            unreachable!("dispatched on Dict")
        };
        let d = d.clone();
        let (k, h) = dict_key(rt, &a[1])?;
        d.map.borrow_mut().remove(&k, h);
        Ok(a[0].clone())
    });
    // `copy(d)`: the same table layout, so the copy iterates in the same order.
    def(rt, base, "copy", &[b.dict], None, |_, a| {
        let Value::Dict(d) = &a[0] else {
            unreachable!("dispatched on Dict")
        };
        let table = d.map.borrow().copy();
        Ok(Value::dict(d.keyty, d.valty, table))
    });
    def(rt, base, "empty!", &[b.dict], None, |_, a| {
        let Value::Dict(d) = &a[0] else {
            unreachable!("dispatched on Dict")
        };
        let old = d.map.borrow_mut().clear();
        drop(old);
        Ok(a[0].clone())
    });
    def(rt, base, "pop!", &[b.dict, any], None, |rt, a| {
        let Value::Dict(d) = &a[0] else {
            unreachable!("dispatched on Dict")
        };
        let d = d.clone();
        let (k, h) = dict_key(rt, &a[1])?;
        let removed = d.map.borrow_mut().remove(&k, h);
        match removed {
            Some((_, v)) => Ok(v),
            None => {
                let t = rt.world.exc.key;
                Err(rt.throw_struct(t, vec![a[1].clone()]))
            }
        }
    });
    def(rt, base, "pop!", &[b.dict, any, any], None, |rt, a| {
        let Value::Dict(d) = &a[0] else {
            unreachable!("dispatched on Dict")
        };
        let d = d.clone();
        let (k, h) = dict_key(rt, &a[1])?;
        let removed = d.map.borrow_mut().remove(&k, h);
        Ok(removed.map_or_else(|| a[2].clone(), |(_, v)| v))
    });
    def(rt, base, "pop!", &[b.dict], None, |rt, a| {
        let Value::Dict(d) = &a[0] else {
            unreachable!("dispatched on Dict")
        };
        let removed = d.map.borrow_mut().pop_first();
        match removed {
            Some((k, v)) => Ok(Value::pair(k, v)),
            None => Err(rt.argument_error("dict must be non-empty")),
        }
    });
    // `Base._dict_sizehint!(d, n, shrink)`: `sizehint!(d, n; shrink)`.
    def(
        rt,
        base,
        "_dict_sizehint!",
        &[b.dict, b.int64, b.bool_],
        None,
        |rt, a| {
            let Value::Dict(d) = &a[0] else {
                unreachable!("dispatched on Dict")
            };
            let (Value::Int(n), Value::Bool(shrink)) = (&a[1], &a[2]) else {
                unreachable!("dispatched on Int64, Bool")
            };
            let n = (*n).max(0) as usize;
            let n = n.min(max_values(rt, d.keyty));
            d.map.borrow_mut().sizehint(n, *shrink);
            Ok(a[0].clone())
        },
    );
    def(rt, base, "keys", &[b.dict], None, |_, a| {
        let Value::Dict(d) = &a[0] else {
            unreachable!("dispatched on Dict")
        };
        Ok(Value::vector(
            d.keyty,
            d.map.borrow().entries().map(|(k, _)| k.clone()).collect(),
        ))
    });
    def(rt, base, "values", &[b.dict], None, |_, a| {
        let Value::Dict(d) = &a[0] else {
            unreachable!("dispatched on Dict")
        };
        Ok(Value::vector(
            d.valty,
            d.map.borrow().entries().map(|(_, v)| v.clone()).collect(),
        ))
    });

    // strings
    let s = b.abstract_string;
    // `"a" * "b"`, `'a' * "b"`: string concatenation.
    def(rt, base, "*", &[s], Some(any), concat_strings);
    def(
        rt,
        base,
        "*",
        &[b.abstract_char, any],
        Some(any),
        concat_strings,
    );
    def(rt, base, "^", &[s, b.integer], None, |rt, a| {
        let st = str_arg(rt, "^", a, 0)?;
        let n = int_arg(rt, "^", a, 1)?;
        if n < 0 {
            return Err(rt.argument_error(format!("can't repeat a string {n} times")));
        }
        let n = alloc_len(rt, n, st.len())?;
        Ok(Value::str(&st.repeat(n)))
    });
    def(rt, base, "repeat", &[s, b.integer], None, |rt, a| {
        let st = str_arg(rt, "repeat", a, 0)?;
        let n = int_arg(rt, "repeat", a, 1)?;
        if n < 0 {
            return Err(rt.argument_error(format!("can't repeat a string {n} times")));
        }
        let n = alloc_len(rt, n, st.len())?;
        Ok(Value::str(&st.repeat(n)))
    });
    def(rt, base, "uppercase", &[s], None, |rt, a| {
        Ok(Value::str(&str_arg(rt, "uppercase", a, 0)?.to_uppercase()))
    });
    def(rt, base, "lowercase", &[s], None, |rt, a| {
        Ok(Value::str(&str_arg(rt, "lowercase", a, 0)?.to_lowercase()))
    });
    def(rt, base, "strip", &[s], None, |rt, a| {
        Ok(Value::str(str_arg(rt, "strip", a, 0)?.trim()))
    });
    def(rt, base, "lstrip", &[s], None, |rt, a| {
        Ok(Value::str(str_arg(rt, "lstrip", a, 0)?.trim_start()))
    });
    def(rt, base, "rstrip", &[s], None, |rt, a| {
        Ok(Value::str(str_arg(rt, "rstrip", a, 0)?.trim_end()))
    });
    def(rt, base, "prevind", &[s, b.integer], None, |rt, a| {
        let st = str_arg(rt, "prevind", a, 0)?;
        let i = int_arg(rt, "prevind", a, 1)?;
        let mut k = (i - 1).clamp(0, st.len() as i64);
        while k > 0 && !st.is_char_boundary(k as usize - 1) {
            k -= 1;
        }
        Ok(Value::Int(k))
    });
    macro_rules! char_pred {
        ($name:literal, $f:expr) => {
            def(
                rt,
                base,
                $name,
                &[b.abstract_char],
                None,
                |rt, a| match &a[0] {
                    Value::Char(c) => Ok(Value::Bool($f(*c))),
                    _ => Err(no_method(rt, $name, a)),
                },
            );
        };
    }
    char_pred!("isdigit", |c: char| c.is_ascii_digit());
    char_pred!("isletter", |c: char| c.is_alphabetic());
    char_pred!("isnumeric", |c: char| c.is_numeric());
    char_pred!("isspace", |c: char| c.is_whitespace());
    char_pred!("isuppercase", |c: char| c.is_uppercase());
    char_pred!("islowercase", |c: char| c.is_lowercase());
    def(
        rt,
        base,
        "uppercase",
        &[b.abstract_char],
        None,
        |rt, a| match &a[0] {
            Value::Char(c) => Ok(Value::Char(c.to_uppercase().next().unwrap_or(*c))),
            _ => Err(no_method(rt, "uppercase", a)),
        },
    );
    def(
        rt,
        base,
        "lowercase",
        &[b.abstract_char],
        None,
        |rt, a| match &a[0] {
            Value::Char(c) => Ok(Value::Char(c.to_lowercase().next().unwrap_or(*c))),
            _ => Err(no_method(rt, "lowercase", a)),
        },
    );
    // `_printf_float(x, conv, prec, alt)`: the digits of `|x|` as C's printf formats them for
    // conversion `f`, `e` or `g` (lower case) with `prec` digits; `alt` is the `#` flag. The
    // sign, padding and case are Printf's (Julia) business.
    def(
        rt,
        base,
        "_printf_float",
        &[b.float64, b.abstract_char, b.int64, b.bool_],
        None,
        |rt, a| {
            let (Value::Float(x), Value::Char(conv), Value::Int(prec), Value::Bool(alt)) =
                (&a[0], &a[1], &a[2], &a[3])
            else {
                return Err(no_method(rt, "_printf_float", a));
            };
            let prec = usize::try_from(*prec).unwrap_or(0).min(1000);
            Ok(Value::str(&show::printf_float(x.abs(), *conv, prec, *alt)))
        },
    );
    // The `i`th byte of a string's UTF-8 (1-based).
    def(rt, base, "codeunit", &[s, b.integer], None, |rt, a| {
        let st = str_arg(rt, "codeunit", a, 0)?;
        let i = int_arg(rt, "codeunit", a, 1)?;
        match usize::try_from(i - 1)
            .ok()
            .and_then(|k| st.as_bytes().get(k))
        {
            Some(&byte) => {
                let u8t = rt.world.types.b.uint8;
                Ok(Value::from_bits(&rt.world.types, u8t, u128::from(byte))
                    .expect("a byte fits UInt8"))
            }
            None => Err(rt.bounds_error(a[0].clone(), a[1].clone())),
        }
    });
    // `String(s::SubString{String})`: the text, copied.
    def(rt, base, "_substring_string", &[s], None, |rt, a| {
        Ok(Value::Str(str_arg(rt, "_substring_string", a, 0)?))
    });
    def(rt, base, "ncodeunits", &[s], None, |rt, a| {
        Ok(Value::Int(str_arg(rt, "ncodeunits", a, 0)?.len() as i64))
    });
    def(rt, base, "startswith", &[s, s], None, |rt, a| {
        Ok(Value::Bool(
            str_arg(rt, "startswith", a, 0)?.starts_with(&*str_arg(rt, "startswith", a, 1)?),
        ))
    });
    def(rt, base, "endswith", &[s, s], None, |rt, a| {
        Ok(Value::Bool(
            str_arg(rt, "endswith", a, 0)?.ends_with(&*str_arg(rt, "endswith", a, 1)?),
        ))
    });
    def(rt, base, "occursin", &[s, s], None, |rt, a| {
        Ok(Value::Bool(
            str_arg(rt, "occursin", a, 1)?.contains(&*str_arg(rt, "occursin", a, 0)?),
        ))
    });
    def(rt, base, "split", &[s], None, |rt, a| {
        let st = str_arg(rt, "split", a, 0)?;
        let parts: Vec<&str> = st.split_whitespace().collect();
        substrings(rt, &st, &parts)
    });
    def(rt, base, "split", &[s, any], None, |rt, a| {
        let st = str_arg(rt, "split", a, 0)?;
        let parts: Vec<&str> = match &a[1] {
            Value::Str(d) => st.split(&**d).collect(),
            Value::Char(c) => st.split(*c).collect(),
            _ => return Err(no_method(rt, "split", a)),
        };
        substrings(rt, &st, &parts)
    });
    def(rt, base, "join", &[any], Some(any), |rt, a| {
        let items = collect_iterable(rt, &a[0].clone())?;
        let delim = match a.get(1) {
            Some(d) => {
                let mut s = String::new();
                show::print_to(rt, d, &mut s)?;
                s
            }
            None => String::new(),
        };
        let mut out = String::new();
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(&delim);
            }
            show::print_to(rt, x, &mut out)?;
        }
        Ok(Value::str(&out))
    });
    def(rt, base, "string", &[], Some(any), |rt, a| {
        let mut out = String::new();
        for x in a.iter() {
            show::print_to(rt, x, &mut out)?;
        }
        Ok(Value::str(&out))
    });
    alias(rt, base, "#string", "string");
    def(rt, base, "repr", &[any], None, |rt, a| {
        Ok(Value::str(&show::repr(rt, &a[0])?))
    });
    def(rt, base, "print", &[], Some(any), |rt, a| {
        print_args(rt, a, false)
    });
    def(rt, base, "println", &[], Some(any), |rt, a| {
        print_args(rt, a, true)
    });
    def(rt, base, "show", &[any], None, |rt, a| {
        let s = show::repr(rt, &a[0])?;
        rt.write_stdout(&s);
        Ok(Value::Nothing)
    });
    // Arrays print here even though `array.jl` has a `show` for any `AbstractArray`.
    def(rt, base, "show", &[b.io, b.array], None, |rt, a| {
        let s = show::repr(rt, &a[1])?;
        write_io(rt, &a[0], &s)?;
        Ok(Value::Nothing)
    });
    def(rt, base, "show", &[b.io, any], None, |rt, a| {
        let s = show::repr(rt, &a[1])?;
        write_io(rt, &a[0], &s)?;
        Ok(Value::Nothing)
    });
    // The message of an exception, and its further lines (a `MethodError`'s candidates), as
    // an uncaught error shows them.
    def(rt, base, "showerror", &[b.io, any], None, |rt, a| {
        let (msg, notes) = show::error_text(rt, &a[1]);
        let mut s = msg;
        for n in notes {
            s.push('\n');
            s.push_str(&n);
        }
        write_io(rt, &a[0], &s)?;
        Ok(Value::Nothing)
    });
    // `show(io, MIME"text/plain"(), x)`'s fallback: what `display` shows of `x`.
    def(rt, base, "_show_plain", &[b.io, any], None, |rt, a| {
        let s = show::display_plain(rt, &a[1])?;
        write_io(rt, &a[0], &s)?;
        Ok(Value::Nothing)
    });
    def(rt, base, "display", &[any], None, |rt, a| {
        let s = show::display(rt, &a[0])?;
        rt.write_stdout(&s);
        rt.write_stdout("\n");
        Ok(Value::Nothing)
    });
    super::io::install(rt);
    // `isdefined(M, :x)`: whether module `M` has (or sees) a global `x`; `isdefined(x, :f)`:
    // whether `x` has a field `f` that is assigned.
    def(rt, base, "isdefined", &[any, b.symbol], None, |rt, a| {
        let Value::Symbol(name) = a[1] else {
            unreachable!("dispatched on Symbol")
        };
        Ok(Value::Bool(match &a[0] {
            Value::Module(m) => rt.world.lookup(*m, name).is_some(),
            Value::Struct(st) => {
                let tn = rt.world.types.type_name(st.ty);
                let fields = tn.map(|tn| rt.world.types.names[tn.index()].fields.clone());
                match fields.and_then(|f| f.iter().position(|(n, _)| *n == name)) {
                    Some(i) => !matches!(st.fields.borrow().get(i), Some(Value::Undef) | None),
                    None => false,
                }
            }
            _ => false,
        }))
    });
    // What `display(x)` prints, as a string (for `display` methods written in Julia).
    def(rt, base, "_display_text", &[any], None, |rt, a| {
        Ok(Value::str(&show::display(rt, &a[0])?))
    });
    rt.world.set_const(base, Sym::new("stdout"), Value::Stdout);
    rt.world.set_const(base, Sym::new("stderr"), Value::Stderr);
    super::arrays::install(rt);
    super::bitarray::install(rt);
    super::regex::install(rt);
    super::unicode::install(rt);
    super::random::install(rt);
    super::gmp::install(rt);
    rt.world
        .set_const(base, Sym::new("NaN"), Value::Float(f64::NAN));
    rt.world
        .set_const(base, Sym::new("Inf"), Value::Float(f64::INFINITY));
    rt.world
        .set_const(base, Sym::new("pi"), Value::Float(std::f64::consts::PI));
    rt.world
        .set_const(base, Sym::new("π"), Value::Float(std::f64::consts::PI));
    // Euler's number (an `Irrational` in Julia; a `Float64` here, as `π` is).
    rt.world
        .set_const(base, Sym::new("ℯ"), Value::Float(std::f64::consts::E));
    def(
        rt,
        base,
        "parse",
        &[b.datatype, b.abstract_string],
        None,
        |rt, a| {
            let Value::Type(t) = a[0] else {
                return Err(no_method(rt, "parse", a));
            };
            let s = str_arg(rt, "parse", a, 1)?;
            let text = s.trim().to_string();
            let b = rt.world.types.b;
            let parsed = if t == b.int64 {
                text.replace('_', "").parse::<i64>().ok().map(Value::Int)
            } else if t == b.float64 {
                match text.as_str() {
                    "Inf" | "+Inf" => Some(Value::Float(f64::INFINITY)),
                    "-Inf" => Some(Value::Float(f64::NEG_INFINITY)),
                    "NaN" => Some(Value::Float(f64::NAN)),
                    _ => text.parse::<f64>().ok().map(Value::Float),
                }
            } else if t == b.bool_ {
                match text.as_str() {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    _ => None,
                }
            } else {
                return Err(no_method(rt, "parse", a));
            };
            match parsed {
                Some(v) => Ok(v),
                None => {
                    let tn = rt.world.type_string(t);
                    Err(rt.argument_error(format!("cannot parse \"{s}\" as {tn}")))
                }
            }
        },
    );
    // `'a' + 1`, `'b' - 'a'`: characters are code points.
    def(
        rt,
        base,
        "+",
        &[b.abstract_char, b.integer],
        None,
        |rt, a| {
            let (Value::Char(c), Some(Num::I(n))) = (&a[0], num(&a[1])) else {
                return Err(no_method(rt, "+", a));
            };
            char::from_u32((*c as i64 + n) as u32)
                .map(Value::Char)
                .ok_or_else(|| rt.argument_error("invalid character code point"))
        },
    );
    def(
        rt,
        base,
        "-",
        &[b.abstract_char, b.integer],
        None,
        |rt, a| {
            let (Value::Char(c), Some(Num::I(n))) = (&a[0], num(&a[1])) else {
                return Err(no_method(rt, "-", a));
            };
            char::from_u32((*c as i64 - n) as u32)
                .map(Value::Char)
                .ok_or_else(|| rt.argument_error("invalid character code point"))
        },
    );
    def(
        rt,
        base,
        "-",
        &[b.abstract_char, b.abstract_char],
        None,
        |rt, a| {
            let (Value::Char(x), Value::Char(y)) = (&a[0], &a[1]) else {
                return Err(no_method(rt, "-", a));
            };
            Ok(Value::Int(*x as i64 - *y as i64))
        },
    );

    // reflection and errors
    def(rt, core, "typeof", &[any], None, |rt, a| {
        Ok(Value::Type(rt.world.typeof_(&a[0])))
    });
    def(rt, core, "isa", &[any, any], None, |rt, a| match &a[1] {
        Value::Type(t) => {
            let t = *t;
            Ok(Value::Bool(rt.world.isa(&a[0], t)))
        }
        _ => Err(no_method(rt, "isa", a)),
    });
    def(rt, core, "<:", &[any, any], None, |rt, a| {
        match (&a[0], &a[1]) {
            (Value::Type(x), Value::Type(y)) => {
                let (x, y) = (*x, *y);
                rt.world.types.ensure_supertypes(x);
                Ok(Value::Bool(rt.world.types.issub(x, y)))
            }
            _ => Err(no_method(rt, "<:", a)),
        }
    });
    def(
        rt,
        core,
        "supertype",
        &[b.datatype],
        None,
        |rt, a| match &a[0] {
            Value::Type(t) => {
                let t = *t;
                Ok(Value::Type(
                    rt.world.types.supertype(t).unwrap_or(rt.world.types.b.any),
                ))
            }
            _ => Err(no_method(rt, "supertype", a)),
        },
    );
    // A tuple type's element types as a tuple (`nothing` for another type), and the tuple
    // type of a tuple of types: what `typejoin` of two tuple types works with.
    def(rt, base, "_tuple_params", &[any], None, |rt, a| {
        Ok(match &a[0] {
            Value::Type(t) => match rt.world.types.kind(*t) {
                TyKind::Tuple(ts) => Value::tuple(ts.iter().map(|&t| Value::Type(t)).collect()),
                _ => Value::Nothing,
            },
            _ => Value::Nothing,
        })
    });
    // A union type's members as a tuple (`nothing` for another type).
    def(rt, base, "_union_types", &[any], None, |rt, a| {
        Ok(match &a[0] {
            Value::Type(t) => match rt.world.types.kind(*t) {
                TyKind::Union(ts) => Value::tuple(ts.iter().map(|&t| Value::Type(t)).collect()),
                _ => Value::Nothing,
            },
            _ => Value::Nothing,
        })
    });
    // `typejoin` of two types that are neither tuples nor unions (`TypeStore::typejoin_data`).
    def(
        rt,
        base,
        "_typejoin_data",
        &[any, any],
        None,
        |rt, a| match (&a[0], &a[1]) {
            (Value::Type(x), Value::Type(y)) => {
                let (x, y) = (*x, *y);
                Ok(Value::Type(rt.world.types.typejoin_data(x, y)))
            }
            _ => Err(no_method(rt, "_typejoin_data", a)),
        },
    );
    def(rt, base, "_tuple_type", &[b.tuple], None, |rt, a| {
        let Value::Tuple(items) = &a[0] else {
            unreachable!("dispatched on Tuple")
        };
        let mut ts = Vec::with_capacity(items.len());
        for x in items.iter() {
            match x {
                Value::Type(t) => ts.push(*t),
                _ => return Err(no_method(rt, "_tuple_type", a)),
            }
        }
        Ok(Value::Type(rt.world.types.intern(TyKind::Tuple(ts))))
    });
    // `nameof(T)`: a type's name, without its parameters.
    def(rt, base, "nameof", &[b.datatype], None, |rt, a| {
        let Value::Type(t) = a[0] else {
            unreachable!("dispatched on DataType")
        };
        match rt.world.types.type_name(t) {
            Some(tn) => Ok(Value::Symbol(rt.world.types.names[tn.index()].name)),
            None => Err(no_method(rt, "nameof", a)),
        }
    });
    def(rt, core, "fieldnames", &[b.datatype], None, |rt, a| {
        let Value::Type(t) = a[0] else {
            unreachable!("dispatched on DataType")
        };
        let names = match rt.world.types.type_name(t) {
            Some(tn) => rt.world.types.names[tn.index()]
                .fields
                .iter()
                .map(|(n, _)| Value::Symbol(*n))
                .collect(),
            None => Vec::new(),
        };
        Ok(Value::tuple(names))
    });
    // `ismutable(x)`: whether `x` is an object of a mutable kind (a mutable struct, an array,
    // a dict, an IO buffer); `deepcopy` copies exactly these.
    def(rt, base, "ismutable", &[any], None, |_, a| {
        Ok(Value::Bool(match &a[0] {
            Value::Struct(s) => s.mutable,
            Value::Array(_) | Value::Dict(_) | Value::IOBuffer(_) => true,
            _ => false,
        }))
    });
    def(rt, core, "getfield", &[any, b.symbol], None, |rt, a| {
        let Value::Symbol(s) = a[1] else {
            unreachable!("dispatched on Symbol")
        };
        getfield(rt, &a[0].clone(), s)
    });
    def(
        rt,
        core,
        "setfield!",
        &[any, b.symbol, any],
        None,
        |rt, a| {
            let Value::Symbol(s) = a[1] else {
                unreachable!("dispatched on Symbol")
            };
            setfield(rt, &a[0].clone(), s, a[2].clone())?;
            Ok(a[2].clone())
        },
    );
    def(rt, core, "throw", &[any], None, |_, a| {
        Err(JlError::new(a[0].clone()))
    });
    def(rt, base, "error", &[], Some(any), |rt, a| {
        let mut s = String::new();
        for x in a.iter() {
            show::print_to(rt, x, &mut s)?;
        }
        Err(rt.error_exception(s))
    });
    def(rt, base, "isnothing", &[any], None, |_, a| {
        Ok(Value::Bool(matches!(a[0], Value::Nothing)))
    });
    def(rt, core, "#apply_type", &[any], Some(any), apply_type);
    def(
        rt,
        core,
        "#namedtuple",
        &[b.tuple],
        Some(any),
        namedtuple_builtin,
    );
    def(
        rt,
        core,
        "_namedtuple",
        &[b.tuple],
        Some(any),
        namedtuple_builtin,
    );
    // `keys` and `values` of a named tuple, as tuples (Base builds the rest on them).
    def(rt, core, "_nt_names", &[b.named_tuple], None, |rt, a| {
        let Value::Struct(s) = &a[0] else {
            unreachable!("dispatched on NamedTuple")
        };
        let names = namedtuple_names(rt, s.ty).unwrap_or_default();
        Ok(Value::tuple(names.into_iter().map(Value::Symbol).collect()))
    });
    def(rt, core, "_nt_values", &[b.named_tuple], None, |_, a| {
        let Value::Struct(s) = &a[0] else {
            unreachable!("dispatched on NamedTuple")
        };
        Ok(Value::tuple(s.fields.borrow().clone()))
    });
    // `new`: an instance of struct type `T` with these field values (converted to the field
    // types). The default constructors call it.
    def(
        rt,
        core,
        "_new",
        &[b.datatype],
        Some(any),
        |rt, a| match a.remove(0) {
            Value::Type(t) => construct(rt, t, a),
            other => {
                let dt = rt.world.types.b.datatype;
                Err(rt.type_error("new", dt, &other))
            }
        },
    );
    def(rt, base, "_print_elapsed", &[b.integer], None, |rt, a| {
        let ns = int_arg(rt, "_print_elapsed", a, 0)?;
        rt.write_stdout(&format!("{:10.6} seconds\n", ns as f64 / 1e9));
        Ok(Value::Nothing)
    });
    // The clocks a program reads. While a package is precompiled (defined or running its
    // workload) both are the runtime's own deterministic clock, so an image is the same
    // whenever it is built: it starts at 2000-01-01T00:00:00 UTC and each reading advances it
    // by one millisecond (a loop waiting for time to pass still ends). `sleep` and `Timer`
    // keep the host's monotonic clock.
    def(rt, base, "time_ns", &[], None, |rt, _| {
        let ns = match rt.hermetic_clock() {
            Some(ns) => ns - HERMETIC_EPOCH_NS,
            None => rt.host.monotonic_ns(),
        };
        Ok(
            Value::from_bits(&rt.world.types, rt.world.types.b.uint64, u128::from(ns))
                .expect("a UInt64 fits"),
        )
    });
    // `time()`: seconds since the Unix epoch, with microseconds (as Julia's `jl_clock_now`).
    def(rt, base, "time", &[], None, |rt, _| {
        let ns = match rt.hermetic_clock() {
            Some(ns) => ns,
            None => rt.host.wall_clock_ns(),
        };
        Ok(Value::Float((ns / 1000) as f64 / 1e6))
    });
}

/// `T{params...}`: applies a parametric type (or builds `Union{…}` / `Tuple{…}`).
fn apply_type(rt: &mut Runtime, args: &mut Vec<Value>) -> JlResult<Value> {
    // `NamedTuple{(:a, :b), Tuple{Int64, String}}`: names, then the values' tuple type.
    if let (Value::Type(t), [Value::Tuple(names), Value::Type(types)]) = (&args[0], &args[1..])
        && rt
            .world
            .types
            .type_name(*t)
            .is_some_and(|tn| &*rt.world.types.names[tn.index()].name.as_str() == "NamedTuple")
        && let TyKind::Tuple(elems) = rt.world.types.kind(*types).clone()
        && elems.len() == names.len()
    {
        let mut syms = Vec::new();
        for n in names.iter() {
            let Value::Symbol(s) = n else {
                let n = n.clone();
                let sym = rt.world.types.b.symbol;
                return Err(rt.type_error("NamedTuple names", sym, &n));
            };
            syms.push(*s);
        }
        return Ok(Value::Type(rt.world.types.named_tuple(syms, elems)));
    }
    let mut params = Vec::new();
    for p in &args[1..] {
        match p {
            Value::Type(t) => params.push(*t),
            // `Array{Float64, 3}`: an integer parameter.
            Value::Int(n) => params.push(rt.world.types.intern(TyKind::Int(*n))),
            // `Val{:x}`, `MIME{Symbol("text/plain")}`: a symbol parameter.
            Value::Symbol(s) => params.push(rt.world.types.intern(TyKind::Sym(*s))),
            Value::Bool(b) => params.push(rt.world.types.intern(TyKind::Bool(*b))),
            other => {
                let other = other.clone();
                let dt = rt.world.types.b.datatype;
                return Err(rt.type_error("Type{...} expression", dt, &other));
            }
        }
    }
    match &args[0] {
        Value::Type(t) => {
            let t = *t;
            let Some(tn) = rt.world.types.type_name(t) else {
                return Err(rt.error_exception(format!(
                    "{} is not a parametric type",
                    rt.world.type_string(t)
                )));
            };
            let name = rt.world.types.names[tn.index()].clone();
            match &*name.name.as_str() {
                "Union" => return Ok(Value::Type(rt.world.types.union(&params))),
                "Tuple" => return Ok(Value::Type(rt.world.types.tuple(params))),
                "NTuple" => {
                    if let [n, elem] = params[..]
                        && let TyKind::Int(n) = *rt.world.types.kind(n)
                        && n >= 0
                    {
                        return Ok(Value::Type(rt.world.types.tuple(vec![elem; n as usize])));
                    }
                    return Err(rt.error_exception(
                        "unsupported: NTuple{N, T} with N not a literal non-negative integer",
                    ));
                }
                _ => {}
            }
            if !rt.world.types.params(t).is_empty() || params.len() > name.params.len() {
                let msg = format!("too many parameters for type {}", name.name);
                return Err(rt.error_exception(msg));
            }
            let ty = rt.world.types.apply(tn, params);
            rt.world.types.ensure_supertypes(ty);
            Ok(Value::Type(ty))
        }
        other => {
            let other = other.clone();
            let dt = rt.world.types.b.datatype;
            Err(rt.type_error("Type{...} expression", dt, &other))
        }
    }
}
