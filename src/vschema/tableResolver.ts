// Resolves table names across keyspaces while the VSchema is being built: the global table
// list, FindTable and FindRoutedTable, exactly as Vitess resolves sequences, reference
// sources and routing-rule targets. Owns lookup only; the problems are worded by callers.

import type { KeyspaceDraft, TableDraft } from './buildKeyspace.js';
import type { TableRef } from './model.js';

/** The outcome of a lookup: a table (a draft, or one an unsharded keyspace serves undeclared), an error, or nothing. */
export type TableLookup =
  | { readonly kind: 'table'; readonly ref: TableRef; readonly draft?: TableDraft }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'none' };

/** A built routing rule as lookups see it. Mirrors vitess vindexes.RoutingRule (Tables or Error). */
export type RoutingLookup =
  | { readonly kind: 'tables'; readonly tables: readonly TableLookup[] }
  | { readonly kind: 'error'; readonly message: string };

const NONE: TableLookup = { kind: 'none' };

/** Table lookups over the keyspaces being built. Mirrors vitess vindexes.VSchema findTable family. */
export class TableResolver {
  /** Table name → its only table among routable keyspaces, or null when ambiguous. */
  private readonly globalTables = new Map<string, TableDraft | null>();

  constructor(private readonly keyspaces: ReadonlyMap<string, KeyspaceDraft>) {
    for (const ks of keyspaces.values()) {
      if (!ks.parsed.requireExplicitRouting) this.addGlobalTables(ks);
    }
  }

  /** Mirrors vitess vschema.go buildKeyspaceGlobalTables, in JSON order. */
  private addGlobalTables(ks: KeyspaceDraft): void {
    for (const [name, t] of ks.tables) {
      const viaSource = t.type === 'reference' ? t.source : undefined;
      const global = this.globalTables.get(name);
      if (global === null) continue;
      if (global !== undefined) {
        // A reference table pointing at the table already listed keeps the name unambiguous.
        const pointsAtGlobal = viaSource !== undefined && (viaSource.keyspace === '' || viaSource.keyspace === global.keyspace);
        if (!pointsAtGlobal) this.globalTables.set(name, null);
      } else if (viaSource === undefined || viaSource.table !== name) {
        // A reference table whose source has its name is routed through that source instead.
        this.globalTables.set(name, t);
      }
    }
  }

  /**
   * Finds `table` in `keyspace`, or among all keyspaces when `keyspace` is ''.
   * Mirrors vitess VSchema.findTable / findGlobalTable: with `constructUnsharded`, an
   * unsharded keyspace serves any table name (and a lone unsharded keyspace serves every
   * unqualified name). Errors use the Vitess messages (VT05003, ambiguous table reference).
   */
  findTable(keyspace: string, table: string, constructUnsharded: boolean): TableLookup {
    if (keyspace === '') {
      const global = this.globalTables.get(table);
      if (global) return { kind: 'table', ref: { keyspace: global.keyspace, table }, draft: global };
      if (this.keyspaces.size === 1) {
        const [only] = this.keyspaces.values();
        return this.findInKeyspace(only!, table, constructUnsharded);
      }
      return global === null ? { kind: 'error', message: `ambiguous table reference: ${table}` } : NONE;
    }
    const ks = this.keyspaces.get(keyspace);
    if (ks === undefined) return { kind: 'error', message: unknownKeyspaceMessage(keyspace) };
    return this.findInKeyspace(ks, table, constructUnsharded);
  }

  private findInKeyspace(ks: KeyspaceDraft, table: string, constructUnsharded: boolean): TableLookup {
    const draft = ks.tables.get(table);
    if (draft !== undefined) return { kind: 'table', ref: { keyspace: ks.parsed.name, table }, draft };
    if (constructUnsharded && !ks.parsed.sharded) return { kind: 'table', ref: { keyspace: ks.parsed.name, table } };
    return NONE;
  }

  /**
   * Finds a table for the primary tablet type, obeying keyspace and table routing rules.
   * Mirrors vitess VSchema.FindRoutedTable with TabletType_PRIMARY: the keyspace is routed
   * first, then a rule for `ks.t@primary` or `ks.t` (or `t@primary`, `t`) wins over lookup.
   */
  findRoutedTable(
    keyspace: string,
    table: string,
    routingRules: ReadonlyMap<string, RoutingLookup>,
    keyspaceRoutingRules: ReadonlyMap<string, string>,
  ): TableLookup {
    const routedKeyspace = keyspaceRoutingRules.get(keyspace) ?? keyspace;
    const qualified = routedKeyspace === '' ? table : `${routedKeyspace}.${table}`;
    for (const name of [`${qualified}@primary`, qualified]) {
      const rule = routingRules.get(name);
      if (rule === undefined) continue;
      if (rule.kind === 'error') return rule;
      return rule.tables[0] ?? { kind: 'error', message: `table ${table} has been disabled` };
    }
    return this.findTable(routedKeyspace, table, true);
  }
}

/** The Vitess error for a keyspace that is not in the VSchema (vterrors.VT05003). */
export function unknownKeyspaceMessage(keyspace: string): string {
  return `VT05003: unknown database '${keyspace}' in vschema`;
}
