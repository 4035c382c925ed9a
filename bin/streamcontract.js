#!/usr/bin/env node
// Command-line launcher: runs the bundled CLI (build it first with `npm run build`).
import('../dist/cli/cli.mjs');
