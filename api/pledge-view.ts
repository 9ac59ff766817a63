// A pledged right as the case and the loan show it: what it is, its appraisal and how long
// that counts, and where its registration stands.
import { z } from 'zod';
import { fenToYuan } from '../domain/money.ts';
import { pledgeLifecycle } from '../domain/pledge/lifecycle.ts';
import { appraisalExpiresOn } from '../domain/pledge/loan-to-value.ts';
import { findPledgePolicy, type PledgePolicy } from '../domain/pledge/pledge-policy.ts';
import { pledgePolicies } from '../domain/pledge/pledge-policy.data.ts';
import type { Pledge } from '../prisma/client.ts';

export const pledgeView = z.object({
  id: z.uuid(),
  ordinal: z.int().meta({ description: 'Its number on the case (and on its registration letter)' }),
  kind: z.string().meta({ example: 'INVENTION_PATENT' }),
  registry: z.enum(['CNIPA', 'CPCC', 'SAMR']),
  number: z.string().meta({ description: "The right's number, or the company's USCC for equity" }),
  title: z.string(),
  shareholder: z.string().nullable(),
  shareBp: z.int().nullable(),
  status: z.enum(pledgeLifecycle.statuses),
  appraisal: z
    .object({
      appraiser: z.string(),
      appraisedOn: z.iso.date(),
      value: z.string(),
      method: z.string(),
      documentId: z.uuid(),
      expiresOn: z.iso.date().meta({ description: 'The first day the report no longer counts' }),
    })
    .nullable(),
  registrationNumber: z.string().nullable(),
  registeredOn: z.iso.date().nullable(),
  rejectionReason: z.string().nullable(),
  releasedOn: z.iso.date().nullable(),
});

const day = (date: Date | null) => date?.toISOString().slice(0, 10) ?? null;

/** A case's pledges, judged by the pledge policy it pinned; none for a credit loan. */
export function pledgesOf(application: {
  pledges: Pledge[];
  policyVersions: unknown;
  bank: { code: string };
}): z.infer<typeof pledgeView>[] {
  const version = (application.policyVersions as { pledge?: string }).pledge;
  if (!version) return [];
  const policy = findPledgePolicy(pledgePolicies, application.bank.code, version);
  return application.pledges.map((p) => pledgeViewOf(p, policy));
}

function pledgeViewOf(
  p: Pledge,
  policy: Pick<PledgePolicy, 'appraisalValidMonths'>,
): z.infer<typeof pledgeView> {
  const appraisedOn = day(p.appraisedOn);
  return {
    id: p.id,
    ordinal: p.ordinal,
    kind: p.kind,
    registry: p.registry as 'CNIPA' | 'CPCC' | 'SAMR',
    number: p.number,
    title: p.title,
    shareholder: p.shareholder,
    shareBp: p.shareBp,
    status: p.status,
    appraisal:
      appraisedOn && p.appraiser && p.appraisedValueFen !== null && p.appraisalDocumentId
        ? {
            appraiser: p.appraiser,
            appraisedOn,
            value: fenToYuan(Number(p.appraisedValueFen)),
            method: p.appraisalMethod ?? '',
            documentId: p.appraisalDocumentId,
            expiresOn: appraisalExpiresOn({ appraisedOn }, policy),
          }
        : null,
    registrationNumber: p.registrationNumber,
    registeredOn: day(p.registeredOn),
    rejectionReason: p.rejectionReason,
    releasedOn: day(p.releasedOn),
  };
}
