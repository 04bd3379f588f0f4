import nx from '@nx/eslint-plugin';

/**
 * Module boundaries follow the project tags in each package.json:
 * an app never imports another app, contracts import nothing of ours, and only the
 * end-to-end project may put several apps in one process.
 */
export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '.nx/**', 'deploy/**', 'k8s/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:crypto', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:crypto'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:crypto', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:app', 'type:contracts', 'type:platform', 'type:crypto', 'type:testing'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
            { sourceTag: 'scope:item', onlyDependOnLibsWithTags: ['scope:item', 'scope:shared'] },
            { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:identity', 'scope:shared'] },
            { sourceTag: 'scope:exchange', onlyDependOnLibsWithTags: ['scope:exchange', 'scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // Every string of a contract refuses text PostgreSQL cannot store and says what it holds
    // (libs/contracts/src/common/text.ts): a bare z.string() would do neither.
    files: ['libs/contracts/src/**/*.ts'],
    ignores: ['libs/contracts/src/common/text.ts', '**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='z'][callee.property.name=/^(string|looseObject|any)$/]",
          message: 'Make contract strings with the helpers of common/text.ts (code, keptText, personalText, secretText, searchText, shownText).',
        },
      ],
    },
  },
  {
    // A library's public surface is the list its index.ts names, as nats.js keeps its mod.ts:
    // `export *` would publish whatever a file happens to export (tools/name-exports.mjs names them).
    files: ['libs/*/src/index.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name each export (export { ... } and export type { ... }).' }],
    },
  },
  {
    // Tests assert what they read; a non-null assertion there is part of the assertion.
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
