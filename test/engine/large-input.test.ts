// Inputs too big to keep as fixture files: a 20 MB contract is refused at once with one diagnostic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';

test('a 20 MB contract gets a single too-large diagnostic', () => {
  const property = '      - name: field\n        logicalType: string\n';
  const text = `apiVersion: v3.1.0\nkind: DataContract\nid: big\nversion: 1.0.0\nstatus: active\nschema:\n  - name: big\n    properties:\n${property.repeat(Math.ceil((20 * 1024 * 1024) / property.length))}`;
  assert.ok(text.length >= 20 * 1024 * 1024);
  const analysis = analyze(text, { fileName: 'big.odcs.yaml' });
  assert.deepEqual(analysis.problems.map((p) => p.code), ['file-too-large']);
  assert.match(analysis.skippedReason ?? '', /too large for live analysis/);
});

test('a raised size limit analyses the same text', () => {
  const text = 'apiVersion: v3.1.0\nkind: DataContract\nid: small\nversion: 1.0.0\nstatus: active\n';
  assert.deepEqual(analyze(text, { fileName: 'a.odcs.yaml', maxBytes: 10 }).problems.map((p) => p.code), ['file-too-large']);
  assert.deepEqual(analyze(text, { fileName: 'a.odcs.yaml', maxBytes: 1000 }).problems.map((p) => p.code), []);
});
