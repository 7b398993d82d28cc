//! Reading `Content-Length` framed messages from a byte stream that may hold anything.
//!
//! Every way a frame can be wrong ends in a [`Frame::Malformed`] and the reader finds the next
//! frame by itself: after a bad header it skips to the next `Content-Length: <digits>` line. Such
//! a line can never occur inside a message body that is JSON (outside a string it is not JSON,
//! and inside one a raw line break is not allowed), so finding it inside a body also proves a
//! `Content-Length` too large, and the reader starts over there instead of waiting for bytes that
//! belong to the next message.

use tokio::io::{AsyncRead, AsyncReadExt};

/// The largest body accepted: far above any bundle, far below what would exhaust memory.
pub const MAX_CONTENT_LENGTH: usize = 128 * 1024 * 1024;

/// A header block longer than this is not a header block.
const MAX_HEADER_BYTES: usize = 16 * 1024;

/// How far back a search resumes when more bytes arrive, so that a header line split between
/// two reads is still found.
const SEARCH_OVERLAP: usize = 64;

const READ_CHUNK: usize = 64 * 1024;

#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A body as its header delimited it; whether it is a message is for the caller to say.
    Body(Vec<u8>),
    /// A frame that cannot be read. `garbage` when its first line is no header at all.
    Malformed { reason: String, garbage: bool },
    /// No more frames: the input is closed, or failed. `reason` says what was cut short.
    End { reason: Option<String> },
}

pub struct FrameReader<R> {
    input: R,
    buffer: Vec<u8>,
    /// Where the next frame starts in `buffer`.
    start: usize,
    /// Skip to the next `Content-Length` line before reading a header.
    resync: bool,
}

enum Header {
    Incomplete,
    /// The body's length and where it starts, from the start of the frame.
    Complete {
        length: usize,
        body_start: usize,
    },
    /// `skip` bytes from the start of the frame are known not to start the next frame.
    Bad {
        reason: String,
        skip: usize,
        garbage: bool,
    },
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(input: R) -> FrameReader<R> {
        FrameReader {
            input,
            buffer: Vec::new(),
            start: 0,
            resync: false,
        }
    }

    pub async fn next_frame(&mut self) -> Frame {
        let frame = self.read_frame().await;
        // Keep the buffer from growing with everything ever read.
        if self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        } else if self.start > READ_CHUNK {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        frame
    }

    async fn read_frame(&mut self) -> Frame {
        if self.resync {
            if let Err(end) = self.skip_to_header().await {
                return end;
            }
        }
        let (length, body_start) = loop {
            match parse_header(&self.buffer[self.start..]) {
                Header::Complete { length, body_start } => break (length, self.start + body_start),
                Header::Bad {
                    reason,
                    skip,
                    garbage,
                } => {
                    self.start += skip;
                    self.resync = true;
                    return Frame::Malformed { reason, garbage };
                }
                Header::Incomplete => {
                    if !self.fill().await {
                        let rest = &self.buffer[self.start..];
                        let reason = (!rest.iter().all(u8::is_ascii_whitespace))
                            .then(|| "the input ended inside a header".to_string());
                        return Frame::End { reason };
                    }
                }
            }
        };
        let mut searched = body_start;
        loop {
            let available = (self.buffer.len() - body_start).min(length);
            let arrived = &self.buffer[searched..body_start + available];
            if let Some(at) = find_length_line(arrived) {
                // The next frame's header sits where this body should be.
                self.start = searched + at;
                return Frame::Malformed {
                    reason: format!(
                        "a header inside a body of the stated Content-Length {length}: the length is wrong"
                    ),
                    garbage: false,
                };
            }
            if available == length {
                self.start = body_start + length;
                return Frame::Body(self.buffer[body_start..self.start].to_vec());
            }
            searched = (body_start + available)
                .saturating_sub(SEARCH_OVERLAP)
                .max(body_start);
            if !self.fill().await {
                self.start = self.buffer.len();
                return Frame::End {
                    reason: Some(format!(
                        "the input ended {available} bytes into a body of {length}"
                    )),
                };
            }
        }
    }

    /// Drops bytes up to the next `Content-Length` line; `Err` with the end when the input
    /// ends first.
    async fn skip_to_header(&mut self) -> Result<(), Frame> {
        loop {
            if let Some(at) = find_length_line(&self.buffer[self.start..]) {
                self.start += at;
                self.resync = false;
                return Ok(());
            }
            self.start = self
                .buffer
                .len()
                .saturating_sub(SEARCH_OVERLAP)
                .max(self.start);
            self.buffer.drain(..self.start);
            self.start = 0;
            if !self.fill().await {
                return Err(Frame::End { reason: None });
            }
        }
    }

    /// Reads more input; `false` at its end. A read that fails ends the input too.
    async fn fill(&mut self) -> bool {
        self.buffer.reserve(READ_CHUNK);
        match self.input.read_buf(&mut self.buffer).await {
            Ok(read) => read > 0,
            Err(err) => {
                tracing::error!("reading the input failed: {err}");
                false
            }
        }
    }
}

fn parse_header(bytes: &[u8]) -> Header {
    let mut at = 0;
    let mut length: Option<Result<usize, String>> = None;
    let mut lines = 0;
    loop {
        let Some(newline) = bytes[at..].iter().position(|&b| b == b'\n') else {
            if bytes.len() > MAX_HEADER_BYTES {
                return too_long(lines);
            }
            return Header::Incomplete;
        };
        let line = &bytes[at..at + newline];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line_start = at;
        at += newline + 1;
        if at > MAX_HEADER_BYTES {
            return too_long(lines);
        }
        if line.is_empty() {
            // Blank lines between frames are tolerated.
            if lines == 0 {
                continue;
            }
            return match length {
                Some(Ok(length)) => Header::Complete {
                    length,
                    body_start: at,
                },
                Some(Err(reason)) => Header::Bad {
                    reason,
                    skip: at,
                    garbage: false,
                },
                None => Header::Bad {
                    reason: "a header without Content-Length".to_string(),
                    skip: at,
                    garbage: false,
                },
            };
        }
        let garbage = lines == 0;
        lines += 1;
        let field = line
            .iter()
            .position(|&b| b == b':')
            .map(|colon| (&line[..colon], &line[colon + 1..]))
            .filter(|(name, _)| !name.is_empty() && name.iter().all(is_token_byte));
        let Some((name, value)) = field else {
            return Header::Bad {
                reason: format!("a header line that is not `Name: value`: {}", shown(line)),
                // Garbage may run straight into the next header, on the same line.
                skip: if garbage { line_start + 1 } else { at },
                garbage,
            };
        };
        if name.eq_ignore_ascii_case(b"content-length") {
            let value = value.trim_ascii();
            length = Some(match length {
                Some(_) => Err("Content-Length given twice".to_string()),
                None => parse_length(value),
            });
        }
    }
}

fn too_long(lines: usize) -> Header {
    Header::Bad {
        reason: format!("a header longer than {MAX_HEADER_BYTES} bytes"),
        // The search for the next header starts right after where this one did.
        skip: 1,
        garbage: lines == 0,
    }
}

fn parse_length(value: &[u8]) -> Result<usize, String> {
    let invalid = || format!("Content-Length `{}` is not a length", shown(value));
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Err(invalid());
    }
    let too_large = || {
        format!(
            "Content-Length {} is over the limit of {MAX_CONTENT_LENGTH} bytes",
            shown(value)
        )
    };
    let length: usize = std::str::from_utf8(value)
        .map_err(|_| invalid())?
        .parse()
        .map_err(|_| too_large())?;
    if length > MAX_CONTENT_LENGTH {
        return Err(too_large());
    }
    Ok(length)
}

/// HTTP's token characters, which header names are made of.
fn is_token_byte(byte: &u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(byte)
}

/// Where a `Content-Length: <digits>` line starts in `bytes`, the name in any case.
fn find_length_line(bytes: &[u8]) -> Option<usize> {
    const NAME: &[u8] = b"content-length:";
    let mut from = 0;
    while let Some(found) = bytes[from..].iter().position(|&b| b | 0x20 == b'c') {
        let at = from + found;
        from = at + 1;
        let Some(value) = bytes[at..]
            .get(..NAME.len())
            .filter(|name| name.eq_ignore_ascii_case(NAME))
            .map(|_| &bytes[at + NAME.len()..])
        else {
            continue;
        };
        let value = &value[value
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count()..];
        let digits = value.iter().take_while(|b| b.is_ascii_digit()).count();
        let after = &value[digits..];
        if digits > 0 && (after.starts_with(b"\r\n") || after.starts_with(b"\n")) {
            return Some(at);
        }
    }
    None
}

/// A bounded, printable excerpt of bytes for a log line.
fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(80)]);
    text.escape_debug().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = FrameReader::new(input);
        let mut frames = Vec::new();
        loop {
            let frame = reader.next_frame().await;
            let end = matches!(frame, Frame::End { .. });
            frames.push(frame);
            if end {
                return frames;
            }
        }
    }

    fn body(text: &str) -> Frame {
        Frame::Body(text.as_bytes().to_vec())
    }

    fn malformed(frame: &Frame) -> bool {
        matches!(frame, Frame::Malformed { garbage: false, .. })
    }

    #[tokio::test]
    async fn reads_frames_with_any_header_case_and_extra_headers() {
        let input = b"Content-Length: 2\r\n\r\n{}content-length:3\r\nContent-Type: x\r\n\r\n[1]";
        assert_eq!(
            frames(input).await,
            [body("{}"), body("[1]"), Frame::End { reason: None }]
        );
    }

    #[tokio::test]
    async fn bad_headers_are_skipped_to_the_next_frame() {
        for bad in [
            "Content-Length: abc\r\n\r\n{}",
            "Content-Length: -5\r\n\r\n{}",
            "Content-Type: x\r\n\r\n{}",
            "Content-Length: 2\r\nno colon here\r\n\r\n{}",
            "Content-Length: 1000000000000000\r\n\r\n{}",
            "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
        ] {
            let input = format!("{bad}Content-Length: 4\r\n\r\nnext");
            let frames = frames(input.as_bytes()).await;
            assert_eq!(frames.len(), 3, "{bad:?}: {frames:?}");
            assert!(malformed(&frames[0]), "{bad:?}: {frames:?}");
            assert_eq!(frames[1], body("next"), "{bad:?}");
        }
    }

    #[tokio::test]
    async fn a_wrong_length_costs_only_its_own_frame() {
        // Too long: the next header shows up inside the body.
        let input = b"Content-Length: 30\r\n\r\n{}Content-Length: 4\r\n\r\nnext";
        let got = frames(input).await;
        assert!(malformed(&got[0]), "{got:?}");
        assert_eq!(got[1..], [body("next"), Frame::End { reason: None }]);
        // Too short: the rest of the body is garbage where a header should be.
        let input = b"Content-Length: 3\r\n\r\n{\"a\": 1}Content-Length: 4\r\n\r\nnext";
        let got = frames(input).await;
        assert_eq!(got[0], body("{\"a"));
        assert!(
            matches!(got[1], Frame::Malformed { garbage: true, .. }),
            "{got:?}"
        );
        assert_eq!(got[2..], [body("next"), Frame::End { reason: None }]);
    }

    #[tokio::test]
    async fn the_end_inside_a_frame_is_reported() {
        let got = frames(b"Content-Length: 10\r\n\r\n{}").await;
        assert_eq!(
            got,
            [Frame::End {
                reason: Some("the input ended 2 bytes into a body of 10".to_string())
            }]
        );
        let got = frames(b"Content-Len").await;
        assert!(matches!(&got[0], Frame::End { reason: Some(_) }), "{got:?}");
    }

    #[test]
    fn a_length_line_is_found_anywhere_but_needs_digits_and_a_line_break() {
        assert_eq!(find_length_line(b"}Content-Length: 5\r\n"), Some(1));
        assert_eq!(find_length_line(b"xCONTENT-LENGTH:5\n"), Some(1));
        assert_eq!(find_length_line(b"\"Content-Length: 5\""), None);
        assert_eq!(find_length_line(b"Content-Length: abc\r\n"), None);
        assert_eq!(find_length_line(b"Content-Length: 5"), None);
    }
}
