// Writes report.schema.json from the built zod schema (run by `pnpm build`, after tsc).
import { writeFileSync } from 'node:fs';
import { reportFileJsonSchema } from '../dist/source/report-file-schema.js';

writeFileSync(
  new URL('../report.schema.json', import.meta.url),
  `${JSON.stringify(reportFileJsonSchema(), null, 2)}\n`,
);
