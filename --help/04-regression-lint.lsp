Content-Length: 143

{"id": 1, "method": "initialize", "params": {"processId": null, "rootUri": "file:///plans", "capabilities": {"general": {}}}, "jsonrpc": "2.0"}Content-Length: 57

{"method": "initialized", "params": {}, "jsonrpc": "2.0"}Content-Length: 824

{"method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///plans/計画.dxp", "languageId": "dxp", "version": 1, "text": "import \"std\"\nplan 計画 「計画」 { period R3..R6 }\ngoal 県民 \"県民サービスの向上\"\nmeasure 企15 \"無料公衆無線LAN\" { goal 県民 }\nkpi 導入箇所 「みやぎFree Wi-Fi導入箇所数（累計）」 { measure 企15  unit 箇所  cumulative  baseline 915 at R2.12  target { R6: 2,003 } }\nkpi 事故 「インシデント数」 { measure 企15  unit 件  direction down  baseline 1 at R2.12  target { R6: 0 } }\nkpi 公開数 「公開数」 { measure 企15  unit 件  baseline 128 at R2.12  target { R6: 150 } }\nactuals R6 { 導入箇所: 491  事故: 3  公開数: 140 }   # 公開数 is quiet: below target, above baseline\n"}}, "jsonrpc": "2.0"}Content-Length: 166

{"id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 4, "character": 44}}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 3, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 4, "character": 44}}, "jsonrpc": "2.0"}Content-Length: 166

{"id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 7, "character": 13}}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 5, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 7, "character": 13}}, "jsonrpc": "2.0"}Content-Length: 166

{"id": 6, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 7, "character": 31}}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 7, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 7, "character": 31}}, "jsonrpc": "2.0"}Content-Length: 133

{"id": 8, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}}, "jsonrpc": "2.0"}Content-Length: 178

{"id": 9, "method": "textDocument/formatting", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "options": {"tabSize": 2, "insertSpaces": true}}, "jsonrpc": "2.0"}Content-Length: 535

{"method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///plans/計画.dxp", "version": 2}, "contentChanges": [{"text": "import \"std\"\nplan 計画 「計画」 { period R3..R6 }\ngoal 県民 \"県民サービスの向上\"\nmeasure 企15 \"無料公衆無線LAN\" { goal 県民 }\nkpi 導入箇所 「みやぎFree Wi-Fi導入箇所数（累計）」 { measure 企15  unit 箇所  cumulative  baseline 915 at R2.12  target { R6: 2,003 } }\nkpi 事故 「インシデント数」 { measur"}]}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 10, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 100000, "character": 5}}, "jsonrpc": "2.0"}Content-Length: 118

{"method": "textDocument/didClose", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}}, "jsonrpc": "2.0"}Content-Length: 50

{"id": 11, "method": "shutdown", "jsonrpc": "2.0"}Content-Length: 36

{"method": "exit", "jsonrpc": "2.0"}