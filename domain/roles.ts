// The roles of the platform. One user may hold several; each action names the one it uses.
export const roles = [
  'APPLICANT',
  'OFFICER',
  'APPROVER',
  'GUARANTOR',
  'GUARANTEE_APPROVER',
  'FUND_MANAGER',
  'POOL_MANAGER',
  'COMMITTEE_MEMBER',
  'ADMIN',
] as const;
export type Role = (typeof roles)[number];

/** Roles that work a bank's credit track and see the applications filed with that bank. */
export const bankStaffRoles: readonly Role[] = ['OFFICER', 'APPROVER', 'COMMITTEE_MEMBER'];

/** Roles that work a guarantee institution's inbox: guarantor, re-guarantor, national fund. */
export const guaranteeStaffRoles: readonly Role[] = ['GUARANTOR', 'GUARANTEE_APPROVER'];
