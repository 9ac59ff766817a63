// `npm run -s audit:verify`: checks the audit trail's hash chain of the running platform (or of
// DATABASE_URL) and prints the result; exits 1 when the chain is broken.
import { verifyAuditChain } from '../prisma/audit-chain.ts';
import { createDb } from '../prisma/client.ts';
import { loadConfig } from './config.ts';
import { platformDatabaseUrl } from './runtime.ts';

async function main() {
  const db = createDb(await platformDatabaseUrl(loadConfig()));
  try {
    const report = await verifyAuditChain(db);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (!report.intact) process.exitCode = 1;
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
