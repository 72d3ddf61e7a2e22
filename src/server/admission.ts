// Admission of operations on the fast path: at most `limit` operations run at once, later ones
// wait in arrival order holding only their request body. An operation still running after
// `releaseAfterMs` stops counting (a slow scatter cannot hold back the fast ones for longer
// than that). Owns the counting, the queue and its one timer; what an operation does is the
// caller's.

/** One admitted operation: when it started and whether it still counts against the limit. */
interface Slot {
  readonly startedAt: number;
  counted: boolean;
  /** The next admitted slot, in start order (a singly linked list of the counted ones). */
  next: Slot | undefined;
}

/** What the admission has now (tests, metrics). */
export interface AdmissionState {
  /** Operations that count against the limit. */
  readonly counted: number;
  /** Operations waiting to start. */
  readonly waiting: number;
}

/** Runs operations under a concurrency limit; see the file comment. */
export interface Admission {
  /**
   * Runs `work` now when fewer than the limit count, else once it is its turn. Contract: `work`
   * runs exactly once unless `skip()` says true when its turn comes (then it never runs and the
   * returned promise resolves); the promise settles as `work`'s does.
   */
  run(work: () => Promise<void>, skip?: () => boolean): Promise<void>;
  state(): AdmissionState;
}

/**
 * An admission of `limit` operations at once (Infinity or 0: no limit, `run` calls `work` at
 * once). `now` is the clock the slots' ages are read on; the release timer is a setTimeout
 * (unref'd: waiting operations do not keep the process alive on their own).
 */
export function createAdmission(limit: number, releaseAfterMs: number, now: () => number = () => performance.now()): Admission {
  if (!(limit > 0) || !Number.isFinite(limit)) {
    return { run: (work, skip) => (skip?.() === true ? Promise.resolve() : work()), state: () => ({ counted: 0, waiting: 0 }) };
  }
  let counted = 0;
  // Counted slots in start order: the oldest is the first to be released by the timer.
  let oldest: Slot | undefined;
  let newest: Slot | undefined;
  const waiting: { work: () => Promise<void>; skip: (() => boolean) | undefined; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The start time of the slot the timer is armed for (NaN when none). */
  let armedFor = Number.NaN;

  const dropUncounted = (): void => {
    while (oldest !== undefined && !oldest.counted) oldest = oldest.next;
    if (oldest === undefined) newest = undefined;
  };

  const start = (work: () => Promise<void>): Promise<void> => {
    const slot: Slot = { startedAt: now(), counted: true, next: undefined };
    counted++;
    if (newest === undefined) oldest = slot;
    else newest.next = slot;
    newest = slot;
    let promise: Promise<void>;
    try {
      promise = work();
    } catch (error) {
      promise = Promise.reject(error);
    }
    return promise.finally(() => {
      if (slot.counted) {
        slot.counted = false;
        counted--;
        dropUncounted();
      }
      admitWaiting();
    });
  };

  const admitWaiting = (): void => {
    while (counted < limit && waiting.length > 0) {
      const next = waiting.shift()!;
      if (next.skip?.() === true) next.resolve();
      else start(next.work).then(next.resolve, next.reject);
    }
    arm();
  };

  /** Keeps the timer armed for the oldest counted slot's release while operations wait. */
  const arm = (): void => {
    const due = waiting.length === 0 || oldest === undefined ? Number.NaN : oldest.startedAt;
    if (Object.is(due, armedFor)) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    armedFor = due;
    if (Number.isNaN(due)) return;
    timer = setTimeout(release, Math.max(0, due + releaseAfterMs - now()));
    timer.unref();
  };

  const release = (): void => {
    timer = undefined;
    armedFor = Number.NaN;
    const cutoff = now() - releaseAfterMs;
    while (oldest !== undefined && oldest.startedAt <= cutoff) {
      if (oldest.counted) {
        oldest.counted = false;
        counted--;
      }
      oldest = oldest.next;
    }
    dropUncounted();
    admitWaiting();
  };

  return {
    run(work, skip) {
      if (counted < limit && waiting.length === 0) return start(work);
      return new Promise<void>((resolve, reject) => {
        waiting.push({ work, skip, resolve, reject });
        arm();
      });
    },
    state: () => ({ counted, waiting: waiting.length }),
  };
}
