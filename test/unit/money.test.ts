import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  chineseCapitalAmount,
  fenToYuan,
  formatYuan,
  yuanAmount,
  yuanToFen,
} from '../../domain/money.ts';

const safeFen = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

describe('yuanToFen', () => {
  it.each([
    ['1000000.00', 100_000_000],
    ['12.5', 1250],
    ['0.01', 1],
    ['0.1', 10],
    ['0', 0],
    ['7', 700],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
  ])('%s yuan → %i fen', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it.each([
    ['', 'empty'],
    ['1.234', 'three decimals'],
    ['-1.00', 'negative'],
    ['1.', 'dangling point'],
    ['.5', 'missing whole part'],
    ['01.00', 'leading zero'],
    ['1e3', 'exponent'],
    [' 1.00', 'whitespace'],
    ['1,000.00', 'grouping separator'],
    ['１２', 'full-width digits'],
    ['NaN', 'not a number'],
  ])('rejects %j (%s)', (input) => {
    expect(() => yuanToFen(input)).toThrow(/not a yuan amount/);
  });

  it('rejects amounts whose fen would not be a safe integer instead of rounding them', () => {
    // 2^53 + 1 fen: Number() would quietly give 2^53.
    expect(() => yuanToFen('90071992547409.93')).toThrow(/too large/);
    expect(() => yuanToFen('90071992547409.92')).toThrow(/too large/);
  });
});

describe('fenToYuan', () => {
  it.each([
    [100_000_000, '1000000.00'],
    [1250, '12.50'],
    [1, '0.01'],
    [10, '0.10'],
    [0, '0.00'],
    [-5, '-0.05'],
    [-123_456, '-1234.56'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%i fen → %s', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan);
  });

  it.each([0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('rejects %s', (fen) => {
    expect(() => fenToYuan(fen)).toThrow(RangeError);
  });

  it('round-trips every non-negative safe amount of fen', () => {
    fc.assert(fc.property(safeFen, (fen) => yuanToFen(fenToYuan(fen)) === fen));
  });

  it('round-trips yuan strings up to their 2-decimal canonical form', () => {
    const yuanString = fc
      .tuple(fc.integer({ min: 0, max: 10 ** 12 }), fc.stringMatching(/^(\.\d{1,2})?$/))
      .map(([whole, fraction]) => `${whole}${fraction}`);
    fc.assert(
      fc.property(yuanString, (s) => {
        const [whole, fraction = ''] = s.split('.');
        expect(fenToYuan(yuanToFen(s))).toBe(`${whole}.${fraction.padEnd(2, '0')}`);
      }),
    );
  });
});

describe('yuanAmount schema', () => {
  it.each(['0.01', '1000000.00', '12.5', '1000000000000', '1000000000000.00'])(
    'accepts %s',
    (s) => {
      expect(yuanAmount.parse(s)).toBe(s);
    },
  );

  // One pattern states the whole rule, so the published schema carries it and every refusal
  // is a 400 with the same message.
  it.each(['0', '0.00', '1000000000000.01', '99999999999999999999', '1.005', '-5', 'abc'])(
    'rejects %s',
    (s) => {
      const result = yuanAmount.safeParse(s);
      expect(result.success).toBe(false);
      expect(result.error?.issues).toHaveLength(1);
      expect(result.error?.issues[0]).toMatchObject({
        code: 'invalid_format',
        message:
          'must be a yuan amount above 0 and at most 1000000000000, with at most 2 decimals, e.g. "1000000.00"',
      });
    },
  );

  it('rejects numbers: amounts travel as strings', () => {
    expect(yuanAmount.safeParse(12.5).success).toBe(false);
  });

  it('accepts exactly what yuanToFen can convert into 1..1e14 fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 14 }), (fen) => {
        expect(yuanAmount.safeParse(fenToYuan(fen)).success).toBe(true);
      }),
    );
  });
});

describe('formatYuan', () => {
  it.each([
    [100_000_000, 'zh', '¥1,000,000.00'],
    [100_000_000, 'en', 'CNY 1,000,000.00'],
    [0, 'zh', '¥0.00'],
    [99_999, 'zh', '¥999.99'],
    [100_000, 'zh', '¥1,000.00'],
    [12_345_678_901, 'en', 'CNY 123,456,789.01'],
    [-150_000, 'zh', '-¥1,500.00'],
  ] as const)('%i fen in %s → %s', (fen, locale, text) => {
    expect(formatYuan(fen, locale)).toBe(text);
  });

  it('only inserts separators: stripping them gives fenToYuan back', () => {
    fc.assert(
      fc.property(safeFen, (fen) => {
        const text = formatYuan(fen, 'zh');
        expect(text).toMatch(/^¥\d{1,3}(,\d{3})*\.\d{2}$/);
        expect(text.slice(1).replaceAll(',', '')).toBe(fenToYuan(fen));
      }),
    );
  });
});

// Reads a capital amount back into fen, independently of how it was written: digits set the
// pending figure, 拾佰仟 multiply it, 万 and 亿 scale everything collected since the last
// larger unit. 零 and 整 carry no value.
function readCapitalAmount(text: string): number {
  const digits = '零壹贰叁肆伍陆柒捌玖';
  const places: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };
  let yi = 0;
  let wan = 0;
  let section = 0;
  let digit = 0;
  let fen = 0;
  for (const ch of text) {
    if (digits.includes(ch)) digit = digits.indexOf(ch);
    else if (ch in places) {
      section += digit * places[ch]!;
      digit = 0;
    } else if (ch === '万') {
      wan += (section + digit) * 10_000;
      section = digit = 0;
    } else if (ch === '亿') {
      yi += (wan + section + digit) * 100_000_000;
      wan = section = digit = 0;
    } else if (ch === '元') {
      fen += (yi + wan + section + digit) * 100;
      digit = 0;
    } else if (ch === '角') {
      fen += digit * 10;
      digit = 0;
    } else if (ch === '分') {
      fen += digit;
      digit = 0;
    } else if (ch !== '整') throw new Error(`unexpected ${ch} in ${text}`);
  }
  return fen;
}

describe('chineseCapitalAmount', () => {
  it.each([
    // From the brief.
    [100_000_000, '壹佰万元整'],
    [123_456, '壹仟贰佰叁拾肆元伍角陆分'],
    [10_005, '壹佰元零伍分'],
    [1_001_000, '壹万零壹拾元整'],
    [50, '伍角'],
    // The worked examples of the PBoC rules (first form where two are allowed).
    [140_950, '壹仟肆佰零玖元伍角'],
    [600_714, '陆仟零柒元壹角肆分'],
    [168_032, '壹仟陆佰捌拾元叁角贰分'],
    [10_700_053, '壹拾万柒仟元伍角叁分'],
    [1_640_902, '壹万陆仟肆佰零玖元零贰分'],
    [32_504, '叁佰贰拾伍元零肆分'],
    // Small amounts and the bare 拾.
    [0, '零元整'],
    [5, '伍分'],
    [55, '伍角伍分'],
    [100, '壹元整'],
    [1000, '壹拾元整'],
    [1500, '壹拾伍元整'],
    // Zeros around the 万 and 亿 sections.
    [1_000_100, '壹万零壹元整'],
    [100_100_000, '壹佰万壹仟元整'], // zeros closing the 万 section are not read
    [1_000_010_000, '壹仟万零壹佰元整'],
    [10_000_000_000, '壹亿元整'],
    [10_000_000_100, '壹亿零壹元整'],
    [10_000_100_000, '壹亿零壹仟元整'],
    [10_001_000_000, '壹亿零壹万元整'],
    [10_100_000_000, '壹亿零壹佰万元整'],
    [110_000_000_000, '壹拾壹亿元整'],
    [100_000_000_100, '壹拾亿零壹元整'],
    [1_234_567_890_123, '壹佰贰拾叁亿肆仟伍佰陆拾柒万捌仟玖佰零壹元贰角叁分'],
    // 万亿: the 万 of the upper section shares the 亿.
    [100_000_000_000_000, '壹万亿元整'],
    [100_000_000_100_000, '壹万亿零壹仟元整'],
    [150_000_000_000_000, '壹万伍仟亿元整'],
    [Number.MAX_SAFE_INTEGER, '玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分'],
  ])('%i fen → %s', (fen, capital) => {
    expect(chineseCapitalAmount(fen)).toBe(capital);
  });

  it.each([-1, 0.5, Number.NaN, 2 ** 53])('rejects %s', (fen) => {
    expect(() => chineseCapitalAmount(fen)).toThrow(RangeError);
  });

  it('always reads back to the same amount and follows the writing rules', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          safeFen,
          fc.integer({ min: 0, max: 100_000_000 }),
          // Sparse digits: the zero rules are where mistakes hide.
          fc
            .array(fc.constantFrom('0', '0', '0', '1', '5', '9'), { minLength: 1, maxLength: 15 })
            .map((d) => Number(d.join('')))
            .filter(Number.isSafeInteger),
        ),
        (fen) => {
          const text = chineseCapitalAmount(fen);
          expect(readCapitalAmount(text)).toBe(fen);
          expect(text).not.toMatch(/零零/); // one 零 for a run of zeros
          expect(text).not.toMatch(/.零[元万亿角整]|[^元]零分/); // 零 stands before a figure
          expect(text).not.toMatch(/^零(?!元整$)/);
          expect(text).not.toMatch(/(^|[^壹贰叁肆伍陆柒捌玖])[拾佰仟]/); // 壹拾, never a bare 拾
          expect(text.endsWith('整')).toBe(fen % 100 === 0);
        },
      ),
    );
  });
});
