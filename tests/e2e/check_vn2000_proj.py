"""check_vn2000_proj.py: every VN-2000 preset against PROJ, independently of
gistool's own PROJ calls. The rows are read from the C table's source
(algorithms/vn2000.c); for each, osgeo.osr's definition of the EPSG code must
have the preset's central meridian, scale factor 0.9999, false easting
500 km and the VN-2000 datum, and proj.db must not mark the code deprecated.
Then `gistool crs CODE --format json` must agree for the 63 provinces.
Usage: check_vn2000_proj.py GISTOOL SOURCE_DIR
SPDX-License-Identifier: MIT
"""
import json
import os
import re
import sqlite3
import subprocess
import sys

from osgeo import osr

gistool, src = sys.argv[1:3]
text = open(os.path.join(src, "algorithms", "vn2000.c"), encoding="utf-8").read()
rows = re.findall(r'\{"([^"]+)", "(\d*)", ([\d.]+), (\d+),', text)
assert len(rows) == 63 + 34, len(rows)

db_path = [d + "/proj.db" for d in osr.GetPROJSearchPaths() if os.path.exists(d + "/proj.db")]
db = sqlite3.connect("file:%s?mode=ro" % db_path[0], uri=True)
failures = []
for name, code, cm, epsg in rows:
    srs = osr.SpatialReference()
    if srs.ImportFromEPSG(int(epsg)) != 0:
        failures.append("%s: EPSG:%s unknown to PROJ" % (name, epsg))
        continue
    got = (srs.GetProjParm(osr.SRS_PP_CENTRAL_MERIDIAN), srs.GetProjParm(osr.SRS_PP_SCALE_FACTOR),
           srs.GetProjParm(osr.SRS_PP_FALSE_EASTING), srs.GetAttrValue("GEOGCS"))
    if got != (float(cm), 0.9999, 500000.0, "VN-2000"):
        failures.append("%s: table %s, PROJ EPSG:%s %s" % (name, cm, epsg, got))
    dep = db.execute("select deprecated from projected_crs where auth_name='EPSG' and code=?",
                     (epsg,)).fetchone()
    if not dep or dep[0]:
        failures.append("%s: EPSG:%s is deprecated or missing in proj.db" % (name, epsg))
    if code:
        out = subprocess.run([gistool, "crs", code, "--format", "json"], capture_output=True,
                             text=True)
        j = json.loads(out.stdout) if out.returncode == 0 else {}
        if (j.get("province"), j.get("epsg"), j.get("proj_central_meridian_deg")) != \
                (name, int(epsg), float(cm)):
            failures.append("%s: gistool crs %s gave %s %s" % (name, code, out.stdout, out.stderr))

for f in failures:
    print("FAIL", f)
print("%d presets checked, %d failures" % (len(rows), len(failures)))
sys.exit(1 if failures else 0)
