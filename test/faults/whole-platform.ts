// The platform as `npm start` runs it (embedded PostgreSQL and Temporal, one process tree),
// stopped under traffic as a terminal does (Ctrl-C: SIGINT to the process group) and as a
// service manager does (SIGTERM to the platform's process): every part must stop, nothing may
// be left running, and a new start must finish every case the clients had begun.
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, portIsOpen } from '../../platform/ports.ts';
import { readRuntimeInfo } from '../../platform/runtime.ts';
import { secretIn } from '../../platform/secrets.ts';
import { apiReady, exited, observe, startProcess, type Observed, type Part } from './cluster.ts';
import { underTraffic, type Fault } from './faults.ts';

/** Processes whose command line names `dataDir`: the platform's PostgreSQL and Temporal. */
async function runningIn(dataDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (command.includes(dataDir)) found.push(`${pid} ${command.replaceAll('\0', ' ').trim()}`);
  }
  return found;
}

export class WholePlatform {
  private part!: Part;
  private current!: Observed;

  private constructor(
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly temporalPort: number,
  ) {}

  static async start(): Promise<WholePlatform> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'diguan-faults-platform-'));
    const apiPort = await freePort();
    const temporalPort = await freePort([apiPort]);
    const env = {
      DATABASE_URL: undefined,
      TEMPORAL_ADDRESS: undefined,
      PAYLOAD_KEY: undefined,
      CORE_BANKING: undefined,
      REGISTRIES: undefined,
      PORT: String(apiPort),
      DATA_DIR: dir,
      TEMPORAL_DEV_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(await freePort([apiPort, temporalPort])),
      LOG_LEVEL: 'warn',
    };
    const platform = new WholePlatform(dir, env, temporalPort);
    await platform.boot();
    return platform;
  }

  observed = () => this.current;

  private async boot() {
    // Its own process group, as a terminal gives it: Ctrl-C reaches the whole group.
    this.part = startProcess('all', this.env, true);
    const apiUrl = `http://127.0.0.1:${this.env.PORT}`;
    await apiReady(apiUrl, this.part);
    const runtime = await readRuntimeInfo(this.dir);
    const payloadKey = Buffer.from(await secretIn(this.dir, 'payload-key'), 'base64url');
    const address = `127.0.0.1:${this.temporalPort}`;
    this.current = await observe(runtime!.databaseUrl, address, payloadKey, apiUrl, this.dir);
  }

  /** Stops the platform with `signal`; what is still running or listening afterwards. */
  private async stopWith(signal: NodeJS.Signals, target: 'group' | 'process'): Promise<string[]> {
    const databasePort = Number(new URL((await readRuntimeInfo(this.dir))!.databaseUrl).port);
    await this.current.close();
    const { pid } = this.part.child;
    process.kill(target === 'group' ? -pid! : pid!, signal);
    await exited(this.part.child);
    const left = await runningIn(this.dir);
    for (const port of [Number(this.env.PORT), this.temporalPort, databasePort]) {
      if (await portIsOpen('127.0.0.1', port)) left.push(`port ${port} still open`);
    }
    if (!this.part.output.join('').includes('Diguan stopped cleanly.')) {
      left.push(`no clean stop: ${this.part.output.join('').slice(-500)}`);
    }
    return left;
  }

  /** Clients at work; the platform is stopped under them, then started again. */
  fault(name: string, signal: NodeJS.Signals, target: 'group' | 'process'): Fault {
    return {
      name,
      observed: this.observed,
      run: () =>
        underTraffic(this.current, 4, 'disbursed', async () => {
          await sleep(3_000);
          const left = await this.stopWith(signal, target);
          await this.boot();
          return { findings: left.map((what) => `left running: ${what}`) };
        }),
    };
  }

  async stop(): Promise<void> {
    await this.stopWith('SIGTERM', 'process');
    await rm(this.dir, { recursive: true, force: true });
  }
}
