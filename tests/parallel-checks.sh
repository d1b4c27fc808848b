#!/bin/sh
# A file of 1 MiB or more is parsed in two halves by two threads
# (DXP_THREADS_MIN_BYTES in threads.h). Every command must print exactly what
# it prints with DXP_THREADS=1 (one piece): on a clean generated plan of
# 10,000 KPIs, on a copy with falling targets in the second half (lint
# findings from a tree built in halves), and on copies with a syntax error,
# an unknown name and a bad unit in the second half (where the halves are
# refused and the file is parsed again in one piece). The halves are parsed without lookahead
# correction, which lists fewer expected tokens for the second syntax error
# (lac.dxp): only the parse in one piece may report it. Two more copies have
# mistakes all through (units.dxp, over the limit of 1,000 diagnostics, and
# directions.dxp): the series are folded and checked in two halves, whose
# diagnostics must come out as from one. A lint of seven of these plans at once
# (two threads, a plan each at a time) must come out as on one thread. Prints
# "parallel-checks: N passed, N failed".
SUITE=parallel-checks
. "$(dirname "$0")/checks.sh"
work_dir

python3 bench/gen.py 10000 "$dir/clean.dxp" || { echo "parallel-checks: cannot generate a plan"; exit 1; }
lines=$(wc -l < "$dir/clean.dxp")
late=$((lines * 5 / 8))   # in the second half, among the KPIs (actuals follow them)
# the first `unit` or `measure` line after line `late`, turned into a mistake
mistake() {   # PATTERN REPLACEMENT OUT
    awk -v late="$late" -v pat="$1" -v rep="$2" \
        'NR >= late && !done && index($0, pat) == 1 { $0 = rep; done = 1 } { print }' "$dir/clean.dxp" > "$3"
}
mistake "  unit " "  unit { 件" "$dir/syntax.dxp"
mistake "  measure " "  measure 施策ない" "$dir/unknown.dxp"
mistake "  unit " "  unit 未知の単位" "$dir/unit.dxp"
mistake "  target " "  target { R3: 35 件 ( }" "$dir/lac.dxp"
mistake "  target " "  target { R3: 900  R4: 800  R5: 700  R6: 600 }" "$dir/falling.dxp"
# mistakes all through the file, found while the series are folded and checked
# in two halves (dxp_program_each_series): over the limit of 1,000, and a few
sed 's/^  unit .*/  unit 未知の単位/' "$dir/clean.dxp" > "$dir/units.dxp"
awk 'NR % 97 == 0 && index($0, "  measure ") == 1 { print "  direction sideways" } { print }' "$dir/clean.dxp" > "$dir/directions.dxp"
for plan in clean falling syntax unknown unit lac units directions; do
    f="$dir/$plan.dxp"
    [ "$(wc -c < "$f")" -gt 1048576 ] || { fail "$plan.dxp is smaller than 1 MiB: the halves are not tried"; continue; }
    for cmd in "check" "lint --format json" "eval --year R3..R6 --format json" "fmt"; do
        name=$(printf '%s' "$cmd" | cut -d' ' -f1)
        # shellcheck disable=SC2086
        DXP_THREADS=1 "$DXP" $cmd "$f" > "$dir/$plan.$name.one" 2>&1; one=$?
        # shellcheck disable=SC2086
        DXP_THREADS=2 "$DXP" $cmd "$f" > "$dir/$plan.$name.two" 2>&1; two=$?
        if [ "$one" = "$two" ] && cmp -s "$dir/$plan.$name.one" "$dir/$plan.$name.two"; then pass
        else fail "$plan.dxp: dxp $cmd differs between one piece (exit $one) and halves (exit $two)"; fi
    done
done
# Several plans in one lint run are linted by two threads, each taking the
# next plan nobody has taken: the report must be that of one thread, in the
# order of the files, each plan under its own .dxplint, the limit of 1,000
# diagnostics counted over the whole run.
mkdir -p "$dir/quiet"
printf 'disable = DXP511\n' > "$dir/quiet/.dxplint"
cp "$dir/falling.dxp" "$dir/quiet/falling.dxp"
set -- "$dir/falling.dxp" "$dir/quiet/falling.dxp" "$dir/clean.dxp" "$dir/directions.dxp" "$dir/units.dxp" \
       "$dir/syntax.dxp" "$dir/falling.dxp"
for format in text sarif; do
    DXP_THREADS=1 "$DXP" lint --color=never --format "$format" "$@" > "$dir/many.$format.one" 2>&1; one=$?
    DXP_THREADS=2 "$DXP" lint --color=never --format "$format" "$@" > "$dir/many.$format.two" 2>&1; two=$?
    if [ "$one" = 1 ] && [ "$two" = 1 ] && cmp -s "$dir/many.$format.one" "$dir/many.$format.two"; then pass
    else fail "lint of seven plans --format $format differs between one thread (exit $one) and two (exit $two)"; fi
done
grep -q "^$dir/falling.dxp:.*DXP511" "$dir/many.text.one" && pass || fail "lint of seven plans: no DXP511 of falling.dxp"
grep -q "quiet/falling.dxp:.*DXP511" "$dir/many.text.one" && fail "lint of seven plans: quiet/.dxplint was not applied" || pass
grep -q "more diagnostics not shown" "$dir/many.text.one" && pass || fail "lint of seven plans: not over the limit"
# the mistakes were made, and reported
grep -q "DXP201" "$dir/syntax.check.one" && pass || fail "syntax.dxp: no DXP201"
grep -q "unexpected '(', expected string, fiscal year" "$dir/lac.check.one" && pass || fail "lac.dxp: not the full list of expected tokens"
grep -q "DXP303" "$dir/unknown.check.one" && pass || fail "unknown.dxp: no DXP303"
grep -q "DXP511" "$dir/falling.lint.one" && pass || fail "falling.dxp: no DXP511 from lint"
grep -q "DXP40[0-9]\|DXP30[0-9]" "$dir/unit.check.one" && pass || fail "unit.dxp: no unknown unit"
grep -q "more diagnostics not shown" "$dir/units.check.one" && pass || fail "units.dxp: not over the limit"
[ "$(grep -c "DXP308" "$dir/directions.check.one")" -gt 20 ] && pass || fail "directions.dxp: too few DXP308"
[ -s "$dir/clean.check.one" ] && fail "clean.dxp does not check cleanly" || pass
finish
