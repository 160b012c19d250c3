//! Loading a scenario: read every file, lower each to the model, then check what only
//! the whole family can tell (duplicate ids across files, dangling links, cycles).
//!
//! Loading never fails: it returns the model it could build and every diagnostic.

mod ceasefire_file;
pub(crate) mod document_file;
mod negotiation_file;
mod reader;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::{Diagnostic, FileId, Negotiation, Severity, SourceFile, SourceMap};
use document_file::DocumentFile;
use reader::{Hint, Sink};

#[cfg(test)]
pub(crate) use ceasefire_file::{CEASEFIRE_KEYS, ZONE_KEYS};
#[cfg(test)]
pub(crate) use document_file::TOP_KEYS as DOCUMENT_TOP_KEYS;
#[cfg(test)]
pub(crate) use document_file::{DOCUMENT_KEYS, PROVENANCE_KEYS, PROVISION_KEYS, RELATION_KEYS};
#[cfg(test)]
pub(crate) use negotiation_file::TOP_KEYS as NEGOTIATION_TOP_KEYS;
#[cfg(test)]
pub(crate) use negotiation_file::{GEOMETRY_KEYS, ISSUE_KEYS, LINK_KEYS, NEGOTIATION_KEYS, OPTION_KEYS, PARTY_KEYS};

/// Largest input file read, in bytes. Scenario files are written by people; anything
/// larger is almost surely not one, and reading it would cost unbounded memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The result of a load: the model (as far as it could be built), the files read and
/// every diagnostic, sorted by file and position.
#[derive(Debug)]
pub struct Loaded {
    /// The negotiation, when its header could be read. It holds only the parts that
    /// were valid; use it for analysis only when [`Loaded::error_count`] is 0.
    pub negotiation: Option<Negotiation>,
    /// Every file read.
    pub sources: SourceMap,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// Which file each document came from.
    pub document_files: BTreeMap<String, FileId>,
    /// The scenario directory, when loaded from disk.
    pub root: Option<PathBuf>,
}

impl Loaded {
    /// Number of errors.
    pub fn error_count(&self) -> usize {
        crate::diagnostic::count_errors(&self.diagnostics)
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Finds the scenario a path belongs to: a directory holding `negotiation.toml`, or the
/// nearest such directory above a file.
pub fn find_scenario_root(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() { Some(path) } else { path.parent() };
    let mut dir = start?;
    loop {
        if dir.join("negotiation.toml").is_file() {
            return Some(dir.to_path_buf());
        }
        dir = dir.parent()?;
    }
}

/// Loads the scenario in `dir`: `negotiation.toml` and every `documents/*.toml`, in
/// file-name order. Problems reading files are diagnostics too.
pub fn load_scenario(dir: &Path) -> Loaded {
    let mut diagnostics = Vec::new();
    let negotiation_path = dir.join("negotiation.toml");
    let mut broken: Vec<(String, String, usize)> = Vec::new();
    let negotiation = match read_file(&negotiation_path, &mut diagnostics) {
        Read::Text(t) => Some(t),
        Read::NotUtf8(t, at) => {
            broken.push((display(&negotiation_path), t, at));
            None
        }
        Read::Failed => None,
    };
    let mut documents = Vec::new();
    let docs_dir = dir.join("documents");
    match std::fs::read_dir(&docs_dir) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
                .collect();
            paths.sort();
            for p in paths {
                match read_file(&p, &mut diagnostics) {
                    Read::Text(text) => documents.push((display(&p), text)),
                    Read::NotUtf8(text, at) => broken.push((display(&p), text, at)),
                    Read::Failed => {}
                }
            }
        }
        Err(e) => diagnostics.push(io_diagnostic(&docs_dir, &e.to_string())),
    }
    let negotiation = negotiation.unwrap_or_default();
    let docs: Vec<(&str, &str)> = documents.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let mut loaded = load_sources((&display(&negotiation_path), &negotiation), &docs);
    loaded.diagnostics.splice(0..0, diagnostics);
    for (name, text, at) in broken {
        let d = not_utf8(&mut loaded.sources, name, text, at);
        loaded.diagnostics.push(d);
    }
    check_geometry_files(&mut loaded, dir);
    loaded.root = Some(dir.to_path_buf());
    loaded
}

/// Every declared geometry file must exist under the scenario folder (an error, since a
/// ceasefire drawn on a missing shape cannot be monitored).
fn check_geometry_files(loaded: &mut Loaded, dir: &Path) {
    let Some(n) = &loaded.negotiation else { return };
    let file = FileId(0);
    let text = &loaded.sources.get(file).text;
    let mut found = Vec::new();
    for g in &n.geometries {
        if dir.join(&g.path).exists() {
            continue;
        }
        let literal = format!("\"{}\"", g.path.display());
        let span = text.find(&literal).map_or(0..0, |at| at..at + literal.len());
        found.push(
            Diagnostic::error(
                "missing-geometry-file",
                file,
                span,
                format!("geometry `{}`: no file or folder {}", g.id, dir.join(&g.path).display()),
            )
            .with_label("not found in the scenario folder")
            .with_hint("put the GeoJSON file there, or fix `path` (relative to the scenario folder)"),
        );
    }
    if !found.is_empty() {
        loaded.diagnostics.extend(found);
        loaded
            .diagnostics
            .sort_by_key(|d| (d.file.map_or(0, |f| f.0 + 1), d.span.start, d.span.end));
    }
}

fn display(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn io_diagnostic(path: &Path, message: &str) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        code: "io",
        message: format!("cannot read {}: {message}", path.display()),
        file: None,
        span: 0..0,
        label: None,
        hint: None,
    }
}

/// What reading one file gave.
enum Read {
    /// The file's text.
    Text(String),
    /// The file is not UTF-8: its text with invalid bytes replaced, and the byte offset
    /// of the first invalid byte (identical in both, since everything before it is valid).
    NotUtf8(String, usize),
    /// It could not be read; the diagnostic has been recorded.
    Failed,
}

/// Reads a file as UTF-8 text within [`MAX_FILE_BYTES`].
fn read_file(path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Read {
    use std::io::Read as _;
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            diagnostics.push(io_diagnostic(path, &e.to_string()));
            return Read::Failed;
        }
    };
    let mut bytes = Vec::new();
    if let Err(e) = file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        diagnostics.push(io_diagnostic(path, &e.to_string()));
        return Read::Failed;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let mut d = io_diagnostic(path, "");
        d.code = "too-large";
        d.message = format!(
            "{} is larger than {} MiB; it is not a scenario file",
            path.display(),
            MAX_FILE_BYTES >> 20
        );
        d.hint = Some("scenario files are hand-written TOML; check that the path is right".to_owned());
        diagnostics.push(d);
        return Read::Failed;
    }
    match String::from_utf8(bytes) {
        Ok(s) => Read::Text(s),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Read::NotUtf8(String::from_utf8_lossy(e.as_bytes()).into_owned(), at)
        }
    }
}

/// Adds a file that is not UTF-8 to the map, with one diagnostic at its first bad byte.
fn not_utf8(sources: &mut SourceMap, name: String, text: String, at: usize) -> Diagnostic {
    let id = sources.add(SourceFile::new(name, text));
    let mut d = Diagnostic::error("not-utf8", id, at..at + 1, format!("invalid UTF-8 at byte {at}"));
    d.label("not UTF-8")
        .hint("scenario files must be UTF-8 text; re-save the file as UTF-8");
    d
}

/// Loads a scenario from texts in memory: `(name, text)` of the negotiation file and of
/// each document file. This is what [`load_scenario`] does after reading the files.
pub fn load_sources(negotiation: (&str, &str), documents: &[(&str, &str)]) -> Loaded {
    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();

    let neg_id = sources.add(SourceFile::new(negotiation.0, negotiation.1));
    let neg_file = {
        let source = sources.get(neg_id);
        let mut sink = Sink {
            file: neg_id,
            source,
            diagnostics: &mut diagnostics,
        };
        let root = crate::toml_fields::parse(&mut sink);
        negotiation_file::lower(root.get_ref(), 0..0, &mut sink)
    };

    let mut files: Vec<(FileId, DocumentFile)> = Vec::new();
    for (name, text) in documents {
        let id = sources.add(SourceFile::new(*name, *text));
        let source = sources.get(id);
        let mut sink = Sink {
            file: id,
            source,
            diagnostics: &mut diagnostics,
        };
        let root = crate::toml_fields::parse(&mut sink);
        files.push((id, document_file::lower(root.get_ref(), 0..0, &neg_file, &mut sink)));
    }

    cross_check(&files, &sources, &mut diagnostics);
    check_links(&neg_file, neg_id, &files, &mut diagnostics);

    let mut document_files = BTreeMap::new();
    let mut docs = Vec::new();
    for (file, f) in files {
        if let Some(d) = f.document
            && !document_files.contains_key(&d.id)
        {
            document_files.insert(d.id.clone(), file);
            docs.push(d);
        }
    }
    let negotiation = neg_file.header.map(|(id, title, summary, pax_process)| Negotiation {
        id,
        title,
        summary,
        pax_process,
        parties: neg_file.parties,
        issues: neg_file.issues,
        documents: docs,
        links: neg_file.links.into_iter().map(|(l, _, _)| l).collect(),
        geometries: neg_file.geometries,
    });
    diagnostics.sort_by_key(|d| (d.file.map_or(0, |f| f.0 + 1), d.span.start, d.span.end));
    // A value the TOML parser already rejected is not reported a second time by the
    // lowering (which saw only what the parser could recover).
    diagnostics.dedup_by(|later, first| {
        later.file == first.file && later.span == first.span && matches!(first.code, "syntax" | "bad-date")
    });
    Loaded {
        negotiation,
        sources,
        diagnostics,
        document_files,
        root: None,
    }
}

/// Checks that need every file: duplicate ids across files, dangling and cyclic
/// relations, and relations pointing forward in time.
fn cross_check(files: &[(FileId, DocumentFile)], sources: &SourceMap, diagnostics: &mut Vec<Diagnostic>) {
    let at = |file: FileId, span: &Range<usize>| {
        let f = sources.get(file);
        let (line, col) = f.line_col(span.start);
        format!("{}:{line}:{col}", f.name)
    };

    // Document ids, and their dates.
    let mut docs: HashMap<&str, (FileId, &Range<usize>, Option<crate::Date>)> = HashMap::new();
    for (file, f) in files {
        let Some((id, span)) = &f.id else { continue };
        if let Some((first_file, first_span, _)) = docs.get(id.as_str()) {
            let mut d = Diagnostic::error(
                "duplicate-id",
                *file,
                span.clone(),
                format!("duplicate document id `{id}`"),
            );
            d.label("defined again here").hint(format!(
                "first defined at {}; document ids must be unique",
                at(*first_file, first_span)
            ));
            diagnostics.push(d);
        } else {
            docs.insert(id.as_str(), (*file, span, f.date));
        }
    }

    // Provision ids are unique across the whole negotiation.
    let mut provisions: HashMap<&str, (FileId, &Range<usize>)> = HashMap::new();
    for (file, f) in files {
        for (id, span) in &f.provision_ids {
            if let Some((first_file, first_span)) = provisions.get(id.as_str()) {
                let mut d = Diagnostic::error(
                    "duplicate-id",
                    *file,
                    span.clone(),
                    format!("duplicate provision id `{id}`"),
                );
                d.label("defined again here").hint(format!(
                    "first defined at {}; provision ids are unique across the negotiation (prefix them with the document, e.g. `us28-06`)",
                    at(*first_file, first_span)
                ));
                diagnostics.push(d);
            } else {
                provisions.insert(id.as_str(), (*file, span));
            }
        }
    }

    // Relations: targets exist, point backwards in time, and form no cycle.
    let mut edges: Edges<'_> = BTreeMap::new();
    for (file, f) in files {
        let Some((from, _)) = &f.id else { continue };
        for (kind, target, span) in &f.relations {
            if target == from {
                let mut d = Diagnostic::error(
                    "self-relation",
                    *file,
                    span.clone(),
                    format!("document `{from}` {} itself", kind.as_str()),
                );
                d.hint("a relation links two different documents");
                diagnostics.push(d);
                continue;
            }
            let Some((_, _, target_date)) = docs.get(target.as_str()) else {
                let mut d = Diagnostic::error(
                    "dangling-reference",
                    *file,
                    span.clone(),
                    format!("relation target `{target}` is not a document of this negotiation"),
                );
                d.label("no document has this id");
                d.hint = reader::suggest(target, docs.keys().copied()).or_else(|| {
                    Some("documents are the files under documents/; use the id in their [document] table".to_owned())
                });
                diagnostics.push(d);
                continue;
            };
            if let (Some(from_date), Some(to_date)) = (f.date, target_date)
                && to_date > &from_date
            {
                let mut d = Diagnostic::warning(
                    "relation-forward",
                    *file,
                    span.clone(),
                    format!(
                        "`{from}` ({from_date}) {} `{target}`, which is dated later ({to_date})",
                        kind.as_str()
                    ),
                );
                d.hint("relations point from a later document to an earlier one; check the dates or the direction");
                diagnostics.push(d);
            }
            edges
                .entry(from.as_str())
                .or_default()
                .push((target.as_str(), *file, span));
        }
    }
    for cycle in find_cycles(&edges) {
        let (_, file, span) = cycle.closing;
        let path = cycle.nodes.join(" -> ");
        let mut d = Diagnostic::error(
            "relation-cycle",
            file,
            span.clone(),
            format!("document relations form a cycle: {path}"),
        );
        d.label("this relation closes the cycle")
            .hint("every relation points from a later document to an earlier one; remove or reverse one link");
        diagnostics.push(d);
    }
}

/// Alignment links name provisions of two different documents, at most once per pair.
fn check_links(
    neg: &negotiation_file::NegotiationFile,
    file: FileId,
    files: &[(FileId, DocumentFile)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut owner: HashMap<&str, &str> = HashMap::new();
    for (_, f) in files {
        let Some((doc, _)) = &f.id else { continue };
        for (id, _) in &f.provision_ids {
            owner.entry(id.as_str()).or_insert(doc.as_str());
        }
    }
    let mut seen: HashMap<(&str, &str), ()> = HashMap::new();
    for (link, aspan, bspan) in &neg.links {
        let mut ok = true;
        for (id, span) in [(&link.a, aspan), (&link.b, bspan)] {
            if !owner.contains_key(id.as_str()) {
                let mut d = Diagnostic::error(
                    "dangling-reference",
                    file,
                    span.clone(),
                    format!("link end `{id}` is not a provision of this negotiation"),
                );
                d.label("no provision has this id");
                d.hint = reader::suggest(id, owner.keys().copied())
                    .or_else(|| Some("links name provision ids from the document files".to_owned()));
                diagnostics.push(d);
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        if owner.get(link.a.as_str()) == owner.get(link.b.as_str()) {
            let mut d = Diagnostic::error(
                "link-same-document",
                file,
                bspan.clone(),
                format!("`{}` and `{}` are in the same document", link.a, link.b),
            );
            d.hint("a link joins provisions of two different documents");
            diagnostics.push(d);
        } else if seen.insert((link.a.as_str(), link.b.as_str()), ()).is_some() {
            let mut d = Diagnostic::error(
                "duplicate-link",
                file,
                aspan.clone(),
                format!("the link {} -> {} is given twice", link.a, link.b),
            );
            d.hint("keep one verdict per pair of provisions");
            diagnostics.push(d);
        }
    }
}

/// Relations by source document: (target, file, span of the target).
type Edges<'a> = BTreeMap<&'a str, Vec<(&'a str, FileId, &'a Range<usize>)>>;

struct Cycle<'a> {
    nodes: Vec<&'a str>,
    closing: (&'a str, FileId, &'a Range<usize>),
}

/// Every elementary cycle found by a depth-first search (each back edge reported once).
fn find_cycles<'a>(edges: &Edges<'a>) -> Vec<Cycle<'a>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Active,
        Done,
    }
    let mut marks: HashMap<&str, Mark> = HashMap::new();
    let mut cycles = Vec::new();
    for &start in edges.keys() {
        if marks.contains_key(start) {
            continue;
        }
        // Iterative DFS: the stack holds (node, index of the next edge to follow).
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Active);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let out = edges.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(&(target, file, span)) = out.get(*next) {
                *next += 1;
                match marks.get(target) {
                    None => {
                        marks.insert(target, Mark::Active);
                        stack.push((target, 0));
                    }
                    Some(Mark::Active) => {
                        let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                        let mut nodes: Vec<&str> = stack[from..].iter().map(|(n, _)| *n).collect();
                        nodes.push(target);
                        cycles.push(Cycle {
                            nodes,
                            closing: (node, file, span),
                        });
                    }
                    Some(Mark::Done) => {}
                }
            } else {
                marks.insert(node, Mark::Done);
                stack.pop();
            }
        }
    }
    cycles
}
