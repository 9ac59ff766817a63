// Prisma's schema engine compiled to WebAssembly, driven over the `pg` adapter.
// It needs no native binary, so migrations run on machines that cannot download one,
// and it reads and writes `_prisma_migrations` exactly like `prisma migrate deploy`.
import { randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum, bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';

const here = path.dirname(fileURLToPath(import.meta.url));
export const schemaPath = path.join(here, 'schema.prisma');
export const migrationsDir = path.join(here, 'migrations');
const noFilters = { externalTables: [], externalEnums: [] };

let loaded: Promise<void> | undefined;

// Node 20 cannot import a .wasm module without a flag, so instantiate it by hand.
function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const packageDir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
    const wasmPath = path.join(packageDir, 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start: () => void };
    bindings.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return loaded;
}

const PG_CHAR = 18;
const PG_TEXT = 25;
type PgResult = { fields: { dataTypeID: number }[] };
type PgAdapter = {
  performIO(query: unknown): Promise<PgResult>;
  queryRaw(query: unknown): Promise<{ columnTypes: number[] }>;
  executeScript(script: string): Promise<void>;
  underlyingDriver(): { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
  startTransaction?: (...args: unknown[]) => Promise<object>;
};

// Two gaps of adapter-pg 7.10 when it serves the schema engine, mended on the instance:
// - the engine's catalogue queries return PostgreSQL's one-byte "char" columns (relkind,
//   contype...), which the adapter rejects as unsupported; the engine reads them as
//   characters, so they are decoded as text and typed as Character;
// - it splits scripts on every ";", which breaks function bodies; PostgreSQL runs a whole
//   migration script in one simple query, atomically, as the native engine does.
function forSchemaEngine<T extends object>(instance: T): T {
  const adapter = instance as unknown as PgAdapter;
  const performIO = adapter.performIO.bind(adapter);
  const queryRaw = adapter.queryRaw;
  adapter.queryRaw = async (query) => {
    const result = await performIO(query);
    const charColumns = result.fields.flatMap((f, i) => (f.dataTypeID === PG_CHAR ? [i] : []));
    for (const i of charColumns) result.fields[i]!.dataTypeID = PG_TEXT;
    const withResult = Object.assign(Object.create(adapter) as PgAdapter, {
      performIO: async () => result,
    });
    const typed = await queryRaw.call(withResult, query);
    for (const i of charColumns) typed.columnTypes[i] = ColumnTypeEnum.Character;
    return typed;
  };
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  const startTransaction = adapter.startTransaction?.bind(adapter);
  if (startTransaction) {
    adapter.startTransaction = async (...args) => forSchemaEngine(await startTransaction(...args));
  }
  return instance;
}

// adapter-pg builds its shadow pool from a config whose connection string overrides the
// database name, so its shadow database would be the real one. Name it in the URL instead.
async function connectToShadowDatabase(databaseUrl: string) {
  const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
  const admin = await new PrismaPg({ connectionString: databaseUrl }).connect();
  await admin.executeScript(`CREATE DATABASE "${name}"`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const shadow = await new PrismaPg({ connectionString: url.toString() }).connect();
  const dispose = shadow.dispose.bind(shadow);
  shadow.dispose = async () => {
    await dispose();
    await admin.executeScript(`DROP DATABASE "${name}"`);
    await admin.dispose();
  };
  return shadow;
}

interface OpenEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes the connections it opened. */
  close(): Promise<void>;
}

export async function openSchemaEngine(databaseUrl: string): Promise<OpenEngine> {
  await loadWasm();
  const schema = await readFile(schemaPath, 'utf8');
  const pg = new PrismaPg({ connectionString: databaseUrl });
  // The engine disposes the shadow databases it opens, but not its main connection.
  const opened: { dispose(): Promise<void> }[] = [];
  const track = <T extends { dispose(): Promise<void> }>(adapter: T) => {
    opened.push(adapter);
    return forSchemaEngine(adapter);
  };
  const adapter = bindMigrationAwareSqlAdapterFactory({
    adapterName: pg.adapterName,
    provider: pg.provider,
    connect: async () => track(await pg.connect()),
    connectToShadowDb: async () => forSchemaEngine(await connectToShadowDatabase(databaseUrl)),
  });
  const log = () => {};
  const engine = await bindings.SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    log,
    adapter,
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await Promise.all(opened.map((a) => a.dispose()));
    },
  };
}

export async function loadMigrations(): Promise<MigrationList> {
  const names = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockPath, 'utf8') },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: {
            tag: 'ok' as const,
            value: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8'),
          },
        },
      })),
    ),
  };
}

/** Applies every migration not yet recorded in `_prisma_migrations`; returns their names. */
export async function deployMigrations(databaseUrl: string): Promise<string[]> {
  const { engine, close } = await openSchemaEngine(databaseUrl);
  try {
    const result = await engine.applyMigrations({
      migrationsList: await loadMigrations(),
      filters: noFilters,
    });
    return result.appliedMigrationNames;
  } finally {
    await close();
  }
}

/** SQL that takes a database built from the migrations to what schema.prisma declares. */
export async function pendingSchemaChanges(databaseUrl: string): Promise<string> {
  const { engine, close } = await openSchemaEngine(databaseUrl);
  try {
    const schema = await readFile(schemaPath, 'utf8');
    const result = await engine.diff({
      from: { tag: 'migrations', ...(await loadMigrations()) },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return (result.stdout ?? '').replace(/^-- This is an empty migration\.\s*$/m, '').trim();
  } finally {
    await close();
  }
}
