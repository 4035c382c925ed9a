// Writes the generated ODCS meta-schemas to schemas/*.json; run with `npx tsx schemas/src/build.ts`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSchemas } from './index';

const outDir = join(__dirname, '..');
for (const { file, text } of renderSchemas()) {
  writeFileSync(join(outDir, file), text);
  console.log(`wrote schemas/${file} (${text.length} characters)`);
}
