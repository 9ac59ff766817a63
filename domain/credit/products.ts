// The loan products of the dedicated credit track (DOMAIN.md §0–§4): pure credit, and loans
// secured by a pledge of IP rights or of equity. Policy data (authority matrix, document
// checklist) is keyed by these ids.
export const loanProducts = ['credit', 'ip-pledge', 'equity-pledge'] as const;
export type LoanProduct = (typeof loanProducts)[number];
