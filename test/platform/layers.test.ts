// The lint rules hold every arrow of the house: a module that imports up the layers fails.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../platform/tools.ts';

const eslint = new ESLint({ cwd: projectRoot });

/** The import rules `source`, placed at `file`, breaks. */
async function brokenRules(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(projectRoot, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the arrows of the house', () => {
  it.each([
    ['api/routes/probe.ts', "import { createWorker } from '../../activities/worker.ts';"],
    ['activities/probe.ts', "import { creditApplicationWorkflow } from '../workflows/index.ts';"],
    [
      'activities/probe.ts',
      "import type { ApplicationState } from '../workflows/credit/application-state.ts';",
    ],
    ['domain/credit/probe.ts', "import { recordCreditEvent } from '../../prisma/lifecycles.ts';"],
    ['domain/probe.ts', "import { readFile } from 'node:fs/promises';"],
    ['prisma/probe.ts', "import { buildApp } from '../api/app.ts';"],
    ['templates/probe.ts', "import { recordCreditEvent } from '../prisma/lifecycles.ts';"],
    [
      'workflows/credit/probe.ts',
      "import { createCreditActivities } from '../../activities/credit/index.ts';",
    ],
    ['workflows/probe.ts', "import { randomUUID } from 'node:crypto';"],
    ['api/probe.ts', "import { loadConfig } from '../platform/config.ts';"],
    ['bench/probe.ts', "import { caseCast } from '../test/support/fixtures.ts';"],
    ['test/probe.test.ts', "import { run } from '../bench/letters.bench.ts';"],
  ])('refuses %s: %s', async (file, source) => {
    expect(await brokenRules(file, `${source}\nexport {};\n`)).not.toEqual([]);
  });

  it.each([
    [
      'api/routes/probe.ts',
      "import type { creditApplicationWorkflow } from '../../workflows/index.ts';",
    ],
    [
      'workflows/credit/probe.ts',
      "import type { CreditActivities } from '../../activities/credit/index.ts';",
    ],
    ['activities/probe.ts', "import { recordCreditEvent } from '../prisma/lifecycles.ts';"],
    ['api/probe.ts', "import { creditApplication } from '../domain/credit/lifecycle.ts';"],
    ['platform/probe.ts', "import { createWorker } from '../activities/worker.ts';"],
  ])('lets %s import downwards: %s', async (file, source) => {
    expect(await brokenRules(file, `${source}\nexport {};\n`)).toEqual([]);
  });
});
