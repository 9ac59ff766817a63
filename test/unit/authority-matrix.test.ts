import { describe, expect, it } from 'vitest';
import {
  authorityMatrixProblems,
  canApprove,
  CommitteeVoteRefused,
  findMatrix,
  matrixInForce,
  nextLevel,
  requiredLevel,
  tallyCommittee,
  voteRefusal,
  type AuthorityMatrix,
  type CommitteeBallot,
  type CommitteeVote,
} from '../../domain/credit/authority-matrix.ts';
import {
  authorityMatrices,
  defaultAuthority2026,
} from '../../domain/credit/authority-matrix.data.ts';

const matrix = defaultAuthority2026;
const M3 = 3_000_000_00; // ¥3m in fen
const M10 = 10_000_000_00;

describe('levels', () => {
  it('rise from sub-branch to branch to committee, and stop there', () => {
    expect(nextLevel('SUB_BRANCH_APPROVER')).toBe('BRANCH_APPROVER');
    expect(nextLevel('BRANCH_APPROVER')).toBe('CREDIT_COMMITTEE');
    expect(nextLevel('CREDIT_COMMITTEE')).toBeUndefined();
  });
});

describe('requiredLevel on the demo-bank matrix', () => {
  it.each(['A', 'B', 'C'] as const)(
    'credit, grade %s: ¥3m sub-branch, ¥10m branch, above committee',
    (grade) => {
      const level = (amountFen: number) =>
        requiredLevel(matrix, { amountFen, grade, product: 'credit' });
      expect(level(1)).toBe('SUB_BRANCH_APPROVER');
      expect(level(M3)).toBe('SUB_BRANCH_APPROVER');
      expect(level(M3 + 1)).toBe('BRANCH_APPROVER');
      expect(level(M10)).toBe('BRANCH_APPROVER');
      expect(level(M10 + 1)).toBe('CREDIT_COMMITTEE');
    },
  );

  it.each([
    ['ip-pledge', 'A'],
    ['ip-pledge', 'B'],
    ['ip-pledge', 'C'],
    ['equity-pledge', 'A'],
    ['equity-pledge', 'B'],
    ['equity-pledge', 'C'],
  ] as const)('%s, grade %s: one level up, ¥3m branch, above committee', (product, grade) => {
    const level = (amountFen: number) => requiredLevel(matrix, { amountFen, grade, product });
    expect(level(1)).toBe('BRANCH_APPROVER');
    expect(level(M3)).toBe('BRANCH_APPROVER');
    expect(level(M3 + 1)).toBe('CREDIT_COMMITTEE');
  });

  it.each([
    ['credit', 'D'],
    ['credit', 'E'],
    ['ip-pledge', 'D'],
    ['ip-pledge', 'E'],
    ['equity-pledge', 'D'],
    ['equity-pledge', 'E'],
  ] as const)('%s, grade %s: the committee at any amount', (product, grade) => {
    expect(requiredLevel(matrix, { amountFen: 1, grade, product })).toBe('CREDIT_COMMITTEE');
    expect(requiredLevel(matrix, { amountFen: M10, grade, product })).toBe('CREDIT_COMMITTEE');
  });

  it('moves a case above a level whose limit is below the amount the rules give it', () => {
    // Rules send up to ¥5m to the sub-branch, whose limit is only ¥3m.
    const generous: AuthorityMatrix = {
      ...matrix,
      rules: matrix.rules.map((r) =>
        r.products.includes('credit') && r.grades.includes('A')
          ? {
              ...r,
              bands: [{ upToFen: 5_000_000_00, level: 'SUB_BRANCH_APPROVER' }, ...r.bands.slice(1)],
            }
          : r,
      ),
    };
    const level = (amountFen: number) =>
      requiredLevel(generous, { amountFen, grade: 'A', product: 'credit' });
    expect(level(M3)).toBe('SUB_BRANCH_APPROVER');
    expect(level(M3 + 1)).toBe('BRANCH_APPROVER');
  });

  it('refuses amounts that are not a positive whole number of fen', () => {
    for (const amountFen of [0, -1, 1.5, 2 ** 53]) {
      expect(() => requiredLevel(matrix, { amountFen, grade: 'A', product: 'credit' })).toThrow(
        /positive safe integer/,
      );
    }
  });

  it('refuses to guess when no rule covers the loan, or no level may approve it', () => {
    const noPledges = { ...matrix, rules: matrix.rules.slice(0, 1) };
    expect(() =>
      requiredLevel(noPledges, { amountFen: 1, grade: 'A', product: 'ip-pledge' }),
    ).toThrow(/no rule for ip-pledge, grade A/);
    const capped = {
      ...matrix,
      limitsFen: { ...matrix.limitsFen, CREDIT_COMMITTEE: 50_000_000_00 },
    };
    expect(requiredLevel(capped, { amountFen: 50_000_000_00, grade: 'A', product: 'credit' })).toBe(
      'CREDIT_COMMITTEE',
    );
    expect(() =>
      requiredLevel(capped, { amountFen: 50_000_000_01, grade: 'A', product: 'credit' }),
    ).toThrow(/exceeds every approval limit/);
  });
});

describe('canApprove', () => {
  it('lets an approver decide up to their own limit, never a fen more', () => {
    const routed = (amountFen: number) => ({ level: 'SUB_BRANCH_APPROVER' as const, amountFen });
    expect(canApprove(matrix, 'SUB_BRANCH_APPROVER', routed(M3))).toBe(true);
    expect(canApprove(matrix, 'SUB_BRANCH_APPROVER', routed(M3 + 1))).toBe(false);
    expect(canApprove(matrix, 'BRANCH_APPROVER', routed(M10))).toBe(true);
    expect(canApprove(matrix, 'BRANCH_APPROVER', routed(M10 + 1))).toBe(false);
    expect(canApprove(matrix, 'CREDIT_COMMITTEE', routed(1_000_000_000_00))).toBe(true);
  });

  it('never lets a lower level decide a case routed higher, whatever the amount', () => {
    expect(
      canApprove(matrix, 'SUB_BRANCH_APPROVER', { level: 'BRANCH_APPROVER', amountFen: 1 }),
    ).toBe(false);
    expect(canApprove(matrix, 'BRANCH_APPROVER', { level: 'CREDIT_COMMITTEE', amountFen: 1 })).toBe(
      false,
    );
    expect(canApprove(matrix, 'CREDIT_COMMITTEE', { level: 'BRANCH_APPROVER', amountFen: 1 })).toBe(
      true,
    );
  });

  it('agrees with requiredLevel at every boundary', () => {
    for (const amountFen of [1, M3, M3 + 1, M10, M10 + 1]) {
      for (const product of ['credit', 'ip-pledge'] as const) {
        const level = requiredLevel(matrix, { amountFen, grade: 'B', product });
        expect(canApprove(matrix, level, { level, amountFen })).toBe(true);
      }
    }
  });
});

describe('matrix data and versions', () => {
  it('has no problems in any shipped matrix', () => {
    for (const m of authorityMatrices) expect(authorityMatrixProblems(m)).toEqual([]);
  });

  it('names what makes a matrix unusable', () => {
    const broken: AuthorityMatrix = {
      ...matrix,
      rules: [
        ...matrix.rules,
        { products: ['credit'], grades: ['A'], bands: [{ upToFen: 5, level: 'BRANCH_APPROVER' }] },
      ],
      limitsFen: { SUB_BRANCH_APPROVER: M10, BRANCH_APPROVER: M3, CREDIT_COMMITTEE: null },
      committee: { quorum: 0, tieBreak: 'reject' },
    };
    expect(authorityMatrixProblems(broken)).toEqual([
      'credit grade A: 2 rules',
      'rule 3: bands must ascend and end with an open band',
      'limits must rise with the level',
      'the committee quorum must be a positive integer',
    ]);
    expect(authorityMatrixProblems({ ...matrix, rules: matrix.rules.slice(1) })).toContain(
      'credit grade C: 0 rules',
    );
  });

  it('picks the bank’s version in force on the date, the default while it has none', () => {
    const later = { ...matrix, version: 'authority@2027.1', effectiveFrom: '2027-01-01' };
    const own = {
      ...matrix,
      bankCode: 'other-bank',
      version: 'other@2026.1',
      effectiveFrom: '2026-06-01',
    };
    const all = [matrix, later, own];
    expect(matrixInForce(all, 'demo-bank', '2026-12-31')).toBe(matrix);
    expect(matrixInForce(all, 'demo-bank', '2027-01-01')).toBe(later);
    expect(matrixInForce(all, 'other-bank', '2027-01-01')).toBe(own);
    expect(matrixInForce(all, 'other-bank', '2026-05-31')).toBe(matrix);
    expect(() => matrixInForce(all, 'demo-bank', '2025-12-31')).toThrow(/no authority matrix/);
    expect(() => matrixInForce([own], 'nobody', '2026-12-31')).toThrow(/of nobody/);
    expect(findMatrix(all, 'demo-bank', 'authority@2027.1')).toBe(later);
    expect(findMatrix(all, 'other-bank', 'authority@2026.1')).toBe(matrix);
    expect(() => findMatrix(all, 'demo-bank', 'other@2026.1')).toThrow(/unknown/);
  });
});

describe('tallyCommittee', () => {
  type Cast = [memberId: string, choice: CommitteeVote['choice']];
  const ballot = (votes: Cast[], over: Partial<CommitteeBallot> = {}) => ({
    ...matrix.committee, // quorum 3, ties reject
    members: ['m1', 'm2', 'm3', 'm4', 'm5', 'reviewer'],
    conflicted: ['reviewer', 'originator'],
    votes: votes.map(([memberId, choice]) => ({ memberId, choice })),
    closed: true,
    ...over,
  });

  it('approves on a strict majority of the votes cast once quorum is met', () => {
    expect(
      tallyCommittee(
        ballot([
          ['m1', 'approve'],
          ['m2', 'approve'],
          ['m3', 'reject'],
        ]),
      ),
    ).toEqual({
      outcome: 'approved',
      approve: 2,
      reject: 1,
    });
    expect(
      tallyCommittee(
        ballot([
          ['m1', 'reject'],
          ['m2', 'approve'],
          ['m3', 'reject'],
        ]),
      ).outcome,
    ).toBe('rejected');
  });

  it('reports no quorum when fewer eligible members than the quorum voted', () => {
    expect(
      tallyCommittee(
        ballot([
          ['m1', 'approve'],
          ['m2', 'approve'],
        ]),
      ).outcome,
    ).toBe('no-quorum');
    // Every eligible member voted, but the committee is too small for its quorum.
    const small = ballot(
      [
        ['m1', 'approve'],
        ['m2', 'approve'],
      ],
      {
        members: ['m1', 'm2', 'reviewer'],
        closed: false,
      },
    );
    expect(tallyCommittee(small).outcome).toBe('no-quorum');
  });

  it('stays pending while voting is open and eligible members have not all voted', () => {
    const open = { closed: false };
    expect(tallyCommittee(ballot([], open)).outcome).toBe('pending');
    const four: Cast[] = [
      ['m1', 'approve'],
      ['m2', 'approve'],
      ['m3', 'approve'],
      ['m4', 'reject'],
    ];
    expect(tallyCommittee(ballot(four, open)).outcome).toBe('pending');
    // The reviewer is a member but not eligible: five votes are all there can be.
    expect(tallyCommittee(ballot([...four, ['m5', 'reject']], open)).outcome).toBe('approved');
  });

  it('reports a tie with the policy’s tie-break', () => {
    const even: Cast[] = [
      ['m1', 'approve'],
      ['m2', 'reject'],
      ['m3', 'approve'],
      ['m4', 'reject'],
    ];
    expect(tallyCommittee(ballot(even))).toEqual({
      outcome: 'tie',
      approve: 2,
      reject: 2,
      tieBreak: 'reject',
    });
    expect(tallyCommittee(ballot(even, { tieBreak: 'escalate' }))).toMatchObject({
      outcome: 'tie',
      tieBreak: 'escalate',
    });
  });

  it('refuses a second vote by the same member', () => {
    const votes = ballot([
      ['m1', 'approve'],
      ['m2', 'reject'],
    ]);
    const again: CommitteeVote = { memberId: 'm1', choice: 'reject' };
    expect(voteRefusal(votes, again)).toBe('already-voted');
    expect(() =>
      tallyCommittee(
        ballot([
          ['m1', 'approve'],
          ['m2', 'reject'],
          ['m3', 'reject'],
          ['m1', 'reject'],
        ]),
      ),
    ).toThrow(CommitteeVoteRefused);
  });

  it('refuses the vote of the case’s reviewer or originator, and of non-members', () => {
    const b = ballot([]);
    expect(voteRefusal(b, { memberId: 'reviewer', choice: 'approve' })).toBe('conflicted');
    expect(voteRefusal(b, { memberId: 'stranger', choice: 'approve' })).toBe('not-a-member');
    expect(
      voteRefusal(
        { ...b, members: [...b.members, 'originator'] },
        { memberId: 'originator', choice: 'approve' },
      ),
    ).toBe('conflicted');
    expect(voteRefusal(b, { memberId: 'm1', choice: 'approve' })).toBeUndefined();
    try {
      tallyCommittee(
        ballot([
          ['m1', 'approve'],
          ['reviewer', 'approve'],
          ['m2', 'approve'],
        ]),
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ memberId: 'reviewer', reason: 'conflicted' });
    }
  });
});
