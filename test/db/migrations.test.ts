// The migrations folder is the schema's history: it must produce exactly what
// schema.prisma declares, and it carries the rules Prisma cannot express.
// Its rules hold against the owner too; the application's role does not even get to try.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../prisma/client.ts';
import { pendingSchemaChanges } from '../../prisma/schema-engine.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let owner: Db;
beforeAll(async () => {
  database = await freshDatabase();
  owner = createDb(database.ownerUrl);
});
afterAll(async () => {
  await owner?.$disconnect();
  await database?.drop();
});

describe('migrations', () => {
  it('agree with schema.prisma (a model change without its migration fails here)', async () => {
    expect(await pendingSchemaChanges(database.ownerUrl)).toBe('');
  });

  it('keep the audit trail append-only, for the owner too', async () => {
    const { db } = database;
    const entityId = '00000000-0000-4000-8000-000000000001';
    await db.auditEvent.create({
      data: { entityType: 'Application', entityId, action: 'filed', data: {}, dedupeKey: 'k1' },
    });
    for (const [who, refusal] of [
      [db, /permission denied/],
      [owner, /append-only/],
    ] as const) {
      await expect(
        who.auditEvent.updateMany({ where: { entityId }, data: { action: 'rewritten' } }),
      ).rejects.toThrow(refusal);
      await expect(who.auditEvent.deleteMany({ where: { entityId } })).rejects.toThrow(refusal);
    }
    expect(await db.auditEvent.findMany({ where: { entityId } })).toHaveLength(1);
  });

  it('keep published scorecard versions immutable: a change is a new version', async () => {
    const row = await database.db.scorecardVersion.create({
      data: {
        model: 'tech-sme',
        version: '2099.1',
        effectiveFrom: '2099-01-01',
        definition: {},
        publishedById: '00000000-0000-4000-8000-000000000002',
      },
    });
    for (const [who, refusal] of [
      [database.db, /permission denied/],
      [owner, /cannot be changed or deleted/],
    ] as const) {
      await expect(
        who.scorecardVersion.update({
          where: { id: row.id },
          data: { effectiveFrom: '2000-01-01' },
        }),
      ).rejects.toThrow(refusal);
      await expect(who.scorecardVersion.delete({ where: { id: row.id } })).rejects.toThrow(refusal);
    }
  });
});
