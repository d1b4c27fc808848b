#!/bin/sh
# Japanese messages are complete: every diagnostic is marked for translation,
# every message the sources mark has a Japanese translation in po/ja.po (none
# missing, none fuzzy), and the catalogue passes msgfmt's format checks. Then dxp really
# speaks Japanese with --lang ja and with LANG=ja_JP.UTF-8.
# Prints "i18n: N passed, N failed".
SUITE=i18n
. "$(dirname "$0")/checks.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sh tools/extract-messages.sh "$tmp/dxp.pot"
if out=$(msgcmp po/ja.po "$tmp/dxp.pot" 2>&1); then pass
else fail "messages missing from po/ja.po (run make po):"; printf '%s\n' "$out" | head -20; fi
# A finding or diagnostic written with a bare string literal would never be
# translated: every message goes through _().
bare=$(grep -nE '(finding\(l|dxp_error\(|dxp_warning\(|dxp_diag_add\()[^;]*"DXP[0-9]+",[^;]*, "' \
       src/*.c grammar/*.y grammar/*.l | grep -v '_("')
[ -z "$bare" ] && pass || { fail "messages without _():"; printf '%s\n' "$bare" | head -10; }
stats=$(msgfmt -c --statistics -o /dev/null po/ja.po 2>&1)
case "$stats" in
    *untranslated*|*fuzzy*|*error*) fail "po/ja.po: $stats" ;;
    *) pass ;;
esac
out=$("$DXP" check --lang ja --color=never tests/cases/DXP303_unknown_name.dxp 2>&1)
case "$out" in *"不明な goal '県明'"*"'県民' のことですか？"*) pass ;; *) fail "--lang ja does not give Japanese messages: $out" ;; esac
out=$(LANG=ja_JP.UTF-8 LC_ALL= "$DXP" check --color=never tests/cases/DXP303_unknown_name.dxp 2>&1)
case "$out" in *"不明な goal"*) pass ;; *) fail "LANG=ja_JP.UTF-8 does not give Japanese messages: $out" ;; esac
out=$(LANG=ja_JP.UTF-8 "$DXP" check --lang en --color=never tests/cases/DXP303_unknown_name.dxp 2>&1)
case "$out" in *"unknown goal"*) pass ;; *) fail "--lang en does not force English: $out" ;; esac
finish
