// The science bureau's list of firms eligible for the special guarantee plan (财金〔2024〕60号;
// DOMAIN.md §5 "whitelist from the science bureau"). Each entry names the basis the bureau
// listed the firm on; a basis the platform's registry records (a high-tech certificate, a
// tech-SME number) must match a certificate valid there on the day eligibility is checked.
import {
  isValidOn,
  type CertificateKind,
  type CertificateRecord,
} from '../enterprise/certificates.ts';

/** 科技型中小企业 number, 高新技术企业 certificate, 专精特新 designation, innovation-points list. */
export const whitelistBases = [
  'TECH_SME',
  'HIGH_TECH',
  'SPECIALISED',
  'INNOVATION_POINTS',
] as const;
export type WhitelistBasis = (typeof whitelistBases)[number];

export interface WhitelistEntry {
  readonly uscc: string;
  readonly name: string;
  readonly basis: WhitelistBasis;
  /** The certificate, registration or list number the basis rests on. */
  readonly reference: string;
}

/** The bases the platform can confirm against a firm's certificates. */
const certificateOf: Partial<Record<WhitelistBasis, CertificateKind>> = {
  HIGH_TECH: 'HIGH_TECH',
  TECH_SME: 'TECH_SME',
};

export type EligibilityProblem =
  { code: 'not_whitelisted'; message: string } | { code: 'basis_unconfirmed'; message: string };

/** Why a firm may not join the special plan today; none when it may. */
export function specialPlanProblems(
  entry: WhitelistEntry | undefined,
  certificates: readonly (CertificateRecord & { number: string })[],
  asOf: string,
): EligibilityProblem[] {
  if (!entry) {
    return [
      {
        code: 'not_whitelisted',
        message: "the firm is not on the science bureau's list in force",
      },
    ];
  }
  const kind = certificateOf[entry.basis];
  if (!kind) return [];
  const confirmed = certificates.some(
    (c) => c.kind === kind && c.number === entry.reference && isValidOn(c, asOf),
  );
  return confirmed
    ? []
    : [
        {
          code: 'basis_unconfirmed',
          message: `the list names ${entry.basis} ${entry.reference}, which the firm's registry record does not hold valid on ${asOf}`,
        },
      ];
}

/** Entries that cannot stand together: a firm listed twice. */
export function whitelistProblems(entries: readonly WhitelistEntry[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const { uscc } of entries) {
    if (seen.has(uscc)) problems.push(`${uscc} is listed twice`);
    seen.add(uscc);
  }
  return problems;
}
