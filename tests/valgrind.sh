#!/bin/sh
# Runs dxp under Valgrind (memcheck, full leak check) on every example and
# end-to-end case input; any error or leak fails. Prints "valgrind: N passed, N failed".
set -u
DXP=${DXP:-build/dxp}
command -v valgrind >/dev/null || { echo "valgrind: not installed (apt-get install valgrind)"; exit 1; }
passed=0; failed=0
for f in $(find examples -name '*.dxp' | sort) tests/cases/*.dxp; do
    if valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 \
           "$DXP" check --color=never "$f" >/dev/null 2>"${TMPDIR:-/tmp}/dxp-vg.$$"; [ $? -ne 99 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); echo "valgrind: $f"; grep '==' "${TMPDIR:-/tmp}/dxp-vg.$$" | head -20
    fi
done
rm -f "${TMPDIR:-/tmp}/dxp-vg.$$"
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
