#!/usr/bin/env python3
"""Writes hostile plan files into the directory given as argument.

They are generated because they are large (a 50 MB one-line file) or binary.
Every one of them must give a diagnostic and exit 1 (tests/robustness.sh)."""
import os
import random
import sys

out = sys.argv[1]
rng = random.Random(20261127)        # fixed seed: the same bytes every run


def write(name, data):
    path = os.path.join(out, name)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if os.path.exists(path) and os.path.getsize(path) == len(data):
        return                        # generated before (the 50 MB file takes a moment)
    with open(path, "wb") as f:
        f.write(data)


write("binary-garbage.dxp", bytes(rng.randrange(256) for _ in range(64 * 1024)))
write("nested-parens.dxp", "kpi x { unit 件 formula " + "(" * 100000 + "1" + ")" * 100000 + " }\n")
write("nested-braces.dxp", "kpi x " + "{" * 100000 + "}" * 100000 + "\n")
write("long-minus-chain.dxp", "kpi x { unit 件 formula " + "- " * 100000 + "1 }\n")
write("long-sum.dxp", "import \"std\"\nkpi x { unit 件 formula " + " + ".join(["1 件"] * 100000) + " }\nkpi y { unit 件 formula x + z }\n")
chunk = 'goal g%d "目標・県民サービスの向上" { label "D for Citizen" } '


def one_line(megabytes, piece):
    """piece(0), piece(1), … on one line, until it holds `megabytes` MB."""
    parts, size, i = [], 0, 0
    while size < megabytes * 1024 * 1024:
        s = piece(i)
        parts.append(s)
        size += len(s.encode("utf-8"))
        i += 1
    return "".join(parts)


# 50 MB on one line: a valid plan body repeated, then one error at the very end.
write("fifty-mb-one-line.dxp", one_line(50, lambda i: chunk % i) + "kpi broken { unit }")
# 20 MB on one line with 1,350 errors spread over it (a goal declared again
# every 15 KB): each diagnostic's column and snippet must not walk the line
# from its start, or the thousand shown take minutes (DXP302, over the limit
# of 1,000).
write("twenty-mb-line-many-errors.dxp",
      one_line(20, lambda i: chunk % i if i % 200 else 'goal 重複 "目標・同じ名前" '))
# Two lines of 7 MB: the first declares a goal, the second declares it again
# 1,000 times. Every diagnostic is on one long line and its note on the other,
# so the columns of both lines are asked for in turn.
first = 'goal 重複 "最初" ' + "".join(chunk % i for i in range(100000))
second = "".join(chunk % (200000 + i) if i % 100 else 'goal 重複 "同じ名前" ' for i in range(100000))
write("two-long-lines-with-notes.dxp", first + "\n" + second + "\n")
# One base unit past the 65,535 that 16 bits number (DXP410).
write("many-base-units.dxp", "".join(f"unit 単位{i}\n" for i in range(65600)))
write("huge-number.dxp", "kpi x { unit 件 baseline 99999999999999999999999999 }\n")
write("unterminated-string.dxp", 'kpi x "オープンデータ\n')
write("unterminated-block.dxp", 'kpi x "オープンデータ" {\n  unit 件\n  target { R6: 5\n')
write("invalid-utf8.dxp", b'kpi x "\xe3\x81" { unit \xff }\n')
write("nul-bytes.dxp", "kpi x\0 { unit 件 }\n")
write("deep-imports.dxp", 'import "deep-imports.dxp"\n')

# A chain of 1,100 formulas, each using the next (DXP405: deeper than 1,000).
chain = ['import "std"']
for i in range(1100):
    chain.append(f"kpi k{i} {{ unit 件 formula k{i + 1} + 1 件 }}")
chain.append("kpi k1100 { unit 件 }")
write("formula-chain.dxp", "\n".join(chain) + "\n")
# 50,000 rule sets, each extending the next, and the last the first (DXP405),
# with the plan using the first: the chain is walked in linear time.
rules = ['import "std"', 'plan p "計画" { period R3..R6  rules r0 }']
rules += [f"rules r{i} extends r{(i + 1) % 50000} {{ }}" for i in range(50000)]
write("rules-extends-cycle.dxp", "\n".join(rules) + "\n")
# A target table of 3,000 ranges of every year dxp accepts (93 KB): a million
# years, were they all kept; a table keeps 1,000 (DXP407) and the years given
# twice are reported (DXP306) in linear time.
write("table-of-ranges.dxp", 'import "std"\nkpi x { unit 件  target { ' + "明治元年度..2200年度: 1 " * 3000 + "} }\n")
# Imports nested 70 files deep (DXP304: deeper than 64).
deep = os.path.join(out, "import-chain")
os.makedirs(deep, exist_ok=True)
for i in range(70):
    with open(os.path.join(deep, f"f{i}.dxp"), "w") as f:
        f.write(f'import "f{i + 1}.dxp"\n' if i < 69 else 'goal last "最後"\n')
write("import-chain.dxp", 'import "import-chain/f0.dxp"\n')
# One KPI block of 200,000 properties, every one after the first given twice:
# the parser's pool of property nodes grows to hold them, and each repeat is
# kept for resolving to report (DXP306).
write("one-block-many-properties.dxp", 'import "std"\nkpi x {\n' + "  unit 件\n" * 200000 + "}\n")
# 50,000 KPIs whose values need their extra block after something else was
# allocated (a unit of two terms, the upper end of a range): each such value
# moves to where it and its block fit, over many arena chunks.
write("values-that-move.dxp", 'import "std"\n' + "".join(
    f'kpi k{i} {{ unit 千円/社  baseline {i} 千円/社 at R2  target {{ R6: 95..100 }}  '
    f'actual {{ R5: 7 千円/社 from R4 "見込み" }} }}\n'
    for i in range(50000)) + "kpi broken { unit }\n")
# Values written over more bytes than a value's length bits hold (a comment
# between the number and its unit or remark, 40 KB): each keeps its end in
# its extra block, in tables, baselines and an actuals block.
long_comment = "# " + "長い注記" * 3500 + "\n"
write("values-longer-than-their-bits.dxp", 'import "std"\n' + "".join(
    f'kpi k{i} {{ unit 件  baseline 5 {long_comment} 件 at R2\n'
    f'  target {{ R5: 調整中 {long_comment} "理由"  R6: 100 {long_comment} "見込み" }} }}\n'
    f'actuals R6 {{ k{i}: 30 {long_comment} 件 {long_comment} "備考" }}\n'
    for i in range(20)) + "kpi broken { unit }\n")
