#!/bin/sh
# Runs the whole test suite; called by `make test` (DXP and BUILD set by make).
# Usage: tests/run.sh UNIT_TEST_BINARY...
# Ends with one line "N passed, N failed" and exits non-zero on any failure.
set -u
DXP=${DXP:-build/dxp}
BUILD=${BUILD:-build}
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# 1. cmocka unit tests, one binary per module
for t in "$@"; do
    if out=$("$t" 2>&1); then pass; else fail "unit $(basename "$t")"; printf '%s\n' "$out" | tail -20; fi
done

# 2. end-to-end cases (tests/cases/NAME.{dxp,args,stdout,stderr,exit})
out=$(DXP="$DXP" sh tests/run-cases.sh 2>&1); rc=$?
printf '%s\n' "$out" | grep -v '^cases:' || true
n_pass=$(printf '%s\n' "$out" | sed -n 's/^cases: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
n_fail=$(printf '%s\n' "$out" | sed -n 's/^cases: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
passed=$((passed + ${n_pass:-0})); failed=$((failed + ${n_fail:-0}))
[ "$rc" -eq 0 ] || [ "${n_fail:-0}" -gt 0 ] || fail "case runner exited $rc"

# 3. hostile inputs: each must give a diagnostic and exit 1, never crash or hang
out=$(DXP="$DXP" BUILD="$BUILD" sh tests/robustness.sh 2>&1); rc=$?
printf '%s\n' "$out" | grep -v '^robustness:' || true
n_pass=$(printf '%s\n' "$out" | sed -n 's/^robustness: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
n_fail=$(printf '%s\n' "$out" | sed -n 's/^robustness: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
passed=$((passed + ${n_pass:-0})); failed=$((failed + ${n_fail:-0}))
[ "$rc" -eq 0 ] || [ "${n_fail:-0}" -gt 0 ] || fail "robustness runner exited $rc"

# 4. every bundled example checks clean: exit 0 and no diagnostics at all
for f in $(find examples -name '*.dxp' | sort); do
    if out=$("$DXP" check --color=never "$f" 2>&1) && [ -z "$out" ]; then pass
    else fail "example $f does not check clean"; printf '%s\n' "$out" | head -20; fi
done

# 5. the standard library checks clean on its own
for f in stdlib/*.dxp; do
    if out=$("$DXP" check --color=never "$f" 2>&1) && [ -z "$out" ]; then pass
    else fail "stdlib $f does not check clean"; printf '%s\n' "$out" | head -20; fi
done

# 6. the language brief's examples, when ../shared is present
if [ -x ../shared/tools/check-spec-examples ]; then
    if out=$(../shared/tools/check-spec-examples "$DXP" 2>&1); then pass
    else fail "LANGUAGE.md examples"; printf '%s\n' "$out" | tail -20; fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
