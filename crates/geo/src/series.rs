//! [`Series`]: dated snapshots of one side's territory with validity intervals.

use jiff::Timestamp;

use crate::Tri;
use crate::territory::Territory;

/// One snapshot: the territory held from `valid_from` until `valid_until` (exclusive), or
/// open-ended for the newest.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The snapshot's instant: it holds from here on.
    pub valid_from: Timestamp,
    /// The next snapshot's instant (exclusive), or `None` for the newest.
    pub valid_until: Option<Timestamp>,
    /// The side's territory during that interval.
    pub territory: Territory,
    /// Where it came from (the file name).
    pub source: String,
}

/// A dated series of snapshots of one side's territory; each holds from its instant until
/// the next snapshot's instant (half-open intervals, so every instant from the first
/// snapshot on is covered by exactly one snapshot, and nothing before it).
#[derive(Debug, Clone, Default)]
pub struct Series {
    snapshots: Vec<Snapshot>,
}

impl Series {
    /// Sorts by instant (then by source, for equal instants) and fills the validity
    /// intervals. Of snapshots sharing an instant, all but the last get an empty interval.
    pub fn new(mut snapshots: Vec<(Timestamp, String, Territory)>) -> Series {
        snapshots.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        let instants: Vec<Timestamp> = snapshots.iter().map(|s| s.0).collect();
        let snapshots = snapshots
            .into_iter()
            .enumerate()
            .map(|(i, (valid_from, source, territory))| Snapshot {
                valid_from,
                valid_until: instants.get(i + 1).copied(),
                territory,
                source,
            })
            .collect();
        Series { snapshots }
    }

    /// The snapshot in force at `t`, or `None` before the first.
    pub fn at(&self, t: Timestamp) -> Option<&Snapshot> {
        let after = self.snapshots.partition_point(|s| s.valid_from <= t);
        after.checked_sub(1).map(|i| &self.snapshots[i])
    }

    /// All snapshots, oldest first.
    pub fn snapshots(&self) -> &[Snapshot] {
        &self.snapshots
    }

    /// Number of snapshots.
    pub fn len(&self) -> usize {
        self.snapshots.len()
    }

    /// True when there is no snapshot.
    pub fn is_empty(&self) -> bool {
        self.snapshots.is_empty()
    }

    /// Which side held the disc of `radius_km` around (lon, lat) over the whole interval
    /// `[start, end)`: `Inside` when it lay wholly inside the series' territory in every
    /// snapshot in force during the interval, `Outside` when wholly outside in every one,
    /// `Straddles` otherwise (the disc crossed the line, or the line moved across it).
    /// `None` when the interval begins before the first snapshot (nothing is known for
    /// part of it). An empty interval (`end <= start`) asks about the instant `start`.
    pub fn held(&self, lon: f64, lat: f64, radius_km: f64, start: Timestamp, end: Timestamp) -> Option<Tri> {
        let first = self.at(start)?;
        if end <= start {
            return Some(first.territory.disc(lon, lat, radius_km));
        }
        let from = self.snapshots.partition_point(|s| s.valid_from <= start) - 1;
        let mut verdict: Option<Tri> = None;
        for snapshot in self.snapshots[from..].iter().take_while(|s| s.valid_from < end) {
            if snapshot.valid_until == Some(snapshot.valid_from) {
                continue;
            }
            let tri = snapshot.territory.disc(lon, lat, radius_km);
            verdict = match verdict {
                None => Some(tri),
                Some(v) if v == tri => Some(v),
                Some(_) => return Some(Tri::Straddles),
            };
            if tri == Tri::Straddles {
                return Some(Tri::Straddles);
            }
        }
        verdict
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{MultiPolygon, polygon};

    fn square(x0: f64) -> Territory {
        let p = polygon![(x: x0, y: 48.0), (x: x0 + 1.0, y: 48.0), (x: x0 + 1.0, y: 49.0), (x: x0, y: 49.0)];
        Territory::new(MultiPolygon::new(vec![p])).0
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp literal")
    }

    #[test]
    fn validity_and_held() {
        let series = Series::new(vec![
            (ts("2024-02-01T00:00:00Z"), "b".into(), square(30.5)),
            (ts("2024-01-01T00:00:00Z"), "a".into(), square(30.0)),
        ]);
        assert_eq!(series.snapshots()[0].source, "a");
        assert_eq!(series.snapshots()[0].valid_until, Some(ts("2024-02-01T00:00:00Z")));
        assert_eq!(series.snapshots()[1].valid_until, None);
        assert!(series.at(ts("2023-12-31T23:59:59Z")).is_none());
        assert_eq!(
            series.at(ts("2024-02-01T00:00:00Z")).map(|s| s.source.as_str()),
            Some("b")
        );

        let (jan, feb_mid, mar) = (
            ts("2024-01-05T00:00:00Z"),
            ts("2024-02-15T00:00:00Z"),
            ts("2024-03-01T00:00:00Z"),
        );
        // (30.75, 48.5) is inside both squares; (30.2, 48.5) only inside the first.
        assert_eq!(series.held(30.75, 48.5, 1.0, jan, mar), Some(Tri::Inside));
        assert_eq!(
            series.held(30.2, 48.5, 1.0, jan, ts("2024-01-20T00:00:00Z")),
            Some(Tri::Inside)
        );
        assert_eq!(series.held(30.2, 48.5, 1.0, jan, feb_mid), Some(Tri::Straddles));
        assert_eq!(series.held(30.2, 48.5, 1.0, feb_mid, mar), Some(Tri::Outside));
        assert_eq!(series.held(30.75, 48.5, 1.0, ts("2023-12-01T00:00:00Z"), mar), None);
        // The interval ends exactly when the second snapshot begins: only the first counts.
        assert_eq!(
            series.held(30.2, 48.5, 1.0, jan, ts("2024-02-01T00:00:00Z")),
            Some(Tri::Inside)
        );
    }
}
