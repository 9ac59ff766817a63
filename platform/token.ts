// Prints a demo token:
//   npm run -s token -- --user <name> --role <role[,role...]> [--institution <code>] [--level <level>]
// Creates the demo user if absent (an approver with the delegated level given). Works beside a running `npm start` (or with DATABASE_URL).
import { parseArgs } from 'node:util';
import { signDemoToken } from '../api/auth.ts';
import { approvalLevels, type ApprovalLevel } from '../domain/credit/authority-matrix.ts';
import { roles, type Role } from '../domain/roles.ts';
import { createDb } from '../prisma/client.ts';
import { loadConfig } from './config.ts';
import { demoSigningKey } from './secrets.ts';
import { platformDatabaseUrl } from './runtime.ts';

function parseLevel(name: string | undefined): ApprovalLevel | undefined {
  if (name === undefined) return undefined;
  const level = name.trim().toUpperCase().replaceAll('-', '_') as ApprovalLevel;
  if (!approvalLevels.includes(level)) {
    const known = approvalLevels.map((l) => l.toLowerCase().replaceAll('_', '-')).join(', ');
    throw new Error(`unknown level ${name}; levels: ${known}`);
  }
  return level;
}

function parseRoles(list: string): Role[] {
  return list.split(',').map((name) => {
    const role = name.trim().toUpperCase().replaceAll('-', '_') as Role;
    if (!roles.includes(role)) {
      throw new Error(
        `unknown role ${name}; roles: ${roles.map((r) => r.toLowerCase()).join(', ')}`,
      );
    }
    return role;
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      user: { type: 'string' },
      role: { type: 'string' },
      institution: { type: 'string' },
      level: { type: 'string' },
    },
  });
  if (!values.user || !values.role) {
    throw new Error(
      'usage: npm run -s token -- --user <name> --role <role[,role...]> [--institution <code>] [--level <level>]',
    );
  }
  const config = loadConfig();
  if (config.AUTH_JWKS_URL)
    throw new Error('an identity provider is configured: demo tokens are refused');
  const db = createDb(await platformDatabaseUrl(config));
  try {
    const held = parseRoles(values.role);
    const approvalLevel = parseLevel(values.level);
    const institution = values.institution
      ? await db.institution.findUnique({ where: { code: values.institution } })
      : undefined;
    if (values.institution && !institution) throw new Error(`no institution ${values.institution}`);
    const user =
      (await db.user.findUnique({
        where: { username: values.user },
        include: { institution: true },
      })) ??
      (await db.user.create({
        data: {
          username: values.user,
          displayName: values.user,
          roles: held,
          approvalLevel,
          institutionId: institution?.id,
        },
        include: { institution: true },
      }));
    const institutionCode = institution?.code ?? user.institution?.code;
    // The API checks a staff token against the record: a token claiming more is refused there.
    if (!held.every((r) => user.roles.includes(r)) || institutionCode !== user.institution?.code) {
      throw new Error(
        `${user.username} holds ${user.roles.join(', ')}` +
          (user.institution ? ` at ${user.institution.code}` : '') +
          ': a token may claim no more',
      );
    }
    const token = await signDemoToken(await demoSigningKey(config.dataDir), {
      userId: user.id,
      username: user.username,
      roles: held,
      institutionCode,
    });
    process.stdout.write(`${token}\n`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
