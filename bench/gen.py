#!/usr/bin/env python3
"""Generates a realistic synthetic plan with N KPIs, for the benchmark.

usage: gen.py N OUT.dxp [--split FILES] [--json OUT.json]

Each KPI has a Japanese title, a unit, a baseline at a time point, four yearly
targets (R3..R6), an R6 actual; every 10th has two parts, every 20th is a
formula over two data series, every 5th has a note. KPIs are spread over
goals (one per 1,000) and measures (one per 10). With --split, the KPIs go to
FILES files that import the plan file, and OUT.dxp imports them all. With
--json, the same data is also written as JSON for the jq comparison. The
output depends on N only (a fixed random seed)."""
import json
import os
import random
import sys

n = int(sys.argv[1])
out = sys.argv[2]
split = int(sys.argv[sys.argv.index("--split") + 1]) if "--split" in sys.argv else 0
json_out = sys.argv[sys.argv.index("--json") + 1] if "--json" in sys.argv else None
rng = random.Random(n)
UNITS = ["件", "人", "回", "箇所", "データセット", "市町村", "%", "千円", "時間", "社"]
WORDS = ["オープンデータ", "電子申請", "テレワーク", "研修受講者", "デジタル化", "相談件数",
         "キャッシュレス", "情報セキュリティ", "ペーパーレス", "マイナンバーカード", "観光サイト", "農業法人"]
POINTS = ["R2.12", "R3.3", "R元年度", "R2年度", "2020-12", "令和2年12月"]

ngoals = max(1, n // 1000)
nmeasures = max(1, n // 10)
head = ['import "std"', 'plan bench "ベンチマーク用の計画" { period R3..R6  stage draft }']
for g in range(ngoals):
    head.append(f'goal g{g} "重点目標{g}：県民サービスの向上" {{ label "D for Citizen" }}')
for m in range(nmeasures):
    head.append(f'measure 施策{m} "{WORDS[m % len(WORDS)]}の推進{m}" {{ goal g{m % ngoals}  owner "企画部" "デジタルみやぎ推進課"  since H{20 + m % 10} }}')

kpis, actuals, records = [], [], []
for k in range(n):
    unit = UNITS[k % len(UNITS)]
    base = rng.randint(10, 5000)
    targets = [base + (i + 1) * rng.randint(1, 50) for i in range(4)]
    actual = targets[3] + rng.randint(-100, 100)
    title = f"{WORDS[k % len(WORDS)]}の実施件数{k}"
    point = POINTS[k % len(POINTS)]
    tgt = "  ".join(f"R{3 + i}: {t:,}" for i, t in enumerate(targets))
    lines = [f"kpi k{k} 「{title}」 {{", f"  measure 施策{k % nmeasures}"]
    if k % 10 == 9:
        lines += [f"  part a 「{title}（人数）」 {{ unit 人  baseline {base:,} at {point}  target {{ {tgt} }} }}",
                  f"  part b 「{title}（割合）」 {{ unit %  baseline {base % 90}% at {point}  target {{ R6: {base % 90 + 5}% }} }}"]
        actuals.append(f"  k{k}.a: {actual:,}")
        actuals.append(f"  k{k}.b: {base % 90 + 3}%")
    elif k % 20 == 19:
        kpis.append(f"data s{k} 「販売額{k}」 {{ unit 千円  actual {{ R6: {actual * 10:,} }} }}")
        kpis.append(f"data f{k} 「事業者数{k}」 {{ unit 社  actual {{ R6: 10 }} }}")
        lines += ["  unit 千円/社", f"  formula s{k} / f{k}", f"  baseline {base:,} at {point}", f"  target {{ {tgt} }}"]
    else:
        lines += [f"  unit {unit}", f"  baseline {base:,} at {point}", f"  target {{ {tgt} }}"]
        actuals.append(f"  k{k}: {actual:,}")
    if k % 5 == 0:
        actuals.append(f'  note k{k} "【達成】研修の開催等により、着実に件数が増加した。"')
    lines.append("}")
    kpis.append("\n".join(lines))
    records.append({"id": f"k{k}", "title": title, "unit": unit, "baseline": base,
                    "targets": {f"R{3 + i}": t for i, t in enumerate(targets)}, "actual": actual,
                    "measure": f"施策{k % nmeasures}"})


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if split:
    base_dir = os.path.dirname(out) or "."
    stem = os.path.splitext(os.path.basename(out))[0]
    write(os.path.join(base_dir, f"{stem}-plan.dxp"), "\n".join(head) + "\n")
    per = (len(kpis) + split - 1) // split
    imports = [f'import "{stem}-plan.dxp"']
    for i in range(split):
        name = f"{stem}-{i}.dxp"
        write(os.path.join(base_dir, name), f'import "{stem}-plan.dxp"\n' + "\n".join(kpis[i * per:(i + 1) * per]) + "\n")
        imports.append(f'import "{name}"')
    write(out, "\n".join(imports) + "\nactuals R6 {\n" + "\n".join(actuals) + "\n}\n")
else:
    write(out, "\n".join(head + kpis) + "\nactuals R6 {\n" + "\n".join(actuals) + "\n}\n")
if json_out:
    with open(json_out, "w", encoding="utf-8") as f:
        json.dump({"plan": "bench", "kpis": records}, f, ensure_ascii=False)
