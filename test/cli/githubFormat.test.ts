// GitHub workflow commands stay one line each whatever the text: the escaping a fixture cannot show (a `:` in a path is no portable file name).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeGithubData, escapeGithubProperty, renderGithub } from '../../server/src/cli/report';

test('a property value escapes `%`, line breaks, `:` and `,`; a message escapes `%` and line breaks only', () => {
  assert.equal(escapeGithubProperty('C:\\work\\a,b 100%\r\n.odcs.yaml'), 'C%3A\\work\\a%2Cb 100%25%0D%0A.odcs.yaml');
  assert.equal(escapeGithubData('a: b, 100%\r\n::set-output name=x::y'), 'a: b, 100%25%0D%0A::set-output name=x::y');
});

test('a path and a message full of line breaks and workflow commands give exactly one command per problem and the summary', () => {
  const hostile = 'x\n::set-output name=leak::1\r::add-mask::y\r\n::error::z';
  const text = `${hostile}\nsecond line\n`;
  const report = renderGithub([
    {
      path: `dir:1,line=9/${hostile}.odcs.yaml`,
      text,
      problems: [
        { code: 'schema-unknown-key', severity: 'error', message: hostile, span: { start: 0, end: 1 } },
        { code: 'unknown-status', severity: 'hint', message: `100% ${hostile}`, span: { start: text.indexOf('second'), end: text.length - 1 } },
      ],
    },
  ]);
  const lines = report.split(/\r\n|\r|\n/);
  assert.deepEqual(lines.slice(2), ['1 contract(s) checked: 1 error(s), 0 warning(s).', '']);
  const [error, notice] = lines;
  const path = 'dir%3A1%2Cline=9/x%0A%3A%3Aset-output name=leak%3A%3A1%0D%3A%3Aadd-mask%3A%3Ay%0D%0A%3A%3Aerror%3A%3Az.odcs.yaml';
  const message = 'x%0A::set-output name=leak::1%0D::add-mask::y%0D%0A::error::z';
  assert.equal(error, `::error file=${path},line=1,col=1,endLine=1,endColumn=2,title=schema-unknown-key::${message}`);
  assert.equal(notice, `::notice file=${path},line=5,col=1,endLine=5,endColumn=12,title=unknown-status::100%25 ${message}`);
});
