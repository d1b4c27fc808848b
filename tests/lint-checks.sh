#!/bin/sh
# Checks of `dxp lint` that golden files cannot express. Prints
# "lint-checks: N passed, N failed".
#  - SARIF output validates against the SARIF 2.1.0 schema (shared/schemas when
#    present: the project does not carry a copy of it);
#  - dxp's own JSON diagnostics parse;
#  - lint never crashes on any case input;
#  - findings hidden by --severity still use up their `# dxp: allow` when the
#    unused-suppression warning (DXP590) would be shown, and nothing is
#    shown under --severity error.
SUITE=lint-checks
. "$(dirname "$0")/checks.sh"
work_dir
schema=../shared/schemas/sarif-schema-2.1.0.json
n=0
for f in examples/miyagi-2021-2024/r6-actuals.dxp examples/miyagi-dx-2025-draft.dxp \
         tests/cases/DXP531_note_contradicts_status.dxp tests/cases/DXP303_unknown_name.dxp \
         tests/cases/DXP002_invalid_utf8.dxp tests/cases/DXP001_cannot_read.args; do
    n=$((n + 1))
    "$DXP" lint --format sarif "$f" > "$dir/lint-$n.sarif" 2>/dev/null
    "$DXP" lint --format json "$f" > "$dir/lint-$n.json" 2>/dev/null
done
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
for f in tests/cases/*.dxp; do
    timeout 30 "$DXP" lint --color=never "$f" > /dev/null 2> "$dir/err"
    code=$?
    if [ "$code" -gt 2 ] || grep -qE 'Sanitizer|runtime error' "$dir/err"; then fail "lint $f: exit $code"; head -5 "$dir/err"
    else pass; fi
done
finish
