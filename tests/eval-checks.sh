#!/bin/sh
# Checks of `dxp eval` that golden files cannot express. Prints
# "eval-checks: N passed, N failed".
#  - the JSON report of every example and rule-set case validates against
#    docs/report-schema.json (python3-jsonschema), and --compact gives the
#    same document on one line;
#  - -o writes the same bytes as stdout, keeps the target's mode, follows a
#    symbolic link, writes a FIFO (a device) in place instead of replacing it,
#    and leaves an existing report untouched when the plan does not check;
#  - -o never replaces the plan or a file it imports;
#  - eval never crashes or prints a report for a plan that does not check, on
#    every case input, in every format.
SUITE=eval-checks
. "$(dirname "$0")/checks.sh"
work_dir

# 1. JSON reports validate against the schema
n=0
for spec in "examples/miyagi-2021-2024/r6-actuals.dxp R6" "examples/miyagi-2021-2024/r6-actuals.dxp R3..R6" \
            "examples/miyagi-dx-2025-draft.dxp R7..R9" "examples/miyagi-2021-2024/policy.dxp R4" \
            "tests/cases/rules_standard.dxp R6" "tests/cases/rules_graded.dxp R6" \
            "tests/cases/rules_progress.dxp R6" "tests/cases/rules_prorated.dxp R6" \
            "tests/cases/rules_custom.dxp R6" "tests/cases/eval_csv_injection.dxp R6"; do
    set -- $spec
    n=$((n + 1))
    "$DXP" eval --year "$2" --format json "$1" > "$dir/report-$n.json" || fail "eval $1 --year $2 exited $?"
    "$DXP" eval --year "$2" --format json --compact "$1" > "$dir/compact-$n.txt" || fail "eval --compact $1 exited $?"
done
if out=$(python3 tests/validate-json.py docs/report-schema.json "$dir"/report-*.json 2>&1); then pass
else fail "JSON reports do not validate:"; printf '%s\n' "$out" | head -20; fi
pairs=$(i=1; while [ $i -le $n ]; do printf '%s ' "$dir/report-$i.json" "$dir/compact-$i.txt"; i=$((i + 1)); done)
if out=$(python3 tests/same-json.py $pairs 2>&1); then pass
else fail "--compact is not the same JSON on one line:"; printf '%s\n' "$out" | head -20; fi

# 2. -o: same bytes as stdout, atomic, keeps the mode
plan=examples/miyagi-2021-2024/r6-actuals.dxp
"$DXP" eval --year R6 "$plan" > "$dir/stdout.txt"
echo "old report" > "$dir/report.txt"; chmod 640 "$dir/report.txt"
if "$DXP" eval --year R6 -o "$dir/report.txt" "$plan" && cmp -s "$dir/stdout.txt" "$dir/report.txt" &&
   [ "$(stat -c %a "$dir/report.txt")" = 640 ] && [ -z "$(ls "$dir" | grep 'report.txt.')" ]; then pass
else fail "-o does not write the report atomically with the target's mode"; fi
# a symbolic link: the file it names gets the report, the link stays a link
echo "old report" > "$dir/linked.txt"; ln -s linked.txt "$dir/link.txt"
if "$DXP" eval --year R6 -o "$dir/link.txt" "$plan" && [ -L "$dir/link.txt" ] &&
   cmp -s "$dir/stdout.txt" "$dir/linked.txt"; then pass
else fail "-o through a symbolic link replaced the link, or did not write the file it names"; fi
# a FIFO (like /dev/null or /dev/stdout, not a file to replace): written in place, still a FIFO
mkfifo "$dir/pipe"
timeout 20 cat "$dir/pipe" > "$dir/through.txt" &   # never waits forever, whatever dxp does
reader=$!
if "$DXP" eval --year R6 -o "$dir/pipe" "$plan" && wait "$reader" && [ -p "$dir/pipe" ] &&
   cmp -s "$dir/stdout.txt" "$dir/through.txt" && [ -z "$(ls "$dir" | grep '^pipe\.')" ]; then pass
else fail "-o to a FIFO did not write through it, or replaced it"; kill "$reader" 2>/dev/null; fi
echo "good report" > "$dir/keep.txt"
"$DXP" eval --year R6 -o "$dir/keep.txt" --color=never tests/cases/DXP303_unknown_name.dxp 2>/dev/null
if [ $? -eq 1 ] && [ "$(cat "$dir/keep.txt")" = "good report" ]; then pass
else fail "a plan that does not check overwrote the report given to -o"; fi

# the plan itself, or a file it imports, is never replaced by its report
# (named directly, through a link, or by another path)
mkdir "$dir/plans"
cp examples/miyagi-2021-2024/r6-actuals.dxp examples/miyagi-2021-2024/policy.dxp "$dir/plans/"
ln -s policy.dxp "$dir/plans/policy-link.dxp"
for target in r6-actuals.dxp policy.dxp policy-link.dxp ../plans/r6-actuals.dxp; do
    "$DXP" eval --year R6 -o "$dir/plans/$target" "$dir/plans/r6-actuals.dxp" 2> "$dir/err"
    code=$?
    if [ "$code" -eq 2 ] && grep -q "would replace.*DXP603" "$dir/err" &&
       cmp -s "$dir/plans/r6-actuals.dxp" examples/miyagi-2021-2024/r6-actuals.dxp &&
       cmp -s "$dir/plans/policy.dxp" examples/miyagi-2021-2024/policy.dxp && [ -L "$dir/plans/policy-link.dxp" ]
    then pass
    else fail "eval -o $target replaced a file of the plan (exit $code)"; head -3 "$dir/err"; fi
done

# 3. never a crash, never a report for a plan with errors
for f in tests/cases/*.dxp examples/*.dxp examples/*/*.dxp; do
    for fmt in text md csv json; do
        timeout 30 "$DXP" eval --year R6 --format "$fmt" --color=never "$f" > "$dir/out" 2> "$dir/err"
        code=$?
        if [ "$code" -gt 2 ] || grep -qE 'Sanitizer|runtime error' "$dir/err"; then
            fail "eval $f --format $fmt: exit $code"; head -5 "$dir/err"
        elif [ "$code" -eq 1 ] && [ -s "$dir/out" ]; then
            fail "eval $f --format $fmt printed a report for a plan with errors"
        else
            pass
        fi
    done
done
finish
