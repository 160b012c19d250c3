//! Streaming reader of the PA-X v9 CSV export.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use jiff::civil::Date;
use truce_model::pax_taxonomy::{CODES, CodeInfo};

use crate::agreement::Agreement;

/// Metadata columns the reader needs, besides one column per taxonomy code.
pub const METADATA_COLUMNS: [&str; 11] = [
    "AgtId", "Agt", "Dat", "Con", "PP", "PPName", "Reg", "Stage", "StageSub", "Agtp", "Status",
];

/// Column positions of the metadata fields (same order as [`METADATA_COLUMNS`]).
#[derive(Debug, Clone, Copy)]
struct MetaColumns {
    id: usize,
    name: usize,
    date: usize,
    country: usize,
    process_id: usize,
    process_name: usize,
    region: usize,
    stage: usize,
    substage: usize,
    agreement_type: usize,
    status: usize,
}

/// Why the whole input could not be read (as opposed to a single bad row, see [`Reject`]).
#[derive(Debug, thiserror::Error)]
pub enum PaxError {
    /// The input has no header line.
    #[error("{source_name}: the input is empty (no header line)")]
    Empty {
        /// Name of the input, as given by the caller.
        source_name: String,
    },
    /// Columns that the reader needs are absent from the header.
    #[error("{source_name}: missing column(s) in the header: {}", columns.join(", "))]
    MissingColumns {
        /// Name of the input, as given by the caller.
        source_name: String,
        /// The missing column names, metadata first, then codes in taxonomy order.
        columns: Vec<String>,
    },
    /// A column the reader needs appears more than once in the header.
    #[error("{source_name}: column(s) named more than once in the header: {}", columns.join(", "))]
    DuplicateColumns {
        /// Name of the input, as given by the caller.
        source_name: String,
        /// The repeated column names.
        columns: Vec<String>,
    },
    /// The input is not valid UTF-8.
    #[error("{source_name}: line {line}: the input is not valid UTF-8 (re-save it as UTF-8)")]
    NotUtf8 {
        /// Name of the input, as given by the caller.
        source_name: String,
        /// 1-based line of the record holding the bad bytes (0 when unknown).
        line: u64,
    },
    /// Reading or CSV parsing failed.
    #[error("{source_name}: {source}")]
    Csv {
        /// Name of the input, as given by the caller.
        source_name: String,
        /// The underlying error.
        #[source]
        source: csv::Error,
    },
}

/// Why a single row was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RejectReason {
    /// The row does not have as many cells as the header.
    WrongColumnCount {
        /// Number of header columns.
        expected: usize,
        /// Number of cells in the row.
        found: usize,
    },
    /// The `AgtId` cell is empty.
    MissingAgtId,
    /// The `AgtId` cell is not a non-negative integer.
    BadAgtId(String),
    /// Another row with the same `AgtId` was read earlier.
    DuplicateAgtId {
        /// 1-based line of the first row with that id.
        first_line: u64,
    },
    /// The `Dat` cell is not a real `dd/mm/yyyy` date.
    BadDate(String),
    /// The `PP` cell is not a non-negative integer.
    BadProcessId(String),
    /// A code cell is not an integer level.
    BadCodeValue {
        /// The code (column) name.
        code: &'static str,
        /// The cell as found.
        value: String,
    },
    /// A code cell holds a level above the code's maximum.
    LevelAboveMax {
        /// The code (column) name.
        code: &'static str,
        /// The level found.
        level: u8,
        /// The highest level the code takes.
        max: u8,
    },
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::WrongColumnCount { expected, found } => {
                write!(f, "wrong column count: {found} cells, header has {expected}")
            }
            RejectReason::MissingAgtId => f.write_str("missing AgtId"),
            RejectReason::BadAgtId(value) => write!(f, "AgtId {value:?} is not a number"),
            RejectReason::DuplicateAgtId { first_line } => {
                write!(f, "duplicate AgtId (first seen on line {first_line})")
            }
            RejectReason::BadDate(value) => {
                write!(f, "Dat {value:?} is not a real dd/mm/yyyy date")
            }
            RejectReason::BadProcessId(value) => write!(f, "PP {value:?} is not a number"),
            RejectReason::BadCodeValue { code, value } => {
                write!(f, "code {code}: value {value:?} is not a level")
            }
            RejectReason::LevelAboveMax { code, level, max } => {
                write!(f, "code {code}: level {level} is above its maximum {max}")
            }
        }
    }
}

/// A row the reader could not turn into an [`Agreement`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// 1-based line where the row starts.
    pub line: u64,
    /// The row's `AgtId`, when it could be read.
    pub agt_id: Option<u32>,
    /// What was wrong (the first problem found).
    pub reason: RejectReason,
}

impl fmt::Display for Reject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.agt_id {
            Some(id) => write!(f, "line {} (AgtId {id}): {}", self.line, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// One data row's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// The row was read.
    Agreement(Agreement),
    /// The row was rejected.
    Reject(Reject),
}

/// Everything read from one export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaxRead {
    /// Agreements read, in file order.
    pub agreements: Vec<Agreement>,
    /// Rows rejected, in file order.
    pub rejects: Vec<Reject>,
    /// Data rows read; always `agreements.len() + rejects.len()`.
    pub rows_read: usize,
}

/// Reads a whole PA-X v9 export: every row becomes an [`Agreement`] or a [`Reject`].
///
/// `source_name` only names the input in errors. The whole input fails (a [`PaxError`])
/// when the header lacks a needed column, or the bytes are not UTF-8 or not CSV.
///
/// ```
/// # fn main() -> Result<(), truce_pax::PaxError> {
/// use truce_model::pax_taxonomy::CODES;
///
/// let codes: Vec<&str> = CODES.iter().map(|c| c.code).collect();
/// let meta = "AgtId,Agt,Dat,Con,PP,PPName,Reg,Stage,StageSub,Agtp,Status";
/// let mut csv = format!("{meta},{}\n", codes.join(","));
/// let levels: Vec<&str> = codes.iter().map(|&c| if c == "Ce" { "2" } else { "0" }).collect();
/// csv += &format!("1,Truce,01/02/2003,X,9,X process,Y,Cea,Ceas,Intra,Signed,{}\n", levels.join(","));
///
/// let read = truce_pax::read_agreements(csv.as_bytes(), "example.csv")?;
/// assert_eq!(read.rows_read, 1);
/// assert_eq!(read.agreements[0].codes, vec![("Ce", 2)]);
/// # Ok(())
/// # }
/// ```
pub fn read_agreements<R: Read>(reader: R, source_name: &str) -> Result<PaxRead, PaxError> {
    let mut out = PaxRead::default();
    for row in PaxReader::new(reader, source_name)? {
        match row? {
            Row::Agreement(agreement) => out.agreements.push(agreement),
            Row::Reject(reject) => out.rejects.push(reject),
        }
        out.rows_read += 1;
    }
    Ok(out)
}

/// Row-by-row reader of a PA-X v9 export; an iterator of [`Row`]s.
///
/// Holds only the current row (and the ids seen so far, to catch duplicates).
pub struct PaxReader<R> {
    csv: csv::Reader<R>,
    source_name: String,
    width: usize,
    meta: MetaColumns,
    /// Column index of each taxonomy code, parallel to `CODES`.
    code_columns: Vec<usize>,
    seen: HashMap<u32, u64>,
    record: csv::StringRecord,
    done: bool,
}

impl<R: Read> PaxReader<R> {
    /// Reads and checks the header.
    pub fn new(reader: R, source_name: &str) -> Result<Self, PaxError> {
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(reader);
        let header = csv.headers().map_err(|err| csv_error(source_name, err))?.clone();
        if header.is_empty() {
            return Err(PaxError::Empty {
                source_name: source_name.to_owned(),
            });
        }
        let mut positions: HashMap<&str, usize> = HashMap::new();
        let mut duplicates: Vec<String> = Vec::new();
        for (index, name) in header.iter().enumerate() {
            let name = if index == 0 {
                name.trim_start_matches('\u{feff}')
            } else {
                name
            };
            if positions.insert(name, index).is_some() && !duplicates.iter().any(|d| d == name) {
                duplicates.push(name.to_owned());
            }
        }
        let needed = METADATA_COLUMNS.iter().copied().chain(CODES.iter().map(|c| c.code));
        let missing: Vec<String> = needed
            .clone()
            .filter(|name| !positions.contains_key(name))
            .map(str::to_owned)
            .collect();
        if !missing.is_empty() {
            return Err(PaxError::MissingColumns {
                source_name: source_name.to_owned(),
                columns: missing,
            });
        }
        let repeated: Vec<String> = duplicates
            .into_iter()
            .filter(|d| needed.clone().any(|n| n == d))
            .collect();
        if !repeated.is_empty() {
            return Err(PaxError::DuplicateColumns {
                source_name: source_name.to_owned(),
                columns: repeated,
            });
        }
        // Every needed name is present (checked above), so indexing cannot fail.
        let at = |name: &str| positions[name];
        let meta = MetaColumns {
            id: at("AgtId"),
            name: at("Agt"),
            date: at("Dat"),
            country: at("Con"),
            process_id: at("PP"),
            process_name: at("PPName"),
            region: at("Reg"),
            stage: at("Stage"),
            substage: at("StageSub"),
            agreement_type: at("Agtp"),
            status: at("Status"),
        };
        let code_columns = CODES.iter().map(|c| at(c.code)).collect();
        Ok(PaxReader {
            csv,
            source_name: source_name.to_owned(),
            width: header.len(),
            meta,
            code_columns,
            seen: HashMap::new(),
            record: csv::StringRecord::new(),
            done: false,
        })
    }

    /// Reads the next data row; `Ok(None)` at the end of the input.
    pub fn next_row(&mut self) -> Result<Option<Row>, PaxError> {
        if self.done {
            return Ok(None);
        }
        match self.csv.read_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => {
                self.done = true;
                return Ok(None);
            }
            Err(err) => {
                self.done = true;
                return Err(csv_error(&self.source_name, err));
            }
        }
        let line = self.record.position().map_or(0, csv::Position::line);
        let row = match self.parse_record() {
            Ok(agreement) => {
                self.seen.insert(agreement.id, line);
                Row::Agreement(agreement)
            }
            Err((agt_id, reason)) => Row::Reject(Reject { line, agt_id, reason }),
        };
        Ok(Some(row))
    }

    fn parse_record(&self) -> Result<Agreement, (Option<u32>, RejectReason)> {
        let record = &self.record;
        let cell = |index: usize| record.get(index).unwrap_or("").trim();
        // The id first, so that every later reject can name it.
        let agt_id = parse_id(cell(self.meta.id)).ok();
        if record.len() != self.width {
            return Err((
                agt_id,
                RejectReason::WrongColumnCount {
                    expected: self.width,
                    found: record.len(),
                },
            ));
        }
        let id = parse_id(cell(self.meta.id)).map_err(|reason| (None, reason))?;
        let fail = |reason| (Some(id), reason);
        if let Some(&first_line) = self.seen.get(&id) {
            return Err(fail(RejectReason::DuplicateAgtId { first_line }));
        }
        let raw_date = cell(self.meta.date);
        let date = parse_date(raw_date).ok_or_else(|| fail(RejectReason::BadDate(raw_date.to_owned())))?;
        let raw_pp = cell(self.meta.process_id);
        let process_id = raw_pp
            .parse::<u32>()
            .map_err(|_| fail(RejectReason::BadProcessId(raw_pp.to_owned())))?;
        let mut codes = Vec::new();
        for (info, &column) in CODES.iter().zip(&self.code_columns) {
            let level = parse_level(info, cell(column)).map_err(fail)?;
            if level > 0 {
                codes.push((info.code, level));
            }
        }
        Ok(Agreement {
            id,
            name: tidy(cell(self.meta.name)),
            date,
            country: tidy(cell(self.meta.country)),
            process_id,
            process_name: tidy(cell(self.meta.process_name)),
            region: tidy(cell(self.meta.region)),
            stage: tidy(cell(self.meta.stage)),
            substage: tidy(cell(self.meta.substage)),
            agreement_type: tidy(cell(self.meta.agreement_type)),
            status: tidy(cell(self.meta.status)),
            codes,
        })
    }
}

impl<R: Read> Iterator for PaxReader<R> {
    type Item = Result<Row, PaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_row().transpose()
    }
}

fn csv_error(source_name: &str, err: csv::Error) -> PaxError {
    if let csv::ErrorKind::Utf8 { pos, .. } = err.kind() {
        return PaxError::NotUtf8 {
            source_name: source_name.to_owned(),
            line: pos.as_ref().map_or(0, csv::Position::line),
        };
    }
    PaxError::Csv {
        source_name: source_name.to_owned(),
        source: err,
    }
}

fn parse_id(value: &str) -> Result<u32, RejectReason> {
    if value.is_empty() {
        return Err(RejectReason::MissingAgtId);
    }
    value
        .parse::<u32>()
        .map_err(|_| RejectReason::BadAgtId(value.to_owned()))
}

/// Parses `dd/mm/yyyy` (one- or two-digit day and month) into a real calendar date.
fn parse_date(value: &str) -> Option<Date> {
    let mut parts = value.split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(day) && digits(month) && digits(year)) {
        return None;
    }
    Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok()
}

fn parse_level(info: &'static CodeInfo, value: &str) -> Result<u8, RejectReason> {
    let bad = || RejectReason::BadCodeValue {
        code: info.code,
        value: value.to_owned(),
    };
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let level = value.parse::<u8>().map_err(|_| bad())?;
    if level > info.max_level {
        return Err(RejectReason::LevelAboveMax {
            code: info.code,
            level,
            max: info.max_level,
        });
    }
    Ok(level)
}

/// Trims and collapses inner whitespace (line breaks in quoted cells included).
fn tidy(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}
