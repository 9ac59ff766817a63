// The repository holds source only: nothing a run of the platform or a tool wrote.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../platform/tools.ts';

/** Why a tracked path looks like runtime state, or undefined when it looks like source. */
function runtimeStateReason(file: string): string | undefined {
  const segments = file.split('/');
  const name = segments.at(-1)!;
  if (segments.some((s) => s === '.data' || s === '.tools' || s === 'node_modules')) {
    return 'inside a folder the platform or npm writes';
  }
  if (['PG_VERSION', 'postmaster.pid', 'postmaster.opts', 'pg_hba.conf'].includes(name)) {
    return 'part of a PostgreSQL data folder';
  }
  if (segments.some((s) => /^pg_(wal|xact|multixact|tblspc|stat)$/.test(s))) {
    return 'part of a PostgreSQL data folder';
  }
  if (/\.(db|sqlite3?|db-wal|db-shm|db-journal|log|pid|pem|key|p12|pfx)$/i.test(name)) {
    return 'a database, log or key file';
  }
  if (!name.includes('.') && /(key|password|secret|token|credentials?)$/i.test(name)) {
    return 'a key or password file';
  }
  return undefined;
}

describe('the repository', () => {
  it('tracks no runtime state: no data folder, key, database or password file', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: projectRoot, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    expect(tracked.length).toBeGreaterThan(100);
    const offenders = tracked.flatMap((f) => {
      const reason = runtimeStateReason(f);
      return reason ? [`${f}: ${reason}`] : [];
    });
    expect(offenders).toEqual([]);
  });

  it.each([
    ['postgres/PG_VERSION', true],
    ['postgres/pg_wal/000000010000000000000001', true],
    ['temporal.db', true],
    ['demo-signing-key', true],
    ['postgres-password', true],
    ['.data/runtime.json', true],
    ['logs/api.log', true],
    ['platform/secrets.ts', false],
    ['payload-key', true],
    ['application-password', true],
    ['domain/money.ts', false],
    ['prisma/migrations/20261127000000_init/migration.sql', false],
    ['templates/fonts/NotoSansSC-subset.otf', false],
  ])('tells runtime state from source: %s', (file, isState) => {
    expect(runtimeStateReason(path.posix.normalize(file)) !== undefined).toBe(isState);
  });
});
