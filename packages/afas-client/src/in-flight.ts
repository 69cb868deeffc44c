/**
 * A budget of calls in flight: at most `limit` holders at a time, the rest wait in order. Each
 * AfasClient owns one and every HTTP exchange of that client takes a slot, so parallel pages,
 * concurrent exports and lookups together never exceed what AFAS allows (5–8 per environment).
 * Internal: the public knob is `AfasClientOptions.maxInFlight`.
 */
export class InFlightBudget {
  readonly limit: number;
  #active = 0;
  readonly #waiting: Array<{ grant: () => void }> = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit ${limit} is not a whole number ≥ 1`);
    this.limit = limit;
  }

  /** Slots taken now. */
  get active(): number {
    return this.#active;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `task` in a slot; waits for one first. An aborted wait rejects with the signal's reason and takes no slot. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(signal);
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #acquire(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    if (this.#active < this.limit) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    // The slot passes straight to the next waiter, so a newcomer cannot jump the queue.
    if (next) next.grant();
    else this.#active--;
  }
}
