// What secures a pledge loan (DOMAIN.md §3, §4): IP rights from the firm's own registry, or
// shares held in an unlisted company; and the registry each pledge is registered with, since
// the pledge exists only once registered (rule 16).
import type { LoanProduct } from '../credit/products.ts';

export const pledgeableIpTypes = [
  'INVENTION_PATENT',
  'UTILITY_MODEL',
  'DESIGN_PATENT',
  'TRADEMARK',
  'SOFTWARE_COPYRIGHT',
] as const;
export type PledgeableIpType = (typeof pledgeableIpTypes)[number];

export const collateralKinds = [...pledgeableIpTypes, 'EQUITY'] as const;
export type CollateralKind = (typeof collateralKinds)[number];

/**
 * CNIPA registers pledges of patents and trademarks, the Copyright Protection Centre those of
 * software copyrights, and the market-regulation bureau (SAMR) those of equity.
 */
export type Registry = 'CNIPA' | 'CPCC' | 'SAMR';

export const registryOf = (kind: CollateralKind): Registry =>
  kind === 'EQUITY' ? 'SAMR' : kind === 'SOFTWARE_COPYRIGHT' ? 'CPCC' : 'CNIPA';

/** The product a kind of collateral secures. */
export const productOf = (kind: CollateralKind): Extract<LoanProduct, `${string}-pledge`> =>
  kind === 'EQUITY' ? 'equity-pledge' : 'ip-pledge';

export const isPledgeProduct = (product: string): product is 'ip-pledge' | 'equity-pledge' =>
  product === 'ip-pledge' || product === 'equity-pledge';

/** An IP right as its registry knows it. */
export interface IpRightRef {
  type: PledgeableIpType;
  /** The registry's number (ZL2021 1 0123456.7, a trademark's registration number …). */
  number: string;
}

/** A holding of shares in an unlisted company, as the market-regulation registry knows it. */
export interface EquityHoldingRef {
  /** The company whose equity is pledged, by its unified social credit code. */
  companyUscc: string;
  /** Who holds the shares: the borrowing firm or its shareholder, by name. */
  shareholder: string;
}

/** How people name a pledged right: "INVENTION_PATENT ZL2021…", "EQUITY 9142… held by 张三". */
export const collateralLabel = (c: {
  kind: string;
  number: string;
  shareholder?: string | null;
}): string =>
  c.kind === 'EQUITY' ? `EQUITY ${c.number} held by ${c.shareholder}` : `${c.kind} ${c.number}`;
