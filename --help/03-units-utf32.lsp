Content-Length: 174

{"id": 1, "method": "initialize", "params": {"processId": null, "rootUri": "file:///plans", "capabilities": {"general": {"positionEncodings": ["utf-32"]}}}, "jsonrpc": "2.0"}Content-Length: 57

{"method": "initialized", "params": {}, "jsonrpc": "2.0"}Content-Length: 1502

{"method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///plans/計画.dxp", "languageId": "dxp", "version": 1, "text": "# units — the units Japanese plans use, with their conversions.\n#\n# A unit without `=` is a base unit: its own dimension, convertible to nothing\n# else (件 and 回 are different things). `unit A = N B` makes A convertible to\n# B: a value in A is N times the same value in B. `%` is built in: it is\n# dimensionless and means 1/100.\n\n# Counts of things\nunit 件\nunit 回\nunit 箇所\nunit 社\nunit 法人\nunit 経営体\nunit 事業所\nunit 店舗\nunit 施設\nunit 団体\nunit 市町村\nunit 地区\nunit 校\nunit 台\nunit 端末\nunit 枚\nunit ページ\nunit 橋\nunit 本\nunit 個\nunit 点\nunit 事業\nunit 手続\nunit データセット\nunit ID\nunit アドレス\n\n# People\nunit 人\nunit 名 = 1 人\nunit 人泊            # overnight stays (宿泊者数)\nunit 人日            # person-days\n\n# Money\nunit 円\nunit 千円 = 1,000 円\nunit 万円 = 10,000 円\nunit 百万円 = 1,000,000 円\nunit 億円 = 100,000,000 円\n\n# Durations (分 is the base, so every conversion factor is a whole number)\nunit 分\nunit 時間 = 60 分\nunit h = 60 分\nunit 日 = 1,440 分\nunit 週 = 10,080 分\n\n# Calendar periods, for rates such as 件/月 and 回/年度\nunit 月\nunit 年 = 12 月\nunit 年度 = 12 月\n\n# Mass (食品ロス量 …)\nunit kg\nunit t = 1,000 kg\nunit トン = 1,000 kg\n"}}, "jsonrpc": "2.0"}Content-Length: 165

{"id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 3, "character": 8}}, "jsonrpc": "2.0"}Content-Length: 170

{"id": 3, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 3, "character": 8}}, "jsonrpc": "2.0"}Content-Length: 166

{"id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 24, "character": 5}}, "jsonrpc": "2.0"}Content-Length: 171

{"id": 5, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 24, "character": 5}}, "jsonrpc": "2.0"}Content-Length: 133

{"id": 6, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}}, "jsonrpc": "2.0"}Content-Length: 178

{"id": 7, "method": "textDocument/formatting", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "options": {"tabSize": 2, "insertSpaces": true}}, "jsonrpc": "2.0"}Content-Length: 1509

{"method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///plans/計画.dxp", "version": 2}, "contentChanges": [{"text": "# 単位s — the 単位s Japanese plans use, with their conversions.\n#\n# A unit without `=` is a base unit: its own dimension, convertible to nothing\n# else (件 and 回 are different things). `unit A = N B` makes A convertible to\n# B: a value in A is N times the same value in B. `%` is built in: it is\n# dimensionless and means 1/100.\n\n# Counts of things\nunit 件\nunit 回\nunit 箇所\nunit 社\nunit 法人\nunit 経営体\nunit 事業所\nunit 店舗\nunit 施設\nunit 団体\nunit 市町村\nunit 地区\nunit 校\nunit 台\nunit 端末\nunit 枚\nunit ページ\nunit 橋\nunit 本\nunit 個\nunit 点\nunit 事業\nunit 手続\nunit データセット\nunit ID\nunit アドレス\n\n# People\nunit 人\nunit 名 = 1 人\nunit 人泊            # overnight stays (宿泊者数)\nunit 人日            # person-days\n\n# Money\nunit 円\nunit 千円 = 1,000 円\nunit 万円 = 10,000 円\nunit 百万円 = 1,000,000 円\nunit 億円 = 100,000,000 円\n\n# Durations (分 is the base, so every conversion factor is a whole number)\nunit 分\nunit 時間 = 60 分\nunit h = 60 分\nunit 日 = 1,440 分\nunit 週 = 10,080 分\n\n# Calendar periods, for rates such as 件/月 and 回/年度\nunit 月\nunit 年 = 12 月\nunit 年度 = 12 月\n\n# Mass (食品ロス量 …)\nunit kg\nunit t = 1,000 kg\nunit トン = 1,000 kg\n"}]}, "jsonrpc": "2.0"}Content-Length: 170

{"id": 8, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}, "position": {"line": 100000, "character": 5}}, "jsonrpc": "2.0"}Content-Length: 118

{"method": "textDocument/didClose", "params": {"textDocument": {"uri": "file:///plans/計画.dxp"}}, "jsonrpc": "2.0"}Content-Length: 49

{"id": 9, "method": "shutdown", "jsonrpc": "2.0"}Content-Length: 36

{"method": "exit", "jsonrpc": "2.0"}