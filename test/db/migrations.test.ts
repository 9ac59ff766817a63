// The migrations folder is the schema's history: it must produce exactly what
// schema.prisma declares, and it carries the rules Prisma cannot express.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingSchemaChanges } from '../../prisma/schema-engine.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database?.drop());

describe('migrations', () => {
  it('agree with schema.prisma (a model change without its migration fails here)', async () => {
    expect(await pendingSchemaChanges(database.url)).toBe('');
  });

  it('keep the audit trail append-only', async () => {
    const { db } = database;
    const entityId = '00000000-0000-4000-8000-000000000001';
    await db.auditEvent.create({
      data: { entityType: 'Application', entityId, action: 'filed', data: {}, dedupeKey: 'k1' },
    });
    await expect(
      db.auditEvent.updateMany({ where: { entityId }, data: { action: 'rewritten' } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.deleteMany({ where: { entityId } })).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.findMany({ where: { entityId } })).toHaveLength(1);
  });

  it('keep published scorecard versions immutable: a change is a new version', async () => {
    const { db } = database;
    const row = await db.scorecardVersion.create({
      data: {
        model: 'tech-sme',
        version: '2099.1',
        effectiveFrom: '2099-01-01',
        definition: {},
        publishedById: '00000000-0000-4000-8000-000000000002',
      },
    });
    await expect(
      db.scorecardVersion.update({ where: { id: row.id }, data: { effectiveFrom: '2000-01-01' } }),
    ).rejects.toThrow(/cannot be changed or deleted/);
    await expect(db.scorecardVersion.delete({ where: { id: row.id } })).rejects.toThrow(
      /cannot be changed or deleted/,
    );
  });
});
