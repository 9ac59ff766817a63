// A guaranteed filing names its guarantor and scheme family. Checked at filing, so the firm is
// told at once: the guarantor exists and no breaker stops its business, the scheme in force
// is pinned with the pool's rules, a special-plan firm is on the science bureau's list with
// its basis confirmed, and the firm's guarantee balance leaves room. The balance is checked again, atomically, when the guarantee
// is taken on; this early answer only spares the firm a case that could not succeed.
import { shanghaiDate } from '../../domain/calendar.ts';
import { liveGuarantee } from '../../domain/guarantee/lifecycle.ts';
import { poolPolicies } from '../../domain/guarantee/pool-policy.data.ts';
import { poolPolicyInForce } from '../../domain/guarantee/pool-policy.ts';
import { schemeInForce, type SchemeFamily } from '../../domain/guarantee/sharing-scheme.ts';
import { specialPlanProblems } from '../../domain/guarantee/whitelist.ts';
import { fenToYuan } from '../../domain/money.ts';
import type { Db } from '../../prisma/client.ts';
import { breakerRefusal, guarantorScope, programmeScope } from '../../prisma/breaker-store.ts';
import { allSchemes } from '../../prisma/scheme-store.ts';
import { whitelistEntry } from '../../prisma/whitelist-store.ts';
import { AppError } from '../errors.ts';

export interface GuaranteeRequest {
  /** The guarantee company's institution code. */
  guarantor: string;
  scheme: SchemeFamily;
}

export interface RequestedGuarantee {
  guarantorId: string;
  schemeVersion: string;
  poolPolicy: string;
  whitelistVersion?: number;
}

const refused = (message: string) =>
  new AppError('business_rule', message, [{ field: 'body.guarantee', message }]);

export async function requestGuarantee(
  db: Db,
  enterprise: { id: string; uscc: string },
  amountFen: number,
  request: GuaranteeRequest,
): Promise<RequestedGuarantee> {
  const today = shanghaiDate(new Date());
  const guarantor = await db.institution.findUnique({ where: { code: request.guarantor } });
  if (guarantor?.kind !== 'GUARANTOR')
    throw refused(`no guarantee company with code ${request.guarantor}`);
  const scheme = schemeInForce(await allSchemes(db), request.scheme, today);
  const stopped = await breakerRefusal(db, [
    guarantorScope(guarantor.id),
    programmeScope(scheme.family),
  ]);
  if (stopped) throw refused(stopped);
  let whitelistVersion: number | undefined;
  if (scheme.family === 'special-plan') {
    const listed = await whitelistEntry(db, enterprise.uscc);
    const certificates = await db.certificate.findMany({ where: { enterpriseId: enterprise.id } });
    const problems = specialPlanProblems(
      listed.entry,
      certificates.map((c) => ({
        kind: c.kind,
        number: c.number,
        validFrom: isoDate(c.validFrom),
        validUntil: c.validUntil && isoDate(c.validUntil),
      })),
      today,
    );
    if (problems.length > 0) throw refused(problems.map((p) => p.message).join('; '));
    whitelistVersion = listed.version;
  }
  const held = await db.guarantee.aggregate({
    where: { enterpriseId: enterprise.id, status: { in: [...liveGuarantee] } },
    _sum: { amountFen: true },
  });
  const balance = Number(held._sum.amountFen ?? 0n) + amountFen;
  if (balance > scheme.perFirmBalanceCapFen) {
    throw refused(
      `the firm's guarantee balance would be ¥${fenToYuan(balance)}, above the cap of ¥${fenToYuan(scheme.perFirmBalanceCapFen)} per firm`,
    );
  }
  return {
    guarantorId: guarantor.id,
    schemeVersion: scheme.version,
    poolPolicy: poolPolicyInForce(poolPolicies, today).version,
    ...(whitelistVersion !== undefined && { whitelistVersion }),
  };
}

const isoDate = (day: Date) => day.toISOString().slice(0, 10);
