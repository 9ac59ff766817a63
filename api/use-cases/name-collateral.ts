// The collateral a pledge application names, checked before anything is written (DOMAIN.md
// §3.1, §4; rule 17): each IP right must be in the firm's own registry, and each right or
// holding must stand clean at its registry (in force, fees paid, undisputed, not frozen,
// pledge allowed) and not already be pledged, at the registry or to a case on the platform.
import type { DeclaredHolding, Registries } from '../../domain/contracts/registries.ts';
import {
  collateralLabel,
  productOf,
  registryOf,
  type PledgeableIpType,
} from '../../domain/pledge/collateral.ts';
import {
  describeProblems,
  equityProblems,
  ipRightProblems,
  type RightProblem,
} from '../../domain/pledge/eligibility.ts';
import type { Db, Enterprise, Prisma } from '../../prisma/client.ts';
import { AppError } from '../errors.ts';

export type CollateralClaim =
  { kind: PledgeableIpType; number: string } | ({ kind: 'EQUITY' } & DeclaredHolding);

/** A pledge row ready to write, less the application it belongs to. */
export type NamedPledge = Omit<Prisma.PledgeCreateManyInput, 'applicationId'>;

/** Statuses in which a right is taken by a case: named, filed, or pledged. */
const ended = ['RELEASED', 'WITHDRAWN'] as const;

const labelOf = (claim: CollateralClaim) =>
  collateralLabel(claim.kind === 'EQUITY' ? { ...claim, number: claim.companyUscc } : claim);

/**
 * The pledge rows for `claims`, in order; refuses the filing (422 collateral_ineligible)
 * naming every right that fails and why.
 */
export async function nameCollateral(
  { db, registries }: { db: Db; registries: Registries },
  enterprise: Enterprise,
  product: 'ip-pledge' | 'equity-pledge',
  claims: readonly CollateralClaim[],
  asOf: string,
): Promise<NamedPledge[]> {
  const refused: { right: string; problems: RightProblem[] }[] = [];
  const named: NamedPledge[] = [];
  for (const [i, claim] of claims.entries()) {
    if (productOf(claim.kind) !== product) {
      throw new AppError('validation_failed', `${labelOf(claim)} cannot secure a ${product} loan`);
    }
    const { problems, row } = await check(db, registries, enterprise, claim, asOf);
    const taken = await db.pledge.count({
      where: {
        kind: claim.kind,
        number: row.number,
        ...(claim.kind === 'EQUITY' && { shareholder: claim.shareholder }),
        status: { notIn: [...ended] },
      },
    });
    if (taken > 0 && !problems.includes('already_pledged')) problems.push('already_pledged');
    if (problems.length > 0) refused.push({ right: labelOf(claim), problems });
    named.push({ ...row, ordinal: i + 1 });
  }
  if (refused.length > 0) {
    throw new AppError(
      'collateral_ineligible',
      refused.map(({ right, problems }) => describeProblems(right, problems)).join('. '),
      refused,
    );
  }
  return named;
}

async function check(
  db: Db,
  registries: Registries,
  enterprise: Enterprise,
  claim: CollateralClaim,
  asOf: string,
): Promise<{ problems: RightProblem[]; row: Omit<NamedPledge, 'ordinal'> }> {
  const registry = registryOf(claim.kind);
  if (claim.kind === 'EQUITY') {
    const status = await registries.equity.status(claim, asOf);
    return {
      problems: equityProblems(status, { shareholder: claim.shareholder }),
      row: {
        kind: claim.kind,
        registry,
        number: claim.companyUscc,
        title: status?.companyName ?? claim.companyName,
        shareholder: claim.shareholder,
        subscribedFen: BigInt(claim.subscribedFen),
        shareBp: claim.shareBp,
      },
    };
  }
  const own = await db.ipRight.findUnique({
    where: {
      enterpriseId_type_number: {
        enterpriseId: enterprise.id,
        type: claim.kind,
        number: claim.number,
      },
    },
  });
  const status = await registries.ip.status({ type: claim.kind, number: claim.number }, asOf);
  const problems = own
    ? ipRightProblems(status, { holderUscc: enterprise.uscc, asOf })
    : // Not in the firm's own registry: someone else's right, or none at all.
      [status ? ('not_holder' as const) : ('unknown' as const)];
  return {
    problems,
    row: {
      kind: claim.kind,
      registry,
      number: claim.number,
      title: own?.title ?? status?.title ?? claim.number,
    },
  };
}
