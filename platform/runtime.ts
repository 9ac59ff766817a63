// Where a running platform can be reached, for commands run beside it (the token command).
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface RuntimeInfo {
  databaseUrl: string;
  apiUrl: string;
}

const fileIn = (dataDir: string) => path.join(dataDir, 'runtime.json');

export const writeRuntimeInfo = (dataDir: string, info: RuntimeInfo) =>
  writeFile(fileIn(dataDir), JSON.stringify(info, null, 2), { mode: 0o600 });

export const clearRuntimeInfo = (dataDir: string) => rm(fileIn(dataDir), { force: true });

export async function readRuntimeInfo(dataDir: string): Promise<RuntimeInfo | undefined> {
  try {
    return JSON.parse(await readFile(fileIn(dataDir), 'utf8')) as RuntimeInfo;
  } catch {
    return undefined;
  }
}

/** The database a command run beside the platform uses: DATABASE_URL's, or the running demo's. */
export async function platformDatabaseUrl(config: {
  DATABASE_URL?: string;
  dataDir: string;
}): Promise<string> {
  const url = config.DATABASE_URL ?? (await readRuntimeInfo(config.dataDir))?.databaseUrl;
  if (!url) throw new Error('the platform is not running: start it with `npm start` first');
  return url;
}
