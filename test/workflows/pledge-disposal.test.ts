// A defaulted pledge loan's disposal, on a time-skipping server of its own: the loan must
// age past 90 days overdue, and a server shared with other long skips has been seen to stop
// advancing its clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeDisposalUpdate,
  loanQuery,
  loanWorkflowId,
  openDisposalUpdate,
  recordDisposalUpdate,
  recordRepaymentUpdate,
} from '../../domain/contracts/loan.ts';
import { eventually } from '../support/eventually.ts';
import {
  startApplicationTestbed,
  type ApplicationTestbed,
} from '../support/application-testbed.ts';
import { ipPledge, officer, patent, pledgeCases, refusalOf } from '../support/pledge-case.ts';

let testbed: ApplicationTestbed;
beforeAll(async () => {
  testbed = await startApplicationTestbed();
});
afterAll(() => testbed?.close());
const cases = pledgeCases(() => testbed);

describe('a defaulted pledge loan', () => {
  it("disposes of a defaulted loan's collateral: proceeds repay interest, then principal, to the fen", async () => {
    const [sold, unsold] = [patent(), patent()];
    const c = await testbed.fileCase(ipPledge(sold, unsold));
    await cases.toContract(c);
    const loan = await cases.loanOf(c);
    const { db } = testbed.database;
    const monitoring = testbed.env.client.workflow.getHandle(loanWorkflowId(loan.id));
    const act = { actor: officer };
    await eventually(async () => expect(await monitoring.query(loanQuery)).toBeDefined());
    const early = await refusalOf(monitoring.executeUpdate(openDisposalUpdate, { args: [act] }));
    expect(early.message).toMatch(/once substandard.*it is normal/);

    const category = async () =>
      (await db.loan.findUniqueOrThrow({ where: { id: loan.id } })).classification;
    await cases.skipUntil(async () => (await category()) === 'substandard', 200, 10);
    await monitoring.executeUpdate(openDisposalUpdate, { args: [act] });
    const repay = await refusalOf(
      monitoring.executeUpdate(recordRepaymentUpdate, {
        args: [{ ...act, receivedOn: await cases.today(), amountFen: 100, reference: 'R-1' }],
      }),
    );
    expect(repay.type).toBe('InvalidState');

    const [pledge, other] = await cases.pledgesOf(c);
    const disposedOn = await cases.today();
    const proceedsFen = 30_000_001;
    const sale = {
      ...act,
      pledgeId: pledge!.id,
      method: 'auction' as const,
      counterparty: '武汉某某科技有限公司',
      disposedOn,
      proceedsFen,
    };
    await monitoring.executeUpdate(recordDisposalUpdate, { args: [sale] });
    const again = await refusalOf(monitoring.executeUpdate(recordDisposalUpdate, { args: [sale] }));
    expect(again.message).toMatch(/already disposed/);

    // Independently: the interest of every instalment due by the sale, then the principal.
    const rows = loan.schedule as { dueDate: string; principalFen: number; interestFen: number }[];
    const interestDue = rows
      .filter((r) => r.dueDate <= disposedOn)
      .reduce((sum, r) => sum + r.interestFen, 0);
    expect(interestDue).toBeGreaterThan(0);
    const disposal = await db.disposal.findUniqueOrThrow({ where: { pledgeId: pledge!.id } });
    expect(disposal).toMatchObject({
      method: 'auction',
      proceedsFen: BigInt(proceedsFen),
      toInterestFen: BigInt(interestDue),
      toPrincipalFen: BigInt(proceedsFen - interestDue),
      surplusFen: 0n,
    });

    await monitoring.executeUpdate(closeDisposalUpdate, { args: [act] });
    expect(await monitoring.result()).toMatchObject({ status: 'DISPOSED' });
    const closed = await db.loan.findUniqueOrThrow({ where: { id: loan.id } });
    expect(closed).toMatchObject({
      status: 'DISPOSED',
      lossPrincipalFen: BigInt(Number(loan.amountFen) - (proceedsFen - interestDue)),
      lossInterestFen: 0n,
    });
    expect((await cases.pledgesOf(c)).map((p) => p.status)).toEqual(['DISPOSED', 'RELEASED']);
    expect(await testbed.registries.ip.status(unsold, await cases.today())).toMatchObject({
      pledgedUnder: null,
    });
    expect(other!.id).not.toBe(pledge!.id);
  });
});
