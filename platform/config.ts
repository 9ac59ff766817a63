// Process configuration, parsed once at boot. Unset values fall back to the embedded
// defaults a laptop needs; production sets DATABASE_URL, TEMPORAL_ADDRESS, the issuer and
// the bank's core-banking adapter.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from './tools.ts';

const base64Key = z
  .string()
  .transform((text) => Buffer.from(text, 'base64'))
  .refine((key) => key.length === 32, 'a key is 32 bytes, base64-encoded');

const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    // The interface the API listens on: this machine only, unless the deployment says otherwise.
    HOST: z.string().min(1).default('127.0.0.1'),
    // The proxies in front of the API (Express's `trust proxy`: a hop count, `loopback`, CIDRs),
    // so per-address limits count clients, not the proxy. Unset, the peer is the client.
    TRUST_PROXY: z
      .string()
      .min(1)
      .transform((v) => (/^\d+$/.test(v) ? Number(v) : v))
      .optional(),
    DATA_DIR: z.string().default('.data'),
    DATABASE_URL: z.url().optional(),
    TEMPORAL_ADDRESS: z.string().min(1).optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    // Ports of the embedded Temporal dev server (used only when TEMPORAL_ADDRESS is unset).
    TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
    TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
    // The Web UI of a configured cluster: its origin alone may call the codec endpoint.
    TEMPORAL_UI_URL: z.url().optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    // Production: tokens come from the bank's identity provider, checked against its JWKS.
    AUTH_JWKS_URL: z.url().optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).default('diguan'),
    // Where the public reaches the API: letters print and encode `<this>/v1/letters/verify/<code>`.
    // Unset, it is this machine at the API's own port.
    PUBLIC_BASE_URL: z.url().optional(),
    // Encrypts what Temporal keeps (AES-256-GCM): 32 bytes, base64. Older keys, comma-separated,
    // still decrypt histories written before a rotation. Embedded, a key is made in DATA_DIR.
    PAYLOAD_KEY: base64Key.optional(),
    PAYLOAD_OLD_KEYS: z
      .string()
      .transform((keys) => keys.split(',').filter(Boolean))
      .pipe(z.array(base64Key))
      .default([]),
    // The bank's payment system. Only the FAKE ledger exists here; a real adapter adds its name.
    CORE_BANKING: z.enum(['fake']).optional(),
    // The patent office and market-regulation registries: only their FAKEs exist here.
    REGISTRIES: z.enum(['fake']).optional(),
  })
  // A real Temporal cluster keeps what it is given: never hand it plaintext by accident.
  .refine((c) => c.PAYLOAD_KEY || !c.TEMPORAL_ADDRESS, {
    message: 'a Temporal cluster (TEMPORAL_ADDRESS) needs PAYLOAD_KEY to encrypt payloads',
    path: ['PAYLOAD_KEY'],
  })
  .refine((c) => !c.AUTH_JWKS_URL || c.AUTH_ISSUER, {
    message: 'AUTH_ISSUER is required with AUTH_JWKS_URL',
    path: ['AUTH_ISSUER'],
  })
  // With the embedded database the platform is a demo and the fake ledger is its explicit
  // default; against a real database no payment is ever booked into a fake by accident.
  .refine((c) => c.CORE_BANKING || !c.DATABASE_URL, {
    message:
      'production (DATABASE_URL set) needs a core-banking adapter; set CORE_BANKING=fake ' +
      'only to book payments into the FAKE ledger on purpose',
    path: ['CORE_BANKING'],
  })
  .refine((c) => c.REGISTRIES || !c.DATABASE_URL, {
    message:
      'production (DATABASE_URL set) needs registry adapters; set REGISTRIES=fake only to ' +
      'register pledges with the FAKE registries on purpose',
    path: ['REGISTRIES'],
  });

export type Config = z.infer<typeof configSchema> & {
  dataDir: string;
  coreBanking: 'fake';
  registries: 'fake';
  publicBaseUrl: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  refuseTrackedDataDir(dataDir);
  return {
    ...parsed.data,
    dataDir,
    coreBanking: parsed.data.CORE_BANKING ?? 'fake',
    registries: parsed.data.REGISTRIES ?? 'fake',
    publicBaseUrl: parsed.data.PUBLIC_BASE_URL ?? `http://localhost:${parsed.data.PORT}`,
  };
}

/**
 * The platform writes databases, keys and passwords into its data folder: inside the
 * checkout it must be a folder git ignores, or one `git add .` commits them.
 */
function refuseTrackedDataDir(dataDir: string) {
  const relative = path.relative(projectRoot, dataDir);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return;
  if (relative !== '' && isIgnored(relative)) return;
  throw new Error(
    `invalid configuration: DATA_DIR ${dataDir} is inside the checkout and not ignored by ` +
      'git; use the default .data or a folder outside the checkout',
  );
}

function isIgnored(relative: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '-q', relative], { cwd: projectRoot, stdio: 'ignore' });
    return true;
  } catch {
    // Not ignored, or no git to ask: only the default folder is known to be ignored.
    return relative === '.data' || relative.startsWith(`.data${path.sep}`);
  }
}
