#!/usr/bin/env python3
"""Checks --compact output against the indented one: same-json.py INDENTED COMPACT ...

Each pair must hold the same JSON document (members in the same order), the
compact one on a single line that ends in a newline, without a blank outside
its strings. Exits non-zero and names each pair that differs."""
import json
import sys


def blank_outside_strings(text):
    """The offset of the first blank outside a string, or None."""
    in_string = escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in " \t\r\n":
            return i
    return None


args = sys.argv[1:]
if not args or len(args) % 2:
    sys.exit("usage: same-json.py INDENTED COMPACT [INDENTED COMPACT ...]")
failed = 0
for indented_path, compact_path in zip(args[0::2], args[1::2]):
    with open(indented_path, encoding="utf-8") as f:
        indented = json.load(f, object_pairs_hook=list)
    with open(compact_path, encoding="utf-8") as f:
        compact_text = f.read()
    body = compact_text[:-1] if compact_text.endswith("\n") else None
    blank = blank_outside_strings(body) if body is not None else None
    if json.loads(compact_text, object_pairs_hook=list) != indented:
        print(f"{compact_path}: not the document of {indented_path}")
        failed += 1
    elif body is None or blank is not None:
        where = "no final newline" if body is None else f"a blank at offset {blank}"
        print(f"{compact_path}: not one line ({where})")
        failed += 1
sys.exit(1 if failed else 0)
