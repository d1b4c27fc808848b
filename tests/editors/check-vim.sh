#!/bin/sh
# The Vim files load without an error in a bare Vim (vim -u NONE), detect
# .dxp files, set formatprg and the compiler, and highlight every form of
# tests/editors/forms.tsv as its category. Prints "vim: N passed, N failed".
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
grep -v '^#' tests/editors/forms.tsv | cut -f2 >"$tmp/forms.dxp"
grep -v '^#' tests/editors/forms.tsv | cut -f3 >"$tmp/tokens"
cat >"$tmp/check.vim" <<'VIM'
let s:out = [&filetype, &formatprg, &makeprg, get(b:, 'current_syntax', '')]
let s:tokens = readfile($TMPDIR_CHECK . '/tokens')
for s:i in range(len(s:tokens))
  let s:col = stridx(getline(s:i + 1), s:tokens[s:i]) + 1
  call add(s:out, synIDattr(synID(s:i + 1, s:col, 1), 'name'))
endfor
call writefile(s:out, $TMPDIR_CHECK . '/result')
VIM
TMPDIR_CHECK=$tmp LC_ALL=C.UTF-8 vim -u NONE -i NONE -N -es \
    --cmd 'set encoding=utf-8' --cmd 'set runtimepath^=editors/vim' \
    -c 'filetype plugin on' -c 'syntax on' -c "edit $tmp/forms.dxp" -c "source $tmp/check.vim" \
    -c 'qall!' >"$tmp/vim.out" 2>&1 </dev/null
rc=$?
if [ $rc -eq 0 ] && [ -s "$tmp/result" ]; then passed=$((passed + 1))
else failed=$((failed + 1)); echo "vim: vim -u NONE exited $rc: $(head -5 "$tmp/vim.out")"; fi
[ -s "$tmp/result" ] || { echo "vim: $passed passed, $((failed + 1)) failed"; exit 1; }

expect() {  # LINE-OF-RESULT EXPECTED WHAT
    got=$(sed -n "$1p" "$tmp/result")
    if [ "$got" = "$2" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "vim: $3: '$got', expected '$2'"; fi
}
expect 1 dxp "filetype of a .dxp file"
expect 2 "dxp fmt -" "formatprg"
expect 3 "dxp lint --format gcc --column-unit=byte --color=never %" "makeprg (compiler dxp)"
expect 4 dxp "b:current_syntax"
n=4
grep -v '^#' tests/editors/forms.tsv | while IFS='	' read -r category line token; do
    n=$((n + 1))
    case $category in
        declaration) group=dxpDeclaration ;; property) group=dxpProperty ;; control) group=dxpControl ;;
        boolean) group=dxpBoolean ;; state) group=dxpState ;; year) group=dxpYear ;; point) group=dxpPoint ;;
        number) group=dxpNumber ;; unit) group=dxpUnit ;; comment) group=dxpComment ;; string) group=dxpString ;;
    esac
    got=$(sed -n "${n}p" "$tmp/result")
    if [ "$got" = "$group" ]; then echo pass; else echo "vim: '$token' in '$line' is '$got', expected $group"; fi
done >"$tmp/forms.out"
passed=$((passed + $(grep -c '^pass$' "$tmp/forms.out")))
failed=$((failed + $(grep -vc '^pass$' "$tmp/forms.out")))
grep -v '^pass$' "$tmp/forms.out"
echo "vim: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
