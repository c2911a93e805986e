#!/usr/bin/python3
# generate_register.py: SYNTHETIC register data for the Ninh Bình example of
# `gistool progress` (seeded; the same seed gives the same files):
#   data/synthetic/register_history.csv     status changes of the sites of
#       synthetic_landfills.gpkg, dated 2025-01-01 .. 2027-12-31
#   data/synthetic/register_indicators.csv  commune indicators for 2025, 2026
#       and 2027 for the 491 communes of data/real/ninhbinh2025_census2009.gpkg
# The columns are exactly those of the register's status_history and
# commune_indicators tables (docs/progress.md); every row says it is
# synthetic (history: `note`; indicators: `source`).
#     /usr/bin/python3 examples/ninh-binh/generate_register.py [--seed 394]
# SPDX-License-Identifier: MIT
#
# History, from each site's imported status (the register import dates it
# <status_year>-12-31, or 2024-12-31 without a status_year) and the
# register's rules (dates never go backwards; remediated only after closed or
# remediating; nothing after remediated):
#   operating dump: closed with probability 0.55 (a third of those later
#       remediated);
#   operating unsanitary landfill: closed with probability 0.35; of those,
#       half go on to remediating and two thirds of these to remediated;
#   closed landfill: remediating with probability 0.5, then remediated with
#       probability 0.6;
#   remediating landfill: remediated with probability 0.7;
#   remediated and sanitary sites: no change.
# Each change falls on a random day after the previous one and within
# 2025-01-01 .. 2027-12-31; its source is a made-up decision number marked
# "(synthetic)".
#
# Commune indicators (tonnes/day), per commune and year, around these rates:
#   household waste generated per person per day: urban 1.08 kg, rural
#       0.45 kg (the 2019 national report on the state of the environment,
#       Ministry of Natural Resources and Environment 2020, gives 35,624 t/day
#       urban and 28,394 t/day rural household solid waste in 2019; divided by
#       the 2019 census's 33.1 M urban and 63.1 M rural inhabitants) x a
#       commune factor 0.85-1.15, growing 2 % a year;
#   share collected: urban 93 % in 2025 (the same report: 96 % nationwide in
#       2019; a provincial spread is assumed), rural 70 % (report: 66 %),
#       each rising 1.5 (urban) and 5 (rural) points a year, +-3 points per
#       commune, at most 100 %;
#   share of the collected waste landfilled directly: 68 % in 2025 (report:
#       about 71 % of collected household waste landfilled in 2019), falling
#       6 points a year, +-8 per commune; the rest split between incineration
#       (60 %), composting (25 %), recycling (10 %) and other (5 %);
#   households = population / 3.8 (2009 census: 3.8 persons per household),
#       rounded; households sorting at source: urban 35 %, rural 15 % in 2025,
#       +12 points a year, +-10 per commune (a local assumption: no published
#       provincial series);
#   about 4 % of the values (each of generated, collected, landfill, sorting)
#       left empty, as real reports are incomplete, and one commune in fifty
#       does not report at all in 2025.
# Population: the commune's 2009 census population (real), unchanged.
# Urban: commune names starting "Phường" or "Thị trấn"; rural: "Xã".
import argparse
import csv
import datetime
import os
import random

from osgeo import gdal, ogr

gdal.UseExceptions()
ogr.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
SYN = os.path.join(HERE, "data", "synthetic")
FIRST, LAST = datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)
MARK = "synthetic: generate_register.py, seed %d"


def day_after(rng, d, latest=LAST):
    """A random day after d (at least 30 days), on or before latest; None
    when there is no room."""
    lo = max(d + datetime.timedelta(days=30), FIRST)
    if lo > latest:
        return None
    return lo + datetime.timedelta(days=rng.randrange((latest - lo).days + 1))


def history(rng, seed):
    ds = ogr.Open(os.path.join(SYN, "synthetic_landfills.gpkg"))
    lyr = ds.GetLayer("landfills")
    rows, n = [], 0
    sites = sorted((f["site_id"], f["type"], f["status"] or "operating", f["status_year"])
                   for f in lyr)
    for sid, kind, status, year in sites:
        d = datetime.date(year, 12, 31) if year else datetime.date(2024, 12, 31)
        steps = []
        if kind == "spontaneous_dump" and status == "operating":
            if rng.random() < 0.55:
                steps.append("closed")
                if rng.random() < 1 / 3:
                    steps.append("remediated")
        elif kind == "unsanitary_landfill" and status == "operating":
            if rng.random() < 0.35:
                steps.append("closed")
                if rng.random() < 0.5:
                    steps.append("remediating")
                    if rng.random() < 2 / 3:
                        steps.append("remediated")
        elif kind == "unsanitary_landfill" and status == "closed":
            if rng.random() < 0.5:
                steps.append("remediating")
                if rng.random() < 0.6:
                    steps.append("remediated")
        elif kind == "unsanitary_landfill" and status == "remediating":
            if rng.random() < 0.7:
                steps.append("remediated")
        for st in steps:
            d2 = day_after(rng, d)
            if d2 is None:
                break
            d = d2
            n += 1
            if st == "remediated":
                src = "Biên bản nghiệm thu %d/BB-SNNMT (synthetic)" % (100 + n)
            else:
                src = "Quyết định %d/QĐ-UBND (synthetic)" % (1000 + 7 * n)
            rows.append({"site_id": sid, "status": st, "date": d.isoformat(), "source": src,
                         "note": MARK % seed})
    rows.sort(key=lambda r: (r["date"], r["site_id"]))
    return rows


def maybe(rng, v, digits=3, p=0.04):
    return "" if rng.random() < p else round(v, digits)


def indicators(rng, seed):
    ds = ogr.Open(os.path.join(HERE, "data", "real", "ninhbinh2025_census2009.gpkg"))
    lyr = ds.GetLayer("communes_2009")
    communes = sorted((str(int(f["commune_id"])), f["commune_vn"] or "", int(f["population"] or 0))
                      for f in lyr)
    rows = []
    for code, name, pop in communes:
        urban = name.startswith("Phường") or name.startswith("Thị trấn")
        factor = rng.uniform(0.85, 1.15)
        dcol, dlf, dsort = rng.uniform(-3, 3), rng.uniform(-8, 8), rng.uniform(-10, 10)
        silent_2025 = rng.random() < 0.02
        hh = round(pop / 3.8)
        for i, year in enumerate((2025, 2026, 2027)):
            gen = pop * (1.08 if urban else 0.45) * factor * 1.02 ** i / 1000
            col_pct = min(100, (93 + 1.5 * i if urban else 70 + 5 * i) + dcol)
            lf_pct = max(5, 68 - 6 * i + dlf)
            sort_pct = max(0, min(100, (35 if urban else 15) + 12 * i + dsort))
            col = gen * col_pct / 100
            lf = col * lf_pct / 100
            rest = col - lf
            row = {"commune_code": code, "commune": name, "year": year,
                   "area_type": "urban" if urban else "rural", "population": pop,
                   "households": hh, "generated_tpd": maybe(rng, gen),
                   "collected_tpd": maybe(rng, col), "landfill_tpd": maybe(rng, lf),
                   "incinerated_tpd": round(rest * 0.60, 3), "composted_tpd": round(rest * 0.25, 3),
                   "recycled_tpd": round(rest * 0.10, 3), "other_tpd": round(rest * 0.05, 3),
                   "households_sorting": maybe(rng, round(hh * sort_pct / 100), 0),
                   "source": MARK % seed}
            if pop == 0 or (silent_2025 and year == 2025):
                for k in ("households", "generated_tpd", "collected_tpd", "landfill_tpd",
                          "incinerated_tpd", "composted_tpd", "recycled_tpd", "other_tpd",
                          "households_sorting"):
                    row[k] = ""
            rows.append(row)
    return rows


def write(path, rows, fields):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print("wrote %s (%d rows)" % (os.path.relpath(path, HERE), len(rows)))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=394)
    a = ap.parse_args()
    write(os.path.join(SYN, "register_history.csv"), history(random.Random(a.seed), a.seed),
          ["site_id", "status", "date", "source", "note"])
    write(os.path.join(SYN, "register_indicators.csv"),
          indicators(random.Random(a.seed + 1), a.seed),
          ["commune_code", "commune", "year", "area_type", "population", "households",
           "generated_tpd", "collected_tpd", "landfill_tpd", "incinerated_tpd", "composted_tpd",
           "recycled_tpd", "other_tpd", "households_sorting", "source"])
