// Resolving an aggregate field (`T_aggregate` at the root, `R_aggregate` on an array relationship):
// reads which aggregate functions the operation selects below it and asks the runtime once for
// sum/avg/min/max and the first count, and once more per other distinct count request. Owns the
// selection reading and the combination; which rows are aggregated is the caller's `fetch`.

import { getArgumentValues, type GraphQLResolveInfo } from 'graphql';
import type { AggregateResult, AggregateSelection } from '../resolvers/apiRuntime.js';
import { invariant } from '../util/invariant.js';
import { collectSubfields, objectTypeNamed, subfieldsNamed } from './selection.js';
import type { TableNames } from './schemaNames.js';
import { countKey, countSpec, type AggregateValues, type CountSpec } from './tableTypes.js';

/** The aggregate functions selected below the aggregate field: sum/avg/min/max columns and every distinct count request. */
function aggregateRequests(info: GraphQLResolveInfo, names: TableNames): { counts: CountSpec[]; selection: Omit<AggregateSelection, 'count'> } {
  const aggregateType = objectTypeNamed(info, names.aggregate);
  const fieldsType = objectTypeNamed(info, names.aggregateFields);
  const countField = fieldsType.getFields().count;
  invariant(countField !== undefined, `${names.aggregateFields} has no count field`);
  const counts = new Map<string, CountSpec>();
  const columns = { sum: new Set<string>(), avg: new Set<string>(), min: new Set<string>(), max: new Set<string>() };
  for (const node of collectSubfields(info, subfieldsNamed(info, info.fieldNodes, aggregateType, 'aggregate'), fieldsType)) {
    const name = node.name.value;
    if (name === 'count') {
      const spec = countSpec(getArgumentValues(countField, node, info.variableValues) as Parameters<typeof countSpec>[0]);
      counts.set(countKey(spec), spec);
    } else if (name === 'sum' || name === 'avg' || name === 'min' || name === 'max') {
      const recordType = objectTypeNamed(info, { sum: names.sumFields, avg: names.avgFields, min: names.minFields, max: names.maxFields }[name]);
      for (const field of collectSubfields(info, [node], recordType)) {
        const column = names.columnOfField.get(field.name.value);
        if (column !== undefined) columns[name].add(column);
      }
    }
  }
  const ordinal = (set: Set<string>): string[] => names.columns.map((c) => c.column.name).filter((c) => set.has(c));
  const selection: Omit<AggregateSelection, 'count'> = Object.fromEntries(
    (['sum', 'avg', 'min', 'max'] as const).filter((fn) => columns[fn].size > 0).map((fn) => [fn, ordinal(columns[fn])]),
  );
  return { counts: [...counts.values()], selection };
}

/**
 * Resolves an aggregate field of the table `names` describes: nothing is fetched when no
 * aggregate function is selected (count 0 is never asked for); otherwise `fetch` runs once with
 * sum/avg/min/max and the first count request, and once per further distinct count request
 * (count with other columns or distinct), all at once. Contract: the AggregateValues carry every
 * selected count under countKey and the sum/avg/min/max records of the first fetch; a rejected
 * fetch rejects the field.
 */
export async function resolveAggregateValues(
  info: GraphQLResolveInfo,
  names: TableNames,
  fetch: (selection: AggregateSelection) => Promise<AggregateResult>,
): Promise<AggregateValues> {
  const { counts, selection } = aggregateRequests(info, names);
  if (counts.length === 0 && Object.keys(selection).length === 0) return { counts: new Map() };
  const [first, ...others] = counts;
  const [main, ...extra] = await Promise.all([fetch({ ...selection, ...(first === undefined ? {} : { count: first }) }), ...others.map((count) => fetch({ count }))]);
  const countValues = new Map<string, number>();
  [main!, ...extra].forEach((result, i) => {
    const spec = counts[i];
    if (spec !== undefined) countValues.set(countKey(spec), result.count ?? 0);
  });
  return { counts: countValues, sum: main!.sum, avg: main!.avg, min: main!.min, max: main!.max };
}
