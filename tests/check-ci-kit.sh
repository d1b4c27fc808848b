#!/bin/sh
# The CI kit works with dxp's real output: the problem matcher's regexp matches
# every line of `dxp lint --format gcc` and picks out file, line, column,
# severity, message and code; the pre-commit hooks file names real commands.
# Prints "ci-kit: N passed, N failed".
set -u
DXP=${DXP:-build/dxp}
out=$("$DXP" lint --format gcc examples/miyagi-2021-2024/r6-actuals.dxp 2>&1)
python3 - "$out" <<'PY'
import json, re, sys
lines = [l for l in sys.argv[1].splitlines() if l]
m = json.load(open(".github/dxp-problem-matcher.json"))["problemMatcher"][0]["pattern"][0]
rx = re.compile(m["regexp"])
passed = failed = 0
for line in lines:
    g = rx.match(line)
    # findings carry their code; the note lines under them do not (as in gcc)
    if not g or int(g.group(m["line"])) < 1 or (g.group(m["severity"]) != "note" and not g.group(m["code"])):
        failed += 1
        print("ci-kit: the problem matcher does not match:", line)
    else:
        passed += 1
if not lines:
    failed += 1
    print("ci-kit: no findings to match")
hooks = open(".pre-commit-hooks.yaml").read()
for entry in re.findall(r"entry: (.*)", hooks):
    if entry.split()[:2] not in (["dxp", "check"], ["dxp", "lint"]):
        failed += 1
        print("ci-kit: unknown hook entry:", entry)
    else:
        passed += 1
print(f"ci-kit: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
