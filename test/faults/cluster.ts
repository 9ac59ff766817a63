// The platform as a bank deploys it, each part its own process so each can fail alone:
// PostgreSQL, the Temporal server, one API process and one worker process (`start.ts api`,
// `start.ts worker`), on fixed ports so a restarted part is found where it was.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { APPLICATION_ROLE, grantApplicationRole } from '../../prisma/app-role.ts';
import { createDb, type Db } from '../../prisma/client.ts';
import { deployMigrations } from '../../prisma/schema-engine.ts';
import { seedDemoData } from '../../prisma/seed.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../platform/embedded-postgres.ts';
import { EncryptionCodec } from '../../platform/payload-codec.ts';
import { freePort } from '../../platform/ports.ts';
import { demoSigningKey } from '../../platform/secrets.ts';
import {
  startTemporalDevServer,
  type RunningTemporal,
} from '../../platform/temporal-dev-server.ts';
import { projectRoot } from '../../platform/tools.ts';
import { eventually } from '../support/eventually.ts';

export type PartName = 'api' | 'worker';

/** A running `start.ts api|worker`; `output` keeps what it printed, for a failure's report. */
export interface Part {
  child: ChildProcess;
  output: string[];
}

/** What the suite needs to watch a platform: its data, its workflows, how to sign in. */
export interface Observed {
  db: Db;
  temporal: Client;
  apiUrl: string;
  signingKey: Buffer;
  close(): Promise<void>;
}

/** Runs `start.ts <mode>` under this Node, so a signal reaches the platform, not a wrapper. */
export function startProcess(mode: string, env: NodeJS.ProcessEnv, detached = false): Part {
  const child = spawn(process.execPath, ['--import', 'tsx', 'platform/start.ts', mode], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(chunk.toString());
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output };
}

export const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

/** Waits until `/readyz` says every dependency answers. */
export const apiReady = (apiUrl: string, part: Part) =>
  eventually(async () => {
    const res = await fetch(`${apiUrl}/readyz`).catch(() => undefined);
    if (res?.status !== 200) {
      throw new Error(`the API at ${apiUrl} is not ready; it printed:\n${part.output.join('')}`);
    }
  }, 120_000);

export async function observe(
  databaseUrl: string,
  temporalAddress: string,
  payloadKey: Buffer,
  apiUrl: string,
  dataDir: string,
): Promise<Observed> {
  const db = createDb(databaseUrl);
  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({
    connection,
    dataConverter: { payloadCodecs: [new EncryptionCodec(payloadKey, [])] },
  });
  return {
    db,
    temporal,
    apiUrl,
    signingKey: await demoSigningKey(dataDir),
    close: async () => {
      await connection.close();
      await db.$disconnect();
    },
  };
}

export class Cluster {
  private parts: Partial<Record<PartName, Part>> = {};
  /** Everything every API and worker process printed, kept across restarts. */
  private readonly printed: string[][] = [];

  private constructor(
    readonly dir: string,
    private readonly ports: { postgres: number; temporal: number; ui: number; api: number },
    private postgres: RunningPostgres,
    private temporal: RunningTemporal,
    private readonly env: NodeJS.ProcessEnv,
    readonly observed: Observed,
  ) {}

  static async start(): Promise<Cluster> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'diguan-faults-'));
    const chosen: number[] = [];
    const choose = async () => {
      const port = await freePort(chosen);
      chosen.push(port);
      return port;
    };
    const ports = {
      postgres: await choose(),
      temporal: await choose(),
      ui: await choose(),
      api: await choose(),
    };
    const apiUrl = `http://127.0.0.1:${ports.api}`;
    const postgres = await startEmbeddedPostgres(dir, 'diguan', () => {}, { port: ports.postgres });
    await deployMigrations(postgres.url);
    const databaseUrl = await grantApplicationRole(
      postgres.url,
      APPLICATION_ROLE,
      randomBytes(16).toString('hex'),
    );
    const temporal = await Cluster.startTemporal(dir, ports, apiUrl);
    const payloadKey = randomBytes(32);
    const observed = await observe(databaseUrl, temporal.address, payloadKey, apiUrl, dir);
    await seedDemoData(observed.db);
    const env = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      PAYLOAD_KEY: payloadKey.toString('base64'),
      CORE_BANKING: 'fake',
      REGISTRIES: 'fake',
      DATA_DIR: dir,
      PORT: String(ports.api),
      LOG_LEVEL: 'info',
    };
    const cluster = new Cluster(dir, ports, postgres, temporal, env, observed);
    await cluster.startPart('worker');
    await cluster.startPart('api');
    return cluster;
  }

  private static startTemporal(dir: string, ports: Cluster['ports'], apiUrl: string) {
    const { temporal: port, ui: uiPort } = ports;
    return startTemporalDevServer(
      dir,
      { port, uiPort, codecEndpoint: `${apiUrl}/v1/codec` },
      () => {},
    );
  }

  async startPart(name: PartName): Promise<void> {
    const part = startProcess(name, this.env);
    this.parts[name] = part;
    this.printed.push(part.output);
    if (name === 'api') await apiReady(this.observed.apiUrl, part);
    else {
      await eventually(async () => {
        if (!part.output.join('').includes('worker polling')) {
          throw new Error(`the worker does not poll; it printed:\n${part.output.join('')}`);
        }
      }, 60_000);
    }
  }

  async killPart(name: PartName, signal: NodeJS.Signals): Promise<void> {
    const part = this.parts[name];
    if (!part) return;
    part.child.kill(signal);
    await exited(part.child);
    delete this.parts[name];
  }

  /** The lines any process printed that mention `text` (a request id): what went wrong. */
  linesWith(text: string): string[] {
    return this.printed.flatMap((output) =>
      output
        .join('')
        .split('\n')
        .filter((line) => line.includes(text)),
    );
  }

  /** Stops the Temporal server with `signal`; it keeps its history file for the restart. */
  killTemporal = (signal: NodeJS.Signals) => this.temporal.kill(signal);

  async restartTemporal(): Promise<void> {
    this.temporal = await Cluster.startTemporal(this.dir, this.ports, this.observed.apiUrl);
  }

  killPostgres = (signal: NodeJS.Signals) => this.postgres.kill(signal);

  async restartPostgres(): Promise<void> {
    this.postgres = await startEmbeddedPostgres(this.dir, 'diguan', () => {}, {
      port: this.ports.postgres,
    });
  }

  async stop(): Promise<void> {
    for (const name of ['api', 'worker'] as const) await this.killPart(name, 'SIGTERM');
    await this.observed.close();
    await this.temporal.stop();
    await this.postgres.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
