//! Reading a delimited input on two threads.
//!
//! A CSV input larger than one chunk ([`CHUNK`]) is read in a pipeline:
//!
//! - a worker thread decodes the text and splits it into records
//!   ([`Tokenizer::next_batch`]), runs the format's [`Preparer`] on them when it has one
//!   (UCDP reads its coded, date and deaths fields there: work taken off the calling
//!   thread, which has more to do), and sends each buffer of records to the calling
//!   thread;
//! - the calling thread turns the records into events or rejects (field parsing, dates,
//!   checks, duplicate detection: everything the format does), calling the caller's
//!   callbacks (which need not be `Send`) as it goes, in input order;
//! - the input is read by the worker when it can be sent there ([`Input::Movable`], a
//!   file opened by [`crate::read_path`]), else by the calling thread, in chunks that the
//!   worker asks for ([`Input::Here`]).
//!
//! The events are thus made, and usually freed, on one thread, which the allocator
//! prefers, and the results are exactly those of a read on one thread: the records come
//! in order and the state (learned date order, accepted ids) lives on one thread.
//!
//! Memory stays bounded: at most [`IN_FLIGHT`] messages (buffers of records, or requests
//! for input) wait for the calling thread, and the worker blocks when they are there.
//! Chunks of input and buffers of records are handed back for reuse. Errors: an I/O error of the input reaches the worker as the
//! end of its input with that error, which it reports; an error found by the format (a
//! header without a needed column) stops the calling thread, which lets the worker go.
//! A panic on either thread is passed on to the caller once both have stopped.

use std::io::Read;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

use crate::csvio::{Batch, Preparer, Record, Records, Tokenizer, check_delimiter};
use crate::decode::DecodingReader;
use crate::{EventsError, TextEncoding};

/// Bytes of input per chunk.
pub(crate) const CHUNK: usize = 256 * 1024;

/// Chunks of input lent to the worker at a time, and messages waiting for the calling
/// thread at most.
const IN_FLIGHT: usize = 4;

/// Where the input can be read.
pub(crate) enum Input<R> {
    /// On the calling thread only.
    Here(R),
    /// On any thread.
    Movable(Box<dyn Read + Send>),
}

/// Input for the worker.
enum Chunk {
    Data(Vec<u8>),
    End,
    Failed(std::io::Error),
}

/// What the worker sends back.
enum Message {
    Batch(Batch),
    /// A used chunk: fill it and send it again.
    Empty(Vec<u8>),
    /// The end of the input, and the encoding found.
    End(TextEncoding),
    Failed(EventsError),
}

/// How the records of a delimited input are read.
pub(crate) struct Dialect<'a> {
    pub(crate) origin: &'a str,
    pub(crate) delimiter: u8,
    pub(crate) quoting: bool,
    /// The format's reading of records ahead of time, run on the worker (never on a
    /// read on one thread, whose records have no [`Record::prepared`] values).
    pub(crate) preparer: Option<Preparer<'a>>,
}

/// Reads `input` with `dialect` and hands its records to `format` (on this thread),
/// tokenizing on a worker thread when the input is larger than one chunk. Returns the
/// encoding found.
pub(crate) fn read<R: Read>(
    input: Input<R>,
    dialect: Dialect<'_>,
    format: &mut dyn FnMut(&mut dyn RecordsDyn) -> Result<(), EventsError>,
) -> Result<TextEncoding, EventsError> {
    // Fails here on a bad delimiter, before any thread is started.
    check_delimiter(dialect.origin, dialect.delimiter)?;
    let mut first = Vec::new();
    let (mut here, movable) = match input {
        Input::Here(r) => (Some(r), None),
        Input::Movable(r) => (None, Some(r)),
    };
    let filled = match (&mut here, movable) {
        (Some(r), _) => fill(r, &mut first).map(|whole| (whole, None)),
        (None, Some(mut r)) => fill(&mut r, &mut first).map(|whole| (whole, Some(r))),
        (None, None) => Ok((true, None)),
    };
    let (whole, movable) = filled.map_err(|source| EventsError::Io {
        file: dialect.origin.to_owned(),
        source,
    })?;
    if whole {
        let decoder = DecodingReader::new(std::io::Cursor::new(first));
        let mut tokenizer = Tokenizer::new(decoder, dialect.origin, dialect.delimiter, dialect.quoting)?;
        format(&mut tokenizer)?;
        return Ok(tokenizer.into_input().encoding());
    }
    let (chunk_tx, chunk_rx) = channel::<Chunk>();
    let (message_tx, message_rx) = sync_channel::<Message>(IN_FLIGHT);
    let (spare_tx, spare_rx) = channel::<Batch>();
    std::thread::scope(|scope| {
        let worker = match movable {
            Some(rest) => {
                let reader = std::io::Cursor::new(std::mem::take(&mut first)).chain(rest);
                scope.spawn(|| tokenize(reader, message_tx, spare_rx, dialect))
            }
            None => {
                let reader = Chunks {
                    rx: chunk_rx,
                    back: message_tx.clone(),
                    current: Vec::new(),
                    pos: 0,
                    eof: false,
                };
                scope.spawn(|| tokenize(reader, message_tx, spare_rx, dialect))
            }
        };
        let result = {
            let mut incoming = Incoming {
                input: here.as_mut(),
                chunk_tx,
                message_rx,
                spare_tx,
                current: Batch::default(),
                next: 0,
                input_done: false,
                encoding: None,
            };
            if incoming.input.is_some() {
                incoming.send(first);
                for _ in 1..IN_FLIGHT {
                    incoming.feed(Vec::new());
                }
            }
            format(&mut incoming).map(|()| incoming.encoding)
        };
        // The channels are gone: the worker stops at its next message, if not done.
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
        // The format reads records until there are none, which comes with the encoding.
        result.map(|encoding| encoding.unwrap_or(TextEncoding::Utf8))
    })
}

/// Reads into `buf` up to [`CHUNK`] bytes; returns true when the input ended.
fn fill(input: &mut impl Read, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    buf.resize(CHUNK, 0);
    let mut filled = 0;
    while filled < CHUNK {
        match input.read(&mut buf[filled..]) {
            Ok(0) => {
                buf.truncate(filled);
                return Ok(true);
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                buf.truncate(filled);
                return Err(e);
            }
        }
    }
    Ok(false)
}

/// [`Records`] as a trait object, so that one format reader serves both paths.
pub(crate) trait RecordsDyn {
    fn next_dyn(&mut self) -> Result<Option<Record<'_>>, EventsError>;
}

impl<T: Records> RecordsDyn for T {
    fn next_dyn(&mut self) -> Result<Option<Record<'_>>, EventsError> {
        self.next_record()
    }
}

impl Records for dyn RecordsDyn + '_ {
    fn next_record(&mut self) -> Result<Option<Record<'_>>, EventsError> {
        self.next_dyn()
    }
}

/// The calling thread's records: the batches from the worker, one record at a time;
/// feeds the worker input on request.
struct Incoming<'i, R> {
    /// The input, when read on this thread.
    input: Option<&'i mut R>,
    chunk_tx: Sender<Chunk>,
    message_rx: Receiver<Message>,
    spare_tx: Sender<Batch>,
    current: Batch,
    next: usize,
    input_done: bool,
    encoding: Option<TextEncoding>,
}

impl<R: Read> Incoming<'_, R> {
    /// Fills `buf` from the input and sends it to the worker (or the end, or the error).
    fn feed(&mut self, mut buf: Vec<u8>) {
        let Some(input) = self.input.as_mut().filter(|_| !self.input_done) else {
            return;
        };
        match fill(*input, &mut buf) {
            Ok(ended) => {
                if !buf.is_empty() {
                    self.send(buf);
                }
                if ended {
                    self.input_done = true;
                    let _ = self.chunk_tx.send(Chunk::End);
                }
            }
            Err(e) => {
                if !buf.is_empty() {
                    self.send(buf);
                }
                self.input_done = true;
                let _ = self.chunk_tx.send(Chunk::Failed(e));
            }
        }
    }

    fn send(&mut self, buf: Vec<u8>) {
        // The worker may have stopped (it reported an error): the chunk is dropped.
        let _ = self.chunk_tx.send(Chunk::Data(buf));
    }
}

impl<R: Read> Records for Incoming<'_, R> {
    fn next_record(&mut self) -> Result<Option<Record<'_>>, EventsError> {
        while self.next >= self.current.len() {
            if self.encoding.is_some() {
                return Ok(None);
            }
            match self.message_rx.recv() {
                Ok(Message::Batch(batch)) => {
                    let done = std::mem::replace(&mut self.current, batch);
                    self.next = 0;
                    let _ = self.spare_tx.send(done);
                }
                Ok(Message::Empty(buf)) => self.feed(buf),
                Ok(Message::End(encoding)) => self.encoding = Some(encoding),
                Ok(Message::Failed(e)) => return Err(e),
                // The worker panicked: joining it passes the panic on.
                Err(_) => return Ok(None),
            }
        }
        self.next += 1;
        self.current.touch(self.next + TOUCH_AHEAD);
        Ok(self.current.record(self.next - 1))
    }
}

/// How many records ahead [`Batch::touch`] reaches.
const TOUCH_AHEAD: usize = 3;

/// The worker: decodes and splits its input.
fn tokenize(reader: impl Read, message_tx: SyncSender<Message>, spare_rx: Receiver<Batch>, dialect: Dialect<'_>) {
    let mut preparer = dialect.preparer;
    let decoder = DecodingReader::new(reader);
    let mut tokenizer = match Tokenizer::new(decoder, dialect.origin, dialect.delimiter, dialect.quoting) {
        Ok(t) => t,
        Err(e) => {
            let _ = message_tx.send(Message::Failed(e));
            return;
        }
    };
    loop {
        let spare = spare_rx.try_recv().unwrap_or_default();
        let message = match tokenizer.next_batch(spare) {
            Ok(Some(mut batch)) => {
                if let Some(preparer) = &mut preparer {
                    batch.prepare(preparer);
                }
                Message::Batch(batch)
            }
            Ok(None) => {
                let _ = message_tx.send(Message::End(tokenizer.into_input().encoding()));
                return;
            }
            Err(e) => Message::Failed(e),
        };
        let failed = matches!(message, Message::Failed(_));
        // The calling thread stopped listening (the format failed): stop too.
        if message_tx.send(message).is_err() || failed {
            return;
        }
    }
}

/// The worker's input: the chunks it is sent, each handed back once read.
struct Chunks {
    rx: Receiver<Chunk>,
    back: SyncSender<Message>,
    current: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.pos < self.current.len() {
                let n = buf.len().min(self.current.len() - self.pos);
                buf[..n].copy_from_slice(&self.current[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if self.eof || buf.is_empty() {
                return Ok(0);
            }
            let used = std::mem::take(&mut self.current);
            self.pos = 0;
            if used.capacity() > 0 {
                // Gone only when the calling thread stopped: the end comes next.
                let _ = self.back.send(Message::Empty(used));
            }
            match self.rx.recv() {
                Ok(Chunk::Data(data)) => self.current = data,
                Ok(Chunk::End) | Err(_) => self.eof = true,
                Ok(Chunk::Failed(e)) => {
                    self.eof = true;
                    return Err(e);
                }
            }
        }
    }
}
