// Risk sharing on guaranteed loans (rules 19–23): shares and recoveries exact to the fen and
// property-tested, caps never passed, the hand-computed default of the issue, fee caps, the
// schemes' publication rules, the breakers' exact comparison and the whitelist check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../domain/allocation.ts';
import { reachesCap, rateBp, windowStart } from '../../domain/guarantee/breakers.ts';
import { feeFor, feeProblems } from '../../domain/guarantee/fees.ts';
import { settleLoss, splitRecovery, type Amounts } from '../../domain/guarantee/loss-sharing.ts';
import { poolPolicies } from '../../domain/guarantee/pool-policy.data.ts';
import { poolStanding } from '../../domain/guarantee/pool-policy.ts';
import { sharingSchemes } from '../../domain/guarantee/sharing-scheme.data.ts';
import {
  riskParties,
  schemeProblems,
  type SharingScheme,
} from '../../domain/guarantee/sharing-scheme.ts';
import { specialPlanProblems } from '../../domain/guarantee/whitelist.ts';

const [specialPlan, classic] = sharingSchemes as [SharingScheme, SharingScheme];
const pool = poolPolicies[0]!;
const total = (a: Amounts) => riskParties.reduce((sum, p) => sum + a[p], 0);
const yuan = (n: number) => Math.round(n * 100);

describe('the worked default: a ¥5m loan under the special plan, ¥3.2m of principal lost', () => {
  // Computed by hand from the scheme (bank 20 / guarantor 20 / re-guarantor 20 / fund 40) and
  // the pool's rule 19 (20% of the principal loss for a guaranteed loan, +5 pp for a credit
  // loan, at most 80% of what the guarantor bore).
  const settlement = settleLoss(specialPlan, pool, yuan(3_200_000), true);

  it('splits the loss and the claims between the parties', () => {
    expect(settlement.sharesFen).toEqual({
      BANK: yuan(640_000),
      GUARANTOR: yuan(640_000),
      REGUARANTOR: yuan(640_000),
      NATIONAL_FUND: yuan(1_280_000),
      GOVERNMENT: 0,
    });
    expect(settlement.payments).toEqual([
      { from: 'GUARANTOR', to: 'BANK', amountFen: yuan(2_560_000) },
      { from: 'REGUARANTOR', to: 'GUARANTOR', amountFen: yuan(640_000) },
      { from: 'NATIONAL_FUND', to: 'GUARANTOR', amountFen: yuan(1_280_000) },
      { from: 'GOVERNMENT', to: 'GUARANTOR', amountFen: yuan(512_000) },
    ]);
    // 25% × 3.2m = 800 000 by rate; 80% × 640 000 = 512 000 by the cap, which binds.
    expect(settlement.pool).toEqual({
      basis: 'rules',
      amountFen: yuan(512_000),
      rateBp: 2500,
      capFen: yuan(512_000),
    });
    expect(settlement.borneFen).toEqual({
      BANK: yuan(640_000),
      GUARANTOR: yuan(128_000),
      REGUARANTOR: yuan(640_000),
      NATIONAL_FUND: yuan(1_280_000),
      GOVERNMENT: yuan(512_000),
    });
  });

  it('sends two recoveries back pro rata, the odd fen by largest remainder', () => {
    // ¥1,000,000.01 over 20 / 4 / 20 / 40 / 16 % of the loss: the fund's 0.4 fen is the
    // largest remainder, so the fund takes the odd fen.
    const first = splitRecovery(settlement.borneFen, 100_000_001, specialPlan.residueParty);
    expect(first).toEqual({
      BANK: 20_000_000,
      GUARANTOR: 4_000_000,
      REGUARANTOR: 20_000_000,
      NATIONAL_FUND: 40_000_001,
      GOVERNMENT: 16_000_000,
    });
    const still = Object.fromEntries(
      riskParties.map((p) => [p, settlement.borneFen[p] - first[p]]),
    ) as Amounts;
    // ¥300,000 by what each still bears: the fund's extra fen of the first recovery is evened out.
    expect(splitRecovery(still, yuan(300_000), specialPlan.residueParty)).toEqual({
      BANK: yuan(60_000),
      GUARANTOR: yuan(12_000),
      REGUARANTOR: yuan(60_000),
      NATIONAL_FUND: yuan(120_000),
      GOVERNMENT: yuan(48_000),
    });
  });
});

describe('loss sharing, for any scheme and amount', () => {
  const amount = fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.maxSafeNat());
  const scheme = fc.constantFrom(specialPlan, classic);

  it('splits every loss exactly, and no capped share passes its cap', () => {
    fc.assert(
      fc.property(scheme, amount, fc.boolean(), (s, lossFen, bonus) => {
        const { sharesFen, borneFen, pool: award, payments } = settleLoss(s, pool, lossFen, bonus);
        expect(total(sharesFen)).toBe(lossFen);
        expect(total(borneFen)).toBe(lossFen);
        for (const p of riskParties) expect(borneFen[p]).toBeGreaterThanOrEqual(0);
        // Exact comparisons: share × 10 000 against loss × bp.
        const over = (fen: number, bp: number) =>
          BigInt(fen) * 10_000n > BigInt(lossFen) * BigInt(bp);
        if (s.family === 'special-plan') {
          expect(over(sharesFen.NATIONAL_FUND, 4000)).toBe(false);
          expect(over(lossFen - sharesFen.BANK, 8000)).toBe(false);
        }
        if (award.basis === 'rules') {
          const capped = BigInt(award.amountFen) * 10_000n;
          expect(capped <= BigInt(sharesFen.GUARANTOR) * BigInt(pool.capOfBorneBp)).toBe(true);
          expect(capped <= BigInt(lossFen) * BigInt(award.rateBp!)).toBe(true);
        }
        const intoBank = payments
          .filter((p) => p.to === 'BANK')
          .reduce((a, p) => a + p.amountFen, 0);
        expect(intoBank).toBe(lossFen - sharesFen.BANK);
      }),
    );
  });

  it('splits every recovery exactly, never returning a party more than it bore', () => {
    fc.assert(
      fc.property(
        scheme,
        fc.integer({ min: 1, max: 10 ** 13 }),
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 6 }),
        (s, lossFen, parts) => {
          const { borneFen } = settleLoss(s, pool, lossFen, false);
          const still = { ...borneFen };
          // Recoveries as shares of what is left, the last one recovering everything.
          const sum = parts.reduce((a, b) => a + b, 0);
          let left = lossFen;
          parts.forEach((weight, i) => {
            const amountFen =
              i === parts.length - 1 ? left : Math.floor((lossFen * (weight / sum)) / 2);
            const split = splitRecovery(still, amountFen, s.residueParty);
            expect(total(split)).toBe(amountFen);
            for (const p of riskParties) {
              still[p] -= split[p];
              expect(still[p]).toBeGreaterThanOrEqual(0);
            }
            left -= amountFen;
          });
          expect(total(still)).toBe(0);
        },
      ),
    );
  });

  it('refuses a recovery above what is unrecovered', () => {
    const { borneFen } = settleLoss(specialPlan, pool, 1_000, false);
    expect(() => splitRecovery(borneFen, 1_001, 'BANK')).toThrow(/exceeds the 1000 fen/);
  });

  it('has the pool pay its 10% under 4321, and compensate by its rules under the special plan', () => {
    const loss = yuan(1_000_000);
    expect(settleLoss(classic, pool, loss, true).pool).toEqual({
      basis: 'share',
      amountFen: yuan(100_000),
    });
    // 20% × 1m = 200 000 by rate; the guarantor bore 200 000, so the 80% cap (160 000) binds.
    expect(settleLoss(specialPlan, pool, loss, false).pool.amountFen).toBe(yuan(160_000));
  });
});

describe('largest remainder', () => {
  it('always sums to the whole and gives nothing to a weight of 0', () => {
    fc.assert(
      fc.property(
        fc.maxSafeNat(),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 }),
        (amount, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const parts = allocate(amount, weights, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
          weights.forEach((w, i) => w === 0 && expect(parts[i]).toBe(0));
        },
      ),
    );
  });

  it('breaks a tie in favour of the named party', () => {
    expect(allocate(1, [1, 1, 1])).toEqual([1, 0, 0]);
    expect(allocate(1, [1, 1, 1], 2)).toEqual([0, 0, 1]);
  });

  it('compares remainders by value when some need BigInt and some do not', () => {
    // 3 × (2^52 + 2) passes 2^53, so the first quota is computed in BigInt, the second in
    // numbers; both leave a remainder of 2 (of 4), and the tie goes to the favoured part.
    const total = 2 ** 52 + 2;
    expect(allocate(total, [3, 1], 1)).toEqual([3 * 2 ** 50 + 1, 2 ** 50 + 1]);
    expect(allocate(total, [3, 1], 0)).toEqual([3 * 2 ** 50 + 2, 2 ** 50]);
  });
});

describe('fees', () => {
  it('keeps the guarantee fee below 1% and the re-guarantee fee by the size of the guarantee', () => {
    const small = yuan(5_000_000);
    expect(
      feeProblems(specialPlan, small, [
        { kind: 'guarantee', rateBp: 99 },
        { kind: 'reguarantee', rateBp: 30 },
      ]),
    ).toEqual([]);
    expect(
      feeProblems(specialPlan, small, [{ kind: 'guarantee', rateBp: 100 }]).map((p) => p.code),
    ).toEqual(['fee_above_cap']);
    expect(
      feeProblems(specialPlan, small, [{ kind: 'reguarantee', rateBp: 31 }]).map((p) => p.code),
    ).toEqual(['fee_above_cap']);
    expect(feeProblems(specialPlan, small + 1, [{ kind: 'reguarantee', rateBp: 50 }])).toEqual([]);
    expect(feeProblems(specialPlan, small, [{ kind: 'review', rateBp: 10 }])).toEqual([
      { code: 'fee_not_allowed', message: expect.stringContaining('no review fee') },
    ]);
  });

  it('charges for the term, floored to the fen', () => {
    // ¥5m × 0.8% × 18/12 = ¥60,000; ¥1,000.01 × 0.99% × 7/12 = 5.775… fen → 5.
    expect(feeFor(yuan(5_000_000), 80, 18)).toBe(yuan(60_000));
    expect(feeFor(100_001, 99, 7)).toBe(577);
  });
});

describe('publishing a scheme', () => {
  it('accepts the shipped schemes and refuses one outside its bounds', () => {
    expect(sharingSchemes.flatMap(schemeProblems)).toEqual([]);
    const shares = (sharesBp: Partial<SharingScheme['sharesBp']>) =>
      schemeProblems({ ...specialPlan, sharesBp: { ...specialPlan.sharesBp, ...sharesBp } });
    expect(shares({ BANK: 2100 })).toEqual(['the shares sum to 10100 bp, not 10000']);
    expect(shares({ BANK: 1500, GUARANTOR: 2500 })).toEqual([
      'the bank bears at least 20% (1500 bp)',
      'the government guarantee system bears at most 80% (8500 bp)',
    ]);
    expect(shares({ NATIONAL_FUND: 4500, GUARANTOR: 1500 })).toEqual([
      'the national fund bears at most 40% (4500 bp)',
    ]);
    expect(shares({ REGUARANTOR: 1000, GUARANTOR: 3000 })).toEqual([
      'the re-guarantor bears at least 20% (1000 bp)',
    ]);
    expect(
      schemeProblems({ ...classic, sharesBp: { ...classic.sharesBp, BANK: 3000, GOVERNMENT: 0 } }),
    ).toEqual(['the bank bears 20% (3000 bp)', 'the local government bears 10% (0 bp)']);
    expect(
      schemeProblems({ ...specialPlan, fees: { ...specialPlan.fees, guaranteeBelowBp: 150 } }),
    ).toEqual(['the guarantee fee must stay below 100 bp a year']);
  });
});

describe('breakers', () => {
  it('trips at the cap exactly, and the pool warns at 5% and stops at 8%', () => {
    expect(reachesCap(4_999, 100_000, 500)).toBe(false);
    expect(reachesCap(5_000, 100_000, 500)).toBe(true);
    expect(reachesCap(0, 0, 500)).toBe(false);
    expect(rateBp(5_000, 100_000)).toBe(500);
    expect([499, 500, 799, 800].map((bp) => poolStanding(pool, bp))).toEqual([
      'normal',
      'warning',
      'warning',
      'suspended',
    ]);
    expect(windowStart('2027-03-31', 12)).toBe('2026-03-31');
    expect(windowStart('2028-02-29', 12)).toBe('2027-02-28');
  });
});

describe('the special plan whitelist', () => {
  const entry = {
    uscc: '91420100MA4K0000X1',
    name: '测试科技',
    basis: 'HIGH_TECH',
    reference: 'GR202442000123',
  } as const;
  const certificate = {
    kind: 'HIGH_TECH',
    number: 'GR202442000123',
    validFrom: '2024-12-01',
    validUntil: '2027-11-30',
  } as const;

  it('needs the firm on the list and, for a certificate basis, that certificate valid', () => {
    expect(specialPlanProblems(entry, [certificate], '2026-12-01')).toEqual([]);
    expect(specialPlanProblems(undefined, [certificate], '2026-12-01')[0]!.code).toBe(
      'not_whitelisted',
    );
    expect(specialPlanProblems(entry, [certificate], '2027-12-01')[0]!.code).toBe(
      'basis_unconfirmed',
    );
    expect(specialPlanProblems(entry, [], '2026-12-01')[0]!.code).toBe('basis_unconfirmed');
    expect(specialPlanProblems({ ...entry, basis: 'SPECIALISED' }, [], '2026-12-01')).toEqual([]);
  });
});
