//! `truce monitor ingest`: stream a conflict-event file (UCDP GED, ACLED, GDELT, or any
//! CSV/JSON/GeoJSON feed with a mapping file) into the store, in batches, writing the
//! records that cannot be used to a rejects file.
//!
//! The counts printed always add up: every record read is accepted or rejected, and
//! every accepted event is new, changed or unchanged in the store:
//! `read N = accepted A + rejected R; new X, changed Y, unchanged Z`.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use truce_events::{Counts, DateOrder, Event, Format, ReadOptions, Reject};
use truce_store::{IngestCounts, Store};

use crate::pax;

/// Events written to the store per transaction.
const BATCH: usize = 10_000;

#[derive(Args)]
pub struct IngestArgs {
    /// The event file: CSV (UCDP GED, ACLED, mapped), tab-separated (GDELT 2.0), JSON
    /// array or GeoJSON FeatureCollection (mapped).
    pub file: PathBuf,
    /// Its layout: ucdp, acled, gdelt, or a mapping file (.toml), e.g.
    /// crates/events/mappings/bellingcat.toml. The mapping format is in docs/events.md.
    #[arg(long, short = 'f', value_name = "FORMAT|MAPPING")]
    pub format: String,
    /// The time zone whose local days date-only values mean (a mapping's own zone wins).
    #[arg(long, default_value = "Europe/Kyiv", value_name = "IANA ZONE")]
    pub zone: String,
    /// The expected area, as min_lon,min_lat,max_lon,max_lat (e.g. 22,44,40.5,52.5 for
    /// Ukraine): a point outside it whose swap lies inside is rejected as swapped.
    #[arg(
        long,
        value_delimiter = ',',
        allow_negative_numbers = true,
        value_name = "LON,LAT,LON,LAT"
    )]
    pub bbox: Option<Vec<f64>>,
    /// How to read slash dates whose day and month are both 12 or less: auto (learn from
    /// the file's first unambiguous slash date), day-first, month-first, strict (reject).
    #[arg(long, default_value = "auto", value_name = "ORDER")]
    pub date_order: String,
    /// Reject events starting after this instant (RFC 3339, e.g. 2026-01-01T00:00:00Z;
    /// default: the current time).
    #[arg(long, value_name = "INSTANT")]
    pub now: Option<String>,
    /// Where to write rejected records as CSV (line, reason, raw); default:
    /// <file name>.rejects.csv in the current directory.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
}

/// What one ingest did.
#[derive(Debug, Clone)]
pub struct IngestSummary {
    /// Records read, accepted and rejected, and the encoding found.
    pub counts: Counts,
    /// What the store did with the accepted events.
    pub store: IngestCounts,
    /// The rejects file written.
    pub rejects: PathBuf,
}

impl std::fmt::Display for IngestSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}; {}", self.counts, self.store)
    }
}

/// Parses the arguments, opens the store and ingests; prints the summary.
pub fn command(args: IngestArgs, store: Option<PathBuf>, progress: bool) -> Result<ExitCode> {
    let format = Format::from_spec(&args.format).into_diagnostic()?;
    let options = options(&args)?;
    let rejects = args.rejects.clone().unwrap_or_else(|| {
        let name = args
            .file
            .file_name()
            .map_or("events".into(), |s| s.to_string_lossy().into_owned());
        PathBuf::from(format!("{name}.rejects.csv"))
    });
    let mut store = crate::pax::open_store(store)?;
    let summary = run(&mut store, &args.file, format, options, &rejects, progress)?;
    println!("{}: {summary}", args.file.display());
    println!(
        "encoding {}; {} events in the store {}",
        summary.counts.encoding,
        store.event_count().into_diagnostic()?,
        store.path().display()
    );
    if let Some(order) = summary.counts.learned_date_order {
        println!("ambiguous slash dates read {} (learned from the file)", order.as_str());
    }
    if summary.counts.rejected > 0 {
        println!("rejected records with reasons: {}", summary.rejects.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn options(args: &IngestArgs) -> Result<ReadOptions> {
    let mut options = match &args.now {
        Some(text) => ReadOptions::at(
            text.parse()
                .into_diagnostic()
                .wrap_err_with(|| format!("--now {text:?}: expected an RFC 3339 instant"))?,
        ),
        None => ReadOptions::default(),
    };
    options.zone = jiff::tz::TimeZone::get(&args.zone)
        .into_diagnostic()
        .wrap_err_with(|| format!("--zone {:?}: not a known time zone", args.zone))?;
    options.date_order = args
        .date_order
        .parse::<DateOrder>()
        .map_err(|e| miette!("--date-order: {e}"))?;
    options.bbox = match args.bbox.as_deref() {
        None => None,
        Some(&[min_lon, min_lat, max_lon, max_lat]) if min_lon <= max_lon && min_lat <= max_lat => {
            Some([min_lon, min_lat, max_lon, max_lat])
        }
        Some(other) => {
            return Err(miette!(
                "--bbox: expected min_lon,min_lat,max_lon,max_lat with min <= max, found {other:?}"
            ));
        }
    };
    Ok(options)
}

/// The input file, counted by the progress bar, that fails the read once `stop` is set
/// (so that a store error ends the read instead of parsing the rest for nothing).
struct Input<'a, R> {
    inner: R,
    stop: &'a Cell<bool>,
    progress: Option<&'a ProgressBar>,
}

impl<R: Read> Read for Input<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.stop.get() {
            return Err(std::io::Error::other("ingest stopped"));
        }
        let n = self.inner.read(buf)?;
        if let Some(bar) = self.progress {
            bar.inc(n as u64);
        }
        Ok(n)
    }
}

/// Writes rejects as CSV: `line,reason,raw`, every field quoted.
struct RejectsFile {
    out: BufWriter<File>,
}

impl RejectsFile {
    fn create(path: &Path) -> std::io::Result<Self> {
        let mut out = BufWriter::new(File::create(path)?);
        out.write_all(b"line,reason,raw\n")?;
        Ok(RejectsFile { out })
    }

    fn write(&mut self, reject: &Reject) -> std::io::Result<()> {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        writeln!(
            self.out,
            "{},{},{}",
            reject.line,
            quote(&reject.reason),
            quote(&reject.raw)
        )
    }
}

fn progress_bar(path: &Path) -> ProgressBar {
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left) {msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// Streams `path` into `store` in batches of 10,000 events (one transaction each),
/// writing rejects to `rejects` (always created; a header only when nothing was
/// rejected) and showing a progress bar of the bytes read when `progress`.
pub fn run(
    store: &mut Store,
    path: &Path,
    format: Format,
    options: ReadOptions,
    rejects: &Path,
    progress: bool,
) -> Result<IngestSummary> {
    let file = File::open(path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot open {}", path.display()))?;
    let mut rejects_file = RejectsFile::create(rejects)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write rejects to {}", rejects.display()))?;
    let bar = progress.then(|| progress_bar(path));
    let stop = Cell::new(false);
    let input = Input {
        inner: file,
        stop: &stop,
        progress: bar.as_ref(),
    };

    let mut batch: Vec<Event> = Vec::with_capacity(BATCH);
    let mut stored = IngestCounts::default();
    let mut store_error = None;
    let mut rejects_error = None;
    let origin = path.display().to_string();
    let result = {
        let mut on_event = |event: Event| {
            if store_error.is_some() {
                return;
            }
            batch.push(event);
            if batch.len() >= BATCH {
                match store.ingest_events(batch.drain(..)) {
                    Ok(counts) => stored += counts,
                    Err(e) => {
                        store_error = Some(e);
                        stop.set(true);
                    }
                }
            }
        };
        let mut on_reject = |reject: Reject| {
            if rejects_error.is_none()
                && let Err(e) = rejects_file.write(&reject)
            {
                rejects_error = Some(e);
                stop.set(true);
            }
        };
        truce_events::read(input, &origin, &format, &options, &mut on_event, &mut on_reject)
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if let Some(e) = store_error {
        return Err(e)
            .into_diagnostic()
            .wrap_err_with(|| format!("storing the events of {origin}"));
    }
    if let Some(e) = rejects_error {
        return Err(e)
            .into_diagnostic()
            .wrap_err_with(|| format!("writing rejects to {}", rejects.display()));
    }
    let counts = result.into_diagnostic()?;
    stored += store
        .ingest_events(batch)
        .into_diagnostic()
        .wrap_err_with(|| format!("storing the events of {origin}"))?;
    rejects_file
        .out
        .flush()
        .into_diagnostic()
        .wrap_err_with(|| format!("writing rejects to {}", rejects.display()))?;
    if stored.total() != counts.accepted {
        return Err(miette!(
            "internal error: {} events accepted but {} stored",
            counts.accepted,
            stored.total()
        ));
    }
    Ok(IngestSummary {
        counts,
        store: stored,
        rejects: rejects.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use truce_events::{Format, ReadOptions};
    use truce_store::Store;

    const UCDP: &str = "id,type_of_violence,where_prec,latitude,longitude,date_prec,date_start,date_end,where_description\n\
        1,1,1,48.0159,37.8028,1,2015-02-15,2015-02-15,Donetsk\n\
        2,1,1,123,37.8028,1,2015-02-15,2015-02-15,\"bad, \"\"quoted\"\"\"\n\
        3,3,2,48.3411,38.4046,2,2015-02-16,2015-02-18,Debaltseve\n";

    fn ingest(dir: &Path, text: &str) -> (super::IngestSummary, String) {
        let file = dir.join("events.csv");
        std::fs::write(&file, text).unwrap();
        let rejects = dir.join("events.rejects.csv");
        let mut store = Store::open(&dir.join("truce.sqlite")).unwrap();
        let options = ReadOptions::at("2026-01-01T00:00:00Z".parse().unwrap());
        let summary = super::run(&mut store, &file, Format::Ucdp, options, &rejects, false).unwrap();
        (summary, std::fs::read_to_string(rejects).unwrap())
    }

    #[test]
    fn counts_add_up_and_rejects_are_csv() {
        let dir = tempfile::tempdir().unwrap();
        let (summary, rejects) = ingest(dir.path(), UCDP);
        assert_eq!(
            summary.to_string(),
            "read 3 = accepted 2 + rejected 1; new 2, changed 0, unchanged 0"
        );
        let mut lines = rejects.lines();
        assert_eq!(lines.next(), Some("line,reason,raw"));
        let row = lines.next().unwrap();
        assert!(row.starts_with("3,\"latitude 123 out of range"), "{row}");
        assert!(
            row.ends_with(",\"2,1,1,123,37.8028,1,2015-02-15,2015-02-15,\"\"bad, \"\"\"\"quoted\"\"\"\"\"\"\""),
            "{row}"
        );
        // Again: nothing new.
        let (summary, _) = ingest(dir.path(), UCDP);
        assert_eq!(summary.store.unchanged, 2);
        // A changed row becomes a new version.
        let (summary, _) = ingest(dir.path(), &UCDP.replace("Debaltseve", "Debaltseve town"));
        assert_eq!((summary.store.changed, summary.store.unchanged), (1, 1));
    }

    #[test]
    fn more_events_than_one_batch() {
        let dir = tempfile::tempdir().unwrap();
        let mut text =
            String::from("id,type_of_violence,where_prec,latitude,longitude,date_prec,date_start,date_end\n");
        for i in 0..(super::BATCH + 5) {
            text.push_str(&format!("{i},1,1,48.0,37.8,1,2015-02-15,2015-02-15\n"));
        }
        let (summary, _) = ingest(dir.path(), &text);
        assert_eq!(summary.counts.accepted, super::BATCH as u64 + 5);
        assert_eq!(summary.store.new, super::BATCH as u64 + 5);
    }

    #[test]
    fn a_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("truce.sqlite")).unwrap();
        let err = super::run(
            &mut store,
            &dir.path().join("nope.csv"),
            Format::Ucdp,
            ReadOptions::default(),
            &dir.path().join("r.csv"),
            false,
        )
        .unwrap_err();
        assert!(format!("{err:?}").contains("nope.csv"), "{err:?}");
    }
}

/// Arguments of `truce monitor delete`.
#[derive(Args)]
pub struct DeleteArgs {
    /// A CSV of deleted event ids with a header row, such as ACLED's deletions export
    /// (columns event_id_cnty and deleted_timestamp); the id column may also be called
    /// source_id or id.
    pub file: PathBuf,
    /// The source the ids belong to: acled, ucdp-ged, gdelt or a mapping's name.
    #[arg(long, default_value = "acled")]
    pub source: String,
    /// Where to write rejected rows as CSV (line, reason, raw); default:
    /// <file name>.rejects.csv in the current directory.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
}

const ID_COLUMNS: [&str; 3] = ["event_id_cnty", "source_id", "id"];

/// Applies a deletions file: every listed event of the source gets a tombstone version
/// (its history is kept); ids not in the store are counted apart; unusable rows go to the
/// rejects file. The counts printed add up.
pub fn delete(args: DeleteArgs, store: Option<PathBuf>) -> Result<ExitCode> {
    let name = args.file.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&args.file)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read {name}"))?;
    let headers = reader
        .headers()
        .into_diagnostic()
        .wrap_err_with(|| format!("{name}: line 1 is not a CSV header"))?
        .clone();
    let column = headers
        .iter()
        .position(|h| ID_COLUMNS.contains(&h.trim().trim_start_matches('\u{feff}')))
        .ok_or_else(|| {
            miette!(
                help = "ACLED's deletions export has event_id_cnty; other files need a source_id or id column",
                "{name}: line 1 has no id column (expected one of {})",
                ID_COLUMNS.join(", ")
            )
        })?;
    let rejects_path = args.rejects.clone().unwrap_or_else(|| {
        let base = args
            .file
            .file_name()
            .map_or("deletions".into(), |n| n.to_string_lossy().into_owned());
        PathBuf::from(format!("{base}.rejects.csv"))
    });
    let mut rejects = RejectsFile::create(&rejects_path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write rejects to {}", rejects_path.display()))?;
    let mut store = pax::open_store(store)?;
    let (mut read, mut deleted, mut absent, mut rejected) = (0u64, 0u64, 0u64, 0u64);
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                read += 1;
                let id = record.get(column).map(str::trim).unwrap_or("");
                if id.is_empty() {
                    rejected += 1;
                    let reject = Reject {
                        line: record.position().map_or(line, |p| p.line()),
                        reason: format!("empty id in column `{}`", &headers[column]),
                        raw: record.iter().collect::<Vec<_>>().join(","),
                    };
                    rejects.write(&reject).into_diagnostic()?;
                    continue;
                }
                if store.delete_event(&args.source, id).into_diagnostic()? {
                    deleted += 1;
                } else {
                    absent += 1;
                }
            }
            Err(e) => {
                read += 1;
                rejected += 1;
                let reject = Reject {
                    line: e.position().map_or(line + 1, |p| p.line()),
                    reason: format!("not a CSV row: {e}"),
                    raw: String::new(),
                };
                rejects.write(&reject).into_diagnostic()?;
                if !matches!(
                    e.kind(),
                    csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                ) {
                    break;
                }
            }
        }
    }
    rejects.out.flush().into_diagnostic()?;
    println!(
        "{name}: read {read} = deleted {deleted} + not in the store or already deleted {absent} + rejected {rejected}"
    );
    println!("source {}; store {}", args.source, store.path().display());
    if rejected > 0 {
        println!("rejected rows with reasons: {}", rejects_path.display());
    }
    Ok(ExitCode::SUCCESS)
}
