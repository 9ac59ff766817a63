// Process configuration, parsed once at boot. Unset values fall back to the embedded
// defaults a laptop needs; production sets DATABASE_URL, TEMPORAL_ADDRESS and the issuer.
import path from 'node:path';
import { z } from 'zod';

const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATA_DIR: z.string().default('.data'),
    DATABASE_URL: z.url().optional(),
    TEMPORAL_ADDRESS: z.string().min(1).optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    // Ports of the embedded Temporal dev server (used only when TEMPORAL_ADDRESS is unset).
    TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
    TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    // Production: tokens come from the bank's identity provider, checked against its JWKS.
    AUTH_JWKS_URL: z.url().optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).default('diguan'),
    // Where the public reaches the API: letters print and encode `<this>/v1/letters/verify/<code>`.
    PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  })
  .refine((c) => !c.AUTH_JWKS_URL || c.AUTH_ISSUER, {
    message: 'AUTH_ISSUER is required with AUTH_JWKS_URL',
    path: ['AUTH_ISSUER'],
  });

export type Config = z.infer<typeof configSchema> & { dataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
