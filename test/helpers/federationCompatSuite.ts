// Runs the test cases of Apollo's federation subgraph compatibility suite
// (`@apollo/federation-subgraph-compatibility-tests`, the package behind
// `npx @apollo/federation-subgraph-compatibility`) as they ship in the installed package: its
// compiled jest files (dist/tests/*.test.js) are evaluated with jest-style `describe`/`test`/`it`
// and vitest's jest-compatible `expect`, their products requests sent with the suite's own
// client, their router requests handed to the caller. Owns no expectations about the results.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { compileFunction } from 'node:vm';
import { expect } from 'vitest';

/** The npm package whose dist/ holds the suite. */
export const COMPAT_SUITE_PACKAGE = '@apollo/federation-subgraph-compatibility-tests';

/** Where the suite is installed: env SHARDGATE_FEDERATION_COMPAT_SUITE (the package folder), else the project's node_modules; undefined when neither has it. */
export function locateCompatSuite(): string | undefined {
  const fromEnv = process.env.SHARDGATE_FEDERATION_COMPAT_SUITE;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!existsSync(path.join(fromEnv, 'package.json'))) throw new Error(`SHARDGATE_FEDERATION_COMPAT_SUITE=${fromEnv} has no package.json: point it at the installed ${COMPAT_SUITE_PACKAGE} folder`);
    return fromEnv;
  }
  try {
    return path.dirname(createRequire(import.meta.url).resolve(`${COMPAT_SUITE_PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

/** A GraphQL request as the suite's client takes it. */
export interface SuiteRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

/** One feature of the suite's report (dist/testRunner.js TESTS): the name its cases are grouped by. */
export interface SuiteAssertion {
  readonly assertion: string;
  readonly required: boolean;
  readonly fedVersion: number;
}

/** The outcome of one test case of the suite. */
export interface CaseResult {
  /** The suite's file, e.g. `key.test.js`. */
  readonly file: string;
  /** The report name it counts towards: its top describe block, else its own name (as the suite's runJest groups them). */
  readonly assertion: string;
  /** The test's own name. */
  readonly title: string;
  readonly passed: boolean;
  /** The first line of the assertion error when it failed. */
  readonly failure?: string;
  /** What the failed assertion received (its `actual`, as text), when it says. */
  readonly received?: string;
}

/** The installed suite. */
export interface CompatSuite {
  readonly dir: string;
  readonly version: string;
  readonly assertions: readonly SuiteAssertion[];
  /** The suite's file at `relative` (e.g. `products.graphql`, `dist/subgraphs/users/users.graphql`). */
  read(relative: string): string;
  /**
   * Runs every case of dist/tests against the products subgraph at `productsUrl`, one after
   * another in file order; `router` answers what the suite sends to its router (it may throw:
   * the case fails with that error).
   */
  run(productsUrl: string, router: (request: SuiteRequest, headers?: Record<string, string>) => Promise<unknown>): Promise<CaseResult[]>;
}

interface Registered {
  readonly file: string;
  readonly ancestors: readonly string[];
  readonly title: string;
  readonly fn: () => unknown;
}

type SuiteClient = Record<string, unknown> & {
  graphqlRequest(url: string, request: SuiteRequest, headers?: Record<string, string>): Promise<unknown>;
};

/** Loads the suite at `dir` (see {@link locateCompatSuite}); throws naming what is missing. */
export function loadCompatSuite(dir: string): CompatSuite {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
  if (manifest.name !== COMPAT_SUITE_PACKAGE) throw new Error(`${dir} holds ${String(manifest.name)}, not ${COMPAT_SUITE_PACKAGE}`);
  const dist = path.join(dir, 'dist');
  const requireFromSuite = createRequire(path.join(dist, 'index.js'));
  const { TESTS } = requireFromSuite('./testRunner.js') as { TESTS: SuiteAssertion[] };
  const testFiles = readdirSync(path.join(dist, 'tests'))
    .filter((f) => f.endsWith('.test.js'))
    .sort();

  return {
    dir,
    version: manifest.version ?? '?',
    assertions: TESTS.map(({ assertion, required, fedVersion }) => ({ assertion, required, fedVersion })),
    read: (relative) => readFileSync(path.join(dir, relative), 'utf8'),
    async run(productsUrl, router) {
      const registered: Registered[] = [];
      let file = '';
      const ancestors: string[] = [];
      const describe = (title: string, body: () => void): void => {
        ancestors.push(title);
        try {
          body();
        } finally {
          ancestors.pop();
        }
      };
      const test = (title: string, fn: () => unknown): void => void registered.push({ file, ancestors: [...ancestors], title, fn });
      const realClient = requireFromSuite('./utils/client.js') as SuiteClient;
      // The suite's client with its two fixed addresses replaced: products at productsUrl (what its
      // PRODUCTS_URL does) and the router, which the suite expects on localhost:4000, given to `router`.
      const client: SuiteClient = {
        ...realClient,
        productsRequest: (request: SuiteRequest, headers?: Record<string, string>) => realClient.graphqlRequest(productsUrl, request, headers),
        routerRequest: router,
      };
      const modules = new Map<string, unknown>();
      const load = (filename: string): unknown => {
        const cached = modules.get(filename);
        if (cached !== undefined) return cached;
        const module = { exports: {} as Record<string, unknown> };
        modules.set(filename, module.exports);
        const own = createRequire(filename);
        const require = (id: string): unknown => {
          if (!id.startsWith('.')) return own(id);
          const target = own.resolve(id);
          if (target === path.join(dist, 'utils', 'client.js')) return client;
          return load(target);
        };
        const wrapper = compileFunction(readFileSync(filename, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname', 'describe', 'test', 'it', 'expect'], { filename });
        wrapper(module.exports, require, module, filename, path.dirname(filename), describe, test, test, expect);
        modules.set(filename, module.exports);
        return module.exports;
      };
      for (const name of testFiles) {
        file = name;
        load(path.join(dist, 'tests', name));
      }
      const results: CaseResult[] = [];
      for (const r of registered) {
        const assertion = r.ancestors[0] ?? r.title;
        try {
          await r.fn();
          results.push({ file: r.file, assertion, title: r.title, passed: true });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const actual = (error as { actual?: unknown } | undefined)?.actual;
          const received = actual === undefined ? undefined : typeof actual === 'string' ? actual : JSON.stringify(actual);
          results.push({ file: r.file, assertion, title: r.title, passed: false, failure: message.split('\n')[0]!, ...(received === undefined ? {} : { received }) });
        }
      }
      return results;
    },
  };
}
