// The pledge rules: LTV caps exact to the fen and never exceeded (property-tested against
// exact fractions), appraisal validity, the refusals a decision meets, and which registry
// facts make a right unfit to pledge.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collateralKinds, registryOf } from '../../domain/pledge/collateral.ts';
import { equityProblems, ipRightProblems } from '../../domain/pledge/eligibility.ts';
import {
  appraisalExpiresOn,
  loanToValue,
  pledgeTermsProblem,
  type PledgedItem,
} from '../../domain/pledge/loan-to-value.ts';
import { pledgePolicies } from '../../domain/pledge/pledge-policy.data.ts';
import { pledgePolicyProblems } from '../../domain/pledge/pledge-policy.ts';
import { applyProceeds, owedAfter } from '../../domain/pledge/disposal.ts';

const policy = pledgePolicies[0]!;
const item = (valueFen: number, appraisedOn = '2026-06-01'): PledgedItem => ({
  pledgeId: 'p1',
  label: 'INVENTION_PATENT ZL1',
  kind: 'INVENTION_PATENT',
  appraisal: { appraiser: 'A', appraisedOn, valueFen, method: 'income', documentId: 'd' },
});

describe('loan-to-value', () => {
  it('keeps the rule-15 caps and the documented defaults, and publishes cleanly', () => {
    expect(policy.ltvBp).toMatchObject({
      INVENTION_PATENT: 2500,
      UTILITY_MODEL: 1500,
      TRADEMARK: 5000,
      EQUITY: 3000,
    });
    expect(policy.maxTermMonths['ip-pledge']).toBe(36);
    expect(pledgePolicyProblems(policy)).toEqual([]);
    expect(
      pledgePolicyProblems({ ...policy, ltvBp: { ...policy.ltvBp, TRADEMARK: 10_001 } }),
    ).toEqual(['TRADEMARK: LTV 10001 bp']);
  });

  it('never passes Σ LTV × value, loses under a fen per right, and its parts sum to the whole', () => {
    const right = fc.record({
      kind: fc.constantFrom(...collateralKinds),
      valueFen: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.maxSafeNat()),
    });
    fc.assert(
      fc.property(fc.array(right, { maxLength: 12 }), (rights) => {
        const { capsFen, totalFen } = loanToValue(rights, policy);
        expect(capsFen.reduce((a, b) => a + b, 0)).toBe(totalFen);
        rights.forEach(({ kind, valueFen }, i) => {
          // Exactly: cap × 10 000 ≤ value × bp < (cap + 1) × 10 000.
          const exact = BigInt(valueFen) * BigInt(policy.ltvBp[kind]);
          expect(BigInt(capsFen[i]!) * 10_000n <= exact).toBe(true);
          expect(exact < (BigInt(capsFen[i]!) + 1n) * 10_000n).toBe(true);
          expect(Number.isSafeInteger(capsFen[i])).toBe(true);
        });
      }),
    );
  });

  it('caps a patent at 25%, floored to the fen', () => {
    expect(loanToValue([{ kind: 'INVENTION_PATENT', valueFen: 400_000_003 }], policy)).toEqual({
      capsFen: [100_000_000],
      totalFen: 100_000_000,
    });
    expect(
      loanToValue(
        [
          { kind: 'TRADEMARK', valueFen: 3 },
          { kind: 'UTILITY_MODEL', valueFen: 1_000_000 },
        ],
        policy,
      ),
    ).toEqual({ capsFen: [1, 150_000], totalFen: 150_001 });
  });
});

describe('a decision on pledged rights', () => {
  const on = '2026-12-07';
  it('refuses an amount a fen above the cap, and takes the cap itself', () => {
    const terms = { amountFen: 100_000_001, termMonths: 24 };
    expect(pledgeTermsProblem(policy, 'ip-pledge', [item(400_000_003)], terms, on)).toMatch(
      /above the 100000000 fen/,
    );
    const atCap = { ...terms, amountFen: 100_000_000 };
    expect(pledgeTermsProblem(policy, 'ip-pledge', [item(400_000_003)], atCap, on)).toBeUndefined();
  });

  it('refuses a term over 36 months, a right not appraised, and an expired appraisal', () => {
    const terms = { amountFen: 1, termMonths: 37 };
    expect(pledgeTermsProblem(policy, 'ip-pledge', [item(100)], terms, on)).toMatch(/36 months/);
    const short = { ...terms, termMonths: 12 };
    const bare = { ...item(100), appraisal: undefined };
    expect(pledgeTermsProblem(policy, 'ip-pledge', [bare], short, on)).toMatch(/no appraisal/);
    expect(appraisalExpiresOn({ appraisedOn: '2025-12-07' }, policy)).toBe('2026-12-07');
    expect(pledgeTermsProblem(policy, 'ip-pledge', [item(100, '2025-12-07')], short, on)).toMatch(
      /expired on 2026-12-07/,
    );
    expect(
      pledgeTermsProblem(policy, 'ip-pledge', [item(100, '2025-12-08')], short, on),
    ).toBeUndefined();
  });
});

describe('eligibility at the registry', () => {
  const clean = {
    holderUscc: 'U1',
    title: 'T',
    inForce: true,
    feesPaidTo: '2027-01-01',
    invalidationRequested: false,
    pledgedUnder: null,
  };
  const asOf = '2026-12-07';
  it('names every reason an IP right cannot be pledged', () => {
    expect(ipRightProblems(clean, { holderUscc: 'U1', asOf })).toEqual([]);
    expect(ipRightProblems(null, { holderUscc: 'U1', asOf })).toEqual(['unknown']);
    expect(
      ipRightProblems(
        {
          ...clean,
          holderUscc: 'U2',
          inForce: false,
          feesPaidTo: '2026-12-06',
          invalidationRequested: true,
          pledgedUnder: 'X',
        },
        { holderUscc: 'U1', asOf },
      ),
    ).toEqual(['not_holder', 'lapsed', 'fees_unpaid', 'invalidation_requested', 'already_pledged']);
    // A loan's own pledge is no obstacle to it.
    const own = { ...clean, pledgedUnder: 'OWN' };
    expect(ipRightProblems(own, { holderUscc: 'U1', asOf, ownPledge: 'OWN' })).toEqual([]);
  });

  it('refuses frozen shares, articles forbidding pledge, and shares pledged elsewhere', () => {
    const holding = {
      companyName: 'C',
      shareholder: '张三',
      subscribedFen: 1,
      shareBp: 3000,
      frozen: true,
      articlesForbidPledge: true,
      pledgedUnder: 'X',
    };
    expect(equityProblems(holding, { shareholder: '张三' })).toEqual([
      'frozen',
      'pledge_forbidden',
      'already_pledged',
    ]);
    expect(registryOf('EQUITY')).toBe('SAMR');
    expect(registryOf('SOFTWARE_COPYRIGHT')).toBe('CPCC');
    expect(registryOf('TRADEMARK')).toBe('CNIPA');
  });
});

describe('disposal proceeds', () => {
  it('repay interest first, then principal, and return only the surplus; parts sum to the proceeds', () => {
    const fen = fc.integer({ min: 0, max: 1e13 });
    fc.assert(
      fc.property(fen, fen, fen, (interestFen, principalFen, proceedsFen) => {
        const applied = applyProceeds({ interestFen, principalFen }, proceedsFen);
        expect(applied.toInterestFen + applied.toPrincipalFen + applied.surplusFen).toBe(
          proceedsFen,
        );
        expect(applied.toInterestFen).toBe(Math.min(proceedsFen, interestFen));
        if (applied.toPrincipalFen > 0) expect(applied.toInterestFen).toBe(interestFen);
        if (applied.surplusFen > 0) {
          expect(owedAfter({ interestFen, principalFen }, [applied])).toEqual({
            interestFen: 0,
            principalFen: 0,
          });
        }
      }),
    );
  });

  it('splits a sale exactly, and refuses fractions of a fen', () => {
    expect(applyProceeds({ interestFen: 1_234, principalFen: 10_000 }, 5_000)).toEqual({
      toInterestFen: 1_234,
      toPrincipalFen: 3_766,
      surplusFen: 0,
    });
    expect(applyProceeds({ interestFen: 1, principalFen: 2 }, 10)).toEqual({
      toInterestFen: 1,
      toPrincipalFen: 2,
      surplusFen: 7,
    });
    expect(() => applyProceeds({ interestFen: 1, principalFen: 2 }, 0.5)).toThrow(RangeError);
  });
});
