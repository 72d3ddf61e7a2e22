// Choosing the vindex that routes a query on a sharded table, exactly as Vitess's planner
// does: every AND-ed atom on vindex columns opens options, and the cheapest option wins by
// opcode, then uniqueness, then vindex cost. Mirrors vitess go/vt/vtgate/planbuilder/
// operators/sharded_routing.go and route.go. Owns no value mapping and no SQL.

import { SQL_NULL, type SqlValue } from '../../util/sqlValue.js';
import type { BindValue, Opcode } from '../plan/plan.js';
import type { Vindex } from '../vindexes/vindex.js';
import { columnKey } from './normalizePredicate.js';
import type { Predicate } from './queryRequest.js';
import type { RoutingColumnVindex } from './routingSchema.js';

/** A routing value of one vindex column: one value (`=`, IS NULL, LIKE) or a list (IN, MultiEqual). */
export type RouteValue = BindValue;

/** Vitess's engine.Opcode order, which `less` compares (lower is better). */
const OPCODE_RANK: Record<Opcode, number> = {
  Unsharded: 0,
  EqualUnique: 1,
  Equal: 2,
  IN: 3,
  MultiEqual: 5,
  SubShard: 6,
  Scatter: 7,
  Reference: 10,
  None: 11,
  ByDestination: 12,
};

/** Vitess operators.Cost. */
interface Cost {
  readonly vindexCost: number;
  readonly isUnique: boolean;
  readonly opcode: Opcode;
}

/**
 * One way to route with one column vindex (Vitess VindexOption): a value and the atom it
 * came from per vindex column; `ready` once every column has one. `vindex` is what maps
 * the values: the column vindex's own, or its prefix vindex for LIKE.
 */
export interface VindexOption {
  readonly columnVindex: RoutingColumnVindex;
  readonly vindex: Vindex;
  readonly values: (RouteValue | undefined)[];
  readonly predicates: (Predicate | undefined)[];
  readonly colsSeen: Set<string>;
  ready: boolean;
  opcode: Opcode | undefined;
  cost: Cost;
}

/** The routing decision for a sharded table: an opcode and, unless Scatter, the option used. */
export interface VindexSelection {
  readonly opcode: Opcode;
  readonly option?: VindexOption;
}

interface VindexPlusPredicates {
  readonly columnVindex: RoutingColumnVindex;
  options: VindexOption[];
}

type OpcodeFor = (cv: RoutingColumnVindex) => Opcode;
type VindexFor = (cv: RoutingColumnVindex) => Vindex | undefined;

/** Mirrors vitess operators.less: opcode first, then a unique vindex, then the lower cost (ties: the later one). */
function less(c1: Cost, c2: Cost): boolean {
  if (c1.opcode !== c2.opcode) return OPCODE_RANK[c1.opcode] < OPCODE_RANK[c2.opcode];
  if (c1.isUnique === c2.isUnique) return c1.vindexCost <= c2.vindexCost;
  return c1.isUnique;
}

/** Mirrors vitess operators.costFor. */
function costFor(cv: RoutingColumnVindex, opcode: Opcode): Cost {
  if (opcode === 'Unsharded' || opcode === 'Reference' || opcode === 'None' || opcode === 'Scatter') {
    return { vindexCost: 0, isUnique: false, opcode };
  }
  return { vindexCost: cv.cost, isUnique: cv.isUnique, opcode };
}

/** Mirrors vitess operators.equalOrEqualUnique. */
const equalOrEqualUnique: OpcodeFor = (cv) => (cv.partial ? 'SubShard' : cv.isUnique ? 'EqualUnique' : 'Equal');
const justTheVindex: VindexFor = (cv) => cv.vindex;

class ShardedRouting {
  readonly #preds: VindexPlusPredicates[];
  opcode: Opcode = 'Scatter';
  selected: VindexOption | undefined;

  constructor(columnVindexes: readonly RoutingColumnVindex[], pinned: VindexOption | undefined) {
    this.#preds = columnVindexes.filter((cv) => !cv.backfill).map((cv) => ({ columnVindex: cv, options: [] }));
    if (pinned) {
      this.selected = pinned;
      this.opcode = 'EqualUnique';
    }
  }

  /** Mirrors searchForNewVindexes + PickBestAvailableVindex for one AND-ed atom. */
  update(atom: Predicate): void {
    if (this.#search(atom)) this.#pickBest();
  }

  /** Mirrors the second pass of tryImprove: an OR of equality ANDs as a tuple IN (MultiEqual). */
  updateWithTuple(or: Predicate, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): void {
    let found = false;
    columns.forEach((column, i) => {
      if (!this.#hasVindex(column)) return;
      const values = rows.map((row) => row[i]!);
      found = this.#haveMatchingVindex(or, column, values, () => 'MultiEqual', justTheVindex) || found;
    });
    if (found) this.#pickBest();
  }

  #search(atom: Predicate): boolean {
    switch (atom.kind) {
      case 'cmp':
        return atom.op === '=' && this.#haveMatchingVindex(atom, atom.column, atom.value, equalOrEqualUnique, justTheVindex);
      case 'in':
        return !atom.negated && this.#haveMatchingVindex(atom, atom.column, atom.values, () => 'IN', justTheVindex);
      case 'isNull': {
        const opcode: OpcodeFor = (cv) => (cv.vindex.kind === 'lookup' ? 'Scatter' : equalOrEqualUnique(cv));
        return !atom.negated && this.#haveMatchingVindex(atom, atom.column, SQL_NULL, opcode, justTheVindex);
      }
      case 'like': {
        const prefix: VindexFor = (cv) => (cv.vindex.kind === 'singleColumn' ? cv.vindex.prefixVindex?.() : undefined);
        return !atom.negated && this.#haveMatchingVindex(atom, atom.column, atom.pattern, () => 'Equal', prefix);
      }
      default:
        return false;
    }
  }

  #hasVindex(column: string): boolean {
    return this.#preds.some((vp) => vp.columnVindex.columns.some((c) => columnKey(c) === columnKey(column)));
  }

  #haveMatchingVindex(node: Predicate, column: string, value: RouteValue, opcodeFor: OpcodeFor, vindexFor: VindexFor): boolean {
    let found = false;
    for (const vp of this.#preds) found = processColumnVindex(vp, node, column, value, opcodeFor, vindexFor) || found;
    return found;
  }

  #pickBest(): void {
    for (const vp of this.#preds) {
      const option = bestOption(vp);
      if (option && (this.selected === undefined || less(option.cost, this.selected.cost))) {
        this.selected = option;
        this.opcode = option.opcode!;
      }
    }
  }
}

/** Mirrors updateWithNewColumn: records the column and raises the option's opcode. */
function withColumn(option: VindexOption, index: number, column: string, value: RouteValue, node: Predicate, opcode: Opcode): VindexOption {
  const cv = option.columnVindex;
  const values = [...option.values];
  const predicates = [...option.predicates];
  values[index] = value;
  predicates[index] = node;
  const colsSeen = new Set(option.colsSeen).add(columnKey(column));
  const raise = option.opcode === undefined || OPCODE_RANK[option.opcode] < OPCODE_RANK[opcode];
  return {
    columnVindex: cv,
    vindex: option.vindex,
    values,
    predicates,
    colsSeen,
    ready: colsSeen.size === cv.columns.length,
    opcode: raise ? opcode : option.opcode,
    cost: raise ? costFor(cv, opcode) : option.cost,
  };
}

/**
 * Mirrors processSingleColumnVindex and processMultiColumnVindex: an atom on the first
 * column of a single-column vindex gives a ready option; one on any column of a
 * multi-column vindex extends every unfinished option that lacks that column and starts a
 * new one. True when a ready option was added.
 */
function processColumnVindex(
  vp: VindexPlusPredicates,
  node: Predicate,
  column: string,
  value: RouteValue,
  opcodeFor: OpcodeFor,
  vindexFor: VindexFor,
): boolean {
  const cv = vp.columnVindex;
  const single = cv.vindex.kind !== 'multiColumn';
  const index = single
    ? columnKey(cv.columns[0]!) === columnKey(column) ? 0 : -1
    : cv.columns.findIndex((c) => columnKey(c) === columnKey(column));
  if (index < 0) return false;
  const opcode = opcodeFor(cv);
  const vindex = vindexFor(cv);
  if (vindex === undefined || opcode === 'Scatter') return false;
  if (single) {
    const colsSeen = new Set([columnKey(column)]);
    vp.options.push({ columnVindex: cv, vindex, values: [value], predicates: [node], colsSeen, ready: true, opcode, cost: costFor(cv, opcode) });
    return true;
  }
  const extended = vp.options
    .filter((op) => !op.ready && !op.colsSeen.has(columnKey(column)))
    .map((op) => withColumn(op, index, column, value, node, opcode));
  const fresh: VindexOption = {
    columnVindex: cv,
    vindex,
    values: cv.columns.map(() => undefined),
    predicates: cv.columns.map(() => undefined),
    colsSeen: new Set(),
    ready: false,
    opcode: undefined,
    cost: costFor(cv, 'Unsharded'),
  };
  const started = withColumn(fresh, index, column, value, node, opcode);
  vp.options.push(...extended, started);
  return extended.some((op) => op.ready) || started.ready;
}

/** Mirrors VindexPlusPredicates.bestOption: the cheapest ready option; the other ready ones are dropped. */
function bestOption(vp: VindexPlusPredicates): VindexOption | undefined {
  let best: VindexOption | undefined;
  const keep: VindexOption[] = [];
  for (const option of vp.options) {
    if (!option.ready) keep.push(option);
    else if (best === undefined || less(option.cost, best.cost)) best = option;
  }
  if (best) keep.push(best);
  vp.options = keep;
  return best;
}

/**
 * Mirrors vitess sqlparser.ExtractINFromOR: when every operand of `or` is an AND of `=`
 * atoms on the same columns in the same order, the columns and one value row per operand.
 */
export function extractTupleFromOr(or: Predicate): { columns: string[]; rows: SqlValue[][] } | undefined {
  if (or.kind !== 'or') return undefined;
  let columns: string[] | undefined;
  const rows: SqlValue[][] = [];
  for (const operand of or.operands) {
    const atoms = operand.kind === 'and' ? operand.operands : [operand];
    const cols: string[] = [];
    const row: SqlValue[] = [];
    for (const atom of atoms) {
      if (atom.kind !== 'cmp' || atom.op !== '=') return undefined;
      cols.push(atom.column);
      row.push(atom.value);
    }
    if (columns === undefined) columns = cols;
    else if (cols.length !== columns.length || cols.some((c, i) => columnKey(c) !== columnKey(columns![i]!))) return undefined;
    rows.push(row);
  }
  return columns === undefined ? undefined : { columns, rows };
}

/**
 * Chooses how to route a query on a sharded table from its AND-ed atoms.
 * Contract: mirrors ShardedRouting.tryImprove: each atom (`=`, IN, IS NULL, LIKE on a
 * prefixable vindex) on a usable column vindex's column adds options, and after each the
 * best is kept (`less`: opcode EqualUnique < Equal < IN < MultiEqual < SubShard < Scatter,
 * then unique, then cost, ties to the later vindex). Only if that leaves Scatter, ORs of
 * equality ANDs are tried as tuple INs (MultiEqual). `write_only` lookups are skipped; IS
 * NULL never routes through a lookup vindex. `pinned` starts as the selected option.
 */
export function selectVindex(
  columnVindexes: readonly RoutingColumnVindex[],
  conjuncts: readonly Predicate[],
  pinned?: VindexOption,
): VindexSelection {
  const routing = new ShardedRouting(columnVindexes, pinned);
  for (const atom of conjuncts) routing.update(atom);
  if (routing.opcode === 'Scatter') {
    for (const c of conjuncts) {
      const tuple = extractTupleFromOr(c);
      if (tuple) routing.updateWithTuple(c, tuple.columns, tuple.rows);
    }
  }
  return routing.selected === undefined ? { opcode: routing.opcode } : { opcode: routing.opcode, option: routing.selected };
}

/** The option that routes a pinned table: EqualUnique on the binary vindex with the pinned keyspace id. */
export function pinnedOption(binary: Vindex, ksid: SqlValue): VindexOption {
  const cv: RoutingColumnVindex = {
    name: binary.name,
    type: binary.type,
    columns: [],
    vindex: binary,
    isUnique: true,
    cost: 0,
    partial: false,
    backfill: false,
  };
  return {
    columnVindex: cv,
    vindex: binary,
    values: [ksid],
    predicates: [undefined],
    colsSeen: new Set(),
    ready: true,
    opcode: 'EqualUnique',
    cost: { vindexCost: 0, isUnique: false, opcode: 'EqualUnique' },
  };
}
