// The IP portfolio as the scorecards count it (DOMAIN §1.1): rights tied to the main product,
// in force on the as-of date, by class. The classes are those of 国科发政〔2017〕115号; the
// high-tech measures use the same two classes.

export const ipRightTypes = [
  'INVENTION_PATENT',
  'DEFENCE_PATENT',
  'PLANT_VARIETY',
  'CROP_VARIETY',
  'NEW_DRUG',
  'TCM_VARIETY',
  'IC_LAYOUT',
  'UTILITY_MODEL',
  'DESIGN_PATENT',
  'SOFTWARE_COPYRIGHT',
  'TRADEMARK',
] as const;
export type IpRightType = (typeof ipRightTypes)[number];

export const ipRightStatuses = ['VALID', 'PENDING', 'LAPSED', 'PLEDGED', 'DISPUTED'] as const;
export type IpRightStatus = (typeof ipRightStatuses)[number];

export type IpClass = 'classI' | 'classII';

/** Trademarks are kept in the portfolio (they can be pledged) but count in neither class. */
export const ipClassOf: Readonly<Record<IpRightType, IpClass | null>> = {
  INVENTION_PATENT: 'classI',
  DEFENCE_PATENT: 'classI',
  PLANT_VARIETY: 'classI',
  CROP_VARIETY: 'classI',
  NEW_DRUG: 'classI',
  TCM_VARIETY: 'classI',
  IC_LAYOUT: 'classI',
  UTILITY_MODEL: 'classII',
  DESIGN_PATENT: 'classII',
  SOFTWARE_COPYRIGHT: 'classII',
  TRADEMARK: null,
};

/** A pledged right is still the firm's own; an application, a lapsed or a disputed one is not. */
const countedStatuses: ReadonlySet<IpRightStatus> = new Set(['VALID', 'PLEDGED']);

export interface PortfolioRight {
  readonly type: IpRightType;
  readonly status: IpRightStatus;
  /** ISO date of the last day in force; null when the right has no term (none on record). */
  readonly expiresOn: string | null;
  readonly tiedToProduct: boolean;
}

/** Whether the right counts on `asOf`: a right is still in force on its expiry date. */
export function countsOn(right: PortfolioRight, asOf: string): boolean {
  return (
    ipClassOf[right.type] !== null &&
    right.tiedToProduct &&
    countedStatuses.has(right.status) &&
    (right.expiresOn === null || right.expiresOn >= asOf)
  );
}

/** The `ip` indicator of the scorecards, derived from the portfolio. */
export function ipCounts(rights: readonly PortfolioRight[], asOf: string): Record<IpClass, number> {
  const counts = { classI: 0, classII: 0 };
  for (const right of rights) {
    const ipClass = ipClassOf[right.type];
    if (ipClass && countsOn(right, asOf)) counts[ipClass] += 1;
  }
  return counts;
}
