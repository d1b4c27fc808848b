#!/bin/sh
# Every ```dxp block of docs/language.md and README.md must check clean (```dxp-fragment
# blocks are skipped). Prints "doc-examples: N passed, N failed".
set -u
DXP=${DXP:-build/dxp}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
awk -v dir="$tmp" '
  /^```dxp[ \t]*$/ { n++; f = sprintf("%s/example-%02d.dxp", dir, n); inblk = 1; next }
  /^```/ { inblk = 0; next }
  inblk { print > f }
' docs/language.md README.md
passed=0; failed=0
for f in "$tmp"/example-*.dxp; do
    [ -e "$f" ] || continue
    if out=$("$DXP" check --color=never "$f" 2>&1) && [ -z "$out" ]; then passed=$((passed + 1))
    else failed=$((failed + 1)); echo "doc example $(basename "$f" .dxp) does not check:"; printf '%s\n' "$out" | head -20; fi
done
echo "doc-examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
