// Names shared by the API (which starts and signals workflows) and the worker (which runs them).
export const TASK_QUEUE = 'diguan-credit';

/** Workflow ids come from row ids, never from personal data. */
export const creditApplicationWorkflowId = (applicationId: string) =>
  `credit-application:${applicationId}`;
