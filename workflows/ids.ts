// Names shared by the API (which starts and signals workflows) and the worker (which runs them).
export const TASK_QUEUE = 'diguan-credit';

/** Workflow ids come from row ids, never from personal data. */
export const creditApplicationWorkflowId = (applicationId: string) =>
  `credit-application:${applicationId}`;

/** The loan a disbursed case becomes, monitored for its term by its own workflow. */
export const loanWorkflowId = (loanId: string) => `loan:${loanId}`;
