// The high-tech gates a firm's own figures decide (DOMAIN §1.2), checked against the card in
// force so a firm sees its gaps before experts score it. The supported field, the core-IP
// finding and the innovation score need experts: they stay pending here.
import { failedOnly } from '../scorecards/gates.ts';
import {
  objectiveGateFields,
  objectiveGates,
  type HighTechScorecard,
} from '../scorecards/high-tech.ts';
import type { EnterpriseIndicators, WithIndicators } from '../scorecards/indicators.ts';
import type { FailedGate } from '../scorecards/types.ts';

export const HIGH_TECH_GATES_MODEL = 'high-tech-gates';

export interface HighTechGatesResult {
  readonly model: typeof HIGH_TECH_GATES_MODEL;
  /** The version of the high-tech card whose thresholds were applied. */
  readonly version: string;
  /** Every objective gate met; recognition still needs the pending findings. */
  readonly eligible: boolean;
  readonly failedGates: FailedGate[];
  readonly pending: readonly string[];
}

const pendingFindings = ['supported-field', 'core-ip', 'points'] as const;

/** Undefined when the figures the gates read are not all declared (three years included). */
export function highTechGates(
  card: HighTechScorecard,
  firm: EnterpriseIndicators,
): HighTechGatesResult | undefined {
  if (objectiveGateFields.some((field) => firm[field] === undefined)) return undefined;
  const declared = firm as WithIndicators<(typeof objectiveGateFields)[number]>;
  const failedGates = failedOnly(...Object.values(objectiveGates(card, declared)));
  return {
    model: HIGH_TECH_GATES_MODEL,
    version: card.version,
    eligible: failedGates.length === 0,
    failedGates,
    pending: pendingFindings,
  };
}
