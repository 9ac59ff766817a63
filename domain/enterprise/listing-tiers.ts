// The tiers of Hubei's listing-reserve pool (DOMAIN §7), in the programme's order. Putting a
// firm in a tier is a programme decision, so only an administrator sets it.

export const listingTierIds = ['gold-seed', 'silver-seed', 'star-seed', 'regional-equity'] as const;
export type ListingTierId = (typeof listingTierIds)[number];

export const listingTierNames: Readonly<Record<ListingTierId, { zh: string; en: string }>> = {
  'gold-seed': { zh: '金种子企业', en: 'Gold seed' },
  'silver-seed': { zh: '银种子企业', en: 'Silver seed' },
  'star-seed': { zh: '科创板种子企业', en: 'STAR Market seed' },
  'regional-equity': { zh: '区域性股权市场挂牌企业', en: 'Regional equity market' },
};
