// The key that signs demo tokens: random per data folder, never in the repository, and
// never accepted when an identity provider (JWKS) is configured.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function demoSigningKey(dataDir: string): Promise<Uint8Array> {
  const file = path.join(dataDir, 'demo-signing-key');
  if (!existsSync(file)) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
  }
  return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64url');
}
