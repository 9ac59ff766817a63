// Attacks on the audit trail. As the platform's own role, none of the ways past the append-only
// trigger is open (replica mode, disabling the trigger, truncating, updating); as the owner of
// the tables, who can do all of that, any rewrite is found by the chain's verifier, which the
// administrator reads over the API and an operator with `npm run audit:verify`.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordAuditEvent } from '../../prisma/audit-trail.ts';
import type { Db } from '../../prisma/client.ts';
import { verifyAuditChain } from '../../prisma/audit-chain.ts';
import { projectRoot } from '../../platform/tools.ts';
import { userWith, type TestUser } from '../support/fixtures.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { auth, expectError } from '../api/client.ts';

const run = promisify(execFile);

let harness: Harness;
let database: TestDatabase;
let admin: TestUser;
let officer: TestUser;

beforeAll(async () => {
  harness = await startHarness();
  database = harness.database;
  [admin, officer] = await Promise.all([
    userWith(database.db, ['ADMIN']),
    userWith(database.db, ['OFFICER'], 'demo-bank'),
  ]);
});

afterAll(async () => {
  await harness?.close();
});

async function sql(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** Events written as the platform writes them, many at once, as concurrent cases do. */
async function writeEvents(db: Db, count: number) {
  const entityId = randomUUID();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      recordAuditEvent(db, {
        entityType: 'Application',
        entityId,
        action: 'filed',
        data: { i },
        dedupeKey: `${entityId}:${i}`,
      }),
    ),
  );
  return db.auditEvent.findMany({ where: { entityId }, orderBy: { id: 'asc' } });
}

describe('as the platform’s role', () => {
  it.each([
    ['replica mode', 'SET session_replication_role = replica', /permission denied/],
    ['disabling the trigger', 'ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL', /must be owner/],
    ['truncating', 'TRUNCATE "AuditEvent"', /permission denied/],
    ['updating', `UPDATE "AuditEvent" SET action = 'rewritten'`, /permission denied/],
    ['deleting', 'DELETE FROM "AuditEvent"', /permission denied/],
    ['moving the head', 'UPDATE "AuditChainHead" SET "lastId" = 0', /permission denied/],
    ['rewriting a decision', 'DELETE FROM "Decision"', /permission denied/],
  ])('is refused %s', async (_what, statement, refusal) => {
    await expect(sql(database.url, statement)).rejects.toThrow(refusal);
  });

  it('is the role the database sees: neither superuser nor owner', async () => {
    const { rows } = await sql(
      database.url,
      `SELECT rolsuper, pg_has_role(current_user, c.relowner, 'MEMBER') AS owns
       FROM pg_roles r, pg_class c
       WHERE r.rolname = current_user AND c.oid = '"AuditEvent"'::regclass`,
    );
    expect(rows).toEqual([{ rolsuper: false, owns: false }]);
  });
});

describe('the hash chain', () => {
  let scratch: TestDatabase;
  beforeEach(async () => {
    scratch = await freshDatabase();
    return () => scratch.drop();
  });

  it('holds under concurrent writers, and a retried write records its event once', async () => {
    const events = await writeEvents(scratch.db, 25);
    expect(events).toHaveLength(25);
    const again = await recordAuditEvent(scratch.db, {
      entityType: 'Application',
      entityId: events[0]!.entityId,
      action: 'filed',
      data: { i: 0 },
      dedupeKey: events[0]!.dedupeKey,
    });
    expect(again).toBe(false);
    const report = await verifyAuditChain(scratch.db);
    expect(report).toMatchObject({ intact: true, firstBroken: null });
    expect(report.head.id).toBe(String(events.at(-1)!.id));
  });

  it.each([
    ['altered', (id: bigint) => `UPDATE "AuditEvent" SET data = '{"i": 99}' WHERE id = ${id}`, 0],
    ['unlinked', (id: bigint) => `DELETE FROM "AuditEvent" WHERE id = ${id}`, 1],
    ['cut_short', (id: bigint) => `DELETE FROM "AuditEvent" WHERE id >= ${id}`, -1],
  ] as const)(
    'finds an owner’s rewrite behind the trigger (%s)',
    async (problem, rewrite, reported) => {
      const events = await writeEvents(scratch.db, 6);
      const target = events[3]!.id;
      await sql(
        scratch.ownerUrl,
        `BEGIN; SET LOCAL session_replication_role = replica; ${rewrite(target)}; COMMIT;`,
      );
      const report = await verifyAuditChain(scratch.db);
      const expected = reported === -1 ? events[2]!.id : events[3 + reported]!.id;
      expect(report).toMatchObject({
        intact: false,
        firstBroken: { id: String(expected), problem },
      });
    },
  );
});

describe('the verification', () => {
  it('is the administrator’s, over the API', async () => {
    await writeEvents(database.db, 3);
    const res = await request(harness.app).get('/v1/audit/verification').set(auth(admin));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ intact: true, firstBroken: null });
    expectError(
      await request(harness.app).get('/v1/audit/verification').set(auth(officer)),
      403,
      'forbidden',
    );
  });

  it('is an operator’s command, exiting 1 on a broken chain', async () => {
    const command = () =>
      run('npx', ['tsx', 'platform/verify-audit.ts'], {
        cwd: projectRoot,
        // As in production, where the platform's settings are all in the environment.
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          CORE_BANKING: 'fake',
          REGISTRIES: 'fake',
        },
      });
    const whole = await command();
    expect(JSON.parse(whole.stdout)).toMatchObject({ intact: true });
    const [event] = await writeEvents(database.db, 1);
    await sql(
      database.ownerUrl,
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE "AuditEvent" SET action = 'forged' WHERE id = ${event!.id}; COMMIT;`,
    );
    const broken = await command().catch((error: { code: number; stdout: string }) => error);
    expect(broken).toMatchObject({ code: 1 });
    expect(JSON.parse((broken as { stdout: string }).stdout).firstBroken).toEqual({
      id: String(event!.id),
      problem: 'altered',
    });
  });
});
