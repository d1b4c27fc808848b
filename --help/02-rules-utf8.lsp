Content-Length: 173

{"id": 1, "method": "initialize", "params": {"processId": null, "rootUri": "file:///plans", "capabilities": {"general": {"positionEncodings": ["utf-8"]}}}, "jsonrpc": "2.0"}Content-Length: 57

{"method": "initialized", "params": {}, "jsonrpc": "2.0"}Content-Length: 711

{"method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///plans/計画.dxp", "languageId": "dxp", "version": 1, "text": "# A plan's own rule set in a few lines: S/A/B/C by the rate, and a roll-up.\nimport \"lib/rules-plan.dxp\"\nplan 評価 「独自の規則」 { period R3..R6  rules 独自 }\nrules 独自 \"独自評価（S/A/B/C）\" extends standard {\n  rate_formula: \"達成率 = 実績値 ÷ 目標値; S: 120%以上, A: 100%以上, B: 80%以上, C: それ未満\"\n  grade: if rate >= 120% then \"S\" else if rate >= 100% then \"A\" else if rate >= 80% then \"B\" else \"C\"\n  rollup: if share_met >= 50% then \"おおむね順調\" else \"要改善\"\n}\n"}}, "jsonrpc": "2.0"}Content-Length: 165

{"id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 3, "character": 6}}, "jsonrpc": "2.0"}Content-Length: 170

{"id": 3, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 3, "character": 6}}, "jsonrpc": "2.0"}Content-Length: 166

{"id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 3, "character": 49}}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 5, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 3, "character": 49}}, "jsonrpc": "2.0"}Content-Length: 166

{"id": 6, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 5, "character": 12}}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 7, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 5, "character": 12}}, "jsonrpc": "2.0"}Content-Length: 133

{"id": 8, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}}, "jsonrpc": "2.0"}Content-Length: 178

{"id": 9, "method": "textDocument/formatting", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "options": {"tabSize": 2, "insertSpaces": true}}, "jsonrpc": "2.0"}Content-Length: 741

{"method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///plans/計画.dxp", "version": 2}, "contentChanges": [{"text": "# A plan's own rule set in a few lines: S/A/B/C by the rate, and a roll-up.\nimport \"lib/rules-plan.dxp\"\nplan 評価 「独自の規則」 { period R3..R6  rules 独自 }\nrules 独自 \"独自評価（S/A/B/C）\" extends standard {\n  rate_formula: \"達成率 = 実績値 ÷ 目標値; S: 120%以上, A: 100%以上, B: 80%以上, C: それ未満\"\n  grade: if rate >= 120% then \"S\" else if rate >= 100% then \"A\" else if rate >= 80% then \"B\" else \"C\"\n  rollup: if share_met >= 50% then \"おおむね順調\" else \"要改善\"\n}\n\nkpi 追加 { unit 件 }\n"}]}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 10, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 100000, "character": 5}}, "jsonrpc": "2.0"}Content-Length: 118

{"method": "textDocument/didClose", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}}, "jsonrpc": "2.0"}Content-Length: 50

{"id": 11, "method": "shutdown", "jsonrpc": "2.0"}Content-Length: 36

{"method": "exit", "jsonrpc": "2.0"}