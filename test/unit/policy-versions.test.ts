import { describe, expect, it } from 'vitest';
import { findVersion, versionInForce } from '../../domain/policy-versions.ts';

const v2026 = { version: 'p@2026.1', effectiveFrom: '2026-01-01' };
const v2027 = { version: 'p@2027.1', effectiveFrom: '2027-01-01' };

describe('versionInForce', () => {
  it('takes the latest version started by the date, whatever the list order', () => {
    for (const list of [
      [v2026, v2027],
      [v2027, v2026],
    ]) {
      expect(versionInForce(list, '2026-12-31', 'p')).toBe(v2026);
      expect(versionInForce(list, '2027-01-01', 'p')).toBe(v2027);
    }
  });

  it('has nothing before the first version', () => {
    expect(() => versionInForce([v2026], '2025-12-31', 'test policy')).toThrow(
      'no test policy in force on 2025-12-31',
    );
  });

  it('refuses ambiguous lists and bad dates', () => {
    const sameDay = { version: 'p@2026.2', effectiveFrom: '2026-01-01' };
    expect(() => versionInForce([v2026, v2027, sameDay], '2027-06-01', 'p')).toThrow(
      /effectiveFrom 2026-01-01/,
    );
    const sameId = { ...v2027, version: v2026.version };
    expect(() => versionInForce([v2026, sameId], '2027-06-01', 'p')).toThrow(/version p@2026.1/);
    expect(() => versionInForce([v2026], '2026-02-30', 'p')).toThrow();
  });
});

describe('findVersion', () => {
  it('finds any version by id, and names the one it cannot find', () => {
    expect(findVersion([v2026, v2027], 'p@2026.1', 'p')).toBe(v2026);
    expect(() => findVersion([v2026], 'p@1999.1', 'test policy')).toThrow(
      'unknown test policy version p@1999.1',
    );
  });
});
