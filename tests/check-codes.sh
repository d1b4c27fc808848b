#!/bin/sh
# Every diagnostic code the sources can report has a section in
# docs/diagnostics.md, an entry in the catalogue src/codes.c and at least one
# end-to-end case tests/cases/CODE_*; nothing is documented that is not reported.
# Prints "codes: N passed, N failed".
set -u
passed=0; failed=0
codes=$(grep -ohE '"DXP[0-9]{3}"' src/*.c grammar/*.l grammar/*.y | tr -d '"' | sort -u)
for code in $codes; do
    ok=true
    grep -q "^## $code " docs/diagnostics.md || { ok=false; echo "codes: $code has no section in docs/diagnostics.md"; }
    ls tests/cases/"$code"_*.exit >/dev/null 2>&1 || { ok=false; echo "codes: $code has no case in tests/cases"; }
    grep -q "{ \"$code\"," src/codes.c || { ok=false; echo "codes: $code is not in the catalogue src/codes.c"; }
    if $ok; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
# and the catalogue lists no code that is never reported
for code in $(grep -oE '\{ "DXP[0-9]{3}"' src/codes.c | grep -oE 'DXP[0-9]{3}'); do
    echo "$codes" | grep -qx "$code" || { failed=$((failed + 1)); echo "codes: $code is in src/codes.c but never reported"; }
done
# and no section documents a code that no longer exists
for code in $(sed -n 's/^## \(DXP[0-9]*\) .*/\1/p' docs/diagnostics.md); do
    echo "$codes" | grep -qx "$code" || { failed=$((failed + 1)); echo "codes: $code is documented but never reported"; }
done
echo "codes: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
