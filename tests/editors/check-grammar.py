#!/usr/bin/env python3
"""The VS Code package: its JSON files parse and name files that exist; the
TextMate grammar highlights every form of tests/editors/forms.tsv as its
category, and the bundled example as tests/editors/policy.tokens records
(UPDATE=1 rewrites that snapshot). Prints "grammar: N passed, N failed"."""
import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VSCODE = os.path.join(ROOT, "editors", "vscode")
spec = importlib.util.spec_from_file_location("tm", os.path.join(HERE, "tm-tokenize.py"))
tm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tm)

SCOPES = {
    "declaration": ("storage.type.dxp",),
    "property": ("keyword.other.dxp",),
    "control": ("keyword.control.dxp", "keyword.operator.word.dxp"),
    "boolean": ("constant.language.boolean.dxp",),
    "state": ("constant.language.state.dxp",),
    "year": ("constant.other.year.dxp",),
    "point": ("constant.other.date.dxp",),
    "number": ("constant.numeric.dxp",),
    "unit": ("entity.name.type.unit.dxp",),
    "comment": ("comment.line.number-sign.dxp",),
    "string": ("string.quoted.double.dxp", "string.quoted.other.japanese.dxp"),
}
passed = failed = 0


def check(what, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"grammar: {what}")


def load_json(path):
    try:
        return json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError) as e:
        check(f"{path}: {e}", False)
        return None


package = load_json(os.path.join(VSCODE, "package.json"))
if package:
    contributes = package.get("contributes", {})
    for lang in contributes.get("languages", []):
        check("the language is dxp with .dxp files", lang.get("id") == "dxp" and ".dxp" in lang.get("extensions", []))
        config = lang.get("configuration")
        check(f"{config} exists", config and load_json(os.path.join(VSCODE, config)) is not None)
    for g in contributes.get("grammars", []):
        check(f"{g.get('path')} exists", os.path.exists(os.path.join(VSCODE, g.get("path", ""))))
    matchers = contributes.get("problemMatchers", [])
    check("a problem matcher for dxp lint --format gcc", any(m.get("name") == "dxp" for m in matchers))
    main = package.get("main", "")
    check(f"the extension's main {main} exists", os.path.exists(os.path.join(VSCODE, main)))

grammar = load_json(os.path.join(VSCODE, "syntaxes", "dxp.tmLanguage.json"))
if grammar:
    check("scopeName is source.dxp", grammar.get("scopeName") == "source.dxp")
    for line in open(os.path.join(HERE, "forms.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        category, text, token = line.rstrip("\n").split("\t")
        found = [scope for _, piece, scope in tm.tokens(grammar, text) if piece.startswith(token)]
        check(f"'{token}' in '{text}' is {category}, not {found}", found and found[0] in SCOPES[category])

    example = os.path.join(ROOT, "examples", "miyagi-2021-2024", "policy.dxp")
    got = "".join(f"{n} {p} {s}\n" for n, p, s in tm.tokens(grammar, open(example, encoding="utf-8").read()))
    snapshot = os.path.join(HERE, "policy.tokens")
    if os.environ.get("UPDATE"):
        open(snapshot, "w", encoding="utf-8").write(got)
    expected = open(snapshot, encoding="utf-8").read() if os.path.exists(snapshot) else ""
    if got != expected:
        import difflib
        sys.stdout.writelines(list(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                                        "policy.tokens", "now"))[:30])
    check("the example highlights as tests/editors/policy.tokens records", got == expected)

print(f"grammar: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
