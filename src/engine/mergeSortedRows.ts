// The k-way merge of per-shard row streams that MySQL already sorted: a binary heap keyed by
// compareRows, ties broken by stream order so the merge is deterministic. Mirrors vitess
// go/vt/vtgate/engine/merge_sort.go (MergeSort over evalengine.Merger). Owns no I/O and no
// offset/limit (mergeResults applies those to what this yields).

import { compareRows } from '../sharding/plan/compareRows.js';
import type { OrderKey, Row } from '../sharding/plan/plan.js';

/** A stream's current head in the heap: its row, the stream index and the row's index in it. */
interface Head {
  readonly row: Row;
  readonly stream: number;
  readonly at: number;
}

/** True when `rows` is already in `keys` order (equal neighbours allowed). */
export function isSortedBy(rows: readonly Row[], keys: readonly OrderKey[]): boolean {
  for (let i = 1; i < rows.length; i++) if (compareRows(rows[i - 1]!, rows[i]!, keys) > 0) return false;
  return true;
}

/** True when head `a` comes out before head `b`: smaller by `keys`, ties by stream order. */
function before(a: Head, b: Head, keys: readonly OrderKey[]): boolean {
  const cmp = compareRows(a.row, b.row, keys);
  return cmp < 0 || (cmp === 0 && a.stream < b.stream);
}

function swap(heap: Head[], i: number, j: number): void {
  const t = heap[i]!;
  heap[i] = heap[j]!;
  heap[j] = t;
}

function push(heap: Head[], head: Head, keys: readonly OrderKey[]): void {
  heap.push(head);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!, keys)) break;
    swap(heap, i, parent);
    i = parent;
  }
}

function siftDown(heap: Head[], keys: readonly OrderKey[]): void {
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let least = i;
    if (left < heap.length && before(heap[left]!, heap[least]!, keys)) least = left;
    if (right < heap.length && before(heap[right]!, heap[least]!, keys)) least = right;
    if (least === i) return;
    swap(heap, i, least);
    i = least;
  }
}

/**
 * Yields the rows of every stream in `keys` order, lazily (a consumer that stops early pays
 * only for the rows it took, as LIMIT needs).
 * Contract: each stream must already be sorted by `keys` (MySQL did it with the same ORDER
 * BY); then the output is sorted, and rows that compare equal come out in stream order,
 * each stream's own order kept (a stable merge). An unsorted stream gives an unsorted
 * output, never an error: callers check with {@link isSortedBy} first. Rows are yielded as
 * given, never copied. Mirrors vitess engine.MergeSort, whose heap breaks ties arbitrarily.
 */
export function* mergeSortedRows(streams: readonly (readonly Row[])[], keys: readonly OrderKey[]): Generator<Row, void, undefined> {
  const heap: Head[] = [];
  for (let stream = 0; stream < streams.length; stream++) {
    const rows = streams[stream]!;
    if (rows.length > 0) push(heap, { row: rows[0]!, stream, at: 0 }, keys);
  }
  while (heap.length > 0) {
    const top = heap[0]!;
    yield top.row;
    const rows = streams[top.stream]!;
    const next = top.at + 1;
    if (next < rows.length) {
      heap[0] = { row: rows[next]!, stream: top.stream, at: next };
    } else {
      const last = heap.pop()!;
      if (heap.length === 0) return;
      heap[0] = last;
    }
    siftDown(heap, keys);
  }
}
