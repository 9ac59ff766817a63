// Once per test run: a PostgreSQL server (DATABASE_URL's, or an embedded one), a template
// database with every migration applied, and the application's role, granted what the platform
// gets: each test file clones the template and connects as that role, never as the owner.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type RunningPostgres } from '../../platform/embedded-postgres.ts';
import { grantApplicationRole } from '../../prisma/app-role.ts';
import { deployMigrations } from '../../prisma/schema-engine.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
    /** The server as the application's role. */
    applicationUrl: string;
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
  const templateUrl = withDatabase(serverUrl, templateDatabase);
  await deployMigrations(templateUrl);
  const role = `diguan_test_app_${process.pid}`;
  const password = randomBytes(18).toString('base64url');
  project.provide('serverUrl', serverUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('applicationUrl', await grantApplicationRole(templateUrl, role, password));

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${templateDatabase}" WITH (FORCE)`);
    // Fails only while a test file's database outlives the run; the role is harmless then.
    await admin.query(`DROP ROLE IF EXISTS "${role}"`).catch(() => undefined);
    await admin.end();
    await embedded?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  };
}
