#!/usr/bin/env bash
# `gistool ahp` against published and hand-worked values (tolerances stated
# per check). Usage: test_ahp.sh GISTOOL SOURCE_DIR
set -uo pipefail
bin=$1 src=$2 d=$2/tests/data/ahp
pass=0 fail=0
check() { # name, expected exit code, python assertion on the JSON as j, command...
  local name=$1 code=$2 py=$3; shift 3
  local out rc
  out=$("$@" 2>/dev/null); rc=$?
  if [ "$rc" -eq "$code" ] && /usr/bin/python3 -c "import json,sys,math; j=json.loads(sys.argv[1]); assert $py, j" "$out" 2>/dev/null; then
    pass=$((pass + 1)); echo "ok   $name"
  else
    fail=$((fail + 1)); echo "FAIL $name: exit $rc (expected $code): $out" | head -c 600; echo
  fi
}
expect() { # name, expected exit code, pattern, command...
  local name=$1 code=$2 pattern=$3; shift 3
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -eq "$code" ] && grep -qE -- "$pattern" <<<"$out"; then
    pass=$((pass + 1)); echo "ok   $name"
  else
    fail=$((fail + 1)); echo "FAIL $name: exit $rc (expected $code):"; sed 's/^/     /' <<<"$out" | head -8
  fi
}
J="--format json"
# Saaty's drinks: the published eigenvector to 3 decimals (tolerance 0.0015).
check drinks-published 0 "all(abs(j['weights'][k]-v)<=0.0015 for k,v in dict(coffee=.177,wine=.019,tea=.042,beer=.116,sodas=.190,milk=.129,water=.327).items()) and j['method']=='eigen' and j['ri_table']=='saaty1980' and j['consistent']" "$bin" ahp $J "$d/drinks.csv"
# The keys of the JSON report, and CR = CI / RI.
check json-keys 0 "set(['weights','lambda_max','ci','cr','consistent','ri_table','method'])<=set(j) and abs(j['cr']-j['ci']/1.32)<1e-9" "$bin" ahp $J "$d/drinks.csv"
# A consistent matrix: CR = 0 and eigen = geometric = w / sum(w) (1e-9).
check consistent-eigen 0 "j['cr']<1e-9 and abs(j['weights']['c01']-16/135)<1e-9 and abs(j['weights']['c15']-2/135)<1e-9" "$bin" ahp $J "$d/fifteen.csv"
check consistent-geometric 0 "j['gci']<1e-12 and abs(j['weights']['c01']-16/135)<1e-9 and j['method']=='geometric'" "$bin" ahp $J --method geometric "$d/fifteen.csv"
# Consistent under Saaty 1980, not under Saaty 2005 or Donegan & Dodd.
check ri-saaty1980 0 "j['consistent'] and abs(j['cr']-0.0930)<5e-4" "$bin" ahp $J "$d/ri_sensitive.csv"
check ri-saaty2005 40 "not j['consistent'] and abs(j['cr']-0.1037)<5e-4 and abs(j['ri']-0.52)<1e-12" "$bin" ahp $J --ri-table saaty2005 "$d/ri_sensitive.csv"
check ri-donegan-dodd 40 "not j['consistent'] and abs(j['cr']-0.1097)<5e-4 and abs(j['ri']-0.4914)<1e-12" "$bin" ahp $J --ri-table donegan-dodd "$d/ri_sensitive.csv"
# n = 1 and n = 2: CR = 0.
check n1 0 "j['weights']=={'only':1} and j['cr']==0" "$bin" ahp $J "$d/one.csv"
check n2-group 0 "abs(j['weights']['x']-0.8)<1e-12 and j['cr']==0 and j['matrices']==2" "$bin" ahp $J "$d/expert_a.csv" "$d/expert_b.csv"
# Transposed: CR cannot tell, the weights are the reciprocal ones.
check transposed 0 "max(j['weights'],key=j['weights'].get)=='slope'" "$bin" ahp $J "$d/transposed.csv"
check not-transposed 0 "max(j['weights'],key=j['weights'].get)=='remoteness' and abs(j['weights']['remoteness']-0.5816)<1e-4" "$bin" ahp $J "$d/three.csv"
# Inconsistent: exit 40, the judgments to revise and their consistent values.
expect cycle-text 40 "NOT consistent \(CR [0-9.]+ >= 0.10\)" "$bin" ahp --lang en "$d/cycle.csv"
expect cycle-suggestion 40 "a over b: 9 given, .* would be consistent" "$bin" ahp --lang en "$d/cycle.csv"
# Vietnamese by default: the verdict, the judgments and a decimal comma.
expect cycle-text-vi 40 "KHÔNG nhất quán \(CR [0-9]+,[0-9]+ ≥ 0,10\)" "$bin" ahp "$d/cycle.csv"
expect cycle-suggestion-vi 40 "a so với b: đã cho 9, giá trị nhất quán là 1" "$bin" ahp --lang vi "$d/cycle.csv"
expect weights-vi 0 "remoteness +0,5816" "$bin" ahp "$d/three.csv"
expect lang-bad 2 "--lang is vi or en" "$bin" ahp --lang fr "$d/three.csv"
check cycle-json 40 "len(j['suggestions'])==3 and not j['consistent']" "$bin" ahp $J "$d/cycle.csv"
# Errors name the file, line and cell.
expect not-reciprocal 41 "not_reciprocal.csv: AHP matrix is not reciprocal: row 1, column 2 is 3, so row 2, column 1 must be 1/3 .*\(rows and columns: 1 a, 2 b, 3 c\)" "$bin" ahp "$d/not_reciprocal.csv"
expect ragged 41 "ragged.csv:3: row 'b' has 2 judgments; expected 3" "$bin" ahp "$d/ragged.csv"
expect scenario 0 "remoteness +0.4266" "$bin" ahp "$src/examples/ninh-binh/site.yaml"
expect group-mismatch 41 "three.csv has 3 criteria; .*expert_a.csv has 2" "$bin" ahp "$d/expert_a.csv" "$d/three.csv"
expect bad-table 2 "unknown random-index table 'saaty1990'" "$bin" ahp --ri-table saaty1990 "$d/three.csv"
# Too many criteria: a clear matrix error naming the file, not an overflow
# of n * n reported as "out of memory".
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 -c "print(','.join(['']+['c%d' % i for i in range(150000)]))" >"$tmp/wide.csv"
expect too-many-criteria 41 "wide.csv:1: the first row must be an empty cell then 1 to [0-9]+ criterion names \(found 150000\)" "$bin" ahp "$tmp/wide.csv"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
