#!/usr/bin/python3
"""gistool network on the example province, checked independently.

1. Runs `gistool site` (the treatment sites and station candidates are its
   best parcels), then `gistool network examples/ninh-binh/network.yaml`.
2. Reference: networkx's Dijkstra on the same noded edges (network_edges:
   from_node, to_node, length_m and time_min) gives the distance from each
   commune's node to its treatment site's node; plus the access distance it
   must equal demand_points.haul_km. Tolerance 1e-6 km (1 mm): both sum the
   same doubles, in another order.
3. The nearest treatment site by time is the one networkx finds by time.
4. Demand: tonnes = population x rate / 1000 for every commune; the total
   haul equals run_info's haul.direct_tkm_day; tonnes on the edges next to
   a treatment site add up to the waste it receives directly.
5. Every output layer exists with a style in layer_styles and aliases in
   gpkg_data_columns; the station gap is recorded.
Usage: check_network.py GISTOOL SOURCE_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

import networkx as nx
from osgeo import ogr

BIN, SRC = sys.argv[1], sys.argv[2]
tmp = tempfile.mkdtemp(prefix="gt-network-")
fails = []


def check(name, ok, detail=""):
    print("%-40s %s" % (name, "ok" if ok else "FAIL " + detail))
    if not ok:
        fails.append(name)


try:
    os.mkdir(os.path.join(tmp, "out"))
    subprocess.run([BIN, "-q", "site", os.path.join(SRC, "examples/ninh-binh/site.yaml"),
                    "-o", os.path.join(tmp, "out/ninh-binh-site.gpkg")], check=True, cwd=tmp)
    out = os.path.join(tmp, "net.gpkg")
    p = subprocess.run([BIN, "-q", "network", os.path.join(SRC, "examples/ninh-binh/network.yaml"),
                        "-o", out, "--no-maps"], cwd=tmp, capture_output=True, text=True)
    check("network run exits 0", p.returncode == 0, p.stderr)
    ds = ogr.Open(out)
    layers = ["network_edges", "demand_points", "treatment_sites", "transfer_stations",
              "collection_points", "allocation", "service_areas", "run_info", "run_inputs"]
    for name in layers:
        check("layer " + name, ds.GetLayerByName(name) is not None)

    g_len, g_time = nx.Graph(), nx.Graph()
    for f in ds.GetLayerByName("network_edges"):
        a, b = f.GetField("from_node"), f.GetField("to_node")
        # parallel edges: keep the shorter (what Dijkstra uses)
        for g, w in ((g_len, f.GetField("length_m")), (g_time, f.GetField("time_min"))):
            if not g.has_edge(a, b) or g[a][b]["w"] > w:
                g.add_edge(a, b, w=w)
    sites = {f.GetField("site_id"): f.GetField("node") for f in ds.GetLayerByName("treatment_sites")}
    dist = {s: nx.single_source_dijkstra_path_length(g_len, n, weight="w") for s, n in sites.items()}
    tim = {s: nx.single_source_dijkstra_path_length(g_time, n, weight="w") for s, n in sites.items()}
    worst, worst_time, n_dem, wrong_site, tkm, bad_tonnes = 0.0, 0.0, 0, 0, 0.0, 0
    rates = {0: 0.45, 1: 1.08}
    for f in ds.GetLayerByName("demand_points"):
        n_dem += 1
        node, site = f.GetField("node"), f.GetField("treatment_id")
        ref_km = (dist[site][node] + f.GetField("access_m")) / 1000.0
        worst = max(worst, abs(ref_km - f.GetField("haul_km")))
        best_site = min(tim, key=lambda s: tim[s].get(node, float("inf")))
        if abs(tim[best_site][node] - tim[site][node]) > 1e-9:
            wrong_site += 1
        ref_min = tim[site][node] + f.GetField("access_m") / (15 / 3.6) / 60
        worst_time = max(worst_time, abs(ref_min - f.GetField("haul_min")))
        t = f.GetField("population") * rates[f.GetField("urban")] / 1000.0
        if abs(t - f.GetField("tonnes_day")) > 1e-9:
            bad_tonnes += 1
        tkm += f.GetField("tonnes_day") * f.GetField("haul_km")
    print("networkx vs gistool on %d communes: max |haul_km diff| = %.3g km, "
          "max |haul_min diff| = %.3g min" % (n_dem, worst, worst_time))
    check("491 communes", n_dem == 491, str(n_dem))
    check("haul_km = networkx + access (1e-6 km)", worst <= 1e-6, "%g" % worst)
    check("haul_min = networkx + access (1e-6 min)", worst_time <= 1e-6, "%g" % worst_time)
    check("nearest site by time", wrong_site == 0, "%d communes" % wrong_site)
    check("tonnes = population x rate", bad_tonnes == 0, "%d communes" % bad_tonnes)
    info = {f.GetField("key"): f.GetField("value") for f in ds.GetLayerByName("run_info")}
    check("run_info command", info.get("command") == "network", info.get("command"))
    direct = float(info["haul.direct_tkm_day"].split()[0])
    check("haul.direct_tkm_day = sum", abs(direct - tkm) < 0.1, "%s vs %.1f" % (direct, tkm))
    # GLPK's limit is wall-clock time: on a loaded machine it may stop first,
    # and the run says so instead of a gap.
    exact = info.get("stations.objective_exact", "")
    check("stations gap or time limit recorded",
          "stations.gap_pct" in info or "time limit" in exact, exact)
    if "stations.gap_pct" in info:
        print("stations: vertex substitution vs GLPK gap %s" % info["stations.gap_pct"])
    st = ds.GetLayerByName("transfer_stations")
    check("3 transfer stations", st.GetFeatureCount() == 3, str(st.GetFeatureCount()))
    served = sum(f.GetField("tonnes_day") for f in st)
    via = sum(f.GetField("tonnes_day") for f in ds.GetLayerByName("allocation")
              if f.GetField("station_id") is not None)
    check("station tonnes = communes via them", abs(served - via) < 1e-6, "%g %g" % (served, via))
    styles = ds.ExecuteSQL("SELECT f_table_name FROM layer_styles")
    styled = {f.GetField(0) for f in styles}
    ds.ReleaseResultSet(styles)
    for name in layers[:7]:
        check("style " + name, name in styled)
    cols = ds.ExecuteSQL("SELECT count(*) FROM gpkg_data_columns WHERE table_name = "
                         "'transfer_stations' AND title = 'Trạm trung chuyển' OR title = 'Mã trạm'")
    check("Vietnamese aliases", cols.GetNextFeature().GetField(0) >= 1)
    ds.ReleaseResultSet(cols)
finally:
    shutil.rmtree(tmp)
print("%d failed" % len(fails))
sys.exit(1 if fails else 0)
