#!/bin/sh
# Checks of `dxp lint` that golden files cannot express. Prints
# "lint-checks: N passed, N failed".
#  - SARIF output validates against the SARIF 2.1.0 schema (shared/schemas when
#    present: the project does not carry a copy of it);
#  - dxp's own JSON diagnostics parse, and several plans give one document
#    (lint and check alike); --compact gives the same JSON and SARIF on one
#    line;
#  - lint never crashes on any case input;
#  - findings hidden by --severity still use up their `# dxp: allow` when the
#    unused-suppression warning (DXP590) would be shown, and nothing is
#    shown under --severity error;
#  - findings hidden by --severity take no place under the limit of
#    diagnostics;
#  - a plan read from standard input (-) is <stdin> in SARIF and is linted
#    under the working directory's .dxplint.
SUITE=lint-checks
. "$(dirname "$0")/checks.sh"
work_dir
schema=../shared/schemas/sarif-schema-2.1.0.json
n=0
pairs=
for f in examples/miyagi-2021-2024/r6-actuals.dxp examples/miyagi-dx-2025-draft.dxp \
         tests/cases/DXP531_note_contradicts_status.dxp tests/cases/DXP303_unknown_name.dxp \
         tests/cases/DXP002_invalid_utf8.dxp tests/cases/DXP001_cannot_read.args; do
    n=$((n + 1))
    "$DXP" lint --format sarif "$f" > "$dir/lint-$n.sarif" 2>/dev/null
    "$DXP" lint --format json "$f" > "$dir/lint-$n.json" 2>/dev/null
    "$DXP" lint --format sarif --compact "$f" > "$dir/compact-$n.sarif.txt" 2>/dev/null
    "$DXP" lint --format json --compact "$f" > "$dir/compact-$n.json.txt" 2>/dev/null
    pairs="$pairs $dir/lint-$n.sarif $dir/compact-$n.sarif.txt $dir/lint-$n.json $dir/compact-$n.json.txt"
done
# shellcheck disable=SC2086
if out=$(python3 tests/same-json.py $pairs 2>&1); then pass
else fail "lint --compact is not the same JSON or SARIF on one line:"; printf '%s\n' "$out" | head -20; fi
# a plan read from standard input: SARIF names it <stdin> (percent-encoded,
# validated below), and the .dxplint of the working directory applies
"$DXP" lint --format sarif - < tests/cases/DXP531_note_contradicts_status.dxp > "$dir/lint-stdin.sarif" 2>/dev/null
grep -q '"uri": "%3Cstdin%3E"' "$dir/lint-stdin.sarif" && pass || fail "lint --format sarif -: no <stdin> artifact"
mkdir "$dir/stdin-config"
printf 'disable = DXP510\n' > "$dir/stdin-config/.dxplint"
dxp_path=$(cd "$(dirname "$DXP")" && pwd)/$(basename "$DXP")
falling='import "std"
plan p 「計画」 { period R3..R6 }
goal g "目標"
measure m "施策" { goal g }
kpi k 「テレワーク実施率」 { measure m  unit %  baseline 45.2% at R3.3  target { R6: 40% } }'
out=$(printf '%s\n' "$falling" | "$DXP" lint --color=never - 2>&1)
case "$out" in *DXP510*) pass ;; *) fail "lint -: the falling target was not reported: $out" ;; esac
out=$(cd "$dir/stdin-config" && printf '%s\n' "$falling" | "$dxp_path" lint --color=never - 2>&1)
case "$out" in *DXP510*) fail "lint -: the working directory's .dxplint was not applied: $out" ;; *) pass ;; esac
# several plans, of which one cannot be read: still one document, for lint and check
several="tests/cases/DXP531_note_contradicts_status.dxp tests/cases/DXP303_unknown_name.dxp
         tests/cases/DXP001_cannot_read.args examples/miyagi-dx-2025-draft.dxp"
for cmd in lint check; do
    # shellcheck disable=SC2086
    "$DXP" $cmd --format sarif $several > "$dir/lint-several-$cmd.sarif" 2>/dev/null
    # shellcheck disable=SC2086
    "$DXP" $cmd --format json $several > "$dir/lint-several-$cmd.json" 2>/dev/null
done
# a file name that is not UTF-8 (Linux allows any bytes): its bytes become
# U+FFFD in JSON and SARIF instead of the file and the message going missing
bad=$(printf '%s/bad\377name.dxp' "$dir")
cp tests/cases/DXP303_unknown_name.dxp "$bad"
"$DXP" lint --format json "$bad" "$(printf '%s/missing\376.dxp' "$dir")" > "$dir/lint-badname.json" 2>/dev/null
"$DXP" lint --format sarif "$bad" > "$dir/lint-badname.sarif" 2>/dev/null
if python3 - "$dir/lint-badname.json" <<'PY'
import json, sys
diags = json.load(open(sys.argv[1]))
assert any(d["file"] and d["file"].endswith("bad\ufffdname.dxp") for d in diags), diags
assert any("missing\ufffd.dxp" in d["message"] for d in diags if d["code"] == "DXP001"), diags
PY
then pass; else fail "lint --format json of a file name that is not UTF-8"; fi
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$dir/lint-several-check.json" 2>/dev/null)
[ "${n:-0}" -ge 2 ] && pass || fail "check --format json of several plans: not one array of their diagnostics ($n)"
if [ -f "$schema" ]; then
    if out=$(LABEL=sarif python3 tests/validate-json.py "$schema" "$dir"/lint-*.sarif 2>&1); then pass
    else fail "SARIF does not validate:"; printf '%s\n' "$out" | head -20; fi
else
    echo "lint-checks: $schema not found: SARIF schema validation skipped"
fi
if python3 -c 'import json,sys; [json.load(open(f)) for f in sys.argv[1:]]' "$dir"/lint-*.json; then pass
else fail "lint --format json does not parse"; fi
# A note (DXP505, a baseline without its time point) silenced by an allow:
# hidden by --severity warning, but the allow is used, so no DXP590.
cat > "$dir/allow.dxp" <<'EOF'
import "std"
plan 計画 「計画」 { period R3..R6 }
goal 県民 "県民サービスの向上"
measure 企2 "オープンデータ" { goal 県民 }
# dxp: allow DXP505
kpi 公開数 「公開数」 { measure 企2  unit 件  baseline 1  target { R6: 5 } }
EOF
out=$("$DXP" lint --color=never --severity warning "$dir/allow.dxp" 2>&1)
[ -z "$out" ] && pass || fail "lint --severity warning: a used allow was reported: $out"
out=$("$DXP" lint --color=never --severity note "$dir/allow.dxp" 2>&1)
[ -z "$out" ] && pass || fail "lint --severity note: $out"
sed 's/^# dxp: allow DXP505$/# dxp: allow DXP510/' "$dir/allow.dxp" > "$dir/unused.dxp"
"$DXP" lint --color=never --severity warning "$dir/unused.dxp" 2>&1 | grep -q DXP590 && pass ||
    fail "lint --severity warning: an unused allow was not reported"
out=$("$DXP" lint --color=never --severity error "$dir/unused.dxp" 2>&1)
[ -z "$out" ] && pass || fail "lint --severity error showed: $out"
# 1,500 notes (DXP505): past the limit of 1,000 diagnostics when shown, and
# when --severity warning hides them, nothing at all, not even a count.
{
    printf 'import "std"\nplan p 「計画」 { period R3..R6 }\ngoal g "目標"\nmeasure m "施策" { goal g }\n'
    i=0
    while [ $i -lt 1500 ]; do
        printf 'kpi k%d 「指標%d」 { measure m  unit 件  baseline %d  target { R6: 9999 } }\n' $i $i $i
        i=$((i + 1))
    done
} > "$dir/notes.dxp"
"$DXP" lint --color=never "$dir/notes.dxp" 2>&1 | tail -1 |
    grep -qx 'dxp: note: 500 more diagnostics not shown (limit 1000)' && pass ||
    fail "lint of 1,500 notes: not the count past the limit"
out=$("$DXP" lint --color=never --severity warning "$dir/notes.dxp" 2>&1)
[ -z "$out" ] && pass || fail "lint --severity warning of 1,500 notes printed: $(printf '%s' "$out" | head -2)"
# 1,100 warnings (DXP510: targets below the baseline), hidden by --severity
# error: they are no warnings for --max-warnings either.
{
    printf 'import "std"\nplan p 「計画」 { period R3..R6 }\ngoal g "目標"\nmeasure m "施策" { goal g }\n'
    i=0
    while [ $i -lt 1100 ]; do
        printf 'kpi w%d 「指標%d」 { measure m  unit 件  baseline 500 at R2.12  target { R6: 100 } }\n' $i $i
        i=$((i + 1))
    done
} > "$dir/warnings.dxp"
out=$("$DXP" lint --color=never --severity error --max-warnings 0 "$dir/warnings.dxp" 2>&1); code=$?
[ "$code" = 0 ] && [ -z "$out" ] && pass ||
    fail "lint --severity error --max-warnings 0 of hidden warnings: exit $code, $(printf '%s' "$out" | tail -1)"
"$DXP" lint --color=never --max-warnings 0 "$dir/warnings.dxp" > /dev/null 2>&1
[ $? = 1 ] && pass || fail "lint --max-warnings 0 of 1,100 warnings did not fail"
for f in tests/cases/*.dxp; do
    timeout 30 "$DXP" lint --color=never "$f" > /dev/null 2> "$dir/err"
    code=$?
    if [ "$code" -gt 2 ] || grep -qE 'Sanitizer|runtime error' "$dir/err"; then fail "lint $f: exit $code"; head -5 "$dir/err"
    else pass; fi
done
finish
