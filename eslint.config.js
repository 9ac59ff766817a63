import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

// Workflow code runs in Temporal's deterministic sandbox: no I/O, no clocks of its own,
// no activity implementations. Type-only imports of activities are allowed.
const forbiddenInWorkflows = [
  ...builtinModules.flatMap((name) => [name, `node:${name}`]),
  'pg',
  'pdfkit',
  'express',
  '@prisma/*',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'prisma/generated/**', '.tools/**', '.data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbiddenInWorkflows.filter((n) => !n.includes('*')),
          patterns: [
            { group: ['@prisma/*'], message: 'Workflows must not touch the database.' },
            {
              group: ['**/activities/**', '**/api/**', '**/templates/**'],
              allowTypeImports: true,
              message: 'Workflows may import activity types only (proxyActivities).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() from @temporalio/workflow.' },
      ],
    },
  },
);
