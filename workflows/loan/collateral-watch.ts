// A pledge loan's collateral for the life of the loan (DOMAIN.md §3.5; rule 17): its rights
// re-checked at their registries each quarter from the disbursement (the check before it
// counts as the first), and every pledge released through its registry once the loan is
// repaid, each filing a workflow of its own as at registration.
import { executeChild } from '@temporalio/workflow';
import type { LoanPosition } from '../../activities/loan/monitoring.ts';
import { shanghaiDate } from '../../domain/calendar.ts';
import type { LoanCollateral } from '../../domain/contracts/loan.ts';
import { pledgeFilingWorkflowId } from '../../domain/contracts/pledge.ts';
import { monthsAfter } from '../../domain/loan/repayment-schedule.ts';
import { findPledgePolicy } from '../../domain/pledge/pledge-policy.ts';
import { pledgePolicies } from '../../domain/pledge/pledge-policy.data.ts';
import { activities } from '../pledge/activities.ts';
import { pledgeFilingWorkflow } from '../pledge/filing.ts';

export function collateralWatch(collateral: LoanCollateral, lastCheckedOn: string | undefined) {
  const policy = findPledgePolicy(pledgePolicies, collateral.bankCode, collateral.pledgePolicy);
  let checkedOn = lastCheckedOn;
  return {
    checkedOn: () => checkedOn,

    /** Re-checks the rights once a quarter has passed since the last check. */
    async checkIfDue(loanId: string, position: LoanPosition): Promise<void> {
      const asOf = shanghaiDate(new Date());
      checkedOn ??= position.disbursedOn;
      if (asOf < monthsAfter(checkedOn, policy.recheckMonths)) return;
      await activities.watchCollateral({
        loanId,
        collateral,
        outstandingPrincipalFen: position.outstandingPrincipalFen,
        asOf,
        at: new Date().toISOString(),
      });
      checkedOn = asOf;
    },

    /**
     * Files the release of every pledge (or of `only` those) and waits for each; a refused
     * one goes to a person.
     */
    async release(loanId: string, only?: readonly string[]): Promise<void> {
      const released = collateral.pledges.filter((p) => !only || only.includes(p.pledgeId));
      await Promise.all(
        released.map(async ({ pledgeId, kind }) => {
          const outcome = await executeChild(pledgeFilingWorkflow, {
            workflowId: pledgeFilingWorkflowId(pledgeId, 'release', 1),
            args: [
              {
                pledgeId,
                filing: 'release',
                attempt: 1,
                workingDays: policy.registrationWorkingDays[kind],
              },
            ],
          });
          if (outcome.state === 'rejected') {
            const now = new Date();
            await activities.flagRejectedRelease({
              loanId,
              pledgeId,
              reason: outcome.reason,
              asOf: shanghaiDate(now),
              at: now.toISOString(),
            });
          }
        }),
      );
      await activities.completeRelease({ loanId, at: new Date().toISOString() });
    },
  };
}
