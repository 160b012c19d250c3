//! Streaming text decoding: UTF-8 unless the bytes say otherwise.
//!
//! [`DecodingReader`] wraps any byte reader and hands out UTF-8, whatever the input was:
//!
//! - a UTF-8 byte-order mark: UTF-8, the mark dropped, malformed bytes replaced (U+FFFD);
//! - a UTF-16 mark (LE or BE): UTF-16, decoded;
//! - no mark: UTF-8 as long as the bytes are valid UTF-8; from the first byte that is not
//!   (a byte that cannot start or continue a sequence, or a sequence cut by the end of
//!   the input), Windows-1252 for the rest of the input. Every byte decodes in
//!   Windows-1252 (the five unassigned ones as their C1 control points), so nothing is
//!   ever lost. Windows-1252 text that happens to be valid UTF-8 (rare: it takes an
//!   accented capital followed by a symbol) would be read as UTF-8.
//!
//! Memory stays constant: one input chunk and one output chunk.

use std::io::{self, Read};

/// The text encoding a reader found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    /// UTF-8 throughout (with or without a byte-order mark).
    Utf8,
    /// Windows-1252 (cp1252): the input was not valid UTF-8, and everything before the
    /// first invalid byte was ASCII, which reads the same in both.
    Windows1252,
    /// Valid non-ASCII UTF-8 first, then bytes that are not UTF-8, decoded from there on
    /// as Windows-1252: a file mixing both, which deserves a look.
    Utf8ThenWindows1252,
    /// UTF-16, little-endian (announced by its byte-order mark).
    Utf16Le,
    /// UTF-16, big-endian (announced by its byte-order mark).
    Utf16Be,
}

impl TextEncoding {
    /// A short name, e.g. `"utf-8"`, `"windows-1252"`.
    pub fn as_str(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Windows1252 => "windows-1252",
            TextEncoding::Utf8ThenWindows1252 => "utf-8, then windows-1252",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
        }
    }
}

impl std::fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

const CHUNK: usize = 64 * 1024;

enum Mode {
    /// Nothing read yet: the byte-order mark decides.
    Sniff,
    /// Valid UTF-8 so far, no mark.
    Utf8Auto,
    /// A decoder from encoding_rs (after a mark, or after the switch to Windows-1252).
    Decoder(encoding_rs::Decoder),
}

/// A reader that decodes its input to UTF-8 (see the module docs).
pub(crate) struct DecodingReader<R> {
    inner: R,
    mode: Mode,
    encoding: TextEncoding,
    /// Input bytes not yet decoded, `raw[..raw_len]`.
    raw: Vec<u8>,
    raw_len: usize,
    /// Decoded output not yet handed out, `out[out_pos..]`.
    out: Vec<u8>,
    out_pos: usize,
    /// The inner reader is exhausted.
    eof: bool,
    /// Non-ASCII UTF-8 was seen before any switch.
    saw_non_ascii: bool,
}

impl<R: Read> DecodingReader<R> {
    pub(crate) fn new(inner: R) -> Self {
        DecodingReader {
            inner,
            mode: Mode::Sniff,
            encoding: TextEncoding::Utf8,
            raw: vec![0; CHUNK],
            raw_len: 0,
            out: Vec::with_capacity(CHUNK * 3),
            out_pos: 0,
            eof: false,
            saw_non_ascii: false,
        }
    }

    /// The encoding found so far (final once the input is exhausted).
    pub(crate) fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// Reads more input into `raw`; returns false at the end of the input.
    fn fill_raw(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.raw_len == self.raw.len() {
            self.raw.resize(self.raw.len() * 2, 0);
        }
        loop {
            match self.inner.read(&mut self.raw[self.raw_len..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.raw_len += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Drops the first `n` bytes of `raw`.
    fn consume_raw(&mut self, n: usize) {
        self.raw.copy_within(n..self.raw_len, 0);
        self.raw_len -= n;
    }

    /// Decodes more output into `out`; returns false when there is no more.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.out_pos = 0;
        loop {
            if matches!(self.mode, Mode::Sniff) {
                while self.raw_len < 3 && self.fill_raw()? {}
                self.sniff();
                continue;
            }
            if self.raw_len == 0 && !self.fill_raw()? {
                return self.finish_decoder();
            }
            let progressed = match &mut self.mode {
                Mode::Sniff => false,
                Mode::Utf8Auto => self.decode_utf8_auto()?,
                Mode::Decoder(_) => self.decode_with_decoder(),
            };
            if progressed && !self.out.is_empty() {
                return Ok(true);
            }
            if !progressed && !self.fill_raw()? {
                // An incomplete sequence at the very end of the input.
                if let Mode::Utf8Auto = self.mode {
                    self.switch_to_windows_1252();
                    continue;
                }
                return self.finish_decoder();
            }
        }
    }

    fn sniff(&mut self) {
        let head = &self.raw[..self.raw_len];
        let (mode, encoding, skip) = if head.starts_with(&[0xef, 0xbb, 0xbf]) {
            (
                Mode::Decoder(encoding_rs::UTF_8.new_decoder_without_bom_handling()),
                TextEncoding::Utf8,
                3,
            )
        } else if head.starts_with(&[0xff, 0xfe]) {
            (
                Mode::Decoder(encoding_rs::UTF_16LE.new_decoder_without_bom_handling()),
                TextEncoding::Utf16Le,
                2,
            )
        } else if head.starts_with(&[0xfe, 0xff]) {
            (
                Mode::Decoder(encoding_rs::UTF_16BE.new_decoder_without_bom_handling()),
                TextEncoding::Utf16Be,
                2,
            )
        } else {
            (Mode::Utf8Auto, TextEncoding::Utf8, 0)
        };
        self.consume_raw(skip);
        self.mode = mode;
        self.encoding = encoding;
    }

    /// Passes on the valid UTF-8 prefix of `raw`; switches to Windows-1252 at the first
    /// invalid byte. Returns whether anything was consumed.
    fn decode_utf8_auto(&mut self) -> io::Result<bool> {
        let bytes = &self.raw[..self.raw_len];
        let (valid, invalid_here) = match std::str::from_utf8(bytes) {
            Ok(_) => (bytes.len(), false),
            // `error_len() == None`: a sequence cut by the end of the chunk; more input
            // may complete it.
            Err(e) => (e.valid_up_to(), e.error_len().is_some()),
        };
        if !self.saw_non_ascii && !bytes[..valid].is_ascii() {
            self.saw_non_ascii = true;
        }
        self.out.extend_from_slice(&bytes[..valid]);
        self.consume_raw(valid);
        if invalid_here {
            self.switch_to_windows_1252();
            return Ok(true);
        }
        Ok(valid > 0)
    }

    fn switch_to_windows_1252(&mut self) {
        self.mode = Mode::Decoder(encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling());
        self.encoding = if self.saw_non_ascii {
            TextEncoding::Utf8ThenWindows1252
        } else {
            TextEncoding::Windows1252
        };
    }

    /// Decodes `raw` with the current encoding_rs decoder; returns whether anything was
    /// consumed.
    fn decode_with_decoder(&mut self) -> bool {
        let Mode::Decoder(decoder) = &mut self.mode else {
            return false;
        };
        let needed = decoder
            .max_utf8_buffer_length(self.raw_len)
            .unwrap_or(self.raw_len * 3 + 16);
        let start = self.out.len();
        self.out.resize(start + needed, 0);
        let (_, read, written, _) = decoder.decode_to_utf8(&self.raw[..self.raw_len], &mut self.out[start..], false);
        self.out.truncate(start + written);
        self.consume_raw(read);
        read > 0 || written > 0
    }

    /// The fast path of valid UTF-8: reads straight into the caller's buffer and checks it
    /// there, saving a copy. Returns `None` when the slow path must run (not in plain
    /// UTF-8 mode, input pending, or nothing valid to hand out yet).
    ///
    /// The first bytes of a character cut by the previous read (at most three) are
    /// carried over to the front of `buf`, so that a cut character does not send the
    /// reader down the slow path, which copies twice.
    fn read_utf8_in_place(&mut self, buf: &mut [u8]) -> io::Result<Option<usize>> {
        let carried = self.raw_len;
        if !matches!(self.mode, Mode::Utf8Auto) || carried > 3 || self.eof || buf.len() < 8 {
            return Ok(None);
        }
        buf[..carried].copy_from_slice(&self.raw[..carried]);
        let read = loop {
            match self.inner.read(&mut buf[carried..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        if read == 0 {
            self.eof = true;
            // A cut character at the very end is the slow path's to decide.
            return Ok((carried == 0).then_some(0));
        }
        self.raw_len = 0;
        let n = carried + read;
        let (valid, invalid_here) = match std::str::from_utf8(&buf[..n]) {
            Ok(_) => (n, false),
            Err(e) => (e.valid_up_to(), e.error_len().is_some()),
        };
        if !self.saw_non_ascii && !buf[..valid].is_ascii() {
            self.saw_non_ascii = true;
        }
        // Keep what follows the valid prefix (a cut sequence, or the first invalid byte
        // and the rest) for the slow path.
        let rest = &buf[valid..n];
        if self.raw.len() < rest.len() {
            self.raw.resize(rest.len(), 0);
        }
        self.raw[..rest.len()].copy_from_slice(rest);
        self.raw_len = rest.len();
        if invalid_here {
            self.switch_to_windows_1252();
        }
        Ok((valid > 0).then_some(valid))
    }

    /// Flushes the decoder at the end of the input (a dangling UTF-16 byte becomes U+FFFD).
    fn finish_decoder(&mut self) -> io::Result<bool> {
        if let Mode::Decoder(decoder) = &mut self.mode {
            let mut tail = [0u8; 16];
            let (_, _, written, _) = decoder.decode_to_utf8(&self.raw[..self.raw_len], &mut tail, true);
            let len = self.raw_len;
            self.consume_raw(len);
            self.out.extend_from_slice(&tail[..written]);
            // A finished decoder must not be asked again.
            self.mode = Mode::Decoder(encoding_rs::UTF_8.new_decoder_without_bom_handling());
        }
        Ok(!self.out.is_empty())
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.out_pos == self.out.len()
            && let Some(n) = self.read_utf8_in_place(buf)?
        {
            return Ok(n);
        }
        if self.out_pos == self.out.len() && !self.refill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::{DecodingReader, TextEncoding};
    use crate::test_support::Trickle;

    fn decode(data: &[u8], step: usize) -> (String, TextEncoding) {
        let mut reader = DecodingReader::new(Trickle { data, step });
        let mut text = String::new();
        reader.read_to_string(&mut text).expect("decoding never fails");
        (text, reader.encoding())
    }

    #[test]
    fn utf8_passes_through_even_when_cut_mid_sequence() {
        let input = "Луганськ – Донецьк, NOËL".as_bytes();
        for step in [1, 2, 3, 7, 1000] {
            assert_eq!(
                decode(input, step),
                (String::from_utf8_lossy(input).into_owned(), TextEncoding::Utf8)
            );
        }
    }

    #[test]
    fn cp1252_is_detected_at_the_first_invalid_byte() {
        // "Donetsk’s NOËL – 5°" in Windows-1252.
        let input = b"Donetsk\x92s NO\xcbL \x96 5\xb0";
        for step in [1, 4, 1000] {
            assert_eq!(
                decode(input, step),
                ("Donetsk’s NOËL – 5°".to_owned(), TextEncoding::Windows1252)
            );
        }
    }

    #[test]
    fn utf8_then_cp1252_is_reported_as_mixed() {
        let (text, encoding) = decode(
            "é,"
                .as_bytes()
                .iter()
                .chain(b"\x92")
                .copied()
                .collect::<Vec<_>>()
                .as_slice(),
            2,
        );
        assert_eq!(text, "é,’");
        assert_eq!(encoding, TextEncoding::Utf8ThenWindows1252);
    }

    #[test]
    fn a_sequence_cut_by_the_end_of_input_is_cp1252() {
        assert_eq!(decode(b"abc\xc3", 2), ("abcÃ".to_owned(), TextEncoding::Windows1252));
    }

    #[test]
    fn byte_order_marks_are_honoured_and_dropped() {
        assert_eq!(decode(b"\xef\xbb\xbfid,x", 1), ("id,x".to_owned(), TextEncoding::Utf8));
        assert_eq!(
            decode(b"\xff\xfei\x00d\x00", 1),
            ("id".to_owned(), TextEncoding::Utf16Le)
        );
        assert_eq!(
            decode(b"\xfe\xff\x00i\x00d", 3),
            ("id".to_owned(), TextEncoding::Utf16Be)
        );
        // A UTF-8 mark followed by invalid bytes: replaced, not re-guessed.
        assert_eq!(
            decode(b"\xef\xbb\xbfa\x92", 1),
            ("a\u{fffd}".to_owned(), TextEncoding::Utf8)
        );
    }

    #[test]
    fn empty_and_tiny_inputs() {
        assert_eq!(decode(b"", 1), (String::new(), TextEncoding::Utf8));
        assert_eq!(decode(b"a", 1), ("a".to_owned(), TextEncoding::Utf8));
        assert_eq!(decode(b"\xff", 1), ("ÿ".to_owned(), TextEncoding::Windows1252));
    }
}
