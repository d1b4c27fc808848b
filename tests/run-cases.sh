#!/bin/sh
# End-to-end cases: for every tests/cases/NAME.exit, runs
#   dxp $(cat NAME.args)            (default: check --color=never NAME.dxp)
# inside tests/cases, with NAME.stdin as standard input (absent: empty),
# and compares stdout, stderr and the exit code with
# NAME.stdout (absent: empty), NAME.stderr (absent: empty) and NAME.exit.
# With --update, writes the expected files from the current output instead
# (review the diff before committing: golden files are code).
set -u
DXP=${DXP:-build/dxp}
case "$DXP" in /*) ;; *) DXP="$(pwd)/$DXP" ;; esac
update=false
[ "${1:-}" = "--update" ] && update=true
cd tests/cases || exit 2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
for exitfile in *.exit; do
    [ -e "$exitfile" ] || continue
    name=${exitfile%.exit}
    if [ -f "$name.args" ]; then args=$(cat "$name.args"); else args="check --color=never $name.dxp"; fi
    input=/dev/null; [ -f "$name.stdin" ] && input="$name.stdin"
    # shellcheck disable=SC2086
    "$DXP" $args >"$tmp/out" 2>"$tmp/err" <"$input"
    code=$?
    if $update; then
        echo "$code" >"$name.exit"
        if [ -s "$tmp/out" ]; then cp "$tmp/out" "$name.stdout"; else rm -f "$name.stdout"; fi
        if [ -s "$tmp/err" ]; then cp "$tmp/err" "$name.stderr"; else rm -f "$name.stderr"; fi
        continue
    fi
    ok=true
    [ "$code" = "$(cat "$exitfile")" ] || { ok=false; echo "case $name: exit $code, expected $(cat "$exitfile")"; }
    for stream in stdout stderr; do
        short=out; [ "$stream" = stderr ] && short=err
        if [ -f "$name.$stream" ]; then expected="$name.$stream"; else expected=/dev/null; fi
        if ! cmp -s "$expected" "$tmp/$short"; then
            ok=false
            echo "case $name: $stream differs:"
            diff -u "$expected" "$tmp/$short" | head -30
        fi
    done
    if $ok; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
$update && echo "cases: expected files written; review them with git diff" && exit 0
echo "cases: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
