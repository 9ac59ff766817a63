// The completeness check of the dedicated credit track (DOMAIN.md §2, §10): a file is
// complete when every document its product's checklist asks for has been supplied. The
// checklist is versioned policy data; an application pins the version in force when it is filed.
import { bankVersionInForce, findBankVersion, type BankPolicy } from '../policy-versions.ts';
import type { LoanProduct } from './products.ts';

export interface DocumentName {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
}

export interface ChecklistItem extends DocumentName {
  readonly products: readonly LoanProduct[];
  /** Documents any one of which meets the item; absent when the item is itself a document. */
  readonly oneOf?: readonly DocumentName[];
}

export interface DocumentChecklist extends BankPolicy {
  readonly items: readonly ChecklistItem[];
}

/** The ids of the documents that meet `item`. */
export function acceptedIds(item: ChecklistItem): string[] {
  return item.oneOf ? item.oneOf.map((d) => d.id) : [item.id];
}

/**
 * The items `product` needs that none of `suppliedIds` meets, in checklist order; empty when
 * the file is complete. Supplied documents the checklist does not ask for change nothing.
 */
export function missingDocuments(
  checklist: DocumentChecklist,
  product: LoanProduct,
  suppliedIds: readonly string[],
): ChecklistItem[] {
  return checklist.items.filter(
    (item) =>
      item.products.includes(product) && !acceptedIds(item).some((id) => suppliedIds.includes(id)),
  );
}

/** The checklist governing the bank's applications filed on `asOf` (ISO date). */
export const checklistInForce = (
  checklists: readonly DocumentChecklist[],
  bankCode: string,
  asOf: string,
): DocumentChecklist => bankVersionInForce(checklists, bankCode, asOf, 'document checklist');

/** The checklist of version `version` that governed the bank when an application pinned it. */
export const findChecklist = (
  checklists: readonly DocumentChecklist[],
  bankCode: string,
  version: string,
): DocumentChecklist => findBankVersion(checklists, bankCode, version, 'document checklist');

/** One document type per item `product` needs: the smallest complete file. */
export const completeFileFor = (checklist: DocumentChecklist, product: LoanProduct): string[] =>
  checklist.items.filter((item) => item.products.includes(product)).map((i) => acceptedIds(i)[0]!);
