#!/usr/bin/env python3
"""Independent figures for the real-data tests of truce-events.

Reads the shared real files with Python's csv and json modules (not with truce) and
applies the reader's documented rules in a separate, plain implementation: needed
fields present, codes in range, coordinates in range and not (0, 0), dates parse
(slash dates: the order learned from the first evident one), end not before start,
duplicate ids (first wins; an identical repeat is a duplicate too). Prints the counts
and a few values that crates/events/tests/real_data.rs asserts.

Usage: python3 bench/ingest/expected_counts.py [DATA_DIR]   (default ../shared/data)
"""
import csv
import datetime as dt
import hashlib
import json
import os
import re
import sys

DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../../shared/data")
UCDP_UTF8 = "ucdp-ged-ukraine-peacerep/UCDP-Ukraine_2014-01_to_2022-02_f0821cc.csv"
UCDP_1252 = "ucdp-ged-ukraine-peacerep/UCDP-Ukraine_2014_to_2023_mixed_b858735_cp1252.csv"
BELLINGCAT = "war-datasets-dashboard-sdspieg/bellingcat_incidents.json"
CIR = "cir-bellingcat-events-mauforonda/events.csv"


class SlashDates:
    """Parses the date forms the files hold; slash order learned from the data."""

    def __init__(self):
        self.order = None  # "mdy" or "dmy"
        self.conflict = False

    def parse(self, text):
        text = text.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})( .*)?", text)
        if not m:
            raise ValueError(text)
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        evident = "dmy" if a > 12 else "mdy" if b > 12 else None
        if evident:
            if self.order is None:
                self.order = evident
            elif self.order != evident:
                self.conflict = True
            order = evident
        elif a == b:
            order = "dmy"
        elif self.order and not self.conflict:
            order = self.order
        else:
            raise ValueError("ambiguous " + text)
        return dt.date(y, b, a) if order == "dmy" else dt.date(y, a, b)


def coords_ok(lat, lon):
    lat, lon = float(lat), float(lon)
    return -90 <= lat <= 90 and -180 <= lon <= 180 and not (lat == 0 and lon == 0)


def ucdp(path, encoding):
    with open(os.path.join(DATA, path), encoding=encoding, newline="") as f:
        rows = list(csv.DictReader(f))
    dates = SlashDates()
    seen = {}
    accepted, rejected, starts = 0, 0, {}
    for row in rows:
        try:
            assert row["id"].strip()
            assert int(row["type_of_violence"]) in (1, 2, 3)
            assert 1 <= int(row["where_prec"]) <= 7
            assert 1 <= int(row["date_prec"]) <= 5
            assert coords_ok(row["latitude"], row["longitude"])
            first, last = dates.parse(row["date_start"]), dates.parse(row["date_end"])
            assert first <= last
            assert row["best"].strip() == "" or int(row["best"]) >= 0
            assert row["id"] not in seen
            seen[row["id"]] = True
            accepted += 1
            starts[row["id"]] = (first, last)
        except (AssertionError, ValueError):
            rejected += 1
    return rows, accepted, rejected, starts


def main():
    rows, acc, rej, utf8_days = ucdp(UCDP_UTF8, "utf-8")
    print(f"ucdp utf-8: read {len(rows)} accepted {acc} rejected {rej}")
    rows, acc, rej, cp_days = ucdp(UCDP_1252, "cp1252")
    print(f"ucdp cp1252: read {len(rows)} accepted {acc} rejected {rej}")
    common = sorted(set(utf8_days) & set(cp_days), key=int)
    same = sum(1 for i in common if utf8_days[i] == cp_days[i])
    print(f"ucdp ids in both files: {len(common)}, with the same first and last day: {same}")
    # Events of the UTF-8 file overlapping the first week of the Minsk II ceasefire,
    # 15-21 Feb 2015 (whole local days, so a day-level test is exact).
    week = sum(1 for first, last in utf8_days.values()
               if first <= dt.date(2015, 2, 21) and last >= dt.date(2015, 2, 15))
    print(f"ucdp utf-8 events overlapping 2015-02-15..2015-02-21: {week}")
    by_id = {r["id"]: r for r in rows}
    for i in ("233458", "464833"):
        r = by_id[i]
        print(f"ucdp cp1252 id {i}: where_description={r['where_description']!r} "
              f"source_headline={r['source_headline'][:40]!r}")

    with open(os.path.join(DATA, BELLINGCAT), encoding="utf-8") as f:
        items = json.load(f)
    seen, acc, rej, zero, dup = set(), 0, 0, 0, 0
    for item in items:
        key = hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest()
        try:
            dt.date.fromisoformat(item["date"])
            zero += item["latitude"] == 0 and item["longitude"] == 0
            assert coords_ok(item["latitude"], item["longitude"])
            dup += key in seen
            assert key not in seen
            seen.add(key)
            acc += 1
        except (AssertionError, ValueError, KeyError, TypeError):
            rej += 1
    print(f"bellingcat: read {len(items)} accepted {acc} rejected {rej} "
          f"(at (0, 0): {zero}, identical repeats: {dup})")

    with open(os.path.join(DATA, CIR), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    seen, acc, rej, no_date, dup = {}, 0, 0, 0, 0
    for row in rows:
        ident = row["entry"].strip() or "hash:" + "\x1f".join(row.values())
        try:
            no_date += not row["date"].strip()
            dt.date.fromisoformat(row["date"].strip())
            assert coords_ok(row["lat"], row["lon"])
            dup += ident in seen
            assert ident not in seen
            seen[ident] = row
            acc += 1
        except (AssertionError, ValueError):
            rej += 1
    print(f"cir: read {len(rows)} accepted {acc} rejected {rej} (no date: {no_date}, duplicate ids: {dup})")


if __name__ == "__main__":
    main()
