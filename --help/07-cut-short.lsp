Content-Length: 65

{"id": 1, "method": "initialize", "params": {}, "jsonrpc": "2.0"}Content-Length: 12

{"id": 1, "