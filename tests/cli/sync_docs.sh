#!/usr/bin/env bash
# Rewrite the synopsis block of each docs/<cmd>.md from `gistool <cmd>
# --help`, which the option table in gistool/options.c generates; the docs
# drift check in test_cli.sh then passes. Run after changing the table.
# Usage: sync_docs.sh GISTOOL SOURCE_DIR
set -euo pipefail
bin=$1 src=$2
for cmd in site sensitivity check rank ahp map report crs init batch compare network progress; do
  doc="$src/docs/$cmd.md"
  [ "$cmd" = map ] && doc="$src/docs/maps.md"
  help=$("$bin" "$cmd" --help)
  /usr/bin/python3 - "$doc" "$cmd" "$help" <<'PY'
import sys
doc, cmd, help_text = sys.argv[1:]
begin, end = "<!-- BEGIN gistool %s --help -->" % cmd, "<!-- END gistool %s --help -->" % cmd
text = open(doc, encoding="utf-8").read()
a, b = text.index(begin) + len(begin), text.index(end)
text = text[:a] + "\n```text\n" + help_text + "\n```\n" + text[b:]
open(doc, "w", encoding="utf-8").write(text)
PY
done
