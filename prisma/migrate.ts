// Migration commands that work without Prisma's native engine:
//   tsx prisma/migrate.ts deploy          apply pending migrations to DATABASE_URL (the owner's)
//                                         and grant the application role what they need
//   tsx prisma/migrate.ts create <name>   write the migration that schema.prisma needs
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { APPLICATION_ROLE, grantApplicationRole } from './app-role.ts';
import { deployMigrations, migrationsDir, pendingSchemaChanges } from './schema-engine.ts';

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  if (command === 'deploy') {
    const applied = await deployMigrations(databaseUrl);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    await grantApplicationRole(databaseUrl, APPLICATION_ROLE);
    console.log(`granted ${APPLICATION_ROLE} what the tables need (set its password to connect)`);
  } else if (command === 'create' && name && /^[a-z0-9_]+$/.test(name)) {
    const sql = await pendingSchemaChanges(databaseUrl);
    if (!sql) return console.log('schema.prisma and the migrations agree: nothing to create');
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const folder = path.join(migrationsDir, `${stamp}_${name}`);
    await mkdir(folder);
    await writeFile(path.join(folder, 'migration.sql'), `${sql}\n`);
    console.log(`wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
  } else {
    throw new Error('usage: migrate.ts deploy | create <snake_case_name>');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
