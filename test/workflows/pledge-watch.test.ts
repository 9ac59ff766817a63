// A live pledge loan's quarterly re-check of its rights at their registries, on a
// time-skipping server of its own: months pass, and a server shared with other long skips
// has been seen to stop advancing its clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthsAfter } from '../../domain/loan/repayment-schedule.ts';
import {
  startApplicationTestbed,
  type ApplicationTestbed,
} from '../support/application-testbed.ts';
import { ipPledge, patent, pledgeCases } from '../support/pledge-case.ts';

let testbed: ApplicationTestbed;
beforeAll(async () => {
  testbed = await startApplicationTestbed();
});
afterAll(() => testbed?.close());
const cases = pledgeCases(() => testbed);

describe('a live pledge loan', () => {
  it('re-checks its rights each quarter: a patent lapsing in quarter 2 raises a warning and asks for a top-up, overdue past its time', async () => {
    const right = patent();
    const c = await testbed.fileCase(ipPledge(right));
    await cases.toContract(c);
    const loan = await cases.loanOf(c);
    const { db } = testbed.database;
    const checks = () =>
      db.auditEvent.findMany({
        where: { entityId: loan.id, action: 'collateral_checked' },
        orderBy: { id: 'asc' },
      });
    await cases.skipUntil(async () => (await checks()).length === 1, 120, 5);
    expect((await checks())[0]!.data).toMatchObject({ coverageBp: 12_500, impaired: [] });
    expect(await db.task.count({ where: { applicationId: c.id, kind: 'TOP_UP' } })).toBe(0);

    await testbed.registries.drive.ip(right, { inForce: false });
    const topUp = () => db.task.findFirst({ where: { applicationId: c.id, kind: 'TOP_UP' } });
    await cases.skipUntil(async () => (await topUp()) !== null, 120, 5);
    const [first, second] = await checks();
    const quarter = (event: typeof first) => (event!.data as { asOf: string }).asOf;
    const disbursedOn = loan.disbursedOn!.toISOString().slice(0, 10);
    expect(quarter(first) >= monthsAfter(disbursedOn, 3)).toBe(true);
    expect(quarter(second) >= monthsAfter(quarter(first), 3)).toBe(true);
    expect(second!.data).toMatchObject({
      coverageBp: 0,
      impaired: [{ problem: 'lapsed', right: `INVENTION_PATENT ${right.number}` }],
    });
    expect(await topUp()).toMatchObject({ role: 'APPLICANT', status: 'OPEN' });
    const warnings = await db.task.findMany({
      where: { applicationId: c.id, kind: 'EARLY_WARNING' },
    });
    const causes = warnings.map((w) => (w.detail as { cause: string }).cause);
    expect(causes).toEqual(expect.arrayContaining(['collateral_impaired', 'coverage_short']));
    expect(causes).not.toContain('top_up_overdue');

    // Not topped up by its due time: the bank's officer is told.
    const overdue = () =>
      db.task.count({
        where: { applicationId: c.id, kind: 'EARLY_WARNING', key: { contains: 'top_up_overdue' } },
      });
    await cases.skipUntil(async () => (await overdue()) > 0, 60, 5);
    const { dueAt } = (await topUp())!;
    expect(new Date(await testbed.env.currentTimeMs()).getTime()).toBeGreaterThan(dueAt.getTime());
  });
});
