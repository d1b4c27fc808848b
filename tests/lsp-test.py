#!/usr/bin/env python3
"""End-to-end test of `dxp lsp`: a scripted client speaks LSP to the server
over stdio, as an editor does, and checks every answer.
Prints "lsp: N passed, N failed"."""
import json
import os
import subprocess
import sys
import tempfile

DXP = os.path.abspath(os.environ.get("DXP", "build/dxp"))
# e.g. "valgrind -q --error-exitcode=99": tests/valgrind.sh runs the server under it
WRAPPER = os.environ.get("DXP_WRAPPER", "").split()
passed = failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"lsp: {what} failed {detail}")


class Client:
    def __init__(self):
        self.p = subprocess.Popen(WRAPPER + [DXP, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.next_id = 0

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, message):
        body = json.dumps(dict(message, jsonrpc="2.0"), ensure_ascii=False).encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def receive(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            if line == b"\r\n":
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params=None):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, **({"params": params} if params is not None else {})})
        answer = self.receive()
        assert answer.get("id") == self.next_id, answer
        return answer

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def open(self, uri, text):
        self.notify("textDocument/didOpen",
                    {"textDocument": {"uri": uri, "languageId": "dxp", "version": 1, "text": text}})
        return self.receive()

    def finish(self):
        self.request("shutdown")
        self.notify("exit", None)
        return self.p.wait(timeout=120)


def uri_of(path):
    from urllib.parse import quote
    return "file://" + quote(path)


def position(doc, needle, unit="utf-16", after=0):
    """The LSP position of needle in doc, in the given encoding."""
    offset = doc.index(needle, after)
    line = doc.count("\n", 0, offset)
    start = doc.rfind("\n", 0, offset) + 1
    prefix = doc[start:offset]
    if unit == "utf-8":
        character = len(prefix.encode())
    elif unit == "utf-16":
        character = len(prefix.encode("utf-16-le")) // 2
    else:
        character = len(prefix)
    return {"line": line, "character": character}


tmp = tempfile.mkdtemp()
base_path = os.path.join(tmp, "基本方針.dxp")
with open(base_path, "w") as f:
    f.write('import "std"\n'
            'goal 県民 "最適化による県民サービスの向上" { label "D for Citizen" }\n'
            'measure 企2 "オープンデータみやぎの推進" { goal 県民 }\n')
plan_path = os.path.join(tmp, "計画.dxp")
plan_uri = uri_of(plan_path)
# 𠮷 is outside the BMP: two UTF-16 units, four UTF-8 bytes, one code point
plan = ('import "std"\n'
        'import "基本方針.dxp"\n'
        'plan 𠮷田 "𠮷田町情報化推進計画" { period R3..R6  stage final }\n'
        'kpi opendata 「𠮷田オープンデータ公開数」 {\n'
        '  measure 企2  unit 件  baseline 128 at R2.12\n'
        '  target { R3: 135  R6: 100 }\n'
        '}\n'
        'kpi 𠮷指標 "𠮷" { measure 企2  unit 不明  target { R6: 1 } }\n')

# ---- a session in UTF-16, the default ----
c = Client()
init = c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
caps = init["result"]["capabilities"]
check("initialize: UTF-16 by default", caps.get("positionEncoding") == "utf-16", init)
check("initialize: capabilities", caps.get("hoverProvider") and caps.get("definitionProvider")
      and caps.get("documentSymbolProvider") and caps.get("documentFormattingProvider")
      and caps.get("textDocumentSync", {}).get("change") == 1, caps)
c.notify("initialized", {})

published = c.open(plan_uri, plan)
check("didOpen publishes diagnostics", published.get("method") == "textDocument/publishDiagnostics"
      and published["params"]["uri"] == plan_uri, published)
diags = published["params"]["diagnostics"]
unknown = [d for d in diags if d["code"] == "DXP401"]
check("the unknown unit is reported", len(unknown) == 1, diags)
if unknown:
    want = position(plan, "不明")
    check("its range is in UTF-16 units (𠮷 counts two)",
          unknown[0]["range"]["start"] == want
          and unknown[0]["range"]["end"] == {"line": want["line"], "character": want["character"] + 2},
          (unknown[0]["range"], want))
    check("severity error, source dxp, help in the message",
          unknown[0]["severity"] == 1 and unknown[0]["source"] == "dxp" and "help:" in unknown[0]["message"],
          unknown[0])

# fix the unit: now the plan checks, and lint's findings come in (target below the baseline)
fixed = plan.replace("unit 不明", "unit 件")
c.notify("textDocument/didChange", {"textDocument": {"uri": plan_uri, "version": 2},
                                    "contentChanges": [{"text": fixed}]})
diags = c.receive()["params"]["diagnostics"]
codes = sorted(d["code"] for d in diags)
check("didChange re-checks: the error is gone", "DXP401" not in codes, codes)
below = [d for d in diags if d["code"] == "DXP510"]
check("lint findings are published (DXP510, a warning)", below and below[0]["severity"] == 2, codes)
if below:
    check("lint range in UTF-16", below[0]["range"]["start"]["line"] == 5, below[0]["range"])

# hover on a KPI, a measure and a goal
h = c.request("textDocument/hover", {"textDocument": {"uri": plan_uri}, "position": position(fixed, "opendata")})
value = (h.get("result") or {}).get("contents", {}).get("value", "")
check("hover on a KPI shows its name, unit, baseline and targets",
      "opendata" in value and "𠮷田オープンデータ公開数" in value and "件" in value and "128 at R2.12" in value
      and "R3: 135" in value and "R6: 100" in value and "企2" in value, value)
check("hover range is the name", h["result"]["range"]["start"] == position(fixed, "opendata"), h)
h = c.request("textDocument/hover", {"textDocument": {"uri": plan_uri}, "position": position(fixed, "企2")})
value = (h.get("result") or {}).get("contents", {}).get("value", "")
check("hover on a measure names its goal", "企2" in value and "オープンデータみやぎの推進" in value and "県民" in value, value)
h = c.request("textDocument/hover", {"textDocument": {"uri": plan_uri}, "position": {"line": 0, "character": 0}})
check("hover on a keyword: null", h.get("result") is None, h)

# go to definition across an import
d = c.request("textDocument/definition", {"textDocument": {"uri": plan_uri}, "position": position(fixed, "企2")})
loc = d.get("result") or {}
check("definition of a measure opens the imported file", loc.get("uri") == uri_of(base_path), loc)
base = open(base_path).read()
check("definition range is the measure's name",
      loc.get("range", {}).get("start") == position(base, "企2"), loc)
d = c.request("textDocument/definition", {"textDocument": {"uri": plan_uri},
                                          "position": position(fixed, "𠮷指標")})
loc = d.get("result") or {}
check("definition in the same file", loc.get("uri") == plan_uri
      and loc["range"]["start"] == position(fixed, "𠮷指標"), loc)
d = c.request("textDocument/definition", {"textDocument": {"uri": plan_uri},
                                          "position": position(fixed, "件")})
check("a unit of the standard library has no file to open", d.get("result") is None, d)

# the outline
s = c.request("textDocument/documentSymbol", {"textDocument": {"uri": plan_uri}})
names = [(x["name"], x["kind"]) for x in s.get("result") or []]
check("outline: the plan and the KPIs (their measure is in another file)",
      names == [("𠮷田", 2), ("opendata", 16), ("𠮷指標", 16)], names)
s2 = c.open(uri_of(base_path), base)
s = c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri_of(base_path)}})
outline = s.get("result") or []
check("outline: goal → measure", len(outline) == 1 and outline[0]["name"] == "県民"
      and outline[0]["children"][0]["name"] == "企2"
      and outline[0]["children"][0]["detail"] == "オープンデータみやぎの推進", outline)

# formatting is dxp fmt
messy = fixed.replace("  measure 企2", "measure   企2").replace("{ R3: 135  R6: 100 }", "{R3:135 R6:１００}")
c.notify("textDocument/didChange", {"textDocument": {"uri": plan_uri, "version": 3},
                                    "contentChanges": [{"text": messy}]})
c.receive()
f = c.request("textDocument/formatting", {"textDocument": {"uri": plan_uri},
                                          "options": {"tabSize": 2, "insertSpaces": True}})
expected = subprocess.run([DXP, "fmt", "-"], input=messy.encode(), capture_output=True).stdout.decode()
edits = f.get("result") or []
check("formatting: one edit with dxp fmt's text", len(edits) == 1 and edits[0]["newText"] == expected, f)
check("formatting: the edit covers the whole text",
      edits and edits[0]["range"]["start"] == {"line": 0, "character": 0}
      and edits[0]["range"]["end"] == {"line": messy.count("\n"), "character": 0}, edits)
c.notify("textDocument/didChange", {"textDocument": {"uri": plan_uri, "version": 4},
                                    "contentChanges": [{"text": "kpi {"}]})
c.receive()
f = c.request("textDocument/formatting", {"textDocument": {"uri": plan_uri}, "options": {}})
check("formatting a text that does not parse: null", "result" in f and f["result"] is None, f)

# closing clears the diagnostics
c.notify("textDocument/didClose", {"textDocument": {"uri": plan_uri}})
closed = c.receive()
check("didClose clears the diagnostics", closed["params"] == {"uri": plan_uri, "diagnostics": []}, closed)
h = c.request("textDocument/hover", {"textDocument": {"uri": plan_uri}, "position": {"line": 0, "character": 0}})
check("a closed document: invalid params", h.get("error", {}).get("code") == -32602, h)

# protocol errors: answered, never a crash
c.raw(b"Content-Length: 9\r\n\r\n{not json")
e = c.receive()
check("malformed JSON: parse error", e.get("error", {}).get("code") == -32700 and e.get("id") is None, e)
c.send({"id": 99, "method": "textDocument/unknown", "params": {}})
e = c.receive()
check("unknown method: method not found", e.get("error", {}).get("code") == -32601 and e["id"] == 99, e)
body = b"[1, 2]"
c.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
e = c.receive()
check("a message that is not an object: invalid request", e.get("error", {}).get("code") == -32600, e)
c.raw(b"X-Header: no length\r\n\r\n")
e = c.receive()
check("no Content-Length: invalid request", e.get("error", {}).get("code") == -32600, e)
c.send({"id": 100, "method": "textDocument/hover", "params": "text"})
e = c.receive()
check("params that are not an object: invalid params", e.get("error", {}).get("code") == -32602, e)
e = c.request("initialize", {"capabilities": {}})
check("a second initialize is refused", e.get("error", {}).get("code") == -32600, e)
check("after all that, the server still answers", c.request("textDocument/documentSymbol", {
    "textDocument": {"uri": uri_of(base_path)}}).get("result") is not None)
c.request("shutdown")
e = c.request("textDocument/documentSymbol", {"textDocument": {"uri": uri_of(base_path)}})
check("requests after shutdown are refused", e.get("error", {}).get("code") == -32600, e)
c.notify("exit", None)
check("exit after shutdown: status 0", c.p.wait(timeout=120) == 0)
check("nothing on stderr", c.p.stderr.read() == b"")

# ---- UTF-8 when the client offers it; requests before initialize ----
c = Client()
e = c.request("textDocument/hover", {"textDocument": {"uri": plan_uri}, "position": {"line": 0, "character": 0}})
check("a request before initialize: not initialized", e.get("error", {}).get("code") == -32002, e)
init = c.request("initialize", {"capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}})
check("initialize: UTF-8 when offered first", init["result"]["capabilities"]["positionEncoding"] == "utf-8", init)
diags = c.open(plan_uri, plan)["params"]["diagnostics"]
unknown = [d for d in diags if d["code"] == "DXP401"]
check("UTF-8 ranges count bytes", unknown and unknown[0]["range"]["start"] == position(plan, "不明", "utf-8"),
      unknown)
check("exit after shutdown: status 0 (UTF-8 session)", c.finish() == 0)

c = Client()
init = c.request("initialize", {"capabilities": {"general": {"positionEncodings": ["utf-32"]}}})
check("initialize: UTF-32 when offered", init["result"]["capabilities"]["positionEncoding"] == "utf-32", init)
diags = c.open(plan_uri, plan)["params"]["diagnostics"]
unknown = [d for d in diags if d["code"] == "DXP401"]
check("UTF-32 ranges count code points",
      unknown and unknown[0]["range"]["start"] == position(plan, "不明", "utf-32"), unknown)
c.notify("exit", None)
check("exit without shutdown: status 1", c.p.wait(timeout=120) == 1)

# ---- a .dxplint beside the plan: its settings apply, its problems show ----
project = os.path.join(tmp, "プロジェクト")
os.makedirs(os.path.join(project, "計画"))
config_path = os.path.join(project, ".dxplint")
with open(config_path, "w") as f:
    f.write("# 県の設定\ndisable = DXP541\nstrict = はい\n")
# in a subdirectory: the .dxplint of the directory above applies
lone_path = os.path.join(project, "計画", "単独.dxp")
lone = 'import "std"\nkpi k 「公開数」 { unit 件  baseline 128 at R2.12  target { R6: 150 } }\n'
c = Client()
c.request("initialize", {"capabilities": {}})
diags = c.open(uri_of(lone_path), lone)["params"]["diagnostics"]
codes = [d["code"] for d in diags]
check(".dxplint above: its disable applies", "DXP541" not in codes, codes)
bad = [d for d in diags if d["code"] == "DXP591"]
check(".dxplint: the bad setting is reported", len(bad) == 1 and "はい" in bad[0]["message"], diags)
if bad:
    related = bad[0].get("relatedInformation", [])
    check(".dxplint: the setting's place is related, in UTF-16 units",
          len(related) == 1 and related[0]["location"]["uri"] == uri_of(config_path)
          and related[0]["location"]["range"]["start"] == {"line": 2, "character": 9}
          and related[0]["location"]["range"]["end"] == {"line": 2, "character": 11}, related)
    check(".dxplint: shown at the top of the plan", bad[0]["range"]["start"] == {"line": 0, "character": 0}, bad)
check("exit after shutdown: status 0 (.dxplint session)", c.finish() == 0)

# end of input without exit: the server stops, with status 1
c = Client()
c.p.stdin.close()
check("end of input: status 1", c.p.wait(timeout=120) == 1)

print(f"lsp: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
