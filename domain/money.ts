// Money is exact: integer fen (safe integers) inside the system, decimal strings in yuan at
// the edges. No float ever carries an amount, so every conversion here works on digits.
import { Decimal } from 'decimal.js';
import { z } from 'zod';

// Canonical yuan: no sign, no leading zeros, no exponent, at most two decimals.
const YUAN_PATTERN = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

/**
 * A canonical yuan amount above zero and at most one trillion: the whole rule as a pattern, so
 * the API's published schema says exactly what it accepts.
 */
const POSITIVE_YUAN_PATTERN =
  /^(?:[1-9]\d{0,11}(?:\.\d{1,2})?|1000000000000(?:\.00?)?|0\.(?:0[1-9]|[1-9]\d?))$/;

/** "12.5" → 1250. Throws on anything that is not a canonical non-negative yuan string. */
export function yuanToFen(s: string): number {
  const match = YUAN_PATTERN.exec(s);
  if (!match) {
    throw new Error(
      `not a yuan amount: ${JSON.stringify(s)} (expected digits with at most 2 decimals, e.g. "1000000.00")`,
    );
  }
  const [, whole, fraction = ''] = match;
  // Decimal keeps the digits exact; Number() alone would silently round past 2^53.
  const fen = new Decimal(`${whole}${fraction.padEnd(2, '0')}`);
  if (fen.greaterThan(Number.MAX_SAFE_INTEGER)) {
    throw new Error(`yuan amount too large to hold exactly in fen: ${s}`);
  }
  return fen.toNumber();
}

function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
}

// Splits |fen| into yuan digits and the two fen digits by string slicing, never by division.
function splitFen(fen: number): { sign: string; yuan: string; cents: string } {
  const digits = Math.abs(fen).toString().padStart(3, '0');
  return {
    sign: fen < 0 ? '-' : '',
    yuan: digits.slice(0, -2),
    cents: digits.slice(-2),
  };
}

/** 100000000 → "1000000.00"; negative amounts keep their sign ("-0.05"). */
export function fenToYuan(fen: number): string {
  assertFen(fen);
  const { sign, yuan, cents } = splitFen(fen);
  return `${sign}${yuan}.${cents}`;
}

/** A positive yuan amount as a decimal string, for API request bodies; convert with yuanToFen. */
export const yuanAmount = z
  .string()
  .regex(
    POSITIVE_YUAN_PATTERN,
    'must be a yuan amount above 0 and at most 1000000000000, with at most 2 decimals, e.g. "1000000.00"',
  )
  .describe('Amount in yuan as a decimal string with at most 2 decimals, e.g. "1000000.00"');

/** A figure from the accounts (a balance, revenue, a cost): zero allowed, to the fen. */
export const yuanFigure = z
  .string()
  .regex(YUAN_PATTERN, 'expected a non-negative amount in yuan, e.g. "1234.50"');

/** Profit and cash flow, which can be negative. */
export const signedYuanFigure = z
  .string()
  .regex(/^-?(0|[1-9]\d*)(\.\d{1,2})?$/, 'expected an amount in yuan, e.g. "-1234.50"');

// "¥" alone is ambiguous to English readers (it is also the yen sign), so English uses the
// ISO code; Chinese text uses the familiar sign.
const CURRENCY_PREFIX = { zh: '¥', en: 'CNY ' } as const;

/** 100000000 → "¥1,000,000.00" (zh) or "CNY 1,000,000.00" (en). */
export function formatYuan(fen: number, locale: 'zh' | 'en'): string {
  assertFen(fen);
  const { sign, yuan, cents } = splitFen(fen);
  const grouped = yuan.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}${CURRENCY_PREFIX[locale]}${grouped}.${cents}`;
}

const CAPITAL_DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES_IN_SECTION = ['', '拾', '佰', '仟'];

// Integer yuan in capitals, e.g. "10010" → "壹万零壹拾". Digits are read in 4-digit sections
// (万, 亿; 万亿 above that). A run of zeros is written as one 零, and only when a non-zero
// digit follows; zeros that close a non-zero section are absorbed by its unit
// (107000 → 壹拾万柒仟, one of the two forms the PBoC rules allow).
function capitalInteger(digits: string): string {
  let out = '';
  let zeroPending = false;
  let sectionNonZero = false;
  for (let i = 0; i < digits.length; i++) {
    const power = digits.length - 1 - i;
    const digit = Number(digits[i]);
    if (digit === 0) {
      zeroPending = out !== '';
    } else {
      if (zeroPending) out += '零';
      out += CAPITAL_DIGITS[digit] + PLACES_IN_SECTION[power % 4]!;
      zeroPending = false;
      sectionNonZero = true;
    }
    if (power > 0 && power % 4 === 0) {
      // 亿 is always written once anything stands above it (壹万亿, 壹亿零壹元); 万 only
      // for a non-zero section (壹亿零壹元, not 壹亿万零壹元).
      if (power % 8 === 0) out += '亿';
      else if (sectionNonZero) out += '万';
      if (sectionNonZero) zeroPending = false;
      sectionNonZero = false;
    }
  }
  return out;
}

/**
 * 大写金额 as Chinese banks write it (PBoC 《正确填写票据和结算凭证的基本规定》):
 * 1234.56 → 壹仟贰佰叁拾肆元伍角陆分, 100.05 → 壹佰元零伍分, 1000000.00 → 壹佰万元整,
 * 0.50 → 伍角. 整 follows 元 only; after 角 it may be left out and we do; after 分 never.
 */
export function chineseCapitalAmount(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) {
    throw new RangeError(`fen must be a non-negative safe integer, got ${fen}`);
  }
  const { yuan, cents } = splitFen(fen);
  const jiao = Number(cents[0]);
  const fenDigit = Number(cents[1]);
  const yuanPart = yuan === '0' ? '' : `${capitalInteger(yuan)}元`;

  if (jiao === 0 && fenDigit === 0) return `${yuanPart || '零元'}整`;
  let out = yuanPart;
  if (jiao !== 0) out += `${CAPITAL_DIGITS[jiao]}角`;
  // A zero 角 between 元 and a non-zero 分 must be written (325.04 → 叁佰贰拾伍元零肆分).
  else if (yuanPart) out += '零';
  if (fenDigit !== 0) out += `${CAPITAL_DIGITS[fenDigit]}分`;
  return out;
}
