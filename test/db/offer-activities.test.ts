// From approval to a live loan against real PostgreSQL: each activity run twice, or after a
// crash, must leave exactly what one run leaves, and the bank must pay at most once.
import { creditApplication } from '../../domain/credit/lifecycle.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTexts } from '../../prisma/audit-trail.ts';
import {
  fakeCoreBanking,
  settlementAccount,
  type CoreBanking,
} from '../../activities/core-banking.ts';
import { createOfferActivities } from '../../activities/credit/offer.ts';
import type { Db } from '../../prisma/client.ts';
import { type Actor } from '../../domain/contracts/shared.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { userWith } from '../support/fixtures.ts';
import { insertApplication } from '../support/application-rows.ts';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await freshDatabase();
  db = database.db;
});
afterAll(() => database?.drop());

const validUntil = '2026-12-27T15:59:59.999Z';
const classificationPolicy = 'loan-classification@2026.1';

interface ApprovedCase {
  applicationId: string;
  uscc: string;
  applicant: Actor;
  officer: Actor;
}

/** An approved case as the approval step leaves it: APPROVED, with the approved terms. */
async function approvedCase(
  options: { conditions?: string[]; amountFen?: bigint } = {},
): Promise<ApprovedCase> {
  const [applicant, officer, approver] = await Promise.all([
    userWith(db, ['APPLICANT']),
    userWith(db, ['OFFICER'], 'demo-bank'),
    userWith(db, ['APPROVER'], 'demo-bank', 'BRANCH_APPROVER'),
  ]);
  const { id, uscc } = await insertApplication(db, { ownerId: applicant.id, status: 'APPROVED' });
  await db.decision.create({
    data: {
      applicationId: id,
      stage: 'APPROVAL',
      outcome: 'APPROVE',
      amountFen: options.amountFen ?? 120_000_000n,
      annualRate: '0.0385',
      termMonths: 12,
      repaymentMethod: 'equal-instalment',
      conditions: options.conditions ?? [],
      reasons: [],
      actorId: approver.id,
      actorRole: 'APPROVER',
      level: 'BRANCH_APPROVER',
      policyVersion: 'credit-track@2026.1',
      decidedAt: new Date('2026-11-27T06:30:00Z'),
    },
  });
  return {
    applicationId: id,
    uscc,
    applicant: { userId: applicant.id, role: 'APPLICANT' },
    officer: { userId: officer.id, role: 'OFFICER' },
  };
}

const auditActions = async (applicationId: string) =>
  (
    await db.auditEvent.findMany({
      where: { entityType: 'Application', entityId: applicationId },
      orderBy: { id: 'asc' },
    })
  ).map((e) => e.action);

const applicationStatus = async (applicationId: string) =>
  (await db.application.findUniqueOrThrow({ where: { id: applicationId } })).status;

/** A case through offer, acceptance and contract, ready to disburse. */
async function contractedCase(activities: ReturnType<typeof createOfferActivities>) {
  const c = await approvedCase();
  await activities.openOffer({ applicationId: c.applicationId, validUntil });
  await activities.recordOfferResponse({
    applicationId: c.applicationId,
    response: 'accept',
    actor: c.applicant,
    at: '2026-11-30T02:00:00Z',
  });
  const { loanId } = await activities.signContract({
    applicationId: c.applicationId,
    at: '2026-12-01T02:00:00Z',
    signedById: c.applicant.userId,
    dayCount: 'ACT/360',
    dueDateRule: 'unadjusted',
    classificationPolicy,
  });
  return { ...c, loanId };
}

/** Books through the fake ledger at a fixed instant (to reach month ends). */
const bookingAt = (iso: string) => fakeCoreBanking(db, () => new Date(iso));

const transfersTo = (uscc: string) =>
  db.fakeCoreBankingTransfer.findMany({ where: { account: settlementAccount(uscc) } });

describe('the offer', () => {
  it('is made once with one applicant task, however often it is opened', async () => {
    const activities = createOfferActivities({ db, coreBanking: fakeCoreBanking(db) });
    const c = await approvedCase({ conditions: ['知识产权质押登记'] });
    const first = await activities.openOffer({ applicationId: c.applicationId, validUntil });
    const second = await activities.openOffer({ applicationId: c.applicationId, validUntil });

    expect(second.offerId).toBe(first.offerId);
    const offer = await db.offer.findUniqueOrThrow({ where: { applicationId: c.applicationId } });
    expect(offer).toMatchObject({
      status: 'OPEN',
      amountFen: 120_000_000n,
      termMonths: 12,
      repaymentMethod: 'equal-instalment',
      conditions: ['知识产权质押登记'],
      validUntil: new Date(validUntil),
    });
    expect(offer.annualRate.toFixed()).toBe('0.0385');
    const tasks = await db.task.findMany({ where: { applicationId: c.applicationId } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      key: creditApplication.taskKey(c.applicationId, 'OFFER'),
      kind: 'OFFER',
      role: 'APPLICANT',
      status: 'OPEN',
      dueAt: new Date(validUntil),
    });
    expect(await auditActions(c.applicationId)).toEqual(['offer_made']);
    expect(await applicationStatus(c.applicationId)).toBe('APPROVED');
  });

  it('takes one answer: an acceptance stands against a later decline', async () => {
    const activities = createOfferActivities({ db, coreBanking: fakeCoreBanking(db) });
    const c = await approvedCase({ conditions: ['知识产权质押登记'] });
    await activities.openOffer({ applicationId: c.applicationId, validUntil });
    const accept = {
      applicationId: c.applicationId,
      response: 'accept' as const,
      actor: c.applicant,
      at: '2026-11-30T02:00:00Z',
    };
    await activities.recordOfferResponse(accept);
    await activities.recordOfferResponse(accept);
    await activities.recordOfferResponse({
      ...accept,
      response: 'decline',
      at: '2026-12-01T02:00:00Z',
    });

    const offer = await db.offer.findUniqueOrThrow({ where: { applicationId: c.applicationId } });
    expect(offer).toMatchObject({
      status: 'ACCEPTED',
      respondedById: c.applicant.userId,
      respondedAt: new Date(accept.at),
    });
    const offerTask = await db.task.findUniqueOrThrow({
      where: { key: creditApplication.taskKey(c.applicationId, 'OFFER') },
    });
    expect(offerTask).toMatchObject({ status: 'DONE', completedById: c.applicant.userId });
    const conditionsTask = await db.task.findUniqueOrThrow({
      where: { key: creditApplication.taskKey(c.applicationId, 'CONDITIONS') },
    });
    expect(conditionsTask).toMatchObject({
      kind: 'CONDITIONS',
      role: 'OFFICER',
      status: 'OPEN',
      dueAt: new Date(validUntil),
    });
    expect(await applicationStatus(c.applicationId)).toBe('APPROVED');
    expect(await auditActions(c.applicationId)).toEqual(['offer_made', 'offer_accepted']);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { entityId: c.applicationId, action: 'offer_accepted' },
    });
    expect(event).toMatchObject({ actorId: c.applicant.userId, actorRole: 'APPLICANT' });
  });

  it('declined closes the case as OFFER_DECLINED and ignores a later acceptance', async () => {
    const activities = createOfferActivities({ db, coreBanking: fakeCoreBanking(db) });
    const c = await approvedCase({ conditions: ['知识产权质押登记'] });
    await activities.openOffer({ applicationId: c.applicationId, validUntil });
    const decline = {
      applicationId: c.applicationId,
      response: 'decline' as const,
      actor: c.applicant,
      at: '2026-11-30T02:00:00Z',
    };
    await activities.recordOfferResponse(decline);
    await activities.recordOfferResponse({ ...decline, response: 'accept' });

    expect(
      (await db.offer.findUniqueOrThrow({ where: { applicationId: c.applicationId } })).status,
    ).toBe('DECLINED');
    expect(await applicationStatus(c.applicationId)).toBe('OFFER_DECLINED');
    expect(
      await db.task.count({ where: { applicationId: c.applicationId, kind: 'CONDITIONS' } }),
    ).toBe(0);
    expect(await auditActions(c.applicationId)).toEqual(['offer_made', 'offer_declined']);
  });

  it('lapses: offer EXPIRED, open tasks cancelled, case OFFER_EXPIRED, no answer after', async () => {
    const activities = createOfferActivities({ db, coreBanking: fakeCoreBanking(db) });
    const c = await approvedCase();
    await activities.openOffer({ applicationId: c.applicationId, validUntil });
    await activities.expireOffer({ applicationId: c.applicationId, at: validUntil });
    await activities.expireOffer({ applicationId: c.applicationId, at: validUntil });
    await activities.recordOfferResponse({
      applicationId: c.applicationId,
      response: 'accept',
      actor: c.applicant,
      at: '2026-12-28T02:00:00Z',
    });

    expect(
      (await db.offer.findUniqueOrThrow({ where: { applicationId: c.applicationId } })).status,
    ).toBe('EXPIRED');
    const task = await db.task.findUniqueOrThrow({
      where: { key: creditApplication.taskKey(c.applicationId, 'OFFER') },
    });
    expect(task.status).toBe('CANCELLED');
    expect(await applicationStatus(c.applicationId)).toBe('OFFER_EXPIRED');
    expect(await auditActions(c.applicationId)).toEqual(['offer_made', 'offer_expired']);
  });

  it('lapses when accepted but its conditions are not met in time', async () => {
    const activities = createOfferActivities({ db, coreBanking: fakeCoreBanking(db) });
    const c = await approvedCase({ conditions: ['知识产权质押登记'] });
    await activities.openOffer({ applicationId: c.applicationId, validUntil });
    await activities.recordOfferResponse({
      applicationId: c.applicationId,
      response: 'accept',
      actor: c.applicant,
      at: '2026-11-30T02:00:00Z',
    });
    await activities.expireOffer({ applicationId: c.applicationId, at: validUntil });

    const conditionsTask = await db.task.findUniqueOrThrow({
      where: { key: creditApplication.taskKey(c.applicationId, 'CONDITIONS') },
    });
    expect(conditionsTask.status).toBe('CANCELLED');
    const offerTask = await db.task.findUniqueOrThrow({
      where: { key: creditApplication.taskKey(c.applicationId, 'OFFER') },
    });
    expect(offerTask.status).toBe('DONE');
    expect(await applicationStatus(c.applicationId)).toBe('OFFER_EXPIRED');
  });

  it('does not lapse once the contract is signed', async () => {
    const activities = createOfferActivities({ db, coreBanking: fakeCoreBanking(db) });
    const c = await contractedCase(activities);
    await activities.expireOffer({ applicationId: c.applicationId, at: validUntil });

    expect(
      (await db.offer.findUniqueOrThrow({ where: { applicationId: c.applicationId } })).status,
    ).toBe('ACCEPTED');
    expect(await applicationStatus(c.applicationId)).toBe('CONTRACTED');
    expect(await auditActions(c.applicationId)).not.toContain('offer_expired');
  });
});

describe('conditions precedent', () => {
  it('are confirmed by the officer with the evidence, once', async () => {
    const activities = createOfferActivities({ db, coreBanking: fakeCoreBanking(db) });
    const c = await approvedCase({ conditions: ['知识产权质押登记'] });
    await activities.openOffer({ applicationId: c.applicationId, validUntil });
    await activities.recordOfferResponse({
      applicationId: c.applicationId,
      response: 'accept',
      actor: c.applicant,
      at: '2026-11-30T02:00:00Z',
    });
    const met = {
      applicationId: c.applicationId,
      actor: c.officer,
      evidence: ['质押登记号 Y2026420000123'],
      at: '2026-12-02T02:00:00Z',
    };
    await activities.recordConditionsMet(met);
    await activities.recordConditionsMet(met);

    const task = await db.task.findUniqueOrThrow({
      where: { key: creditApplication.taskKey(c.applicationId, 'CONDITIONS') },
    });
    expect(task).toMatchObject({
      status: 'DONE',
      completedById: c.officer.userId,
      completedAt: new Date(met.at),
    });
    const events = await db.auditEvent.findMany({
      where: { entityId: c.applicationId, action: 'conditions_met' },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: c.officer.userId, actorRole: 'OFFICER' });
    // The trail holds references to the words; read back, they are the officer's.
    const [read] = await withTexts(db, events, (text) => text);
    expect(read!.data).toMatchObject({ evidence: met.evidence });
  });
});

describe('the contract', () => {
  it('is signed once: a retry returns the same loan', async () => {
    const activities = createOfferActivities({ db, coreBanking: fakeCoreBanking(db) });
    const c = await contractedCase(activities);
    const again = await activities.signContract({
      applicationId: c.applicationId,
      at: '2026-12-02T02:00:00Z',
      signedById: c.applicant.userId,
      dayCount: 'ACT/360',
      dueDateRule: 'unadjusted',
      classificationPolicy,
    });

    expect(again.loanId).toBe(c.loanId);
    const loans = await db.loan.findMany({ where: { applicationId: c.applicationId } });
    expect(loans).toHaveLength(1);
    const loan = loans[0]!;
    expect(loan.contractNumber).toBe(`DG-LN-20261201-${c.loanId.slice(0, 8).toUpperCase()}`);
    expect(again.contractNumber).toBe(loan.contractNumber);
    expect(loan).toMatchObject({
      workflowId: `loan:${c.loanId}`,
      status: 'CONTRACTED',
      amountFen: 120_000_000n,
      termMonths: 12,
      repaymentMethod: 'equal-instalment',
      dayCount: 'ACT/360',
      dueDateRule: 'unadjusted',
      classificationPolicy,
      signedById: c.applicant.userId,
      signedAt: new Date('2026-12-01T02:00:00Z'),
    });
    expect(await applicationStatus(c.applicationId)).toBe('CONTRACTED');
    expect(await auditActions(c.applicationId)).toEqual([
      'offer_made',
      'offer_accepted',
      'contract_signed',
    ]);
  });

  it('is refused on an offer not accepted', async () => {
    const activities = createOfferActivities({ db, coreBanking: fakeCoreBanking(db) });
    const c = await approvedCase();
    await activities.openOffer({ applicationId: c.applicationId, validUntil });
    await expect(
      activities.signContract({
        applicationId: c.applicationId,
        at: '2026-12-01T02:00:00Z',
        signedById: c.applicant.userId,
        dayCount: 'ACT/360',
        dueDateRule: 'unadjusted',
        classificationPolicy,
      }),
    ).rejects.toThrow(/not accepted/);
    expect(await db.loan.count({ where: { applicationId: c.applicationId } })).toBe(0);
  });
});

describe('disbursement', () => {
  it('pays once however often it runs', async () => {
    const activities = createOfferActivities({
      db,
      coreBanking: bookingAt('2026-12-03T02:00:00Z'),
    });
    const c = await contractedCase(activities);
    const first = await activities.disburse({ loanId: c.loanId, tranche: 1 });
    const second = await activities.disburse({ loanId: c.loanId, tranche: 1 });

    expect(second).toEqual(first);
    expect(first.disbursedOn).toBe('2026-12-03');
    const transfers = await transfersTo(c.uscc);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({
      reference: first.transferReference,
      amountFen: 120_000_000n,
    });
    const rows = await db.disbursement.findMany({ where: { loanId: c.loanId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      key: `${c.loanId}:tranche:1`,
      status: 'PAID',
      transferReference: first.transferReference,
    });
    expect(
      await db.auditEvent.count({ where: { entityId: c.applicationId, action: 'disbursed' } }),
    ).toBe(1);
  });

  it('after a crash between the transfer and its record, finds the transfer and pays nothing new', async () => {
    const coreBanking = bookingAt('2026-12-03T02:00:00Z');
    const activities = createOfferActivities({ db, coreBanking });
    const c = await contractedCase(activities);
    const key = `${c.loanId}:tranche:1`;
    // The state a crash leaves: the PENDING row written, the bank booked, the row not updated.
    await db.disbursement.create({
      data: { loanId: c.loanId, tranche: 1, key, amountFen: 120_000_000n },
    });
    const booked = await coreBanking.transfer({
      idempotencyKey: key,
      account: settlementAccount(c.uscc),
      amountFen: 120_000_000,
    });

    const result = await activities.disburse({ loanId: c.loanId, tranche: 1 });

    expect(result.transferReference).toBe(booked.reference);
    expect(await transfersTo(c.uscc)).toHaveLength(1);
    const row = await db.disbursement.findUniqueOrThrow({ where: { key } });
    expect(row).toMatchObject({ status: 'PAID', transferReference: booked.reference });
    expect(await applicationStatus(c.applicationId)).toBe('DISBURSED');
  });

  it('when the core system fails the first time, the retry pays exactly once', async () => {
    const ledger = bookingAt('2026-12-03T02:00:00Z');
    let calls = 0;
    const flaky: CoreBanking = {
      async transfer(request) {
        calls += 1;
        if (calls === 1) throw new Error('core banking unavailable');
        return ledger.transfer(request);
      },
    };
    const activities = createOfferActivities({ db, coreBanking: flaky });
    const c = await contractedCase(activities);

    await expect(activities.disburse({ loanId: c.loanId, tranche: 1 })).rejects.toThrow(
      /unavailable/,
    );
    const pending = await db.disbursement.findUniqueOrThrow({
      where: { key: `${c.loanId}:tranche:1` },
    });
    expect(pending.status).toBe('PENDING');
    expect(await transfersTo(c.uscc)).toHaveLength(0);
    expect((await db.loan.findUniqueOrThrow({ where: { id: c.loanId } })).status).toBe(
      'CONTRACTED',
    );

    const result = await activities.disburse({ loanId: c.loanId, tranche: 1 });
    const transfers = await transfersTo(c.uscc);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]!.reference).toBe(result.transferReference);
    expect(await db.disbursement.count({ where: { loanId: c.loanId } })).toBe(1);
  });

  it('fixes the schedule from the Shanghai value date: LIVE loan, DISBURSED case', async () => {
    // 2026-01-30 17:00 UTC is already 31 January in Shanghai; February has no 31st.
    const activities = createOfferActivities({
      db,
      coreBanking: bookingAt('2026-01-30T17:00:00Z'),
    });
    const c = await contractedCase(activities);
    const { transferReference, disbursedOn } = await activities.disburse({
      loanId: c.loanId,
      tranche: 1,
    });

    expect(disbursedOn).toBe('2026-01-31');
    const loan = await db.loan.findUniqueOrThrow({ where: { id: c.loanId } });
    expect(loan.status).toBe('LIVE');
    expect(loan.disbursedOn).toEqual(new Date('2026-01-31T00:00:00Z'));
    const schedule = loan.schedule as { n: number; dueDate: string; principalFen: number }[];
    expect(schedule).toHaveLength(12);
    expect(schedule[0]!.dueDate).toBe('2026-02-28');
    expect(schedule.reduce((sum, r) => sum + r.principalFen, 0)).toBe(120_000_000);
    expect(await applicationStatus(c.applicationId)).toBe('DISBURSED');
    const event = await db.auditEvent.findFirstOrThrow({
      where: { entityId: c.applicationId, action: 'disbursed' },
    });
    expect(event.data).toMatchObject({
      amountFen: 120_000_000,
      transferReference,
      disbursedOn: '2026-01-31',
      firstDueDate: '2026-02-28',
      scheduleTotals: { principalFen: 120_000_000 },
    });
  });

  it('clamps a 31st to a 30-day month', async () => {
    const activities = createOfferActivities({
      db,
      coreBanking: bookingAt('2026-03-31T03:00:00Z'),
    });
    const c = await contractedCase(activities);
    await activities.disburse({ loanId: c.loanId, tranche: 1 });

    const loan = await db.loan.findUniqueOrThrow({ where: { id: c.loanId } });
    const schedule = loan.schedule as { dueDate: string }[];
    expect(schedule[0]!.dueDate).toBe('2026-04-30');
    // Counted from the value date, the 31st comes back where the month has one.
    expect(schedule[1]!.dueDate).toBe('2026-05-31');
  });
});
