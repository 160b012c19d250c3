"""Independent figures for truce-monitor's real-data tests.

Recomputes, with Python's csv module, shapely and pyproj (not with truce), the verdict
counts the tests in crates/monitor/tests/real_data.rs assert:

- the Minsk II ceasefire (2015-02-15 00:00 Kyiv) over its first week, and the ceasefire of
  2020-07-27 00:01 Kyiv over its first 30 days, on the UCDP GED events, with the
  Donetsk and Luhansk oblasts as the area;
- the Easter truce of 2025 (2025-04-19 18:00 to 2025-04-21 00:00 Moscow time) on the
  Bellingcat incidents, and which of them lie in the area DeepState shows occupied.

The rules mirror truce's documented ones: a date-only event covers its whole local day
(Europe/Kyiv); UCDP where_prec 1, 2, 3 give discs of 1, 25 and 50 km and coarser codes no
disc; a disc is inside an area when the point is inside and its geodesic distance to the
area's edge (measured in an azimuthal equidistant projection centred on the point) is at
least the radius. Run: bench/.venv/bin/python bench/monitor/check.py [DATA_DIR]
"""

import csv
import datetime as dt
import json
import sys
from zoneinfo import ZoneInfo

import pyproj
import shapely
from shapely.geometry import Point, shape
from shapely.ops import transform, unary_union

DATA = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
KYIV = ZoneInfo("Europe/Kyiv")
MOSCOW = ZoneInfo("Europe/Moscow")
RADIUS = {1: 1.0, 2: 25.0, 3: 50.0}


def local_day(d):
    start = dt.datetime.combine(d, dt.time(0, 0), KYIV)
    end = dt.datetime.combine(d + dt.timedelta(days=1), dt.time(0, 0), KYIV)
    return start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)


def window(s, e, start, end):
    if e <= start or (end is not None and s >= end):
        return "no"
    if s >= start and (end is None or e <= end):
        return "yes"
    return "unknown"


def disc_in(area, lon, lat, r_km):
    """yes / no / unknown: the geodesic disc of radius r around (lon, lat) against area."""
    aeqd = pyproj.Proj(proj="aeqd", lat_0=lat, lon_0=lon, datum="WGS84", units="km")
    fwd = pyproj.Transformer.from_proj(pyproj.Proj("EPSG:4326"), aeqd, always_xy=True).transform
    local = transform(fwd, area)
    centre = Point(0, 0)
    d = local.boundary.distance(centre)
    inside = local.contains(centre)
    if d >= r_km:
        return "yes" if inside else "no"
    return "unknown"


def combine(answers):
    if "no" in answers:
        return "not"
    if all(a == "yes" for a in answers):
        return "violation"
    return "unknown"


def oblasts():
    with open(f"{DATA}/ukraine-oblasts/oblast_peacerep_5b52b6d.geojson", encoding="utf-8") as f:
        fc = json.load(f)
    parts = [
        shape(feat["geometry"]).buffer(0)
        for feat in fc["features"]
        if feat["properties"]["ADMIN_1"] in ("Донецька область", "Луганська область")
    ]
    return unary_union(parts)


def ucdp(start, end_days, area):
    start_utc = start.astimezone(dt.timezone.utc)
    horizon = start_utc + dt.timedelta(days=end_days)
    counts = {"violation": 0, "unknown": 0, "not": 0}
    path = f"{DATA}/ucdp-ged-ukraine-peacerep/UCDP-Ukraine_2014-01_to_2022-02_f0821cc.csv"
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            s, _ = local_day(dt.date.fromisoformat(row["date_start"][:10]))
            _, e = local_day(dt.date.fromisoformat(row["date_end"][:10]))
            # Events overlapping [start, horizon).
            if not (s < horizon and e > start_utc):
                continue
            w = window(s, e, start_utc, None)
            # Battles (state-based, non-state) and one-sided violence are all prohibited.
            cls = "yes"
            prec = int(row["where_prec"])
            if prec in RADIUS:
                scope = disc_in(area, float(row["longitude"]), float(row["latitude"]), RADIUS[prec])
            else:
                scope = "unknown"
            counts[combine([w, cls, scope])] += 1
    return counts


def easter():
    start = dt.datetime(2025, 4, 19, 18, 0, tzinfo=MOSCOW).astimezone(dt.timezone.utc)
    end = dt.datetime(2025, 4, 21, 0, 0, tzinfo=MOSCOW).astimezone(dt.timezone.utc)
    with open(f"{DATA}/war-datasets-dashboard-sdspieg/bellingcat_incidents.json", encoding="utf-8") as f:
        incidents = json.load(f)
    with open(f"{DATA}/deepstate-cyterat/weekly/deepstatemap_data_20250414.geojson", encoding="utf-8") as f:
        occupied = unary_union([shape(x["geometry"]).buffer(0) for x in json.load(f)["features"]])
    by_day = {}
    windows = {"yes": 0, "unknown": 0, "no": 0}
    held = {"yes": 0, "no": 0, "unknown": 0}
    for inc in incidents:
        d = dt.date.fromisoformat(inc["date"][:10])
        if not dt.date(2025, 4, 18) <= d <= dt.date(2025, 4, 21):
            continue
        by_day[str(d)] = by_day.get(str(d), 0) + 1
        s, e = local_day(d)
        w = window(s, e, start, end)
        windows[w] += 1
        if w != "no" and inc.get("latitude") is not None:
            held[disc_in(occupied, float(inc["longitude"]), float(inc["latitude"]), 1.0)] += 1
    return by_day, windows, held


if __name__ == "__main__":
    area = oblasts()
    print("minsk-ii first 7 days:", ucdp(dt.datetime(2015, 2, 15, 0, 0, tzinfo=KYIV), 7, area))
    print("2020-07-27 first 30 days:", ucdp(dt.datetime(2020, 7, 27, 0, 1, tzinfo=KYIV), 30, area))
    print("easter 2025 (per local day, window answers, held by occupier for window yes/unknown):", easter())
    print("shapely", shapely.__version__, "pyproj", pyproj.__version__)
