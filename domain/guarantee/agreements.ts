// Framework agreements (DOMAIN.md §5): a guarantor's batch agreement with a bank (见贷即保)
// and the re-guarantor's and national fund's agreements with a guarantor. Each covers one
// scheme family for a period, up to a quota and a per-firm limit on what it has taken on.
import type { RiskParty } from './sharing-scheme.ts';

export const agreementKinds = ['BATCH', 'REGUARANTEE', 'NATIONAL_FUND'] as const;
export type AgreementKind = (typeof agreementKinds)[number];

/** The party whose share a counter-guarantee agreement takes on. */
export const counterGuarantees: readonly { kind: AgreementKind; party: RiskParty }[] = [
  { kind: 'REGUARANTEE', party: 'REGUARANTOR' },
  { kind: 'NATIONAL_FUND', party: 'NATIONAL_FUND' },
];

export interface AgreementStanding {
  readonly reference: string;
  readonly schemeFamily: string;
  /** ISO dates, both days included. */
  readonly validFrom: string;
  readonly validUntil: string;
  readonly quotaFen: number;
  readonly perFirmLimitFen: number;
  /** What the agreement has taken on already, in all and for this firm. */
  readonly usedFen: number;
  readonly firmUsedFen: number;
}

/** Why the agreement cannot take on `exposureFen` more for the firm today; undefined when it can. */
export function agreementProblem(
  agreement: AgreementStanding,
  { exposureFen, family, asOf }: { exposureFen: number; family: string; asOf: string },
): string | undefined {
  const { reference } = agreement;
  if (agreement.schemeFamily !== family)
    return `${reference} covers ${agreement.schemeFamily} deals only`;
  if (asOf < agreement.validFrom || asOf > agreement.validUntil) {
    return `${reference} runs from ${agreement.validFrom} to ${agreement.validUntil}`;
  }
  if (agreement.usedFen + exposureFen > agreement.quotaFen) {
    return `${reference} has ${agreement.quotaFen - agreement.usedFen} fen of its quota left, not ${exposureFen}`;
  }
  if (agreement.firmUsedFen + exposureFen > agreement.perFirmLimitFen) {
    return `${reference} has ${agreement.perFirmLimitFen - agreement.firmUsedFen} fen of its per-firm limit left for this firm, not ${exposureFen}`;
  }
  return undefined;
}
