// The role the platform runs as: it reads and writes the tables but owns none, so it cannot
// disable a trigger, truncate a table or switch replication mode to get past the append-only
// rules, and on the append-only tables it may only read and insert. Migrations run as the owner,
// which then grants this role what the tables now need.
import pg from 'pg';
import type { Db } from './client.ts';

/** The role the platform connects as, unless DATABASE_URL names another. */
export const APPLICATION_ROLE = 'diguan_app';

/** The tables whose rows never change: their triggers refuse UPDATE and DELETE. */
const appendOnlyTables = `
  SELECT DISTINCT c.relname AS name
  FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_proc p ON p.oid = t.tgfoid
  WHERE p.proname IN ('refuse_change_to_record', 'audit_event_is_append_only')`;

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Creates the role if it does not exist (with `password`, when given, it may log in) and grants it
 * exactly what the schema's tables need. Returns the URL the platform connects with.
 */
export async function grantApplicationRole(
  ownerUrl: string,
  role: string,
  password?: string,
): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const r = quoted(role);
    const secret = password === undefined ? '' : ` PASSWORD ${client.escapeLiteral(password)}`;
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (!exists.rowCount) {
      await client.query(
        `CREATE ROLE ${r} LOGIN${secret} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION`,
      );
    } else if (secret) {
      await client.query(`ALTER ROLE ${r}${secret}`);
    }
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'
         AND tablename <> '_prisma_migrations'`,
    );
    const appendOnly = new Set(
      (await client.query<{ name: string }>(appendOnlyTables)).rows.map((t) => t.name),
    );
    await client.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${r}`);
    for (const { name } of tables) {
      const rights =
        name === 'AuditChainHead'
          ? 'SELECT' // moved only by the chaining trigger, which runs as the owner
          : appendOnly.has(name)
            ? 'SELECT, INSERT'
            : 'SELECT, INSERT, UPDATE, DELETE';
      await client.query(`GRANT ${rights} ON ${quoted(name)} TO ${r}`);
    }
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password ?? '';
  return url.toString();
}

/**
 * Refuses to run connected as a superuser or as the owner of the tables: either could switch
 * off the triggers that keep the trail append-only.
 */
export async function refuseOwnerConnection(db: Db): Promise<void> {
  const [role] = await db.$queryRaw<{ name: string; mighty: boolean }[]>`
    SELECT current_user AS name,
      rolsuper OR pg_has_role(current_user, c.relowner, 'MEMBER') AS mighty
    FROM pg_roles r, pg_class c
    WHERE r.rolname = current_user AND c.oid = '"AuditEvent"'::regclass`;
  if (role?.mighty) {
    throw new Error(
      `the platform connects as ${role.name}, which owns its tables or is a superuser and could ` +
        `rewrite the audit trail: connect as the application role (${APPLICATION_ROLE}) and ` +
        'migrate as the owner with `npm run db:migrate`',
    );
  }
}
