// Warrants over HTTP: the bank, the firm and the holding affiliate read a warrant attached to
// a loan's approval; the affiliate's fund manager exercises it within its window, which issues
// its units on the firm's cap table and tells the firm by letter.
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { exerciseWarrantUpdate } from '../../domain/contracts/equity.ts';
import { unitsText } from '../../domain/equity/cap-table.ts';
import { fenToYuan } from '../../domain/money.ts';
import type { Db } from '../../prisma/client.ts';
import { visibleApplication } from '../access.ts';
import type { Principal } from '../auth.ts';
import { investorOf } from '../equity-access.ts';
import { notFound } from '../errors.ts';
import { runUpdate } from '../workflow-errors.ts';
import type { RouteTable } from './define.ts';

const params = z.object({ id: z.uuid().meta({ description: "The warrant's id" }) });
const day = (d: Date | null) => d && d.toISOString().slice(0, 10);

const warrantView = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  affiliate: z.string(),
  policy: z.string(),
  subscription: z.string(),
  equityBp: z.int(),
  grantedOn: z.iso.date(),
  exercisableFrom: z.iso.date(),
  expiresOn: z.iso.date(),
  status: z.enum(['GRANTED', 'EXERCISED', 'EXPIRED']),
  exercisedOn: z.iso.date().nullable(),
  unitsIssued: z.string().nullable().meta({ description: 'Registered capital in yuan, or shares' }),
});

/** The warrant, for its affiliate, or for whoever sees the case it was attached to. */
async function visibleWarrant(db: Db, principal: Principal, id: string) {
  const warrant = await db.warrant.findUnique({ where: { id } });
  if (!warrant) throw notFound('warrant');
  const investor = await investorOf(db, principal);
  if (investor?.id === warrant.affiliateId) return { warrant, asAffiliate: true };
  await visibleApplication(db, principal, warrant.applicationId).catch(() => {
    throw notFound('warrant');
  });
  return { warrant, asAffiliate: false };
}

async function view(db: Db, id: string): Promise<z.infer<typeof warrantView>> {
  const w = await db.warrant.findUniqueOrThrow({ where: { id } });
  const [affiliate, firm] = await Promise.all([
    db.institution.findUniqueOrThrow({ where: { id: w.affiliateId } }),
    db.enterprise.findUniqueOrThrow({ where: { id: w.enterpriseId } }),
  ]);
  return {
    id: w.id,
    applicationId: w.applicationId,
    affiliate: affiliate.code,
    policy: w.policyVersion,
    subscription: fenToYuan(Number(w.subscriptionFen)),
    equityBp: w.equityBp,
    grantedOn: day(w.grantedOn)!,
    exercisableFrom: day(w.exercisableFrom)!,
    expiresOn: day(w.expiresOn)!,
    status: w.status,
    exercisedOn: day(w.exercisedOn),
    unitsIssued:
      w.unitsIssued === null ? null : unitsText(firm.capitalUnit ?? 'SHARES', w.unitsIssued),
  };
}

export function warrantRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'get',
    path: '/v1/warrants/:id',
    tag: 'Equity',
    summary: 'A warrant attached to a loan’s approval: its terms, window and outcome',
    roles: ['APPLICANT', 'OFFICER', 'APPROVER', 'FUND_MANAGER'],
    params,
    responses: {
      200: { description: 'The warrant', schema: warrantView },
      404: { description: 'No warrant you may see' },
    },
    handler: async ({ principal, params }) => {
      await visibleWarrant(db, principal, params.id);
      return { status: 200, body: await view(db, params.id) };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/warrants/:id/exercise',
    tag: 'Equity',
    summary: 'The holding affiliate exercises the warrant within its window',
    roles: ['FUND_MANAGER'],
    params,
    responses: {
      200: { description: 'Exercised: the units are on the cap table', schema: warrantView },
      404: { description: 'No warrant your institution holds' },
      409: { description: 'Exercised or expired already' },
      422: { description: 'Before the window opens' },
    },
    handler: async ({ principal, params, actId }) => {
      const { warrant, asAffiliate } = await visibleWarrant(db, principal, params.id);
      if (!asAffiliate) throw notFound('warrant');
      await runUpdate(
        temporal,
        warrant.workflowId,
        exerciseWarrantUpdate,
        { actor: { userId: principal.userId, role: 'FUND_MANAGER' } },
        actId,
      );
      return { status: 200, body: await view(db, warrant.id) };
    },
  });
}
