// The pool's NPL breaker against real PostgreSQL (rule 10): measured over the live loans by
// amount, a warning at 5%, compensation suspended at 8%, every change of state in the trail;
// and a claim filed with a suspended pool leaves the pool's award on the guarantor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaimActivities } from '../../activities/guarantee/claims.ts';
import { evaluatePoolStanding } from '../../activities/guarantee/breakers.ts';
import { settleLoss, type Settlement } from '../../domain/guarantee/loss-sharing.ts';
import { poolPolicies } from '../../domain/guarantee/pool-policy.data.ts';
import { sharingSchemes } from '../../domain/guarantee/sharing-scheme.data.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import { insertApplication, insertPerformingLoan } from '../support/application-rows.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { userWith } from '../support/fixtures.ts';

let database: TestDatabase;
let db: Db;
let ownerId: string;
let poolId: string;
/** The portfolio's loans by name: ¥9.2m, ¥0.5m and ¥0.3m. */
const loans: Record<'big' | 'mid' | 'small', string> = { big: '', mid: '', small: '' };

beforeAll(async () => {
  database = await freshDatabase();
  db = database.db;
  ownerId = (await userWith(db, ['APPLICANT'])).id;
  poolId = (await db.institution.findUniqueOrThrow({ where: { code: 'demo-pool' } })).id;
  for (const [name, amountFen] of [
    ['big', 920_000_000],
    ['mid', 50_000_000],
    ['small', 30_000_000],
  ] as const) {
    loans[name] = await insertPerformingLoan(db, { ownerId, amountFen });
  }
});
afterAll(() => database?.drop());

const classify = (names: (keyof typeof loans)[], classification: string) =>
  db.loan.updateMany({
    where: { id: { in: names.map((n) => loans[n]) } },
    data: { classification },
  });
const standing = () =>
  db.$transaction((tx) => evaluatePoolStanding(tx, poolId, 'pool@2026.1', new Date()));

describe("the pool's NPL", () => {
  it('suspends at 8%, warns at 5%, recovers below, and audits each change', async () => {
    await classify(['mid', 'small'], 'substandard'); // ¥0.8m of ¥10m
    expect(await standing()).toBe('suspended');
    await classify(['small'], 'normal'); // ¥0.5m
    expect(await standing()).toBe('warning');
    expect(await standing()).toBe('warning');
    await classify(['mid'], 'special-mention'); // not non-performing
    expect(await standing()).toBe('normal');
    const breaker = await db.breaker.findUniqueOrThrow({ where: { scope: `pool:${poolId}` } });
    expect(breaker).toMatchObject({ state: 'normal', rateBp: 0, capBp: 800 });
    const trail = await db.auditEvent.findMany({
      where: { entityType: 'Breaker', entityId: breaker.id },
      orderBy: { id: 'asc' },
    });
    expect(trail.map((e) => [e.action, (e.data as { rateBp: number }).rateBp])).toEqual([
      ['suspended', 800],
      ['warning', 500],
      ['normal', 0],
    ]);
  });

  it('leaves the award on the guarantor when a claim meets a suspended pool', async () => {
    await classify(['mid', 'small'], 'doubtful');
    const scheme = sharingSchemes[0]!;
    const application = await insertApplication(db, { ownerId, status: 'DISBURSED' });
    const guarantor = await db.institution.findUniqueOrThrow({ where: { code: 'demo-guarantor' } });
    const guarantee = await db.guarantee.create({
      data: {
        applicationId: application.id,
        enterpriseId: application.enterpriseId,
        bankId: application.bankId,
        guarantorId: guarantor.id,
        schemeVersion: scheme.version,
        poolPolicy: 'pool@2026.1',
        status: 'CLAIMED',
        amountFen: 320_000_000n,
      },
    });
    const settlement = settleLoss(scheme, poolPolicies[0]!, 320_000_000, true);
    const claim = await db.guaranteeClaim.create({
      data: {
        guaranteeId: guarantee.id,
        loanId: loans.mid,
        poolId,
        daysPastDue: 95,
        lossFen: 320_000_000n,
        settlement: settlement as unknown as Prisma.InputJsonValue,
        filedById: ownerId,
        filedAt: new Date(),
        workflowId: `guarantee-claim:${guarantee.id}`,
        payments: {
          create: settlement.payments.map((p) => ({
            payer: p.from,
            payee: p.to,
            payerId: p.from === 'GOVERNMENT' ? poolId : guarantor.id,
            payeeId: guarantor.id,
            amountFen: BigInt(p.amountFen),
          })),
        },
      },
    });
    const activities = createClaimActivities({ db });
    const at = new Date().toISOString();
    expect(await activities.filePoolClaim({ claimId: claim.id, dueAt: at, at })).toEqual({
      suspended: true,
    });
    const after = await db.guaranteeClaim.findUniqueOrThrow({
      where: { id: claim.id },
      include: { payments: true },
    });
    const { borneFen, pool } = after.settlement as unknown as Settlement;
    // The pool's ¥512,000 stays with the guarantor: ¥128,000 + ¥512,000.
    expect(pool.amountFen).toBe(0);
    expect(borneFen).toMatchObject({ GUARANTOR: 64_000_000, GOVERNMENT: 0 });
    expect(Object.values(borneFen).reduce((a, b) => a + b, 0)).toBe(320_000_000);
    expect(after.payments.find((p) => p.payer === 'GOVERNMENT')!.amountFen).toBe(0n);
    const tasks = await db.task.count({ where: { applicationId: application.id } });
    expect(tasks).toBe(0);
    expect(
      await db.auditEvent.count({ where: { entityId: claim.id, action: 'pool_suspended' } }),
    ).toBe(1);
  });
});
