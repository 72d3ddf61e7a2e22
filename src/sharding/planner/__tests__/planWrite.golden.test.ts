// Golden write plans: every testdata/*_writes.json case is planned with planWrite and its
// describeWritePlan JSON (or its error) compared to the file; on a mismatch
// `<file>.actual.json` is written beside it, UPDATE_GOLDEN=1 rewrites the expectations.
// Each insert target is re-checked against the vindex itself: every row it carries maps to
// that shard. Cases after Vitess cite vitessio/vitess go/vt/vtgate/planbuilder/testdata/
// dml_cases.json at b3666b2d0e (Apache-2.0) in their comment.

import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../../errors/serviceError.js';
import { resolveDestination } from '../../key/resolveDestination.js';
import type { JsonValue } from '../../plan/describePlan.js';
import { describeWritePlan, summarizeWritePlan } from '../../plan/describeWritePlan.js';
import type { InsertPlan } from '../../plan/writePlan.js';
import type { ColumnInfo } from '../planQuery.js';
import { planWrite, WritePlanCache, type WritePlanningContext } from '../planWrite.js';
import type { WriteRequest } from '../writeRequest.js';
import { TESTDATA, VSCHEMAS, decodeRequest, decodeValue, planningContext, type LAYOUTS } from './planningFixtures.js';

interface GoldenCase {
  readonly comment: string;
  readonly request: Record<string, unknown>;
  readonly limits?: { maxRows?: number; allowScatterWrites?: boolean };
  /** Introspected columns of every table (names only matter to writes). */
  readonly columns?: readonly ColumnInfo[];
  readonly plan?: JsonValue;
  readonly summary?: JsonValue;
  readonly error?: { id: string; message: string };
}

interface GoldenFile {
  readonly vschema: keyof typeof VSCHEMAS;
  readonly layout: keyof typeof LAYOUTS;
  readonly cases: readonly GoldenCase[];
}

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const models = { planbuilder: VSCHEMAS.planbuilder().model, demo: VSCHEMAS.demo().model };

/** Decodes the JSON form of a WriteRequest: values as decodeValue reads them, the where as decodeRequest does. */
export function decodeWriteRequest(json: Record<string, unknown>): WriteRequest {
  const where = json.where === undefined ? {} : { where: decodeRequest({ where: json.where }).where! };
  switch (json.kind) {
    case 'insert':
      return { ...(json as unknown as WriteRequest & { kind: 'insert' }), rows: (json.rows as unknown[][]).map((row) => row.map(decodeValue)) };
    case 'update': {
      const clauses = (list: unknown) => ((list ?? []) as { column: string; value: unknown }[]).map((c) => ({ column: c.column, value: decodeValue(c.value) }));
      return { ...(json as unknown as WriteRequest & { kind: 'update' }), set: clauses(json.set), inc: clauses(json.inc), ...where };
    }
    default:
      return { ...(json as unknown as WriteRequest & { kind: 'delete' }), ...where };
  }
}

function contextFor(file: GoldenFile, c: GoldenCase): WritePlanningContext {
  const columns = c.columns;
  return planningContext(models[file.vschema], file.layout, { ...(c.limits ? { limits: c.limits } : {}), ...(columns ? { columns: () => columns } : {}) });
}

/** Every row of every insert target maps, by the table's primary vindex, to that target's shard. */
function checkInsertTargets(plan: InsertPlan, ctx: WritePlanningContext): void {
  const routing = plan.routing;
  if (routing.kind !== 'vindex' || plan.targets === undefined) return;
  const shards = ctx.shards(plan.keyspace.name);
  for (const target of plan.targets) {
    for (const r of target.rows) {
      const values = routing.columns.map((c) => plan.rows[r]![c]!);
      const [dest] = routing.mapper.kind === 'singleColumn' ? routing.mapper.map(values) : routing.mapper.map([values]);
      expect(resolveDestination(dest!, shards)).toEqual([target.shard]);
    }
  }
}

function run(file: GoldenFile, c: GoldenCase): GoldenCase {
  const { plan: _plan, summary: _summary, error: _error, ...rest } = c;
  const ctx = contextFor(file, c);
  try {
    const plan = planWrite(decodeWriteRequest(c.request), ctx);
    if (plan.kind === 'insert') checkInsertTargets(plan, ctx);
    return { ...rest, plan: describeWritePlan(plan), summary: summarizeWritePlan(plan, 'f') as unknown as JsonValue };
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return { ...rest, error: { id: error.id, message: error.message } };
  }
}

const files = readdirSync(TESTDATA).filter((f) => f.endsWith('_writes.json')).sort();

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

/** A case's plan, or its error's id and message. */
function outcome(plan: () => unknown): unknown {
  try {
    return plan();
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return { id: error.id, message: error.message };
  }
}

describe('WritePlanCache', () => {
  const cases = files.flatMap((f) => {
    const golden = JSON.parse(readFileSync(join(TESTDATA, f), 'utf8')) as GoldenFile;
    return golden.cases.map((c) => [`${f}: ${c.comment}`, golden, c] as const);
  });
  it.each(cases)('%s: the same plan (or error) with a cache, when it fills and when it hits', (_name, file, c) => {
    const ctx = contextFor(file, c);
    const request = decodeWriteRequest(c.request);
    const want = outcome(() => planWrite(request, ctx));
    const cache = new WritePlanCache(ctx);
    expect(outcome(() => planWrite(request, ctx, cache))).toEqual(want);
    expect(outcome(() => planWrite(request, ctx, cache))).toEqual(want);
  });

  it('serves only the context it was made for', () => {
    const [, file, c] = cases.find(([, , x]) => (x.request as { kind?: string }).kind === 'insert')!;
    const cache = new WritePlanCache(contextFor(file, c));
    expect(() => planWrite(decodeWriteRequest(c.request), contextFor(file, c), cache)).toThrow(/serves the planning context it was created for/);
  });
});

describe('write golden files', () => {
  it('hold at least 40 cases, each with a comment, covering every opcode and the write errors', () => {
    const cases = files.flatMap((f) => (JSON.parse(readFileSync(join(TESTDATA, f), 'utf8')) as GoldenFile).cases);
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) expect(c.comment).not.toBe('');
    const variants = new Set(cases.map((c) => (c.plan as { Instructions?: { Variant?: string } } | undefined)?.Instructions?.Variant));
    for (const v of ['Sharded', 'Unsharded', 'EqualUnique', 'IN', 'Scatter', 'None']) expect(variants).toContain(v);
    const ids = new Set(cases.map((c) => c.error?.id));
    for (const id of ['SG510', 'SG511', 'SG512', 'SG513', 'SG514', 'SG515', 'SG203']) expect(ids).toContain(id);
  });
});
