Content-Length: 143

{"id": 1, "method": "initialize", "params": {"processId": null, "rootUri": "file:///plans", "capabilities": {"general": {}}}, "jsonrpc": "2.0"}Content-Length: 57

{"method": "initialized", "params": {}, "jsonrpc": "2.0"}Content-Length: 310

{"method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///plans/計画.dxp", "languageId": "dxp", "version": 1, "text": "import \"std\"\nimport \"other.dxp\"\nplan 𠮷田 \"𠮷田町\" { period R3..R6 }\nkpi 𠮷指標 「𠮷」 { unit 不明  target { R6: 1 } }\n"}}, "jsonrpc": "2.0"}Content-Length: 165

{"id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 3, "character": 4}}, "jsonrpc": "2.0"}Content-Length: 170

{"id": 3, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 3, "character": 4}}, "jsonrpc": "2.0"}Content-Length: 166

{"id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 3, "character": 21}}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 5, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 3, "character": 21}}, "jsonrpc": "2.0"}Content-Length: 133

{"id": 6, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}}, "jsonrpc": "2.0"}Content-Length: 178

{"id": 7, "method": "textDocument/formatting", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "options": {"tabSize": 2, "insertSpaces": true}}, "jsonrpc": "2.0"}Content-Length: 310

{"method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///plans/計画.dxp", "version": 2}, "contentChanges": [{"text": "import \"std\"\nimport \"other.dxp\"\nplan 𠮷田 \"𠮷田町\" { period R3..R6 }\nkpi 𠮷指標 「𠮷」 { unit 件  target { R6: 1 } }\n"}]}, "jsonrpc": "2.0"}Content-Length: 170

{"id": 8, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 100000, "character": 5}}, "jsonrpc": "2.0"}Content-Length: 118

{"method": "textDocument/didClose", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}}, "jsonrpc": "2.0"}Content-Length: 49

{"id": 9, "method": "shutdown", "jsonrpc": "2.0"}Content-Length: 36

{"method": "exit", "jsonrpc": "2.0"}