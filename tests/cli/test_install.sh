#!/usr/bin/env bash
# `cmake --install` into a temporary prefix: the program, library, header and
# profiles are where the README says, and the installed program checks the
# example scenario with its profiles found beside it.
# Usage: test_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
for f in bin/gistool include/gistool.h share/gistool/profiles/vn-qcvn-01-2025.yaml \
         share/gistool/profiles/vn-spr-2026.yaml; do
  [ -e "$tmp/prefix/$f" ] || { echo "not installed: $f"; exit 1; }
done
ls "$tmp/prefix"/lib*/libgistool.* >/dev/null
"$tmp/prefix/bin/gistool" --version | grep -q '^gistool '
# A copy of the example in a folder of its own, run with the installed
# program, the source tree out of its reach (GISTOOL_DATA unset).
cp -r "$src/examples/ninh-binh" "$tmp/example"
(cd "$tmp" && env -u GISTOOL_DATA "$tmp/prefix/bin/gistool" --quiet check example/site.yaml)
# The lookup order: beside the program before the configured prefix. Hide
# the source tree's profiles by asking for a file only the install has.
cp "$tmp/prefix/share/gistool/profiles/vn-qcvn-01-2025.yaml" \
   "$tmp/prefix/share/gistool/profiles/only-installed.yaml"
sed -i 's/^\(  *\)profile: vn-qcvn-01-2025/\1profile: only-installed/' "$tmp/example/site.yaml"
grep -q 'profile: only-installed' "$tmp/example/site.yaml"
(cd "$tmp" && env -u GISTOOL_DATA "$tmp/prefix/bin/gistool" --quiet check example/site.yaml)
echo "install: ok"
