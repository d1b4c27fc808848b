#!/bin/sh
# Runs the whole test suite; called by `make test` (DXP and BUILD set by make).
# Usage: tests/run.sh UNIT_TEST_BINARY...
# Ends with one line "N passed, N failed" and exits non-zero on any failure.
set -u
DXP=${DXP:-build/dxp}
BUILD=${BUILD:-build}
export DXP BUILD
# Messages in English whatever the developer's locale (Japanese is tested with --lang ja).
LC_ALL=C.UTF-8 LANG=C.UTF-8; export LC_ALL LANG; unset LANGUAGE
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# Runs a sub-suite that ends with "LABEL: N passed, N failed" and adds its counts.
suite() {
    label=$1; shift
    out=$("$@" 2>&1)
    printf '%s\n' "$out" | grep -v "^$label: [0-9]* passed, [0-9]* failed$" || true
    counts=$(printf '%s\n' "$out" | sed -n "s/^$label: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p")
    if [ -z "$counts" ]; then fail "$label did not report its counts"; return; fi
    passed=$((passed + ${counts% *})); failed=$((failed + ${counts#* }))
}

# 1. cmocka unit tests, one binary per module
for t in "$@"; do
    if out=$("$t" 2>&1); then pass; else fail "unit $(basename "$t")"; printf '%s\n' "$out" | tail -20; fi
done

# 2. end-to-end cases (tests/cases/NAME.{dxp,args,stdout,stderr,exit})
suite cases sh tests/run-cases.sh

# 3. hostile inputs: each must give a diagnostic and exit 1, never crash or hang
suite robustness sh tests/robustness.sh

# the fuzz corpus and every input that ever crashed dxp, through the harness
# (under ASan + UBSan when make test SANITIZE=1)
# replay HARNESS FILE...: each file through the harness, alone
replay() {
    harness=$1; shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        case "$f" in *.md) continue ;; esac
        if out=$(timeout 60 "$harness" "$f" 2>&1) && ! printf '%s' "$out" | grep -qE 'Sanitizer|runtime error'; then pass
        else fail "fuzz replay $f"; printf '%s\n' "$out" | tail -20; fi
    done
}
if [ -n "${REPLAY:-}" ]; then replay "$REPLAY" tests/fuzz/corpus/* tests/fuzz/regressions/*; fi
# and what editors send the language server
if [ -n "${REPLAY_LSP:-}" ]; then replay "$REPLAY_LSP" tests/fuzz/lsp-corpus/* tests/fuzz/lsp-regressions/*; fi

# 4. every diagnostic code is documented and has an end-to-end case
suite codes sh tests/check-codes.sh

# 5. dxp eval: JSON schema, -o, no crash on any input
suite eval-checks sh tests/eval-checks.sh

# a large file parsed in two halves prints what it prints in one piece
suite parallel-checks sh tests/parallel-checks.sh

# dxp lint: SARIF schema, JSON, no crash on any input
suite lint-checks sh tests/lint-checks.sh

# the HTML report in headless Chromium: every KPI, no request, no console error, escaping
suite html sh tests/html-check.sh

# the CI kit matches dxp's output
suite ci-kit sh tests/check-ci-kit.sh

# Japanese messages complete and working
suite i18n sh tests/check-i18n.sh

# 6. the complete examples of docs/language.md check clean
suite doc-examples sh tests/check-doc-examples.sh

# the language server, driven by a scripted LSP client
suite lsp timeout 120 python3 tests/lsp-test.py

# the editor packages: the TextMate grammar and VS Code manifest, Vim, Emacs
suite grammar python3 tests/editors/check-grammar.py
suite vim sh tests/editors/check-vim.sh
suite emacs sh tests/editors/check-emacs.sh

# the man page renders cleanly and documents every command and option
suite man sh tests/check-man.sh

# dxp fmt: fixed point, same meaning, the repository formatted, -w on the file system
suite fmt sh tests/fmt-checks.sh

# 7. every bundled example and the standard library check clean: exit 0, no output
for f in $(find examples -name '*.dxp' | sort) stdlib/*.dxp; do
    if out=$("$DXP" check --color=never "$f" 2>&1) && [ -z "$out" ]; then pass
    else fail "$f does not check clean"; printf '%s\n' "$out" | head -20; fi
done

# 8. the language brief's examples, when ../shared is present
if [ -x ../shared/tools/check-spec-examples ]; then
    if out=$(../shared/tools/check-spec-examples "$DXP" 2>&1); then pass
    else fail "LANGUAGE.md examples"; printf '%s\n' "$out" | tail -20; fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
