#!/usr/bin/env python3
"""Peers of the truce-events ingest benchmark, on the same synthetic UCDP file.

Usage: peers.py MODE FILE RUNS
  csv          Python's csv module: iterate csv.reader over the file (every row split
               into its 49 fields; no conversion) and count rows.
  duckdb       DuckDB read_csv into an in-memory table (types sniffed, all columns
               parsed and materialised), DuckDB's default threads (2 here).
  duckdb1      the same with SET threads = 1 (one core, like truce's reader).
Prints one line per run, then `median_s` and `rows`.
"""
import csv
import statistics
import sys
import time


def run_csv(path):
    n = 0
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for _ in reader:
            n += 1
    return n


def run_duckdb(path, threads):
    import duckdb

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {threads}")
    con.execute("CREATE TABLE events AS SELECT * FROM read_csv(?, header = true)", [path])
    (n,) = con.execute("SELECT count(*) FROM events").fetchone()
    con.close()
    return n


def main():
    mode, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    fn = {"csv": run_csv, "duckdb": lambda p: run_duckdb(p, None), "duckdb1": lambda p: run_duckdb(p, 1)}[mode]
    times, rows = [], 0
    for i in range(runs):
        start = time.perf_counter()
        rows = fn(path)
        times.append(time.perf_counter() - start)
        print(f"run {i + 1}: {times[-1]:.3f} s, {rows} rows")
    print(f"median_s {statistics.median(times):.4f}")
    print(f"rows {rows}")


if __name__ == "__main__":
    main()
