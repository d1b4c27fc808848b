#!/bin/sh
# Hostile inputs that are generated rather than committed: each must end with
# exit status 1 and a DXP diagnostic (for a limit, its own) — no crash, no
# sanitizer report, no hang.
set -u
DXP=${DXP:-build/dxp}
BUILD=${BUILD:-build}
dir="$BUILD/test-inputs"
mkdir -p "$dir"
python3 tests/gen-hostile.py "$dir" || { echo "robustness: 0 passed, 1 failed"; exit 1; }
passed=0; failed=0
for f in "$dir"/*.dxp; do
    case $(basename "$f") in
        many-base-units.dxp) want='more than 65535 base units are declared \[DXP410\]' ;;
        *) want='DXP[0-9]' ;;
    esac
    timeout 60 "$DXP" check --color=never "$f" >/dev/null 2>"$dir/err"
    code=$?
    if [ "$code" -eq 1 ] && grep -q "$want" "$dir/err" &&
       ! grep -qE 'Sanitizer|runtime error' "$dir/err"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "robustness: $(basename "$f"): exit $code"; head -c 2000 "$dir/err"; echo
    fi
done
# A file over the 1 GiB limit (sparse: it takes no disk space) is refused with
# DXP001 and exit status 2, without reading it all.
truncate -s 1100M "$dir/over-1gib.plan"
timeout 60 "$DXP" check --color=never "$dir/over-1gib.plan" >/dev/null 2>"$dir/err"
code=$?
if [ "$code" -eq 2 ] && grep -q 'larger than 1 GiB.*DXP001' "$dir/err"; then passed=$((passed + 1))
else failed=$((failed + 1)); echo "robustness: over-1gib.plan: exit $code"; head -c 500 "$dir/err"; fi
# the same through standard input (dxp fmt -, as editors call it): refused, not cut short
timeout 60 "$DXP" fmt - <"$dir/over-1gib.plan" >"$dir/out" 2>"$dir/err"
code=$?
if [ "$code" -eq 2 ] && [ ! -s "$dir/out" ] && grep -q 'standard input: file is larger than 1 GiB.*DXP001' "$dir/err"
then passed=$((passed + 1))
else failed=$((failed + 1)); echo "robustness: fmt - < over-1gib.plan: exit $code"; head -c 500 "$dir/err"; fi
rm -f "$dir/over-1gib.plan" "$dir/out"
echo "robustness: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
