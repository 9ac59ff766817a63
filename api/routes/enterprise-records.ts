// The enterprise registry: yearly indicator snapshots, the IP portfolio, certificates, cluster
// and listing-reserve tier. Every change to what the scorecards read recomputes the firm in
// the same transaction: fresh assessments, the stored indicators set to the merged view, and
// the trail entry naming who changed what.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { shanghaiDate } from '../../domain/calendar.ts';
import {
  mergeIndicators,
  snapshotIndicators,
  snapshotYearProblem,
} from '../../domain/enterprise/merged-indicators.ts';
import type { Db, Prisma } from '../../prisma/client.ts';
import { recordAuditEvent } from '../../prisma/audit-trail.ts';
import {
  asJson,
  dayOf,
  loadRegistryRecords,
  changeRecords,
  toCertificateRecord,
  toIpRightRecord,
} from '../../prisma/enterprise-store.ts';
import { visibleEnterprise } from '../access.ts';
import type { Principal } from '../auth.ts';
import { AppError, notFound } from '../errors.ts';
import {
  certificateBody,
  certificateView,
  enterprisePatch,
  ipRightBody,
  ipRightPatch,
  ipRightView,
  profileView,
  registryEntryView,
  snapshotView,
  toAssessmentSummary,
  toCertificateView,
  toIpRightView,
  toSnapshotView,
} from '../enterprise-views.ts';
import type { RouteTable } from './define.ts';

const tag = 'Enterprise registry';
const firm = z.object({ id: z.uuid() });
const hidden = { 404: { description: 'No such firm visible to you' } };
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export function enterpriseRegistryRoutes(routes: RouteTable, db: Db) {
  /** Writes are the owner's; anyone else gets the 404 a missing firm gets. */
  async function ownedEnterprise(principal: Principal, id: string) {
    const enterprise = await visibleEnterprise(db, principal, id);
    if (enterprise.ownerId !== principal.userId) throw notFound('enterprise');
    return enterprise;
  }

  const change = <T>(
    principal: Principal,
    enterpriseId: string,
    action: string,
    write: (tx: Prisma.TransactionClient) => Promise<{ result: T; data: object }>,
  ) => changeRecords(db, { enterpriseId, actorId: principal.userId, action }, write);

  routes.add({
    method: 'put',
    path: '/v1/enterprises/:id/snapshots/:year',
    tag,
    summary:
      'Declare the indicators of one financial year (the year of asOf or one of the two before)',
    roles: ['APPLICANT'],
    params: firm.extend({ year: z.coerce.number().int().min(1000).max(9999) }),
    body: snapshotIndicators,
    responses: {
      200: { description: 'Replaced', schema: snapshotView },
      201: { description: 'Declared', schema: snapshotView },
      ...hidden,
    },
    handler: async ({ principal, params, body }) => {
      const enterprise = await ownedEnterprise(principal, params.id);
      const today = shanghaiDate(new Date());
      const yearProblem = snapshotYearProblem(params.year, body.asOf);
      const issues = [
        ...(yearProblem ? [{ field: 'params.year', message: yearProblem }] : []),
        ...(body.asOf > today
          ? [{ field: 'body.asOf', message: `must not be after today (${today})` }]
          : []),
      ];
      if (issues.length > 0)
        throw new AppError('unprocessable', 'the snapshot breaks a rule', issues);

      const { row, created } = await change(
        principal,
        enterprise.id,
        'snapshot_declared',
        async (tx) => {
          const key = { enterpriseId_year: { enterpriseId: enterprise.id, year: params.year } };
          const existing = await tx.indicatorSnapshot.findUnique({ where: key });
          const indicators = asJson(body);
          const saved = await tx.indicatorSnapshot.upsert({
            where: key,
            create: { enterpriseId: enterprise.id, year: params.year, indicators },
            update: { indicators },
          });
          // The row is replaced in place, so the trail keeps what was declared each time.
          return {
            result: { row: saved, created: !existing },
            data: { year: params.year, indicators },
          };
        },
      );
      return { status: created ? 201 : 200, body: toSnapshotView(row) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/enterprises/:id/snapshots',
    tag,
    summary: "A firm's yearly indicator snapshots, latest year first",
    roles: 'any',
    params: firm,
    responses: { 200: { description: 'The snapshots', schema: list(snapshotView) }, ...hidden },
    handler: async ({ principal, params }) => {
      const enterprise = await visibleEnterprise(db, principal, params.id);
      const rows = await db.indicatorSnapshot.findMany({
        where: { enterpriseId: enterprise.id },
        orderBy: { year: 'desc' },
      });
      return { status: 200, body: { items: rows.map(toSnapshotView) } };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/enterprises/:id/ip-rights',
    tag,
    summary: 'Add an IP right to the portfolio',
    roles: ['APPLICANT'],
    params: firm,
    body: ipRightBody,
    responses: {
      201: { description: 'Added', schema: ipRightView },
      ...hidden,
      409: { description: 'A right of this type and number is already in the portfolio' },
    },
    handler: async ({ principal, params, body }) => {
      const enterprise = await ownedEnterprise(principal, params.id);
      const row = await change(principal, enterprise.id, 'ip_right_added', async (tx) => {
        const key = { enterpriseId: enterprise.id, type: body.type, number: body.number };
        if (await tx.ipRight.findUnique({ where: { enterpriseId_type_number: key } })) {
          throw new AppError('conflict', `${body.type} ${body.number} is already in the portfolio`);
        }
        const added = await tx.ipRight.create({
          data: {
            ...body,
            enterpriseId: enterprise.id,
            expiresOn: body.expiresOn && dayOf(body.expiresOn),
          },
        });
        return { result: added, data: { ipRightId: added.id, ...body } };
      });
      return { status: 201, body: toIpRightView(toIpRightRecord(row), shanghaiDate(new Date())) };
    },
  });

  routes.add({
    method: 'patch',
    path: '/v1/enterprises/:id/ip-rights/:ipId',
    tag,
    summary: "Change an IP right's status, expiry or tie to the main product",
    roles: ['APPLICANT'],
    params: firm.extend({ ipId: z.uuid() }),
    body: ipRightPatch,
    responses: {
      200: { description: 'Changed', schema: ipRightView },
      404: { description: 'No such right in a firm of yours' },
    },
    handler: async ({ principal, params, body }) => {
      const enterprise = await ownedEnterprise(principal, params.id);
      const row = await change(principal, enterprise.id, 'ip_right_changed', async (tx) => {
        const before = await tx.ipRight.findFirst({
          where: { id: params.ipId, enterpriseId: enterprise.id },
        });
        if (!before) throw notFound('IP right');
        const after = await tx.ipRight.update({
          where: { id: before.id },
          data: {
            ...body,
            expiresOn:
              body.expiresOn === undefined ? undefined : body.expiresOn && dayOf(body.expiresOn),
          },
        });
        return {
          result: after,
          data: { ipRightId: before.id, before: toIpRightRecord(before), changed: body },
        };
      });
      return { status: 200, body: toIpRightView(toIpRightRecord(row), shanghaiDate(new Date())) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/enterprises/:id/ip-rights',
    tag,
    summary: "A firm's IP portfolio, with what counts towards the IP indicator today",
    roles: 'any',
    params: firm,
    responses: { 200: { description: 'The portfolio', schema: list(ipRightView) }, ...hidden },
    handler: async ({ principal, params }) => {
      const enterprise = await visibleEnterprise(db, principal, params.id);
      const { ipRights } = await loadRegistryRecords(db, enterprise.id);
      const today = shanghaiDate(new Date());
      return { status: 200, body: { items: ipRights.map((r) => toIpRightView(r, today)) } };
    },
  });

  routes.add({
    method: 'post',
    path: '/v1/enterprises/:id/certificates',
    tag,
    summary: 'Record a high-tech certificate or a tech-SME registration number',
    roles: ['APPLICANT'],
    params: firm,
    body: certificateBody,
    responses: {
      201: { description: 'Recorded', schema: certificateView },
      ...hidden,
      409: { description: 'This certificate is already on record' },
    },
    handler: async ({ principal, params, body }) => {
      const enterprise = await ownedEnterprise(principal, params.id);
      const row = await change(principal, enterprise.id, 'certificate_recorded', async (tx) => {
        const key = { enterpriseId: enterprise.id, kind: body.kind, number: body.number };
        if (await tx.certificate.findUnique({ where: { enterpriseId_kind_number: key } })) {
          throw new AppError('conflict', `${body.kind} ${body.number} is already on record`);
        }
        const recorded = await tx.certificate.create({
          data: {
            ...key,
            validFrom: dayOf(body.validFrom),
            validUntil: body.validUntil && dayOf(body.validUntil),
          },
        });
        return { result: recorded, data: { certificateId: recorded.id, ...body } };
      });
      return {
        status: 201,
        body: toCertificateView(toCertificateRecord(row), shanghaiDate(new Date())),
      };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/enterprises/:id/certificates',
    tag,
    summary: "A firm's certificates, flagged when expired or expiring within 90 days",
    roles: 'any',
    params: firm,
    responses: {
      200: { description: 'The certificates', schema: list(certificateView) },
      ...hidden,
    },
    handler: async ({ principal, params }) => {
      const enterprise = await visibleEnterprise(db, principal, params.id);
      const { certificates } = await loadRegistryRecords(db, enterprise.id);
      const today = shanghaiDate(new Date());
      return { status: 200, body: { items: certificates.map((c) => toCertificateView(c, today)) } };
    },
  });

  routes.add({
    method: 'patch',
    path: '/v1/enterprises/:id',
    tag,
    summary: "Set a firm's cluster (its owner) or listing-reserve tier (an administrator)",
    roles: ['APPLICANT', 'ADMIN'],
    params: firm,
    body: enterprisePatch,
    responses: {
      200: { description: 'Changed', schema: registryEntryView },
      403: { description: 'The tier is set by an administrator, the cluster by the owner' },
      ...hidden,
    },
    handler: async ({ principal, params, body }) => {
      const admin = principal.roles.includes('ADMIN');
      // The programme's administrator places any firm in a tier; others act on firms they see.
      const enterprise = admin
        ? await db.enterprise.findUnique({ where: { id: params.id } })
        : await visibleEnterprise(db, principal, params.id);
      if (!enterprise) throw notFound('enterprise');
      const owner =
        principal.roles.includes('APPLICANT') && enterprise.ownerId === principal.userId;
      if (!admin && !owner) throw notFound('enterprise');
      if (body.cluster !== undefined && !owner) {
        throw new AppError('forbidden', "a firm's cluster is set by its owner");
      }
      if (body.listingTier !== undefined && !admin) {
        throw new AppError(
          'forbidden',
          'the listing-reserve tier is a programme decision: an administrator sets it',
        );
      }
      // Neither field feeds a scorecard, so nothing is recomputed.
      const updated = await db.$transaction(async (tx) => {
        const row = await tx.enterprise.update({ where: { id: enterprise.id }, data: body });
        await recordAuditEvent(tx, {
          entityType: 'Enterprise',
          entityId: enterprise.id,
          action: 'registry_entry_changed',
          actorId: principal.userId,
          actorRole: body.listingTier === undefined ? 'APPLICANT' : 'ADMIN',
          data: asJson({
            before: { cluster: enterprise.cluster, listingTier: enterprise.listingTier },
            changed: body,
          }),
          dedupeKey: `enterprise:${enterprise.id}:registry_entry_changed:${randomUUID()}`,
        });
        return row;
      });
      return { status: 200, body: registryEntryView.parse(updated) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/enterprises/:id/profile',
    tag,
    summary: 'The merged indicators, portfolio, certificates and latest assessments of a firm',
    roles: 'any',
    params: firm,
    responses: { 200: { description: 'The profile', schema: profileView }, ...hidden },
    handler: async ({ principal, params }) => {
      const enterprise = await visibleEnterprise(db, principal, params.id);
      const today = shanghaiDate(new Date());
      const records = await loadRegistryRecords(db, enterprise.id);
      const assessments = await db.assessment.findMany({
        where: { enterpriseId: enterprise.id, applicationId: null },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        distinct: ['model'],
      });
      const body: z.infer<typeof profileView> = {
        ...registryEntryView.parse(enterprise),
        name: enterprise.name,
        asOf: today,
        indicators: mergeIndicators(records, today) ?? null,
        snapshotYears: records.snapshots.map((s) => s.year),
        ipRights: records.ipRights.map((r) => toIpRightView(r, today)),
        certificates: records.certificates.map((c) => toCertificateView(c, today)),
        assessments: assessments
          .sort((a, b) => a.model.localeCompare(b.model))
          .map(toAssessmentSummary),
      };
      return { status: 200, body };
    },
  });
}
