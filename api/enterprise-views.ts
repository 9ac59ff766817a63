// What the enterprise registry's routes accept and return: request schemas (validation and
// OpenAPI) and the views of its rows.
import { z } from 'zod';
import { whenWellFormed } from '../domain/well-formed.ts';
import { plainName } from './text.ts';
import {
  certificateFlags,
  certificateKinds,
  certificateValidityProblem,
} from '../domain/enterprise/certificates.ts';
import {
  countsOn,
  ipClassOf,
  ipRightStatuses,
  ipRightTypes,
} from '../domain/enterprise/ip-portfolio.ts';
import { listingTierIds, listingTierNames } from '../domain/enterprise/listing-tiers.ts';
import type { Assessment, IndicatorSnapshot } from '../prisma/client.ts';
import type { CertificateOnRecord, IpRightOnRecord } from '../prisma/enterprise-store.ts';

/** A change names at least one field; the schema says so too (minProperties). */
const atLeastOneOf = <S extends z.ZodObject>(change: S, fields: string[]) =>
  change
    .refine((body: object) => Object.keys(body).length > 0, {
      ...whenWellFormed,
      message: `name at least one of: ${fields.join(', ')}`,
    })
    .meta({ minProperties: 1 });

export const registryNumber = plainName(1, 64);

export const ipRightBody = z.object({
  type: z.enum(ipRightTypes),
  number: registryNumber.meta({ example: 'ZL202010123456.7' }),
  title: plainName(1, 200),
  status: z.enum(ipRightStatuses),
  expiresOn: z.iso.date().nullable().default(null).meta({ description: 'Last day in force' }),
  tiedToProduct: z.boolean().default(false).meta({ description: 'Supports the main product' }),
});

export const ipRightPatch = atLeastOneOf(
  z.strictObject({
    status: z.enum(ipRightStatuses).optional(),
    expiresOn: z.iso.date().nullable().optional(),
    tiedToProduct: z.boolean().optional(),
  }),
  ['status', 'expiresOn', 'tiedToProduct'],
);

export const certificateBody = z
  .object({
    kind: z.enum(certificateKinds),
    number: registryNumber.meta({
      description: 'Certificate number, or the tech-SME registration number',
    }),
    validFrom: z.iso.date(),
    validUntil: z.iso.date().nullable().default(null).meta({ description: 'Last valid day' }),
  })
  .superRefine((certificate, ctx) => {
    const problem = certificateValidityProblem(certificate);
    if (problem) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: problem });
  }, whenWellFormed);

const tierNames = listingTierIds.map((id) => `${id} (${listingTierNames[id].zh})`).join(', ');

export const enterprisePatch = atLeastOneOf(
  z.strictObject({
    cluster: plainName(2, 100).nullable().optional().meta({
      description: 'Innovative industrial cluster; set by the owner',
      example: '光谷光电子信息产业集群',
    }),
    listingTier: z
      .enum(listingTierIds)
      .nullable()
      .optional()
      .meta({ description: `Listing-reserve tier, set by an administrator: ${tierNames}` }),
  }),
  ['cluster', 'listingTier'],
);

export const snapshotView = z.object({
  year: z.int(),
  indicators: z.unknown().meta({ description: 'The figures declared for that financial year' }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const toSnapshotView = (s: IndicatorSnapshot): z.infer<typeof snapshotView> => ({
  year: s.year,
  indicators: s.indicators,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export const ipRightView = z.object({
  id: z.uuid(),
  type: z.enum(ipRightTypes),
  ipClass: z.enum(['classI', 'classII']).nullable().meta({ description: 'Null for trademarks' }),
  number: z.string(),
  title: z.string(),
  status: z.enum(ipRightStatuses),
  expiresOn: z.iso.date().nullable(),
  tiedToProduct: z.boolean(),
  counted: z.boolean().meta({ description: 'Counts towards the IP indicator today' }),
});

export const toIpRightView = (
  right: IpRightOnRecord,
  today: string,
): z.infer<typeof ipRightView> => ({
  ...right,
  ipClass: ipClassOf[right.type],
  counted: countsOn(right, today),
});

export const certificateView = z.object({
  id: z.uuid(),
  kind: z.enum(certificateKinds),
  number: z.string(),
  validFrom: z.iso.date(),
  validUntil: z.iso.date().nullable(),
  expired: z.boolean(),
  expiringWithin90Days: z.boolean(),
  daysLeft: z
    .int()
    .nullable()
    .meta({ description: 'Days to the last valid day; null without one' }),
});

export const toCertificateView = (
  certificate: CertificateOnRecord,
  today: string,
): z.infer<typeof certificateView> => ({ ...certificate, ...certificateFlags(certificate, today) });

export const registryEntryView = z.object({
  id: z.uuid(),
  cluster: z.string().nullable(),
  listingTier: z.enum(listingTierIds).nullable(),
});

export const assessmentSummaryView = z.object({
  id: z.uuid(),
  model: z.string(),
  version: z.string(),
  points: z.int().nullable(),
  eligible: z.boolean(),
  result: z.unknown(),
  createdAt: z.iso.datetime(),
});

export const toAssessmentSummary = (a: Assessment): z.infer<typeof assessmentSummaryView> => ({
  id: a.id,
  model: a.model,
  version: a.version,
  points: a.points,
  eligible: a.eligible,
  result: a.result,
  createdAt: a.createdAt.toISOString(),
});

export const profileView = registryEntryView.extend({
  name: z.string(),
  asOf: z.iso
    .date()
    .meta({ description: 'Today in Asia/Shanghai: the date IP and certificates are judged on' }),
  indicators: z.unknown().nullable().meta({
    description:
      'The latest snapshot merged with the portfolio and certificates; null without a snapshot',
  }),
  snapshotYears: z.array(z.int()).meta({ description: 'The years the merge read, latest first' }),
  ipRights: z.array(ipRightView),
  certificates: z.array(certificateView),
  assessments: z
    .array(assessmentSummaryView)
    .meta({ description: 'The latest assessment of each model made outside a case' }),
});
