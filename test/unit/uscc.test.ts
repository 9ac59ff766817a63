import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  isValidUscc,
  normaliseUscc,
  orgCodeCheckChar,
  usccProblem,
  withUsccCheckChar,
} from '../../domain/uscc.ts';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// Built by hand from the standard: 9 (market regulation) 1 (enterprise), region 420100
// (Wuhan), organisation code body MA4K0000 + its GB 11714 check, then the USCC check.
// Σ GB 11714: M22·3 + A10·7 + 4·9 + K20·10 + 0 … = 66 + 70 + 36 + 200 = 372; 372 mod 11 = 9 → 11 − 9 = 2.
// Σ USCC (values 9,1,4,2,0,1,0,0,M=21,A=10,4,K=19,0,0,0,0,2 × 3^i mod 31) = 1241;
// 1241 mod 31 = 1 → 31 − 1 = 30 → 'Y', the last character of the alphabet.
const WUHAN_ENTERPRISE = '91420100MA4K00002Y';

const oneCharUscc = fc.constantFrom(...ALPHABET);
const validUscc = fc
  .tuple(
    fc.string({ unit: oneCharUscc, minLength: 2, maxLength: 2 }),
    fc.stringMatching(/^\d{6}$/),
    fc.string({ unit: oneCharUscc, minLength: 8, maxLength: 8 }),
  )
  .map(([head, region, org]) => withUsccCheckChar(head + region + org + orgCodeCheckChar(org)));

describe('orgCodeCheckChar (GB 11714)', () => {
  it.each([
    ['MA4K0000', '2'],
    ['71526726', 'X'], // remainder 1 → 10 → X
    ['00000000', '0'], // remainder 0 → 11 → 0
    ['80210043', '3'],
  ])('%s → %s', (body, check) => {
    expect(orgCodeCheckChar(body)).toBe(check);
  });

  it('rejects bodies that are not 8 characters of 0-9/A-Z', () => {
    expect(() => orgCodeCheckChar('1234567')).toThrow(/8 characters/);
    expect(() => orgCodeCheckChar('1234567a')).toThrow(/8 characters/);
  });
});

describe('isValidUscc / usccProblem', () => {
  it('accepts the hand-computed example', () => {
    expect(usccProblem(WUHAN_ENTERPRISE)).toBeNull();
    expect(withUsccCheckChar(WUHAN_ENTERPRISE.slice(0, 17))).toBe(WUHAN_ENTERPRISE);
  });

  it.each(['9144030071526726XG', '91330100799655058B', '91110000802100433B'])(
    'accepts the published enterprise code %s (guards against a self-consistent misreading)',
    (code) => {
      expect(isValidUscc(code)).toBe(true);
    },
  );

  it('normalises case and surrounding whitespace', () => {
    expect(isValidUscc('91420100ma4k00002y')).toBe(true);
    expect(isValidUscc(' 9144030071526726xg\n')).toBe(true);
    expect(normaliseUscc(' 9144030071526726xg ')).toBe('9144030071526726XG');
  });

  it.each([
    ['', /18 characters, got 0/],
    ['91420100MA4K00002', /18 characters, got 17/],
    ['91420100MA4K00002Y0', /18 characters, got 19/],
    ['9142 0100MA4K00002', /invalid character ' ' at position 5/],
    ['91420100MA4K0I002Y', /invalid character 'I' at position 14/],
    ['91420100MO4K00002Y', /invalid character 'O' at position 10/],
    ['91420100MA4K00002Z', /invalid character 'Z' at position 18/],
    ['9142010０MA4K00002Y', /invalid character '０' at position 8/],
    ['9142A100MA4K00002Y', /positions 3–8/],
    ['91420100MA4K00003Y', /organisation code \(position 17\)/],
    ['91420100MA4K00002X', /wrong check character \(position 18\)/],
  ])('%j: %s', (code, problem) => {
    expect(usccProblem(code)).toMatch(problem);
    expect(isValidUscc(code)).toBe(false);
  });

  it('rejects every single-character change of a valid code', () => {
    const others = [...ALPHABET, 'I', 'O', 'S', 'V', 'Z', '-', ' '];
    for (const code of [WUHAN_ENTERPRISE, '9144030071526726XG']) {
      for (let i = 0; i < code.length; i++) {
        for (const ch of others.filter((c) => c !== code[i])) {
          const mutated = code.slice(0, i) + ch + code.slice(i + 1);
          expect(isValidUscc(mutated), mutated).toBe(false);
        }
      }
    }
  });

  it('rejects any single substitution and any adjacent swap of generated codes', () => {
    fc.assert(
      fc.property(
        validUscc,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 30 }),
        (code, position, shift) => {
          expect(isValidUscc(code)).toBe(true);
          const replaced = ALPHABET[(ALPHABET.indexOf(code[position]!) + shift) % 31]!;
          expect(isValidUscc(code.slice(0, position) + replaced + code.slice(position + 1))).toBe(
            false,
          );
          const [a, b] = [code[position % 17]!, code[(position % 17) + 1]!];
          const swapped = code.slice(0, position % 17) + b + a + code.slice((position % 17) + 2);
          expect(isValidUscc(swapped)).toBe(a === b);
        },
      ),
    );
  });
});

describe('withUsccCheckChar', () => {
  it('writes the check value 0 as "0", not as the out-of-range 31', () => {
    // GB 11714 over 00000004: 4·2 = 8 → 11 − 8 = 3. USCC: 9 + 3 + 36 + 54 + 26 + 6·17
    // + 4·30 + 3·28 = 434 = 14·31 → 31 − 0 = 31 → 0.
    expect(withUsccCheckChar('91420106000000043')).toBe('914201060000000430');
  });

  it('normalises to upper case', () => {
    expect(withUsccCheckChar('91420100ma4k00002')).toBe(WUHAN_ENTERPRISE);
  });

  it.each([
    ['91420100MA4K0000', /17 characters of a USCC, got 16 characters/],
    ['91420100MA4K00002Y', /17 characters of a USCC, got 18 characters/],
    ['91420100MA4K0000S', /invalid character 'S' at position 17/],
    ['914201X0MA4K00002', /positions 3–8/],
    ['91420100MA4K00003', /organisation code/],
  ])('refuses %s', (first17, problem) => {
    expect(() => withUsccCheckChar(first17)).toThrow(problem);
  });
});
