#!/bin/sh
# Runs dxp under Valgrind (memcheck, full leak check): check on every example
# and end-to-end case input, eval in every format on the plans that check,
# lint, fmt and a language-server session; any error or leak fails. Then
# Helgrind on a plan large enough for dxp's threads; any race fails.
# Prints "valgrind: N passed, N failed".
set -u
DXP=${DXP:-build/dxp}
command -v valgrind >/dev/null || { echo "valgrind: not installed (apt-get install valgrind)"; exit 1; }
VALGRIND="valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99"
log="${TMPDIR:-/tmp}/dxp-vg.$$"
passed=0; failed=0

# under TOOL NAME LABEL ARGS...: runs dxp ARGS under the Valgrind command TOOL
# (NAME in the report); exit status 99 means it found something
under() {
    tool=$1; name=$2; label=$3; shift 3
    # shellcheck disable=SC2086
    if $tool "$DXP" "$@" >/dev/null 2>"$log"; [ $? -ne 99 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); echo "$name: $label"; grep '==' "$log" | head -30
    fi
}
# vg LABEL ARGS...: under memcheck
vg() { under "$VALGRIND" valgrind "$@"; }

for f in $(find examples -name '*.dxp' | sort) tests/cases/*.dxp; do
    vg "$f" check --color=never "$f"
done
# plans read from standard input (their imports are then not found: the
# working directory is the repository's)
for f in tests/cases/*.stdin; do
    vg "lint - < $f" lint --color=never - < "$f"
done
# eval, in every format, on the plans that check
for f in examples/miyagi-2021-2024/r6-actuals.dxp examples/miyagi-dx-2025-draft.dxp tests/cases/rules_*.dxp; do
    for fmt in text md csv json; do vg "eval $fmt $f" eval --year R6 --format "$fmt" "$f"; done
done
# lint, in every diagnostic format, on the examples and the lint cases
for f in examples/miyagi-2021-2024/r6-actuals.dxp examples/miyagi-dx-2025-draft.dxp tests/cases/DXP5*.dxp; do
    for fmt in text json sarif; do vg "lint $fmt $f" lint --lang ja --format "$fmt" "$f"; done
done
# lint of many plans at once (each in a sink of its own, absorbed in order),
# with a .dxplint that has mistakes
vg "lint of many plans" lint --format sarif examples/miyagi-dx-2025-draft.dxp tests/cases/DXP5*.dxp \
   tests/cases/configwords/*/*.dxp tests/cases/badconfig/plan.dxp
# fmt on every example, and the language server through a whole scripted session
for f in $(find examples -name '*.dxp' | sort) tests/cases/fmt_layout.dxp tests/cases/fmt_syntax_error.dxp; do
    vg "fmt $f" fmt --diff "$f"
done
if DXP_WRAPPER="$VALGRIND" python3 tests/lsp-test.py >"$log" 2>&1; then
    passed=$((passed + 1))
else
    failed=$((failed + 1)); echo "valgrind: dxp lsp"; head -20 "$log"
fi
# The threads: a plan large enough for every two-thread path (reading,
# parsing, resolving, checking and evaluating in halves, rendering the report
# ahead, writing it behind) under Helgrind, which reports data races and
# misused locks. DXP_THREADS=2 uses them on a machine of one processor too.
plan="${TMPDIR:-/tmp}/dxp-hg.$$.dxp"
report="${TMPDIR:-/tmp}/dxp-hg.$$.out"
HELGRIND="valgrind -q --tool=helgrind --suppressions=tests/helgrind.supp --error-exitcode=99"
python3 bench/gen.py 5000 "$plan" >/dev/null
export DXP_THREADS=2
# hg LABEL ARGS...: under Helgrind
hg() { under "$HELGRIND" helgrind "$@"; }
hg "check (threads)" check "$plan"
hg "lint (threads)" lint --format json "$plan"
hg "lint of many plans (threads)" lint --format json "$plan" tests/cases/DXP5*.dxp "$plan"
for fmt in json html; do hg "eval $fmt -o (threads)" eval --year R3..R6 --format "$fmt" -o "$report" "$plan"; done
rm -f "$log" "$plan" "$report"
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
