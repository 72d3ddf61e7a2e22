// groupByShard, and describePlan/summarizePlan on a hand-built plan whose shards get
// different SQL and binds (the planner's own plans are covered by the golden files).

import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../../errors/serviceError.js';
import { sqlInt64, sqlVarchar } from '../../../util/sqlValue.js';
import type { Destination, ShardRange } from '../../key/destination.js';
import { parseKeyRange } from '../../key/keyRange.js';
import { describePlan, summarizePlan } from '../describePlan.js';
import { groupByShard } from '../groupByShard.js';
import type { SelectPlan } from '../plan.js';

const shards: ShardRange[] = ['-40', '40-80', '80-c0', 'c0-'].map((name) => ({ name, keyRange: parseKeyRange(name) }));
const ksid = (hex: string): Destination => ({ kind: 'keyspaceId', ksid: Uint8Array.from(Buffer.from(hex, 'hex')) });

describe('groupByShard', () => {
  it('groups value indexes per shard, in shard order', () => {
    const dests: Destination[] = [
      ksid('d0'),
      { kind: 'none' },
      ksid('10'),
      { kind: 'keyRange', keyRange: parseKeyRange('30-50') },
      ksid('11'),
      { kind: 'keyspaceIds', ksids: [Uint8Array.of(0x12), Uint8Array.of(0x13)] },
    ];
    expect([...groupByShard(dests, shards)]).toEqual([
      ['-40', [2, 3, 4, 5]],
      ['40-80', [3]],
      ['c0-', [0]],
    ]);
  });

  it('reaches nothing for no destinations or only none', () => {
    expect(groupByShard([], shards).size).toBe(0);
    expect(groupByShard([{ kind: 'none' }], shards).size).toBe(0);
  });

  it('throws SG304 for a keyspace id without shards', () => {
    let caught: unknown;
    try {
      groupByShard([ksid('10')], []);
    } catch (error) {
      caught = error;
    }
    expect(isServiceError(caught, 'SG304')).toBe(true);
  });
});

describe('describePlan', () => {
  const plan: SelectPlan = {
    kind: 'select',
    keyspace: 'ks',
    table: 't',
    columns: ['a'],
    route: {
      kind: 'route',
      opcode: 'MultiEqual',
      keyspace: { name: 'ks', sharded: true },
      table: 't',
      vindex: { name: 'h', type: 'hash', columns: ['a'] },
      values: [[sqlInt64(1), sqlInt64(4)]],
      sql: 'select `a` from `t` where `a` = :vtg1 or `a` = :vtg2',
      bindVars: { vtg1: sqlInt64(1), vtg2: sqlInt64(4) },
      targets: [
        { shard: '-40', sql: 'select `a` from `t` where `a` = :vtg1', bindVars: { vtg1: sqlInt64(1), vtg2: sqlInt64(4) } },
        { shard: 'c0-', sql: 'select `a` from `t` where `a` = :vtg1 or `a` = :vtg2', bindVars: { vtg1: sqlInt64(1), vtg2: sqlVarchar('x') } },
      ],
    },
    merge: { orderBy: [{ column: 0, direction: 'desc', nullsFirst: true }], offset: 2, resultColumns: 1 },
  };

  it('prints Vitess-shaped JSON with per-shard SQL and binds when they differ', () => {
    expect(describePlan(plan)).toEqual({
      QueryType: 'SELECT',
      Instructions: {
        OperatorType: 'Limit',
        Offset: 2,
        Inputs: [
          {
            OperatorType: 'Route',
            Variant: 'MultiEqual',
            Keyspace: { Name: 'ks', Sharded: true },
            BindVars: { vtg1: 'INT64(1)', vtg2: 'INT64(4)' },
            OrderBy: '0 DESC NULLS FIRST',
            Query: 'select `a` from `t` where `a` = :vtg1 or `a` = :vtg2',
            ShardBindVars: { 'c0-': { vtg2: 'VARCHAR("x")' } },
            ShardQueries: {
              '-40': 'select `a` from `t` where `a` = :vtg1',
              'c0-': 'select `a` from `t` where `a` = :vtg1 or `a` = :vtg2',
            },
            Shards: ['-40', 'c0-'],
            Values: [['INT64(1)', 'INT64(4)']],
            Vindex: 'h',
          },
        ],
      },
      TablesUsed: ['ks.t'],
    });
  });

  it('is stable JSON', () => {
    expect(JSON.stringify(describePlan(plan))).toBe(JSON.stringify(describePlan(plan)));
  });

  it('summarizes the route with its template SQL', () => {
    expect(summarizePlan(plan, 'p')).toEqual([{ path: 'p', keyspace: 'ks', opcode: 'MultiEqual', shards: ['-40', 'c0-'], sql: plan.route.sql }]);
  });
});
