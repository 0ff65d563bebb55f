//! Array primitives: allocation with dims (`Array{T}(undef, m, n)`, `fill`), `size`,
//! `reshape`, and indexing with several indices (`A[i, j]`, `A[:, j]`, `A[i, :] = v`) in
//! column-major order. What is built on them (`hcat`, `vcat`, arithmetic, `transpose`) is Julia
//! code in `base/array.jl`.

#![allow(clippy::ptr_arg)]

use super::builtins::{alloc_len, convert, def, default_value, no_method};
use super::{JlError, JlResult, Runtime};
use crate::ids::TyId;
use crate::symbol::Sym;
use crate::types::TyKind;
use crate::value::{ArrayObj, NumVal, Value};

pub fn install(rt: &mut Runtime) {
    let b = rt.world.types.b;
    let (base, any) = (rt.world.base, b.any);
    // The array types the runtime represents itself; an `AbstractArray` written in Julia defines
    // its own `size`.
    for t in [b.array, b.unit_range, b.step_range] {
        def(rt, base, "size", &[t], None, |rt, a| {
            let dims = dims_of(rt, "size", a, &a[0])?;
            Ok(Value::tuple(
                dims.into_iter().map(|d| Value::Int(d as i64)).collect(),
            ))
        });
        def(rt, base, "size", &[t, b.integer], None, |rt, a| {
            let dims = dims_of(rt, "size", a, &a[0])?;
            let d = match &a[1] {
                Value::Int(d) => *d,
                _ => return Err(no_method(rt, "size", a)),
            };
            if d < 1 {
                return Err(rt.argument_error("dimension out of range"));
            }
            // Dimensions past the last are 1, as in Julia.
            Ok(Value::Int(
                dims.get(d as usize - 1).map_or(1, |&n| n as i64),
            ))
        });
    }
    // `fill(x, m, n)` and `fill(x, (m, n))`.
    def(rt, base, "fill", &[any], Some(any), |rt, a| {
        let dims = dims_args(rt, "fill", a, 1)?;
        let n = total(rt, &dims)?;
        let t = rt.world.typeof_(&a[0]);
        Ok(Value::array(t, shape(dims), vec![a[0].clone(); n]))
    });
    // `reshape(A, m, n)` and `reshape(A, (m, n))`: the same elements, in the same order.
    def(
        rt,
        base,
        "reshape",
        &[b.abstract_array],
        Some(any),
        |rt, a| {
            let dims = dims_args(rt, "reshape", a, 1)?;
            let items = super::builtins::collect_iterable(rt, &a[0].clone())?;
            let n = total(rt, &dims)?;
            if n != items.len() {
                let shown: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
                let tuple = if shown.len() == 1 {
                    format!("({},)", shown[0])
                } else {
                    format!("({})", shown.join(", "))
                };
                return Err(rt.dimension_mismatch(format!(
                    "new dimensions {tuple} must be consistent with array length {}",
                    items.len()
                )));
            }
            let elty = match &a[0] {
                Value::Array(v) => v.elty,
                _ => rt.world.types.b.int64,
            };
            Ok(Value::array(elty, shape(dims), items))
        },
    );
    def(
        rt,
        base,
        "getindex",
        &[b.array, any, any],
        Some(any),
        getindex,
    );
    def(
        rt,
        base,
        "setindex!",
        &[b.array, any, any, any],
        Some(any),
        setindex,
    );
}

/// The dims of an array argument (a range is a vector).
fn dims_of(rt: &mut Runtime, fname: &str, args: &[Value], v: &Value) -> JlResult<Vec<usize>> {
    Ok(match v {
        Value::Array(x) => x.size(),
        Value::Range(..) | Value::StepRange(..) => {
            vec![super::builtins::collect_iterable(rt, v)?.len()]
        }
        _ => return Err(no_method(rt, fname, args)),
    })
}

/// A vector's shape is its length; every other array keeps its dims.
fn shape(dims: Vec<usize>) -> Option<Box<[usize]>> {
    if dims.len() == 1 {
        None
    } else {
        Some(dims.into_boxed_slice())
    }
}

/// The number of elements of `dims`, refused when it could not be allocated.
fn total(rt: &mut Runtime, dims: &[usize]) -> JlResult<usize> {
    let n = dims
        .iter()
        .try_fold(1i64, |acc, &d| acc.checked_mul(d as i64))
        .unwrap_or(i64::MAX);
    alloc_len(rt, n, size_of::<Value>())
}

/// Dims given as integers from `args[from..]`, or as one tuple of integers there.
fn dims_args(rt: &mut Runtime, fname: &str, args: &[Value], from: usize) -> JlResult<Vec<usize>> {
    let given: Vec<Value> = match &args[from..] {
        [Value::Tuple(t)] => t.to_vec(),
        rest => rest.to_vec(),
    };
    let mut dims = Vec::with_capacity(given.len());
    for d in &given {
        let n = match d {
            Value::Int(n) => *n,
            Value::Bits(_) | Value::Wide(_) | Value::BigInt(_) => match d.num_value() {
                Some(NumVal::Int(n)) if i64::try_from(n).is_ok() => n as i64,
                _ => return Err(no_method(rt, fname, args)),
            },
            _ => return Err(no_method(rt, fname, args)),
        };
        if n < 0 {
            let shown: Vec<String> = given
                .iter()
                .map(|x| super::show::repr(rt, x))
                .collect::<JlResult<_>>()?;
            return Err(
                rt.argument_error(format!("invalid Array dimensions: ({})", shown.join(", ")))
            );
        }
        dims.push(n as usize);
    }
    Ok(dims)
}

/// `Array{T, N}(undef, dims...)`, `Array{T}(undef, dims...)`, `Vector{T}()`, with `t` the
/// applied type (`Array{T}` leaves `N` to the number of dims).
pub fn construct(rt: &mut Runtime, t: TyId, args: &mut Vec<Value>) -> JlResult<Value> {
    let params = rt.world.types.params(t).to_vec();
    let fail =
        |rt: &mut Runtime, args: &Vec<Value>| Err(rt.method_error(Value::Type(t), args.clone()));
    let Some(&elty) = params.first() else {
        return fail(rt, args);
    };
    let n = match params.get(1).map(|&p| rt.world.types.kind(p).clone()) {
        Some(TyKind::Int(n)) => Some(n),
        Some(_) => return fail(rt, args),
        None => None,
    };
    // `Vector{T}()`: an empty vector.
    if args.is_empty() && n == Some(1) {
        return Ok(Value::array(elty, None, Vec::new()));
    }
    match args.first() {
        Some(Value::Struct(u)) if u.ty == rt.world.undef_initializer => {}
        _ => return fail(rt, args),
    }
    let dims = match dims_args(rt, "Array", args, 1) {
        Ok(d) => d,
        Err(e) if args.len() > 1 => return Err(e),
        Err(_) => return fail(rt, args),
    };
    if n.is_some_and(|n| n != dims.len() as i64) || (n.is_none() && dims.is_empty()) {
        return fail(rt, args);
    }
    let len = total(rt, &dims)?;
    let fill = default_value(rt, elty);
    Ok(Value::array(elty, shape(dims), vec![fill; len]))
}

/// One index of an indexing expression, resolved against its dimension: 0-based positions.
enum Sel {
    One(usize),
    Many(Vec<usize>),
}

/// The dims the indices address: with fewer indices than dims the last one spans the rest,
/// with more the extra ones are dims of size 1.
fn effective_dims(dims: &[usize], k: usize) -> Vec<usize> {
    if k >= dims.len() {
        let mut d = dims.to_vec();
        d.resize(k, 1);
        d
    } else {
        let mut d = dims[..k - 1].to_vec();
        d.push(dims[k - 1..].iter().product());
        d
    }
}

pub fn is_colon(rt: &Runtime, v: &Value) -> bool {
    matches!(
        (v, rt.world.lookup(rt.world.base, Sym::new(":"))),
        (Value::Function(f), Some(Value::Function(c))) if f == c
    )
}

/// Resolves every index; an index outside its dimension is a `BoundsError` naming them all.
fn resolve(
    rt: &mut Runtime,
    fname: &str,
    args: &[Value],
    a: &Value,
    dims: &[usize],
    idx: &[Value],
) -> JlResult<Vec<Sel>> {
    let oob =
        |rt: &mut Runtime| -> JlError { rt.bounds_error(a.clone(), Value::tuple(idx.to_vec())) };
    let mut out = Vec::with_capacity(idx.len());
    for (i, ext) in idx.iter().zip(dims) {
        let pos = |k: i64| (k >= 1 && k as u64 <= *ext as u64).then(|| k as usize - 1);
        let sel = match i {
            Value::Int(k) => match pos(*k) {
                Some(p) => Sel::One(p),
                None => return Err(oob(rt)),
            },
            Value::Bits(b) => match b.value() {
                NumVal::Int(k) => match i64::try_from(k).ok().and_then(pos) {
                    Some(p) => Sel::One(p),
                    None => return Err(oob(rt)),
                },
                _ => return Err(no_method(rt, fname, args)),
            },
            Value::Wide(_) | Value::BigInt(_) => match i.num_value() {
                Some(NumVal::Int(k)) => match i64::try_from(k).ok().and_then(pos) {
                    Some(p) => Sel::One(p),
                    None => return Err(oob(rt)),
                },
                _ => return Err(oob(rt)),
            },
            _ if is_colon(rt, i) => Sel::Many((0..*ext).collect()),
            Value::Range(..) | Value::StepRange(..) | Value::Array(_) => {
                let ks = super::builtins::collect_iterable(rt, i)?;
                let mut ps = Vec::with_capacity(ks.len());
                for k in &ks {
                    match k {
                        Value::Int(k) => match pos(*k) {
                            Some(p) => ps.push(p),
                            None => return Err(oob(rt)),
                        },
                        _ => return Err(no_method(rt, fname, args)),
                    }
                }
                Sel::Many(ps)
            }
            _ => return Err(no_method(rt, fname, args)),
        };
        out.push(sel);
    }
    Ok(out)
}

/// The linear positions the selections address, first index fastest, and the dims of the
/// result (`None` when every index is a scalar).
fn positions(dims: &[usize], sels: &[Sel]) -> (Vec<usize>, Option<Vec<usize>>) {
    let lists: Vec<&[usize]> = sels
        .iter()
        .map(|s| match s {
            Sel::One(p) => std::slice::from_ref(p),
            Sel::Many(ps) => ps.as_slice(),
        })
        .collect();
    let kept: Vec<usize> = sels
        .iter()
        .filter_map(|s| match s {
            Sel::Many(ps) => Some(ps.len()),
            Sel::One(_) => None,
        })
        .collect();
    let all_scalar = sels.iter().all(|s| matches!(s, Sel::One(_)));
    let count: usize = lists.iter().map(|l| l.len()).product();
    let mut out = Vec::with_capacity(count);
    if count > 0 {
        let mut ctr = vec![0usize; lists.len()];
        loop {
            let mut lin = 0;
            let mut stride = 1;
            for (k, l) in lists.iter().enumerate() {
                lin += l[ctr[k]] * stride;
                stride *= dims[k];
            }
            out.push(lin);
            // Advance the first index fastest (column-major).
            let mut k = 0;
            while k < lists.len() {
                ctr[k] += 1;
                if ctr[k] < lists[k].len() {
                    break;
                }
                ctr[k] = 0;
                k += 1;
            }
            if k == lists.len() {
                break;
            }
        }
    }
    (out, (!all_scalar).then_some(kept))
}

fn array_arg<'a>(rt: &mut Runtime, fname: &str, args: &'a [Value]) -> JlResult<&'a ArrayObj> {
    match &args[0] {
        Value::Array(v) => Ok(v),
        _ => Err(no_method(rt, fname, args)),
    }
}

/// `A[i, j, …]` with two or more indices.
fn getindex(rt: &mut Runtime, args: &mut Vec<Value>) -> JlResult<Value> {
    super::builtins::int_indices(&mut args[1..]);
    let a = args[0].clone();
    let arr = array_arg(rt, "getindex", args)?;
    let (elty, dims) = (arr.elty, effective_dims(&arr.size(), args.len() - 1));
    let sels = resolve(rt, "getindex", args, &a, &dims, &args[1..])?;
    let (pos, shape_out) = positions(&dims, &sels);
    alloc_len(rt, pos.len() as i64, size_of::<Value>())?;
    let Value::Array(arr) = &a else {
        unreachable!("checked above")
    };
    let items = arr.items.borrow();
    let picked: Vec<Value> = pos.iter().map(|&p| items[p].clone()).collect();
    Ok(match shape_out {
        None => picked.into_iter().next().expect("one position"),
        Some(d) => Value::array(elty, shape(d), picked),
    })
}

/// `A[i, j, …] = v` with two or more indices; a slice takes the elements of an array `v`.
fn setindex(rt: &mut Runtime, args: &mut Vec<Value>) -> JlResult<Value> {
    super::builtins::int_indices(&mut args[2..]);
    let a = args[0].clone();
    let v = args[1].clone();
    let arr = array_arg(rt, "setindex!", args)?;
    let (elty, dims) = (arr.elty, effective_dims(&arr.size(), args.len() - 2));
    let sels = resolve(rt, "setindex!", args, &a, &dims, &args[2..])?;
    let (pos, shape_out) = positions(&dims, &sels);
    let Value::Array(arr) = &a else {
        unreachable!("checked above")
    };
    if shape_out.is_none() {
        let x = convert(rt, elty, v)?;
        arr.items.borrow_mut()[pos[0]] = x;
        return Ok(a.clone());
    }
    let vals = match &v {
        Value::Array(_) | Value::Tuple(_) | Value::Range(..) | Value::StepRange(..) => {
            super::builtins::collect_iterable(rt, &v)?
        }
        _ => {
            return Err(rt.argument_error(
                "indexed assignment with a single value to possibly many locations is not supported; perhaps use broadcasting `.=` instead?",
            ));
        }
    };
    if vals.len() != pos.len() {
        // Julia's `throw_setindex_mismatch`: the lengths of every index, scalars included.
        let lens: Vec<usize> = sels
            .iter()
            .map(|s| match s {
                Sel::One(_) => 1,
                Sel::Many(ps) => ps.len(),
            })
            .collect();
        let src = match &v {
            Value::Array(x) => x.size(),
            _ => vec![vals.len()],
        };
        return Err(rt.dimension_mismatch(format!(
            "tried to assign {} array to {} destination",
            dims_string(&src),
            dims_string(&lens)
        )));
    }
    for (p, x) in pos.into_iter().zip(vals) {
        let x = convert(rt, elty, x)?;
        arr.items.borrow_mut()[p] = x;
    }
    Ok(a.clone())
}

/// Julia's `dims2string`: `3-element`, `2×3`, `0-dimensional`.
fn dims_string(d: &[usize]) -> String {
    match d {
        [] => "0-dimensional".into(),
        [n] => format!("{n}-element"),
        _ => d
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("×"),
    }
}

/// `2×3 Matrix{Int64}`, `3-element Vector{Int64}`: how Julia summarizes an array.
pub fn summary(rt: &mut Runtime, v: &Value) -> String {
    let t = rt.world.typeof_(v);
    let ts = rt.world.type_string(t);
    match v {
        Value::Array(a) if a.dims.is_some() => {
            let d: Vec<String> = a.size().iter().map(|n| n.to_string()).collect();
            let d = if d.is_empty() {
                "0-dimensional".to_string()
            } else {
                d.join("×")
            };
            format!("{d} {ts}")
        }
        Value::Array(a) => format!("{}-element {ts}", a.items.borrow().len()),
        _ => ts,
    }
}
