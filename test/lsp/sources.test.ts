// The source service forgets closed documents: a long session that opens and closes many contracts does not grow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceService } from '../../server/src/lsp/sources';

const contract = (n: number) => `apiVersion: v3.1.0\nkind: DataContract\nid: c${n}\nversion: 1.0.0\nstatus: active\nschema:\n  - name: s\n    properties:\n      - name: id\n        transformSourceObjects: [t.id]\n`;

test('200 contracts opened and closed leave nothing behind', () => {
  const open = new Map<string, TextDocument>();
  const documents = { all: () => [...open.values()], get: (uri: string) => open.get(uri) } as unknown as TextDocuments<TextDocument>;
  const sources = new SourceService(documents, () => []);
  for (let n = 0; n < 200; n++) {
    const uri = `untitled:Untitled-${n}`;
    open.set(uri, TextDocument.create(uri, 'odcs', 1, contract(n)));
    assert.equal(sources.allContracts().length, 1);
    sources.lineageOf(uri, contract(n));
    open.delete(uri);
    sources.forget(uri);
  }
  assert.equal(sources.remembered, 0);
  sources.dispose();
});
