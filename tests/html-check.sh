#!/bin/sh
# The HTML report in a real browser (Debian chromium, installed here when
# missing and running as root): it renders the Miyagi R6 report headless,
# keeps a screenshot as an artefact (build/html/report.png, not committed) and
# checks from the DOM that every KPI of the example appears with its status,
# that no request left the page, that no console error occurred, that the CSP
# meta tag is there, and that hostile names come out as text.
# Prints "html: N passed, N failed".
SUITE=html
. "$(dirname "$0")/checks.sh"
work_dir
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "html: installing chromium and a Japanese font for the browser test"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-ipafont-gothic >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-ipafont-gothic >/dev/null 2>&1; }
    fi
fi
command -v chromium >/dev/null 2>&1 || { echo "html: chromium is needed (apt-get install chromium)"; echo "html: 0 passed, 1 failed"; exit 1; }

browse() {   # browse HTML-FILE PREFIX: DOM, screenshot, console log and net log
    html=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
    for what in dump screenshot; do
        if [ $what = dump ]; then extra="--dump-dom"; else extra="--screenshot=$2.png --window-size=1100,1600"; fi
        # shellcheck disable=SC2086
        timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
            --disable-background-networking --disable-component-update --disable-sync \
            --user-data-dir="$dir/profile-$what" --enable-logging=stderr --v=0 \
            --log-net-log="$2-$what.netlog.json" $extra "file://$html" > "$2.$what.out" 2> "$2.$what.log"
    done
}

plan=examples/miyagi-2021-2024/r6-actuals.dxp
"$DXP" eval --year R6 --format html -o "$dir/report.html" "$plan" || fail "dxp eval --format html failed"
"$DXP" eval --year R6 --format json "$plan" > "$dir/report.json"
browse "$dir/report.html" "$dir/report"
[ -s "$dir/report.png" ] && pass || fail "no screenshot"
python3 - "$dir" <<'PY'
import html, json, re, sys
d = sys.argv[1]
dom = open(f"{d}/report.dump.out", encoding="utf-8").read()
report = json.load(open(f"{d}/report.json", encoding="utf-8"))
passed = failed = 0
def check(ok, what):
    global passed, failed
    if ok: passed += 1
    else:
        failed += 1
        print("html:", what)
kpis = [k for g in report["evaluations"][0]["goals"] for m in g["measures"] for k in m["kpis"]]
check(len(kpis) >= 27, f"only {len(kpis)} KPIs in the report")
for k in kpis:
    m = re.search(r'<article class="kpi" id="kpi-%s" data-status="([a-z_]+)">(.*?)</article>' % re.escape(k["id"]), dom, re.S)
    check(m is not None, f"KPI {k['id']} is not in the page")
    if m:
        check(m.group(1) == k["status"], f"KPI {k['id']}: status {m.group(1)}, expected {k['status']}")
        check(html.escape(k["status_label"]) in m.group(2), f"KPI {k['id']}: status label {k['status_label']} not shown")
        check(html.escape(k["title"], quote=False) in m.group(2), f"KPI {k['id']}: title not shown")
check("default-src 'none'" in dom and 'http-equiv="Content-Security-Policy"' in dom, "no CSP meta tag")
check("<script" not in dom.lower(), "a script element in the page")
check(len(re.findall(r"<svg[^>]*role=\"img\"[^>]*aria-label=", dom)) >= 27, "charts without aria-label")
check(re.search(r'<th scope="col"', dom) is not None, "tables without <th scope>")
# headings in order: h1, then h2, h3, h4 without skipping a level
levels = [int(x) for x in re.findall(r"<h([1-6])[ >]", dom)]
check(levels and levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"headings out of order: {levels[:12]}")
for what in ("dump", "screenshot"):
    log = open(f"{d}/report.{what}.log", encoding="utf-8", errors="replace").read()
    bad = [l for l in log.splitlines() if "CONSOLE" in l or "Refused to" in l or "Uncaught" in l]
    check(not bad, f"console messages ({what}): {bad[:3]}")
    # Requests the page made carry its origin as initiator; the browser's own
    # (update checks, clock) say "not an origin" and are not the page's.
    net = json.load(open(f"{d}/report-{what}.netlog.json", encoding="utf-8", errors="replace"))
    page = [e["params"]["url"] for e in net.get("events", [])
            if isinstance(e.get("params"), dict) and "url" in e["params"]
            and e["params"].get("initiator", "not an origin") != "not an origin"]
    outside = [u for u in page if not u.startswith(("file:", "data:"))]
    check(not outside, f"requests left the page ({what}): {outside[:5]}")
print(f"html-dom: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
[ $? -eq 0 ] && pass || fail "DOM checks"

# hostile names: text, never markup
"$DXP" eval --year R6 --format html -o "$dir/hostile.html" tests/cases/html_hostile.dxp || fail "hostile plan did not evaluate"
browse "$dir/hostile.html" "$dir/hostile"
python3 - "$dir/hostile.dump.out" <<'PY'
import sys
from html.parser import HTMLParser
class Scan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad, self.text = [], []
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img", "iframe", "object", "embed"):
            self.bad.append(tag)
        self.bad += [f"{tag}[{k}]" for k, v in attrs if k.startswith("on") or (v or "").lower().startswith("javascript")]
    def handle_data(self, data):
        self.text.append(data)
s = Scan()
s.feed(open(sys.argv[1], encoding="utf-8").read())
text = "".join(s.text)
ok = not s.bad and "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
print("html-hostile:", "elements or handlers from the plan:" if s.bad else "", s.bad[:5])
sys.exit(0 if ok else 1)
PY
[ $? -eq 0 ] && pass || fail "hostile names reached the page as markup, or are not shown as text"
if grep -q 'CONSOLE\|Refused to' "$dir/hostile.dump.log"; then fail "console messages on the hostile page"; else pass; fi
finish
