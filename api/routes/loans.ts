// Disbursed loans: the bank's portfolio and the borrower's own loans, each with its schedule
// and repayments, its collateral and disposal; the bank's officer records repayments through
// the loan's workflow, whose validator has the last word on what the loan can take.
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { loanCategories } from '../../domain/loan/classification.ts';
import { fenToYuan, yuanAmount, yuanToFen } from '../../domain/money.ts';
import { dueDateRules, type RepaymentRow } from '../../domain/loan/repayment-schedule.ts';
import { bankStaffRoles } from '../../domain/roles.ts';
import type { UpdateDefinition } from '@temporalio/common';
import type { Db, Disposal, Prisma } from '../../prisma/client.ts';
import { recordRepaymentUpdate, type LoanSnapshot } from '../../domain/contracts/loan.ts';
import { disposalMethods } from '../../domain/pledge/disposal.ts';
import type { Principal } from '../auth.ts';
import { AppError, notFound } from '../errors.ts';
import { runUpdate } from '../workflow-errors.ts';
import { cursorParam, emptyPage } from '../pages.ts';
import { pledgesOf, pledgeView } from '../pledge-view.ts';
import type { RouteTable } from './define.ts';

const yuan = z.string().meta({ description: 'Yuan as a decimal string', example: '10000.00' });
const isoDate = z.iso.date();
const staffOnly = { description: 'Bank staff only' };

const loanSummary = z.object({
  id: z.uuid(),
  contractNumber: z.string(),
  applicationId: z.uuid(),
  enterprise: z.object({ id: z.uuid(), name: z.string() }),
  amount: yuan,
  annualRate: z.string(),
  termMonths: z.int(),
  status: z.enum(['LIVE', 'REPAID', 'IN_DISPOSAL', 'DISPOSED']),
  disbursedOn: isoDate,
  repaidAt: z.iso.datetime().nullable(),
  daysPastDue: z.int(),
  classification: z.enum(loanCategories).optional().meta(staffOnly),
});

export const loanView = loanSummary.extend({
  repaymentMethod: z.string(),
  dayCount: z.string(),
  dueDateRule: z.enum(dueDateRules).meta({
    description: 'following: a due date on a day off moves to the next working day, interest to it',
  }),
  schedule: z.array(
    z.object({
      n: z.int(),
      dueDate: isoDate,
      principal: yuan,
      interest: yuan,
      payment: yuan,
      balanceAfter: yuan,
    }),
  ),
  repayments: z.array(
    z.object({
      reference: z.string(),
      receivedOn: isoDate,
      amount: yuan,
      recordedAt: z.iso.datetime(),
    }),
  ),
  pledges: z.array(pledgeView).meta({ description: 'What secures the loan; none for credit' }),
  disposal: z
    .object({
      sales: z.array(
        z.object({
          pledgeId: z.uuid(),
          method: z.enum(disposalMethods),
          counterparty: z.string(),
          disposedOn: isoDate,
          proceeds: yuan,
          toInterest: yuan,
          toPrincipal: yuan,
          surplus: yuan,
        }),
      ),
      lossPrincipal: yuan.nullable().meta({ description: 'Set once the disposal is closed' }),
      lossInterest: yuan.nullable(),
    })
    .nullable()
    .meta({ description: "A defaulted pledge loan's disposal: each sale and the residual loss" }),
  topUpRequest: z
    .object({ dueAt: z.iso.datetime(), shortfall: yuan, coverageBp: z.int() })
    .nullable()
    .meta({
      description:
        'Open while the pledged rights no longer cover the outstanding principal: pledge more or repay the shortfall by dueAt',
    }),
  earlyWarnings: z
    .array(
      z.object({
        id: z.uuid(),
        cause: z.string(),
        detail: z.unknown(),
        dueAt: z.iso.datetime(),
        raisedAt: z.iso.datetime(),
      }),
    )
    .optional()
    .meta({ description: 'Open early-warning tasks; bank staff only' }),
});
export type LoanView = z.infer<typeof loanView>;

const listQuery = z.object({
  status: z.enum(['LIVE', 'REPAID']).optional(),
  classification: z.enum(loanCategories).optional().meta(staffOnly),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursorParam,
});

const repayment = z.object({
  receivedOn: isoDate.meta({ description: 'The Shanghai date the money was received' }),
  amount: yuanAmount,
  reference: z
    .string()
    .regex(/^[A-Za-z0-9._:/-]{1,64}$/, 'use 1–64 characters of A-Z a-z 0-9 . _ : / -')
    .meta({ description: "The bank's reference of the receipt; one repayment per reference" }),
});

export const loanParams = z.object({ id: z.uuid() });

const isStaff = (principal: Principal) => principal.roles.some((r) => bankStaffRoles.includes(r));
const isStaffOf = (principal: Principal, bankId: string) =>
  isStaff(principal) && principal.institutionId === bankId;

/** Loans the caller may see: its bank's as bank staff, its firms' as an applicant. */
function visibleTo(principal: Principal): Prisma.LoanWhereInput {
  const scopes: Prisma.LoanWhereInput[] = [];
  if (principal.roles.includes('APPLICANT')) {
    scopes.push({ application: { enterprise: { ownerId: principal.userId } } });
  }
  if (isStaff(principal)) {
    if (!principal.institutionId) {
      throw new AppError('forbidden', 'bank staff tokens name their bank');
    }
    scopes.push({ bankId: principal.institutionId });
  }
  return { OR: scopes };
}

const withFirm = { application: { include: { enterprise: true } } } as const;
type LoanRow = Prisma.LoanGetPayload<{ include: typeof withFirm }>;

/** Only disbursed loans are monitored; a contract not yet paid out belongs to its application. */
const disbursed = { disbursedOn: { not: null } } satisfies Prisma.LoanWhereInput;

async function visibleLoan(db: Db, principal: Principal, id: string): Promise<LoanRow> {
  const loan = await db.loan.findFirst({
    where: { AND: [{ id }, disbursed, visibleTo(principal)] },
    include: withFirm,
  });
  if (!loan) throw notFound('loan');
  return loan;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** A paid-out loan's status: nothing before the money (contracted, cancelled) is listed. */
const disbursedStatus = (status: LoanRow['status']) =>
  status === 'CONTRACTED' || status === 'CANCELLED' ? 'LIVE' : status;

function summaryOf(loan: LoanRow, principal: Principal): z.infer<typeof loanSummary> {
  return {
    id: loan.id,
    contractNumber: loan.contractNumber,
    applicationId: loan.applicationId,
    enterprise: { id: loan.application.enterprise.id, name: loan.application.enterprise.name },
    amount: fenToYuan(Number(loan.amountFen)),
    annualRate: loan.annualRate.toString(),
    termMonths: loan.termMonths,
    status: disbursedStatus(loan.status),
    disbursedOn: isoDay(loan.disbursedOn!),
    repaidAt: loan.repaidAt?.toISOString() ?? null,
    daysPastDue: loan.daysPastDue,
    ...(isStaffOf(principal, loan.bankId) && {
      classification: loan.classification as z.infer<typeof loanSummary>['classification'],
    }),
  };
}

/**
 * The loan with its repayments and warnings, read in one snapshot: a review commits its
 * classification and its warnings together, and the view never shows one without the other.
 */
export async function viewOf(db: Db, id: string, principal: Principal): Promise<LoanView> {
  const { loan, secured, repayments, warnings, topUp, disposals } = await db.$transaction(
    async (tx) => {
      const loan = await tx.loan.findUniqueOrThrow({ where: { id }, include: withFirm });
      const secured = await tx.application.findUniqueOrThrow({
        where: { id: loan.applicationId },
        include: { bank: true, pledges: { orderBy: { ordinal: 'asc' } } },
      });
      const repayments = await tx.repayment.findMany({
        where: { loanId: id },
        orderBy: [{ receivedOn: 'asc' }, { recordedAt: 'asc' }],
      });
      const warnings = isStaffOf(principal, loan.bankId)
        ? await tx.task.findMany({
            where: {
              applicationId: loan.applicationId,
              kind: 'EARLY_WARNING',
              status: 'OPEN',
            },
            orderBy: [{ createdAt: 'asc' }, { key: 'asc' }],
          })
        : [];
      const disposals = await tx.disposal.findMany({
        where: { loanId: id },
        orderBy: [{ disposedOn: 'asc' }, { recordedAt: 'asc' }],
      });
      const topUp = await tx.task.findFirst({
        where: { applicationId: loan.applicationId, kind: 'TOP_UP', status: 'OPEN' },
        orderBy: { createdAt: 'desc' },
      });
      return { loan, secured, repayments, warnings, topUp, disposals };
    },
    { isolationLevel: 'RepeatableRead' },
  );
  const staff = isStaffOf(principal, loan.bankId);
  const schedule = (loan.schedule ?? []) as unknown as RepaymentRow[];
  return {
    ...summaryOf(loan, principal),
    repaymentMethod: loan.repaymentMethod,
    dayCount: loan.dayCount,
    dueDateRule: z.enum(dueDateRules).parse(loan.dueDateRule),
    schedule: schedule.map((row) => ({
      n: row.n,
      dueDate: row.dueDate,
      principal: fenToYuan(row.principalFen),
      interest: fenToYuan(row.interestFen),
      payment: fenToYuan(row.paymentFen),
      balanceAfter: fenToYuan(row.balanceAfterFen),
    })),
    repayments: repayments.map((r) => ({
      reference: r.key.slice(loan.id.length + 1),
      receivedOn: isoDay(r.receivedOn),
      amount: fenToYuan(Number(r.amountFen)),
      recordedAt: r.recordedAt.toISOString(),
    })),
    pledges: pledgesOf(secured),
    disposal: disposalOf(loan, disposals),
    topUpRequest: topUp && topUpOf(topUp),
    ...(staff && {
      earlyWarnings: warnings.map((t) => ({
        id: t.id,
        cause: (t.detail as { cause?: string } | null)?.cause ?? 'unknown',
        detail: t.detail,
        dueAt: t.dueAt.toISOString(),
        raisedAt: t.createdAt.toISOString(),
      })),
    }),
  };
}

const yuanOf = (fen: bigint | null) => (fen === null ? null : fenToYuan(Number(fen)));

function disposalOf(loan: LoanRow, disposals: Disposal[]) {
  if (loan.status !== 'IN_DISPOSAL' && loan.status !== 'DISPOSED') return null;
  return {
    sales: disposals.map((d) => ({
      pledgeId: d.pledgeId,
      method: z.enum(disposalMethods).parse(d.method),
      counterparty: d.counterparty,
      disposedOn: isoDay(d.disposedOn),
      proceeds: fenToYuan(Number(d.proceedsFen)),
      toInterest: fenToYuan(Number(d.toInterestFen)),
      toPrincipal: fenToYuan(Number(d.toPrincipalFen)),
      surplus: fenToYuan(Number(d.surplusFen)),
    })),
    lossPrincipal: yuanOf(loan.lossPrincipalFen),
    lossInterest: yuanOf(loan.lossInterestFen),
  };
}

const topUpDetail = z.object({ shortfallFen: z.int(), coverageBp: z.int() });

function topUpOf(task: { dueAt: Date; detail: unknown }) {
  const { shortfallFen, coverageBp } = topUpDetail.parse(task.detail);
  return { dueAt: task.dueAt.toISOString(), shortfall: fenToYuan(shortfallFen), coverageBp };
}

export function loanRoutes(routes: RouteTable, db: Db, temporal: Client) {
  routes.add({
    method: 'get',
    path: '/v1/loans',
    tag: 'Loans',
    summary: "Disbursed loans: your bank's, or your firms', the latest disbursed first",
    roles: [...bankStaffRoles, 'APPLICANT'],
    query: listQuery,
    responses: {
      200: {
        description: 'One page',
        schema: z.object({ items: z.array(loanSummary), nextCursor: z.uuid().nullable() }),
      },
    },
    handler: async ({ principal, query }) => {
      const filters: Prisma.LoanWhereInput[] = [disbursed, visibleTo(principal)];
      if (query.status) filters.push({ status: query.status });
      if (query.classification) {
        // Categories are the bank's own judgement: only its staff select by them.
        if (!isStaff(principal)) {
          throw new AppError('forbidden', 'only bank staff filter by category');
        }
        filters.push({ classification: query.classification, bankId: principal.institutionId });
      }
      const where: Prisma.LoanWhereInput = { AND: filters };
      if (query.cursor && (await db.loan.count({ where: { ...where, id: query.cursor } })) === 0) {
        return emptyPage;
      }
      const loans = await db.loan.findMany({
        where,
        include: withFirm,
        orderBy: [{ disbursedOn: 'desc' }, { id: 'asc' }],
        take: query.limit + 1,
        ...(query.cursor && { cursor: { id: query.cursor }, skip: 1 }),
      });
      const page = loans.slice(0, query.limit);
      return {
        status: 200,
        body: {
          items: page.map((loan) => summaryOf(loan, principal)),
          nextCursor: loans.length > query.limit ? page.at(-1)!.id : null,
        },
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/loans/:id',
    tag: 'Loans',
    summary: 'A loan: its terms, schedule, repayments and, for the bank, its early warnings',
    roles: [...bankStaffRoles, 'APPLICANT'],
    params: loanParams,
    responses: {
      200: { description: 'The loan', schema: loanView },
      404: { description: 'No such loan that you may see' },
    },
    handler: async ({ principal, params }) => {
      const loan = await visibleLoan(db, principal, params.id);
      return { status: 200, body: await viewOf(db, loan.id, principal) };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/loans/:id/repayments',
    tag: 'Loans',
    summary: 'Record a repayment received by the bank; the loan is reviewed at once',
    roles: ['OFFICER'],
    params: loanParams,
    body: repayment,
    responses: {
      200: { description: 'Recorded; the loan as it stands now', schema: loanView },
      404: { description: 'No such loan at your bank' },
      409: { description: 'The loan is repaid, or the reference names another receipt' },
      422: {
        description: 'Dated before the disbursement or after today, or more than is owed',
      },
    },
    handler: async ({ principal, params, body, actId }) => {
      const found = await staffLoan(db, principal, params.id);
      if (found.status === 'REPAID') throw new AppError('invalid_state', 'the loan is repaid');
      const input = {
        actor: { userId: principal.userId, role: 'OFFICER' as const },
        receivedOn: body.receivedOn,
        amountFen: yuanToFen(body.amount),
        reference: body.reference,
      };
      await actOnLoan(temporal, found.workflowId, recordRepaymentUpdate, input, actId);
      return { status: 200, body: await viewOf(db, found.id, principal) };
    },
  });
}

/** A loan of the caller's bank, or 404. */
export async function staffLoan(db: Db, principal: Principal, id: string) {
  const loan = await visibleLoan(db, principal, id);
  if (!isStaffOf(principal, loan.bankId)) throw notFound('loan');
  return loan;
}

/** An act on the loan, through its workflow; the Idempotency-Key is the update's id. */
export async function actOnLoan<I>(
  temporal: Client,
  workflowId: string,
  update: UpdateDefinition<LoanSnapshot, [I]>,
  input: I,
  actId: string | undefined,
) {
  await runUpdate(temporal, workflowId, update, input, actId);
}
