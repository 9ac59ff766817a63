// A defaulted pledge loan's disposal over HTTP (DOMAIN.md §3.6): the officer opens it, records
// each pledged right's sale, and closes it; the loan's workflow checks every act.
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import {
  closeDisposalUpdate,
  openDisposalUpdate,
  recordDisposalUpdate,
} from '../../domain/contracts/loan.ts';
import { yuanAmount, yuanToFen } from '../../domain/money.ts';
import { disposalMethods } from '../../domain/pledge/disposal.ts';
import type { Db } from '../../prisma/client.ts';
import { plainName } from '../text.ts';
import type { RouteTable } from './define.ts';
import { actOnLoan, loanParams, loanView, staffLoan, viewOf } from './loans.ts';

const disposalSale = z.object({
  pledgeId: z.uuid(),
  method: z.enum(disposalMethods),
  counterparty: plainName(2, 200).meta({ description: 'Who acquired the right' }),
  disposedOn: z.iso.date(),
  proceeds: yuanAmount,
});

const disposalRefusals = {
  404: { description: 'No such loan at your bank' },
  409: { description: 'Not a pledge loan, no disposal open, or the right already disposed of' },
  422: { description: 'Not yet substandard, or a sale dated after today' },
};

const officer = (userId: string) => ({ userId, role: 'OFFICER' as const });

export function disposalRoutes(routes: RouteTable, db: Db, temporal: Client) {
  const act = (
    path: string,
    summary: string,
    update: typeof openDisposalUpdate | typeof closeDisposalUpdate,
  ) =>
    routes.add({
      method: 'post',
      path,
      tag: 'Loans',
      summary,
      roles: ['OFFICER'],
      params: loanParams,
      responses: {
        200: { description: 'Done; the loan as it stands now', schema: loanView },
        ...disposalRefusals,
      },
      handler: async ({ principal, params, actId }) => {
        const loan = await staffLoan(db, principal, params.id);
        const input = { actor: officer(principal.userId) };
        await actOnLoan(temporal, loan.workflowId, update, input, actId);
        return { status: 200, body: await viewOf(db, loan.id, principal) };
      },
    });

  act(
    '/v1/loans/:id/disposal',
    "Open the disposal of a defaulted pledge loan's collateral (once substandard: over 90 days past due)",
    openDisposalUpdate,
  );

  routes.add({
    method: 'post',
    path: '/v1/loans/:id/disposal/sales',
    tag: 'Loans',
    summary: 'Record the sale of a pledged right: its proceeds repay interest, then principal',
    roles: ['OFFICER'],
    params: loanParams,
    body: disposalSale,
    responses: {
      200: { description: 'Recorded; the loan as it stands now', schema: loanView },
      ...disposalRefusals,
    },
    handler: async ({ principal, params, body, actId }) => {
      const loan = await staffLoan(db, principal, params.id);
      const { proceeds, ...sale } = body;
      const input = {
        actor: officer(principal.userId),
        ...sale,
        proceedsFen: yuanToFen(proceeds),
      };
      await actOnLoan(temporal, loan.workflowId, recordDisposalUpdate, input, actId);
      return { status: 200, body: await viewOf(db, loan.id, principal) };
    },
  });

  act(
    '/v1/loans/:id/disposal/close',
    'Close the disposal: what the proceeds left unpaid is recorded as the loss for the risk pool',
    closeDisposalUpdate,
  );
}
