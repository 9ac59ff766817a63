// Side effects of the annual re-evaluation. A firm is re-evaluated at most once per run: its
// trail entry, keyed by run and firm, commits with its assessments, and a retry or a second
// run with the same id finds the entry and returns what it recorded.
import { createHash } from 'node:crypto';
import { ZodError } from 'zod';
import { certificateFlags } from '../../domain/enterprise/certificates.ts';
import type {
  EnterpriseReevaluation,
  FlaggedCertificate,
  ReevaluationTotals,
} from '../../domain/enterprise/reevaluation.ts';
import type { ScorecardCatalogue } from '../../domain/scorecards/catalogue.ts';
import { recordAuditEvent } from '../../prisma/audit-trail.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import {
  asJson,
  lockEnterprise,
  recompute,
  toCertificateRecord,
} from '../../prisma/enterprise-store.ts';
import { loadScorecardCatalogue } from '../../prisma/scorecard-store.ts';

export interface RegistryActivityDeps {
  db: Db;
}

export interface ReevaluationStep {
  runId: string;
  /** The date the firm's records are judged on. */
  asOf: string;
}

const keyOf = (runId: string, part: string) => `annual-reevaluation:${runId}:${part}`;

export function createReevaluationActivities({ db }: RegistryActivityDeps) {
  return {
    /** Firm ids in id order, after the last one of the previous page. */
    async listEnterprisePage(input: { after?: string; limit: number }): Promise<string[]> {
      const rows = await db.enterprise.findMany({
        where: input.after ? { id: { gt: input.after } } : {},
        orderBy: { id: 'asc' },
        take: input.limit,
        select: { id: true },
      });
      return rows.map((row) => row.id);
    },

    async reevaluateEnterprise(
      input: ReevaluationStep & { enterpriseId: string },
    ): Promise<EnterpriseReevaluation> {
      const catalogue = await loadScorecardCatalogue(db);
      const dedupeKey = keyOf(input.runId, input.enterpriseId);
      return db.$transaction(async (tx) => {
        await lockEnterprise(tx, input.enterpriseId);
        const recorded = await tx.auditEvent.findUnique({ where: { dedupeKey } });
        if (recorded) {
          return (recorded.data as unknown as { outcome: EnterpriseReevaluation }).outcome;
        }
        const outcome = await reevaluate(tx, input, catalogue);
        await recordAuditEvent(tx, {
          entityType: 'Enterprise',
          entityId: input.enterpriseId,
          action: 'annually_reevaluated',
          data: asJson({ runId: input.runId, asOf: input.asOf, outcome }),
          dedupeKey,
        });
        return outcome;
      });
    },

    async recordReevaluationRun(input: ReevaluationStep & { totals: ReevaluationTotals }) {
      await recordAuditEvent(db, {
        entityType: 'ReevaluationRun',
        entityId: uuidOf(input.runId),
        action: 'completed',
        data: asJson(input),
        dedupeKey: keyOf(input.runId, 'completed'),
      });
    },
  };
}

export type ReevaluationActivities = ReturnType<typeof createReevaluationActivities>;

async function reevaluate(
  tx: Prisma.TransactionClient,
  { enterpriseId, asOf }: { enterpriseId: string; asOf: string },
  catalogue: ScorecardCatalogue,
): Promise<EnterpriseReevaluation> {
  const rows = await tx.certificate.findMany({
    where: { enterpriseId },
    orderBy: { validFrom: 'asc' },
  });
  const certificates = rows.map(toCertificateRecord).flatMap((c): FlaggedCertificate[] => {
    const flags = certificateFlags(c, asOf);
    return c.validUntil !== null && (flags.expired || flags.expiringWithin90Days)
      ? [{ id: c.id, kind: c.kind, number: c.number, validUntil: c.validUntil, ...flags }]
      : [];
  });
  try {
    const { merged, assessments } = await recompute(tx, { enterpriseId, asOf, catalogue });
    return { enterpriseId, status: merged ? 'assessed' : 'no-snapshot', assessments, certificates };
  } catch (error) {
    // Stored records that no longer parse are a finding for a person, not a reason to retry.
    if (error instanceof ZodError) {
      return { enterpriseId, status: 'invalid-data', assessments: [], certificates };
    }
    throw error;
  }
}

/** The trail keys entities by uuid; a run is named by its id, so its uuid is derived from it. */
function uuidOf(name: string): string {
  const hex = createHash('sha256').update(`reevaluation-run:${name}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
