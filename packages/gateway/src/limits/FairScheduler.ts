import { ConfigurationError } from '@agent-studio/core';
import { GatewayError } from '../errors/GatewayError.js';

interface Waiting {
  readonly start: () => void;
}

/**
 * Runs work on a fixed number of workers, taking turns between tenants (R-BLAST-1): when workers
 * are busy, each tenant waits in its own bounded queue, and a freed worker goes to the next tenant
 * in round-robin order, not to whoever queued most. One tenant's flood therefore delays only that
 * tenant; past its queue share it is refused at once with `TENANT_BUSY`.
 *
 * @example
 * ```ts
 * const scheduler = new FairScheduler({ workers: 64 });
 * const result = await scheduler.run('acme', 16, () => runtime.run(request));
 * ```
 * @category Gateway
 */
export class FairScheduler {
  readonly #workers: number;
  #busy = 0;
  /** Tenants with waiting work, in turn order; each tenant appears once. */
  readonly #turns: string[] = [];
  readonly #queues = new Map<string, Waiting[]>();

  /**
   * @param options - how many tasks may run at once on this instance
   * @throws {@link @agent-studio/core!index.ConfigurationError} `CONFIG_INVALID` when `workers` is not a positive integer
   */
  constructor(options: { readonly workers: number }) {
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new ConfigurationError('CONFIG_INVALID', `FairScheduler needs a positive integer number of workers, got ${String(options.workers)}.`);
    }
    this.#workers = options.workers;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#busy;
  }

  /**
   * Tasks waiting for a worker.
   * @param tenantId - one tenant, or every tenant when omitted
   * @returns how many wait
   */
  queued(tenantId?: string): number {
    if (tenantId !== undefined) return this.#queues.get(tenantId)?.length ?? 0;
    let n = 0;
    for (const q of this.#queues.values()) n += q.length;
    return n;
  }

  /**
   * Runs a task as soon as a worker is free and it is the tenant's turn.
   * @param tenantId - whose task it is
   * @param maxQueued - how many of the tenant's tasks may wait on this instance
   * @param task - the work
   * @returns what the task returns
   * @throws {@link GatewayError} `TENANT_BUSY` when the tenant's queue is full; nothing was run
   */
  async run<T>(tenantId: string, maxQueued: number, task: () => Promise<T>): Promise<T> {
    if (this.#busy < this.#workers && this.#turns.length === 0) {
      this.#busy++;
      return this.#finish(task);
    }
    let queue = this.#queues.get(tenantId);
    if ((queue?.length ?? 0) >= maxQueued) {
      throw new GatewayError('TENANT_BUSY', 'Too many requests of this tenant are waiting for a worker; retry shortly.', { details: { retryAfterSeconds: 1 } });
    }
    if (!queue) {
      queue = [];
      this.#queues.set(tenantId, queue);
      this.#turns.push(tenantId);
    }
    const waiting = queue;
    await new Promise<void>((resolve) => waiting.push({ start: resolve }));
    return this.#finish(task);
  }

  async #finish<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } finally {
      this.#busy--;
      this.#next();
    }
  }

  /** Gives a freed worker to the next tenant in turn. */
  #next(): void {
    while (this.#busy < this.#workers && this.#turns.length > 0) {
      const tenant = this.#turns.shift() as string;
      const queue = this.#queues.get(tenant);
      const waiting = queue?.shift();
      if (queue && queue.length > 0) this.#turns.push(tenant);
      else this.#queues.delete(tenant);
      if (waiting) {
        this.#busy++;
        waiting.start();
      }
    }
  }
}
