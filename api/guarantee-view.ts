// A guarantee as every party to its deal sees it: who guarantees, under which scheme and pool
// rules, how it was taken on, the shares and fees its contract fixed, and where it stands.
import { z } from 'zod';
import { guaranteeLifecycle } from '../domain/guarantee/lifecycle.ts';
import { riskParties } from '../domain/guarantee/sharing-scheme.ts';
import { fenToYuan } from '../domain/money.ts';
import type { Guarantee, Institution } from '../prisma/client.ts';

export const guaranteeView = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  status: z.enum(guaranteeLifecycle.statuses),
  guarantor: z.object({ code: z.string(), name: z.string() }),
  scheme: z.string().meta({ example: 'special-plan@2026.1' }),
  poolPolicy: z.string().meta({ example: 'pool@2026.1' }),
  whitelistVersion: z.int().nullable(),
  route: z.enum(['diligence', 'batch']).nullable().meta({
    description: "The guarantor's own diligence, or a batch agreement with the bank (见贷即保)",
  }),
  amount: z.string().nullable().meta({ description: 'The principal guaranteed, once taken on' }),
  termMonths: z.int().nullable(),
  sharesBp: z
    .record(z.enum(riskParties), z.int())
    .nullable()
    .meta({ description: "Each party's share of a loss, fixed by the contract; sums to 10 000" }),
  fees: z
    .object({
      guaranteeBp: z.int(),
      reguaranteeBp: z.int(),
      guarantee: z.string().meta({ description: 'For the whole term, paid by the firm' }),
      reguarantee: z.string().meta({ description: 'For the whole term, paid by the guarantor' }),
    })
    .nullable(),
  inForceOn: z.iso.date().nullable(),
  endedOn: z.iso.date().nullable(),
});

const day = (date: Date | null) => date?.toISOString().slice(0, 10) ?? null;
const yuan = (fen: bigint | null) => (fen === null ? null : fenToYuan(Number(fen)));

export function guaranteeOf(
  g: Guarantee & { guarantor: Pick<Institution, 'code' | 'name'> },
): z.infer<typeof guaranteeView> {
  return {
    id: g.id,
    applicationId: g.applicationId,
    status: g.status,
    guarantor: { code: g.guarantor.code, name: g.guarantor.name },
    scheme: g.schemeVersion,
    poolPolicy: g.poolPolicy,
    whitelistVersion: g.whitelistVersion,
    route: g.route === 'batch' || g.route === 'diligence' ? g.route : null,
    amount: yuan(g.amountFen),
    termMonths: g.termMonths,
    sharesBp: (g.sharesBp as Record<(typeof riskParties)[number], number> | null) ?? null,
    fees:
      g.guaranteeFeeFen === null
        ? null
        : {
            guaranteeBp: g.guaranteeFeeBp ?? 0,
            reguaranteeBp: g.reguaranteeFeeBp ?? 0,
            guarantee: yuan(g.guaranteeFeeFen)!,
            reguarantee: yuan(g.reguaranteeFeeFen ?? 0n)!,
          },
    inForceOn: day(g.inForceOn),
    endedOn: day(g.endedOn),
  };
}
