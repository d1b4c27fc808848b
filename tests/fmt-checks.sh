#!/bin/sh
# dxp fmt's promises, checked on every plan file in the repository and on the
# file system:
#   - formatting is a fixed point: fmt(fmt(x)) = fmt(x), and --check accepts it;
#   - the formatted plan means the same: `dxp check` reports the same codes;
#   - the shipped examples and the standard library are formatted;
#   - fmt -w rewrites atomically through symbolic links, keeps the file mode,
#     leaves formatted files and files with syntax errors untouched, and leaves
#     no temporary file behind, even when the write fails.
# Prints "fmt: N passed, N failed".
set -u
DXP=${DXP:-build/dxp}
case "$DXP" in /*) ;; *) DXP="$(pwd)/$DXP" ;; esac
tmp=$(mktemp -d); trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
passed=0; failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "fmt: $*"; }

codes() { "$DXP" check --format gcc "$1" 2>&1 | grep -oE '\[DXP[0-9]+\]' | tr '\n' ' '; }

for f in $(find examples stdlib tests/cases tests/fuzz/corpus -name '*.dxp' | sort); do
    "$DXP" fmt "$f" >"$tmp/once.dxp" 2>/dev/null || continue   # does not parse: never formatted
    "$DXP" fmt - <"$tmp/once.dxp" >"$tmp/twice.dxp" 2>/dev/null
    if cmp -s "$tmp/once.dxp" "$tmp/twice.dxp"; then ok; else bad "$f: not a fixed point"; diff "$tmp/once.dxp" "$tmp/twice.dxp" | head -10; fi
    if "$DXP" fmt --check "$tmp/once.dxp" >/dev/null; then ok; else bad "$f: --check rejects the formatted text"; fi
    # same meaning: the same findings, in a file beside the original (imports)
    case "$f" in tests/fuzz/*) continue ;; esac
    copy="$(dirname "$f")/.fmt-check-$$.dxp"
    cp "$tmp/once.dxp" "$copy"
    a=$(codes "$f"); b=$(codes "$copy")
    rm -f "$copy"
    if [ "$a" = "$b" ]; then ok; else bad "$f: check reports '$a' before and '$b' after formatting"; fi
done

# the repository's own plans are formatted
if out=$("$DXP" fmt --check $(find examples stdlib -name '*.dxp' | sort)); then ok; else bad "not formatted (run dxp fmt -w): $out"; fi

# -w through a symbolic link, keeping the mode
cp tests/cases/fmt_layout.dxp "$tmp/plan.dxp"
chmod 640 "$tmp/plan.dxp"
ln -s plan.dxp "$tmp/link.dxp"
if "$DXP" fmt -w "$tmp/link.dxp" && [ -L "$tmp/link.dxp" ] && cmp -s "$tmp/plan.dxp" tests/cases/fmt_layout.stdout; then ok
else bad "-w through a symbolic link"; fi
if [ "$(stat -c %a "$tmp/plan.dxp")" = 640 ]; then ok; else bad "-w changed the mode to $(stat -c %a "$tmp/plan.dxp")"; fi

# a formatted file is not rewritten (same inode, same time)
before=$(stat -c '%i %Y' "$tmp/plan.dxp")
sleep 1
if "$DXP" fmt -w "$tmp/plan.dxp" && [ "$(stat -c '%i %Y' "$tmp/plan.dxp")" = "$before" ]; then ok
else bad "-w rewrote a formatted file"; fi

# a file with a syntax error is left as it is
cp tests/cases/fmt_syntax_error.dxp "$tmp/broken.dxp"
"$DXP" fmt -w "$tmp/broken.dxp" 2>/dev/null
if [ $? -eq 1 ] && cmp -s "$tmp/broken.dxp" tests/cases/fmt_syntax_error.dxp; then ok; else bad "-w touched a file that does not parse"; fi

# a write that fails (file size limit, as on a full disk) leaves the plan whole
cp tests/cases/fmt_layout.dxp "$tmp/full.dxp"
# shellcheck disable=SC2016
err=$(sh -c 'trap "" XFSZ; ulimit -f 0; exec "$0" fmt -w "$1"' "$DXP" "$tmp/full.dxp" 2>&1)
rc=$?
if [ $rc -eq 2 ] && cmp -s "$tmp/full.dxp" tests/cases/fmt_layout.dxp && printf '%s' "$err" | grep -q DXP603; then ok
else bad "failed write: exit $rc, '$err'"; fi

# several files at once; no temporary file is ever left behind
cp tests/cases/fmt_layout.dxp "$tmp/a.dxp"; cp tests/cases/fmt_bom_crlf.dxp "$tmp/b.dxp"
if "$DXP" fmt -w "$tmp/a.dxp" "$tmp/b.dxp" && "$DXP" fmt --check "$tmp/a.dxp" "$tmp/b.dxp" >/dev/null; then ok
else bad "-w on several files"; fi
# a CRLF file in the canonical layout is left as it is (its lines keep CRLF)
cp tests/cases/fmt_bom_crlf.stdout "$tmp/crlf.dxp"
if "$DXP" fmt --check "$tmp/crlf.dxp" >/dev/null && "$DXP" fmt -w "$tmp/crlf.dxp" &&
   cmp -s "$tmp/crlf.dxp" tests/cases/fmt_bom_crlf.stdout; then ok
else bad "a formatted CRLF file is not left as it is"; fi
left=$(find "$tmp" -name '*.dxp.*' | wc -l)
if [ "$left" -eq 0 ]; then ok; else bad "$left temporary files left behind"; fi

echo "fmt: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
