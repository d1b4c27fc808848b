#!/bin/sh
# The Emacs mode byte-compiles without a warning and highlights every form of
# tests/editors/forms.tsv as its category; indentation, M-x compile and
# dxp-format-buffer work. Prints "emacs: N passed, N failed".
set -u
DXP=${DXP:-build/dxp}
case "$DXP" in /*) ;; *) DXP="$(pwd)/$DXP" ;; esac
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp editors/emacs/dxp-mode.el "$tmp/"
passed=0; failed=0
out=$(emacs -Q --batch --eval '(setq byte-compile-error-on-warn t)' -f batch-byte-compile "$tmp/dxp-mode.el" 2>&1)
if [ $? -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "emacs: byte-compile: $out"; fi
mkdir -p "$tmp/bin"; ln -s "$DXP" "$tmp/bin/dxp"
PATH="$tmp/bin:$PATH" LC_ALL=C.UTF-8 emacs -Q --batch -L "$tmp" -l tests/editors/check-emacs.el >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || { failed=$((failed + 1)); echo "emacs: exited $rc: $(tail -3 "$tmp/err")"; }
passed=$((passed + $(grep -c '^pass$' "$tmp/out")))
failed=$((failed + $(grep -c '^fail' "$tmp/out")))
grep '^fail' "$tmp/out" | sed 's/^/emacs: /'
echo "emacs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
