// The secrets a laptop's platform makes for itself and keeps in its data folder (never in the
// repository): database passwords, the key that signs demo tokens, the key that encrypts
// Temporal payloads. Each is 32 random bytes, made on first use and readable by its owner only.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The secret kept under `name`, base64url-encoded. */
export async function secretIn(dataDir: string, name: string): Promise<string> {
  const file = path.join(dataDir, name);
  await mkdir(dataDir, { recursive: true });
  // `wx`: two processes starting at once keep whichever secret was written first.
  await writeFile(file, `${randomBytes(32).toString('base64url')}\n`, {
    mode: 0o600,
    flag: 'wx',
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return (await readFile(file, 'utf8')).trim();
}

/** The key that signs demo tokens, never accepted when an identity provider is configured. */
export const demoSigningKey = async (dataDir: string) =>
  Buffer.from(await secretIn(dataDir, 'demo-signing-key'), 'base64url');
