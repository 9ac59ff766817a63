/** What every versioned scorecard carries, so a decision can cite exactly which text it applied. */
export interface ScorecardBase {
  readonly model: string;
  /** `<year of the source text>.<revision>`; with the model it forms the id `tech-sme@2017.1`. */
  readonly version: string;
  /** ISO date from which this version applies to new assessments. */
  readonly effectiveFrom: string;
  /** The policy text the figures come from. */
  readonly source: string;
}

/**
 * One scored indicator. `value` is a decimal string: ratios in percent with two decimals
 * ("29.99" for 29.999%), averages with two decimals, both rounded down so a value never looks
 * like it reached a higher tier; counts as integers; for items an expert scores, the expert's
 * points; "n/a" where the measure does not exist (growth without a positive base year).
 * `rule` is the tier that applied, e.g. "S&T staff ≥ 30% → 20".
 */
export interface IndicatorScore {
  readonly id: string;
  readonly value: string;
  readonly points: number;
  readonly max: number;
  readonly rule: string;
}

/**
 * A condition that was not met, in words a decision letter can print: value "4.2%",
 * required "≥ 5%", gap "0.8%". Yes/no conditions have no gap (null).
 */
export interface FailedGate {
  readonly gate: string;
  readonly value: string;
  readonly required: string;
  readonly gap: string | null;
}
