# checks.sh — sourced by the test scripts that end with the line tests/run.sh
# counts, "SUITE: N passed, N failed". Set SUITE before sourcing it.
set -u
DXP=${DXP:-build/dxp}
BUILD=${BUILD:-build}
passed=0; failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "$SUITE: $*"; }
# An empty directory for the suite's files, in $dir: $BUILD/SUITE.
work_dir() { dir="$BUILD/$SUITE"; rm -rf "$dir"; mkdir -p "$dir"; }
# The line tests/run.sh counts; the exit status says whether all passed.
finish() { echo "$SUITE: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; }
