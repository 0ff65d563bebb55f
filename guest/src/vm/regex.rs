//! The regular-expression primitives under Base's `Regex` (`base/regex.jl`): compiling a
//! pattern, one search, and the names of the capture groups. The engine is `fancy-regex`
//! (backtracking, with lookaround and backreferences, as PCRE has); offsets are byte offsets,
//! as Julia's are code units.

use std::rc::Rc;

use super::Runtime;
use super::builtins::{def, no_method};
use crate::value::{RegexObj, Value};

/// `_regex_exec`'s modes: where a match may be.
const ANYWHERE: i64 = 0;
/// It must start at the offset (PCRE's `ANCHORED`).
const ANCHORED: i64 = 1;
/// It must end at the end of the subject (PCRE's `ENDANCHORED`).
const END_ANCHORED: i64 = 2;
/// It must start at the offset and not be empty (`ANCHORED | NOTEMPTY_ATSTART`, used after an
/// empty match).
const ANCHORED_NONEMPTY: i64 = 3;

pub fn install(rt: &mut Runtime) {
    let base = rt.world.base;
    let b = rt.world.types.b;
    // `_regex_compile(pattern, options)`: the compiled form, or Julia's `ErrorException`.
    def(
        rt,
        base,
        "_regex_compile",
        &[b.abstract_string, b.integer],
        None,
        |rt, a| {
            let (Value::Str(p), Some(opts)) = (&a[0], int_of(&a[1])) else {
                return Err(no_method(rt, "_regex_compile", a));
            };
            let opts = u32::try_from(opts).unwrap_or(0);
            match RegexObj::compile(p, opts) {
                Ok(re) => Ok(Value::Regex(Rc::new(re))),
                Err(e) => Err(rt.error_exception(format!(
                    "PCRE compilation error: {} in r\"{}\"",
                    first_line(&e),
                    escape_raw_string(p)
                ))),
            }
        },
    );
    // `_regex_exec(re, s, offset, mode)`: the first match at or after the 0-based byte
    // `offset`, as the 0-based start and end of the match and of each group (`-1, -1` for a
    // group that did not take part), or `nothing`.
    def(
        rt,
        base,
        "_regex_exec",
        &[b.compiled_regex, b.abstract_string, b.integer, b.integer],
        None,
        |rt, a| {
            let (Value::Regex(re), Value::Str(s), Some(pos), Some(mode)) =
                (&a[0], &a[1], int_of(&a[2]), int_of(&a[3]))
            else {
                return Err(no_method(rt, "_regex_exec", a));
            };
            let Some(pos) = usize::try_from(pos)
                .ok()
                .filter(|&p| p <= s.len() && s.is_char_boundary(p))
            else {
                return Ok(Value::Nothing);
            };
            let prog = match mode {
                END_ANCHORED => match re.end_anchored() {
                    Some(r) => r,
                    None => return Ok(Value::Nothing),
                },
                _ => &re.re,
            };
            let caps = match prog.captures_from_pos(&**s, pos) {
                Ok(Some(c)) => c,
                Ok(None) => return Ok(Value::Nothing),
                Err(e) => {
                    return Err(rt.error_exception(format!(
                        "PCRE.exec error: {}",
                        first_line(&e.to_string())
                    )));
                }
            };
            let whole = caps.get(0).map_or((pos, pos), |m| (m.start(), m.end()));
            let ok = match mode {
                ANYWHERE | END_ANCHORED => true,
                ANCHORED => whole.0 == pos,
                ANCHORED_NONEMPTY => whole.0 == pos && whole.1 > pos,
                _ => true,
            };
            if !ok {
                return Ok(Value::Nothing);
            }
            let mut out = Vec::with_capacity(2 * caps.len());
            for i in 0..caps.len() {
                let (st, en) = caps
                    .get(i)
                    .map_or((-1, -1), |m| (m.start() as i64, m.end() as i64));
                out.push(Value::Int(st));
                out.push(Value::Int(en));
            }
            Ok(Value::vector(rt.world.types.b.int64, out))
        },
    );
    // `_regex_names(re)`: for each capture group after the whole match, its name or `nothing`.
    def(
        rt,
        base,
        "_regex_names",
        &[b.compiled_regex],
        None,
        |rt, a| {
            let Value::Regex(re) = &a[0] else {
                return Err(no_method(rt, "_regex_names", a));
            };
            let names: Vec<Value> = re
                .re
                .capture_names()
                .skip(1)
                .map(|n| n.map_or(Value::Nothing, Value::str))
                .collect();
            Ok(Value::vector(rt.world.types.b.any, names))
        },
    );
}

/// An integer argument of any width.
fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bits(bits) => match bits.value() {
            crate::value::NumVal::Int(i) => i64::try_from(i).ok(),
            _ => None,
        },
        _ => None,
    }
}

/// An engine message's first line (fancy-regex's parse errors are one line; keep them so).
fn first_line(msg: &str) -> &str {
    msg.lines().next().unwrap_or(msg)
}

/// `s` as it stands between the quotes of a raw string literal (Julia's
/// `escape_raw_string`): a quote, and the backslashes before a quote or at the end, escaped.
pub fn escape_raw_string(s: &str) -> String {
    let mut out = String::new();
    let mut run = 0;
    for c in s.chars() {
        match c {
            '\\' => run += 1,
            '"' => {
                out.extend(std::iter::repeat_n('\\', 2 * run + 1));
                run = 0;
            }
            _ => {
                out.extend(std::iter::repeat_n('\\', run));
                run = 0;
            }
        }
        if c != '\\' {
            out.push(c);
        }
    }
    out.extend(std::iter::repeat_n('\\', 2 * run));
    out
}
