// A database of its own for each test file, cloned from the migrated template.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../../prisma/client.ts';
import { seedDemoData } from '../../prisma/seed.ts';
import { withDatabase } from './global-setup.ts';

export interface TestDatabase {
  /** As the application's role, which `db` uses. */
  url: string;
  /** As the owner of the tables, for what only migrations and attackers do. */
  ownerUrl: string;
  db: Db;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('serverUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function freshDatabase(): Promise<TestDatabase> {
  const name = `diguan_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`));
  const url = withDatabase(inject('applicationUrl'), name);
  const db = createDb(url);
  await seedDemoData(db);
  return {
    url,
    ownerUrl: withDatabase(inject('serverUrl'), name),
    db,
    drop: async () => {
      await db.$disconnect();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
