// A pledged right as a request names it: an IP right of the firm's registry, or a holding
// of shares; and the claim the filing use case checks at the registries.
import { z } from 'zod';
import { yuanAmount, yuanToFen } from '../domain/money.ts';
import { pledgeableIpTypes } from '../domain/pledge/collateral.ts';
import { registryNumber } from './enterprise-views.ts';
import { uscc } from './routes/enterprises.ts';
import { plainName } from './text.ts';
import type { CollateralClaim } from './use-cases/name-collateral.ts';

export const ipRight = z.object({
  type: z.enum(pledgeableIpTypes),
  number: registryNumber.meta({ example: 'ZL202010123456.7' }),
});

export const equityHolding = z.object({
  companyUscc: uscc,
  companyName: plainName(2, 200),
  shareholder: plainName(1, 200).meta({ description: 'Who holds the shares pledged' }),
  subscribedCapital: yuanAmount.meta({ description: 'Registered capital the holding subscribed' }),
  shareBp: z.int().min(1).max(10_000).meta({ description: 'Share of the company, basis points' }),
});

export type IpRight = z.infer<typeof ipRight>;
export type EquityHolding = z.infer<typeof equityHolding>;
export const isIpRight = (item: IpRight | EquityHolding): item is IpRight => 'type' in item;
export const rightKey = (item: IpRight | EquityHolding) =>
  isIpRight(item) ? `${item.type}:${item.number}` : `${item.companyUscc}:${item.shareholder}`;

/** The claim the registries are asked about, money in fen. */
export const claimOf = (item: IpRight | EquityHolding): CollateralClaim =>
  isIpRight(item)
    ? { kind: item.type, number: item.number }
    : {
        kind: 'EQUITY',
        companyUscc: item.companyUscc,
        companyName: item.companyName,
        shareholder: item.shareholder,
        subscribedFen: yuanToFen(item.subscribedCapital),
        shareBp: item.shareBp,
      };
