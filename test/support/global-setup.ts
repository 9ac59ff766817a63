// Once per test run: a PostgreSQL server (DATABASE_URL's, or an embedded one) and a
// template database with every migration applied; each test file clones the template.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type RunningPostgres } from '../../platform/embedded-postgres.ts';
import { deployMigrations } from '../../prisma/schema-engine.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
  }
}

export const withDatabase = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

export default async function setup(project: TestProject) {
  let embedded: RunningPostgres | undefined;
  let scratch: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'diguan-test-pg-'));
    embedded = await startEmbeddedPostgres(scratch, 'postgres', () => {});
    serverUrl = embedded.url;
  }
  const templateDatabase = `diguan_test_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${templateDatabase}"`);
  await admin.query(`CREATE DATABASE "${templateDatabase}"`);
  await deployMigrations(withDatabase(serverUrl, templateDatabase));
  project.provide('serverUrl', serverUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${templateDatabase}" WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  };
}
