#!/bin/sh
# Writes the message template (.pot) of every _("…") and N_("…") in the sources
# to $1. lexer.l's rules section is not C, so only its code section is read.
set -e
out=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
awk 'n >= 2 { print } /^%%$/ { n++ }' grammar/lexer.l > "$tmp/lexer-code.c"
xgettext -L C --from-code=UTF-8 -k_ -kN_ --no-location --sort-output --package-name=dxp \
    -o "$out" src/*.c "$tmp/lexer-code.c" grammar/parser.y
