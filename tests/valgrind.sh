#!/bin/sh
# Runs dxp under Valgrind (memcheck, full leak check): check on every example
# and end-to-end case input, eval in every format on the plans that check,
# lint, fmt and a language-server session; any error or leak fails. Prints "valgrind: N passed, N failed".
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
# eval, in every format, on the plans that check
for f in examples/miyagi-2021-2024/r6-actuals.dxp examples/miyagi-dx-2025-draft.dxp tests/cases/rules_*.dxp; do
    for fmt in text md csv json; do
        if valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 \
               "$DXP" eval --year R6 --format "$fmt" "$f" >/dev/null 2>"${TMPDIR:-/tmp}/dxp-vg.$$"; [ $? -ne 99 ]; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1)); echo "valgrind: eval $fmt $f"; grep '==' "${TMPDIR:-/tmp}/dxp-vg.$$" | head -20
        fi
    done
done
# lint, in every diagnostic format, on the examples and the lint cases
for f in examples/miyagi-2021-2024/r6-actuals.dxp examples/miyagi-dx-2025-draft.dxp tests/cases/DXP5*.dxp; do
    for fmt in text json sarif; do
        if valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 \
               "$DXP" lint --lang ja --format "$fmt" "$f" >/dev/null 2>"${TMPDIR:-/tmp}/dxp-vg.$$"; [ $? -ne 99 ]; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1)); echo "valgrind: lint $fmt $f"; grep '==' "${TMPDIR:-/tmp}/dxp-vg.$$" | head -20
        fi
    done
done
# fmt on every example, and the language server through a whole scripted session
for f in $(find examples -name '*.dxp' | sort) tests/cases/fmt_layout.dxp tests/cases/fmt_syntax_error.dxp; do
    if valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 \
           "$DXP" fmt --diff "$f" >/dev/null 2>"${TMPDIR:-/tmp}/dxp-vg.$$"; [ $? -ne 99 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); echo "valgrind: fmt $f"; grep '==' "${TMPDIR:-/tmp}/dxp-vg.$$" | head -20
    fi
done
if DXP_WRAPPER="valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99" \
       python3 tests/lsp-test.py >"${TMPDIR:-/tmp}/dxp-vg.$$" 2>&1; then
    passed=$((passed + 1))
else
    failed=$((failed + 1)); echo "valgrind: dxp lsp"; head -20 "${TMPDIR:-/tmp}/dxp-vg.$$"
fi
rm -f "${TMPDIR:-/tmp}/dxp-vg.$$"
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
