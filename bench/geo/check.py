"""Independent reference figures for truce-geo's real-data tests (shapely 2 + pyproj).

    bench/.venv/bin/python bench/geo/check.py [DATA_DIR]

DATA_DIR defaults to $TRUCE_DATA or ../shared/data beside the repository. The figures it
prints are hard-coded in crates/geo/tests/real_data.rs; re-run it and update them there if
the data or the method changes. Nothing here uses truce: point membership comes from
shapely's contains_xy, areas from pyproj's geodesic polygon area, distances from pyproj's
geodesic inverse on a densely sampled boundary.

Point set: SplitMix64 (seed 2024) turned into doubles in [0, 1) by taking the top 53 bits,
then lon = 22 + 19 u, lat = 44 + 9 u (u drawn in that order), so the Rust test can draw
the very same points.
"""

import json
import math
import os
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import shape
from shapely.geometry.polygon import orient

MASK = (1 << 64) - 1
N_POINTS = 100_000
GEOD = Geod(ellps="WGS84")


def splitmix(seed):
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        yield (z >> 11) * (1.0 / (1 << 53))


def points(seed=2024, n=N_POINTS):
    rng = splitmix(seed)
    xs = np.empty(n)
    ys = np.empty(n)
    for i in range(n):
        xs[i] = 22.0 + 19.0 * next(rng)
        ys[i] = 44.0 + 9.0 * next(rng)
    return xs, ys


def load(path, layer_filter=None):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    geoms = []
    for feat in data["features"]:
        if feat.get("geometry") is None:
            continue
        if layer_filter and not layer_filter(feat.get("properties") or {}):
            continue
        geoms.append(shapely.force_2d(shape(feat["geometry"])))
    return shapely.union_all(geoms) if len(geoms) > 1 else geoms[0]


def polygons(geom):
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    return [g for g in getattr(geom, "geoms", []) if g.geom_type == "Polygon"]


def area_km2(geom):
    return sum(abs(GEOD.geometry_area_perimeter(orient(p, 1.0))[0]) for p in polygons(geom)) / 1e6


def geodesic_distance_km(lon, lat, geom, step_m=10.0, window_deg=1.5):
    """Distance from (lon, lat) to the boundary of geom: every boundary segment within
    window_deg (planar) is sampled every step_m metres along its straight lon/lat line,
    and the smallest pyproj geodesic distance to a sample is returned."""
    boundary = geom.boundary
    coords = []
    for line in getattr(boundary, "geoms", [boundary]):
        c = np.asarray(line.coords)
        coords.append(np.stack([c[:-1], c[1:]], axis=1))
    segs = np.concatenate(coords)
    near = shapely.distance(shapely.linestrings(segs), shapely.points(lon, lat)) <= window_deg
    segs = segs[near]
    best = math.inf
    for (ax, ay), (bx, by) in segs:
        length = GEOD.inv(ax, ay, bx, by)[2]
        n = max(2, int(length / step_m) + 2)
        t = np.linspace(0.0, 1.0, n)
        xs = ax + t * (bx - ax)
        ys = ay + t * (by - ay)
        d = GEOD.inv(np.full(n, lon), np.full(n, lat), xs, ys)[2]
        best = min(best, float(d.min()))
    return best / 1000.0


def main():
    root = Path(__file__).resolve().parents[2]
    data = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUCE_DATA", root.parent / "shared" / "data"))
    weekly = data / "deepstate-cyterat" / "weekly"
    minsk_path = data / "minsk-line-of-contact" / "deepstate_ordlo_cadr_crimea_pre2022_occupied.geojson"
    isw_path = data / "isw-nikkei" / "sample" / "20220224_RussianAssessedCoTinUkraine.geojson"
    oblasts_path = data / "ukraine-oblasts" / "oblast_peacerep_5b52b6d.geojson"

    xs, ys = points()
    print(f"# points: SplitMix64 seed 2024, {N_POINTS} points in lon [22, 41) x lat [44, 53)")
    print(f"# first point: ({float(xs[0])!r}, {float(ys[0])!r})")
    files = {
        "deepstate_20240708": weekly / "deepstatemap_data_20240708.geojson",
        "deepstate_20250707": weekly / "deepstatemap_data_20250707.geojson",
        "deepstate_20260822": weekly / "deepstatemap_data_20260822.geojson",
        "minsk_union": minsk_path,
        "isw_20220224_union": isw_path,
    }
    geoms = {}
    for name, path in files.items():
        g = load(path)
        geoms[name] = g
        inside = int(shapely.contains_xy(g, xs, ys).sum())
        print(f"inside {name} = {inside}")

    before, after = geoms["deepstate_20240708"], geoms["deepstate_20250707"]
    gained = after.difference(before)
    lost = before.difference(after)
    print(f"change 20240708->20250707 gained_km2 = {area_km2(gained):.3f}")
    print(f"change 20240708->20250707 lost_km2 = {area_km2(lost):.3f}")
    with open(oblasts_path, encoding="utf-8") as f:
        oblasts = [(ft["properties"]["ADMIN_1"], shape(ft["geometry"])) for ft in json.load(f)["features"]]
    for name, geom in oblasts:
        g = area_km2(gained.intersection(geom))
        l = area_km2(lost.intersection(geom))
        if g > 0.0 or l > 0.0:
            print(f"oblast {name}: gained_km2 = {g:.3f}, lost_km2 = {l:.3f}")

    minsk = geoms["minsk_union"]
    towns = {
        "Donetsk": (37.8028, 48.0159),
        "Kramatorsk": (37.5844, 48.7389),
        "Horlivka": (38.0500, 48.3000),
        "Mariupol": (37.5500, 47.0958),
        "Sevastopol": (33.5254, 44.6166),
    }
    for name, (lon, lat) in towns.items():
        inside = bool(shapely.contains_xy(minsk, lon, lat))
        d = geodesic_distance_km(lon, lat, minsk)
        print(f"town {name} ({lon}, {lat}): inside = {inside}, boundary_km = {d:.6f}")


if __name__ == "__main__":
    main()
