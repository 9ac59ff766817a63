export { creditApplicationWorkflow } from './credit-application.ts';
