// Layering (DESIGN.md §2): src/ is the pipeline and knows no platform; bots/ and jobs/ adapt to it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const platformSdks = ['bullmq', 'ioredis', '@wecom/*', 'dingtalk-stream', 'dingtalk-*'];
const noUp = (folders) => folders.flatMap((f) => [`**/${f}/*`, `**/${f}`, `../${f}/*`, `../../${f}/*`]);

export default tseslint.config(
  { ignores: ['node_modules/**', 'src/store/generated/**', '.orderwatch/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/main.ts', 'src/main/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: platformSdks
            .filter((p) => !p.includes('*'))
            .map((name) => ({
              name,
              message: 'src/ never imports a queue or platform SDK; wire it in src/main.ts (or src/main/).',
            })),
          patterns: [
            { group: noUp(['bots', 'jobs']), message: 'src/ never imports bots/ or jobs/ (DESIGN.md §2).' },
            {
              group: platformSdks.filter((p) => p.includes('*')),
              message: 'src/ never imports a platform SDK.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/main.ts', 'src/main/**', 'src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: platformSdks
            .filter((p) => !p.includes('*'))
            .map((name) => ({
              name,
              message: 'src/ never imports a queue or platform SDK; wire it in src/main.ts (or src/main/).',
            })),
          patterns: [
            { group: noUp(['bots', 'jobs']), message: 'src/ never imports bots/ or jobs/ (DESIGN.md §2).' },
            {
              group: platformSdks.filter((p) => p.includes('*')),
              message: 'src/ never imports a platform SDK.',
            },
            {
              group: ['**/store/generated/*', '**/store/generated/**', '@prisma/client', '@prisma/client/*'],
              message: 'Only src/store/ imports the generated Prisma client.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bots/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: noUp(['jobs']), message: 'bots/ never imports jobs/.' }] },
      ],
    },
  },
  {
    files: ['jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: noUp(['bots']), message: 'jobs/ never imports bots/.' }] },
      ],
    },
  },
);
