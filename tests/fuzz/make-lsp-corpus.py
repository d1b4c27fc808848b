#!/usr/bin/env python3
"""Writes the seeds of the language server's fuzz harness (fuzz_lsp.c) into
tests/fuzz/lsp-corpus: whole sessions as an editor sends them, framed with
Content-Length, over plans of the plan corpus; and sessions that break the
protocol (bad framing, bad JSON, requests out of order, positions past the
end). Run it again after changing the sessions; the seeds are committed.
usage: make-lsp-corpus.py [OUTDIR]"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
if len(sys.argv) > 2 or (len(sys.argv) == 2 and sys.argv[1].startswith("-")):
    sys.exit(__doc__)   # an option is not a directory to write into (--help made one)
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "lsp-corpus")
os.makedirs(out, exist_ok=True)


def frame(message):
    body = json.dumps(dict(message, jsonrpc="2.0"), ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def plan(name):
    with open(os.path.join(here, "corpus", name), encoding="utf-8") as f:
        return f.read()


def position(text, needle, unit):
    """The LSP position of needle's first byte in text, in unit."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset)
    prefix = text[text.rfind("\n", 0, offset) + 1:offset]
    if unit == "utf-8":
        return {"line": line, "character": len(prefix.encode())}
    if unit == "utf-16":
        return {"line": line, "character": len(prefix.encode("utf-16-le")) // 2}
    return {"line": line, "character": len(prefix)}


def session(text, unit, needles, edit):
    """initialize, open, ask about each needle, format, change, close, exit."""
    uri = "file:///plans/計画.dxp"
    doc = {"uri": uri}
    encodings = {"positionEncodings": [unit]} if unit != "utf-16" else {}
    msgs = [{"id": 1, "method": "initialize",
             "params": {"processId": None, "rootUri": "file:///plans", "capabilities": {"general": encodings}}},
            {"method": "initialized", "params": {}},
            {"method": "textDocument/didOpen",
             "params": {"textDocument": dict(doc, languageId="dxp", version=1, text=text)}}]
    n = 2
    for needle in needles:
        pos = position(text, needle, unit)
        for method in ("textDocument/hover", "textDocument/definition"):
            msgs.append({"id": n, "method": method, "params": {"textDocument": doc, "position": pos}})
            n += 1
    msgs += [{"id": n, "method": "textDocument/documentSymbol", "params": {"textDocument": doc}},
             {"id": n + 1, "method": "textDocument/formatting",
              "params": {"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": True}}},
             {"method": "textDocument/didChange",
              "params": {"textDocument": dict(doc, version=2), "contentChanges": [{"text": edit(text)}]}},
             {"id": n + 2, "method": "textDocument/hover",
              "params": {"textDocument": doc, "position": {"line": 100000, "character": 5}}},
             {"method": "textDocument/didClose", "params": {"textDocument": doc}},
             {"id": n + 3, "method": "shutdown"},
             {"method": "exit"}]
    return b"".join(frame(m) for m in msgs)


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


write("01-clean-plan-utf16.lsp",
      session(plan("068-clean_plan.dxp"), "utf-16", ["企2  unit", "県民  owner", "公開数 「", "データセット"],
              lambda t: t.replace("target", "target {", 1)))
write("02-rules-utf8.lsp",
      session(plan("071-rules_custom.dxp"), "utf-8", ["独自 \"", "standard", "rate >="],
              lambda t: t + "\nkpi 追加 { unit 件 }\n"))
write("03-units-utf32.lsp",
      session(plan("078-units.dxp"), "utf-32", ["件", "ページ"], lambda t: t.replace("unit", "単位", 2)))
write("04-regression-lint.lsp",
      session(plan("054-DXP530_regression.dxp"), "utf-16", ["企15  unit", "導入箇所: 491", "公開数: 140"],
              lambda t: t[: len(t) // 2]))
write("05-astral-and-errors.lsp",
      session('import "std"\nimport "other.dxp"\nplan 𠮷田 "𠮷田町" { period R3..R6 }\n'
              'kpi 𠮷指標 「𠮷」 { unit 不明  target { R6: 1 } }\n', "utf-16", ["𠮷指標", "不明"],
              lambda t: t.replace("不明", "件")))

# The protocol broken in every way the server answers with an error.
broken = [
    b"Content-Length: 5\r\n\r\n[1,2]",                            # not an object (before initialize)
    b"Content-Type: x\r\n\r\n{}",                                  # no Content-Length
    b"Content-Length: -4\r\n\r\n",
    frame({"id": 1, "method": "textDocument/hover", "params": {}}),  # not initialized
    frame({"id": [1], "method": "initialize", "params": {}}),      # bad id
    frame({"id": 2, "method": "initialize", "params": 3}),         # params not an object
    frame({"id": 3, "method": "initialize", "params": {"capabilities": {"general": {"positionEncodings": [1, "utf-32"]}}}}),
    frame({"id": 4, "method": "initialize", "params": {}}),        # already initialized
    frame({"id": 5, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///none.dxp"}}}),
    frame({"method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///a.dxp", "text": "kpi"}}}),
    frame({"id": 6, "method": "textDocument/hover",
           "params": {"textDocument": {"uri": "file:///a.dxp"}, "position": {"line": -1, "character": "x"}}}),
    frame({"id": 7, "method": "textDocument/definition",
           "params": {"textDocument": {"uri": "file:///a.dxp"}, "position": {"line": 0, "character": 99}}}),
    frame({"method": "textDocument/didChange",
           "params": {"textDocument": {"uri": "file:///a.dxp"}, "contentChanges": []}}),
    frame({"id": 8, "method": "workspace/unknown", "params": {}}),
    frame({"id": 9, "result": None}),                              # a response, not a request
    frame({"id": 10, "method": "shutdown"}),
    frame({"id": 11, "method": "textDocument/hover", "params": {}}),  # after shutdown
    frame({"method": "exit"}),
]
# Framing that swallows what follows: a body cut short, and a length past the limit.
tails = [b"Content-Length: 12\r\n\r\n{\"id\": 1, \"", b"Content-Length: 99999999999\r\n\r\n{}"]
write("06-broken-protocol.lsp", b"".join(broken))
write("07-cut-short.lsp", frame({"id": 1, "method": "initialize", "params": {}}) + tails[0])
write("08-too-large.lsp", frame({"id": 1, "method": "initialize", "params": {}}) + tails[1])
