//! Byte ranges into one source file, and line/column lookup done only when an error is shown.

/// A half-open byte range `[start, end)` into one source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Maps byte offsets of one source text to 1-based lines and columns in O(log n), so that
/// reporting many positions (every instruction's, every syntax error's) stays linear overall.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        LineIndex { starts }
    }

    /// The 1-based line of byte offset `pos`.
    pub fn line(&self, pos: u32) -> u32 {
        match self.starts.binary_search(&pos) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// The 1-based line and column (in characters) of byte offset `pos` in `text`, the
    /// indexed text.
    pub fn line_col(&self, text: &str, pos: u32) -> (u32, u32) {
        let pos = floor_char_boundary(text, (pos as usize).min(text.len()));
        let line = self.line(pos as u32);
        let start = self.starts[line as usize - 1] as usize;
        let col = text.get(start..pos).map_or(0, |s| s.chars().count()) as u32 + 1;
        (line, col)
    }
}

fn floor_char_boundary(text: &str, mut pos: usize) -> usize {
    while pos > 0 && !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "ab\ncdé\nf";
        let index = LineIndex::new(text);
        let line_col = |pos| index.line_col(text, pos);
        assert_eq!(line_col(0), (1, 1));
        assert_eq!(line_col(3), (2, 1));
        assert_eq!(line_col(7), (2, 4));
        assert_eq!(line_col(8), (3, 1));
        assert_eq!(line_col(100), (3, 2));
    }
}
