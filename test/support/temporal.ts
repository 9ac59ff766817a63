// Real Temporal servers for tests: the time-skipping test server, or the dev server.
import { randomBytes } from 'node:crypto';
import type { PayloadCodec } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  DefaultLogger,
  Runtime,
  bundleWorkflowCode,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { workflowsPath } from '../../activities/worker.ts';
import { EncryptionCodec } from '../../platform/payload-codec.ts';
import { temporalCliPath, temporalTestServerPath } from '../../platform/tools.ts';

// Workers' lifecycle chatter would drown the test report.
Runtime.install({ logger: new DefaultLogger('WARN') });

const existing = (path: string | undefined) =>
  path ? { executable: { type: 'existing-path' as const, path } } : {};

/** Every test's payloads are encrypted as the platform's are, with a key of this process. */
export const testPayloadCodec: PayloadCodec = new EncryptionCodec(randomBytes(32));

/** Where tests say the Temporal Web UI is, for the codec endpoint's CORS. */
export const testUiOrigin = 'http://127.0.0.1:8233';

/** Keeps payloads as they are: for histories committed as fixtures, which replay needs no key for. */
export const plaintext: PayloadCodec = { encode: async (p) => p, decode: async (p) => p };

const clientWith = (codec: PayloadCodec) => ({ dataConverter: { payloadCodecs: [codec] } });

export const timeSkippingEnvironment = (codec = testPayloadCodec) =>
  TestWorkflowEnvironment.createTimeSkipping({
    server: existing(temporalTestServerPath()),
    client: clientWith(codec),
  });

export const localEnvironment = () =>
  TestWorkflowEnvironment.createLocal({
    // Only the server's errors: its start-up chatter would drown the report.
    server: { ...existing(temporalCliPath()), log: { format: 'pretty', level: 'error' } },
    client: clientWith(testPayloadCodec),
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
