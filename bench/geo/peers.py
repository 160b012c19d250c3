"""Peer side of bench/geo/run.sh: the same tasks as crates/geo/examples/geo_bench.rs with
shapely 2, geopandas and DuckDB spatial. One JSON object per task on stdout, like the Rust
side; every task runs on one thread.

    python peers.py gen TERRITORY.geojson POINTS.f64 N SEED
    python peers.py shapely TERRITORY.geojson POINTS.f64 RUNS BUFFER_DEG [BEFORE AFTER]
    python peers.py geopandas TERRITORY.geojson POINTS.f64 RUNS BUFFER_DEG [SLOW_RUNS]
    python peers.py duckdb TERRITORY.geojson POINTS.f64 RUNS BUFFER_DEG [SLOW_RUNS]

SLOW_RUNS (default 1) is the number of runs of the tasks that take about a minute each
(geopandas' dwithin join, DuckDB's distance and dwithin). Points are little-endian f64 pairs (lon, lat). Times exclude reading the files and turning
the coordinate arrays into each library's point objects; those conversions are reported
separately ("points" task) because truce needs none.
"""

import json
import os
import statistics
import sys
import time

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.polygon import orient


def load_geometry(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    geoms = [shapely.force_2d(shape(ft["geometry"])) for ft in data["features"] if ft.get("geometry")]
    return shapely.union_all(geoms) if len(geoms) > 1 else geoms[0]


def load_points(path):
    pts = np.fromfile(path, dtype="<f8").reshape(-1, 2)
    return np.ascontiguousarray(pts[:, 0]), np.ascontiguousarray(pts[:, 1])


def timed(runs, fn):
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return times, value


def report(tool, task, times, **extra):
    out = {"tool": tool, "task": task, "median_s": statistics.median(times), "runs_s": times}
    out.update(extra)
    print(json.dumps(out), flush=True)


def boundary_segments(geom):
    parts = []
    for line in getattr(geom.boundary, "geoms", [geom.boundary]):
        c = np.asarray(line.coords)
        parts.append(np.stack([c[:-1], c[1:]], axis=1))
    return np.concatenate(parts)


def gen(territory, out, n, seed):
    x0, y0, x1, y1 = load_geometry(territory).bounds
    rng = np.random.default_rng(int(seed))
    pts = np.empty((int(n), 2))
    pts[:, 0] = rng.uniform(x0, x1, int(n))
    pts[:, 1] = rng.uniform(y0, y1, int(n))
    pts.astype("<f8").tofile(out)
    print(json.dumps({"bbox": [x0, y0, x1, y1], "points": int(n), "seed": int(seed)}))


def run_shapely(territory, points, runs, buffer, before=None, after=None):
    geom = load_geometry(territory)
    xs, ys = load_points(points)
    start = time.perf_counter()
    shapely.prepare(geom)
    prepare_s = time.perf_counter() - start
    start = time.perf_counter()
    segs = shapely.linestrings(boundary_segments(geom))
    tree = shapely.STRtree(segs)
    tree_s = time.perf_counter() - start
    boundary = geom.boundary
    start = time.perf_counter()
    shapely.prepare(boundary)
    boundary_s = time.perf_counter() - start
    start = time.perf_counter()
    pts = shapely.points(xs, ys)
    points_s = time.perf_counter() - start
    print(json.dumps({"tool": "shapely", "task": "build", "prepare_s": prepare_s, "strtree_s": tree_s,
                      "prepare_boundary_s": boundary_s, "segments": len(segs)}))
    report("shapely", "points", [points_s])

    t, inside = timed(runs, lambda: int(shapely.contains_xy(geom, xs, ys).sum()))
    report("shapely", "contains", t, count=inside)

    def nearest_sum():
        _, dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
        return float(dist.sum())

    t, total = timed(runs, nearest_sum)
    report("shapely", "distance", t, sum=total)
    t, within = timed(runs, lambda: int(shapely.dwithin(boundary, pts, buffer).sum()))
    report("shapely", "within", t, count=within)

    if before and after:
        from pyproj import Geod

        geod = Geod(ellps="WGS84")
        a, b = load_geometry(before), load_geometry(after)

        def area_km2(g):
            polys = [g] if g.geom_type == "Polygon" else list(getattr(g, "geoms", []))
            return sum(abs(geod.geometry_area_perimeter(orient(p, 1.0))[0]) for p in polys if p.geom_type == "Polygon") / 1e6

        t, _ = timed(runs, lambda: (b.difference(a), a.difference(b)))
        report("shapely", "change_difference", t)
        t, areas = timed(runs, lambda: (area_km2(b.difference(a)), area_km2(a.difference(b))))
        report("shapely", "change", t, gained_km2=areas[0], lost_km2=areas[1])


def run_geopandas(territory, points, runs, buffer, slow_runs=1):
    import geopandas as gpd

    geom = load_geometry(territory)
    xs, ys = load_points(points)
    parts = gpd.GeoDataFrame(geometry=list(getattr(geom, "geoms", [geom])))
    start = time.perf_counter()
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xs, ys))
    report("geopandas", "points", [time.perf_counter() - start])

    t, inside = timed(runs, lambda: int(gpd.sjoin(pts, parts, predicate="within").index.nunique()))
    report("geopandas", "contains", t, count=inside)
    line = gpd.GeoDataFrame(geometry=[geom.boundary])
    t, within = timed(
        slow_runs, lambda: int(gpd.sjoin(pts, line, predicate="dwithin", distance=buffer).index.nunique())
    )
    report("geopandas", "within", t, count=within)


def run_duckdb(territory, points, runs, buffer, slow_runs=1):
    import duckdb
    import duckdb_extension_spatial
    import pandas as pd

    geom = load_geometry(territory)
    xs, ys = load_points(points)
    ext = os.path.join(
        os.path.dirname(duckdb_extension_spatial.__file__), "extensions", "v" + duckdb.__version__,
        "spatial.duckdb_extension",
    )
    con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
    con.execute(f"LOAD '{ext}'")
    con.execute("SET threads = 1")
    start = time.perf_counter()
    con.register("xy", pd.DataFrame({"x": xs, "y": ys}))
    con.execute("CREATE TABLE pts AS SELECT ST_Point(x, y) AS geom FROM xy")
    report("duckdb", "points", [time.perf_counter() - start])
    polygon = f"ST_GeomFromText('{shapely.to_wkt(geom, rounding_precision=-1)}')"
    line = f"ST_GeomFromText('{shapely.to_wkt(geom.boundary, rounding_precision=-1)}')"

    def scalar(sql):
        return con.execute(sql).fetchone()[0]

    t, inside = timed(runs, lambda: int(scalar(f"SELECT count(*) FROM pts WHERE ST_Contains({polygon}, geom)")))
    report("duckdb", "contains", t, count=inside)
    t, total = timed(slow_runs, lambda: float(scalar(f"SELECT sum(ST_Distance({line}, geom)) FROM pts")))
    report("duckdb", "distance", t, sum=total)
    t, within = timed(
        slow_runs, lambda: int(scalar(f"SELECT count(*) FROM pts WHERE ST_DWithin({line}, geom, {buffer!r})"))
    )
    report("duckdb", "within", t, count=within)


def main(argv):
    tool, rest = argv[1], argv[2:]
    if tool == "gen":
        gen(*rest)
        return
    territory, points, runs, buffer = rest[0], rest[1], int(rest[2]), float(rest[3])
    if tool == "shapely":
        run_shapely(territory, points, runs, buffer, *rest[4:6])
    elif tool == "geopandas":
        run_geopandas(territory, points, runs, buffer, *(int(r) for r in rest[4:5]))
    elif tool == "duckdb":
        run_duckdb(territory, points, runs, buffer, *(int(r) for r in rest[4:5]))
    else:
        sys.exit(f"unknown tool {tool!r}")


if __name__ == "__main__":
    main(sys.argv)
