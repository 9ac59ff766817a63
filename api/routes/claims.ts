// Claims on guarantees over HTTP: the bank files once the loan is far enough past due; each
// party that owes a payment records it (its own institution's, nobody else's); the pool
// manager decides the pool's part; the bank records recoveries; every party to the deal reads
// the claim and its ledger.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import {
  claimPayers,
  decidePoolClaimUpdate,
  recordClaimPaymentUpdate,
  type ClaimSnapshot,
} from '../../domain/contracts/claim.ts';
import { yuanAmount, yuanToFen } from '../../domain/money.ts';
import type { Db } from '../../prisma/client.ts';
import { stableUuid } from '../../prisma/stable-uuid.ts';
import type { Principal } from '../auth.ts';
import { claimView, loadClaimView } from '../claim-view.ts';
import { AppError, notFound } from '../errors.ts';
import { visibleGuarantee, dealReaders } from '../guarantee-access.ts';
import { identifier } from '../text.ts';
import { fileClaim } from '../use-cases/file-claim.ts';
import { recordRecovery, recoverySources } from '../use-cases/record-recovery.ts';
import { runUpdate } from '../workflow-errors.ts';
import { refusals } from './decisions.ts';
import type { RouteTable } from './define.ts';

const params = z.object({ id: z.uuid().meta({ description: "The guarantee's id" }) });
const reference = identifier(64).meta({
  description: 'The reference in the payer’s books',
  example: 'HBG-PAY-0001',
});

const payment = z.object({ payer: z.enum(claimPayers), reference, paidOn: z.iso.date() });
const poolDecision = z.object({ reference, paidOn: z.iso.date() });
const recovery = z.object({
  amount: yuanAmount,
  source: z.enum(recoverySources),
  receivedOn: z.iso.date(),
  reference: identifier(64).meta({
    description: "The receipt's reference; one recovery per reference",
  }),
});

/** The claim on a deal the principal is party to; 404 for any other. */
async function claimOf(db: Db, principal: Principal, guaranteeId: string) {
  const guarantee = await visibleGuarantee(db, principal, guaranteeId);
  const claim = await db.guaranteeClaim.findUnique({
    where: { guaranteeId },
    include: { payments: true },
  });
  if (!claim) throw notFound('claim');
  return { guarantee, claim };
}

async function actOnClaim<I>(
  db: Db,
  temporal: Client,
  { claim, actId }: { claim: { id: string; workflowId: string }; actId?: string },
  update: UpdateDefinition<ClaimSnapshot, [I]>,
  input: I,
) {
  await runUpdate(temporal, claim.workflowId, update, input, actId);
  return { status: 200, body: await loadClaimView(db, claim.id) };
}

export function claimRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'post',
    path: '/v1/guarantees/:id/claim',
    tag: 'Combined deals',
    summary:
      'The bank claims on the guarantee of a loan past due by the scheme’s days (90 by default)',
    roles: ['OFFICER'],
    params,
    responses: {
      201: { description: 'Filed; the guarantor is asked to pay', schema: claimView },
      404: { description: 'No such deal at your bank' },
      409: { description: 'The guarantee is not in force, or a claim is filed' },
      422: { description: 'The loan is not far enough past due' },
    },
    handler: async ({ principal, params, actId }) => {
      const guarantee = await visibleGuarantee(db, principal, params.id);
      if (guarantee.bankId !== principal.institutionId) throw notFound('guarantee');
      const id = await fileClaim(
        { db, temporal },
        guarantee,
        { userId: principal.userId, role: 'OFFICER' },
        { id: actId ? stableUuid(`claim:${actId}`) : randomUUID() },
      );
      return { status: 201, body: await loadClaimView(db, id) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/guarantees/:id/claim',
    tag: 'Combined deals',
    summary: 'The claim: its settlement, payments, recoveries and each party’s ledger',
    roles: dealReaders,
    params,
    responses: {
      200: { description: 'The claim', schema: claimView },
      404: { description: 'No claim, or your institution is not party to the deal' },
    },
    handler: async ({ principal, params }) => {
      const { claim } = await claimOf(db, principal, params.id);
      return { status: 200, body: await loadClaimView(db, claim.id) };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/guarantees/:id/claim/payments',
    tag: 'Combined deals',
    summary:
      'A party records the payment it owes on the claim: the guarantor to the bank, a counter-guarantor to the guarantor',
    roles: ['GUARANTOR'],
    params,
    body: payment,
    responses: { 200: { description: 'Recorded', schema: claimView }, ...refusals },
    handler: async ({ principal, params, body, actId }) => {
      const { claim } = await claimOf(db, principal, params.id);
      const owed = claim.payments.find((p) => p.payer === body.payer);
      // Only the institution that owes a payment records it.
      if (!owed || owed.payerId !== principal.institutionId) {
        throw new AppError(
          'forbidden',
          `the ${body.payer}'s payment is recorded by the ${body.payer}`,
        );
      }
      const input = { actor: { userId: principal.userId, role: 'GUARANTOR' as const }, ...body };
      return actOnClaim(db, temporal, { claim, actId }, recordClaimPaymentUpdate, input);
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/guarantees/:id/claim/pool-decision',
    tag: 'Combined deals',
    summary: "The pool manager approves the award the pool's rules give, and records its payment",
    roles: ['POOL_MANAGER'],
    params,
    body: poolDecision,
    responses: { 200: { description: 'Decided', schema: claimView }, ...refusals },
    handler: async ({ principal, params, body, actId }) => {
      const { claim } = await claimOf(db, principal, params.id);
      if (claim.poolId !== principal.institutionId) {
        throw new AppError('forbidden', 'the claim is decided by the pool it was filed with');
      }
      const input = { actor: { userId: principal.userId, role: 'POOL_MANAGER' as const }, ...body };
      return actOnClaim(db, temporal, { claim, actId }, decidePoolClaimUpdate, input);
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/guarantees/:id/claim/recoveries',
    tag: 'Combined deals',
    summary:
      'The bank records money recovered after the claim was settled; every party gets its part back, to the fen',
    roles: ['OFFICER'],
    params,
    body: recovery,
    responses: {
      201: { description: 'Recorded and shared', schema: claimView },
      404: { description: 'No claim on a deal of your bank' },
      409: {
        description: 'The claim is not settled yet, or the reference is taken by another amount',
      },
      422: { description: 'More than is still unrecovered' },
    },
    handler: async ({ principal, params, body }) => {
      const { guarantee, claim } = await claimOf(db, principal, params.id);
      if (guarantee.bankId !== principal.institutionId) throw notFound('claim');
      await recordRecovery(
        db,
        claim.id,
        { ...body, amountFen: yuanToFen(body.amount) },
        { userId: principal.userId, role: 'OFFICER' },
      );
      return { status: 201, body: await loadClaimView(db, claim.id) };
    },
  });
}
