Content-Length: 143

{"id": 1, "method": "initialize", "params": {"processId": null, "rootUri": "file:///plans", "capabilities": {"general": {}}}, "jsonrpc": "2.0"}Content-Length: 57

{"method": "initialized", "params": {}, "jsonrpc": "2.0"}Content-Length: 690

{"method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///plans/計画.dxp", "languageId": "dxp", "version": 1, "text": "import \"std\"\nplan 計画 「みやぎ情報化推進ポリシー」 { period R3〜R6  stage draft }\ngoal 県民 \"最適化による県民サービスの向上\" { label \"D for Citizen\" }\nmeasure 企2 \"オープンデータみやぎの推進\" { goal 県民  owner \"企画部\" \"デジタルみやぎ推進課\"  since H27 }\nkpi 公開数 「オープンデータみやぎ公開数」 {\n  measure 企2  unit データセット\n  baseline １２８ at 令和2年12月\n  target { R3: 135  R4～R6: 調整中 }\n}\n"}}, "jsonrpc": "2.0"}Content-Length: 166

{"id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 5, "character": 10}}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 3, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 5, "character": 10}}, "jsonrpc": "2.0"}Content-Length: 166

{"id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 3, "character": 34}}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 5, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 3, "character": 34}}, "jsonrpc": "2.0"}Content-Length: 165

{"id": 6, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 4, "character": 4}}, "jsonrpc": "2.0"}Content-Length: 170

{"id": 7, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 4, "character": 4}}, "jsonrpc": "2.0"}Content-Length: 166

{"id": 8, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 5, "character": 19}}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 9, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 5, "character": 19}}, "jsonrpc": "2.0"}Content-Length: 134

{"id": 10, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}}, "jsonrpc": "2.0"}Content-Length: 179

{"id": 11, "method": "textDocument/formatting", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "options": {"tabSize": 2, "insertSpaces": true}}, "jsonrpc": "2.0"}Content-Length: 695

{"method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///plans/計画.dxp", "version": 2}, "contentChanges": [{"text": "import \"std\"\nplan 計画 「みやぎ情報化推進ポリシー」 { period R3〜R6  stage draft }\ngoal 県民 \"最適化による県民サービスの向上\" { label \"D for Citizen\" }\nmeasure 企2 \"オープンデータみやぎの推進\" { goal 県民  owner \"企画部\" \"デジタルみやぎ推進課\"  since H27 }\nkpi 公開数 「オープンデータみやぎ公開数」 {\n  measure 企2  unit データセット\n  baseline １２８ at 令和2年12月\n  target { { R3: 135  R4～R6: 調整中 }\n}\n"}]}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 12, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 100000, "character": 5}}, "jsonrpc": "2.0"}Content-Length: 118

{"method": "textDocument/didClose", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}}, "jsonrpc": "2.0"}Content-Length: 50

{"id": 13, "method": "shutdown", "jsonrpc": "2.0"}Content-Length: 36

{"method": "exit", "jsonrpc": "2.0"}