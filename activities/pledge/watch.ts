// A live pledge loan's collateral (DOMAIN.md §3.5; rule 17): its rights re-checked at their
// registries every quarter, each impairment an early warning, and the coverage (Σ LTV ×
// appraised value of the sound rights against the outstanding principal) recomputed; below
// 100% the firm is asked to top up by a deadline. At full repayment the pledges are released
// and each gets its release letter.
import type { LoanCollateral } from '../../domain/contracts/loan.ts';
import type { Registries } from '../../domain/contracts/registries.ts';
import { addWorkingDays } from '../../domain/calendar.ts';
import { collateralLabel, type CollateralKind } from '../../domain/pledge/collateral.ts';
import { loanToValue } from '../../domain/pledge/loan-to-value.ts';
import { findPledgePolicy } from '../../domain/pledge/pledge-policy.ts';
import { pledgePolicies } from '../../domain/pledge/pledge-policy.data.ts';
import { recordLoanEvent } from '../../prisma/lifecycles.ts';
import { issueLetter, type LetterDeps } from '../letters/issue.ts';
import { raiseWarning } from '../loan/monitoring.ts';
import { problemsOf } from './subjects.ts';

export interface CollateralCheck {
  loanId: string;
  collateral: LoanCollateral;
  outstandingPrincipalFen: number;
  asOf: string;
  at: string;
}

export function createWatchActivities({
  db,
  registries,
  publicBaseUrl,
}: LetterDeps & { registries: Registries }) {
  return {
    /** The quarterly re-check; returns the coverage in basis points (10 000 = fully covered). */
    async watchCollateral(input: CollateralCheck): Promise<{ coverageBp: number }> {
      const policy = findPledgePolicy(
        pledgePolicies,
        input.collateral.bankCode,
        input.collateral.pledgePolicy,
      );
      const loan = await db.loan.findUniqueOrThrow({
        where: { id: input.loanId },
        include: { application: { include: { enterprise: true, pledges: true } } },
      });
      const held = loan.application.pledges.filter((p) => p.status === 'REGISTERED');
      const sound: { kind: CollateralKind; valueFen: number }[] = [];
      const impaired: { pledgeId: string; right: string; problem: string }[] = [];
      for (const pledge of held) {
        const problems = await problemsOf(registries, pledge, {
          holderUscc: loan.application.enterprise.uscc,
          asOf: input.asOf,
        });
        const right = collateralLabel(pledge);
        impaired.push(...problems.map((problem) => ({ pledgeId: pledge.id, right, problem })));
        if (problems.length === 0) {
          sound.push({
            kind: pledge.kind as CollateralKind,
            valueFen: Number(pledge.appraisedValueFen ?? 0),
          });
        }
      }
      const securedFen = loanToValue(sound, policy).totalFen;
      const owed = input.outstandingPrincipalFen;
      const coverageBp = owed === 0 ? 10_000 : Math.floor((securedFen * 10_000) / owed);
      const at = new Date(input.at);
      const context = { loanId: loan.id, asOf: input.asOf, at };
      await db.$transaction(async (tx) => {
        const facts = { securedFen, outstandingPrincipalFen: owed, coverageBp };
        await recordLoanEvent(tx, {
          subjectId: loan.id,
          event: 'collateral_checked',
          at,
          occurrence: input.asOf,
          data: { asOf: input.asOf, ...facts, impaired },
        });
        for (const { pledgeId, right, problem } of impaired) {
          await raiseWarning(
            { tx, ...context },
            {
              cause: 'collateral_impaired',
              ref: `${pledgeId}:${problem}`,
              facts: { pledgeId, right, problem },
            },
          );
        }
        const topUp = { kind: 'TOP_UP' as const, qualifier: input.asOf };
        if (coverageBp < 10_000) {
          const shortfallFen = owed - securedFen;
          await raiseWarning(
            { tx, ...context },
            { cause: 'coverage_short', ref: input.asOf, facts: { ...facts, shortfallFen } },
          );
          const dueAt = addWorkingDays(at, policy.topUpWorkingDays);
          await recordLoanEvent(tx, {
            subjectId: loan.id,
            event: 'top_up_requested',
            at,
            occurrence: input.asOf,
            data: { ...facts, shortfallFen, dueAt: dueAt.toISOString() },
            open: [{ ...topUp, dueAt, detail: { ...facts, shortfallFen } }],
          });
        } else {
          // Covered again: any request still open is met.
          const open = await tx.task.findMany({
            where: { applicationId: loan.applicationId, kind: 'TOP_UP', status: 'OPEN' },
          });
          for (const task of open) {
            // A request is qualified by the day it was made: the last part of its key.
            const requestedOn = task.key.slice(task.key.lastIndexOf(':') + 1);
            await recordLoanEvent(tx, {
              subjectId: loan.id,
              event: 'top_up_met',
              at,
              occurrence: task.key,
              data: { ...facts, task: task.key },
              close: [{ kind: 'TOP_UP', qualifier: requestedOn, outcome: 'DONE' }],
            });
          }
        }
      });
      return { coverageBp };
    },

    /** Every pledge of the repaid loan is released: recorded, and each gets its letter. */
    async completeRelease(input: { loanId: string; at: string }) {
      const loan = await db.loan.findUniqueOrThrow({
        where: { id: input.loanId },
        include: { application: { include: { pledges: { orderBy: { ordinal: 'asc' } } } } },
      });
      const { pledges } = loan.application;
      await db.$transaction((tx) =>
        recordLoanEvent(tx, {
          subjectId: loan.id,
          event: 'pledges_released',
          at: new Date(input.at),
          data: { pledges: pledges.map((p) => ({ pledgeId: p.id, status: p.status })) },
        }),
      );
      for (const pledge of pledges.filter((p) => p.status === 'RELEASED')) {
        await issueLetter(
          { db, publicBaseUrl },
          { applicationId: loan.applicationId, kind: 'pledge_release', sequence: pledge.ordinal },
        );
      }
    },

    /** The registry refused a release: the officer must see to it by hand. */
    async flagRejectedRelease(input: {
      loanId: string;
      pledgeId: string;
      reason: string;
      asOf: string;
      at: string;
    }) {
      const pledge = await db.pledge.findUniqueOrThrow({ where: { id: input.pledgeId } });
      await db.$transaction(async (tx) => {
        await raiseWarning(
          { tx, loanId: input.loanId, asOf: input.asOf, at: new Date(input.at) },
          {
            cause: 'release_rejected',
            ref: pledge.id,
            facts: { pledgeId: pledge.id, right: collateralLabel(pledge), reason: input.reason },
          },
        );
      });
    },
  };
}
