// Statement deadlines of one pool on one timer: a list ordered by deadline with a single
// setTimeout armed for the earliest, instead of a timer created and cleared per statement.
// Owns the ordering and the timer only; what an expiry does is the caller's callback.

/** What the queue keeps on each entry (its links and deadline); entries start unqueued. */
export interface DeadlineEntry {
  /** performance.now() time at which the entry expires; set by {@link DeadlineQueue.add}. */
  deadline: number;
  prevDue: DeadlineEntry | undefined;
  nextDue: DeadlineEntry | undefined;
  queued: boolean;
}

/**
 * Entries with deadlines, expired in deadline order by one timer. Contract: `onExpired` is
 * called once for each entry whose deadline passed while it was queued (after it has been
 * removed), never for an entry removed before; entries with equal deadlines expire in the
 * order added. No timer is left armed while the queue is empty, so an idle pool does not keep
 * the process alive. Statements of one pool mostly share one timeout, so adding is O(1) in
 * practice (insertion scans back from the latest deadline) and removing is always O(1).
 */
export class DeadlineQueue<E extends DeadlineEntry> {
  readonly #onExpired: (entry: E) => void;
  #head: DeadlineEntry | undefined;
  #tail: DeadlineEntry | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The deadline the timer is armed for (Infinity when none). */
  #armedFor = Infinity;

  constructor(onExpired: (entry: E) => void) {
    this.#onExpired = onExpired;
  }

  /** Queues `entry` to expire `delayMs` from now; an entry already queued is moved. */
  add(entry: E, delayMs: number): void {
    this.addAt(entry, performance.now() + delayMs);
  }

  /** Queues `entry` to expire at `deadline` (a performance.now() time); an entry already queued is moved. */
  addAt(entry: E, deadline: number): void {
    if (entry.queued) this.remove(entry);
    entry.deadline = deadline;
    entry.queued = true;
    let after = this.#tail;
    while (after !== undefined && after.deadline > deadline) after = after.prevDue;
    entry.prevDue = after;
    entry.nextDue = after === undefined ? this.#head : after.nextDue;
    if (entry.nextDue === undefined) this.#tail = entry;
    else entry.nextDue.prevDue = entry;
    if (after === undefined) this.#head = entry;
    else after.nextDue = entry;
    if (deadline < this.#armedFor) this.#arm(deadline);
  }

  /** Takes `entry` out of the queue; nothing when it is not queued. */
  remove(entry: E): void {
    if (!entry.queued) return;
    entry.queued = false;
    const { prevDue, nextDue } = entry;
    if (prevDue === undefined) this.#head = nextDue;
    else prevDue.nextDue = nextDue;
    if (nextDue === undefined) this.#tail = prevDue;
    else nextDue.prevDue = prevDue;
    entry.prevDue = undefined;
    entry.nextDue = undefined;
    // A timer armed for a removed head fires early and re-arms; only an empty queue disarms.
    if (this.#head === undefined) this.#disarm();
  }

  /** Number of queued entries (walks the list; for tests and diagnostics). */
  get size(): number {
    let n = 0;
    for (let e = this.#head; e !== undefined; e = e.nextDue) n++;
    return n;
  }

  #arm(deadline: number): void {
    clearTimeout(this.#timer);
    this.#armedFor = deadline;
    this.#timer = setTimeout(expire, Math.max(0, Math.ceil(deadline - performance.now())), this);
  }

  #disarm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Infinity;
  }

  /** Expires every entry due by now, then re-arms for the next one (what the timer calls). */
  expireDue(): void {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    const now = performance.now();
    for (let head = this.#head; head !== undefined && head.deadline <= now; head = this.#head) {
      this.remove(head as E);
      this.#onExpired(head as E);
    }
    // An expiry callback may have added entries (and armed the timer for one of them).
    const next = this.#head;
    if (next !== undefined && next.deadline < this.#armedFor) this.#arm(next.deadline);
  }
}

function expire(queue: { expireDue(): void }): void {
  queue.expireDue();
}
