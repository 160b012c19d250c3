//! Lowering a document's `[[ceasefires]]`: instants with time zones, geometry references
//! checked against `negotiation.toml`, event classes, and zones.

use std::collections::BTreeMap;
use std::ops::Range;

use jiff::ZonedDateTime as Zoned;
use toml::de::DeValue;

use super::negotiation_file::NegotiationFile;
use super::reader::{self, Fields, Hint, Sink, Value, suggest};
use crate::{Ceasefire, EVENT_CLASSES, GeometryKind, Zone, ZoneKind, ZoneSide};

pub(crate) const CEASEFIRE_KEYS: &[&str] = &[
    "id",
    "title",
    "provisions",
    "start",
    "end",
    "scope",
    "prohibited",
    "territory",
    "line",
    "report_cutoff",
    "zones",
];
pub(crate) const ZONE_KEYS: &[&str] = &[
    "id",
    "kind",
    "party",
    "weapons",
    "classes",
    "line",
    "distance_km",
    "side",
    "area",
    "from",
];

const INSTANT_HINT: &str = "write the instant with its IANA time zone, e.g. \"2015-02-15T00:00[Europe/Kyiv]\" or \"2025-04-19T18:00[Europe/Moscow]\"";

/// Lowers every `[[ceasefires]]` table of a document whose provisions have the given ids.
pub(crate) fn lower(
    top: &Fields<'_, '_>,
    sink: &mut Sink<'_>,
    neg: &NegotiationFile,
    provision_ids: &[(String, Range<usize>)],
) -> Vec<Ceasefire> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for (t, span) in top.opt_tables(sink, "ceasefires") {
        let f = Fields::new(t, span, "a ceasefire");
        f.finish(sink, CEASEFIRE_KEYS);
        let id = f.req_id(sink, "id");
        let title = f.req_string(sink, "title");
        let mut provisions = Vec::new();
        for (p, pspan) in f.opt_ids(sink, "provisions") {
            if provision_ids.iter().any(|(id, _)| *id == p) {
                provisions.push(p);
            } else {
                sink.error(
                    "unknown-provision",
                    pspan,
                    format!("no provision `{p}` in this document"),
                )
                .label("not a provision id of this document")
                .hint_opt(suggest(&p, provision_ids.iter().map(|(id, _)| id.as_str())));
            }
        }
        let start = f.required(sink, "start").and_then(|v| instant(sink, v, "start"));
        let end = f.get("end").and_then(|v| instant(sink, v, "end"));
        if let (Some(s), Some(e), Some(v)) = (&start, &end, f.get("end"))
            && e.timestamp() <= s.timestamp()
        {
            sink.error(
                "end-before-start",
                v.span(),
                format!("the ceasefire ends ({e}) before or when it starts ({s})"),
            )
            .hint("check the two instants and their time zones");
        }
        let scope = geometry_ref(&f, sink, neg, "scope", &[GeometryKind::Area, GeometryKind::Territory]);
        let territory = geometry_ref(&f, sink, neg, "territory", &[GeometryKind::Territory]);
        let line = geometry_ref(
            &f,
            sink,
            neg,
            "line",
            &[GeometryKind::Line, GeometryKind::Area, GeometryKind::Territory],
        );
        let prohibited = classes(&f, sink, "prohibited");
        if f.get("prohibited").is_none() {
            let at = id.as_ref().map(|(_, s)| s.clone()).unwrap_or_default();
            sink.error(
                "missing-key",
                at,
                "a ceasefire needs `prohibited`, the event classes it forbids",
            )
            .hint(format!(
                "e.g. prohibited = [\"battle\", \"shelling\"]; classes: {}",
                EVENT_CLASSES.join(", ")
            ));
        }
        let report_cutoff = f.get("report_cutoff").and_then(|v| cutoff(sink, v));
        let mut zones = Vec::new();
        let mut zone_ids: BTreeMap<String, Range<usize>> = BTreeMap::new();
        for (zt, zspan) in f.opt_tables(sink, "zones") {
            let zf = Fields::new(zt, zspan, "a zone");
            zf.finish(sink, ZONE_KEYS);
            if let Some((zone, zid_span)) = zone(
                &zf,
                sink,
                neg,
                line.is_some(),
                territory.is_some(),
                start.as_ref(),
                end.as_ref(),
            ) {
                if let Some(first) = zone_ids.get(&zone.id) {
                    super::negotiation_file::duplicate(sink, "zone", &zone.id, zid_span, first.clone());
                    continue;
                }
                zone_ids.insert(zone.id.clone(), zid_span);
                zones.push(zone);
            }
        }
        let Some((id, id_span)) = id else { continue };
        if let Some(first) = seen.get(&id) {
            super::negotiation_file::duplicate(sink, "ceasefire", &id, id_span, first.clone());
            continue;
        }
        seen.insert(id.clone(), id_span);
        if let (Some((title, _)), Some(start), Some(prohibited)) = (title, start, prohibited) {
            out.push(Ceasefire {
                id,
                title,
                provisions,
                start,
                end,
                scope,
                prohibited,
                territory,
                line,
                report_cutoff,
                zones,
            });
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn zone(
    f: &Fields<'_, '_>,
    sink: &mut Sink<'_>,
    neg: &NegotiationFile,
    ceasefire_has_line: bool,
    ceasefire_has_territory: bool,
    start: Option<&Zoned>,
    end: Option<&Zoned>,
) -> Option<(Zone, Range<usize>)> {
    let id = f.req_id(sink, "id");
    let kind = f
        .required(sink, "kind")
        .and_then(|v| reader::choice(sink, v, "kind", &ZoneKind::ALL));
    let party = match f.get("party") {
        Some(v) => {
            let p = reader::id(sink, v, "party")?;
            if !neg.party_ids.contains(&p) {
                sink.error("unknown-party", v.span(), format!("unknown party `{p}` in `party`"))
                    .label("not a party of this negotiation")
                    .hint_opt(suggest(&p, neg.party_ids.iter().map(String::as_str)));
                return None;
            }
            Some(p)
        }
        None => None,
    };
    let weapons = f.opt_string(sink, "weapons");
    let classes = classes(f, sink, "classes").unwrap_or_default();
    let line = geometry_ref(
        f,
        sink,
        neg,
        "line",
        &[GeometryKind::Line, GeometryKind::Area, GeometryKind::Territory],
    );
    let area = geometry_ref(f, sink, neg, "area", &[GeometryKind::Area, GeometryKind::Territory]);
    let distance_km = match f.get("distance_km") {
        Some(v) => {
            let d = reader::number(sink, v, "distance_km")?;
            if !(d > 0.0 && d <= 1000.0) {
                sink.error(
                    "bad-distance",
                    v.span(),
                    format!("distance_km = {d} is not a width in km"),
                )
                .label("expected a number of km above 0 and at most 1000")
                .hint("Minsk II's 50 km artillery zone is 25 km on each side: write 25");
                return None;
            }
            Some(d)
        }
        None => None,
    };
    let side = match f.get("side") {
        Some(v) => reader::choice(sink, v, "side", &ZoneSide::ALL)?,
        None => ZoneSide::Both,
    };
    let from = f.get("from").and_then(|v| instant(sink, v, "from"));
    let (id, id_span) = id?;
    let kind = kind?;
    let here = id_span.clone();
    match kind {
        ZoneKind::Withdrawal => {
            if distance_km.is_none() {
                sink.error(
                    "missing-key",
                    here.clone(),
                    format!("withdrawal zone `{id}` needs `distance_km`"),
                )
                .hint("give the buffer's width from the reference line in km, e.g. distance_km = 25");
                return None;
            }
            if line.is_none() && !ceasefire_has_line {
                sink.error(
                    "missing-key",
                    here.clone(),
                    format!("withdrawal zone `{id}` needs a reference `line` (here or on the ceasefire)"),
                )
                .hint("name a line geometry declared in negotiation.toml, e.g. line = \"contact-line\"");
                return None;
            }
            if area.is_some() {
                sink.error(
                    "misplaced-key",
                    f.get("area").map(|v| v.span()).unwrap_or(here.clone()),
                    "a withdrawal zone is a buffer from a line, not an `area`",
                )
                .hint("use kind = \"disengagement\", \"demilitarised\" or \"exclusion\" for an area");
                return None;
            }
            if side == ZoneSide::Own && (party.is_none() || !ceasefire_has_territory) {
                sink.error(
                    "missing-key",
                    f.get("side").map(|v| v.span()).unwrap_or(here.clone()),
                    "side = \"own\" needs the zone's `party` and the ceasefire's `territory`",
                )
                .hint("the own side of the line is told from the territory each party holds");
                return None;
            }
        }
        _ => {
            if area.is_none() {
                sink.error(
                    "missing-key",
                    here.clone(),
                    format!("{} zone `{id}` needs an `area`", kind_name(kind)),
                )
                .hint("name an area geometry declared in negotiation.toml");
                return None;
            }
            if let Some(v) = f.get("distance_km").or(f.get("line")) {
                sink.error(
                    "misplaced-key",
                    v.span(),
                    format!(
                        "a {} zone is an area: `line` and `distance_km` apply to withdrawal zones",
                        kind_name(kind)
                    ),
                )
                .hint("remove the key, or make the zone kind = \"withdrawal\"");
                return None;
            }
        }
    }
    if let (Some(from_at), Some(v)) = (&from, f.get("from")) {
        let before = start.is_some_and(|s| from_at.timestamp() < s.timestamp());
        let after = end.is_some_and(|e| from_at.timestamp() >= e.timestamp());
        if before || after {
            sink.error(
                "zone-outside-ceasefire",
                v.span(),
                format!("zone `{id}` starts to apply at {from_at}, outside the ceasefire"),
            )
            .hint("`from` must lie between the ceasefire's start and end");
            return None;
        }
    }
    Some((
        Zone {
            id,
            kind,
            party,
            weapons,
            classes,
            line,
            distance_km,
            side,
            area,
            from,
        },
        id_span,
    ))
}

fn kind_name(kind: ZoneKind) -> &'static str {
    ZoneKind::ALL.iter().find(|(_, k)| *k == kind).map_or("a", |(n, _)| n)
}

/// An instant with its time zone: a string jiff reads as RFC 9557 (with a `[Zone]`).
fn instant(sink: &mut Sink<'_>, v: &Value<'_>, key: &str) -> Option<Zoned> {
    let DeValue::String(s) = v.get_ref() else {
        let found = reader::type_name(v.get_ref());
        sink.error(
            "bad-instant",
            v.span(),
            format!("`{key}` must be a quoted instant with a time zone, found {found}"),
        )
        .hint(INSTANT_HINT);
        return None;
    };
    match s.parse::<Zoned>() {
        Ok(z) => Some(z),
        Err(e) => {
            let missing_zone = !s.contains('[');
            sink.error(
                "bad-instant",
                v.span(),
                format!("`{s}` is not an instant with a time zone (for `{key}`)"),
            )
            .label(if missing_zone {
                "no [time zone] annotation".to_owned()
            } else {
                e.to_string()
            })
            .hint(INSTANT_HINT);
            None
        }
    }
}

/// "HH:MM" in the ceasefire's zone.
fn cutoff(sink: &mut Sink<'_>, v: &Value<'_>) -> Option<(i8, i8)> {
    let s = reader::string(sink, v, "report_cutoff")?;
    let parsed = s.split_once(':').and_then(|(h, m)| {
        let (h, m) = (h.parse::<i8>().ok()?, m.parse::<i8>().ok()?);
        ((0..24).contains(&h) && (0..60).contains(&m) && s.len() == 5).then_some((h, m))
    });
    if parsed.is_none() {
        sink.error("bad-cutoff", v.span(), format!("`{s}` is not a time of day HH:MM"))
            .hint("the OSCE SMM's reporting day ended at 19:30: write report_cutoff = \"19:30\"");
    }
    parsed
}

fn classes(f: &Fields<'_, '_>, sink: &mut Sink<'_>, key: &str) -> Option<Vec<String>> {
    let v = f.get(key)?;
    let items = reader::array(sink, v, key)?;
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        let Some(c) = reader::string(sink, item, key) else {
            ok = false;
            continue;
        };
        if !EVENT_CLASSES.contains(&c.as_str()) {
            sink.error(
                "unknown-event-class",
                item.span(),
                format!("`{c}` is not an event class"),
            )
            .label(format!("expected one of: {}", EVENT_CLASSES.join(", ")))
            .hint(suggest(&c, EVENT_CLASSES.iter().copied()).unwrap_or_else(|| {
                "event classes are truce's own vocabulary; each source's event types map onto them (docs/events.md)"
                    .to_owned()
            }));
            ok = false;
        } else if !out.contains(&c) {
            out.push(c);
        }
    }
    ok.then_some(out)
}

/// "a line", "an area".
fn article(words: &str) -> String {
    if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {words}")
    } else {
        format!("a {words}")
    }
}

fn geometry_ref(
    f: &Fields<'_, '_>,
    sink: &mut Sink<'_>,
    neg: &NegotiationFile,
    key: &str,
    kinds: &[GeometryKind],
) -> Option<String> {
    let v = f.get(key)?;
    let id = reader::id(sink, v, key)?;
    let names = |k: &[GeometryKind]| {
        k.iter()
            .filter_map(|k| GeometryKind::ALL.iter().find(|(_, g)| g == k).map(|(n, _)| *n))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    match neg.geometry_kinds.get(&id) {
        None => {
            sink.error(
                "unknown-geometry",
                v.span(),
                format!("unknown geometry `{id}` in `{key}`"),
            )
            .label("not declared in negotiation.toml")
            .hint(
                suggest(&id, neg.geometry_kinds.keys().map(String::as_str)).unwrap_or_else(|| {
                    format!(
                        "declare it in negotiation.toml: [[geometries]] with id, title, kind ({}) and path",
                        names(kinds)
                    )
                }),
            );
            None
        }
        // The geometry's own error was reported already.
        Some(None) => None,
        Some(Some(k)) if !kinds.contains(k) => {
            let have = names(&[*k]);
            sink.error(
                "geometry-kind",
                v.span(),
                format!(
                    "`{key}` must name {} geometry; `{id}` is {}",
                    article(&names(kinds)),
                    article(&have)
                ),
            )
            .hint(format!("declare {} geometry for `{key}`", article(&names(kinds))));
            None
        }
        Some(Some(_)) => Some(id),
    }
}
