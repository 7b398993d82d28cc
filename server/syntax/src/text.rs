use std::sync::atomic::{AtomicUsize, Ordering};

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

    /// The range `delta` bytes further on (back, when negative).
    pub fn shifted(self, delta: i64) -> TextRange {
        let at = |offset: u32| (i64::from(offset) + delta).clamp(0, i64::from(u32::MAX)) as u32;
        TextRange::new(at(self.start), at(self.end))
    }

    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn as_usize(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Where an edit changed a text: the old text's bytes `start..old_end` became the new text's
/// `start..new_end`, and everything before and after stayed.
#[derive(Debug, PartialEq, Eq)]
pub struct TextChange {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

/// Compared a block at a time, so that the bytes of a large document are compared at the speed
/// of `memcmp`.
const BLOCK: usize = 4096;

impl TextChange {
    /// The change that made `new` of `old`, as small as it can be found.
    pub fn between(old: &str, new: &str) -> TextChange {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        let start = common_prefix(old, new);
        let end = common_suffix(&old[start..], &new[start..]);
        TextChange {
            start,
            old_end: old.len() - end,
            new_end: new.len() - end,
        }
    }

    /// How far the text after the change moved.
    pub fn delta(&self) -> i64 {
        self.new_end as i64 - self.old_end as i64
    }
}

/// What a run of edits left alone at each end of a text, however many edits there were and
/// wherever each lay: an editor that reports its edits spares comparing the texts, megabytes
/// at every keystroke, to find what changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unchanged {
    /// Bytes at the start.
    pub prefix: usize,
    /// Bytes at the end.
    pub suffix: usize,
}

impl Unchanged {
    /// Before any edit.
    pub const ALL: Unchanged = Unchanged {
        prefix: usize::MAX,
        suffix: usize::MAX,
    };

    /// After one more edit, which replaced `range` of a text `len` bytes long.
    pub fn then_replaced(self, range: std::ops::Range<usize>, len: usize) -> Unchanged {
        Unchanged {
            prefix: self.prefix.min(range.start),
            suffix: self.suffix.min(len.saturating_sub(range.end)),
        }
    }

    /// The change that made a text of `new_len` bytes of one of `old_len`: what lies between
    /// the ends left alone.
    pub fn change(self, old_len: usize, new_len: usize) -> TextChange {
        let prefix = self.prefix.min(old_len).min(new_len);
        let suffix = self.suffix.min(old_len - prefix).min(new_len - prefix);
        TextChange {
            start: prefix,
            old_end: old_len - suffix,
            new_end: new_len - suffix,
        }
    }
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let len = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= len && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + (a[at..len].iter().zip(&b[at..len]))
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let len = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= len
        && a[a.len() - at - BLOCK..a.len() - at] == b[b.len() - at - BLOCK..b.len() - at]
    {
        at += BLOCK;
    }
    at + (a[..a.len() - at]
        .iter()
        .rev()
        .zip(b[..b.len() - at].iter().rev()))
    .take_while(|(x, y)| x == y)
    .count()
}

/// Pushes the start of each line that a line break at an offset in `breaks` starts.
fn push_line_starts(bytes: &[u8], breaks: std::ops::Range<usize>, line_starts: &mut Vec<u32>) {
    // Lines are short in a pretty-printed bundle, so a search that stops at each line break
    // pays its start-up cost per line: test eight bytes at a time instead, and take every
    // line break of a word from its mask.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW_BITS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // The high bit of each byte of `word` that equals `byte`, exactly: no carry crosses bytes.
    let matches = |word: u64, byte: u8| {
        let diff = word ^ (ONES * u64::from(byte));
        !(((diff & LOW_BITS) + LOW_BITS) | diff | LOW_BITS)
    };
    // A `\r` starts a line unless a `\n` follows it, whose own line start then counts once.
    let mut push_break = |at: usize| {
        if bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n') {
            line_starts.push(at as u32 + 1);
        }
    };
    let mut chunks = bytes[breaks.clone()].chunks_exact(8);
    let mut offset = breaks.start;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of eight"));
        let mut found = matches(word, b'\n') | matches(word, b'\r');
        while found != 0 {
            push_break(offset + found.trailing_zeros() as usize / 8);
            found &= found - 1;
        }
        offset += 8;
    }
    for (i, &byte) in chunks.remainder().iter().enumerate() {
        if byte == b'\n' || byte == b'\r' {
            push_break(offset + i);
        }
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
/// A line ends at `\n`, at `\r\n` or at a lone `\r`, the three line breaks LSP counts; the break
/// belongs to neither line, so a document reports the same columns whichever it uses.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    /// Where long lines pass each [`CHECKPOINT_BYTES`], in order: a column on a minified
    /// bundle's one line then costs a count over at most that many bytes, not over the line, so
    /// that a finding's position costs the same whatever the length of its line.
    checkpoints: Vec<Checkpoint>,
    len: u32,
    /// The line of the last offset looked up. Positions are mostly asked for in document order
    /// (an outline, a list of findings), each near the last, where a search outward from it
    /// reads a few line starts rather than a binary search's 17 scattered ones at 10,000
    /// states. Only a hint: any line gives the same answers.
    last_line: LastLine,
}

#[derive(Debug, Default)]
struct LastLine(AtomicUsize);

impl Clone for LastLine {
    fn clone(&self) -> Self {
        LastLine(AtomicUsize::new(self.0.load(Ordering::Relaxed)))
    }
}

/// A character boundary inside a long line, with the columns of the line before it.
#[derive(Clone, Copy, Debug)]
struct Checkpoint {
    offset: u32,
    utf16: u32,
    chars: u32,
}

const CHECKPOINT_BYTES: u32 = 4096;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUnit {
    Utf8,
    Utf16,
    Char,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        push_line_starts(text.as_bytes(), 0..text.len(), &mut line_starts);
        let checkpoints = checkpoints(text, &line_starts);
        LineIndex {
            line_starts,
            checkpoints,
            len: text.len() as u32,
            last_line: LastLine::default(),
        }
    }

    /// Makes this index of a text the index of `text`, which `change` made of it, in place: the
    /// line starts before and after the change are kept (those after moved), and only the
    /// changed bytes are scanned.
    /// The index of a large document is most of a megabyte, which a new one would take from
    /// fresh pages at every keystroke.
    pub fn edit(&mut self, change: &TextChange, text: &str) {
        // A line break's kind rests on the byte after it too, so the scan starts a byte early.
        let from = change.start.saturating_sub(1);
        let before = self
            .line_starts
            .partition_point(|&start| start as usize <= from);
        let after = self
            .line_starts
            .partition_point(|&start| start as usize <= change.old_end);
        let delta = change.delta();
        for start in &mut self.line_starts[after..] {
            *start = (i64::from(*start) + delta) as u32;
        }
        let mut changed = Vec::new();
        push_line_starts(text.as_bytes(), from..change.new_end, &mut changed);
        self.line_starts.splice(before..after, changed);
        self.checkpoints = checkpoints(text, &self.line_starts);
        self.len = text.len() as u32;
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
        let Some(&next) = self.line_starts.get(line as usize + 1) else {
            return Some(self.len);
        };
        let bytes = text.as_bytes();
        let mut end = next - 1;
        // `\r\n` is one break of two bytes.
        if end > start
            && bytes.get(end as usize) == Some(&b'\n')
            && bytes[end as usize - 1] == b'\r'
        {
            end -= 1;
        }
        Some(end)
    }

    /// Line and column of a byte offset. Offsets past the end or inside a multi-byte character
    /// are clamped to the previous character boundary, so any offset gives a valid position.
    pub fn line_col(&self, text: &str, offset: u32, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let passed = self.checkpoints.partition_point(|c| c.offset <= offset);
        let (from, before) = match passed.checked_sub(1).map(|at| self.checkpoints[at]) {
            Some(checkpoint) if checkpoint.offset > start && unit != ColumnUnit::Utf8 => {
                let col = match unit {
                    ColumnUnit::Utf16 => checkpoint.utf16,
                    _ => checkpoint.chars,
                };
                (checkpoint.offset, col)
            }
            _ => (start, 0),
        };
        let segment = &text[from as usize..offset as usize];
        // Between the `\r` and the `\n` of a break, the position is the end of the line.
        let segment = segment.strip_suffix('\r').unwrap_or(segment);
        let col = match unit {
            // First: a UTF-8 column needs no look at the segment, which on a minified bundle's one
            // line runs from the start of the text.
            ColumnUnit::Utf8 => segment.len(),
            // Checked at once for the whole segment, far faster than counting its characters.
            _ if segment.is_ascii() => segment.len(),
            ColumnUnit::Utf16 => segment.encode_utf16().count(),
            ColumnUnit::Char => segment.chars().count(),
        };
        LineCol {
            line: line as u32,
            col: before + col as u32,
        }
    }

    /// The line `offset` lies on: searched outward from the last one looked up, in steps that
    /// double, then by bisection within the last step, so that a nearby offset costs a few
    /// reads and a far one no more than twice a binary search's.
    fn line_of(&self, offset: u32) -> usize {
        let starts = &self.line_starts;
        let near = self
            .last_line
            .0
            .load(Ordering::Relaxed)
            .min(starts.len() - 1);
        // `starts[low] <= offset < starts[high]` (or `high` is past the end) once found.
        let (mut low, mut high) = (near, near);
        let mut step = 1;
        if starts[near] <= offset {
            high = near + 1;
            while high < starts.len() && starts[high] <= offset {
                low = high;
                high = (high + step).min(starts.len());
                step *= 2;
            }
        } else {
            // `starts[0]` is 0, so this stops.
            while starts[low] > offset {
                high = low;
                low = low.saturating_sub(step);
                step *= 2;
            }
        }
        let line = low + starts[low..high].partition_point(|&start| start <= offset) - 1;
        self.last_line.0.store(line, Ordering::Relaxed);
        line
    }

    /// The byte offset of a line and column. A column past the end of its line lands at the line
    /// end and a line past the end lands at the end of the text, as LSP asks of servers.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> u32 {
        let Some(start) = self.line_start(pos.line) else {
            return self.len;
        };
        let end = self.line_end(text, pos.line).unwrap_or(self.len);
        let column = |checkpoint: &Checkpoint| match unit {
            ColumnUnit::Utf16 => checkpoint.utf16,
            _ => checkpoint.chars,
        };
        // The count starts at the last checkpoint of the line at or before the column, so that
        // a position on a minified bundle's one line costs the same as on a short line.
        let (from, before) = match unit {
            // Inside a character, the position is that character's start.
            ColumnUnit::Utf8 => {
                let at = (u64::from(start) + u64::from(pos.col)).min(u64::from(end)) as u32;
                return floor_char_boundary(text, at);
            }
            _ => {
                let first = self.checkpoints.partition_point(|c| c.offset <= start);
                let last = self.checkpoints.partition_point(|c| c.offset < end);
                let on_line = &self.checkpoints[first..last.max(first)];
                match on_line
                    .partition_point(|c| column(c) <= pos.col)
                    .checked_sub(1)
                {
                    Some(at) => (on_line[at].offset, column(&on_line[at])),
                    None => (start, 0),
                }
            }
        };
        let mut remaining = (pos.col - before) as usize;
        for (i, ch) in text[from as usize..end as usize].char_indices() {
            let width = match unit {
                ColumnUnit::Utf16 => ch.len_utf16(),
                _ => 1,
            };
            if remaining < width {
                return from + i as u32;
            }
            remaining -= width;
        }
        end
    }
}

/// The checkpoints of every line longer than [`CHECKPOINT_BYTES`]; none in a pretty-printed
/// bundle.
fn checkpoints(text: &str, line_starts: &[u32]) -> Vec<Checkpoint> {
    let mut checkpoints = Vec::new();
    let ends = line_starts
        .iter()
        .skip(1)
        .copied()
        .chain([text.len() as u32]);
    for (start, end) in line_starts.iter().copied().zip(ends) {
        let (mut at, mut utf16, mut chars) = (start, 0, 0);
        while end - at > CHECKPOINT_BYTES {
            let next = floor_char_boundary(text, at + CHECKPOINT_BYTES);
            let segment = &text[at as usize..next as usize];
            utf16 += segment.encode_utf16().count() as u32;
            chars += segment.chars().count() as u32;
            at = next;
            checkpoints.push(Checkpoint {
                offset: at,
                utf16,
                chars,
            });
        }
    }
    checkpoints
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
                .map(|i| match i % 11 {
                    0 | 4 => '\n',
                    7 => '\r',
                    9 | 10 => ['\r', '\n'][i % 2],
                    _ => 'é',
                })
                .collect();
            let mut expected = vec![0];
            let bytes = text.as_bytes();
            for (i, &byte) in bytes.iter().enumerate() {
                let lone_cr = byte == b'\r' && bytes.get(i + 1) != Some(&b'\n');
                if byte == b'\n' || lone_cr {
                    expected.push(i as u32 + 1);
                }
            }
            assert_eq!(LineIndex::new(&text).line_starts, expected, "{text:?}");
        }
    }

    #[test]
    fn a_lone_carriage_return_breaks_the_line() {
        let text = "a\rb\r\nc\n\rd\r";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 6);
        let at = |needle: char| text.find(needle).unwrap() as u32;
        for (needle, line) in [('b', 1), ('c', 2), ('d', 4)] {
            assert_eq!(
                index.line_col(text, at(needle), ColumnUnit::Utf16),
                LineCol { line, col: 0 },
                "{needle}"
            );
        }
        assert_eq!(index.line_end(text, 0), Some(1));
        assert_eq!(index.line_end(text, 1), Some(3));
        assert_eq!(index.line_end(text, 3), Some(7));
        assert_eq!(index.line_end(text, 4), Some(9));
        assert_eq!(index.line_end(text, 5), Some(10));
        let past_d = LineCol { line: 4, col: 9 };
        assert_eq!(index.offset(text, past_d, ColumnUnit::Utf16), 9);
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

    #[test]
    fn a_line_is_found_from_any_line_looked_up_before() {
        // Lines of every length from 0 to 9, and a last one without a break.
        let text: String = (0..400)
            .map(|i| format!("{}\n", "x".repeat(i % 10)))
            .collect();
        let text = text + "end";
        let index = LineIndex::new(&text);
        let expected = |offset: u32| index.line_starts.partition_point(|&s| s <= offset) - 1;
        // Forward, backward, and jumping both ways by strides of every size.
        let len = text.len() as u32;
        let forward = 0..=len;
        let backward = (0..=len).rev();
        let jumping = (0..=len).map(|i| (i * 7919) % (len + 1));
        for offset in forward.chain(backward).chain(jumping) {
            let line = index.line_col(&text, offset, ColumnUnit::Utf8).line;
            assert_eq!(line as usize, expected(offset), "offset {offset}");
        }
    }

    /// Long lines whose multi-byte characters straddle the checkpoints, with a short line and
    /// `\r\n` between them.
    fn long_lines_of_mixed_widths() -> String {
        let long: String = (0..3 * CHECKPOINT_BYTES as usize)
            .map(|i| ['a', 'é', '😀', 'x', '\u{2014}'][i % 5])
            .collect();
        format!("{long}\r\nshort\n{long}\n{long}")
    }

    #[test]
    fn columns_on_long_lines_count_from_checkpoints_as_from_the_line_start() {
        let text = long_lines_of_mixed_widths();
        let index = LineIndex::new(&text);
        assert!(index.checkpoints.len() >= 3 * 6);
        for offset in (0..text.len() as u32)
            .step_by(97)
            .chain([text.len() as u32])
        {
            let offset = floor_char_boundary(&text, offset);
            let line = index.line_starts.partition_point(|&s| s <= offset) - 1;
            let start = index.line_starts[line] as usize;
            let segment = &text[start..offset as usize];
            let segment = segment.strip_suffix('\r').unwrap_or(segment);
            for (unit, expected) in [
                (ColumnUnit::Utf8, segment.len()),
                (ColumnUnit::Utf16, segment.encode_utf16().count()),
                (ColumnUnit::Char, segment.chars().count()),
            ] {
                let expected = LineCol {
                    line: line as u32,
                    col: expected as u32,
                };
                assert_eq!(index.line_col(&text, offset, unit), expected, "{offset}");
            }
        }
    }

    #[test]
    fn offsets_on_long_lines_count_from_checkpoints_as_from_the_line_start() {
        let text = long_lines_of_mixed_widths();
        let index = LineIndex::new(&text);
        // What a count from the line's start gives: the start of the character the column
        // falls in, or the line's end past it.
        let scanned = |pos: LineCol, unit: ColumnUnit| {
            let start = index.line_start(pos.line).unwrap();
            let end = index.line_end(&text, pos.line).unwrap();
            let mut remaining = pos.col as usize;
            for (i, ch) in text[start as usize..end as usize].char_indices() {
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
        };
        // Every column around a checkpoint, and a sample of the others.
        let near_checkpoints: Vec<u32> = index
            .checkpoints
            .iter()
            .flat_map(|c| [c.utf16, c.chars])
            .flat_map(|col| col.saturating_sub(2)..=col + 2)
            .collect();
        let columns = (0..4 * CHECKPOINT_BYTES)
            .step_by(53)
            .chain(near_checkpoints)
            .chain([u32::MAX]);
        for line in 0..index.line_count() {
            for col in columns.clone() {
                let pos = LineCol { line, col };
                for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
                    assert_eq!(
                        index.offset(&text, pos, unit),
                        scanned(pos, unit),
                        "{pos:?} {unit:?}"
                    );
                }
            }
        }
    }

    /// What [`TextChange::between`] finds, a byte at a time.
    fn naive(old: &str, new: &str) -> TextChange {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        let start = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let (old_rest, new_rest) = (&old[start..], &new[start..]);
        let end = (old_rest.iter().rev().zip(new_rest.iter().rev()))
            .take_while(|(a, b)| a == b)
            .count();
        TextChange {
            start,
            old_end: old.len() - end,
            new_end: new.len() - end,
        }
    }

    #[test]
    fn a_change_is_found_block_by_block_as_byte_by_byte() {
        let old: String = (0..3 * BLOCK + 7)
            .map(|i| (b'a' + (i % 7) as u8) as char)
            .collect();
        for at in [
            0,
            1,
            BLOCK - 1,
            BLOCK,
            BLOCK + 1,
            2 * BLOCK + 3,
            old.len() - 1,
            old.len(),
        ] {
            for (removed, inserted) in [(0, "x"), (1, ""), (1, "yz"), (0, "")] {
                let removed = removed.min(old.len() - at);
                let new = format!("{}{inserted}{}", &old[..at], &old[at + removed..]);
                assert_eq!(
                    TextChange::between(&old, &new),
                    naive(&old, &new),
                    "at {at}, {removed} removed, {inserted:?} inserted"
                );
            }
        }
    }

    #[test]
    fn an_edited_index_is_the_index_of_the_edited_text() {
        // Every kind of line break, next to each other and apart, and a long line.
        let old = format!("a\r\nb\rc\n\r\r\nd{}\né\n\n", "x".repeat(5000));
        let replacements = ["", "\n", "\r", "\r\n", "z", "\n\rq"];
        let near_breaks = (0..20).chain(old.len() - 10..=old.len());
        for start in near_breaks.chain([2000, 4500]) {
            if !old.is_char_boundary(start) {
                continue;
            }
            for end in [start, start + 1, start + 3] {
                if end > old.len() || !old.is_char_boundary(end) {
                    continue;
                }
                for with in replacements {
                    let new = format!("{}{with}{}", &old[..start], &old[end..]);
                    let fresh = LineIndex::new(&new);
                    // The smallest change, and the edit as an editor reports it.
                    let reported = Unchanged::ALL.then_replaced(start..end, old.len());
                    let changes = [
                        TextChange::between(&old, &new),
                        reported.change(old.len(), new.len()),
                    ];
                    for change in changes {
                        let mut edited = LineIndex::new(&old);
                        edited.edit(&change, &new);
                        assert_eq!(
                            (&edited.line_starts, edited.len),
                            (&fresh.line_starts, fresh.len),
                            "{start}..{end} replaced by {with:?}, {change:?}"
                        );
                        assert_eq!(
                            format!("{:?}", edited.checkpoints),
                            format!("{:?}", fresh.checkpoints)
                        );
                    }
                }
            }
        }
    }
}
