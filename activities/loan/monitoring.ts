// Side effects of the loan monitoring workflow. The loan row is locked for every review, so
// a review and a repayment never interleave, and every write is keyed by the loan and what
// it records, so Temporal may retry any activity.
import { ApplicationFailure } from '@temporalio/activity';
import { addWorkingDays } from '../../domain/calendar.ts';
import { classify, pastDue, type Payment } from '../../domain/loan/classification.ts';
import { classificationPolicies } from '../../domain/loan/classification.data.ts';
import { findVersion } from '../../domain/policy-versions.ts';
import { certificateFlags } from '../../domain/enterprise/certificates.ts';
import type { RepaymentRow } from '../../domain/loan/repayment-schedule.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import { dayOf, toCertificateRecord } from '../../prisma/enterprise-store.ts';
import { recordLoanEvent } from '../../prisma/lifecycles.ts';
import type { LoanSnapshot, RepaymentInput } from '../../domain/contracts/loan.ts';
import { loanLifecycle } from '../../domain/loan/lifecycle.ts';

type Tx = Prisma.TransactionClient;

export interface LoanActivityDeps {
  db: Db;
}

/** The loan as a review leaves it: what the workflow answers and checks repayments against. */
export interface LoanPosition extends LoanSnapshot {
  /** Principal and interest of the schedule not yet repaid. */
  owedFen: number;
  disbursedOn: string;
}

export interface LoanReview {
  loanId: string;
  classificationPolicy: string;
  /** The Shanghai date the loan is judged on (workflow time). */
  asOf: string;
  /** The instant of the review (workflow time): due times of warnings count from it. */
  at: string;
}

export type RepaymentOutcome = 'recorded' | 'already-recorded' | 'reference-taken';

/** Rights in these states stand behind the firm's innovation capability; others are a risk. */
const soundIpStatuses = new Set(['VALID', 'PENDING']);
const WARNING_DUE_WORKING_DAYS = 2;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function createLoanActivities({ db }: LoanActivityDeps) {
  return {
    /**
     * Judges the loan on `asOf`: days past due and category under the pinned policy, early
     * warnings for what threatens repayment, and the loan closed once nothing is owed.
     */
    async reviewLoan(input: LoanReview): Promise<LoanPosition> {
      const policy = findVersion(
        classificationPolicies,
        input.classificationPolicy,
        'classification policy',
      );
      return db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT "id" FROM "Loan" WHERE "id" = ${input.loanId}::uuid FOR UPDATE`;
        const loan = await tx.loan.findUniqueOrThrow({
          where: { id: input.loanId },
          include: { repayments: true, application: true },
        });
        if (loan.status !== 'LIVE' && loan.status !== 'REPAID') {
          throw ApplicationFailure.nonRetryable(`loan ${loan.id} is ${loan.status}, not paid out`);
        }
        if (!loan.disbursedOn || !loan.schedule) {
          throw ApplicationFailure.nonRetryable(`loan ${loan.id} has not been disbursed`);
        }
        const rows = loan.schedule as unknown as RepaymentRow[];
        const payments: Payment[] = loan.repayments.map((r) => ({
          date: isoDay(r.receivedOn),
          amountFen: Number(r.amountFen),
        }));
        const behind = pastDue(rows, payments, input.asOf);
        const classification = classify(behind.daysPastDue, policy);
        const unpaid = unpaidInstalments(rows, sum(payments.map((p) => p.amountFen)));
        const owedFen = sum(unpaid.map((i) => i.interestFen + i.principalFen));
        const position: LoanPosition = {
          status: loan.status,
          classification,
          daysPastDue: behind.daysPastDue,
          outstandingPrincipalFen: sum(unpaid.map((i) => i.principalFen)),
          owedFen,
          disbursedOn: isoDay(loan.disbursedOn),
        };
        if (loan.status === 'REPAID') return position;

        const context = { tx, loanId: loan.id, asOf: input.asOf, at: new Date(input.at) };
        if (classification !== loan.classification || behind.daysPastDue !== loan.daysPastDue) {
          await tx.loan.update({
            where: { id: loan.id },
            data: { classification, daysPastDue: behind.daysPastDue },
          });
        }
        if (classification !== loan.classification) {
          await recordLoanEvent(tx, {
            subjectId: loan.id,
            event: 'classified',
            at: context.at,
            occurrence: `${input.asOf}:${loan.classification}:${classification}`,
            data: {
              from: loan.classification,
              to: classification,
              daysPastDue: behind.daysPastDue,
              policy: policy.version,
              asOf: input.asOf,
            },
          });
        }
        if (owedFen === 0) {
          await close(context, sum(payments.map((p) => p.amountFen)));
          return { ...position, status: 'REPAID' };
        }
        const warnings = [
          ...pastDueWarnings(unpaid, input.asOf),
          ...(await registryWarnings(tx, loan.application.enterpriseId, input.asOf)),
          ...(await lapsedTopUps(tx, loan.applicationId, context.at)),
        ];
        for (const warning of warnings) {
          await raiseWarning(context, warning);
        }
        return position;
      });
    },

    /** One repayment per bank reference; the same receipt sent again changes nothing. */
    async recordLoanRepayment(input: {
      loanId: string;
      repayment: RepaymentInput;
      at: string;
    }): Promise<RepaymentOutcome> {
      const { loanId, repayment } = input;
      const key = `${loanId}:${repayment.reference}`;
      return db.$transaction(async (tx) => {
        const existing = await tx.repayment.findUnique({ where: { key } });
        if (existing) {
          const same =
            isoDay(existing.receivedOn) === repayment.receivedOn &&
            Number(existing.amountFen) === repayment.amountFen;
          return same ? 'already-recorded' : 'reference-taken';
        }
        await tx.repayment.create({
          data: {
            loanId,
            key,
            receivedOn: dayOf(repayment.receivedOn),
            amountFen: BigInt(repayment.amountFen),
            recordedById: repayment.actor.userId,
            recordedAt: new Date(input.at),
          },
        });
        await recordLoanEvent(tx, {
          subjectId: loanId,
          event: 'repayment_recorded',
          actor: repayment.actor,
          at: new Date(input.at),
          occurrence: repayment.reference,
          data: {
            reference: repayment.reference,
            receivedOn: repayment.receivedOn,
            amountFen: repayment.amountFen,
          },
        });
        return 'recorded';
      });
    },
  };
}

export type LoanActivities = ReturnType<typeof createLoanActivities>;

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export type Unpaid = Pick<RepaymentRow, 'n' | 'dueDate' | 'principalFen' | 'interestFen'>;

/**
 * What remains of each instalment once `paidFen` is applied in due order, interest before
 * principal: the allocation `pastDue` makes, taken over every repayment received.
 */
export function unpaidInstalments(rows: readonly RepaymentRow[], paidFen: number): Unpaid[] {
  let funds = paidFen;
  const take = (owed: number) => {
    const paid = Math.min(owed, funds);
    funds -= paid;
    return owed - paid;
  };
  return [...rows]
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.n - b.n)
    .map((row) => ({
      n: row.n,
      dueDate: row.dueDate,
      interestFen: take(row.interestFen),
      principalFen: take(row.principalFen),
    }))
    .filter((row) => row.interestFen + row.principalFen > 0);
}

export interface Warning {
  cause:
    | 'instalment_past_due'
    | 'certificate_expiring'
    | 'ip_right_impaired'
    | 'collateral_impaired'
    | 'coverage_short'
    | 'top_up_overdue'
    | 'release_rejected';
  ref: string;
  facts: Record<string, string | number>;
}

function pastDueWarnings(unpaid: Unpaid[], asOf: string): Warning[] {
  return unpaid
    .filter((i) => i.dueDate < asOf)
    .map((i) => ({
      cause: 'instalment_past_due',
      ref: String(i.n),
      facts: { n: i.n, dueDate: i.dueDate, unpaidFen: i.interestFen + i.principalFen },
    }));
}

/**
 * The firm's tech status and IP, on which the credit track lent: a high-tech certificate
 * running out with no renewal on record, and rights lapsed, pledged elsewhere or disputed.
 */
async function registryWarnings(tx: Tx, enterpriseId: string, asOf: string): Promise<Warning[]> {
  const [certificates, ipRights] = await Promise.all([
    tx.certificate.findMany({ where: { enterpriseId, kind: 'HIGH_TECH' } }),
    tx.ipRight.findMany({ where: { enterpriseId } }),
  ]);
  const records = certificates.map(toCertificateRecord);
  const renewedBeyond = (until: string) =>
    records.some((c) => c.validUntil === null || c.validUntil > until);
  const expiring = records.flatMap((c): Warning[] => {
    const { expiringWithin90Days, daysLeft } = certificateFlags(c, asOf);
    if (!expiringWithin90Days || renewedBeyond(c.validUntil!)) return [];
    const facts = { number: c.number, validUntil: c.validUntil!, daysLeft: daysLeft! };
    return [{ cause: 'certificate_expiring', ref: c.number, facts }];
  });
  const impaired = ipRights
    .filter((right) => !soundIpStatuses.has(right.status))
    .map((right): Warning => ({
      cause: 'ip_right_impaired',
      ref: `${right.id}:${right.status}`,
      facts: { ipRightId: right.id, type: right.type, number: right.number, status: right.status },
    }));
  return [...expiring, ...impaired];
}

/** Requests to top up a pledge loan's collateral still open past their due time. */
async function lapsedTopUps(tx: Tx, applicationId: string, at: Date): Promise<Warning[]> {
  const lapsed = await tx.task.findMany({
    where: { applicationId, kind: 'TOP_UP', status: 'OPEN', dueAt: { lt: at } },
  });
  return lapsed.map((task) => ({
    cause: 'top_up_overdue',
    ref: task.key,
    facts: { task: task.key, dueAt: task.dueAt.toISOString() },
  }));
}

export interface ReviewContext {
  tx: Tx;
  loanId: string;
  asOf: string;
  at: Date;
}

/** An EARLY_WARNING task for the bank's officers, once per cause and reference. */
export async function raiseWarning(
  { tx, loanId, asOf, at }: ReviewContext,
  warning: Warning,
): Promise<void> {
  const qualifier = `${warning.cause}:${warning.ref}`;
  const detail = { cause: warning.cause, asOf, ...warning.facts };
  await recordLoanEvent(tx, {
    subjectId: loanId,
    event: 'early_warning',
    at,
    occurrence: qualifier,
    data: { taskKey: loanLifecycle.taskKey(loanId, 'EARLY_WARNING', qualifier), ...detail },
    open: [
      {
        kind: 'EARLY_WARNING',
        qualifier,
        detail,
        dueAt: addWorkingDays(at, WARNING_DUE_WORKING_DAYS),
      },
    ],
  });
}

/** Nothing owed any more: the loan is repaid. Its warnings stay as they are, as history. */
async function close({ tx, loanId, asOf, at }: ReviewContext, repaidFen: number): Promise<void> {
  await tx.loan.updateMany({ where: { id: loanId, repaidAt: null }, data: { repaidAt: at } });
  await recordLoanEvent(tx, { subjectId: loanId, event: 'repaid', at, data: { asOf, repaidFen } });
}
