export { creditApplicationWorkflow } from './credit/application.ts';
export { annualReevaluationWorkflow } from './enterprise/annual-reevaluation.ts';
export { loanMonitoringWorkflow } from './loan/monitoring.ts';
export { pledgeFilingWorkflow } from './pledge/filing.ts';
export { guaranteeUnderwritingWorkflow } from './guarantee/underwriting.ts';
export { guaranteeClaimWorkflow } from './guarantee/claim.ts';
export { equityRoundWorkflow } from './equity/round.ts';
