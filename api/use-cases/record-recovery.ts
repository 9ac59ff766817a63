// Money recovered after a claim was settled (a disposal's proceeds, a late repayment), split
// among the parties by what each still bears, exact to the fen, and written once: the
// reference names the receipt, so a retried request finds its recovery instead of a second.
import {
  splitRecovery,
  type Amounts,
  type Settlement,
} from '../../domain/guarantee/loss-sharing.ts';
import { findScheme, riskParties } from '../../domain/guarantee/sharing-scheme.ts';
import { fenToYuan } from '../../domain/money.ts';
import type { Actor } from '../../domain/contracts/shared.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import { recordClaimEvent } from '../../prisma/lifecycles.ts';
import { allSchemes } from '../../prisma/scheme-store.ts';
import { AppError } from '../errors.ts';

export const recoverySources = ['disposal', 'repayment', 'other'] as const;

export interface RecoveryInput {
  amountFen: number;
  source: (typeof recoverySources)[number];
  receivedOn: string;
  reference: string;
}

/** What each party bears after the settlement and every recovery so far. */
export function stillBorne(
  settlement: Settlement,
  recoveries: readonly { shares: unknown }[],
): Amounts {
  const still = { ...settlement.borneFen };
  for (const { shares } of recoveries) {
    for (const p of riskParties) still[p] -= (shares as Amounts)[p];
  }
  return still;
}

export async function recordRecovery(db: Db, claimId: string, input: RecoveryInput, actor: Actor) {
  return db.$transaction(async (tx) => {
    // One recovery at a time per claim: each splits what the one before left.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`recoveries:${claimId}`}))`;
    const claim = await tx.guaranteeClaim.findUniqueOrThrow({
      where: { id: claimId },
      include: { recoveries: { orderBy: { sequence: 'asc' } }, guarantee: true },
    });
    const same = claim.recoveries.find((r) => r.reference === input.reference);
    if (same) {
      if (Number(same.amountFen) === input.amountFen) return same;
      throw new AppError('conflict', `recovery ${input.reference} is recorded with another amount`);
    }
    if (claim.status !== 'SETTLED') {
      throw new AppError('invalid_state', 'recoveries are shared once the claim is settled');
    }
    const settlement = claim.settlement as unknown as Settlement;
    const still = stillBorne(settlement, claim.recoveries);
    const outstanding = riskParties.reduce((sum, p) => sum + still[p], 0);
    if (input.amountFen > outstanding) {
      throw new AppError(
        'business_rule',
        `¥${fenToYuan(input.amountFen)} is more than the ¥${fenToYuan(outstanding)} still unrecovered`,
      );
    }
    const scheme = findScheme(await allSchemes(tx), claim.guarantee.schemeVersion);
    const shares = splitRecovery(still, input.amountFen, scheme.residueParty);
    const sequence = claim.recoveries.length + 1;
    const row = await tx.recovery.create({
      data: {
        claimId,
        sequence,
        amountFen: BigInt(input.amountFen),
        source: input.source,
        receivedOn: new Date(`${input.receivedOn}T00:00:00Z`),
        reference: input.reference,
        shares: shares as unknown as Prisma.InputJsonValue,
        recordedById: actor.userId,
      },
    });
    await recordClaimEvent(tx, {
      subjectId: claimId,
      event: 'recovery_recorded',
      at: new Date(),
      actor,
      occurrence: sequence,
      data: { sequence, amountFen: input.amountFen, source: input.source, shares: { ...shares } },
    });
    return row;
  });
}
