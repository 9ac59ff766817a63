import { describe, expect, it } from 'vitest';
import {
  creditTrackPolicies,
  creditTrackPolicyInForce,
  findCreditTrackPolicy,
  termsProblem,
} from '../../domain/credit/track-policy.ts';

describe('credit-track policy versions', () => {
  it('applies the version in force on the filing date', () => {
    expect(creditTrackPolicyInForce('2026-01-01').version).toBe('credit-track@2026.1');
    expect(creditTrackPolicyInForce('2026-11-27').decisionWorkingDays).toBe(5);
  });

  it('has no policy before the first version', () => {
    expect(() => creditTrackPolicyInForce('2025-12-31')).toThrow(/no credit-track policy in force/);
  });

  it('keeps every version findable by id, and ids unique', () => {
    const ids = creditTrackPolicies.map((p) => p.version);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(findCreditTrackPolicy(id).version).toBe(id);
    expect(() => findCreditTrackPolicy('credit-track@1999.1')).toThrow(
      /unknown credit-track policy version/,
    );
  });

  it('carries the DOMAIN.md defaults: ≤ ¥10m, ≤ 36 months, decision in 5 working days', () => {
    const policy = findCreditTrackPolicy('credit-track@2026.1');
    expect(policy.maxCreditAmountFen).toBe(10_000_000_00);
    expect(policy.maxCreditTermMonths).toBe(36);
    expect(policy.decisionWorkingDays).toBe(5);
  });

  it('from 4 December 2026 moves due dates off days off and caps the rate at 12%', () => {
    expect(creditTrackPolicyInForce('2026-12-03').version).toBe('credit-track@2026.1');
    const policy = creditTrackPolicyInForce('2026-12-04');
    expect(policy).toMatchObject({
      version: 'credit-track@2026.2',
      dueDateRule: 'following',
      maxAnnualRate: '0.12',
    });
    expect(termsProblem(policy, { annualRate: '0.12', termMonths: 36 })).toBeUndefined();
    expect(termsProblem(policy, { annualRate: '0.120001', termMonths: 36 })).toMatch(/ceiling/);
    expect(termsProblem(policy, { annualRate: '0.05', termMonths: 37 })).toMatch(/36 months/);
    // A case pinned to 2026.1 keeps its terms as published: no ceiling then.
    const first = findCreditTrackPolicy('credit-track@2026.1');
    expect(termsProblem(first, { annualRate: '0.5', termMonths: 36 })).toBeUndefined();
  });
});
