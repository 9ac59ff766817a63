// Input of a decision letter: plain, unformatted data. The renderer does all formatting
// (dates, money, rates, numerals), so callers pass raw values and the same data always
// yields the same letter.

export type LetterKind = 'approval' | 'rejection';
export type LetterLanguage = 'zh' | 'en';

export interface AssessmentIndicator {
  id: string;
  /** Human-readable name; the id is printed when absent. */
  label?: string;
  value: string;
  points: number;
  max: number;
  rule: string;
}

export interface LetterAssessment {
  model: string;
  version: string;
  points: number;
  max: number;
  eligible: boolean;
  indicators: AssessmentIndicator[];
}

export interface LetterDecider {
  role: string;
  /** Already masked by the caller (PIPL): printed as given. */
  name: string;
}

export interface LetterData {
  kind: LetterKind;
  language: LetterLanguage;
  /** Case reference, printed as the letter's number. */
  reference: string;
  /** ISO instant of the decision; the letter is dated in Asia/Shanghai. */
  issuedAt: string;
  institution: { name: string };
  enterprise: { name: string; uscc: string };
  product: string;
  /** Approved amount in integer fen (approval letters). */
  amountFen?: number;
  /** Annual rate as a decimal string, e.g. "0.0435" (approval letters). */
  annualRate?: string;
  /** Loan term in months (approval letters). */
  termMonths?: number;
  /** Reasons for the refusal, in order (rejection letters). */
  reasons?: string[];
  assessment: LetterAssessment;
  decidedBy: LetterDecider[];
}
