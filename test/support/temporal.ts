// Real Temporal servers for tests: the time-skipping test server, or the dev server.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  DefaultLogger,
  Runtime,
  bundleWorkflowCode,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { workflowsPath } from '../../activities/worker.ts';
import { temporalCliPath, temporalTestServerPath } from '../../platform/tools.ts';

// Workers' lifecycle chatter would drown the test report.
Runtime.install({ logger: new DefaultLogger('WARN') });

const existing = (path: string | undefined) =>
  path ? { executable: { type: 'existing-path' as const, path } } : {};

export const timeSkippingEnvironment = () =>
  TestWorkflowEnvironment.createTimeSkipping({ server: existing(temporalTestServerPath()) });

export const localEnvironment = () =>
  TestWorkflowEnvironment.createLocal({
    // Only the server's errors: its start-up chatter would drown the report.
    server: { ...existing(temporalCliPath()), log: { format: 'pretty', level: 'error' } },
  });

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundled once per test file: webpack is the slow part of starting a worker. */
export const workflowBundle = () =>
  (bundle ??= bundleWorkflowCode({ workflowsPath, logger: quietLogger }));

const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (message: string) => console.error(message),
};
