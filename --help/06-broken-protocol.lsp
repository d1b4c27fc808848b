Content-Length: 5

[1,2]Content-Type: x

{}Content-Length: -4

Content-Length: 73

{"id": 1, "method": "textDocument/hover", "params": {}, "jsonrpc": "2.0"}Content-Length: 67

{"id": [1], "method": "initialize", "params": {}, "jsonrpc": "2.0"}Content-Length: 64

{"id": 2, "method": "initialize", "params": 3, "jsonrpc": "2.0"}Content-Length: 130

{"id": 3, "method": "initialize", "params": {"capabilities": {"general": {"positionEncodings": [1, "utf-32"]}}}, "jsonrpc": "2.0"}Content-Length: 65

{"id": 4, "method": "initialize", "params": {}, "jsonrpc": "2.0"}Content-Length: 116

{"id": 5, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///none.dxp"}}, "jsonrpc": "2.0"}Content-Length: 121

{"method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///a.dxp", "text": "kpi"}}, "jsonrpc": "2.0"}Content-Length: 157

{"id": 6, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///a.dxp"}, "position": {"line": -1, "character": "x"}}, "jsonrpc": "2.0"}Content-Length: 160

{"id": 7, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///a.dxp"}, "position": {"line": 0, "character": 99}}, "jsonrpc": "2.0"}Content-Length: 130

{"method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///a.dxp"}, "contentChanges": []}, "jsonrpc": "2.0"}Content-Length: 72

{"id": 8, "method": "workspace/unknown", "params": {}, "jsonrpc": "2.0"}Content-Length: 43

{"id": 9, "result": null, "jsonrpc": "2.0"}Content-Length: 50

{"id": 10, "method": "shutdown", "jsonrpc": "2.0"}Content-Length: 74

{"id": 11, "method": "textDocument/hover", "params": {}, "jsonrpc": "2.0"}Content-Length: 36

{"method": "exit", "jsonrpc": "2.0"}