// The roles of the platform. One user may hold several; each action names the one it uses.
export const roles = [
  'APPLICANT',
  'OFFICER',
  'APPROVER',
  'GUARANTOR',
  'FUND_MANAGER',
  'POOL_MANAGER',
  'COMMITTEE_MEMBER',
  'ADMIN',
] as const;
export type Role = (typeof roles)[number];

/** Roles that work a bank's credit track and see the applications filed with that bank. */
export const bankStaffRoles: readonly Role[] = ['OFFICER', 'APPROVER', 'COMMITTEE_MEMBER'];
