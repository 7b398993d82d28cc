//! The one place where byte offsets meet LSP positions. Inside, everything is a byte range into
//! the document text; positions exist only at the protocol's edge, with columns in the unit the
//! client and server agreed on: UTF-16 code units unless the client offers UTF-8.
//!
//! Nothing here panics on a position the client got wrong: a column past the end of its line
//! lands at the line end, and a line past the end of the text at the end of the text.

use std::borrow::Cow;

use ropey::Rope;
use tower_lsp::lsp_types::{InitializeParams, Position, PositionEncodingKind, Range};
use zis_syntax::{ColumnUnit, LineCol, LineIndex, TextRange};

/// UTF-8 columns when the client can take them (they cost nothing to compute), UTF-16 otherwise,
/// as every client must support it.
pub fn negotiate(params: &InitializeParams) -> ColumnUnit {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref());
    if offered.is_some_and(|encodings| encodings.contains(&PositionEncodingKind::UTF8)) {
        ColumnUnit::Utf8
    } else {
        ColumnUnit::Utf16
    }
}

pub fn encoding_kind(unit: ColumnUnit) -> PositionEncodingKind {
    match unit {
        ColumnUnit::Utf8 => PositionEncodingKind::UTF8,
        ColumnUnit::Utf16 => PositionEncodingKind::UTF16,
        ColumnUnit::Char => PositionEncodingKind::UTF32,
    }
}

/// Converts between byte offsets and positions in one version of a document.
#[derive(Clone, Copy)]
pub struct Converter<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub unit: ColumnUnit,
}

impl Converter<'_> {
    pub fn position(&self, offset: u32) -> Position {
        let LineCol { line, col } = self.index.line_col(self.text, offset, self.unit);
        Position::new(line, col)
    }

    pub fn range(&self, range: TextRange) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }

    pub fn offset(&self, position: Position) -> u32 {
        let pos = LineCol {
            line: position.line,
            col: position.character,
        };
        self.index.offset(self.text, pos, self.unit)
    }
}

/// The byte offset of a position in a document held as a rope, for applying edits. Only the
/// position's line is looked at, so typing stays cheap in a large document. The rope breaks lines
/// where [`LineIndex`] does, so both agree on every position.
pub fn rope_offset(rope: &Rope, position: Position, unit: ColumnUnit) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let text: Cow<str> = rope.line(line).into();
    let column = LineCol {
        line: 0,
        col: position.character,
    };
    let within = LineIndex::new(&text).offset(&text, column, unit);
    rope.line_to_byte(line) + within as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rope_offsets_agree_with_the_line_index() {
        let text = "{\"é😀\": 1,\r\n \"b\u{2028}c\": 2\r}\r\r\n\n\"d\"\r";
        let rope = Rope::from_str(text);
        let index = LineIndex::new(text);
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16] {
            let converter = Converter {
                text,
                index: &index,
                unit,
            };
            for line in 0..8 {
                for character in 0..30 {
                    let position = Position::new(line, character);
                    assert_eq!(
                        rope_offset(&rope, position, unit),
                        converter.offset(position) as usize,
                        "{unit:?} {position:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn positions_round_trip_at_character_boundaries() {
        let text = "é😀x\n\"y\"";
        let index = LineIndex::new(text);
        let converter = Converter {
            text,
            index: &index,
            unit: ColumnUnit::Utf16,
        };
        for (offset, _) in text.char_indices() {
            let offset = offset as u32;
            assert_eq!(converter.offset(converter.position(offset)), offset);
        }
        assert_eq!(
            converter.position(text.find('x').unwrap() as u32),
            Position::new(0, 3)
        );
        assert_eq!(converter.position(999), Position::new(1, 3));
    }
}
