// Bundles the extension client, the language server, the CLI and the editor test suite with esbuild.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: true,
  logLevel: 'warning',
  // mocha probes optional files for its parallel mode; they are never loaded in the editor tests
  logOverride: { 'require-resolve-not-external': 'silent' },
  // ESM dependencies read import.meta.url, which a CommonJS bundle lacks
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
];
if (existsSync('test/editor/suite/index.ts')) {
  entries.push({ entryPoints: ['test/editor/suite/index.ts'], outfile: 'dist/test/editor/index.js', external: ['vscode'] });
}

if (watch) {
  const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes...');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
}
