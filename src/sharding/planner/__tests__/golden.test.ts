// Golden plan files: every testdata/*_cases.json case is planned and its describePlan JSON
// (or its error) compared to the file. On a mismatch `<file>.actual.json` is written beside
// it for review (gitignored); UPDATE_GOLDEN=1 rewrites the expectations instead. Cases
// translated from Vitess cite their source (vitessio/vitess go/vt/vtgate/planbuilder/
// testdata/*.json at b3666b2d0e, Apache-2.0) in their comment.

import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../../errors/serviceError.js';
import { describePlan, type JsonValue } from '../../plan/describePlan.js';
import { groupByShard } from '../../plan/groupByShard.js';
import { isBindList, type Plan, type RouteNode } from '../../plan/plan.js';
import { planQuery, type ColumnInfo, type PlanningContext } from '../planQuery.js';
import { TESTDATA, VSCHEMAS, decodeRequest, planningContext, type LAYOUTS } from './planningFixtures.js';

interface GoldenCase {
  readonly comment: string;
  readonly request: Record<string, unknown>;
  readonly limits?: { maxRows?: number };
  readonly columns?: readonly ColumnInfo[];
  readonly plan?: JsonValue;
  readonly error?: { id: string; message: string };
}

interface GoldenFile {
  readonly vschema: keyof typeof VSCHEMAS;
  readonly layout: keyof typeof LAYOUTS;
  readonly cases: readonly GoldenCase[];
}

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const models = { planbuilder: VSCHEMAS.planbuilder().model, demo: VSCHEMAS.demo().model };

function contextFor(file: GoldenFile, c: GoldenCase): PlanningContext {
  const columns = c.columns;
  return planningContext(models[file.vschema], file.layout, {
    ...(c.limits ? { limits: c.limits } : {}),
    ...(columns ? { columns: () => columns } : {}),
  });
}

/**
 * Re-checks the IN split of every IN route of a single-column functional vindex: each
 * shard's `__vals` are exactly the routing values that the vindex maps to that shard.
 */
function checkInSplit(plan: Plan, ctx: PlanningContext): void {
  const route = plan.route;
  if (route.kind !== 'route' || route.opcode !== 'IN' || route.vindex === undefined || route.vindex.columns.length !== 1) return;
  const vindex = ctx.routing.keyspaces.get(route.keyspace.name)!.vindexes.get(route.vindex.name)!;
  if (vindex.kind !== 'singleColumn') return;
  const values = route.values![0]!;
  expect(isBindList(values)).toBe(true);
  const list = isBindList(values) ? values : [];
  const expected = groupByShard(vindex.map(list), ctx.shards(route.keyspace.name));
  const actual = new Map((route as RouteNode).targets.map((t) => [t.shard, t.bindVars.__vals]));
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [shard, idx] of expected) expect(actual.get(shard)).toEqual(idx.map((i) => list[i]));
}

function run(file: GoldenFile, c: GoldenCase): GoldenCase {
  const { plan: _plan, error: _error, ...rest } = c;
  const ctx = contextFor(file, c);
  try {
    const plan = planQuery(decodeRequest(c.request), ctx);
    checkInSplit(plan, ctx);
    return { ...rest, plan: describePlan(plan) };
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return { ...rest, error: { id: error.id, message: error.message } };
  }
}

const files = readdirSync(TESTDATA).filter((f) => f.endsWith('_cases.json')).sort();

describe.each(files)('%s', (name) => {
  const path = join(TESTDATA, name);
  const golden = JSON.parse(readFileSync(path, 'utf8')) as GoldenFile;
  const actual: GoldenFile = { ...golden, cases: golden.cases.map((c) => run(golden, c)) };
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  const actualPath = path.replace(/\.json$/, '.actual.json');
  if (UPDATE) writeFileSync(path, text);
  else if (JSON.stringify(actual) !== JSON.stringify(golden)) writeFileSync(actualPath, text);
  else if (existsSync(actualPath)) rmSync(actualPath);

  it.each(golden.cases.map((c, i) => [c.comment, c, actual.cases[i]!] as const))('%s', (_comment, want, got) => {
    if (!UPDATE) expect(got).toEqual(want);
  });
});

describe('golden files', () => {
  it('hold at least 60 cases, each with a comment', () => {
    const cases = files.flatMap((f) => (JSON.parse(readFileSync(join(TESTDATA, f), 'utf8')) as GoldenFile).cases);
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const c of cases) expect(c.comment).not.toBe('');
  });
});
