// `npm run bench`: runs every bench/*.bench.ts in turn; each prints its own figures.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
for (const file of files.filter((f) => !only || f.startsWith(only))) {
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  const { run } = (await import(path.join(here, file))) as { run: () => Promise<void> };
  await run();
}
