// What a kind's template works with: the shared wording and formatters of the letter's
// language, the facts checks every template uses, and the loan-terms rows three kinds share.
import { chineseCapitalAmount, formatYuan } from '../domain/money.ts';
import { calendarDate, formatPercent } from './format.ts';
import type { LetterDataOf, LoanTerms, RiskShare } from './letter-data.ts';
import type { LetterKind, LetterLanguage } from '../domain/letter-kinds.ts';
import type { LetterStrings } from './strings.ts';

type Doc = PDFKit.PDFDocument;
export type Row = [label: string, value: string];
export type BodyPiece = (doc: Doc) => void;

export interface LetterContext {
  language: LetterLanguage;
  s: LetterStrings;
  /** The name of a code in the letter's language, or the code itself. */
  name: (table: keyof LetterStrings['names'], code: string) => string;
  /** An ISO date (YYYY-MM-DD) as the letter's language writes it. */
  date: (isoDate: string) => string;
  /** An amount as label/value rows: the figure, and on Chinese letters the capitals too. */
  money: (label: string, fen: number) => Row[];
  /** An amount in one table cell: the figure, and the capitals below it on Chinese letters. */
  amount: (fen: number) => string;
}

export function letterContext(language: LetterLanguage, s: LetterStrings): LetterContext {
  return {
    language,
    s,
    name: (table, code) => s.names[table][code] ?? code,
    date: (isoDate) => s.date(calendarDate(isoDate)),
    money: (label, fen) => {
      const rows: Row[] = [[label, formatYuan(fen, language)]];
      if (s.capitalAmountLabel) rows.push([s.capitalAmountLabel, chineseCapitalAmount(fen)]);
      return rows;
    },
    amount: (fen) =>
      s.capitalAmountLabel
        ? `${formatYuan(fen, language)}\n${chineseCapitalAmount(fen)}`
        : formatYuan(fen, language),
  };
}

/**
 * One kind of letter: its title, whose names sign it, and its middle part (opening sentence,
 * the kind's facts, closing sentence). `body` checks the facts before returning the drawing,
 * so a letter missing a fact fails before anything is drawn.
 */
export interface LetterTemplate<K extends LetterKind> {
  title: Record<LetterLanguage, string>;
  people: keyof LetterStrings['people'];
  body: (data: LetterDataOf<K>, ctx: LetterContext) => BodyPiece;
}

export function requirePositiveFen(field: string, fen: number): void {
  if (!Number.isSafeInteger(fen) || fen <= 0) {
    throw new RangeError(`${field} must be a positive safe integer of fen: ${fen}`);
  }
}

export function requirePositiveInteger(field: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${field} must be a positive integer: ${value}`);
  }
}

export function requireItems(field: string, items: readonly unknown[]): void {
  if (items.length === 0) throw new TypeError(`${field} needs at least one entry`);
}

/** Risk shares are whole basis points summing to exactly 100%. */
export function requireWholeShares(field: string, shares: readonly RiskShare[]): void {
  requireItems(field, shares);
  const total = shares.reduce((sum, { shareBp }) => sum + shareBp, 0);
  if (shares.some(({ shareBp }) => !Number.isInteger(shareBp) || shareBp < 0) || total !== 10_000) {
    throw new RangeError(`${field} must be whole basis points summing to 10000, got ${total}`);
  }
}

/** Amount, capitals, rate, term, repayment method and, once there is a schedule, its summary. */
export function loanTermRows(terms: LoanTerms, product: string, ctx: LetterContext): Row[] {
  requirePositiveFen('terms.amountFen', terms.amountFen);
  requirePositiveInteger('terms.termMonths', terms.termMonths);
  const { s } = ctx;
  const rows: Row[] = [
    [s.productLabel, product],
    ...ctx.money(s.amountLabel, terms.amountFen),
    [s.rateLabel, formatPercent(terms.annualRate)],
    [s.termLabel, s.term(terms.termMonths)],
    [s.repayment.method, ctx.name('repaymentMethods', terms.repaymentMethod)],
  ];
  const { repayment } = terms;
  if (repayment) {
    requirePositiveInteger('terms.repayment.instalments', repayment.instalments);
    rows.push(
      [s.repayment.instalments, s.repayment.count(repayment.instalments)],
      [s.repayment.firstDue, ctx.date(repayment.firstDueOn)],
      [s.repayment.lastDue, ctx.date(repayment.lastDueOn)],
      [s.repayment.totalInterest, ctx.amount(repayment.totalInterestFen)],
    );
  }
  return rows;
}
