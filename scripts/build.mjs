// Bundles the extension client, the language server, the CLI, the editor test suite and the webview scripts with esbuild.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
/**
 * Node holds a script's source in memory for as long as it runs, two bytes per character when a single character is
 * beyond Latin-1. esbuild escapes such characters in code but copies comments as they are (a dependency's comment
 * has a full-width comma), so the bundles' remaining ones, all in comments, are escaped after each build.
 */
const oneByteSource = {
  name: 'one-byte-source',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length) return;
      for (const file of Object.keys(result.metafile?.outputs ?? {}).filter((f) => /\.m?js$/.test(f))) {
        const text = readFileSync(file, 'utf8');
        if (/[^\u0000-\u00ff]/.test(text)) writeFileSync(file, text.replace(/[^\u0000-\u00ff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
      }
    });
  },
};
const common = {
  bundle: true,
  metafile: true,
  plugins: [oneByteSource],
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
const nodeEntries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/catalogWorker.ts'], outfile: 'dist/catalogWorker.js' },
  // the precompiled meta-schema validators, loaded by the server and the CLI on first validation
  { entryPoints: ['server/src/engine/generated/validators.ts'], outfile: 'dist/validators.js' },
];
if (existsSync('test/editor/suite/index.ts')) {
  nodeEntries.push({ entryPoints: ['test/editor/suite/index.ts'], outfile: 'dist/test/editor/index.js', external: ['vscode'] });
}
// The Flink SQL preview webview (client/webview): Monaco for the browser, loaded with a nonce'd <script> (IIFE), its
// stylesheet (Monaco's CSS, imported by its modules, lands in main.css) with the codicon font, and Monaco's editor
// worker, which the page starts from a blob: URL. Everything the webview may load lives in dist/webview.
const webview = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
  outdir: 'dist/webview',
  loader: { '.ttf': 'file' },
  assetNames: '[name]',
};
// The CLI as ES modules split by command: `--help` loads a few kilobytes, `diff` no SQL grammar, `lint` everything.
const cli = {
  ...common,
  entryPoints: { cli: 'server/src/cli.ts' },
  outdir: 'dist/cli',
  format: 'esm',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  define: {},
  // bundled CommonJS dependencies call require() for Node's own modules
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
};
const entries = [
  ...nodeEntries.map((e) => ({ ...common, ...e })),
  cli,
  { ...webview, entryPoints: { main: 'client/webview/main.ts', 'editor.worker': 'client/webview/editorWorker.ts' } },
];

// the meta-schemas' validators, precompiled into server/src/engine/generated/ for the bundles below
const compiled = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/compile-validators.ts'], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

// chunk names carry content hashes: chunks of an earlier build would stay behind
rmSync('dist/cli', { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(entries.map((e) => esbuild.context(e)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes...');
} else {
  await Promise.all(entries.map((e) => esbuild.build(e)));
}
