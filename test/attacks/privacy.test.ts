// Personal data (PIPL): what identifies a person is masked wherever free text is shown or
// logged; the append-only trail keeps only a reference and a hash of what people wrote, so the
// words themselves can be erased without breaking the chain; stored replies expire.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_RETENTION_HOURS } from '../../domain/retention.ts';
import { maskedLogging } from '../../platform/masked-logging.ts';
import { verifyAuditChain } from '../../prisma/audit-chain.ts';
import { recordAuditEvent, withTexts } from '../../prisma/audit-trail.ts';
import { purgeExpiredCopies } from '../../prisma/retention.ts';
import { caseCast, type TestUser } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { auth, caseAtReview, getCase, postReview, type App } from '../api/client.ts';

let harness: Harness;
let app: App;
let applicant: TestUser;
let officer: TestUser;
let caseId: string;
const mobile = '13912345678';
const residentId = '420106199001011234';
const reason = `实控人手机${mobile}，身份证${residentId}，征信有逾期`;

beforeAll(async () => {
  harness = await startHarness();
  app = harness.app;
  [applicant, officer] = await caseCast(harness.database.db);
  const { filed } = await caseAtReview(app, applicant, {
    purpose: `设备采购，财务联系人${mobile}`,
  });
  caseId = filed.id;
  const reviewed = await postReview(app, officer, caseId, {
    recommendation: 'reject',
    reasons: [reason],
  });
  expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
});

afterAll(async () => {
  await harness?.close();
});

describe('views', () => {
  it('mask the identifiers people typed, for staff and applicant alike', async () => {
    const staff = await getCase(app, officer, caseId, 'staff');
    const shown = JSON.stringify(staff);
    expect(shown).not.toContain(mobile);
    expect(shown).not.toContain(residentId);
    expect(staff.purpose).toBe('设备采购，财务联系人139****5678');
    expect(staff.decisions[0]!.reasons[0]).toBe(
      '实控人手机139****5678，身份证4201**********1234，征信有逾期',
    );
    const reviewed = staff.history.find((e) => e.action === 'reviewed');
    expect(JSON.stringify(reviewed?.data)).toContain('139****5678');
    const own = await getCase(app, applicant, caseId, 'applicant');
    expect(JSON.stringify(own)).not.toContain(mobile);
  });
});

describe('the append-only trail', () => {
  it('holds a reference and a hash of what people wrote, never the words', async () => {
    const { db } = harness.database;
    const events = await db.auditEvent.findMany({ where: { entityId: caseId } });
    const stored = JSON.stringify(events.map((e) => e.data));
    expect(stored).not.toContain(mobile);
    expect(stored).not.toContain('征信');
    expect(stored).toMatch(/"sha256":"[0-9a-f]{64}"/);
  });

  it('lets the words be erased, leaving the chain whole and the view saying so', async () => {
    const { db } = harness.database;
    const reviewed = await db.auditEvent.findFirstOrThrow({
      where: { entityId: caseId, action: 'reviewed' },
    });
    const [ref] = (reviewed.data as { reasons: { textId: string }[] }).reasons;
    await db.auditText.delete({ where: { id: ref!.textId } });
    expect(await verifyAuditChain(db)).toMatchObject({ intact: true });
    const staff = await getCase(app, officer, caseId, 'staff');
    const after = staff.history.find((e) => e.action === 'reviewed');
    expect(after?.data).toMatchObject({ reasons: ['[erased]'] });
  });
});

describe('free text at any depth', () => {
  it('is kept out of the trail, read back, and shown [altered] once changed behind it', async () => {
    const { db } = harness.database;
    const entityId = randomUUID();
    const conditions = [`担保人${mobile}签署连带责任保证`];
    await recordAuditEvent(db, {
      entityType: 'Application',
      entityId,
      action: 'reviewed',
      data: { recommendation: 'approve', proposal: { amount: '100000.00', conditions } },
      dedupeKey: `${entityId}:reviewed`,
    });
    const [event] = await db.auditEvent.findMany({ where: { entityId } });
    expect(JSON.stringify(event!.data)).not.toContain('担保人');
    const [read] = await withTexts(db, [event!], (text) => text);
    expect(read!.data).toMatchObject({ proposal: { amount: '100000.00', conditions } });
    const ref = (event!.data as { proposal: { conditions: { textId: string }[] } }).proposal
      .conditions[0]!;
    await db.auditText.update({ where: { id: ref.textId }, data: { text: '无条件' } });
    const [altered] = await withTexts(db, [event!], (text) => text);
    expect(altered!.data).toMatchObject({ proposal: { conditions: ['[altered]'] } });
  });
});

describe('stored replies', () => {
  it('expire after the retention period, and the fresh ones stay', async () => {
    const { db } = harness.database;
    const key = `retention-${Date.now()}`;
    const res = await request(app)
      .post(`/v1/applications/${caseId}/information-requests`)
      .set(auth(officer))
      .set('Idempotency-Key', key)
      .send({ questions: ['请补充近三年纳税证明'] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const hours = (h: number) => new Date(Date.now() + h * 3_600_000);
    expect(await purgeExpiredCopies(db, hours(IDEMPOTENCY_RETENTION_HOURS - 1))).toEqual({
      replies: 0,
    });
    const purged = await purgeExpiredCopies(db, hours(IDEMPOTENCY_RETENTION_HOURS + 1));
    expect(purged.replies).toBeGreaterThanOrEqual(1);
    expect(await db.idempotencyRecord.count({ where: { key } })).toBe(0);
  });
});

describe('logs', () => {
  it('mask identifiers in every line a request writes, messages and errors included', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ ...maskedLogging }, sink);
    const app = express();
    app.use(pinoHttp({ logger }));
    app.get('/call', (req, res) => {
      req.log.warn(
        { err: new Error(`duplicate ${residentId}`), input: { phone: mobile } },
        `call ${mobile}`,
      );
      res.json({ ok: true });
    });
    expect((await request(app).get('/call')).status).toBe(200);
    const written = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(written).not.toContain(mobile);
    expect(written).not.toContain(residentId);
    expect(written).toContain('139****5678');
    expect(written).toContain('4201**********1234');
  });
});
