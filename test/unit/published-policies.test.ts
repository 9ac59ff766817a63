// Published policy never changes: every version shipped is fingerprinted in
// published-policies.json, and a version whose data changed fails here. A change of policy
// is a new version with its own effective date; its fingerprint is added beside the others
// (the test prints it), and no published one is ever edited or removed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authorityMatrices } from '../../domain/credit/authority-matrix.data.ts';
import { documentChecklists } from '../../domain/credit/document-checklist.data.ts';
import { creditTrackPolicies } from '../../domain/credit/track-policy.ts';
import { classificationPolicies } from '../../domain/loan/classification.data.ts';
import { shippedScorecards } from '../../domain/scorecards/catalogue.ts';

const published = JSON.parse(
  readFileSync(new URL('./published-policies.json', import.meta.url), 'utf8'),
) as Record<string, string>;

/** JSON with its keys sorted, so the fingerprint depends on the data alone. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const fingerprint = (value: unknown) => createHash('sha256').update(canonical(value)).digest('hex');

const shipped: Record<string, string> = Object.fromEntries([
  ...creditTrackPolicies.map((p) => [`credit-track ${p.version}`, fingerprint(p)]),
  ...authorityMatrices.map((p) => [`authority ${p.bankCode} ${p.version}`, fingerprint(p)]),
  ...documentChecklists.map((p) => [`documents ${p.bankCode} ${p.version}`, fingerprint(p)]),
  ...classificationPolicies.map((p) => [`classification ${p.version}`, fingerprint(p)]),
  ...shippedScorecards.map((c) => [`scorecard ${c.model} ${c.version}`, fingerprint(c)]),
]);

describe('published policy', () => {
  it.each(Object.keys(published))('%s is still shipped, exactly as published', (id) => {
    expect(shipped[id], `${id} was removed`).toBeDefined();
    expect(shipped[id], `${id} changed: publish a new version instead`).toBe(published[id]);
  });

  it('fingerprints every shipped version', () => {
    const unlisted = Object.keys(shipped).filter((id) => !(id in published));
    expect(
      Object.fromEntries(unlisted.map((id) => [id, shipped[id]])),
      'add these to published-policies.json',
    ).toEqual({});
  });
});
