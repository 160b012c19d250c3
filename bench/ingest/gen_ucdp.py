#!/usr/bin/env python3
"""Writes N synthetic UCDP GED rows (the standard 49 columns, with a header), seeded.

Usage: python3 bench/ingest/gen_ucdp.py N OUT.csv [SEED]

Values are plausible, not real: ids 1..N, dates 2014-2023 (ISO), points inside Ukraine,
where_prec 1-7 and date_prec 1-5 with roughly the real file's proportions, short
source texts (a few quoted, some with commas). One row in 1,000 has a latitude out of
range, so the reject path is exercised too.
"""
import csv
import datetime as dt
import random
import sys

COLUMNS = ("id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
           "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
           "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,"
           "source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,"
           "latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,"
           "date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,gwnoa,"
           "gwnob").split(",")
TOWNS = ["Donetsk", "Horlivka", "Debaltseve", "Avdiivka", "Mariupol", "Luhansk", "Shchastia", "Popasna",
         "Marinka", "Krasnohorivka", "Shyrokyne", "Pisky", "Stanytsia Luhanska", "Zolote", "Svitlodarsk"]
OBLASTS = ["Donetsk oblast", "Luhansk oblast", "Kharkiv oblast", "Zaporizhia oblast"]
OFFICES = ["Agence France Presse", "Reuters News", "Interfax", "OSCE SMM", "BBC Monitoring"]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    epoch = dt.date(2014, 1, 1)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for i in range(1, n + 1):
            start = epoch + dt.timedelta(days=rng.randrange(3650))
            date_prec = rng.choices([1, 2, 3, 4, 5], [78, 14, 3, 4, 1])[0]
            span = {1: 0, 2: rng.randrange(1, 6), 3: 6, 4: 29, 5: 364}[date_prec]
            end = start + dt.timedelta(days=span)
            where_prec = rng.choices([1, 2, 3, 4, 5, 6, 7], [24, 52, 1, 15, 7, 1, 0.1])[0]
            town = rng.choice(TOWNS)
            lat = round(rng.uniform(46.5, 50.0), 5) if i % 1000 else 123.45
            lon = round(rng.uniform(33.0, 40.0), 5)
            office = rng.choice(OFFICES)
            headline = f"{town}: shelling reported, {rng.randrange(1, 9)} hurt"
            a, b, c, u = (rng.choice([0, 0, 0, 1, 2]) for _ in range(4))
            best = a + b + c + u
            row = {c: "" for c in COLUMNS}
            row.update(
                id=i, relid=f"UKR-{start.year}-1-{i}", year=start.year, active_year=1, code_status="Clear",
                type_of_violence=1, conflict_dset_id=13219, conflict_new_id=13219,
                conflict_name="Ukraine: Novorossiya", dyad_dset_id=14153, dyad_new_id=14153,
                dyad_name="Government of Ukraine - DPR", side_a_dset_id=61, side_a_new_id=61,
                side_a="Government of Ukraine", side_b_dset_id=6135, side_b_new_id=6135, side_b="DPR",
                number_of_sources=1, source_article=f'"{office},{start.isoformat()},{headline}"',
                source_office=office, source_date=start.isoformat(), source_headline=headline,
                source_original="Ukrainian military", where_prec=where_prec, where_coordinates=f"{town} town",
                where_description=f"near {town}" if rng.random() < 0.3 else "", adm_1=rng.choice(OBLASTS),
                adm_2=f"{town} raion", latitude=lat, longitude=lon, geom_wkt=f"POINT ({lon} {lat})",
                priogrid_gid=rng.randrange(180000, 200000), country="Ukraine", country_id=369, region="Europe",
                event_clarity=1, date_prec=date_prec, date_start=start.isoformat(), date_end=end.isoformat(),
                deaths_a=a, deaths_b=b, deaths_civilians=c, deaths_unknown=u, best=best, high=best, low=best,
                gwnoa=369, gwnob="")
            w.writerow([row[c] for c in COLUMNS])


if __name__ == "__main__":
    main()
