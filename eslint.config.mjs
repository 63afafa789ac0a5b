import nx from '@nx/eslint-plugin';

/** What the clearance domain must never import: it is plain TypeScript over @gba/standards. */
const NOT_IN_DOMAIN = [
  'typeorm',
  'pg',
  '@nestjs/*',
  'kafkajs',
  '@bufbuild/*',
  'express',
  'rxjs',
  'prom-client',
  '@opentelemetry/*',
];

/** Which of our libraries each kind of project may import (tags in each project.json). */
const depConstraints = (domainMayUse) => [
  // The standard is pure: it imports nothing of ours.
  { sourceTag: 'scope:standards', onlyDependOnLibsWithTags: [] },
  // The clearance domain: the standard only, no framework, database or wire format.
  { sourceTag: 'layer:domain', onlyDependOnLibsWithTags: domainMayUse, bannedExternalImports: NOT_IN_DOMAIN },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
];

const boundaries = (domainMayUse) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], depConstraints: depConstraints(domainMayUse) },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/coverage',
      'libs/contracts/src/gen/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(['scope:standards']),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The domain's own tests may also use the shared sample declarations.
    files: ['libs/clearance-domain/**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['scope:standards', 'scope:testing']) },
  },
  {
    // Use cases reach the database through ports and protobuf through infrastructure/events: a
    // folder rule rather than a project of their own, because use cases, their adapters and the
    // infrastructure are composed in one Nest module of one library.
    files: ['libs/clearance/src/use-cases/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['typeorm', 'typeorm/*', 'pg', 'pg/*', '@gba/contracts', '@bufbuild/*'],
              message:
                'Use cases hold no SQL, TypeORM or protobuf: use the ports of use-cases/ports.ts and the mappers of infrastructure/events.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      'e2e/**/*.ts',
      'bench/**/*.ts',
      'tools/**/*.ts',
      '**/bench/**/*.ts',
    ],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
