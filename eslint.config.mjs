// ESLint flat config: type-aware rules for the TypeScript (src, test, migrations, scripts/*.ts),
// plain rules for the JavaScript (bench, scripts/*.js, root configs), and the layering rule
// that keeps src/ importing downwards only. Run with `npm run lint`.
import { resolve } from 'node:path';
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

const root = import.meta.dirname;
const TS_PROJECTS = ['./tsconfig.check.json', './src/web/client/tsconfig.json'];

/**
 * The layers of src/, lowest first. A file may import from its own layer's folders and from
 * lower layers, never from a higher one. The root files src/*.ts are the composition root:
 * they may import anything, and only test/, bench/ and scripts/ may import them. src/cli (the
 * operators' command line, `npx parley`) is a composition root too, and no layer imports it.
 */
const LAYERS = [
  ['common'],
  ['config'],
  ['database', 'events', 'jobs'],
  ['sites', 'moderation-log'],
  ['users', 'auth', 'staff', 'mutes'],
  ['settings'],
  ['ratelimit', 'articles'],
  ['pipeline'],
  ['comments'],
  ['transfer'],
  ['moderation', 'privacy'],
  ['webhooks', 'notifications'],
  ['live'],
  ['health', 'metrics', 'web'],
];

const abs = (p) => resolve(root, p);
const folderGlob = (folder) => abs(`src/${folder}/**`);
const ROOT_FILES = abs('src/*.ts');
const CLI_FILES = folderGlob('cli');

/** One zone per layer: its folders may not import any folder of a higher layer, nor the root files. */
const layerZones = LAYERS.map((folders, i) => {
  const higher = LAYERS.slice(i + 1).flat();
  return {
    target: folders.map(folderGlob),
    from: [...higher.map(folderGlob), ROOT_FILES, CLI_FILES],
    message: `Layering: src/{${folders.join(',')}} (layer ${i}) may import only its own layer and lower ones${
      higher.length ? `, not src/{${higher.join(',')}}` : ''
    }, and never the composition roots src/*.ts and src/cli.`,
  };
});

const LAYER_ZONES = [
  ...layerZones,
  {
    // Staff accounts sit beside auth and users: auth asks staff about sessions, never the reverse.
    target: [folderGlob('staff')],
    from: [folderGlob('auth'), folderGlob('users')],
    message: 'Layering: src/staff may import common, config, database and events; src/auth imports it, not the reverse.',
  },
  {
    // Browser code: bundled by esbuild into dist/web, so it may reach only shared contracts.
    target: [abs('src/web/client/**')],
    from: [abs('src/**')],
    // `except` must be globs as `from` is: `[.]` makes one of the exact file name.
    except: [abs('src/web/client/**'), abs('src/common/**'), abs('src/live/live-events[.]ts')],
    message: 'Layering: src/web/client (browser code) may import only src/web/client, src/common and src/live/live-events.ts.',
  },
  {
    target: [abs('src/**')],
    from: [abs('test/**'), abs('bench/**'), abs('scripts/**')],
    message: 'Layering: src/ must never import test/, bench/ or scripts/.',
  },
];

/** Rules shared by every file, JavaScript or TypeScript. */
const commonRules = {
  eqeqeq: ['error', 'always', { null: 'ignore' }],
  'no-var': 'error',
  'prefer-const': 'error',
};

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      'test-artifacts/**',
      'bench/results*.json',
      'bench/results.tmp*',
      'docs/openapi.json',
      '**/*.cpuprofile',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // ---- JavaScript: bench/, scripts/*.js, root config files (CommonJS, Node) — no type information
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'commonjs',
      globals: { ...globals.node },
    },
    rules: {
      ...commonRules,
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
  {
    // bench/lib/profiler-hook.js and the reference server run in Node only; nothing browser-side here.
    files: ['bench/**/*.js'],
    rules: { 'no-empty': ['error', { allowEmptyCatch: true }] },
  },

  // ---- TypeScript: type-aware
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        project: TS_PROJECTS,
        tsconfigRootDir: root,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: TS_PROJECTS.map(abs), noWarnOnMultipleProjects: true })],
    },
    rules: {
      ...commonRules,
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-control-regex': 'off', // every hit strips or refuses control characters in untrusted input on purpose
    },
  },

  // ---- The layering rule: src/ imports downwards only
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
    },
  },

  // ---- Printing: the server logs through pino and tests stay quiet; CLI entry points, bench and
  // scripts print on purpose, and the browser widget reports misuse to the page's console.
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['src/web/client/**/*.ts'],
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },

  // ---- Migrations: frozen snapshots of the schema, so they depend on typeorm alone
  {
    files: ['migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!typeorm(/|$))', message: 'A migration may import only typeorm: it must not change when src/ does.' }] },
      ],
    },
  },

  // ---- Tests: end-to-end specs read JSON bodies and SQL rows, untyped by nature, and assert on
  // their shape at run time; `any` there is the honest type. Everything else stays on.
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off', // `(row: any) => row.id` over JSON and SQL results; prefer `unknown` in new helpers
      '@typescript-eslint/no-unsafe-member-access': 'off', // reading fields of those bodies is what the tests do
      '@typescript-eslint/no-unsafe-assignment': 'off', // same: bodies and rows are assigned to locals to assert on
      '@typescript-eslint/no-unsafe-argument': 'off', // same: passed on to expect() and helpers
      '@typescript-eslint/no-unsafe-call': 'off', // same: .map/.find on arrays read from JSON
      '@typescript-eslint/no-unsafe-return': 'off', // same: helpers hand the bodies back
    },
  },
);
