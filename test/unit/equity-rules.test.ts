// The cap table and an equity round's arithmetic (DOMAIN.md §4): holdings are whole units and
// the ownership derived from them always sums to 10 000 bp; a transfer moves units and a round
// issues them at its price, so neither creates nor loses a unit, and a round's money is its
// units' face value plus capital reserve, exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMoves, ownership, totalUnits, type Holding } from '../../domain/equity/cap-table.ts';
import {
  closable,
  closeRound,
  commitmentProblems,
  termsProblems,
  type RoundTerms,
} from '../../domain/equity/round.ts';

const terms: RoundTerms = {
  instrument: 'ORDINARY',
  preMoneyFen: 4_000_000_000,
  amountSoughtFen: 1_000_000_000,
  minimumFen: 800_000_000,
  deadline: '2027-02-01',
};
const founders: Holding[] = [
  { holderId: 'zhang', units: 600_000_000 },
  { holderId: 'li', units: 400_000_000 },
];
const capitalFirm = { capitalUnit: 'REGISTERED_CAPITAL_FEN' as const, holdings: founders };

const holdingsArb = fc
  .uniqueArray(
    fc.record({
      holderId: fc.string({ minLength: 1, maxLength: 4 }),
      units: fc.integer({ min: 1, max: 1e12 }),
    }),
    { selector: (h) => h.holderId, minLength: 1, maxLength: 12 },
  )
  .map((hs) => hs as Holding[]);

describe('the cap table', () => {
  it('derives ownership that always sums to 10 000 bp, by largest remainder', () => {
    fc.assert(
      fc.property(holdingsArb, (holdings) => {
        const shares = ownership(holdings);
        expect(shares.reduce((sum, h) => sum + h.bp, 0)).toBe(10_000);
        for (const h of shares) {
          const exact = (h.units * 10_000) / totalUnits(holdings);
          expect(Math.abs(h.bp - exact)).toBeLessThan(1);
        }
      }),
    );
    // 6 : 4 : 1.5 : 0.75 of 12.25 → 4897.96, 3265.31, 1224.49, 612.24: the residue 2 goes to
    // the two largest remainders.
    const bp = ownership([
      { holderId: 'a', units: 600 },
      { holderId: 'b', units: 400 },
      { holderId: 'c', units: 150 },
      { holderId: 'd', units: 75 },
    ]).map((h) => h.bp);
    expect(bp).toEqual([4898, 3265, 1225, 612]);
  });

  it('applies moves without creating or losing a unit, and refuses an overdraft', () => {
    fc.assert(
      fc.property(holdingsArb, fc.nat(), (holdings, pick) => {
        const from = holdings[pick % holdings.length]!;
        const units = 1 + (pick % from.units);
        const moves = [
          { holderId: from.holderId, unitsDelta: -units },
          { holderId: 'newcomer', unitsDelta: units },
        ];
        const after = applyMoves(holdings, moves);
        expect(totalUnits(after)).toBe(totalUnits(holdings));
        expect(after.find((h) => h.holderId === 'newcomer')!.units).toBe(
          units + (holdings.find((h) => h.holderId === 'newcomer')?.units ?? 0),
        );
      }),
    );
    expect(() => applyMoves(founders, [{ holderId: 'li', unitsDelta: -400_000_001 }])).toThrow(
      /li would hold -1 units/,
    );
  });
});

describe('an equity round', () => {
  it('issues each investor the whole units its money buys at the round price', () => {
    // ¥40m pre-money on ¥10m of capital: ¥4 a yuan of capital.
    const closing = closeRound(terms, capitalFirm, [
      { holderId: 'seed', amountFen: 600_000_000 },
      { holderId: 'ventures', amountFen: 300_000_001 },
    ]);
    expect(closing.issues).toEqual([
      {
        holderId: 'seed',
        amountFen: 600_000_000,
        units: 150_000_000,
        capitalReserveFen: 450_000_000,
      },
      // ⌊300 000 001 ÷ 4⌋ = 75 000 000: the odd fen buys no capital and goes to the reserve.
      {
        holderId: 'ventures',
        amountFen: 300_000_001,
        units: 75_000_000,
        capitalReserveFen: 225_000_001,
      },
    ]);
    expect(closing.postMoneyFen).toBe(4_900_000_001);
    expect(closing.unitsAfter).toBe(1_225_000_000);
  });

  it('never creates or loses a unit or a fen, whatever the price and investments', () => {
    fc.assert(
      fc.property(
        holdingsArb,
        fc.integer({ min: 1e9, max: 1e13 }),
        fc.array(fc.integer({ min: 1, max: 1e11 }), { minLength: 1, maxLength: 8 }),
        (holdings, preMoneyFen, amounts) => {
          const investments = amounts.map((amountFen, i) => ({ holderId: `inv${i}`, amountFen }));
          const round = { ...terms, preMoneyFen };
          const closing = closeRound(round, { capitalUnit: 'SHARES', holdings }, investments);
          const after = applyMoves(holdings, closing.moves);
          expect(totalUnits(after)).toBe(closing.unitsAfter);
          expect(closing.unitsAfter - closing.unitsBefore).toBe(
            closing.issues.reduce((sum, i) => sum + i.units, 0),
          );
          for (const h of holdings) {
            expect(after.find((a) => a.holderId === h.holderId)!.units).toBe(h.units);
          }
          for (const issue of closing.issues) {
            // Never more units than the money buys at the price, and less than one unit short.
            const exact =
              (BigInt(issue.amountFen) * BigInt(closing.unitsBefore)) / BigInt(preMoneyFen);
            expect(BigInt(issue.units)).toBe(exact);
          }
          expect(closing.postMoneyFen).toBe(preMoneyFen + amounts.reduce((a, b) => a + b, 0));
        },
      ),
    );
  });

  it('keeps registered capital at face value: units plus reserve are the money paid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000_000_000, max: 1e13 }),
        fc.integer({ min: 1, max: 1e11 }),
        (preMoneyFen, amountFen) => {
          const [issue] = closeRound({ ...terms, preMoneyFen }, capitalFirm, [
            { holderId: 'x', amountFen },
          ]).issues;
          expect(issue!.units + issue!.capitalReserveFen).toBe(amountFen);
          expect(issue!.capitalReserveFen).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('refuses a price so low its units could not be counted exactly', () => {
    expect(() =>
      closeRound({ ...terms, preMoneyFen: 1 }, capitalFirm, [{ holderId: 'x', amountFen: 1e7 }]),
    ).toThrow(/more units than can be counted/);
    expect(
      termsProblems(
        { ...terms, preMoneyFen: 1 },
        { ...capitalFirm, capitalUnit: 'SHARES' },
        '2026-12-06',
      ),
    ).toEqual(['the price is so low the units issued could not be counted exactly']);
  });

  it('issues no units for a convertible note until it converts', () => {
    const closing = closeRound({ ...terms, instrument: 'CONVERTIBLE_NOTE' }, capitalFirm, [
      { holderId: 'seed', amountFen: 600_000_000 },
    ]);
    expect(closing.moves).toEqual([]);
    expect(closing.unitsAfter).toBe(closing.unitsBefore);
    expect(closing.postMoneyFen).toBe(4_600_000_000);
  });

  it('refuses terms that cannot open and commitments the round cannot take', () => {
    expect(termsProblems(terms, capitalFirm, '2026-12-06')).toEqual([]);
    expect(
      termsProblems({ ...terms, preMoneyFen: 999_999_999 }, capitalFirm, '2026-12-06'),
    ).toEqual(['the pre-money valuation prices the registered capital below its face value']);
    expect(
      termsProblems(
        { ...terms, minimumFen: 1_000_000_001, deadline: '2026-12-06' },
        { capitalUnit: 'SHARES', holdings: [] },
        '2026-12-06',
      ),
    ).toEqual([
      'the firm has no cap table on record yet',
      'the minimum to close is more than the amount sought',
      'the deadline must be after 2026-12-06',
    ]);
    expect(termsProblems({ ...terms, deadline: '2027-12-07' }, capitalFirm, '2026-12-06')).toEqual([
      'a round stays open until 2027-12-06 at the latest',
    ]);
    expect(commitmentProblems(terms, 900_000_000, 100_000_000, '2027-02-01')).toEqual([]);
    expect(commitmentProblems(terms, 900_000_000, 100_000_001, '2027-02-02')).toEqual([
      "the round's deadline 2027-02-01 has passed",
      'the round seeks 1000000000 fen and 900000000 fen are committed',
    ]);
    expect(closable(terms, 800_000_000, true)).toBe(true);
    expect(closable(terms, 799_999_999, true)).toBe(false);
    expect(closable(terms, 1_000_000_000, false)).toBe(false);
  });
});
