//! A self-contained SVG map drawn by truce: base polygons (e.g. Natural Earth countries),
//! held territory, reference lines and events coloured by verdict. No tiles, no network.
//!
//! Projection: equirectangular with longitudes scaled by the cosine of the map's middle
//! latitude, which keeps shapes right to within a few percent over a region the size of
//! Ukraine. Coordinates are written with two decimals, so the same inputs give the same
//! bytes.

use std::fmt::Write as _;

use geo::{BoundingRect, LineString, MultiPolygon, Rect};

use crate::{Outcome, Verdict};

/// What to draw, bottom to top.
#[derive(Default)]
pub struct MapLayers<'a> {
    /// Base polygons, drawn in light grey (countries, land).
    pub base: Vec<&'a MultiPolygon<f64>>,
    /// Held territory, with a label for the legend.
    pub territory: Option<(&'a MultiPolygon<f64>, String)>,
    /// Territory changed during the period: gained, lost.
    pub change: Option<(&'a MultiPolygon<f64>, &'a MultiPolygon<f64>)>,
    /// Reference lines with labels.
    pub lines: Vec<(Vec<LineString<f64>>, String)>,
    /// Events, coloured by verdict.
    pub verdicts: Vec<&'a Verdict>,
    /// The area shown: (min lon, min lat, max lon, max lat); else the events and lines.
    pub bounds: Option<[f64; 4]>,
    /// Map title.
    pub title: String,
}

const WIDTH: f64 = 800.0;

struct Projection {
    min_x: f64,
    max_y: f64,
    scale: f64,
    k: f64,
    height: f64,
}

impl Projection {
    fn new(bounds: [f64; 4]) -> Projection {
        let [x0, y0, x1, y1] = bounds;
        let k = ((y0 + y1) / 2.0).to_radians().cos().max(0.1);
        let w = ((x1 - x0) * k).max(1e-6);
        let h = (y1 - y0).max(1e-6);
        let scale = WIDTH / w;
        Projection {
            min_x: x0,
            max_y: y1,
            scale,
            k,
            height: (h * scale).clamp(100.0, 2000.0),
        }
    }

    fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.min_x) * self.k * self.scale,
            (self.max_y - lat) * self.scale,
        )
    }

    fn path(&self, ring: &LineString<f64>, close: bool) -> String {
        let mut d = String::new();
        for (i, c) in ring.0.iter().enumerate() {
            let (x, y) = self.xy(c.x, c.y);
            let _ = write!(d, "{}{x:.2},{y:.2}", if i == 0 { "M" } else { "L" });
        }
        if close {
            d.push('Z');
        }
        d
    }

    fn polygons(&self, mp: &MultiPolygon<f64>) -> String {
        let mut d = String::new();
        for p in &mp.0 {
            // Parts wholly outside the frame are left out: a world base map stays small.
            if let Some(r) = p.bounding_rect() {
                let (x0, y0) = self.xy(r.min().x, r.max().y);
                let (x1, y1) = self.xy(r.max().x, r.min().y);
                if x1 < 0.0 || y1 < 0.0 || x0 > WIDTH || y0 > self.height {
                    continue;
                }
            }
            d.push_str(&self.path(p.exterior(), true));
            for i in p.interiors() {
                d.push_str(&self.path(i, true));
            }
        }
        d
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn grow(acc: &mut Option<Rect<f64>>, r: Option<Rect<f64>>) {
    if let Some(r) = r {
        *acc = Some(match acc {
            None => r,
            Some(a) => Rect::new(
                (a.min().x.min(r.min().x), a.min().y.min(r.min().y)),
                (a.max().x.max(r.max().x), a.max().y.max(r.max().y)),
            ),
        });
    }
}

/// Draws the layers as one SVG document.
pub fn map_svg(layers: &MapLayers<'_>) -> String {
    let bounds = layers.bounds.unwrap_or_else(|| {
        let mut acc: Option<Rect<f64>> = None;
        for (lines, _) in &layers.lines {
            for l in lines {
                grow(&mut acc, l.bounding_rect());
            }
        }
        if let Some((t, _)) = &layers.territory {
            grow(&mut acc, t.bounding_rect());
        }
        for v in &layers.verdicts {
            grow(&mut acc, Some(Rect::new((v.lon, v.lat), (v.lon, v.lat))));
        }
        match acc {
            Some(r) => [r.min().x - 0.5, r.min().y - 0.5, r.max().x + 0.5, r.max().y + 0.5],
            None => [22.0, 44.0, 41.0, 53.0],
        }
    });
    let p = Projection::new(bounds);
    let h = p.height;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH:.0} {h:.0}\" role=\"img\" aria-labelledby=\"map-title\">"
    );
    let _ = writeln!(s, "<title id=\"map-title\">{}</title>", escape(&layers.title));
    let _ = writeln!(s, "<rect width=\"100%\" height=\"100%\" fill=\"#f4f7fa\"/>");
    let _ = writeln!(
        s,
        "<clipPath id=\"frame\"><rect width=\"{WIDTH:.0}\" height=\"{h:.0}\"/></clipPath>"
    );
    let _ = writeln!(s, "<g clip-path=\"url(#frame)\">");
    for b in &layers.base {
        let _ = writeln!(
            s,
            "<path d=\"{}\" fill=\"#e4e4dc\" stroke=\"#9a9a90\" stroke-width=\"0.6\" fill-rule=\"evenodd\"/>",
            p.polygons(b)
        );
    }
    if let Some((t, _)) = &layers.territory {
        let _ = writeln!(
            s,
            "<path d=\"{}\" fill=\"#c9b3d9\" fill-opacity=\"0.6\" stroke=\"#6b4c80\" stroke-width=\"0.8\" fill-rule=\"evenodd\"/>",
            p.polygons(t)
        );
    }
    if let Some((gained, lost)) = &layers.change {
        let _ = writeln!(
            s,
            "<path d=\"{}\" fill=\"#b2182b\" fill-opacity=\"0.8\" fill-rule=\"evenodd\"/>",
            p.polygons(gained)
        );
        let _ = writeln!(
            s,
            "<path d=\"{}\" fill=\"#2166ac\" fill-opacity=\"0.8\" fill-rule=\"evenodd\"/>",
            p.polygons(lost)
        );
    }
    let dashes = ["", " stroke-dasharray=\"6 3\"", " stroke-dasharray=\"2 2\""];
    for (i, (lines, label)) in layers.lines.iter().enumerate() {
        let mut d = String::new();
        for l in lines {
            d.push_str(&p.path(l, false));
        }
        let _ = writeln!(
            s,
            "<path d=\"{d}\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.4\"{}><title>{}</title></path>",
            dashes[i % dashes.len()],
            escape(label)
        );
    }
    for v in &layers.verdicts {
        let (x, y) = p.xy(v.lon, v.lat);
        let (fill, shape) = match v.outcome {
            Outcome::Violation => ("#d7301f", "circle"),
            Outcome::Unknown => ("#f0a202", "rect"),
            Outcome::NotViolation => ("#7a7a7a", "circle"),
        };
        let tip = format!("{}:{} — {} — {}", v.source, v.source_id, v.outcome.as_str(), v.location);
        if shape == "circle" {
            let _ = writeln!(
                s,
                "<circle cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"3\" fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"0.5\"><title>{}</title></circle>",
                escape(&tip)
            );
        } else {
            let _ = writeln!(
                s,
                "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"6\" height=\"6\" fill=\"{fill}\" stroke=\"#fff\" stroke-width=\"0.5\"><title>{}</title></rect>",
                x - 3.0,
                y - 3.0,
                escape(&tip)
            );
        }
    }
    let _ = writeln!(s, "</g>");
    // Legend.
    let mut entries: Vec<(String, String)> = vec![
        ("#d7301f".into(), "violation (attributable)".into()),
        ("#f0a202".into(), "unknown (possible violation)".into()),
        ("#7a7a7a".into(), "not a violation".into()),
    ];
    if let Some((_, label)) = &layers.territory {
        entries.push(("#c9b3d9".into(), label.clone()));
    }
    if layers.change.is_some() {
        entries.push(("#b2182b".into(), "territory gained by the holder".into()));
        entries.push(("#2166ac".into(), "territory lost by the holder".into()));
    }
    for (lines, label) in &layers.lines {
        let _ = lines;
        entries.push(("#222".into(), format!("line: {label}")));
    }
    let lh = 16.0 * entries.len() as f64 + 8.0;
    let _ = writeln!(
        s,
        "<g font-family=\"sans-serif\" font-size=\"11\"><rect x=\"8\" y=\"8\" width=\"300\" height=\"{lh:.0}\" fill=\"#fff\" fill-opacity=\"0.85\" stroke=\"#999\"/>"
    );
    for (i, (colour, label)) in entries.iter().enumerate() {
        let y = 22.0 + 16.0 * i as f64;
        let _ = writeln!(
            s,
            "<rect x=\"16\" y=\"{:.0}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"32\" y=\"{:.0}\">{}</text>",
            y - 9.0,
            y,
            escape(label)
        );
    }
    let _ = writeln!(s, "</g>\n</svg>");
    s
}
