// Framework agreements over HTTP: a guarantor's batch agreement with a bank (见贷即保), and the
// re-guarantor's and national fund's agreements with a guarantor, under which deals are taken
// on without a case-by-case review. Made by the providing institution's approver or the
// administrator; read by the parties to them, with what each has taken on so far.
import { z } from 'zod';
import { agreementKinds, type AgreementKind } from '../../domain/guarantee/agreements.ts';
import { schemeFamilies } from '../../domain/guarantee/sharing-scheme.ts';
import { fenToYuan, yuanAmount, yuanToFen } from '../../domain/money.ts';
import { agreementUsage } from '../../prisma/agreement-store.ts';
import type { Db, FrameworkAgreement } from '../../prisma/client.ts';
import { AppError } from '../errors.ts';
import { identifier } from '../text.ts';
import { dealReaders } from '../guarantee-access.ts';
import type { RouteTable } from './define.ts';

/** What kind of institution provides, and what kind benefits from, each kind of agreement. */
const partiesOf: Record<AgreementKind, { provider: string; beneficiary: string }> = {
  BATCH: { provider: 'GUARANTOR', beneficiary: 'BANK' },
  REGUARANTEE: { provider: 'REGUARANTOR', beneficiary: 'GUARANTOR' },
  NATIONAL_FUND: { provider: 'NATIONAL_FUND', beneficiary: 'GUARANTOR' },
};

const agreement = z
  .object({
    kind: z.enum(agreementKinds),
    reference: identifier(64).meta({ example: 'HBRG-2026-007' }),
    provider: identifier(64)
      .optional()
      .meta({ description: "The providing institution's code; your own when omitted" }),
    beneficiary: identifier(64).meta({ example: 'demo-bank' }),
    schemeFamily: z.enum(schemeFamilies),
    validFrom: z.iso.date(),
    validUntil: z.iso.date(),
    quota: yuanAmount.meta({ description: 'The most it takes on in all (its share of each deal)' }),
    perFirmLimit: yuanAmount.meta({ description: 'The most it takes on for one firm' }),
    guaranteeFeeBp: z
      .int()
      .min(0)
      .max(99)
      .optional()
      .meta({ description: 'BATCH only: the fee a year every deal under it carries' }),
    reguaranteeFeeBp: z.int().min(0).max(50).optional(),
  })
  .refine((a) => a.validFrom <= a.validUntil, {
    message: 'validUntil is before validFrom',
    path: ['validUntil'],
  })
  .refine((a) => (a.kind === 'BATCH') === (a.guaranteeFeeBp !== undefined), {
    message: 'a batch agreement fixes its guarantee fee; a counter-guarantee has none',
    path: ['guaranteeFeeBp'],
  });

const agreementView = z.object({
  id: z.uuid(),
  kind: z.enum(agreementKinds),
  reference: z.string(),
  provider: z.string(),
  beneficiary: z.string(),
  schemeFamily: z.string(),
  validFrom: z.iso.date(),
  validUntil: z.iso.date(),
  quota: z.string(),
  perFirmLimit: z.string(),
  used: z.string().meta({ description: 'What it has taken on in deals still live' }),
  guaranteeFeeBp: z.int().nullable(),
  reguaranteeFeeBp: z.int().nullable(),
});

const day = (d: Date) => d.toISOString().slice(0, 10);

async function viewOf(db: Db, a: FrameworkAgreement) {
  const kind = a.kind as AgreementKind;
  const [provider, beneficiary, { usedFen }] = await Promise.all([
    db.institution.findUniqueOrThrow({ where: { id: a.providerId } }),
    db.institution.findUniqueOrThrow({ where: { id: a.beneficiaryId } }),
    agreementUsage(db, { id: a.id, kind }),
  ]);
  return {
    id: a.id,
    kind,
    reference: a.reference,
    provider: provider.code,
    beneficiary: beneficiary.code,
    schemeFamily: a.schemeFamily,
    validFrom: day(a.validFrom),
    validUntil: day(a.validUntil),
    quota: fenToYuan(Number(a.quotaFen)),
    perFirmLimit: fenToYuan(Number(a.perFirmLimitFen)),
    used: fenToYuan(usedFen),
    guaranteeFeeBp: a.guaranteeFeeBp,
    reguaranteeFeeBp: a.reguaranteeFeeBp,
  };
}

export function frameworkAgreementRoutes(routes: RouteTable, db: Db) {
  routes.add({
    method: 'post',
    path: '/v1/framework-agreements',
    tag: 'Combined deals',
    summary: 'Record a framework agreement your institution (or, as administrator, any) provides',
    roles: ['GUARANTEE_APPROVER', 'ADMIN'],
    body: agreement,
    responses: {
      201: { description: 'Recorded', schema: agreementView },
      409: { description: 'The reference is taken' },
      422: {
        description:
          'The provider or beneficiary is not an institution of the kind the agreement needs',
      },
    },
    handler: async ({ principal, body }) => {
      const admin = principal.roles.includes('ADMIN');
      const providerCode = admin ? body.provider : (body.provider ?? principal.institutionCode);
      if (!admin && providerCode !== principal.institutionCode) {
        throw new AppError('forbidden', 'you record agreements your own institution provides');
      }
      const [provider, beneficiary] = await Promise.all([
        providerCode ? db.institution.findUnique({ where: { code: providerCode } }) : null,
        db.institution.findUnique({ where: { code: body.beneficiary } }),
      ]);
      const needs = partiesOf[body.kind];
      if (provider?.kind !== needs.provider || beneficiary?.kind !== needs.beneficiary) {
        throw new AppError(
          'business_rule',
          `a ${body.kind} agreement is provided by a ${needs.provider} to a ${needs.beneficiary}`,
        );
      }
      if (await db.frameworkAgreement.findUnique({ where: { reference: body.reference } })) {
        throw new AppError('conflict', `agreement ${body.reference} exists`);
      }
      const row = await db.frameworkAgreement.create({
        data: {
          kind: body.kind,
          reference: body.reference,
          providerId: provider.id,
          beneficiaryId: beneficiary.id,
          schemeFamily: body.schemeFamily,
          validFrom: new Date(`${body.validFrom}T00:00:00Z`),
          validUntil: new Date(`${body.validUntil}T00:00:00Z`),
          quotaFen: BigInt(yuanToFen(body.quota)),
          perFirmLimitFen: BigInt(yuanToFen(body.perFirmLimit)),
          guaranteeFeeBp: body.guaranteeFeeBp ?? null,
          reguaranteeFeeBp: body.reguaranteeFeeBp ?? null,
          createdById: principal.userId,
        },
      });
      return { status: 201, body: await viewOf(db, row) };
    },
  });

  routes.add({
    method: 'get',
    path: '/v1/framework-agreements',
    tag: 'Combined deals',
    summary:
      'The agreements your institution provides or benefits from, with what each has taken on',
    roles: dealReaders,
    responses: {
      200: { description: 'The agreements', schema: z.object({ items: z.array(agreementView) }) },
    },
    handler: async ({ principal }) => {
      const all = principal.roles.some((r) => r === 'ADMIN' || r === 'POOL_MANAGER');
      const mine = principal.institutionId;
      if (!all && !mine) return { status: 200, body: { items: [] } };
      const rows = await db.frameworkAgreement.findMany({
        where: all ? {} : { OR: [{ providerId: mine }, { beneficiaryId: mine }] },
        orderBy: [{ createdAt: 'asc' }],
      });
      return { status: 200, body: { items: await Promise.all(rows.map((r) => viewOf(db, r))) } };
    },
  });
}
