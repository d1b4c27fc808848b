#!/bin/sh
# Installs the Debian packages dxp needs to build and test, when missing.
# Usage: tools/deps.sh PACKAGE...   (called by the Makefile)
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if command -v bison >/dev/null 2>&1; then
    v=$(bison --version | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p')
    case "$v" in 3.[89]*|3.1[0-9]*|[4-9].*) ;; *) missing="$missing bison" ;; esac
fi
[ -z "$missing" ] && exit 0
echo "dxp: installing missing build dependencies:$missing"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq $missing >/dev/null && exit 0
    echo "dxp: apt-get could not install:$missing" >&2
    exit 1
fi
echo "dxp: please install these Debian packages (bison must be 3.8 or newer):" >&2
echo "    sudo apt-get install$missing" >&2
exit 1
