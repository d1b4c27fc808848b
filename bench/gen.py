#!/usr/bin/env python3
"""Generates a realistic synthetic plan with N KPIs, for the benchmark.

usage: gen.py N OUT.dxp [--split FILES | --plans FILES] [--json OUT.json]

Each KPI has a Japanese title, a unit, a baseline at a time point, four yearly
targets (R3..R6) that rise from the baseline (a percentage stays at or below
100), an R6 actual above the baseline, and an analysis note for R6 whose
【達成】/【未達成】/【一部達成】 mark agrees with the numbers, as in the
Miyagi R6 progress report (seeds/001), where every KPI has one; every 10th
KPI has two parts, every 20th is a formula over two data series. KPIs are
spread over goals (one per 1,000) and measures (one per 10). So a lint of a
generated plan finds what it would find in an approved plan: next to
nothing. With --split, the KPIs go to
FILES files that import the plan file, and OUT.dxp imports them all. With
--plans, OUT.dxp is a directory of FILES independent plans of N / FILES KPIs
each, as the plans of every municipality linted in one CI run. With --json,
the same data is also written as JSON for the jq comparison. The output
depends on N (and FILES) only: fixed random seeds."""
import json
import os
import random
import sys

n = int(sys.argv[1])
out = sys.argv[2]
split = int(sys.argv[sys.argv.index("--split") + 1]) if "--split" in sys.argv else 0
plans = int(sys.argv[sys.argv.index("--plans") + 1]) if "--plans" in sys.argv else 0
json_out = sys.argv[sys.argv.index("--json") + 1] if "--json" in sys.argv else None
UNITS = ["件", "人", "回", "箇所", "データセット", "市町村", "%", "千円", "時間", "社"]
WORDS = ["オープンデータ", "電子申請", "テレワーク", "研修受講者", "デジタル化", "相談件数",
         "キャッシュレス", "情報セキュリティ", "ペーパーレス", "マイナンバーカード", "観光サイト", "農業法人"]
POINTS = ["R2.12", "R3.3", "R元年度", "R2年度", "2020-12", "令和2年12月"]

# Analysis notes (要因分析) in the manner of the R6 progress report.
MET = ["研修の開催等により、着実に件数が増加した。今後も定期的な周知により、利用の定着を図っていく。",
       "各校にICT支援員を配置し、現地の実態に応じた支援を柔軟に実施したことで、活用が進んだ。",
       "補助事業等を活用して新たな技術を導入する事業者が増加し、目標を上回る実績となった。"]
UNMET = ["出張申請会の実施などに取り組んだものの、国の事業が終了したことなどから伸び悩んだ。",
         "有効性についての理解の定着が不十分であることが要因に挙げられる。今後も研修等により意識醸成を図る。",
         "首都圏での人材不足等を背景に、地方拠点開設の動きに鈍化がみられ、目標に届かなかった。"]


def rising(rng, base, step, count=4):
    """Targets that rise from the baseline by 1..step a year."""
    out, t = [], base
    for _ in range(count):
        t += rng.randint(1, step)
        out.append(t)
    return out


def actual_for(rng, base, last):
    """An R6 actual above the baseline, at, above or below the R6 target."""
    return rng.randint(base + (last - base) // 2 + 1, last + (last - base) // 4 + 1)


def generate(n, seed, name="bench"):
    """The head (plan, goals, measures), KPI and data declarations, actuals
    and JSON records of a plan of n KPIs."""
    rng = random.Random(seed)
    ngoals = max(1, n // 1000)
    nmeasures = max(1, n // 10)
    head = ['import "std"', f'plan {name} "ベンチマーク用の計画" {{ period R3..R6  stage draft }}']
    for g in range(ngoals):
        head.append(f'goal g{g} "重点目標{g}：県民サービスの向上" {{ label "D for Citizen" }}')
    for m in range(nmeasures):
        head.append(f'measure 施策{m} "{WORDS[m % len(WORDS)]}の推進{m}" {{ goal g{m % ngoals}  owner "企画部" "デジタルみやぎ推進課"  since H{20 + m % 10} }}')
    kpis, actuals, records = [], [], []
    for k in range(n):
        unit = UNITS[k % len(UNITS)]
        if unit == "%":
            base = rng.randint(10, 60)
            targets = rising(rng, base, 8)
        else:
            base = rng.randint(10, 5000)
            targets = rising(rng, base, 50)
        actual = actual_for(rng, base, targets[3])
        met = actual >= targets[3]
        title = f"{WORDS[k % len(WORDS)]}の実施件数{k}"
        point = POINTS[k % len(POINTS)]
        tgt = "  ".join(f"R{3 + i}: {t:,}" for i, t in enumerate(targets))
        lines = [f"kpi k{k} 「{title}」 {{", f"  measure 施策{k % nmeasures}"]
        if k % 10 == 9:
            share = rng.randint(20, 60)
            share_targets = rising(rng, share, 5)
            share_actual = actual_for(rng, share, share_targets[3])
            share_met = share_actual >= share_targets[3]
            lines += [f"  part a 「{title}（人数）」 {{ unit 人  baseline {base:,} at {point}  target {{ {tgt} }} }}",
                      f"  part b 「{title}（割合）」 {{ unit %  baseline {share}% at {point}  target {{ "
                      + "  ".join(f"R{3 + i}: {t}%" for i, t in enumerate(share_targets)) + " } }"]
            actuals.append(f"  k{k}.a: {actual:,}")
            actuals.append(f"  k{k}.b: {share_actual}%")
            mark = "達成" if met and share_met else "未達成" if not met and not share_met else "一部達成"
            met = met and share_met
        elif k % 20 == 4:
            kpis.append(f"data s{k} 「販売額{k}」 {{ unit 千円  actual {{ R6: {actual * 10:,} }} }}")
            kpis.append(f"data f{k} 「事業者数{k}」 {{ unit 社  actual {{ R6: 10 }} }}")
            lines += ["  unit 千円/社", f"  formula s{k} / f{k}", f"  baseline {base:,} at {point}", f"  target {{ {tgt} }}"]
            mark = "達成" if met else "未達成"
        else:
            lines += [f"  unit {unit}", f"  baseline {base:,} at {point}", f"  target {{ {tgt} }}"]
            actuals.append(f"  k{k}: {actual:,}")
            mark = "達成" if met else "未達成"
        note = f"【{mark}】" + rng.choice(MET if met else UNMET)
        actuals.append(f'  note k{k} "{note}"')
        lines.append("}")
        kpis.append("\n".join(lines))
        records.append({"id": f"k{k}", "title": title, "unit": unit, "baseline": base,
                        "targets": {f"R{3 + i}": t for i, t in enumerate(targets)}, "actual": actual,
                        "measure": f"施策{k % nmeasures}", "note": note})
    return head, kpis, actuals, records


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if plans:
    os.makedirs(out, exist_ok=True)
    records = []
    for i in range(plans):
        head, kpis, actuals, recs = generate(n // plans, seed=f"{n}-{i}", name=f"自治体{i}")
        write(os.path.join(out, f"plan-{i:04d}.dxp"),
              "\n".join(head + kpis) + "\nactuals R6 {\n" + "\n".join(actuals) + "\n}\n")
        records += recs
    if json_out:
        with open(json_out, "w", encoding="utf-8") as f:
            json.dump({"plan": "bench", "kpis": records}, f, ensure_ascii=False)
    sys.exit(0)
head, kpis, actuals, records = generate(n, seed=n)
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
