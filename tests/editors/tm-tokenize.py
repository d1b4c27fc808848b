#!/usr/bin/env python3
"""A small TextMate tokenizer, enough for editors/vscode/syntaxes/dxp.tmLanguage.json:
`match` rules with captures, `begin`/`end` rules with inner patterns, `include`
of the repository. At each position the rule whose match starts first wins
(ties: the earlier rule), as in TextMate and VS Code.

Usage: tm-tokenize.py GRAMMAR FILE  — prints one line per token: LINE TEXT SCOPE
(the innermost scope; text outside every rule is not printed)."""
import json
import re
import sys


def load(path):
    return json.load(open(path, encoding="utf-8"))


def expand(patterns, repo):
    """Flattens includes into a list of rules with compiled regexes."""
    rules = []
    for p in patterns:
        if "include" in p:
            rules += expand([repo[p["include"][1:]]], repo)
        elif "patterns" in p and "match" not in p and "begin" not in p:
            rules += expand(p["patterns"], repo)
        else:
            r = dict(p)
            if "match" in r:
                r["re"] = re.compile(r["match"])
            else:
                r["begin_re"] = re.compile(r["begin"])
                r["end_re"] = re.compile(r["end"])
                r["inner"] = expand(r.get("patterns", []), repo)
            rules.append(r)
    return rules


def apply_captures(scopes, m, captures, offset=0):
    for key in sorted(captures, key=int):
        group = int(key)
        if m.group(group) is None:
            continue
        for i in range(m.start(group), m.end(group)):
            scopes[i] = captures[key]["name"]


def tokenize_line(line, rules):
    scopes = [None] * len(line)
    pos = 0
    while pos < len(line):
        best = None
        for r in rules:
            m = (r.get("re") or r.get("begin_re")).search(line, pos)
            if m and (best is None or m.start() < best[1].start()):
                best = (r, m)
        if best is None:
            break
        r, m = best
        if "re" in r:
            for i in range(m.start(), m.end()):
                if r.get("name"):
                    scopes[i] = r["name"]
            apply_captures(scopes, m, r.get("captures", {}))
            pos = m.end() if m.end() > pos else pos + 1
        else:
            # a begin/end region on one line: inner rules until the end matches
            for i in range(m.start(), m.end()):
                scopes[i] = r["name"]
            p = m.end()
            while True:
                end = r["end_re"].search(line, p)
                inner = None
                for ir in r["inner"]:
                    im = ir["re"].search(line, p)
                    if im and (inner is None or im.start() < inner.start()):
                        inner = im
                        inner_rule = ir
                if inner and (end is None or inner.start() < end.start()):
                    for i in range(p, inner.end()):
                        scopes[i] = r["name"]
                    for i in range(inner.start(), inner.end()):
                        scopes[i] = inner_rule["name"]
                    p = inner.end() if inner.end() > p else p + 1
                    continue
                stop = end.end() if end else len(line)
                for i in range(p, stop):
                    scopes[i] = r["name"]
                p = stop
                break
            pos = p if p > pos else pos + 1
    return scopes


def tokens(grammar, text):
    rules = expand(grammar["patterns"], grammar["repository"])
    for number, line in enumerate(text.split("\n"), 1):
        scopes = tokenize_line(line, rules)
        i = 0
        while i < len(line):
            j = i
            while j < len(line) and scopes[j] == scopes[i]:
                j += 1
            piece = line[i:j].strip()
            if scopes[i] and piece:
                yield number, piece, scopes[i]
            i = j


if __name__ == "__main__":
    grammar = load(sys.argv[1])
    for number, piece, scope in tokens(grammar, open(sys.argv[2], encoding="utf-8").read()):
        print(f"{number} {piece} {scope}")
