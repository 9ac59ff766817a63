import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

// The arrows of the house (README, "How it is built"): each layer imports only what lies
// below it. `layer(folder, forbidden)` forbids the folders a layer must never reach; `types`
// are folders it may name in type positions only (a workflow's activity types, the API's
// typed workflow reference).
const folders = (...names) => names.map((name) => `**/${name}/**`);

function layer(files, { forbidden = [], types = [], extra = [], paths = [] }) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths,
          patterns: [
            ...(forbidden.length
              ? [{ group: folders(...forbidden), message: 'This import points up the house.' }]
              : []),
            ...(types.length
              ? [
                  {
                    group: folders(...types),
                    allowTypeImports: true,
                    message: 'Only types may be imported from here.',
                  },
                ]
              : []),
            ...extra,
          ],
        },
      ],
    },
  };
}

// Workflow code runs in Temporal's deterministic sandbox: no I/O, no clocks of its own,
// no activity implementations.
const sandboxForbidden = [
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
  layer(['domain/**/*.ts'], {
    forbidden: [
      'api',
      'activities',
      'workflows',
      'prisma',
      'templates',
      'platform',
      'bench',
      'test',
    ],
    extra: [{ group: ['node:*', 'pg', '@prisma/*'], message: 'The domain is pure: no I/O.' }],
  }),
  layer(['workflows/**/*.ts'], {
    forbidden: ['api', 'prisma', 'templates', 'platform', 'bench', 'test'],
    types: ['activities'],
    paths: sandboxForbidden.filter((name) => !name.includes('*')),
    extra: [{ group: ['@prisma/*'], message: 'Workflows must not touch the database.' }],
  }),
  layer(['activities/**/*.ts'], {
    forbidden: ['api', 'workflows', 'platform', 'bench', 'test'],
  }),
  // The API renders reports on demand (templates import only the domain); letters, which are
  // decisions, are rendered and stored by activities.
  layer(['api/**/*.ts'], {
    forbidden: ['activities', 'platform', 'bench', 'test'],
    types: ['workflows'],
  }),
  layer(['prisma/**/*.ts'], {
    forbidden: ['api', 'activities', 'workflows', 'templates', 'platform', 'bench', 'test'],
  }),
  layer(['templates/**/*.ts'], {
    forbidden: ['api', 'activities', 'workflows', 'prisma', 'platform', 'bench', 'test'],
  }),
  layer(['bench/**/*.ts'], { forbidden: ['test'] }),
  layer(['test/**/*.ts'], { forbidden: ['bench'] }),
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() from @temporalio/workflow.' },
      ],
    },
  },
);
