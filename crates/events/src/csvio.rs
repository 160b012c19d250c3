//! The CSV side shared by every delimited format: a tokenizer handing out records with
//! their line numbers, field access by column, raw text for rejects.
//!
//! # The tokenizer
//!
//! [`Tokenizer`] splits decoded text into records with the dialect of the `csv` crate as
//! this crate used to configure it (flexible record lengths, `"` quoting with doubled
//! quotes, `\r`, `\n` or `\r\n` ending a record, blank lines skipped, a UTF-8
//! byte-order mark at the very start dropped), and gives the same fields; a
//! differential test checks that against the `csv` crate. It is written for speed on
//! wide files such as UCDP GED (49 columns):
//!
//! - the text is read into one buffer (256 KiB, grown only for a longer record) that is
//!   checked to be UTF-8 once, as a whole, when it is filled; fields are then slices of
//!   it, never copied: only a quoted field with a doubled quote (`""`) or text after its
//!   closing quote is rebuilt, in a scratch string;
//! - a record cut by the end of the buffer is moved to the front of the next buffer and
//!   scanned again once more text is read, so memory stays bounded by the longest record;
//! - field boundaries are found with one bit mask per 64 bytes (see [`Specials`]),
//!   quotes 16 bytes at a time (see [`Block`]).
//!
//! Records come out one at a time ([`Records`] on the tokenizer itself), or as
//! [`Batch`]es: a whole buffer with the positions of its records, which can be handed to
//! another thread (see `crate::pipeline`) with no copying, along with what a format's
//! [`Preparer`] read from each record on that thread ([`Batch::prepare`]).
//!
//! Lines: a record's line is the line of its first byte (the header is line 1), counting
//! every `\n`, including those inside quoted fields and those of skipped blank lines.

use std::io::Read;

use crate::EventsError;
use crate::hash::fast_hash;

/// Bytes read from the input at a time.
const READ_SIZE: usize = 256 * 1024;

/// The longest text a buffer may hold, so that positions fit in a [`Span`]: a record
/// longer than this (1 GiB) is an error.
const MAX_TEXT: usize = 1 << 30;

/// Marks a [`Span`] whose range is in the scratch string rather than the buffer.
const SCRATCH: u32 = 1 << 31;

/// Where a field's text is: `start..end` of the buffer, or of the scratch string when
/// `start` carries [`SCRATCH`]. Eight bytes, as a wide file has many fields per record.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// `start..end` of the buffer (both at most [`MAX_TEXT`]).
    fn text(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// `start..end` of the scratch string (no longer than the buffer).
    fn scratch(start: usize, end: usize) -> Span {
        Span {
            start: start as u32 | SCRATCH,
            end: end as u32,
        }
    }
}

/// Where a record is in its buffer.
#[derive(Debug, Clone, Copy)]
struct Meta {
    /// The line of its first byte.
    line: u64,
    /// Its fields, `start..end` of the spans.
    spans: (usize, usize),
    /// Its raw text (as it stands in the input, without its line ending), `start..end`
    /// of the buffer, hashed only when asked ([`record_hash`]): on the calling thread,
    /// which has less to do than the one splitting the records.
    raw: (usize, usize),
}

/// Values a format reads from a record ahead of time, on the thread that splits the
/// records (see [`Batch::prepare`]): what they mean is the format's business.
pub(crate) type Prepared = [u64; 4];

/// A format's reading of records ahead of time: `None` for a record it leaves to the
/// usual path. It must be a function of the records alone, in order (it may keep state
/// such as the columns a header names).
pub(crate) type Preparer<'p> = Box<dyn FnMut(&Record<'_>) -> Option<Prepared> + Send + 'p>;

/// One record: its fields, its raw text and its line.
pub(crate) struct Record<'r> {
    text: &'r str,
    scratch: &'r str,
    spans: &'r [Span],
    raw: &'r str,
    line: u64,
    prepared: Option<&'r Prepared>,
}

impl<'r> Record<'r> {
    /// Number of fields.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Field `index`, untrimmed; `None` past the end.
    pub(crate) fn get(&self, index: usize) -> Option<&'r str> {
        self.spans.get(index).map(|span| self.text_of(*span))
    }

    fn text_of(&self, span: Span) -> &'r str {
        let end = span.end as usize;
        if span.start & SCRATCH == 0 {
            &self.text[span.start as usize..end]
        } else {
            &self.scratch[(span.start & !SCRATCH) as usize..end]
        }
    }

    /// The fields, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'r str> + '_ {
        self.spans.iter().map(|span| self.text_of(*span))
    }

    /// What the format's [`Preparer`] read from this record, if it ran and read it.
    pub(crate) fn prepared(&self) -> Option<&'r Prepared> {
        self.prepared
    }
}

/// A source of records, one at a time (a lending iterator).
pub(crate) trait Records {
    /// The next record, or `None` at the end of the input.
    fn next_record(&mut self) -> Result<Option<Record<'_>>, EventsError>;
}

/// Calls `each(record, line)` for every record of `records`; returns how many records
/// there were (a header included). `line` is where the record starts, 1-based.
pub(crate) fn for_each_record(
    records: &mut (impl Records + ?Sized),
    mut each: impl FnMut(&Record<'_>, u64) -> Result<(), EventsError>,
) -> Result<u64, EventsError> {
    let mut count = 0;
    while let Some(record) = records.next_record()? {
        count += 1;
        each(&record, record.line)?;
    }
    Ok(count)
}

/// A buffer of records, as [`Tokenizer::next_batch`] hands them out.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    text: String,
    scratch: String,
    spans: Vec<Span>,
    metas: Vec<Meta>,
    /// One per record after [`Batch::prepare`] (none before: records then have none).
    prepared: Vec<Option<Prepared>>,
}

impl Batch {
    /// Number of records.
    pub(crate) fn len(&self) -> usize {
        self.metas.len()
    }

    /// Record `index` (`None` past the end).
    pub(crate) fn record(&self, index: usize) -> Option<Record<'_>> {
        let meta = self.metas.get(index)?;
        let mut record = view(&self.text, &self.scratch, &self.spans, meta);
        record.prepared = self.prepared.get(index).and_then(Option::as_ref);
        Some(record)
    }

    /// Runs `preparer` on every record, in order, keeping its results with them.
    pub(crate) fn prepare(&mut self, preparer: &mut Preparer<'_>) {
        self.prepared.clear();
        for meta in &self.metas {
            let record = view(&self.text, &self.scratch, &self.spans, meta);
            self.prepared.push(preparer(&record));
        }
    }

    /// Asks for every cache line of record `index`, its fields and their positions to be
    /// brought into this core's cache: made on another thread, they are not there, and
    /// asking a few records ahead lets the loads overlap the work on the records before.
    /// On x86-64 these are prefetch hints, which never wait for memory; elsewhere, plain
    /// reads of one byte per line.
    pub(crate) fn touch(&self, index: usize) {
        let Some(meta) = self.metas.get(index) else {
            return;
        };
        let spans = &self.spans[meta.spans.0..meta.spans.1];
        let (Some(first), Some(last)) = (spans.first(), spans.last()) else {
            return;
        };
        for span in spans.iter().step_by(8) {
            prefetch(span);
        }
        prefetch(last);
        if first.start & SCRATCH == 0 && last.start & SCRATCH == 0 {
            let bytes = self.text.as_bytes();
            let end = (last.end as usize).min(bytes.len());
            for i in (first.start as usize..end).step_by(64) {
                prefetch(&bytes[i]);
            }
            if let Some(b) = end.checked_sub(1).and_then(|e| bytes.get(e)) {
                prefetch(b);
            }
        }
    }

    /// Empties the batch, keeping its memory for reuse.
    fn clear(&mut self) {
        self.text.clear();
        self.scratch.clear();
        self.spans.clear();
        self.metas.clear();
        self.prepared.clear();
    }
}

/// Hints that the cache line holding `value` will be read soon.
#[cfg(target_arch = "x86_64")]
fn prefetch<T>(value: &T) {
    use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
    // SAFETY: a prefetch is a hint that never faults and changes no memory; the pointer
    // comes from a reference anyway. SSE is enabled for every x86-64 target.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast::<i8>()) }
}

/// Reads the byte holding `value` (the portable stand-in for a prefetch hint).
#[cfg(not(target_arch = "x86_64"))]
fn prefetch<T>(value: &T) {
    std::hint::black_box(std::ptr::from_ref(value).cast::<u8>());
}

fn view<'s>(text: &'s str, scratch: &'s str, spans: &'s [Span], meta: &Meta) -> Record<'s> {
    Record {
        text,
        scratch,
        spans: &spans[meta.spans.0..meta.spans.1],
        raw: text.get(meta.raw.0..meta.raw.1).unwrap_or_default(),
        line: meta.line,
        prepared: None,
    }
}

/// Refuses a delimiter that is not ASCII or is a line break (a mapping guarantees the
/// first; the tokenizer needs both).
pub(crate) fn check_delimiter(origin: &str, delimiter: u8) -> Result<(), EventsError> {
    if !delimiter.is_ascii() || matches!(delimiter, b'\r' | b'\n') {
        return Err(EventsError::Layout {
            file: origin.to_owned(),
            line: 1,
            message: format!(
                "delimiter {:?}: expected an ASCII character that is not a line break",
                delimiter as char
            ),
        });
    }
    Ok(())
}

/// What [`Tokenizer::step`] found.
enum Step {
    /// A record, appended to the current batch.
    Record,
    /// The text read so far ends before the next record does.
    NeedMore,
    /// The end of the input.
    End,
}

/// The record splitter (see the module docs).
pub(crate) struct Tokenizer<R> {
    input: R,
    origin: String,
    delimiter: u8,
    quoting: bool,
    /// Decoded text read so far; the records of the current batch, then from `pos` on
    /// the text not yet split.
    text: String,
    pos: usize,
    /// Bytes read after the end of `text` that do not yet form a whole character.
    pending: Vec<u8>,
    /// The buffer the next read fills: the memory of an earlier text, whose bytes up to
    /// its length are initialized, so that only a shortfall is zeroed before a read
    /// (zeroing a whole buffer for every read costs a few per cent of the work).
    backing: Vec<u8>,
    eof: bool,
    /// Whether the start of the input was checked for a byte-order mark.
    started: bool,
    /// The line of `text[pos]`.
    line: u64,
    /// The records found in `text` (the current batch).
    scratch: String,
    spans: Vec<Span>,
    metas: Vec<Meta>,
}

impl<R: Read> Tokenizer<R> {
    /// A tokenizer of `input`; `origin` names it in errors. `delimiter` must be ASCII and
    /// not a line break (an error otherwise). Without `quoting`, `"` is an ordinary
    /// character.
    pub(crate) fn new(input: R, origin: &str, delimiter: u8, quoting: bool) -> Result<Self, EventsError> {
        check_delimiter(origin, delimiter)?;
        Ok(Tokenizer {
            input,
            origin: origin.to_owned(),
            delimiter,
            quoting,
            text: String::new(),
            pos: 0,
            pending: Vec::new(),
            backing: Vec::new(),
            eof: false,
            started: false,
            line: 1,
            scratch: String::new(),
            spans: Vec::with_capacity(64),
            metas: Vec::new(),
        })
    }

    /// The input, once done with.
    pub(crate) fn into_input(self) -> R {
        self.input
    }

    /// Reads the first buffer of text (and drops a leading byte-order mark); returns true
    /// when that is the whole input.
    pub(crate) fn start(&mut self) -> Result<bool, EventsError> {
        if !self.started {
            while self.text.len() < 3 && !self.eof {
                self.refill()?;
            }
            if self.text.starts_with('\u{feff}') {
                self.pos = 3;
            }
            self.started = true;
        }
        Ok(self.eof)
    }

    /// The records of the next buffer of text, moved into a batch (`spare` lends its
    /// memory to the tokenizer in exchange); `None` at the end of the input.
    pub(crate) fn next_batch(&mut self, mut spare: Batch) -> Result<Option<Batch>, EventsError> {
        self.start()?;
        loop {
            match self.step() {
                Step::Record => {}
                Step::NeedMore if self.metas.is_empty() => self.refill()?,
                Step::End if self.metas.is_empty() => return Ok(None),
                Step::NeedMore | Step::End => {
                    // The batch keeps this buffer; the text not yet split starts the next,
                    // and the spare's old buffer will take the next read.
                    let old = std::mem::take(&mut spare.text).into_bytes();
                    if old.len() > self.backing.len() {
                        self.backing = old;
                    }
                    spare.clear();
                    spare.text = self.text[self.pos..].to_owned();
                    self.pos = 0;
                    std::mem::swap(&mut self.text, &mut spare.text);
                    std::mem::swap(&mut self.scratch, &mut spare.scratch);
                    std::mem::swap(&mut self.spans, &mut spare.spans);
                    std::mem::swap(&mut self.metas, &mut spare.metas);
                    return Ok(Some(spare));
                }
            }
        }
    }

    /// Splits off the next record into the current batch, without reading.
    fn step(&mut self) -> Step {
        // Line endings between records, and blank lines, are skipped.
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        while let Some(&b) = bytes.get(i)
            && (b == b'\n' || b == b'\r')
        {
            self.line += u64::from(b == b'\n');
            i += 1;
        }
        self.pos = i;
        if i == bytes.len() {
            return if self.eof { Step::End } else { Step::NeedMore };
        }
        let first_span = self.spans.len();
        let first_scratch = self.scratch.len();
        // The spans and the scratch string are taken out for the scan, so that they are
        // locals of its loop, which the compiler keeps in registers (as fields of `self`
        // they were reloaded from memory after every span written).
        let mut spans = std::mem::take(&mut self.spans);
        let mut scratch = std::mem::take(&mut self.scratch);
        let dialect = (self.delimiter, self.quoting, self.eof);
        let found = scan(&self.text, i, dialect, &mut spans, &mut scratch);
        self.spans = spans;
        self.scratch = scratch;
        match found {
            Some((end, newlines)) => {
                self.metas.push(Meta {
                    line: self.line,
                    spans: (first_span, self.spans.len()),
                    raw: (i, end),
                });
                self.line += newlines;
                self.pos = end;
                Step::Record
            }
            None => {
                // The record goes on past the text read so far (never at the end of input).
                self.spans.truncate(first_span);
                self.scratch.truncate(first_scratch);
                Step::NeedMore
            }
        }
    }

    /// Drops the text before `pos` and reads more; sets `eof` at the end of the input.
    /// Only called while the current batch is empty.
    fn refill(&mut self) -> Result<(), EventsError> {
        let io = |source| EventsError::Io {
            file: self.origin.clone(),
            source,
        };
        let mut bytes = std::mem::take(&mut self.backing);
        let rest = &self.text.as_bytes()[self.pos..];
        let kept = rest.len() + self.pending.len();
        if kept >= MAX_TEXT {
            return Err(EventsError::Layout {
                file: self.origin.clone(),
                line: self.line,
                message: format!("a record longer than {} MiB", MAX_TEXT >> 20),
            });
        }
        let size = (kept + READ_SIZE.max(kept)).min(MAX_TEXT);
        if bytes.len() < size {
            bytes.resize(size, 0);
        }
        bytes[..rest.len()].copy_from_slice(rest);
        bytes[rest.len()..kept].copy_from_slice(&self.pending);
        self.pending.clear();
        let mut filled = kept;
        while filled == kept {
            match self.input.read(&mut bytes[filled..size]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io(e)),
            }
        }
        bytes.truncate(filled);
        // The input is decoded UTF-8, but a read may end inside a character: keep its
        // first bytes for the next read.
        // One check in the usual case; a character cut at the end is checked twice.
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) if e.utf8_error().error_len().is_none() && !self.eof => {
                let valid = e.utf8_error().valid_up_to();
                let mut bytes = e.into_bytes();
                self.pending.extend_from_slice(&bytes[valid..]);
                bytes.truncate(valid);
                String::from_utf8(bytes).map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?
            }
            Err(e) => return Err(io(std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()))),
        };
        self.pos = 0;
        // The old text's memory takes the next read.
        self.backing = std::mem::replace(&mut self.text, text).into_bytes();
        Ok(())
    }
}

/// Splits the record starting at `start`, appending its fields to `spans` (and
/// `scratch`); returns where it ends (its line ending, or the end of the input) and
/// how many line breaks its quoted fields hold, or `None` when the text read so far
/// ends inside it.
fn scan(
    text: &str,
    start: usize,
    (delimiter, quoting, eof): (u8, bool, bool),
    spans: &mut Vec<Span>,
    scratch: &mut String,
) -> Option<(usize, u64)> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut specials = Specials::new(bytes, delimiter);
    let mut newlines = 0;
    let mut i = start;
    loop {
        let end = if quoting && bytes.get(i) == Some(&b'"') {
            // A quoted field: up to the closing quote, `""` standing for one quote;
            // text after the closing quote, up to the next delimiter, is kept as is.
            let mut segment = i + 1;
            let mut from = segment;
            let mut rebuilt = false;
            let scratch_start = scratch.len();
            let close = loop {
                let Some(q) = find_quote(bytes, from, &mut newlines) else {
                    if !eof {
                        return None;
                    }
                    break None;
                };
                if bytes.get(q + 1) == Some(&b'"') {
                    scratch.push_str(&text[segment..=q]);
                    rebuilt = true;
                    from = q + 2;
                    segment = from;
                    continue;
                }
                if q + 1 == n && !eof {
                    return None;
                }
                break Some(q);
            };
            let content_end = close.unwrap_or(n);
            let after = close.map_or(n, |q| q + 1);
            let end = specials.find(after);
            if end == n && !eof {
                return None;
            }
            if rebuilt || end > after {
                scratch.push_str(&text[segment..content_end]);
                scratch.push_str(&text[after..end]);
                spans.push(Span::scratch(scratch_start, scratch.len()));
            } else {
                spans.push(Span::text(i + 1, content_end));
            }
            end
        } else {
            let end = specials.find(i);
            if end == n && !eof {
                return None;
            }
            spans.push(Span::text(i, end));
            end
        };
        match bytes.get(end) {
            Some(&b) if b == delimiter => i = end + 1,
            _ => return Some((end, newlines)),
        }
    }
}

impl<R: Read> Records for Tokenizer<R> {
    fn next_record(&mut self) -> Result<Option<Record<'_>>, EventsError> {
        self.start()?;
        self.scratch.clear();
        self.spans.clear();
        self.metas.clear();
        loop {
            match self.step() {
                Step::Record => {
                    return Ok(self
                        .metas
                        .first()
                        .map(|meta| view(&self.text, &self.scratch, &self.spans, meta)));
                }
                Step::NeedMore => self.refill()?,
                Step::End => return Ok(None),
            }
        }
    }
}

/// The first `"` at or after `from`, counting the line breaks before it.
fn find_quote(bytes: &[u8], from: usize, newlines: &mut u64) -> Option<usize> {
    let mut i = from;
    while let Some(block) = Block::at(bytes, i) {
        let quotes = block.matches(b'"');
        let breaks = block.matches(b'\n');
        if quotes != 0 {
            let below = (1u32 << quotes.trailing_zeros()) - 1;
            *newlines += u64::from((breaks & below).count_ones());
            return Some(i + quotes.trailing_zeros() as usize);
        }
        *newlines += u64::from(breaks.count_ones());
        i += Block::LEN;
    }
    for (offset, &b) in bytes.get(i..).unwrap_or_default().iter().enumerate() {
        if b == b'"' {
            return Some(i + offset);
        }
        *newlines += u64::from(b == b'\n');
    }
    None
}

/// The first delimiter, `\r` or `\n` at or after `from`, or `bytes.len()`, 16 bytes at
/// a time: the reference for [`Specials`], which the tokenizer uses.
#[cfg(test)]
fn find_special(bytes: &[u8], from: usize, delimiter: u8) -> usize {
    let mut i = from;
    while let Some(block) = Block::at(bytes, i) {
        let hits = block.matches(delimiter) | block.matches(b'\r') | block.matches(b'\n');
        if hits != 0 {
            return i + hits.trailing_zeros() as usize;
        }
        i += Block::LEN;
    }
    let rest = bytes.get(i..).unwrap_or_default();
    rest.iter()
        .position(|&b| b == delimiter || b == b'\r' || b == b'\n')
        .map_or(bytes.len(), |p| i + p)
}

/// The positions of the delimiter, `\r` and `\n` in a text, found 64 bytes at a time:
/// one bit mask per window of 64 bytes ([`Block`] by [`Block`]), from which each field's
/// end is one shift and one count of trailing zeros. A query inside the current window
/// reuses its mask (a record is split left to right, so most do); any other loads the
/// window that starts at it.
struct Specials<'b> {
    bytes: &'b [u8],
    delimiter: u8,
    /// Where the window starts (`usize::MAX` before the first query).
    base: usize,
    /// Bit `k` set when `bytes[base + k]` is special.
    mask: u64,
}

impl<'b> Specials<'b> {
    const WINDOW: usize = 64;

    fn new(bytes: &'b [u8], delimiter: u8) -> Self {
        Specials {
            bytes,
            delimiter,
            base: usize::MAX,
            mask: 0,
        }
    }

    /// The first delimiter, `\r` or `\n` at or after `from`, or the text's length (as
    /// [`find_special`]).
    #[inline(always)]
    fn find(&mut self, from: usize) -> usize {
        // The usual case, kept small enough to inline: the end is in the current window.
        let offset = from.wrapping_sub(self.base);
        if offset < Self::WINDOW {
            let rest = self.mask >> offset;
            if rest != 0 {
                return from + rest.trailing_zeros() as usize;
            }
        }
        self.find_slow(from)
    }

    #[inline(never)]
    fn find_slow(&mut self, mut from: usize) -> usize {
        let n = self.bytes.len();
        loop {
            if from >= n {
                return n;
            }
            if from < self.base || from - self.base >= Self::WINDOW {
                self.load(from);
            }
            let rest = self.mask >> (from - self.base);
            if rest != 0 {
                return from + rest.trailing_zeros() as usize;
            }
            from = self.base + Self::WINDOW;
        }
    }

    /// Computes the mask of the window starting at `at` (shorter at the end of the text:
    /// the missing bytes are not special).
    fn load(&mut self, at: usize) {
        self.base = at;
        let d = self.delimiter;
        if let Some(window) = self.bytes.get(at..at + Self::WINDOW).and_then(|w| w.try_into().ok()) {
            self.mask = window_mask(window, d);
            return;
        }
        let special = |block: Block| block.matches(d) | block.matches(b'\r') | block.matches(b'\n');
        let mut mask = 0u64;
        let mut k = 0;
        while k < Self::WINDOW {
            match Block::at(self.bytes, at + k) {
                Some(block) => mask |= u64::from(special(block)) << k,
                None => {
                    for (j, &b) in self.bytes.get(at + k..).unwrap_or_default().iter().enumerate() {
                        if b == d || b == b'\r' || b == b'\n' {
                            mask |= 1 << (k + j);
                        }
                    }
                    break;
                }
            }
            k += Block::LEN;
        }
        self.mask = mask;
    }
}

/// Bit `k` set when `window[k]` is `delimiter`, `\r` or `\n`: four 16-byte loads.
#[cfg(target_arch = "x86_64")]
fn window_mask(window: &[u8; 64], delimiter: u8) -> u64 {
    use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    let mut mask = 0u64;
    for (k, chunk) in window.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is enabled for every x86-64 target; the unaligned load reads the
        // 16 bytes of `chunk`, which `chunks_exact` guarantees are there.
        let hits = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let d = _mm_cmpeq_epi8(v, _mm_set1_epi8(delimiter as i8));
            let cr = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8));
            let lf = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8));
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(d, cr), lf)) as u16
        };
        mask |= u64::from(hits) << (16 * k);
    }
    mask
}

/// Bit `k` set when `window[k]` is `delimiter`, `\r` or `\n`, [`Block`] by [`Block`].
#[cfg(not(target_arch = "x86_64"))]
fn window_mask(window: &[u8; 64], delimiter: u8) -> u64 {
    let mut mask = 0u64;
    for k in 0..4 {
        if let Some(block) = Block::at(window, 16 * k) {
            let hits = block.matches(delimiter) | block.matches(b'\r') | block.matches(b'\n');
            mask |= u64::from(hits) << (16 * k);
        }
    }
    mask
}

/// 16 bytes of text compared at once: with SSE2 (always present on x86-64), else with
/// two 64-bit words and the exact "has zero byte" bit trick.
#[derive(Clone, Copy)]
struct Block {
    lo: u64,
    hi: u64,
}

impl Block {
    const LEN: usize = 16;

    /// The 16 bytes at `i`, when there are that many.
    fn at(bytes: &[u8], i: usize) -> Option<Block> {
        let chunk = bytes.get(i..i + Self::LEN)?;
        let word = |r: std::ops::Range<usize>| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&chunk[r]);
            u64::from_le_bytes(w)
        };
        Some(Block {
            lo: word(0..8),
            hi: word(8..16),
        })
    }

    /// Bit `k` set when byte `k` equals `b`.
    #[cfg(target_arch = "x86_64")]
    fn matches(self, b: u8) -> u32 {
        use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set_epi64x, _mm_set1_epi8};
        // SAFETY: these intrinsics only need SSE2, which every x86-64 processor has (it is
        // enabled for the whole target); they read no memory.
        unsafe {
            let v = _mm_set_epi64x(self.hi as i64, self.lo as i64);
            _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8))) as u32
        }
    }

    /// Bit `k` set when byte `k` equals `b`.
    #[cfg(not(target_arch = "x86_64"))]
    fn matches(self, b: u8) -> u32 {
        const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        const ONES: u64 = 0x0101_0101_0101_0101;
        // 0x80 in every byte of `x ^ b` that is zero (exact, carry-free), gathered into
        // the low 8 bits by a multiplication.
        let mask = |x: u64| {
            let x = x ^ (ONES * u64::from(b));
            let zero = !(((x & LOW).wrapping_add(LOW)) | x | LOW);
            ((zero >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
        };
        mask(self.lo) | (mask(self.hi) << 8)
    }
}

/// The error for an input without a single record.
pub(crate) fn empty(origin: &str, expected: &str) -> EventsError {
    EventsError::Empty {
        file: origin.to_owned(),
        expected: expected.to_owned(),
    }
}

/// Field `index` as text, trimmed; `""` when the record is shorter.
pub(crate) fn field<'r>(record: &Record<'r>, index: usize) -> &'r str {
    record.get(index).map_or("", trim)
}

/// `str::trim`, with a fast path for the usual ASCII ends.
fn trim(s: &str) -> &str {
    if has_plain_ends(s) {
        return s;
    }
    let t = s.trim_ascii();
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(&a), Some(&b)) if a >= 0x80 || b >= 0x80 => t.trim(),
        _ => t,
    }
}

/// True when `s` is empty or starts and ends with a printable ASCII character (neither
/// whitespace nor a control): then no trimming of any kind changes it.
pub(crate) fn has_plain_ends(s: &str) -> bool {
    let plain = |b: Option<&u8>| b.is_none_or(|&b| b > b' ' && b < 0x7f);
    plain(s.as_bytes().first()) && plain(s.as_bytes().last())
}

/// Field `index`, or an error naming the column when it is empty.
pub(crate) fn required<'r>(record: &Record<'r>, index: usize, name: &str) -> Result<&'r str, String> {
    let value = field(record, index);
    if value.is_empty() {
        Err(format!("{name}: missing"))
    } else {
        Ok(value)
    }
}

/// A hash of the record as it stands in the input (for duplicate detection: two records
/// with the same hash are reported as exact repeats). Not stable across versions.
pub(crate) fn record_hash(record: &Record<'_>) -> u64 {
    fast_hash(record.raw.as_bytes())
}

/// The record as one line of text, fields joined by `delimiter` and quoted where needed.
pub(crate) fn raw(record: &Record<'_>, delimiter: u8) -> String {
    // A buffer the size of the record: the default (8 KiB) is a large allocation, which
    // costs the allocator far more than the record.
    let size = record.iter().map(|f| f.len() + 3).sum::<usize>() + 8;
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(size)
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let written = writer
        .write_record(record.iter())
        .and_then(|()| writer.flush().map_err(Into::into));
    let bytes = match (written, writer.into_inner()) {
        (Ok(()), Ok(bytes)) => bytes,
        _ => record
            .iter()
            .collect::<Vec<_>>()
            .join(&(delimiter as char).to_string())
            .into_bytes(),
    };
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    if text.ends_with('\n') {
        text.pop();
    }
    text
}

/// Column positions found in a header row.
pub(crate) struct Header {
    names: Vec<String>,
}

impl Header {
    pub(crate) fn new(record: &Record<'_>) -> Self {
        Header {
            names: (0..record.len())
                .map(|i| field(record, i).to_ascii_lowercase())
                .collect(),
        }
    }

    /// Position of a column (case-insensitive).
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        let name = name.to_ascii_lowercase();
        self.names.iter().position(|n| *n == name)
    }

    /// Positions of needed columns, or one error naming all the missing ones.
    pub(crate) fn require<const N: usize>(
        &self,
        names: [&str; N],
        origin: &str,
        what: &str,
    ) -> Result<[usize; N], EventsError> {
        let found = names.map(|n| self.find(n));
        let missing: Vec<&str> = names
            .iter()
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            return Err(EventsError::Layout {
                file: origin.to_owned(),
                line: 1,
                message: format!("the header lacks the {what} column(s) {}", missing.join(", ")),
            });
        }
        Ok(found.map(|f| f.unwrap_or(usize::MAX)))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Batch, Record, Specials, Tokenizer, find_special, for_each_record};
    use crate::test_support::Trickle;

    /// Fields and lines of every record, as this tokenizer reads them.
    /// Read one record at a time, and in batches (which must agree).
    fn ours(input: &[u8], delimiter: u8, quoting: bool, step: usize) -> Vec<(u64, Vec<String>)> {
        let mut out = Vec::new();
        let reader = Trickle { data: input, step };
        let mut tokenizer = Tokenizer::new(reader, "t", delimiter, quoting).expect("a valid delimiter");
        for_each_record(&mut tokenizer, |r: &Record<'_>, line| {
            out.push((line, r.iter().map(str::to_owned).collect()));
            Ok(())
        })
        .expect("valid UTF-8 never fails");
        let reader = Trickle { data: input, step };
        let mut tokenizer = Tokenizer::new(reader, "t", delimiter, quoting).expect("a valid delimiter");
        let mut batched = Vec::new();
        let mut spare = Batch::default();
        while let Some(batch) = tokenizer.next_batch(spare).expect("valid UTF-8 never fails") {
            assert!(batch.len() > 0);
            for i in 0..batch.len() {
                let r = batch.record(i).expect("in range");
                batched.push((r.line, r.iter().map(str::to_owned).collect::<Vec<_>>()));
                let hash = super::record_hash(&r);
                let copy = batch.record(i).map(|r| super::record_hash(&r));
                assert_eq!(Some(hash), copy);
            }
            spare = batch;
        }
        assert_eq!(out, batched);
        out
    }

    /// The same, as the csv crate reads them.
    fn theirs(input: &[u8], delimiter: u8, quoting: bool) -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .quoting(quoting)
            .from_reader(input);
        reader
            .records()
            .map(|r| r.expect("valid UTF-8").iter().map(str::to_owned).collect())
            .collect()
    }

    fn fields(records: &[(u64, Vec<String>)]) -> Vec<Vec<String>> {
        records.iter().map(|(_, f)| f.clone()).collect()
    }

    #[test]
    fn quoting_rules_match_the_csv_crate() {
        let cases: [&[u8]; 12] = [
            b"a,b,c\n1,2,3\n",
            b"\"a\"b,\"c\"\"d\"\"\",\"e\nf\"\ng",
            b"a\"b,\"x",
            b"\"\"\"\",x\r\n,\r\n\"a\" ,b",
            b"\xef\xbb\xbfh,i\n",
            b"x,\"unterminated\nquote",
            b"\"ends with quote\"",
            b"a,\n,\n,,\n",
            b"\n\n\r\r\n",
            b"\"\",\"\"\"\"\"\",\"a\"\"\"",
            b"tail,",
            "Донецьк,\"Луганськ, «центр»\"\r\nNOËL".as_bytes(),
        ];
        for input in cases {
            for step in [1, 2, 3, 5, 1 << 20] {
                assert_eq!(
                    fields(&ours(input, b',', true, step)),
                    theirs(input, b',', true),
                    "{:?} read {step} bytes at a time",
                    String::from_utf8_lossy(input)
                );
            }
            assert_eq!(fields(&ours(input, b'\t', false, 7)), theirs(input, b'\t', false));
        }
    }

    #[test]
    fn lines_are_where_records_start() {
        let input = b"h\r\na\r\n\r\n\"b\nc\",d\n\ne\n";
        let lines: Vec<u64> = ours(input, b',', true, 3).iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [1, 2, 4, 7]);
    }

    #[test]
    fn hashes_tell_raw_records_apart() {
        let input = b"a,b\na,b\r\n\"a\",b\nab\n";
        let mut tokenizer = Tokenizer::new(&input[..], "t", b',', true).expect("a valid delimiter");
        let batch = tokenizer.next_batch(Batch::default()).expect("valid").expect("records");
        let hashes: Vec<u64> = (0..batch.len())
            .map(|i| batch.record(i).map_or(0, |r| super::record_hash(&r)))
            .collect();
        assert_eq!(hashes[0], hashes[1], "the same text, whatever the line ending");
        assert_ne!(hashes[0], hashes[2], "the same fields, quoted differently");
        assert_ne!(hashes[0], hashes[3]);
    }

    #[test]
    fn a_long_record_grows_the_buffer() {
        let long = "x".repeat(700_000);
        let input = format!("a,{long}\n\"{long}\"\"\",b\n");
        let records = ours(input.as_bytes(), b',', true, 100_000);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].1[1].len(), 700_000);
        assert_eq!(records[1].1[0], format!("{long}\""));
        assert_eq!(records[1].0, 2);
    }

    #[test]
    fn special_bytes_are_found_at_every_offset() {
        for len in 0..20 {
            for at in 0..len {
                for b in [b',', b'\r', b'\n'] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    assert_eq!(find_special(&bytes, 0, b','), at);
                }
            }
            // High bytes next to the searched ones give no false positives.
            let bytes = vec![0xac_u8; len];
            assert_eq!(find_special(&bytes, 0, b','), len);
            let bytes = vec![0x8a_u8; len];
            assert_eq!(find_special(&bytes, 0, b','), len);
        }
    }

    #[test]
    fn windows_find_what_blocks_find() {
        for len in 0..200 {
            for at in (0..len).step_by(7) {
                let mut bytes = vec![0xac_u8; len];
                bytes[at] = b'\n';
                let mut specials = Specials::new(&bytes, b',');
                assert_eq!(specials.find(0), find_special(&bytes, 0, b','), "{len} {at}");
                assert_eq!(specials.find(at + 1), len, "{len} {at}");
            }
        }
    }

    proptest! {
        /// Increasing queries (as a record's fields make them) agree with the reference.
        #[test]
        fn specials_agree_with_the_reference(
            bytes in proptest::collection::vec(prop_oneof![Just(b','), Just(b'\r'), Just(b'\n'), Just(b'x'), Just(0xe2u8)], 0..300),
            steps in proptest::collection::vec(0usize..90, 1..20),
        ) {
            let mut specials = Specials::new(&bytes, b',');
            let mut from = 0;
            for step in steps {
                prop_assert_eq!(specials.find(from), find_special(&bytes, from, b','));
                from += step;
            }
        }
    }

    fn csvish() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just(","),
                Just("\""),
                Just("\"\""),
                Just("\n"),
                Just("\r"),
                Just("\r\n"),
                Just(" "),
                Just("a"),
                Just("bc"),
                Just("é"),
                Just("\t"),
            ],
            0..60,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn random_text_splits_like_the_csv_crate(input in csvish(), step in 1usize..9) {
            prop_assert_eq!(fields(&ours(input.as_bytes(), b',', true, step)), theirs(input.as_bytes(), b',', true));
            prop_assert_eq!(fields(&ours(input.as_bytes(), b'\t', false, step)), theirs(input.as_bytes(), b'\t', false));
        }
    }
}
