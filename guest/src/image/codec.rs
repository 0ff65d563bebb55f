//! Byte-level encoding shared by images and bundles: varints, floats, and a string table.

use crate::collections::IndexSet;

/// Builds a body and its string table; `finish` puts the table first.
#[derive(Default)]
pub struct Writer {
    strings: IndexSet<String>,
    body: Vec<u8>,
    /// Sections ended so far: name, number of strings and length of the body at the end.
    sections: Vec<(&'static str, usize, usize)>,
}

fn put_uint(out: &mut Vec<u8>, mut x: u64) {
    loop {
        let b = (x & 0x7f) as u8;
        x >>= 7;
        if x == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

impl Writer {
    pub fn byte(&mut self, b: u8) {
        self.body.push(b);
    }

    pub fn uint(&mut self, x: u64) {
        put_uint(&mut self.body, x);
    }

    pub fn int(&mut self, x: i64) {
        self.uint(((x << 1) ^ (x >> 63)) as u64);
    }

    pub fn f64(&mut self, x: f64) {
        self.body.extend_from_slice(&x.to_le_bytes());
    }

    pub fn str(&mut self, s: &str) {
        let (i, _) = self.strings.insert_full(s.to_string());
        self.uint(i as u64);
    }

    /// A length-prefixed byte string, stored inline.
    pub fn bytes(&mut self, b: &[u8]) {
        self.uint(b.len() as u64);
        self.body.extend_from_slice(b);
    }

    /// Ends the section `name`: everything written since the previous section ended, with the
    /// strings it used first, belongs to it (see [`Writer::finish_sectioned`]).
    pub fn end_section(&mut self, name: &'static str) {
        self.sections
            .push((name, self.strings.len(), self.body.len()));
    }

    pub fn finish(self) -> Vec<u8> {
        self.finish_sectioned(0).0
    }

    /// The string table and the body, and the section table: for each section ended with
    /// [`Writer::end_section`], its name and the byte ranges of its strings in the string table
    /// and of its part of the body, as offsets in a file where the string table starts at
    /// `start`. Strings are in first-use order, so a section's strings are a contiguous run.
    pub fn finish_sectioned(self, start: usize) -> (Vec<u8>, Vec<u8>) {
        let mut out = Vec::new();
        put_uint(&mut out, self.strings.len() as u64);
        // ends[i]: where string i's entry starts; ends[n]: where the table ends.
        let mut ends = Vec::with_capacity(self.strings.len() + 1);
        for s in &self.strings {
            ends.push(out.len());
            put_uint(&mut out, s.len() as u64);
            out.extend_from_slice(s.as_bytes());
        }
        ends.push(out.len());
        let body_start = out.len();
        out.extend(self.body);
        let mut table = vec![u8::try_from(self.sections.len()).unwrap_or(u8::MAX)];
        let (mut strings, mut body) = (0, 0);
        for &(name, s, b) in self.sections.iter().take(usize::from(u8::MAX)) {
            table.push(name.len() as u8);
            table.extend_from_slice(name.as_bytes());
            for offset in [ends[strings], ends[s], body_start + body, body_start + b] {
                let offset = u32::try_from(start + offset).unwrap_or(u32::MAX);
                table.extend_from_slice(&offset.to_le_bytes());
            }
            (strings, body) = (s, b);
        }
        (out, table)
    }
}

/// Reads what a [`Writer`] wrote; every read is bounds-checked.
pub struct Reader<'a> {
    strings: Vec<String>,
    data: &'a [u8],
    pos: usize,
}

const TRUNCATED: &str = "unexpected end of data (truncated or corrupt file)";

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Result<Reader<'a>, String> {
        let mut r = Reader {
            strings: Vec::new(),
            data,
            pos: 0,
        };
        let n = r.len()?;
        for _ in 0..n {
            let len = r.len()?;
            let bytes = r.take(len)?;
            let s = std::str::from_utf8(bytes)
                .map_err(|_| "corrupt string table (not UTF-8)".to_string())?;
            r.strings.push(s.to_string());
        }
        Ok(r)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.data.len())
            .ok_or(TRUNCATED)?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    pub fn uint(&mut self) -> Result<u64, String> {
        let mut x: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            x |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(x);
            }
        }
        Err("corrupt integer".into())
    }

    /// A count or index; bounded by the remaining data so a corrupt length cannot allocate wildly.
    pub fn len(&mut self) -> Result<usize, String> {
        let n = self.uint()?;
        if n > (self.data.len() - self.pos) as u64 + 1_000_000 {
            return Err("corrupt length".into());
        }
        Ok(n as usize)
    }

    pub fn int(&mut self) -> Result<i64, String> {
        let u = self.uint()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    pub fn f64(&mut self) -> Result<f64, String> {
        Ok(f64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }

    pub fn str(&mut self) -> Result<String, String> {
        let i = self.uint()? as usize;
        self.strings
            .get(i)
            .cloned()
            .ok_or_else(|| "corrupt string reference".to_string())
    }

    pub fn bytes(&mut self) -> Result<Vec<u8>, String> {
        let n = self.len()?;
        Ok(self.take(n)?.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let mut w = Writer::default();
        w.uint(300);
        w.int(-5);
        w.int(i64::MIN);
        w.f64(0.1);
        w.str("hello");
        w.str("hello");
        w.bytes(&[1, 2, 3]);
        let bytes = w.finish();
        let mut r = Reader::new(&bytes).unwrap();
        assert_eq!(r.uint().unwrap(), 300);
        assert_eq!(r.int().unwrap(), -5);
        assert_eq!(r.int().unwrap(), i64::MIN);
        assert_eq!(r.f64().unwrap(), 0.1);
        assert_eq!(r.str().unwrap(), "hello");
        assert_eq!(r.str().unwrap(), "hello");
        assert_eq!(r.bytes().unwrap(), vec![1, 2, 3]);
        assert!(r.byte().is_err());
    }

    #[test]
    fn truncated_input_is_an_error_not_a_panic() {
        let mut w = Writer::default();
        w.str("abc");
        w.uint(u64::MAX);
        let bytes = w.finish();
        for cut in 0..bytes.len() {
            if let Ok(mut r) = Reader::new(&bytes[..cut]) {
                let _ = r.str();
                let _ = r.uint();
            }
        }
    }
}
