// The lifecycle declarations are the only source of statuses, events and task kinds: the
// schema's enums agree with them, and every transition names statuses the process has.
import { describe, expect, it } from 'vitest';
import { creditApplication, stepOf } from '../../domain/credit/lifecycle.ts';
import { claimLifecycle } from '../../domain/guarantee/claim-lifecycle.ts';
import { guaranteeLifecycle } from '../../domain/guarantee/lifecycle.ts';
import { roundLifecycle } from '../../domain/equity/lifecycle.ts';
import { buybackLifecycle, subFundLifecycle } from '../../domain/fund/lifecycle.ts';
import { defineLifecycle } from '../../domain/lifecycle.ts';
import { loanLifecycle } from '../../domain/loan/lifecycle.ts';
import { pledgeLifecycle } from '../../domain/pledge/lifecycle.ts';
import { $Enums } from '../../prisma/client.ts';

const sorted = (values: Iterable<string>) => [...values].sort();

describe('the lifecycle declarations', () => {
  it('name exactly the statuses and task kinds the schema stores', () => {
    expect(sorted(creditApplication.statuses)).toEqual(
      sorted(Object.values($Enums.ApplicationStatus)),
    );
    expect(sorted(loanLifecycle.statuses)).toEqual(sorted(Object.values($Enums.LoanStatus)));
    expect(sorted(pledgeLifecycle.statuses)).toEqual(sorted(Object.values($Enums.PledgeStatus)));
    expect(sorted(claimLifecycle.statuses)).toEqual(sorted(Object.values($Enums.ClaimStatus)));
    expect(sorted(guaranteeLifecycle.statuses)).toEqual(
      sorted(Object.values($Enums.GuaranteeStatus)),
    );
    expect(sorted(roundLifecycle.statuses)).toEqual(sorted(Object.values($Enums.RoundStatus)));
    expect(sorted(buybackLifecycle.statuses)).toEqual(sorted(Object.values($Enums.BuybackStatus)));
    const kinds = [
      creditApplication,
      loanLifecycle,
      pledgeLifecycle,
      guaranteeLifecycle,
      claimLifecycle,
      subFundLifecycle,
      buybackLifecycle,
    ].flatMap((l) => Object.keys(l.tasks));
    expect(sorted(kinds)).toEqual(sorted(Object.values($Enums.TaskKind)));
  });

  it('key tasks by subject, kind and qualifier, and read the subject back', () => {
    const key = creditApplication.taskKey('a1', 'DECISION', 'BRANCH_APPROVER');
    expect(key).toBe('a1:DECISION:BRANCH_APPROVER');
    expect(creditApplication.subjectOfTaskKey(key)).toBe('a1');
    expect(loanLifecycle.taskKey('l1', 'EARLY_WARNING', 'instalment_past_due:3')).toBe(
      'l1:EARLY_WARNING:instalment_past_due:3',
    );
  });

  it('allow an event only from the statuses it names', () => {
    expect(creditApplication.allows('approved', 'AWAITING_DECISION')).toBe(true);
    expect(creditApplication.allows('approved', 'UNDER_REVIEW')).toBe(false);
    expect(creditApplication.allows('withdrawn', 'APPROVED')).toBe(false);
    expect(creditApplication.allows('letter_issued', 'REJECTED')).toBe(true);
    expect(loanLifecycle.allows('repaid', 'CONTRACTED')).toBe(false);
  });

  it('never move a closed row, and every closed status is reached by some event', () => {
    for (const lifecycle of [
      creditApplication,
      loanLifecycle,
      pledgeLifecycle,
      guaranteeLifecycle,
      claimLifecycle,
      roundLifecycle,
      buybackLifecycle,
    ]) {
      const rules = Object.values(lifecycle.events).filter((r) => r !== null);
      for (const status of lifecycle.closed) {
        expect(
          rules.some((r) => r.from.includes(status)),
          status,
        ).toBe(false);
        expect(
          rules.some((r) => r.to === status),
          status,
        ).toBe(true);
      }
    }
  });

  it('refuse a transition to a status the process does not have', () => {
    expect(() =>
      defineLifecycle({
        entity: 'Probe',
        steps: ['only'],
        statuses: ['OPEN', 'DONE'],
        initial: 'OPEN',
        closed: ['DONE'],
        events: { finished: { from: ['OPEN'], to: 'GONE' as 'DONE' } },
        tasks: {},
      }),
    ).toThrow(/finished names an unknown status/);
  });

  it('derive the step from the read model', () => {
    const facts = { tasks: [], letters: [], offer: null };
    expect(stepOf({ ...facts, status: 'AWAITING_DOCUMENTS' })).toBe('documents');
    expect(stepOf({ ...facts, status: 'APPROVED', offer: { status: 'ACCEPTED' } })).toBe(
      'contract',
    );
    expect(stepOf({ ...facts, status: 'APPROVED', tasks: [{ kind: 'CONDITIONS' }] })).toBe(
      'conditions',
    );
    expect(stepOf({ ...facts, status: 'APPROVED', guarantee: { status: 'UNDER_REVIEW' } })).toBe(
      'guarantee',
    );
    expect(stepOf({ ...facts, status: 'APPROVED', guarantee: { status: 'APPROVED' } })).toBe(
      'letter',
    );
    expect(stepOf({ ...facts, status: 'CONTRACTED' })).toBe('disbursement');
    expect(stepOf({ ...facts, status: 'CONTRACTED', pledges: [{ status: 'FILED' }] })).toBe(
      'registration',
    );
    expect(stepOf({ ...facts, status: 'CONTRACTED', pledges: [{ status: 'REGISTERED' }] })).toBe(
      'disbursement',
    );
    expect(stepOf({ ...facts, status: 'REJECTED' })).toBe('letter');
    expect(stepOf({ ...facts, status: 'REJECTED', letters: [{ kind: 'rejection' }] })).toBe(
      'closed',
    );
  });
});
