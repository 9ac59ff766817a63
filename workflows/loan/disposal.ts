// A defaulted pledge loan's disposal (DOMAIN.md §3.6): an officer opens it once the loan is
// substandard (more than 90 days past due), records the sale of each pledged right, and
// closes it, leaving the residual loss on record for the risk pool. The rules are checked
// here, where the loan's process runs.
import { setHandler } from '@temporalio/workflow';
import type { LoanPosition } from '../../activities/loan/monitoring.ts';
import { isIsoDate, shanghaiDate } from '../../domain/calendar.ts';
import {
  closeDisposalUpdate,
  openDisposalUpdate,
  recordDisposalUpdate,
  type DisposalActInput,
  type LoanCollateral,
  type LoanSnapshot,
} from '../../domain/contracts/loan.ts';
import { RefusalType } from '../../domain/contracts/shared.ts';
import { disposableCategories, disposalMethods } from '../../domain/pledge/disposal.ts';
import { refuse } from '../lifecycle/acts.ts';
import { activities } from '../pledge/activities.ts';

export interface DisposalHost {
  loanId: string;
  collateral?: LoanCollateral;
  position(): LoanPosition | undefined;
  setStatus(status: LoanPosition['status']): LoanSnapshot;
  /** Runs `work` after whatever the loan is doing now (a review, a repayment). */
  inTurn<T>(work: () => Promise<T>): Promise<T>;
}

export function registerDisposalHandlers(host: DisposalHost) {
  const disposed = new Set<string>();
  /** The pledges still registered when the disposal closed: the loan releases them. */
  let unsold: string[] | undefined;
  const now = () => new Date();

  const expectOfficer = ({ actor }: DisposalActInput) => {
    if (actor.role !== 'OFFICER') refuse(RefusalType.authority, 'this needs the role OFFICER');
  };
  const expectStatus = (status: LoanPosition['status'], why: string) => {
    if (host.position()?.status !== status) refuse(RefusalType.invalidState, why);
  };

  setHandler(
    openDisposalUpdate,
    (act) =>
      host.inTurn(async () => {
        await activities.openDisposal({
          loanId: host.loanId,
          actor: act.actor,
          at: now().toISOString(),
        });
        return host.setStatus('IN_DISPOSAL');
      }),
    {
      validator: (act) => {
        expectOfficer(act);
        if (!host.collateral) {
          refuse(RefusalType.invalidState, 'only a pledge loan has collateral to dispose of');
        }
        expectStatus('LIVE', 'only a live loan goes to disposal');
        const category = host.position()!.classification;
        if (!disposableCategories.some((c) => c === category)) {
          refuse(
            RefusalType.businessRule,
            `a loan goes to disposal once substandard (over 90 days past due); it is ${category}`,
          );
        }
      },
    },
  );

  setHandler(
    recordDisposalUpdate,
    async (sale) => {
      disposed.add(sale.pledgeId);
      return host.inTurn(async () => {
        await activities.recordDisposal({ loanId: host.loanId, sale, at: now().toISOString() });
        return host.setStatus('IN_DISPOSAL');
      });
    },
    {
      validator: (sale) => {
        expectOfficer(sale);
        expectStatus('IN_DISPOSAL', 'no disposal is open');
        if (!host.collateral!.pledges.some((p) => p.pledgeId === sale.pledgeId)) {
          refuse(RefusalType.invalidState, `no pledge ${sale.pledgeId} secures this loan`);
        }
        if (disposed.has(sale.pledgeId)) {
          refuse(RefusalType.invalidState, 'that right is already disposed of');
        }
        if (!disposalMethods.includes(sale.method)) {
          refuse(RefusalType.businessRule, `a disposal is one of: ${disposalMethods.join(', ')}`);
        }
        if (!Number.isSafeInteger(sale.proceedsFen) || sale.proceedsFen <= 0) {
          refuse(RefusalType.businessRule, 'proceeds are a positive whole number of fen');
        }
        if (!isIsoDate(sale.disposedOn) || sale.disposedOn > shanghaiDate(now())) {
          refuse(RefusalType.businessRule, 'disposedOn is an ISO date no later than today');
        }
      },
    },
  );

  setHandler(
    closeDisposalUpdate,
    (act) =>
      host.inTurn(async () => {
        unsold = await activities.closeDisposal({
          loanId: host.loanId,
          actor: act.actor,
          asOf: shanghaiDate(now()),
          at: now().toISOString(),
        });
        return host.setStatus('DISPOSED');
      }),
    {
      validator: (act) => {
        expectOfficer(act);
        expectStatus('IN_DISPOSAL', 'no disposal is open');
      },
    },
  );

  return { unsold: () => unsold };
}
