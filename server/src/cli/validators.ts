// The CLI's precompiled meta-schema validators: dist/validators.js, read on first validation.
import * as path from 'node:path';
import { providePrecompiledValidators } from '../engine/metaSchema';

// the CLI runs as ES module chunks in dist/cli/ (this one in dist/cli/chunks/); `require` comes from the bundle's banner
providePrecompiledValidators(() => {
  const cli = path.dirname(require.resolve('../cli.mjs'));
  return require(path.join(cli, '..', 'validators.js')).PRECOMPILED;
});
