#!/bin/sh
# The man page docs/dxp.1 renders without a warning, and documents every
# command and every option that `dxp --help` lists. Prints "man: N passed, N failed".
set -u
DXP=${DXP:-build/dxp}
passed=0; failed=0
warnings=$(groff -k -man -Tutf8 -ww -z docs/dxp.1 2>&1)
if [ -z "$warnings" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "man: groff: $warnings"; fi
# rendered on long lines, so that nothing is hyphenated
page=$(groff -k -man -Tutf8 -rLL=300n -P-cbou docs/dxp.1 2>/dev/null)
help=$("$DXP" --lang en --help)
for word in $(printf '%s\n' "$help" | grep -oE '(^  [a-z]+ )|--[a-z-]+|(^  -[a-z])' | tr -d ' ' | sort -u); do
    if printf '%s\n' "$page" | grep -qe "$word"; then passed=$((passed + 1))
    else failed=$((failed + 1)); echo "man: '$word' is in dxp --help but not in docs/dxp.1"; fi
done
echo "man: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
