/// A half-open byte range `[start, end)` into the original document text.
///
/// `u32` keeps nodes small; documents above 4 GiB are refused before parsing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: u32, end: u32) -> Self {
        debug_assert!(start <= end);
        TextRange { start, end }
    }

    pub fn empty(at: u32) -> Self {
        TextRange { start: at, end: at }
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Like `contains`, but also true at the end: a cursor right after a token touches it.
    pub fn touches(self, offset: u32) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn as_usize(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A zero-based line and a zero-based column whose unit the caller chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Maps byte offsets to lines and columns in the three units clients ask for: UTF-8 bytes,
/// UTF-16 code units (LSP's default) and Unicode scalar values (the CLI's JSON output).
///
/// A line ends at `\n`; a `\r` before it belongs to the line break, not to the line, so CRLF
/// documents report the same columns as LF ones.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    len: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUnit {
    Utf8,
    Utf16,
    Char,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // Lines are short in a pretty-printed bundle, so a search that stops at each line break
        // pays its start-up cost per line: test eight bytes at a time instead, and take every
        // line break of a word from its mask.
        const ONES: u64 = 0x0101_0101_0101_0101;
        const LOW_BITS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(bytes.len() / 32 + 1);
        line_starts.push(0);
        let mut chunks = bytes.chunks_exact(8);
        let mut offset = 0u32;
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
            let diff = word ^ (ONES * u64::from(b'\n'));
            // The high bit of each byte that is zero in `diff`, exactly: no carry crosses bytes.
            let mut newlines = !(((diff & LOW_BITS) + LOW_BITS) | diff | LOW_BITS);
            while newlines != 0 {
                line_starts.push(offset + newlines.trailing_zeros() / 8 + 1);
                newlines &= newlines - 1;
            }
            offset += 8;
        }
        for (i, &byte) in chunks.remainder().iter().enumerate() {
            if byte == b'\n' {
                line_starts.push(offset + i as u32 + 1);
            }
        }
        LineIndex {
            line_starts,
            len: text.len() as u32,
        }
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// The byte offset where `line` starts, or `None` past the last line.
    pub fn line_start(&self, line: u32) -> Option<u32> {
        self.line_starts.get(line as usize).copied()
    }

    /// The byte offset just past the last character of `line`, excluding its line break.
    pub fn line_end(&self, text: &str, line: u32) -> Option<u32> {
        let start = self.line_start(line)?;
        let next = self
            .line_starts
            .get(line as usize + 1)
            .map_or(self.len, |&next| next - 1);
        let end = if next > start && text.as_bytes().get(next as usize - 1) == Some(&b'\r') {
            next - 1
        } else {
            next
        };
        Some(end)
    }

    /// Line and column of a byte offset. Offsets past the end or inside a multi-byte character
    /// are clamped to the previous character boundary, so any offset gives a valid position.
    pub fn line_col(&self, text: &str, offset: u32, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let segment = &text[start as usize..offset as usize];
        let segment = segment.strip_suffix('\r').unwrap_or(segment);
        let col = match unit {
            ColumnUnit::Utf8 => segment.len(),
            ColumnUnit::Utf16 => segment.encode_utf16().count(),
            ColumnUnit::Char => segment.chars().count(),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// The byte offset of a line and column. A column past the end of its line lands at the line
    /// end and a line past the end lands at the end of the text, as LSP asks of servers.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> u32 {
        let Some(start) = self.line_start(pos.line) else {
            return self.len;
        };
        let end = self.line_end(text, pos.line).unwrap_or(self.len);
        let line = &text[start as usize..end as usize];
        let mut remaining = pos.col as usize;
        for (i, ch) in line.char_indices() {
            let width = match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if remaining < width {
                return start + i as u32;
            }
            remaining -= width;
        }
        end
    }
}

fn floor_char_boundary(text: &str, mut offset: u32) -> u32 {
    while !text.is_char_boundary(offset as usize) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_each_unit() {
        let text = "é😀x\r\nab";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap() as u32;
        assert_eq!(
            index.line_col(text, x, ColumnUnit::Utf8),
            LineCol { line: 0, col: 6 }
        );
        assert_eq!(
            index.line_col(text, x, ColumnUnit::Utf16),
            LineCol { line: 0, col: 3 }
        );
        assert_eq!(
            index.line_col(text, x, ColumnUnit::Char),
            LineCol { line: 0, col: 2 }
        );
        let b = text.find('b').unwrap() as u32;
        assert_eq!(
            index.line_col(text, b, ColumnUnit::Utf16),
            LineCol { line: 1, col: 1 }
        );
    }

    #[test]
    fn line_starts_at_every_position_of_a_word() {
        for len in 0..40 {
            let text: String = (0..len)
                .map(|i| if i % 3 == 0 || i % 7 == 0 { '\n' } else { 'é' })
                .collect();
            let expected: Vec<u32> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1))
                .collect();
            assert_eq!(LineIndex::new(&text).line_starts, expected, "{text:?}");
        }
    }

    #[test]
    fn crlf_line_end_excludes_carriage_return() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_end(text, 0), Some(2));
        assert_eq!(
            index.line_col(text, 3, ColumnUnit::Utf8),
            LineCol { line: 0, col: 2 }
        );
    }

    #[test]
    fn offsets_round_trip_and_clamp() {
        let text = "é😀x\nab";
        let index = LineIndex::new(text);
        let pos = LineCol { line: 0, col: 3 };
        let offset = index.offset(text, pos, ColumnUnit::Utf16);
        assert_eq!(&text[offset as usize..offset as usize + 1], "x");
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 2 }, ColumnUnit::Utf16),
            2
        );
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 99 }, ColumnUnit::Utf16),
            7
        );
        assert_eq!(
            index.offset(text, LineCol { line: 9, col: 0 }, ColumnUnit::Utf16),
            10
        );
        // Inside the surrogate pair of the emoji: clamp to its start.
        assert_eq!(
            index.line_col(text, 3, ColumnUnit::Utf16),
            LineCol { line: 0, col: 1 }
        );
    }
}
