//! The outline of a plan: its items, their sub-items and their text, built line by
//! line.
//!
//! A stack holds the items open at the current line, outermost first. Each kind of list
//! (top-level numbers, letters, roman numerals, ...) appears on the stack at most once: a
//! marker of a kind already open closes everything below that item and becomes its
//! sibling; a marker of a new kind nests under the deepest open item. Top-level numbers
//! and section headings always close everything below them.

use std::collections::HashMap;

use crate::letters;
use crate::lines::Line;
use crate::marker::{self, Delim, Marker};

/// What kind of list an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// `I.`, `II.`: a section heading.
    Section,
    /// `1.` (or whichever numeric style the plan uses first).
    Top,
    /// A number in another style inside an item, e.g. `1)` under `3.`.
    Sub(Delim),
    /// `a)`, `б)`.
    Letter,
    /// `i)`, `ii)`.
    Roman,
    /// `1.2` (with its number of parts).
    Dotted(usize),
    /// A paragraph of a plan without numbering.
    Paragraph,
}

/// The label an item carries in its own list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Label {
    Number(u32),
    Letter(char),
    Dotted(Vec<u32>),
}

/// One item of the outline.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) label: Label,
    /// Line of the marker.
    pub(crate) line: usize,
    /// Indentation of the marker line.
    pub(crate) indent: usize,
    pub(crate) parent: Option<usize>,
    /// The section heading the item sits in.
    pub(crate) section: Option<usize>,
    /// The item's own text, paragraph by paragraph; attached bullets are paragraphs
    /// that start with their bullet.
    pub(crate) paragraphs: Vec<String>,
    pub(crate) has_children: bool,
}

/// A plan broken into items.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outline {
    /// First line before the first item.
    pub(crate) title: Option<String>,
    /// The other paragraphs before the first item.
    pub(crate) summary: Vec<String>,
    /// Items in document order; a parent comes before its children.
    pub(crate) nodes: Vec<Node>,
    /// No numbered item was found, so the nodes are the plan's paragraphs.
    pub(crate) unnumbered: bool,
}

/// Builds the outline of `lines`; a text with no numbered item falls back to one item
/// per paragraph.
pub(crate) fn build(lines: &[Line]) -> Outline {
    let mut builder = Builder::default();
    for line in lines {
        builder.line(line);
    }
    if builder.nodes.is_empty() {
        return paragraphs(lines);
    }
    Outline {
        title: builder.title,
        summary: builder.summary,
        nodes: builder.nodes,
        unnumbered: false,
    }
}

/// Where a line that continues the previous one goes.
#[derive(Debug, Clone, Copy, Default)]
enum Target {
    #[default]
    Nothing,
    Title,
    Summary,
    Node(usize),
}

#[derive(Debug, Default)]
struct Builder {
    nodes: Vec<Node>,
    stack: Vec<usize>,
    title: Option<String>,
    summary: Vec<String>,
    target: Target,
    after_blank: bool,
    soft_break: bool,
    /// Style of the first top-level number; numbers in other styles may be sub-points.
    top_delim: Option<Delim>,
    last_top: Option<u32>,
    last_section: Option<u32>,
    /// Last part seen for each dotted prefix (`[1]` -> 3 after `1.3`).
    last_dotted: HashMap<Vec<u32>, u32>,
    last_dotted_head: Option<u32>,
}

impl Builder {
    fn line(&mut self, line: &Line) {
        if line.text.is_empty() {
            self.blank();
            return;
        }
        let placed = match marker::parse(&line.text) {
            Some((Marker::Bullet(_), "")) => {
                self.blank();
                return;
            }
            Some((Marker::Bullet(bullet), body)) => {
                self.bullet(bullet, body, line);
                true
            }
            Some((marker, body)) => match self.accept(&marker) {
                Some((kind, label)) => {
                    self.open(kind, label, body, line);
                    true
                }
                None => false,
            },
            None => false,
        };
        if !placed {
            self.text(line);
        }
        self.after_blank = false;
        self.soft_break = line.soft_break;
    }

    fn blank(&mut self) {
        self.after_blank = true;
        self.soft_break = false;
    }

    /// A line that opens no item: it continues the current paragraph, or after a blank
    /// line starts a new paragraph of the item it is indented under.
    fn text(&mut self, line: &Line) {
        let text = line.text.as_str();
        let join = !self.after_blank;
        match self.target {
            Target::Node(i) if join => append(&mut self.nodes[i].paragraphs, text, self.soft_break),
            Target::Summary if join => append(&mut self.summary, text, self.soft_break),
            _ if !self.stack.is_empty() => {
                let i = self.owner(line.indent);
                self.nodes[i].paragraphs.push(text.to_owned());
                self.target = Target::Node(i);
            }
            _ if self.title.is_none() => {
                self.title = Some(text.to_owned());
                self.target = Target::Title;
            }
            _ => {
                self.summary.push(text.to_owned());
                self.target = Target::Summary;
            }
        }
    }

    /// A bullet is a paragraph of the item it is indented under.
    fn bullet(&mut self, bullet: char, body: &str, line: &Line) {
        let paragraph = format!("{bullet} {body}");
        if !self.stack.is_empty() {
            let i = self.owner(line.indent);
            self.nodes[i].paragraphs.push(paragraph);
            self.target = Target::Node(i);
        } else if self.title.is_none() {
            self.title = Some(body.to_owned());
            self.target = Target::Title;
        } else {
            self.summary.push(paragraph);
            self.target = Target::Summary;
        }
    }

    /// The deepest open item whose marker is indented no further than `indent`, else
    /// the outermost one. Requires a non-empty stack.
    fn owner(&self, indent: usize) -> usize {
        self.stack
            .iter()
            .rev()
            .copied()
            .find(|&i| self.nodes[i].indent <= indent)
            .or_else(|| self.stack.first().copied())
            .unwrap_or_default()
    }

    fn open_of(&self, kind: Kind) -> Option<usize> {
        self.stack.iter().rev().copied().find(|&i| self.nodes[i].kind == kind)
    }

    fn number_of(&self, i: usize) -> u32 {
        match self.nodes[i].label {
            Label::Number(n) => n,
            _ => 0,
        }
    }

    /// Whether `marker` opens an item here, and of which kind.
    fn accept(&mut self, marker: &Marker) -> Option<(Kind, Label)> {
        match *marker {
            Marker::Bullet(_) => None,
            Marker::Section { value } => {
                let ok = match self.last_section {
                    None => value == 1,
                    Some(prev) => value >= prev && value <= prev.saturating_add(2),
                };
                ok.then_some((Kind::Section, Label::Number(value)))
            }
            Marker::Number { value, delim } => self.accept_number(value, delim),
            Marker::Dotted(ref parts) => self.accept_dotted(parts),
            Marker::Letter { letter, delim } => self.accept_letter(letter, delim),
            Marker::Roman { value } => self.accept_roman(value, true),
        }
    }

    fn accept_number(&mut self, value: u32, delim: Delim) -> Option<(Kind, Label)> {
        if self.top_delim.is_some_and(|top| top != delim) {
            let sub = match self.open_of(Kind::Sub(delim)) {
                Some(i) => value <= self.number_of(i).saturating_add(3),
                None => value == 1 && !self.stack.is_empty(),
            };
            if sub {
                return Some((Kind::Sub(delim), Label::Number(value)));
            }
        }
        // A big jump is more likely a wrapped line starting with a number.
        let top = match self.last_top {
            None => true,
            Some(prev) => value == 1 || value <= prev.saturating_add(5),
        };
        if !top {
            return None;
        }
        self.top_delim.get_or_insert(delim);
        Some((Kind::Top, Label::Number(value)))
    }

    fn accept_dotted(&self, parts: &[u32]) -> Option<(Kind, Label)> {
        let (&last, prefix) = parts.split_last()?;
        let head = *parts.first()?;
        let near = |anchor: Option<u32>| anchor.is_some_and(|a| head == a || head == a.saturating_add(1));
        let head_ok = (self.last_top.is_none() && self.last_dotted_head.is_none())
            || near(self.last_top)
            || near(self.last_dotted_head);
        let last_ok = last == 1
            || self
                .last_dotted
                .get(prefix)
                .is_some_and(|&prev| last <= prev.saturating_add(3));
        (head_ok && last_ok).then(|| (Kind::Dotted(parts.len()), Label::Dotted(parts.to_vec())))
    }

    fn accept_letter(&self, letter: char, delim: Delim) -> Option<(Kind, Label)> {
        let (_, rank) = letters::letter(letter)?;
        let open = self.open_of(Kind::Letter).and_then(|i| match self.nodes[i].label {
            Label::Letter(c) => letters::letter(c).map(|(_, r)| r),
            _ => None,
        });
        // A lone i, v or x is a roman numeral unless it carries on a letter list
        // (h, i / u, v / w, x).
        if let Some(value) = latin_roman(letter) {
            let continues = open.is_some_and(|prev| rank.core <= prev.core + 1);
            if !continues {
                return self.accept_roman(value, false);
            }
        }
        let ok = match open {
            Some(prev) => rank.core <= prev.core + 3,
            None => rank.core == 0 && (delim != Delim::Dot || !self.stack.is_empty()),
        };
        ok.then_some((Kind::Letter, Label::Letter(letter)))
    }

    fn accept_roman(&self, value: u32, several_digits: bool) -> Option<(Kind, Label)> {
        let ok = match self.open_of(Kind::Roman) {
            Some(i) => value <= self.number_of(i).saturating_add(3),
            None => !self.stack.is_empty() && (value == 1 || several_digits),
        };
        ok.then_some((Kind::Roman, Label::Number(value)))
    }

    /// Places a new item on the stack and makes it the target of following lines.
    fn open(&mut self, kind: Kind, label: Label, body: &str, line: &Line) {
        match kind {
            Kind::Section => self.stack.clear(),
            Kind::Top => {
                let keep = self.stack.first().is_some_and(|&i| self.nodes[i].kind == Kind::Section);
                self.stack.truncate(usize::from(keep));
            }
            Kind::Dotted(parts) => {
                while let Some(&i) = self.stack.last() {
                    match self.nodes[i].kind {
                        Kind::Dotted(open) if open >= parts => {}
                        Kind::Sub(_) | Kind::Letter | Kind::Roman => {}
                        _ => break,
                    }
                    self.stack.pop();
                }
            }
            Kind::Sub(_) | Kind::Letter | Kind::Roman => {
                if let Some(pos) = self.stack.iter().position(|&i| self.nodes[i].kind == kind) {
                    self.stack.truncate(pos);
                }
            }
            Kind::Paragraph => {}
        }
        match (&kind, &label) {
            (Kind::Section, Label::Number(value)) => self.last_section = Some(*value),
            (Kind::Top, Label::Number(value)) => self.last_top = Some(*value),
            (Kind::Dotted(_), Label::Dotted(parts)) => {
                if let Some((&last, prefix)) = parts.split_last() {
                    self.last_dotted.insert(prefix.to_vec(), last);
                }
                self.last_dotted_head = parts.first().copied();
            }
            _ => {}
        }
        let parent = self.stack.last().copied();
        let section = self
            .stack
            .first()
            .copied()
            .filter(|&i| self.nodes[i].kind == Kind::Section);
        if let Some(p) = parent {
            self.nodes[p].has_children = true;
        }
        let index = self.nodes.len();
        self.nodes.push(Node {
            kind,
            label,
            line: line.number,
            indent: line.indent,
            parent,
            section,
            paragraphs: if body.is_empty() {
                Vec::new()
            } else {
                vec![body.to_owned()]
            },
            has_children: false,
        });
        self.stack.push(index);
        self.target = Target::Node(index);
    }
}

fn latin_roman(letter: char) -> Option<u32> {
    match letter {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        _ => None,
    }
}

/// Joins a wrapped line to the last paragraph with a space (none after a soft hyphen).
fn append(paragraphs: &mut Vec<String>, text: &str, soft_break: bool) {
    match paragraphs.last_mut() {
        Some(last) => {
            if !soft_break && !last.is_empty() {
                last.push(' ');
            }
            last.push_str(text);
        }
        None => paragraphs.push(text.to_owned()),
    }
}

/// The fallback for a plan without numbering: every paragraph (and every bullet) is an
/// item. A first paragraph of a single line is the title when more paragraphs follow.
fn paragraphs(lines: &[Line]) -> Outline {
    struct Paragraph {
        line: usize,
        text: String,
        lines: usize,
        bullet: bool,
    }
    let mut found: Vec<Paragraph> = Vec::new();
    let mut open = false;
    let mut soft_break = false;
    for line in lines {
        let (text, bullet) = match marker::parse(&line.text) {
            Some((Marker::Bullet(_), body)) => (body, true),
            _ => (line.text.as_str(), false),
        };
        if text.is_empty() {
            open = false;
            continue;
        }
        match found.last_mut() {
            Some(last) if open && !bullet => {
                if !soft_break {
                    last.text.push(' ');
                }
                last.text.push_str(text);
                last.lines += 1;
            }
            _ => found.push(Paragraph {
                line: line.number,
                text: text.to_owned(),
                lines: 1,
                bullet,
            }),
        }
        open = true;
        soft_break = line.soft_break;
    }
    let mut outline = Outline {
        unnumbered: true,
        ..Outline::default()
    };
    let mut rest = found.into_iter().peekable();
    if let Some(first) = rest.next_if(|p| p.lines == 1 && !p.bullet) {
        if rest.peek().is_some() {
            outline.title = Some(first.text);
        } else {
            rest = vec![first].into_iter().peekable();
        }
    }
    for (ordinal, paragraph) in (1u32..).zip(rest) {
        outline.nodes.push(Node {
            kind: Kind::Paragraph,
            label: Label::Number(ordinal),
            line: paragraph.line,
            indent: 0,
            parent: None,
            section: None,
            paragraphs: vec![paragraph.text],
            has_children: false,
        });
    }
    outline
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines;

    fn outline(text: &str) -> Outline {
        build(&lines::split(text))
    }

    /// (kind, label, parent label, text) for each node.
    fn shape(outline: &Outline) -> Vec<(Kind, Label, Option<Label>, String)> {
        outline
            .nodes
            .iter()
            .map(|n| {
                (
                    n.kind,
                    n.label.clone(),
                    n.parent.map(|p| outline.nodes[p].label.clone()),
                    n.paragraphs.join("|"),
                )
            })
            .collect()
    }

    #[test]
    fn title_summary_and_items() {
        let o = outline("Plan\nby the mediators\n\nin two parts\n\n1. One\n2. Two");
        assert_eq!(o.title.as_deref(), Some("Plan"));
        assert_eq!(o.summary, ["by the mediators", "in two parts"]);
        assert_eq!(o.nodes.len(), 2);
        assert!(!o.unnumbered);
    }

    #[test]
    fn letters_nest_and_wrapped_lines_join() {
        let o = outline("1. Parent\n   a) first\n      wrapped\n   b) second\n2. Next");
        let s = shape(&o);
        assert_eq!(s[1].0, Kind::Letter);
        assert_eq!(s[1].2, Some(Label::Number(1)));
        assert_eq!(s[1].3, "first wrapped");
        assert_eq!(s[2].1, Label::Letter('b'));
        assert_eq!(s[3].2, None);
    }

    #[test]
    fn paragraph_after_blank_goes_to_item_by_indent() {
        let o = outline("1. Parent\n   a) first\n   b) second\n\nClosing words.\n\n   More on b.");
        assert_eq!(o.nodes[0].paragraphs, ["Parent", "Closing words."]);
        assert_eq!(o.nodes[2].paragraphs, ["second", "More on b."]);
    }

    #[test]
    fn bullets_attach_to_their_item() {
        let o = outline("1. Parent:\n• one\n  wrapped\n• two\n2. Next");
        assert_eq!(o.nodes[0].paragraphs, ["Parent:", "• one wrapped", "• two"]);
        assert_eq!(o.nodes.len(), 2);
    }

    #[test]
    fn other_number_style_nests_under_top_level() {
        let o = outline("1. Перше\n1) а\n2) б\n2. Друге\n3) wrapped?");
        let s = shape(&o);
        assert_eq!(s[1].0, Kind::Sub(Delim::Paren));
        assert_eq!(s[2].2, Some(Label::Number(1)));
        assert_eq!(s[3].0, Kind::Top);
        // `3)` opens no sub-list (a list starts at 1) so it is a top-level item.
        assert_eq!(s[4].0, Kind::Top);
    }

    #[test]
    fn roman_under_letters_and_letter_i() {
        let o = outline("1. x\n(a) a\n(i) one\n(ii) two\n(b) b\n(c)\n(d)\n(e)\n(f)\n(g)\n(h)\n(i) nine");
        let s = shape(&o);
        assert_eq!(s[2].0, Kind::Roman);
        assert_eq!(s[2].2, Some(Label::Letter('a')));
        assert_eq!(s[3].1, Label::Number(2));
        assert_eq!(s[4].0, Kind::Letter);
        assert_eq!(s[4].2, Some(Label::Number(1)));
        let last = s.last().unwrap();
        assert_eq!((last.0, last.1.clone()), (Kind::Letter, Label::Letter('i')));
    }

    #[test]
    fn wrapped_lines_that_look_like_markers_stay_text() {
        let o = outline("1. Forces are capped at\n600 000 troops and\n1.5 million reservists.\n2. Next\nv. Putin said");
        assert_eq!(o.nodes.len(), 2);
        assert_eq!(
            o.nodes[0].paragraphs,
            ["Forces are capped at 600 000 troops and 1.5 million reservists."]
        );
        assert_eq!(o.nodes[1].paragraphs, ["Next v. Putin said"]);
    }

    #[test]
    fn sections_hold_items() {
        let o = outline("I. FIRST\n1. a\nII. SECOND\n2. b\nV. Putin");
        let s = shape(&o);
        assert_eq!(s[0].0, Kind::Section);
        assert_eq!(s[1].2, Some(Label::Number(1)));
        assert_eq!(s[2].0, Kind::Section);
        assert_eq!(o.nodes[3].section, Some(2));
        assert_eq!(s[3].3, "b V. Putin");
    }

    #[test]
    fn dotted_numbers_nest() {
        let o = outline("1. One\n1.1 a\n1.1.1 deep\n1.2 b\n2. Two\n2.1 c");
        let s = shape(&o);
        assert_eq!(s[1].2, Some(Label::Number(1)));
        assert_eq!(s[2].2, Some(Label::Dotted(vec![1, 1])));
        assert_eq!(s[3].2, Some(Label::Number(1)));
        assert_eq!(s[5].2, Some(Label::Number(2)));
    }

    #[test]
    fn no_numbering_gives_paragraphs() {
        let o = outline("Title\n\nFirst paragraph\nwrapped.\n\n- a bullet\n- another");
        assert!(o.unnumbered);
        assert_eq!(o.title.as_deref(), Some("Title"));
        let texts: Vec<_> = o.nodes.iter().map(|n| n.paragraphs.join("")).collect();
        assert_eq!(texts, ["First paragraph wrapped.", "a bullet", "another"]);
        let single = outline("Just one line");
        assert_eq!(single.title, None);
        assert_eq!(single.nodes.len(), 1);
        assert!(outline("\n \n---\n").nodes.is_empty());
    }
}
