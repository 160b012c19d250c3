//! Turns a numbered plan written as plain text into a skeleton document file.
//!
//! `truce import plan.txt` reads a peace plan as it was published (a leak, a
//! communiqué, a draft pasted from a news site) and writes the TOML document file
//! described in `docs/format.md`: one `[[provisions]]` entry per numbered point, with its
//! number and text, and the fields only a person can fill in (`codes`, `terms`, the
//! date, the stage, ...) left as placeholders marked `# TODO`. Placeholders are values
//! `truce check` rejects (`date = "YYYY-MM-DD"`, `stage = "TODO"`), so a skeleton cannot
//! pass the check before someone has worked through it.
//!
//! ```
//! use truce_import::{skeleton, SkeletonOptions};
//!
//! let plan = "\
//! Framework for a ceasefire
//!
//! 1. Both sides stop firing at midnight.
//! 2. Prisoners are exchanged:
//!    a) all for all;
//!    b) within 30 days.
//! 4. A mission monitors the line.
//! ";
//! let options = SkeletonOptions {
//!     id: "framework".to_owned(),
//!     stage: Some("Cea".to_owned()),
//!     ..SkeletonOptions::default()
//! };
//! let made = skeleton(plan, &options)?;
//! assert_eq!(made.provisions, 5);
//! assert!(made.toml.contains(r#"id = "framework-02a""#));
//! assert!(made.toml.contains(r#"number = "2.a""#));
//! assert!(made.toml.contains(r#"date = "YYYY-MM-DD""#));
//! // Point 3 is missing.
//! assert_eq!(made.warnings[0].line, 7);
//! # Ok::<(), truce_import::ImportError>(())
//! ```
//!
//! # How the text is read
//!
//! * **Items.** A line opens an item when it starts with a marker followed by a space:
//!   `1.` `1)` `(1)` `1 -` for top-level points; `a.` `a)` `(a)` and the Cyrillic `а)`
//!   `б.` ... for sub-points; `i.` `(ii)` for a third level; `1.2` `1.2.` `1.2.3` for
//!   dotted numbering; `I.` `II.` (also typed with the Cyrillic `І` and `Х`) for section
//!   headings. Full-width digits and brackets (`１．`, `（２）`) count as ordinary ones. A
//!   number in a second style inside an item (`1)` under `3.`, as Ukrainian and Russian
//!   legal texts do) is a sub-point.
//! * **Wrapped lines.** A line that opens no item continues the previous one, joined with
//!   a space. A marker-like start that does not fit the lists already open ("1.5 million
//!   troops", "v. Putin", a jump from 2 to 60) is read as wrapped text.
//! * **Paragraphs.** After a blank line, a paragraph without a marker belongs to the
//!   deepest open item whose marker is indented no further than the paragraph; the
//!   paragraphs of one item are separated by a line break in its text.
//! * **Bullets** (`•` `-` `–` `—` `*` `·` ...) are unnumbered parts of the item they
//!   are indented under: they stay in its text, one per line, bullet included. They are
//!   not made provisions because the plan itself gives them no number to cite.
//! * **Sections.** A section heading with items under it becomes a comment above its
//!   first provision; one without items is a provision numbered `I`, `II`, ... When
//!   top-level numbering starts again at 1 in each section, numbers carry the section
//!   (`II.3`) so that they stay unique.
//! * **Title and summary.** The first line before the first item is the title, the rest
//!   of that text the summary.
//! * **No numbering.** A text without numbered items gives one provision per paragraph
//!   (and per bullet), with a warning; a first paragraph of one line is the title.
//!
//! # Numbers and ids
//!
//! Numbers are written as the plan writes them, sub-points joined by dots: `6`, `6.a`,
//! `6.б`, `6.a.ii`, `1.2`, `II.3`. Ids are the prefix (the document id unless
//! [`SkeletonOptions::id_prefix`] is given) followed by the zero-padded top-level number
//! and the sub-point, transliterated to ASCII: `us28-06`, `us28-06a`, `us28-06b` for `6.б`,
//! `us28-06a-ii`, `us28-01-2` for `1.2`. An id already taken gets `-2`, `-3`, ...
//!
//! Skipped, repeated and out-of-order numbers, lists that start late and letter lists
//! mixing Latin and Cyrillic letters are reported as [`ImportWarning`]s with their line;
//! they never stop the import. The output depends on nothing but the input and the
//! options.

mod decode;
mod error;
mod letters;
mod lines;
mod marker;
mod numbering;
mod options;
mod outline;
mod render;

pub use decode::decode;
pub use error::{ImportError, ImportWarning};
pub use options::SkeletonOptions;

/// A skeleton document file and what the import noticed on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skeleton {
    /// The document file, TOML.
    pub toml: String,
    /// Number of `[[provisions]]` entries in [`Skeleton::toml`].
    pub provisions: usize,
    /// Doubtful spots in the plan, in line order.
    pub warnings: Vec<ImportWarning>,
}

/// Makes the skeleton document file for the plan in `text`.
///
/// Fails when an option is invalid (see [`ImportError`]) or when the text holds no
/// provision at all; everything doubtful in the text itself is a warning.
pub fn skeleton(text: &str, options: &SkeletonOptions) -> Result<Skeleton, ImportError> {
    let checked = options.check()?;
    let outline = outline::build(&lines::split(text));
    if outline.nodes.is_empty() {
        return Err(ImportError::NoProvisions);
    }
    let (provisions, warnings) = numbering::number(&outline, &checked.prefix);

    let mut summary = outline.summary.clone();
    let title = match (checked.title, outline.title.as_deref()) {
        (Some(given), Some(found)) => {
            // Keep the line the given title replaces.
            if given != found {
                summary.insert(0, found.to_owned());
            }
            Some(given)
        }
        (given, found) => given.or(found),
    };
    let front = render::Front {
        title,
        summary: (!summary.is_empty()).then(|| summary.join("\n")),
    };
    Ok(Skeleton {
        toml: render::render(&checked, &front, &provisions),
        provisions: provisions.len(),
        warnings,
    })
}
