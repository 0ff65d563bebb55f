//! The Unicode primitives under Base's `textwidth` and the `Unicode` standard library
//! (`stdlib/Unicode.jl`): extended grapheme clusters (`unicode-segmentation`), character widths
//! (`unicode-width`), normalization and assigned code points (`unicode-normalization`), where
//! Julia calls utf8proc.

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

use super::Runtime;
use super::builtins::{def, no_method, str_value, substrings};
use crate::value::Value;

pub fn install(rt: &mut Runtime) {
    let base = rt.world.base;
    let b = rt.world.types.b;
    // `_graphemes(s)`: the extended grapheme clusters of a `String`, as `SubString`s of it.
    def(rt, base, "_graphemes", &[b.string], None, |rt, a| {
        let Value::Str(s) = &a[0] else {
            return Err(no_method(rt, "_graphemes", a));
        };
        let s = s.clone();
        let parts: Vec<&str> = s.graphemes(true).collect();
        substrings(rt, &s, &parts)
    });
    // `_textwidth(c)`: the columns a character takes in a terminal (utf8proc's
    // `charwidth`: 0 for control characters and combining marks, 2 for wide ones).
    def(
        rt,
        base,
        "_textwidth",
        &[b.abstract_char],
        None,
        |rt, a| match &a[0] {
            Value::Char(c) => Ok(Value::Int(c.width().unwrap_or(0) as i64)),
            _ => Err(no_method(rt, "_textwidth", a)),
        },
    );
    // `_isassigned(c)`: whether the code point is assigned (any category but `Cn`).
    def(
        rt,
        base,
        "_isassigned",
        &[b.abstract_char],
        None,
        |rt, a| match &a[0] {
            Value::Char(c) => Ok(Value::Bool(is_assigned(*c))),
            _ => Err(no_method(rt, "_isassigned", a)),
        },
    );
    // `_normalize(s, compose, compat, casefold, stripmark)`: utf8proc's `map` with those
    // options: decomposed (compatibility decomposition with `compat`), case-folded, marks
    // removed, then composed again when `compose`.
    def(
        rt,
        base,
        "_normalize",
        &[b.abstract_string, b.bool_, b.bool_, b.bool_, b.bool_],
        None,
        |rt, a| {
            let Some(s) = str_value(rt, &a[0]) else {
                return Err(no_method(rt, "_normalize", a));
            };
            let flag = |i: usize| matches!(a[i], Value::Bool(true));
            let (compose, compat, casefold, stripmark) = (flag(1), flag(2), flag(3), flag(4));
            Ok(Value::str(&normalize(
                &s, compose, compat, casefold, stripmark,
            )))
        },
    );
}

fn decompose(s: &str, compat: bool) -> String {
    if compat {
        s.nfkd().collect()
    } else {
        s.nfd().collect()
    }
}

/// Full case folding (Unicode's `CaseFolding.txt`, statuses C and F) for the characters where
/// it differs from lowercasing in ways that matter to Latin and Greek text; lowercasing
/// otherwise.
fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ς' => out.push('σ'),
            'ſ' => out.push('s'),
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn normalize(s: &str, compose: bool, compat: bool, casefold_: bool, stripmark: bool) -> String {
    let mut t = decompose(s, compat);
    if casefold_ {
        t = decompose(&casefold(&t), compat);
    }
    if stripmark {
        t.retain(|c| !unicode_normalization::char::is_combining_mark(c));
    }
    if compose {
        if compat {
            t.nfkc().collect()
        } else {
            t.nfc().collect()
        }
    } else {
        t
    }
}

fn is_assigned(c: char) -> bool {
    let private_use = matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD);
    private_use || unicode_normalization::char::is_public_assigned(c)
}
