// The dxp extension: starts `dxp lsp` for .dxp files. Highlighting comes from
// the TextMate grammar; diagnostics, hover, go to definition, the outline and
// formatting come from the language server.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('dxp').get('path') || 'dxp';
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient('dxp', 'dxp', { run: server, debug: server }, {
    documentSelector: [{ scheme: 'file', language: 'dxp' }],
  });
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
