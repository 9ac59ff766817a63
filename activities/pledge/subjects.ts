// A pledge row as its registry knows it, and the rule its status is judged by.
import type { DeclaredHolding, Registries } from '../../domain/contracts/registries.ts';
import type { PledgeableIpType } from '../../domain/pledge/collateral.ts';
import {
  equityProblems,
  ipRightProblems,
  type RightProblem,
} from '../../domain/pledge/eligibility.ts';
import type { Pledge } from '../../prisma/client.ts';

export const holdingOf = (p: Pledge): DeclaredHolding => ({
  companyUscc: p.number,
  shareholder: p.shareholder ?? '',
  companyName: p.title,
  subscribedFen: Number(p.subscribedFen ?? 0),
  shareBp: p.shareBp ?? 0,
});

export const ipRightOf = (p: Pledge) => ({ type: p.kind as PledgeableIpType, number: p.number });

/**
 * What stands against the pledged right on `asOf`, as its registry tells it. `holderUscc`: the
 * firm an IP right must belong to. The pledge's own registration is no obstacle.
 */
export async function problemsOf(
  registries: Registries,
  pledge: Pledge,
  { holderUscc, asOf }: { holderUscc: string; asOf: string },
): Promise<RightProblem[]> {
  const ownPledge = pledge.registrationNumber ?? undefined;
  if (pledge.kind === 'EQUITY') {
    const holding = holdingOf(pledge);
    const status = await registries.equity.status(holding, asOf);
    return equityProblems(status, { shareholder: holding.shareholder, ownPledge });
  }
  const status = await registries.ip.status(ipRightOf(pledge), asOf);
  return ipRightProblems(status, { holderUscc, asOf, ownPledge });
}
