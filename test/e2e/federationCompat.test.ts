// Apollo's federation subgraph compatibility suite (@apollo/federation-subgraph-compatibility-tests,
// its installed dist/tests run by test/helpers/federationCompatSuite.ts) against a shardgate
// subgraph whose tables mirror the suite's `products` schema and hold its expected data set
// (apollographql/apollo-federation-subgraph-compatibility COMPATIBILITY.md), in a throwaway
// unsharded keyspace on the shared MariaDB. The suite's router cases need its supergraph
// (products + the suite's users and inventory subgraphs); that supergraph is composed here with
// @apollo/composition, and since it does not compose, the router is a function that says why.
// Every case's outcome is asserted against EXPECTED, and README.md's table against both.
// The suite is not a dependency (its @apollo/rover postinstall downloads a binary): without it
// installed (see locateCompatSuite) this file is skipped, saying how to install it.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../helpers/demoServer.js';
import { COMPAT_SUITE_PACKAGE, loadCompatSuite, locateCompatSuite, type CaseResult, type CompatSuite } from '../helpers/federationCompatSuite.js';
import { createTestDatabases, runInDatabase, type TestDatabases } from '../helpers/mariadb.js';

const suiteDir = locateCompatSuite();

/**
 * The suite's products schema as tables: entity keys are primary keys, object fields are
 * foreign keys named `<field>_id` (shardgate names an object relationship after its FK column
 * without `_id`), `Product.research` is a configured relationship (its FK name would be
 * `ProductResearches`). Data: the suite's expected data set.
 */
const PRODUCTS_DDL = [
  'CREATE TABLE `User` (email VARCHAR(64) NOT NULL PRIMARY KEY, name VARCHAR(64), totalProductsCreated INT, yearsOfEmployment INT NOT NULL)',
  'CREATE TABLE ProductVariation (id VARCHAR(32) NOT NULL PRIMARY KEY)',
  'CREATE TABLE ProductDimension (id INT NOT NULL PRIMARY KEY, size VARCHAR(16), weight DOUBLE, unit VARCHAR(8))',
  'CREATE TABLE CaseStudy (caseNumber VARCHAR(16) NOT NULL PRIMARY KEY, description VARCHAR(64))',
  `CREATE TABLE Product (id VARCHAR(32) NOT NULL PRIMARY KEY, sku VARCHAR(32), \`package\` VARCHAR(64), variation_id VARCHAR(32), dimensions_id INT,
     createdBy_id VARCHAR(64), notes VARCHAR(64),
     FOREIGN KEY (variation_id) REFERENCES ProductVariation (id), FOREIGN KEY (dimensions_id) REFERENCES ProductDimension (id),
     FOREIGN KEY (createdBy_id) REFERENCES \`User\` (email))`,
  `CREATE TABLE ProductResearch (study_id VARCHAR(16) NOT NULL PRIMARY KEY, outcome VARCHAR(64), product_id VARCHAR(32) NOT NULL,
     FOREIGN KEY (study_id) REFERENCES CaseStudy (caseNumber))`,
  `CREATE TABLE DeprecatedProduct (sku VARCHAR(32) NOT NULL, \`package\` VARCHAR(64) NOT NULL, reason VARCHAR(64), createdBy_id VARCHAR(64),
     PRIMARY KEY (sku, \`package\`), FOREIGN KEY (createdBy_id) REFERENCES \`User\` (email))`,
  "INSERT INTO `User` VALUES ('support@apollographql.com', 'Jane Smith', 1337, 10)",
  "INSERT INTO ProductVariation VALUES ('OSS'), ('platform')",
  "INSERT INTO ProductDimension VALUES (1, 'small', 1, 'kg')",
  "INSERT INTO CaseStudy VALUES ('1234', 'Federation Study'), ('1235', 'Studio Study')",
  `INSERT INTO Product VALUES ('apollo-federation', 'federation', '@apollo/federation', 'OSS', 1, 'support@apollographql.com', NULL),
     ('apollo-studio', 'studio', '', 'platform', 1, 'support@apollographql.com', NULL)`,
  "INSERT INTO ProductResearch VALUES ('1234', NULL, 'apollo-federation'), ('1235', NULL, 'apollo-studio')",
  "INSERT INTO DeprecatedProduct VALUES ('apollo-federation-v1', '@apollo/federation-v1', 'Migrate to Federation V2', 'support@apollographql.com')",
];

/** The normalised SDL (stripIgnoredCharacters) starts with shardgate's link: only @key and @shareable. */
const LINK_ONLY = 'extend schema@link(url:"https://specs.apollo.dev/federation/v2.3" import:["@key" "@shareable"])';
const NO_ROUTER = "no router: the suite's supergraph does not compose";
const NO_PRODUCT_FIELD = 'Cannot query field \\"product\\" on type \\"Query\\"';

/**
 * Every case of suite 1.2.1 in its run order; a failing one with what its failure (first line of
 * the assertion error and what it received) must contain. README.md's Federation section
 * explains each.
 */
const EXPECTED: readonly { assertion: string; title: string; failsWith?: readonly string[] }[] = [
  { assertion: '@composeDirective', title: '@composeDirective', failsWith: [LINK_ONLY] },
  { assertion: 'ftv1', title: 'ftv1' },
  { assertion: '@inaccessible', title: 'should return @inaccessible directives in _service sdl', failsWith: [LINK_ONLY] },
  { assertion: '@inaccessible', title: 'should be able to query @inaccessible fields via the products schema directly', failsWith: [NO_PRODUCT_FIELD] },
  { assertion: '@interfaceObject', title: 'verifies schema contains entity type marked as @interfaceObject', failsWith: [LINK_ONLY] },
  { assertion: '@interfaceObject', title: 'verifies @interfaceObject entity returns new fields', failsWith: [NO_ROUTER] },
  {
    assertion: 'introspection',
    title: 'introspection',
    failsWith: [
      ' * CaseStudy defines different return type for caseNumber field, expected ID but was String',
      ' * ProductResearch defines different nullability for study field, expected non-nullable but was nullable',
      ' * User type does not declare averageProductsCreatedPerYear field',
      ' * User defines different return type for email field, expected ID but was String',
      ' * Query type does not declare product field',
      ' * Query type does not declare deprecatedProduct field',
    ],
  },
  { assertion: '@key single', title: 'applies single field @key on User', failsWith: ['type User implements Node@key(fields:"email"){'] },
  { assertion: '@key single', title: 'resolves single field @key on User' },
  { assertion: '@key multiple', title: 'applies multiple field @key on DeprecatedProduct', failsWith: ['type DeprecatedProduct implements Node@key(fields:"sku package"){'] },
  { assertion: '@key multiple', title: 'resolves multiple field @key on DeprecatedProduct' },
  { assertion: '@key composite', title: 'applies composite object @key on ProductResearch', failsWith: ['type ProductResearch implements Node@key(fields:"study_id"){'] },
  { assertion: '@key composite', title: 'resolves composite object @key on ProductResearch', failsWith: ['ProductResearch has no complete @key: \\"study_id\\" lacks study_id'] },
  { assertion: 'repeatable @key', title: 'applies repeatable @key directive on Product', failsWith: ['type Product implements Node@key(fields:"id_column"){'] },
  { assertion: 'repeatable @key', title: 'resolves multiple @key directives on Product', failsWith: ['Product has no complete @key: \\"id_column\\" lacks id_column'] },
  { assertion: '@link', title: '@link' },
  { assertion: '@override', title: 'should return @override directives in _service sdl', failsWith: [LINK_ONLY] },
  { assertion: '@override', title: 'should return overridden user name', failsWith: [NO_ROUTER] },
  { assertion: '@provides', title: '@provides', failsWith: [NO_PRODUCT_FIELD] },
  { assertion: '@requires', title: '@requires', failsWith: [NO_ROUTER] },
  { assertion: '@shareable', title: 'should return @shareable directives in _service sdl', failsWith: ['type ProductDimension implements Node@key(fields:"id_column"){'] },
  { assertion: '@shareable', title: 'should be able to resolve @shareable ProductDimension types', failsWith: [NO_ROUTER] },
  { assertion: '@tag', title: '@tag', failsWith: [LINK_ONLY] },
];

describe.skipIf(suiteDir === undefined)(
  `Apollo's federation subgraph compatibility suite (${suiteDir === undefined ? `not installed: \`npm install --no-save --ignore-scripts ${COMPAT_SUITE_PACKAGE}@1.2.1\` or SHARDGATE_FEDERATION_COMPAT_SUITE=<its folder>` : suiteDir})`,
  () => {
    let suite: CompatSuite;
    let databases: TestDatabases;
    let dir: string;
    let srv: DemoServer;
    let composition: string[];
    let results: CaseResult[];

    beforeAll(async () => {
      suite = loadCompatSuite(suiteDir!);
      databases = await createTestDatabases(['products']);
      await runInDatabase(databases.names.products!, PRODUCTS_DDL);
      dir = await mkdtemp(path.join(tmpdir(), 'sgt-fedcompat-'));
      const configPath = path.join(dir, 'shardgate.json');
      await writeFile(
        configPath,
        JSON.stringify({
          keyspaces: { products: { vschema: { sharded: false, tables: {} }, shards: { '0': { primary: databases.urls.products } } } },
          relationships: [{ from: 'products.ProductResearch', name: 'product', columns: ['product_id'], to: 'products.Product', toColumns: ['id'], reverse: 'research' }],
          federation: true,
        }),
      );
      srv = await startDemoServer(configPath);
      const sdl = ((await srv.query('{ _service { sdl } }')).data as { _service: { sdl: string } })._service.sdl;
      const composed = composeServices([
        { name: 'products', url: srv.url, typeDefs: parse(sdl) },
        { name: 'users', url: 'http://users.invalid', typeDefs: parse(suite.read('dist/subgraphs/users/users.graphql')) },
        { name: 'inventory', url: 'http://inventory.invalid', typeDefs: parse(suite.read('dist/subgraphs/inventory/inventory.graphql')) },
      ]);
      composition = (composed.errors ?? []).map((e) => e.message);
      const noRouter =
        composition.length > 0
          ? `no router: the suite's supergraph does not compose (${composition.length} errors)`
          : 'no router: the supergraph composes, but this harness starts none (nor the suite\'s users and inventory subgraphs)';
      results = await suite.run(srv.url, () => Promise.reject(new Error(noRouter)));
    }, 120_000);

    afterAll(async () => {
      await srv?.server.stop();
      await databases?.drop();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('runs every case the suite has, each with the outcome EXPECTED gives it and for its reason', () => {
      expect(suite.version).toBe('1.2.1');
      expect(results.map((r) => `${r.assertion} › ${r.title}`)).toEqual(EXPECTED.map((e) => `${e.assertion} › ${e.title}`));
      for (const [i, r] of results.entries()) {
        const expected = EXPECTED[i]!;
        const where = `${r.file}: ${r.assertion} › ${r.title}`;
        expect(r.passed, `${where}: ${r.failure ?? ''}`).toBe(expected.failsWith === undefined);
        for (const part of expected.failsWith ?? []) expect(`${r.failure ?? ''}\n${r.received ?? ''}`, where).toContain(part);
      }
    });

    it('passes, by the suite\'s own grouping (an assertion passes when none of its cases failed), only ftv1 and @link', () => {
      const passed = suite.assertions.filter((a) => !results.some((r) => r.assertion === a.assertion && !r.passed)).map((a) => a.assertion);
      expect(passed).toEqual(['ftv1', '@link']);
      // Its required ones: introspection, @key single, @link.
      expect(suite.assertions.filter((a) => a.required).map((a) => a.assertion)).toEqual(['introspection', '@key single', '@link']);
    });

    it("cannot compose the suite's supergraph: shardgate declares no @shareable or @override on its fields, and its key columns are not ID", () => {
      const fields = composition.map((message) => /"(\w+\.\w+)"/.exec(message)?.[1] ?? message).sort();
      expect(fields).toEqual(['Product.id', 'ProductDimension.size', 'ProductDimension.weight', 'User.email', 'User.name', 'User.totalProductsCreated', 'User.yearsOfEmployment']);
    });

    it("README.md lists every case with the outcome it has here", () => {
      const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
      const rows = readme
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.startsWith('| `') && line.includes('` | '));
      const listed = new Map(
        rows.map((line) => {
          const [assertion, title, outcome] = line.split(' | ').map((cell) => cell.replace(/^\| /, '').replace(/`/g, ''));
          return [`${assertion!} › ${title!}`, outcome!];
        }),
      );
      for (const r of results) expect(listed.get(`${r.assertion} › ${r.title}`), `README row for ${r.assertion} › ${r.title}`).toBe(r.passed ? 'pass' : 'fail');
    });
  },
);
