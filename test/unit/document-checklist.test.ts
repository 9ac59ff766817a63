import { describe, expect, it } from 'vitest';
import {
  acceptedIds,
  checklistInForce,
  findChecklist,
  missingDocuments,
} from '../../domain/credit/document-checklist.ts';
import {
  documentChecklist2026,
  documentChecklists,
} from '../../domain/credit/document-checklist.data.ts';
import { versionInForce } from '../../domain/policy-versions.ts';
import { loanProducts } from '../../domain/credit/products.ts';

const checklist = documentChecklist2026;
const ids = (items: { id: string }[]) => items.map((i) => i.id);

// DOMAIN.md §10: what every product needs, then what pledges add.
const everyProduct = [
  'business-licence',
  'articles-of-association',
  'legal-representative-id',
  'controller-id',
  'audited-accounts',
  'latest-accounts',
  'tax-certificates',
  'bank-statements',
  'credit-report-authorisation',
  'borrowing-resolution',
  'use-of-funds-contracts',
  'tech-status',
  'rd-expense-ledger',
];
/** A file with every common document, tech status proven by the high-tech certificate. */
const commonFile = everyProduct.map((id) => (id === 'tech-status' ? 'high-tech-certificate' : id));

describe('the default checklist (DOMAIN.md §10)', () => {
  it('asks every product for the common documents, and nothing else of a credit loan', () => {
    expect(ids(missingDocuments(checklist, 'credit', [])).sort()).toEqual([...everyProduct].sort());
  });

  it('asks an IP pledge for the IP certificates and the appraisal report', () => {
    expect(ids(missingDocuments(checklist, 'ip-pledge', commonFile))).toEqual([
      'ip-certificates',
      'appraisal-report',
    ]);
  });

  it('asks an equity pledge for the equity records and the appraisal report', () => {
    expect(ids(missingDocuments(checklist, 'equity-pledge', commonFile))).toEqual([
      'equity-records',
      'appraisal-report',
    ]);
  });

  it('names every document in Chinese and English, under ids used once', () => {
    const names = checklist.items.flatMap((item) => [item, ...(item.oneOf ?? [])]);
    for (const name of names) {
      expect(name.zh).toMatch(/\p{Script=Han}/u);
      expect(name.en).toMatch(/^[A-Z]/);
    }
    const all = ids(names);
    expect(new Set(all).size).toBe(all.length);
  });

  it('is the version in force from 2026', () => {
    expect(versionInForce(documentChecklists, '2026-06-01', 'document checklist')).toBe(checklist);
  });
});

describe('missingDocuments', () => {
  const supplied = (product: (typeof loanProducts)[number]) =>
    checklist.items.filter((i) => i.products.includes(product)).map((i) => acceptedIds(i)[0]!);

  it.each(loanProducts)('finds nothing missing in a complete %s file', (product) => {
    expect(missingDocuments(checklist, product, supplied(product))).toEqual([]);
  });

  it('reports each document taken out of a complete file, in checklist order', () => {
    const full = supplied('ip-pledge');
    for (const id of full) {
      const missing = missingDocuments(
        checklist,
        'ip-pledge',
        full.filter((d) => d !== id),
      );
      expect(missing).toHaveLength(1);
      expect(acceptedIds(missing[0]!)).toContain(id);
    }
    const withoutTwo = full.filter((d) => d !== 'bank-statements' && d !== 'business-licence');
    expect(ids(missingDocuments(checklist, 'ip-pledge', withoutTwo))).toEqual([
      'business-licence',
      'bank-statements',
    ]);
  });

  it('accepts either proof of tech status, but not the item id itself', () => {
    const others = everyProduct.filter((id) => id !== 'tech-status');
    const missing = (extra: string[]) =>
      ids(missingDocuments(checklist, 'credit', [...others, ...extra]));
    expect(missing([])).toEqual(['tech-status']);
    expect(missing(['tech-status'])).toEqual(['tech-status']);
    expect(missing(['high-tech-certificate'])).toEqual([]);
    expect(missing(['tech-sme-registration'])).toEqual([]);
  });

  it('ignores documents the product does not need', () => {
    const extra = [...supplied('credit'), 'ip-certificates', 'something-else'];
    expect(missingDocuments(checklist, 'credit', extra)).toEqual([]);
  });
});

describe('checklists per bank', () => {
  const own = {
    ...documentChecklist2026,
    bankCode: 'careful-bank',
    version: 'careful-documents@2026.1',
    effectiveFrom: '2026-07-01',
    items: documentChecklist2026.items.slice(0, 3),
  };
  const all = [documentChecklist2026, own];

  it('gives a bank its own checklist once it starts, the platform default before', () => {
    expect(checklistInForce(all, 'careful-bank', '2026-07-01')).toBe(own);
    expect(checklistInForce(all, 'careful-bank', '2026-06-30')).toBe(documentChecklist2026);
    expect(checklistInForce(all, 'demo-bank', '2026-07-01')).toBe(documentChecklist2026);
    expect(() => checklistInForce(all, 'demo-bank', '2025-12-31')).toThrow(/of demo-bank/);
  });

  it('finds the version a case pinned, its bank’s own or the default it filed under', () => {
    expect(findChecklist(all, 'careful-bank', own.version)).toBe(own);
    // A case filed before the bank set its own keeps the default it pinned.
    expect(findChecklist(all, 'careful-bank', documentChecklist2026.version)).toBe(
      documentChecklist2026,
    );
    expect(() => findChecklist(all, 'demo-bank', own.version)).toThrow(
      /unknown document checklist/,
    );
  });
});
