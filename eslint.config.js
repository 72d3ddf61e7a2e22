// ESLint flat config. Besides the usual TypeScript rules it enforces the layer rules of
// ARCHITECTURE.md: which src/ folder may import which, which external packages each layer may
// use, and no import cycles. A violation fails `npm run lint` (and so `npm test`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The layers under src/ and the layers each may import (besides itself).
 * Deviation from the ARCHITECTURE.md table, documented in README.md: config and topology
 * may import sharding/key (a pure, dependency-free module) so that shard names are parsed
 * into key ranges by one implementation; topology may import config (it is built from it).
 */
const layers = {
  util: [],
  errors: ['util'],
  'sharding/key': ['util', 'errors'],
  'sharding/vindexes': ['util', 'errors', 'sharding/key'],
  config: ['util', 'errors', 'sharding/key'],
  vschema: ['util', 'errors'],
  topology: ['util', 'errors', 'sharding/key', 'config'],
  'sharding/plan': ['util', 'errors', 'sharding/key', 'sharding/vindexes', 'vschema', 'topology'],
  'sharding/planner': ['util', 'errors', 'sharding/key', 'sharding/vindexes', 'sharding/plan', 'vschema', 'topology'],
  engine: ['util', 'errors', 'sharding/key', 'sharding/plan', 'topology'],
  pools: ['util', 'errors', 'topology', 'engine'],
  introspect: ['util', 'errors', 'topology', 'engine'],
  resolvers: ['util', 'errors', 'sharding/key', 'sharding/plan', 'sharding/planner', 'engine', 'vschema', 'topology'],
  schema: ['util', 'errors', 'resolvers', 'vschema'],
  server: ['util', 'errors', 'config', 'vschema', 'topology', 'sharding/key', 'sharding/vindexes', 'sharding/plan', 'sharding/planner', 'engine', 'pools', 'introspect', 'resolvers', 'schema'],
};

/** External packages and the only layers allowed to import them. */
const packages = {
  mysql2: ['pools', 'introspect', 'cluster'],
  dataloader: ['resolvers'],
  pluralize: ['resolvers'],
  '@pothos/*': ['schema'],
  'graphql-yoga': ['server'],
  '@envelop/*': ['server'],
  'graphql-jit': ['server'],
  'prom-client': ['server'],
  graphql: ['errors', 'schema', 'server'],
  zod: ['config', 'vschema', 'topology'],
  commander: ['cli'],
  'xxhash-wasm': ['sharding/vindexes'],
};

const allLayers = [...Object.keys(layers), 'cli', 'cluster'];

const layerZones = Object.entries(layers).map(([layer, allowed]) => ({
  target: `./src/${layer}`,
  from: './src',
  except: [layer, ...allowed].map((l) => `./${l}`),
  message: `The ${layer} layer may import only: ${allowed.join(', ') || 'nothing'} (ARCHITECTURE.md dependency rule).`,
}));

/** One no-restricted-imports rule per layer, listing every package that layer may not use. */
const packageRules = [...allLayers, 'index.ts'].map((layer) => ({
  files: layer === 'index.ts' ? ['src/index.ts'] : [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: Object.entries(packages)
        .filter(([, owners]) => !owners.includes(layer))
        .map(([pkg, owners]) => ({
          group: [...new Set([pkg, `${pkg.replace('/*', '')}/*`])],
          message: `${pkg} may be imported only in src/{${owners.join(',')}} (ARCHITECTURE.md).`,
        })),
    }],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', '.shardgate/**', 'bench/.data/**', 'bench/peers/*/work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', {
        zones: [
          ...layerZones,
          { target: './src', from: './test', message: 'src never imports test/.' },
          { target: './src', from: './bench', message: 'src never imports bench/.' },
        ],
      }],
    },
  },
  ...packageRules,
);
