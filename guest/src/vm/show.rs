//! Printing values exactly as Julia does: `print` (strings raw), `show`/`repr` (strings quoted,
//! containers with their element type when needed), the REPL's `display`, and error messages.

use std::rc::Rc;

use super::JlResult;
use super::Runtime;
use crate::ids::TyId;
use crate::symbol::Sym;
use crate::types::PrimKind;
use crate::types::TyKind;
use crate::value::{ArrayObj, Bits, Closure, NumVal, Value, WideBits};
use crate::world::{DispatchError, MethodBody};

/// Julia's shortest round-trip float printing: `1.0`, `0.1`, `1.0e6`, `1.5e-7`, `Inf`, `NaN`.
pub fn format_float(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Inf".into() } else { "-Inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    shortest(&format!("{:e}", x), "e")
}

/// Julia's printing of a `Float32`: like a `Float64` for `print`; `show` marks it as a
/// `Float32` (`1.5f0`, `1.0f6`, `NaN32`, `-Inf32`).
pub fn format_float32(x: f32, show: bool) -> String {
    if !x.is_finite() || x == 0.0 {
        let s = format_float(x as f64);
        return match (show, x.is_finite()) {
            (true, false) => format!("{s}32"),
            (true, true) => format!("{s}f0"),
            (false, _) => s,
        };
    }
    // The shortest digits that read back as this `Float32` (not as a `Float64`).
    let sci = format!("{:e}", x);
    if !show {
        return shortest(&sci, "e");
    }
    let s = shortest(&sci, "f");
    if s.contains('f') { s } else { format!("{s}f0") }
}

/// Julia's printing of a `Float16`: the shortest digits that read back as it, in scientific
/// notation from 1000 on (Ryu's threshold for `Float16`); `show` wraps them (`Float16(1.5)`)
/// and names the special values `NaN16`, `Inf16`, `-Inf16`.
pub fn format_float16(h: u16, show: bool) -> String {
    let x = crate::value::f16_to_f64(h);
    if !x.is_finite() {
        let s = format_float(x);
        return if show { format!("{s}16") } else { s };
    }
    let s = if x == 0.0 {
        format_float(x)
    } else {
        let sci = (0..6)
            .map(|p| format!("{x:.p$e}"))
            .find(|s| {
                s.parse::<f64>()
                    .is_ok_and(|y| crate::value::f64_to_f16(y) == h)
            })
            .unwrap_or_else(|| format!("{x:e}"));
        let exp: i32 = sci
            .split_once('e')
            .and_then(|(_, e)| e.parse().ok())
            .unwrap_or(0);
        if exp >= 3 {
            let (mant, _) = sci.split_once('e').expect("scientific");
            let mant = if mant.contains('.') {
                mant.to_string()
            } else {
                format!("{mant}.0")
            };
            format!("{mant}e{exp}")
        } else {
            shortest(&sci, "e")
        }
    };
    if show { format!("Float16({s})") } else { s }
}

/// Lays out shortest round-trip digits (`{:e}` output) as Julia does, with `marker` before a
/// printed exponent.
fn shortest(sci: &str, marker: &str) -> String {
    let (mant, exp) = sci.split_once('e').expect("`{:e}` has an exponent");
    let exp: i32 = exp.parse().expect("exponent is an integer");
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if (-5..6).contains(&exp) && (exp != -5) {
        if exp >= 0 {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.push_str(&digits);
                out.extend(std::iter::repeat_n('0', int_len - digits.len()));
                out.push_str(".0");
            } else {
                out.push_str(&digits[..int_len]);
                out.push('.');
                out.push_str(&digits[int_len..]);
            }
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-exp - 1) as usize));
            out.push_str(&digits);
        }
    } else {
        out.push_str(&digits[..1]);
        out.push('.');
        out.push_str(if digits.len() > 1 { &digits[1..] } else { "0" });
        out.push_str(&format!("{marker}{exp}"));
    }
    out
}

/// A primitive number of a type other than `Int64`/`Float64`/`Bool`: `show` writes unsigned
/// integers in hex with all their digits (`0x05`), `print` in decimal.
fn format_bits(b: Bits, show: bool) -> String {
    match (b.prim.kind, b.value()) {
        (PrimKind::Unsigned, _) if show => {
            format!("0x{:0width$x}", b.bits, width = b.prim.bits as usize / 4)
        }
        (PrimKind::Float, _) if b.prim.bits == 32 => {
            format_float32(f32::from_bits(b.bits as u32), show)
        }
        (PrimKind::Float, _) if b.prim.bits == 16 => format_float16(b.bits as u16, show),
        (_, NumVal::Int(i)) => i.to_string(),
        (_, NumVal::Float(f)) => format_float(f),
        (_, NumVal::Big(n)) => n.to_string(),
    }
}

/// An `Int128` or `UInt128`, as `format_bits` writes the narrower ones.
fn format_wide(b: &WideBits, show: bool) -> String {
    match b.value() {
        _ if show && b.prim.kind == PrimKind::Unsigned => format!("0x{:032x}", b.bits),
        NumVal::Int(i) => i.to_string(),
        NumVal::Big(n) => n.to_string(),
        NumVal::Float(f) => format_float(f),
    }
}

/// `print(x)`: strings and chars raw, everything else as `show`.
pub fn print_to(rt: &mut Runtime, v: &Value, out: &mut String) -> JlResult<()> {
    match v {
        Value::Str(s) => out.push_str(s),
        Value::Char(c) => out.push(*c),
        Value::Symbol(s) => out.push_str(&s.as_str()),
        Value::Bits(b) => out.push_str(&format_bits(*b, false)),
        Value::Wide(b) => out.push_str(&format_wide(b, false)),
        Value::BigInt(n) => out.push_str(&n.to_string()),
        // Julia prints a function by its method table's name: `#1`, or a local function's `g`.
        Value::Closure(c) => out.push_str(&c.code.name.as_str()),
        Value::Struct(_) if super::expr::print_code(rt, v, out)? => {}
        Value::Struct(_) if let Some(s) = super::builtins::substring_text(rt, v) => {
            out.push_str(&s)
        }
        // A `print(io, x)` written in Julia (`SubstitutionString`'s, a user's).
        Value::Struct(_) if let Some(print) = user_method(rt, "print", v) => {
            out.push_str(&sprint_call(rt, &print, vec![v.clone()])?);
        }
        _ => show_to(rt, v, out, false)?,
    }
    Ok(())
}

/// `repr(x)`.
pub fn repr(rt: &mut Runtime, v: &Value) -> JlResult<String> {
    let mut s = String::new();
    show_to(rt, v, &mut s, false)?;
    Ok(s)
}

/// Julia's escaping of a string or character literal, inside delimiters `quote`.
fn escape_into(s: &str, quote: char, out: &mut String) {
    out.push(quote);
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\\\"),
            '$' if quote == '"' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            '\u{1b}' => out.push_str("\\e"),
            // `\0` unless a digit follows (it would read as an octal escape).
            '\0' if !chars.get(i + 1).is_some_and(|n| n.is_ascii_digit()) => out.push_str("\\0"),
            c if (c as u32) < 0x80 && c.is_control() => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() || is_format_char(c) => out.push_str(&format!("\\u{:x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
}

/// Invisible formatting characters Julia escapes (zero-width spaces, direction marks, BOM).
fn is_format_char(c: char) -> bool {
    matches!(c as u32, 0xad | 0x200b..=0x200f | 0x2028..=0x202e | 0x2060..=0x2064 | 0xfeff)
}

/// A symbol as `show` writes it (base/show.jl's `show_unquoted_quote_expr`): `:x` for an
/// identifier or an operator, `:(=)` for the operators that need parentheses, otherwise
/// `Symbol("…")`.
fn show_symbol(s: &str, out: &mut String) {
    use crate::syntax::lexer::{is_ident_continue, is_ident_start};
    let ident = s != "true"
        && s != "false"
        && s.chars().next().is_some_and(is_ident_start)
        && s.chars().skip(1).all(is_ident_continue);
    if matches!(s, ":" | "::" | ":=" | "=" | "==" | "===" | "=>") {
        out.push_str(":(");
        out.push_str(s);
        out.push(')');
    } else if ident || (super::expr::is_operator(s) && s != "'") {
        out.push(':');
        out.push_str(s);
    } else {
        out.push_str("Symbol(");
        escape_str(s, out);
        out.push(')');
    }
}

fn escape_str(s: &str, out: &mut String) {
    escape_into(s, '"', out);
}

/// A user method of `show(io, x)` for `x`'s type, if Julia code defined one.
fn user_show(rt: &mut Runtime, v: &Value) -> Option<Value> {
    user_method(rt, "show", v)
}

/// A method of Base's `name(io, x)` for `x`'s type written in Julia, if there is one.
fn user_method(rt: &mut Runtime, name: &str, v: &Value) -> Option<Value> {
    if rt.plain_show {
        return None;
    }
    let show = rt.world.lookup(rt.world.base, Sym::new(name))?.clone();
    let Value::Function(f) = show else {
        return None;
    };
    let io = rt.world.types.b.io_buffer;
    let t = rt.world.typeof_(v);
    match rt.world.dispatch(f, &[io, t]) {
        Ok(mi) => {
            let m = rt.world.mis[mi.index()].method;
            match rt.world.methods[m.index()].body {
                MethodBody::Code(_) => Some(show),
                MethodBody::Builtin(_) | MethodBody::New(_) => None,
            }
        }
        Err(DispatchError::NoMethod | DispatchError::Ambiguous(_)) => None,
    }
}

/// The Julia `show` method for `(IO, MIME"text/plain", typeof(v))` and the `MIME` value, when
/// one more specific than Base's fallback (whose value parameter is `Any`) applies to a struct.
fn user_show_text_plain(rt: &mut Runtime, v: &Value) -> Option<(Value, Value)> {
    // The runtime's own values (arrays, ranges, dicts …) are displayed by the builtin, even
    // where Base has a generic method (`AbstractArray`'s) for the types written in Julia.
    if rt.plain_show || !matches!(v, Value::Struct(_)) {
        return None;
    }
    let show = rt.world.lookup(rt.world.base, Sym::new("show"))?.clone();
    let Value::Function(f) = show else {
        return None;
    };
    let Some(Value::Type(mime)) = rt.world.lookup(rt.world.base, Sym::new("MIME")).cloned() else {
        return None;
    };
    let TyKind::Data { tn, .. } = *rt.world.types.kind(mime) else {
        return None;
    };
    let text = rt.world.types.intern(TyKind::Sym(Sym::new("text/plain")));
    let mime_t = rt.world.types.apply(tn, vec![text]);
    let io = rt.world.types.b.io_buffer;
    let t = rt.world.typeof_(v);
    let mi = rt.world.dispatch(f, &[io, mime_t, t]).ok()?;
    let m = &rt.world.methods[rt.world.mis[mi.index()].method.index()];
    let specific = m.sig.get(2).is_some_and(|&p| p != rt.world.types.b.any);
    (specific && matches!(m.body, MethodBody::Code(_)))
        .then(|| (show, Value::new_struct(mime_t, Vec::new())))
}

/// Element types a vector prints without a prefix (`[1, 2]` but `Any[1, 2]`), including those
/// a Julia method `Base.typeinfo_implicit(::Type{T})` names (`Date`, whose `show` says its type).
fn implicit_eltype(rt: &mut Runtime, t: crate::ids::TyId) -> bool {
    let b = rt.world.types.b;
    if [b.int64, b.float64, b.string, b.char_, b.symbol, b.nothing].contains(&t) {
        return true;
    }
    if user_typeinfo_implicit(rt, t) {
        return true;
    }
    match rt.world.types.kind(t).clone() {
        TyKind::Data { tn, params } if tn == b.tn_array && params.len() == 2 => {
            implicit_eltype(rt, params[0])
        }
        TyKind::Data { tn, params } if tn == b.tn_pair && params.len() == 2 => {
            params.iter().all(|&p| implicit_eltype(rt, p))
        }
        TyKind::Tuple(ps) => ps.iter().all(|&p| implicit_eltype(rt, p)),
        // A singleton type (`[missing, missing]`).
        TyKind::Data { tn, params } if params.is_empty() => {
            let n = &rt.world.types.names[tn.index()];
            matches!(
                n.kind,
                crate::types::TypeNameKind::Struct { mutable: false }
            ) && n.fields.is_empty()
        }
        _ => false,
    }
}

/// Whether a `Base.typeinfo_implicit` method written for `Type{T}` (more specific than Base's
/// fallback) applies to `t`; such methods are only written to say `true`.
fn user_typeinfo_implicit(rt: &mut Runtime, t: crate::ids::TyId) -> bool {
    let Some(Value::Function(f)) = rt
        .world
        .lookup(rt.world.base, Sym::new("typeinfo_implicit"))
        .cloned()
    else {
        return false;
    };
    let tt = rt.world.arg_type(&Value::Type(t));
    let Ok(mi) = rt.world.dispatch(f, &[tt]) else {
        return false;
    };
    let m = &rt.world.methods[rt.world.mis[mi.index()].method.index()];
    m.sig.first().is_some_and(|&p| p != rt.world.types.b.any)
}

/// `show(x)`; `typeinfo` is set inside a container whose element type already says the type.
pub fn show_to(rt: &mut Runtime, v: &Value, out: &mut String, typeinfo: bool) -> JlResult<()> {
    if let Value::Struct(_) = v
        && let Some(s) = super::builtins::substring_text(rt, v)
    {
        escape_str(&s, out);
        return Ok(());
    }
    // Containers are tracked while they print: a container inside itself is shown as a
    // reference (as Julia does), and very deep nesting is cut short instead of exhausting the
    // stack.
    let addr = match v {
        Value::Array(x) => Rc::as_ptr(x) as *const () as usize,
        Value::Struct(x) => Rc::as_ptr(x) as *const () as usize,
        Value::Dict(x) => Rc::as_ptr(x) as *const () as usize,
        Value::Tuple(x) => x.as_ptr() as usize,
        Value::Pair(x) => Rc::as_ptr(x) as *const () as usize,
        // A local function that calls itself captures itself.
        Value::Closure(x) => Rc::as_ptr(x) as *const () as usize,
        _ => return show_inner(rt, v, out, typeinfo),
    };
    let mutable = !matches!(v, Value::Tuple(_) | Value::Pair(_));
    if mutable && let Some(pos) = rt.show_stack.iter().rposition(|&a| a == addr) {
        out.push_str(&format!(
            "#= circular reference @-{} =#",
            rt.show_stack.len() - pos
        ));
        return Ok(());
    }
    if rt.show_stack.len() >= MAX_SHOW_DEPTH {
        return Err(rt.stack_overflow());
    }
    rt.show_stack.push(addr);
    let r = show_inner(rt, v, out, typeinfo);
    rt.show_stack.pop();
    r
}

/// `show` of a closure, Julia's `show_default` of its struct: `var"#1#2"()`, the captured
/// values as its fields. (Out of line: `show_inner`'s frame is what deep nesting multiplies.)
#[inline(never)]
fn show_closure(rt: &mut Runtime, c: &Rc<Closure>, out: &mut String) -> JlResult<()> {
    let c = c.clone();
    out.push_str(&rt.world.type_string(c.ty));
    out.push('(');
    for (i, x) in c.captures.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match x {
            Value::Box(b) => {
                let x = b.borrow().clone();
                show_to(rt, &x, out, false)?;
            }
            x => show_to(rt, x, out, false)?,
        }
    }
    out.push(')');
    Ok(())
}

/// Deepest nesting of containers `show` prints; deeper is a `StackOverflowError`, as Julia's
/// recursion would be (kept within the runtime's native stack).
const MAX_SHOW_DEPTH: usize = 10_000;

fn show_inner(rt: &mut Runtime, v: &Value, out: &mut String, _typeinfo: bool) -> JlResult<()> {
    match v {
        Value::Nothing => out.push_str("nothing"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&format_float(*f)),
        Value::Bits(b) => out.push_str(&format_bits(*b, true)),
        Value::Wide(b) => out.push_str(&format_wide(b, true)),
        Value::BigInt(n) => out.push_str(&n.to_string()),
        Value::Char(c) => escape_into(&c.to_string(), '\'', out),
        Value::Str(s) => escape_str(s, out),
        Value::Symbol(s) => show_symbol(&s.as_str(), out),
        Value::Tuple(items) => {
            out.push('(');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                show_to(rt, x, out, false)?;
            }
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        Value::Array(arr) if arr.dims.is_some() => show_array(rt, arr, out, true)?,
        Value::Array(vec) => {
            let items = vec.items.borrow().clone();
            show_vector(rt, vec.elty, &items, out, true)?;
        }
        Value::Range(a, b) => out.push_str(&format!("{a}:{b}")),
        Value::StepRange(a, s, b) => out.push_str(&format!("{a}:{s}:{b}")),
        Value::Struct(_) if super::expr::show_code(rt, v, out)? => {}
        Value::Struct(s) => {
            if let Some(show) = user_show(rt, v) {
                out.push_str(&sprint_call(rt, &show, vec![v.clone()])?);
                return Ok(());
            }
            if let Some(names) = super::builtins::namedtuple_names(rt, s.ty) {
                // Julia's `show(io, ::NamedTuple)`: `(a = 1, b = 2)`, `(a = 1,)`, `NamedTuple()`.
                let fields = s.fields.borrow().clone();
                if fields.is_empty() {
                    out.push_str("NamedTuple()");
                    return Ok(());
                }
                out.push('(');
                for (i, (n, x)) in names.iter().zip(&fields).enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&n.as_str());
                    out.push_str(" = ");
                    show_to(rt, x, out, false)?;
                }
                if fields.len() == 1 {
                    out.push(',');
                }
                out.push(')');
                return Ok(());
            }
            out.push_str(&rt.world.type_string(s.ty));
            out.push('(');
            let fields = s.fields.borrow().clone();
            for (i, x) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                show_to(rt, x, out, false)?;
            }
            out.push(')');
        }
        Value::Function(f) => out.push_str(&rt.world.function_name(*f)),
        // Julia's `show_default` of the closure's struct: `var"#1#2"()`, the captured values
        // as its fields.
        Value::Closure(c) => show_closure(rt, c, out)?,
        Value::Type(t) => out.push_str(&rt.world.type_string(*t)),
        Value::Module(m) => out.push_str(&rt.world.module_name(*m)),
        Value::Dict(d) => {
            let items: Vec<(Value, Value)> = d
                .map
                .borrow()
                .entries()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            // `Dict("a" => 1)` when key and value types are ones shown without their type
            // (Julia's `typeinfo_prefix`), else `Dict{Int32, Symbol}(1 => :a)`.
            let inferred =
                !items.is_empty() && implicit_eltype(rt, d.keyty) && implicit_eltype(rt, d.valty);
            if inferred {
                out.push_str("Dict(");
            } else {
                out.push_str(&format!(
                    "Dict{{{}, {}}}(",
                    rt.world.type_string(d.keyty),
                    rt.world.type_string(d.valty)
                ));
            }
            for (i, (k, x)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                show_to(rt, k, out, false)?;
                out.push_str(" => ");
                show_to(rt, x, out, false)?;
            }
            out.push(')');
        }
        Value::Pair(p) => {
            // A pair inside a pair is parenthesized: `1 => (2 => 3)`.
            for (i, side) in [&p.0, &p.1].into_iter().enumerate() {
                if i == 1 {
                    out.push_str(" => ");
                }
                let nested = matches!(side, Value::Pair(_));
                if nested {
                    out.push('(');
                }
                show_to(rt, side, out, false)?;
                if nested {
                    out.push(')');
                }
            }
        }
        Value::IOBuffer(b) => match &b.borrow().kind {
            crate::value::IoKind::Buffer => out.push_str("IOBuffer(...)"),
            crate::value::IoKind::File { path, .. } => {
                out.push_str(&format!("IOStream(<file {path}>)"))
            }
            crate::value::IoKind::Stdin { .. } => out.push_str("IOStream(<stdin>)"),
        },
        Value::Regex(r) => {
            out.push_str("CompiledRegex(");
            escape_str(&r.pattern, out);
            out.push(')');
        }
        Value::Stdout => out.push_str("Base.TTY(stdout)"),
        Value::Stderr => out.push_str("Base.TTY(stderr)"),
        Value::Box(_) | Value::Undef => out.push_str("#undef"),
    }
    Ok(())
}

/// `show` of an array of other than one dimension: `[1 2; 3 4]`, `[1; 2;;]` for one column,
/// `[1 3; 2 4;;; 5 7; 6 8]` for more dimensions (Julia's `_show_nonempty` and `_show_nd`).
/// A vector's `show`: `[1, 2]`, with its element type first (`Int8[1, 2]`) unless `prefix` is
/// false (the container it is in says its type) or the element type is implicit.
fn show_vector(
    rt: &mut Runtime,
    elty: TyId,
    items: &[Value],
    out: &mut String,
    prefix: bool,
) -> JlResult<()> {
    if prefix && (!implicit_eltype(rt, elty) || items.is_empty()) {
        out.push_str(&rt.world.type_string(elty));
    }
    out.push('[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        show_element_of(rt, x, out, elty)?;
    }
    out.push(']');
    Ok(())
}

fn show_array(rt: &mut Runtime, arr: &ArrayObj, out: &mut String, prefix: bool) -> JlResult<()> {
    let dims = arr.size();
    let items = arr.items.borrow().clone();
    if dims.is_empty() {
        out.push_str("fill(");
        show_to(rt, &items[0], out, false)?;
        out.push(')');
        return Ok(());
    }
    if items.is_empty() {
        let t = rt.world.types.array_of(arr.elty, dims.len());
        let d: Vec<String> = dims.iter().map(|n| n.to_string()).collect();
        out.push_str(&format!(
            "{}(undef, {})",
            rt.world.type_string(t),
            d.join(", ")
        ));
        return Ok(());
    }
    if prefix && !implicit_eltype(rt, arr.elty) {
        out.push_str(&rt.world.type_string(arr.elty));
    }
    let (m, n) = (dims[0], dims[1]);
    out.push('[');
    let slices = items.len() / (m * n);
    for k in 0..slices {
        if k > 0 {
            // `;` repeated up to the highest dimension whose index changed.
            let mut changed = 0;
            let (mut cur, mut prev) = (k, k - 1);
            for (d, &size) in dims[2..].iter().enumerate() {
                if cur % size != prev % size {
                    changed = d + 1;
                }
                cur /= size;
                prev /= size;
            }
            out.push_str(&";".repeat(2 + changed));
            out.push(' ');
        }
        for i in 0..m {
            for j in 0..n {
                if j > 0 {
                    out.push(' ');
                }
                show_element_of(rt, &items[k * m * n + j * m + i], out, arr.elty)?;
            }
            if i + 1 < m {
                out.push_str("; ");
            }
        }
    }
    if dims.len() == 2 {
        if n == 1 {
            out.push_str(";;");
        }
    } else if *dims.last().expect("more than two dims") == 1 {
        // The last dimension never advanced: its separator closes the literal.
        out.push_str(&";".repeat(dims.len()));
    }
    out.push(']');
    Ok(())
}

/// Julia's `alignment` of a shown element: characters left and right of the alignment point
/// (numbers right-aligned, reals on the decimal point, anything else left-aligned).
fn alignment(v: &Value, shown: &str) -> (usize, usize) {
    let len = shown.chars().count();
    let is_float = matches!(v, Value::Float(_))
        || matches!(v, Value::Bits(b) if b.prim.kind == PrimKind::Float);
    if is_float {
        let left = shown
            .find(['.', 'e', 'E', 'f', 'F'])
            .map_or(len, |i| shown[..i].chars().count());
        (left, len - left)
    } else if v.num_value().is_some() {
        (len, 0)
    } else {
        (0, len)
    }
}

/// What Julia function `f` prints when called as `f(io, rest...)` with a fresh `IOBuffer`
/// (Julia's `sprint(f, rest...)`).
fn sprint_call(rt: &mut Runtime, f: &Value, rest: Vec<Value>) -> JlResult<String> {
    let buf = Value::io_buffer();
    let mut args = Vec::with_capacity(rest.len() + 1);
    args.push(buf.clone());
    args.extend(rest);
    rt.call(f, args)?;
    Ok(match &buf {
        Value::IOBuffer(b) => b.borrow().text(),
        _ => String::new(),
    })
}

/// `show` of an element inside a displayed matrix: floats with 6 significant digits when
/// the matrix has several columns (Julia's `:compact => true`). As Julia's `print_matrix`, an
/// element with a `show(io, ::MIME"text/plain", x)` of its own is shown by it (a `Date` as
/// `2015-01-01`), unless that takes several lines.
fn show_element(rt: &mut Runtime, v: &Value, compact: bool, elty: TyId) -> JlResult<String> {
    if let Some((show, mime)) = user_show_text_plain(rt, v) {
        let text = sprint_call(rt, &show, vec![mime, v.clone()])?;
        if !text.contains('\n') {
            return Ok(text);
        }
    }
    let mut s = String::new();
    match v {
        Value::Float(f) if compact => s.push_str(&format_float_compact(*f)),
        // Compact, a function is its name.
        Value::Closure(c) => s.push_str(&c.code.name.as_str()),
        _ => show_element_of(rt, v, &mut s, elty)?,
    }
    Ok(s)
}

/// `show` of an element of a container whose element type is `elty`: a `Float32` needs no
/// `f0` when the container says `Float32` (Julia's `:typeinfo`), as in `Float32[0.5, 1.0]`, and
/// a `Bool` is a digit when the container says `Bool` (`Bool[1 0; 0 1]`).
fn show_element_of(rt: &mut Runtime, v: &Value, out: &mut String, elty: TyId) -> JlResult<()> {
    match v {
        Value::Bool(b) if elty == rt.world.types.b.bool_ => {
            out.push(if *b { '1' } else { '0' });
            Ok(())
        }
        Value::Bits(b) if elty == rt.world.types.b.float32 || elty == rt.world.types.b.float16 => {
            out.push_str(&format_bits(*b, false));
            Ok(())
        }
        // An array whose type the container's element type says shows no element type of
        // its own (Julia's `typeinfo_prefix`: `Vector{Int8}[[1], [2]]`).
        Value::Array(a) if rt.world.typeof_(v) == elty => {
            if a.dims.is_some() {
                show_array(rt, a, out, false)
            } else {
                let items = a.items.borrow().clone();
                show_vector(rt, a.elty, &items, out, false)
            }
        }
        Value::Struct(s)
            if s.ty == elty
                && let Some(bits) = bitvector_items(rt, v) =>
        {
            show_vector(rt, rt.world.types.b.bool_, &bits, out, false)
        }
        _ => show_to(rt, v, out, true),
    }
}

/// The elements of a `BitVector` (Base's `BitArray{1}`: `chunks`, `len`, `dims`), or `None`
/// for any other value.
fn bitvector_items(rt: &mut Runtime, v: &Value) -> Option<Vec<Value>> {
    let Value::Struct(s) = v else { return None };
    let tn = rt.world.types.type_name(s.ty)?;
    if &*rt.world.types.names[tn.index()].name.as_str() != "BitArray"
        || rt.world.types.names[tn.index()].module != rt.world.base
        || rt
            .world
            .types
            .params(s.ty)
            .first()
            .map(|&p| rt.world.types.kind(p).clone())
            != Some(TyKind::Int(1))
    {
        return None;
    }
    let fields = s.fields.borrow();
    let (Value::Array(chunks), Value::Int(len)) = (&fields[0], &fields[1]) else {
        return None;
    };
    let words = chunks.items.borrow();
    Some(
        (0..(*len).max(0) as usize)
            .map(|i| match words.get(i / 64) {
                Some(Value::Bits(b)) => Value::Bool(b.bits >> (i % 64) & 1 == 1),
                _ => Value::Bool(false),
            })
            .collect(),
    )
}

/// A `Float64` as `show` writes it with `:compact => true`: rounded to 6 significant digits.
pub fn format_float_compact(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return format_float(x);
    }
    let sci = format!("{:.5e}", x);
    let (mant, exp) = sci.split_once('e').expect("`{:e}` has an exponent");
    let mant = if mant.contains('.') {
        mant.trim_end_matches('0').trim_end_matches('.')
    } else {
        mant
    };
    shortest(&format!("{mant}e{exp}"), "e")
}

/// Julia's `print_matrix`: each element aligned in its column, columns separated by two
/// spaces, each row indented by one.
fn print_matrix(
    rt: &mut Runtime,
    items: &[Value],
    (m, n): (usize, usize),
    elty: TyId,
    out: &mut String,
) -> JlResult<()> {
    let compact = n > 1;
    let mut cells = Vec::with_capacity(items.len());
    for x in items {
        let s = show_element(rt, x, compact, elty)?;
        cells.push((alignment(x, &s), s));
    }
    let mut cols = vec![(0usize, 0usize); n];
    for j in 0..n {
        for i in 0..m {
            let (l, r) = cells[j * m + i].0;
            cols[j].0 = cols[j].0.max(l);
            cols[j].1 = cols[j].1.max(r);
        }
    }
    for i in 0..m {
        if i > 0 {
            out.push('\n');
        }
        out.push(' ');
        for j in 0..n {
            let ((l, r), s) = &cells[j * m + i];
            out.extend(std::iter::repeat_n(' ', cols[j].0 - l));
            out.push_str(s);
            if j + 1 < n {
                out.extend(std::iter::repeat_n(' ', cols[j].1 - r));
                out.push_str("  ");
            }
        }
    }
    Ok(())
}

/// What the REPL prints for a value (`kiln eval`, `display`): multi-line for arrays and dicts.
pub fn display(rt: &mut Runtime, v: &Value) -> JlResult<String> {
    // A `show(io, ::MIME"text/plain", x::T)` written for the value's type.
    if let Some((show, mime)) = user_show_text_plain(rt, v) {
        return sprint_call(rt, &show, vec![mime, v.clone()]);
    }
    display_plain(rt, v)
}

/// `show(io, MIME"text/plain"(), x)` when no method more specific than Base's fallback applies:
/// the builtin display text.
pub fn display_plain(rt: &mut Runtime, v: &Value) -> JlResult<String> {
    match v {
        Value::Array(arr) => {
            let mut s = super::arrays::summary(rt, v);
            let dims = arr.size();
            let items = arr.items.borrow().clone();
            if items.is_empty() {
                return Ok(s);
            }
            s.push_str(":\n");
            if dims.is_empty() {
                show_element_of(rt, &items[0], &mut s, arr.elty)?;
                return Ok(s);
            }
            let (m, n) = (dims[0], dims.get(1).copied().unwrap_or(1));
            if dims.len() <= 2 {
                print_matrix(rt, &items, (m, n), arr.elty, &mut s)?;
                return Ok(s);
            }
            // Slices `[:, :, k…] =`, last dims slowest.
            let slices = items.len() / (m * n).max(1);
            for k in 0..slices {
                if k > 0 {
                    s.push_str("\n\n");
                }
                let mut rest = k;
                let idx: Vec<String> = dims[2..]
                    .iter()
                    .map(|&d| {
                        let i = rest % d.max(1) + 1;
                        rest /= d.max(1);
                        i.to_string()
                    })
                    .collect();
                s.push_str(&format!("[:, :, {}] =\n", idx.join(", ")));
                let slice = &items[k * m * n..(k + 1) * m * n];
                print_matrix(rt, slice, (m, n), arr.elty, &mut s)?;
            }
            Ok(s)
        }
        Value::Dict(d) => {
            let items: Vec<(Value, Value)> = d
                .map
                .borrow()
                .entries()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let t = rt.world.typeof_(v);
            let n = items.len();
            // An empty dict displays as it prints (`Dict{Int64, Int64}()`).
            if n == 0 {
                return repr(rt, v);
            }
            let mut s = format!(
                "{}{} with {n} entr{}",
                rt.world.type_string(t),
                "",
                if n == 1 { "y" } else { "ies" }
            );
            if n > 0 {
                s.push(':');
            }
            for (k, x) in &items {
                s.push_str("\n  ");
                show_to(rt, k, &mut s, false)?;
                s.push_str(" => ");
                show_to(rt, x, &mut s, false)?;
            }
            Ok(s)
        }
        Value::Function(f) => {
            let n = rt.world.functions[f.index()].methods.len();
            Ok(format!(
                "{} (generic function with {n} method{})",
                rt.world.functions[f.index()].name,
                if n == 1 { "" } else { "s" }
            ))
        }
        // As Julia's `show(io, ::MIME"text/plain", f::Function)`: a name with a `#` is shown,
        // else the type (`(::var"#g#3")`).
        Value::Closure(c) => {
            let name = c.code.name.as_str();
            let ns = if name.contains('#') {
                name.to_string()
            } else {
                format!("(::{})", rt.world.type_string(c.ty))
            };
            Ok(format!("{ns} (generic function with 1 method)"))
        }
        _ => repr(rt, v),
    }
}

/// Julia's `showerror`: the message line and further note lines of an exception value.
pub fn error_text(rt: &mut Runtime, v: &Value) -> (String, Vec<String>) {
    match exception_message(rt, v) {
        Ok(Some((msg, notes))) => (msg, notes),
        // A `showerror(io, ::T)` written in Julia (Base's `SystemError`, a user's).
        Ok(None) if let Some(f) = user_method(rt, "showerror", v) => {
            let shown = sprint_call(rt, &f, vec![v.clone()])
                .or_else(|_| repr(rt, v))
                .unwrap_or_else(|_| "<exception>".into());
            let mut lines = shown.split('\n').map(str::to_string);
            let msg = lines.next().unwrap_or_default();
            (msg, lines.collect())
        }
        _ => {
            let shown = repr(rt, v).unwrap_or_else(|_| "<exception>".into());
            (shown, Vec::new())
        }
    }
}

type Message = (String, Vec<String>);

fn exception_message(rt: &mut Runtime, v: &Value) -> JlResult<Option<Message>> {
    let Value::Struct(s) = v else { return Ok(None) };
    let e = rt.world.exc;
    let t = s.ty;
    let f = s.fields.borrow().clone();
    let str_field = |x: &Value| match x {
        Value::Str(s) => s.to_string(),
        _ => String::new(),
    };
    let mut notes = Vec::new();
    let msg = if t == e.error {
        str_field(&f[0])
    } else if t == e.argument {
        format!("ArgumentError: {}", str_field(&f[0]))
    } else if t == e.overflow {
        format!("OverflowError: {}", str_field(&f[0]))
    } else if t == e.dimension_mismatch {
        format!("DimensionMismatch: {}", str_field(&f[0]))
    } else if t == e.assertion {
        format!("AssertionError: {}", str_field(&f[0]))
    } else if t == e.undef_var {
        let name = match &f[0] {
            Value::Symbol(s) => s.to_string(),
            _ => "?".into(),
        };
        format!("UndefVarError: `{name}` not defined")
    } else if t == e.undef_keyword {
        let name = match &f[0] {
            Value::Symbol(s) => s.to_string(),
            _ => "?".into(),
        };
        format!("UndefKeywordError: keyword argument `{name}` not assigned")
    } else if t == e.divide {
        "DivideError: integer division error".into()
    } else if t == e.out_of_memory {
        "OutOfMemoryError()".into()
    } else if t == e.stack_overflow {
        "StackOverflowError:".into()
    } else if t == e.domain {
        // Julia prints the value (`DomainError with 0 days`), as `print` does.
        let mut val = String::new();
        print_to(rt, &f[0], &mut val)?;
        let m = str_field(&f[1]);
        if m.is_empty() {
            format!("DomainError with {val}")
        } else {
            format!("DomainError with {val}:\n{m}")
        }
    } else if t == e.key {
        format!("KeyError: key {} not found", repr(rt, &f[0])?)
    } else if t == e.inexact {
        // `InexactError: trunc(UInt8, 300)`, but `InexactError: Int64(1.5)` when the function
        // is the type's own name.
        let func = print_str(rt, &f[0])?;
        let ty = print_str(rt, &f[1])?;
        let val = print_str(rt, &f[2])?;
        if func == ty {
            format!("InexactError: {func}({val})")
        } else {
            format!("InexactError: {func}({ty}, {val})")
        }
    } else if t == e.field {
        // Julia names the type by its name (`nameof`): `NamedTuple`, not `@NamedTuple{…}`.
        let ty = match &f[0] {
            Value::Type(ft) if super::builtins::namedtuple_names(rt, *ft).is_some() => {
                "NamedTuple".to_string()
            }
            other => repr(rt, other)?,
        };
        format!(
            "FieldError: type {ty} has no field `{}`",
            print_str(rt, &f[1])?
        )
    } else if t == e.bounds {
        let a = &f[0];
        let what = match a {
            Value::Array(_) => super::arrays::summary(rt, a),
            // An array written in Julia (a view) with a `summary` of its own.
            Value::Struct(_) if let Some(f) = user_method(rt, "summary", a) => {
                sprint_call(rt, &f, vec![a.clone()])?
            }
            Value::Range(lo, hi) => {
                let n = (hi - lo + 1).max(0);
                let at = rt.world.typeof_(a);
                format!("{n}-element {}", rt.world.type_string(at))
            }
            _ => repr(rt, a)?,
        };
        let idx = match &f[1] {
            Value::Tuple(items) => {
                let parts: Vec<String> =
                    items.iter().map(|x| repr(rt, x)).collect::<JlResult<_>>()?;
                format!("[{}]", parts.join(", "))
            }
            other => format!("[{}]", repr(rt, other)?),
        };
        format!("BoundsError: attempt to access {what} at index {idx}")
    } else if t == e.type_error {
        let ctx = print_str(rt, &f[0])?;
        let custom = str_field(&f[1]);
        if !custom.is_empty() {
            format!("TypeError: {custom}")
        } else {
            let expected = repr(rt, &f[2])?;
            let got_t = rt.world.typeof_(&f[3]);
            let got = rt.world.type_string(got_t);
            format!("TypeError: in {ctx}, expected {expected}, got a value of type {got}")
        }
    } else if t == e.method_error {
        let args = match &f[1] {
            Value::Tuple(a) => a.to_vec(),
            _ => Vec::new(),
        };
        let mut argtypes: Vec<_> = args.iter().map(|a| rt.world.arg_type(a)).collect();
        // A callable object's methods take it first: candidates and ambiguity are judged
        // with its type in front, the call is shown as `(::P)(::Int64)`.
        let mut object_type = None;
        let (fname, func) = match &f[0] {
            Value::Function(fid) => (rt.world.function_name(*fid), Some(*fid)),
            Value::Type(t) => {
                let t = *t;
                let ctor = rt
                    .world
                    .types
                    .type_name(t)
                    .and_then(|tn| rt.world.type_ctors.get(&tn).copied());
                (rt.world.type_string(t), ctor)
            }
            Value::Closure(_) => {
                let t = rt.world.typeof_(&f[0]);
                (format!("(::{})", rt.world.type_string(t)), None)
            }
            other => {
                let t = rt.world.typeof_(other);
                match rt
                    .world
                    .types
                    .type_name(t)
                    .and_then(|tn| rt.world.type_calls.get(&tn).copied())
                {
                    Some(call) => {
                        object_type = Some(t);
                        (format!("(::{})", rt.world.type_string(t)), Some(call))
                    }
                    None => {
                        let o = other.clone();
                        (repr(rt, &o)?, None)
                    }
                }
            }
        };
        let call = rt.world.call_string(&fname, &argtypes);
        if let Some(t) = object_type {
            argtypes.insert(0, t);
        }
        // The candidates of an ambiguity are the methods dispatch could not order.
        let tied = match func {
            Some(fid) => match rt.world.dispatch(fid, &argtypes) {
                Err(DispatchError::Ambiguous(ms)) => Some(ms),
                _ => None,
            },
            None => None,
        };
        let ambiguous = tied.is_some();
        if let Some(fid) = func {
            let methods = tied.unwrap_or_else(|| rt.world.functions[fid.index()].methods.clone());
            let shown: Vec<_> = methods
                .iter()
                .filter(|&&m| {
                    rt.world.methods[m.index()].sig.len() == argtypes.len()
                        || rt.world.methods[m.index()].vararg.is_some()
                })
                .take(6)
                .copied()
                .collect();
            if !shown.is_empty() {
                notes.push(if ambiguous {
                    "Candidates:".to_string()
                } else {
                    "Closest candidates are:".to_string()
                });
                for m in shown {
                    let meth = &rt.world.methods[m.index()];
                    let loc = if meth.line == 0 {
                        format!("@ {} builtin", rt.world.module_name(meth.module))
                    } else {
                        format!(
                            "@ {} {}:{}",
                            rt.world.module_name(meth.module),
                            meth.file,
                            meth.line
                        )
                    };
                    notes.push(format!("  {}", rt.world.method_string(m)));
                    notes.push(format!("   {loc}"));
                }
            }
        }
        if ambiguous {
            format!("MethodError: {call} is ambiguous.")
        } else if matches!(
            f[0],
            Value::Function(_) | Value::Type(_) | Value::Closure(_)
        ) || object_type.is_some()
        {
            format!("MethodError: no method matching {call}")
        } else {
            let ft = rt.world.typeof_(&f[0]);
            format!(
                "MethodError: objects of type {} are not callable",
                rt.world.type_string(ft)
            )
        }
    } else if is_base_type(rt, t, "LoadError") {
        // Julia prints the location after the inner error's message and notes.
        let (inner, mut more) = error_text(rt, &f[2]);
        notes.append(&mut more);
        notes.push(format!(
            "in expression starting at {}:{}",
            str_field(&f[0]),
            print_str(rt, &f[1])?
        ));
        format!("LoadError: {inner}")
    } else if is_base_type(rt, t, "EOFError") {
        "EOFError: read end of file".into()
    } else if is_base_type(rt, t, "DimensionMismatch") {
        format!("DimensionMismatch: {}", str_field(&f[0]))
    } else if is_base_type(rt, t, "TaskFailedException") {
        task_failed_notes(rt, &f[0], &mut notes);
        "TaskFailedException".into()
    } else if is_base_type(rt, t, "CompositeException") {
        let excs = match &f[0] {
            Value::Array(v) => v.items.borrow().clone(),
            _ => Vec::new(),
        };
        let Some(first) = excs.first() else {
            return Ok(Some(("CompositeException()".into(), notes)));
        };
        let (msg, mut inner) = error_text(rt, first);
        notes.append(&mut inner);
        let more = excs.len() - 1;
        if more > 0 {
            let s = if more > 1 { "s" } else { "" };
            notes.push(String::new());
            notes.push(format!("...and {more} more exception{s}."));
        }
        msg
    } else {
        return Ok(None);
    };
    Ok(Some((msg, notes)))
}

/// Whether `t` is the type Base's Julia code defines as `name`.
fn is_base_type(rt: &Runtime, t: crate::ids::TyId, name: &str) -> bool {
    matches!(rt.world.lookup(rt.world.base, Sym::new(name)), Some(Value::Type(b)) if *b == t)
}

/// The notes of a `TaskFailedException`: the task's own error and where it was thrown, indented
/// as Julia prints a `nested task error`.
fn task_failed_notes(rt: &mut Runtime, task: &Value, notes: &mut Vec<String>) {
    let Value::Struct(t) = task else { return };
    let (exc, bt) = {
        let fields = t.fields.borrow();
        (fields.get(4).cloned(), fields.get(6).cloned())
    };
    let Some(exc) = exc else { return };
    let (msg, inner) = error_text(rt, &exc);
    notes.push(String::new());
    let mut lines = msg.lines();
    notes.push(format!(
        "    nested task error: {}",
        lines.next().unwrap_or_default()
    ));
    notes.extend(lines.map(|l| format!("    {l}")));
    notes.extend(inner.iter().map(|l| format!("    {l}")));
    // `Task.backtrace`: `(function, file, line)` tuples, innermost first.
    let frames = match bt {
        Some(Value::Array(v)) => v.items.borrow().clone(),
        _ => Vec::new(),
    };
    if !frames.is_empty() {
        notes.push("    Stacktrace:".into());
        for (i, f) in frames.iter().enumerate() {
            let Value::Tuple(parts) = f else { continue };
            let [Value::Str(func), Value::Str(file), Value::Int(line)] = &parts[..] else {
                continue;
            };
            notes.push(format!("     [{}] {func}", i + 1));
            notes.push(format!("       @ {file}:{line}"));
        }
    }
}

fn print_str(rt: &mut Runtime, v: &Value) -> JlResult<String> {
    let mut s = String::new();
    print_to(rt, v, &mut s)?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::format_float;

    #[test]
    fn floats_print_like_julia() {
        for (x, s) in [
            (25.0, "25.0"),
            (0.1, "0.1"),
            (1.5, "1.5"),
            (100000.0, "100000.0"),
            (1e6, "1.0e6"),
            (1234567.0, "1.234567e6"),
            (0.0001, "0.0001"),
            (1e-5, "1.0e-5"),
            (-2.5e-7, "-2.5e-7"),
            (0.30000000000000004, "0.30000000000000004"),
            (-0.0, "-0.0"),
            (f64::INFINITY, "Inf"),
            (1e100, "1.0e100"),
            (2.71875, "2.71875"),
        ] {
            assert_eq!(format_float(x), s, "{x}");
        }
    }
}

/// The digits of a non-negative finite float as C's `printf` writes them for conversion `f`,
/// `e` or `g` with precision `prec` (`alt`: the `#` flag, which keeps the point and, for `g`,
/// trailing zeros). Rust's formatting rounds exactly (round half to even on the decimal
/// expansion), as C's does.
pub fn printf_float(x: f64, conv: char, prec: usize, alt: bool) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return "Inf".into();
    }
    let fixed = |p: usize| {
        let mut s = format!("{x:.p$}");
        if p == 0 && alt {
            s.push('.');
        }
        s
    };
    let sci = |p: usize| {
        let s = format!("{x:.p$e}");
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i32 = exp.parse().unwrap_or(0);
        let mut m = mant.to_string();
        if p == 0 && alt {
            m.push('.');
        }
        format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
    };
    match conv {
        'f' => fixed(prec),
        'e' => sci(prec),
        _ => {
            // `g`: `e` style when the exponent is below -4 or at least the precision.
            let p = prec.max(1);
            let probe = format!("{x:.prec$e}", prec = p - 1);
            let e: i32 = probe
                .split_once('e')
                .and_then(|(_, e)| e.parse().ok())
                .unwrap_or(0);
            let mut s = if e < -4 || e >= p as i32 {
                sci(p - 1)
            } else {
                fixed((p as i32 - 1 - e) as usize)
            };
            if !alt {
                // Trailing zeros of the fraction go, and the point with them.
                let (body, exp) = match s.find('e') {
                    Some(i) => (s[..i].to_string(), s[i..].to_string()),
                    None => (s.clone(), String::new()),
                };
                let body = if body.contains('.') {
                    body.trim_end_matches('0').trim_end_matches('.').to_string()
                } else {
                    body
                };
                s = body + &exp;
            }
            s
        }
    }
}
