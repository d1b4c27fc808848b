#!/usr/bin/env python3
"""Writes po/ja.po from po/dxp.pot and a table of translations (one-off helper
used to create the catalogue; afterwards po/ja.po is edited directly and kept
in step with `make po`)."""
import re
import sys

pot_path, table_path, out_path = sys.argv[1:4]
ns = {}
exec(open(table_path, encoding="utf-8").read(), ns)
table = ns["T"]
pot = open(pot_path, encoding="utf-8").read()
entries = re.findall(r'\n((?:#.*\n)*)msgid ((?:".*"\n)+)msgstr ""\n', pot)
out = ['msgid ""', 'msgstr ""', '"Project-Id-Version: dxp\\n"', '"Language: ja\\n"',
       '"MIME-Version: 1.0\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"',
       '"Content-Transfer-Encoding: 8bit\\n"', '"Plural-Forms: nplurals=1; plural=0;\\n"', '']
missing = 0
for comments, msgid in entries:
    key = "".join(re.findall(r'"(.*)"', msgid))
    if key == "":
        continue
    out.append(comments.rstrip("\n")) if comments.strip() else None
    out.append("msgid " + msgid.rstrip("\n"))
    if key in table:
        out.append('msgstr "' + table[key] + '"')
    else:
        missing += 1
        out.append('msgstr ""')
    out.append("")
open(out_path, "w", encoding="utf-8").write("\n".join(out))
print(f"{missing} untranslated")
