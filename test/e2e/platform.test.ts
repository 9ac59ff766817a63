// Starts the platform exactly as the README says (`npm start`, nothing configured: embedded
// PostgreSQL and Temporal dev server in a fresh data folder), drives a case over HTTP, stops
// it with Ctrl-C in the middle of a case, starts it again and finishes the case.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, portIsOpen } from '../../platform/ports.ts';
import { projectRoot } from '../../platform/tools.ts';
import { eventually } from '../support/eventually.ts';
import { completeFile, newUscc, strongIndicators } from '../support/fixtures.ts';

const run = promisify(execFile);
let dataDir: string;
let env: NodeJS.ProcessEnv;
let baseUrl: string;
let temporalPort: number;
let platform: ChildProcess | undefined;

let output = '';

function startPlatform(): ChildProcess {
  // A process group of its own, so a signal to the group is what Ctrl-C does in a terminal.
  const child = spawn('npm', ['start'], { cwd: projectRoot, env, detached: true });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return child;
}

/** Ctrl-C: npm and the platform get SIGINT; resolves once the platform has said it stopped. */
async function stopPlatform(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGINT');
  await exited;
  await eventually(async () => expect(output).toContain('Diguan stopped cleanly.'), 30_000);
}

const untilReady = () =>
  eventually(async () => {
    if (platform?.exitCode !== null) return 'exited';
    const res = await fetch(`${baseUrl}/readyz`);
    expect(res.status).toBe(200);
    return 'ready';
  }, 120_000).then(
    (state) => {
      if (state === 'exited') throw new Error(`the platform exited during start-up:\n${output}`);
    },
    (error: unknown) => {
      throw new Error(`the platform never became ready; it printed:\n${output}`, { cause: error });
    },
  );

async function token(user: string, role: string, institution?: string): Promise<string> {
  const args = ['run', '-s', 'token', '--', '--user', user, '--role', role];
  if (institution) args.push('--institution', institution);
  const { stdout } = await run('npm', args, { cwd: projectRoot, env });
  return stdout.trim();
}

async function call(method: string, url: string, bearer: string, body?: unknown) {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    json: type.includes('json') ? await res.json() : undefined,
    bytes: type.includes('pdf') ? Buffer.from(await res.arrayBuffer()) : undefined,
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'diguan-e2e-'));
  const port = await freePort();
  temporalPort = await freePort([port]);
  baseUrl = `http://127.0.0.1:${port}`;
  env = {
    ...process.env,
    DATABASE_URL: undefined,
    TEMPORAL_ADDRESS: undefined,
    PUBLIC_BASE_URL: undefined,
    PORT: String(port),
    DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(temporalPort),
    TEMPORAL_UI_PORT: String(await freePort([port, temporalPort])),
    LOG_LEVEL: 'warn',
  };
  platform = startPlatform();
  await untilReady();
}, 180_000);

afterAll(async () => {
  if (platform && platform.exitCode === null && platform.signalCode === null) {
    await stopPlatform(platform);
  }
  await rm(dataDir, { recursive: true, force: true });
});

describe('the platform as a newcomer starts it', () => {
  it('serves its API description and docs', async () => {
    const spec = await (await fetch(`${baseUrl}/openapi.json`)).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toContain('/v1/applications/{id}/decision');
    expect((await fetch(`${baseUrl}/docs/`)).status).toBe(200);
  });

  it('takes a case from filing to a live loan, across a restart in the middle', async () => {
    const applicant = await token('e2e-applicant', 'applicant');
    const officer = await token('officer', 'officer', 'demo-bank');
    const approver = await token('approver', 'approver', 'demo-bank');
    const firm = await call('POST', '/v1/enterprises', applicant, {
      name: '武汉端到端科技有限公司',
      uscc: newUscc(),
      region: '湖北省武汉市',
      indicators: strongIndicators,
    });
    expect(firm.status).toBe(201);
    const filed = await call('POST', '/v1/applications', applicant, {
      enterpriseId: firm.json.id,
      bankCode: 'demo-bank',
      product: 'credit',
      amount: '1000000.00',
      termMonths: 24,
      purpose: '研发投入',
    });
    expect(filed.status).toBe(201);
    const caseUrl = `/v1/applications/${filed.json.id}`;
    const scan = Buffer.from('%PDF-1.4 scanned document').toString('base64');
    for (const type of completeFile) {
      const upload = await call('POST', `${caseUrl}/documents`, applicant, {
        type,
        fileName: `${type}.pdf`,
        mediaType: 'application/pdf',
        contentBase64: scan,
      });
      expect(upload.status).toBe(201);
    }
    await eventually(async () => {
      expect((await call('GET', caseUrl, applicant)).json.step).toBe('review');
    });
    const inbox = await call('GET', '/v1/tasks', officer);
    expect(
      inbox.json.items.map((t: { application: { id: string } }) => t.application.id),
    ).toContain(filed.json.id);

    // Ctrl-C mid-case: every child stops, then a new start resumes the same data and workflow.
    await stopPlatform(platform!);
    expect(await portIsOpen('127.0.0.1', temporalPort)).toBe(false);
    expect(await portIsOpen('127.0.0.1', Number(env.PORT))).toBe(false);
    output = '';
    platform = startPlatform();
    await untilReady();

    const reviewed = await call('POST', `${caseUrl}/review`, officer, {
      recommendation: 'approve',
      reasons: ['研发投入强度高'],
      proposal: {
        amount: '800000.00',
        annualRate: '0.0385',
        termMonths: 24,
        repaymentMethod: 'equal-instalment',
        conditions: [],
      },
    });
    expect(reviewed.status).toBe(200);
    await eventually(async () => {
      expect((await call('GET', caseUrl, applicant)).json.step).toBe('approval');
    });
    const decided = await call('POST', `${caseUrl}/decision`, approver, {
      outcome: 'approve',
      amount: '800000.00',
      annualRate: '0.0385',
      termMonths: 24,
      repaymentMethod: 'equal-instalment',
    });
    expect(decided.status).toBe(200);
    await eventually(async () => {
      expect((await call('GET', caseUrl, applicant)).json.step).toBe('offer');
    });
    const accepted = await call('POST', `${caseUrl}/offer/response`, applicant, {
      response: 'accept',
    });
    expect(accepted.status).toBe(200);
    const closed = await eventually(async () => {
      const view = await call('GET', caseUrl, applicant);
      expect(view.json.status).toBe('DISBURSED');
      return view.json;
    });
    // The trail of who did what is the bank's: its officer reads it.
    const { history } = (await call('GET', caseUrl, officer)).json;
    expect(history.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining([
        'filed',
        'file_completed',
        'assessed',
        'reviewed',
        'approved',
        'letter_issued',
        'offer_accepted',
        'contract_signed',
        'disbursed',
      ]),
    );
    const loan = await call('GET', `/v1/loans/${closed.loan.id}`, applicant);
    expect(loan.json).toMatchObject({ status: 'LIVE', amount: '800000.00' });

    const letter = await call('GET', `${caseUrl}/letter`, applicant);
    expect(letter.status).toBe(200);
    const { text } = await new PDFParse({ data: letter.bytes! }).getText();
    expect(text).toContain('武汉端到端科技有限公司');
    expect(text).toContain('800,000.00');
    expect(text).toContain('捌拾万元整');
    // PUBLIC_BASE_URL is unset: the letter sends readers to this platform's own port.
    const verify = `http://localhost:${new URL(baseUrl).port}/v1/letters/verify/`;
    expect(text.replace(/\s+/g, '')).toContain(verify);
  });

  it("runs the README's calls as written, from the tokens to the letter", async () => {
    const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Call the API'),
      readme.indexOf('## How it is built'),
    );
    const script = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
    expect(script).toContain('npm run -s token');
    const letter = path.join(projectRoot, 'letter.pdf');
    try {
      const { stdout } = await run('bash', ['-e', '-c', script], {
        cwd: projectRoot,
        env,
        timeout: 150_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      expect(stdout).not.toContain('"error"');
      expect(stdout).toContain('"status":"LIVE"'); // the loan
      expect(stdout).toContain('"complete":true'); // the dossier
      const bytes = await readFile(letter);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await rm(letter, { force: true });
    }
  }, 180_000);
});
