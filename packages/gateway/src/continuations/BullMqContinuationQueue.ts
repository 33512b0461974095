import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { AgentStudioError, type Logger } from '@agent-studio/core';
import type { ContinuationExecutor } from './ContinuationExecutor.js';
import type { ContinuationJob } from './ContinuationJob.js';
import type { ContinuationQueue, ContinuationReceipt } from './ContinuationQueue.js';

/**
 * The BullMQ queue name of continuations (approved actions and the rest of their runs).
 * @category Gateway
 */
export const CONTINUATION_QUEUE = 'agent-studio-continuations';

/**
 * Options of {@link BullMqContinuationQueue} and {@link startContinuationWorker}.
 * @category Gateway
 */
export interface BullMqOptions {
  /** A Redis connection (BullMQ duplicates it as it needs; workers need `maxRetriesPerRequest: null`). */
  readonly connection: Redis;
  /** The BullMQ key prefix (default `agent-studio`); tests use their own. */
  readonly prefix?: string;
}

/**
 * Puts continuations on a BullMQ queue for `agent-studio worker` to run. The job id is the run and
 * the decision that made it ready, so a continuation enqueued twice (two gateways, a retry) is one
 * job; and a worker that gets a job twice still executes each approved call once, because it claims
 * the call with a compare-and-set first.
 * @category Gateway
 */
export class BullMqContinuationQueue implements ContinuationQueue {
  readonly #queue: Queue;

  /** @param options - the Redis connection and the key prefix */
  constructor(options: BullMqOptions) {
    this.#queue = new Queue(CONTINUATION_QUEUE, { connection: options.connection, prefix: options.prefix ?? 'agent-studio' });
  }

  /**
   * Queues the continuation.
   * @param job - the run and the original user's token
   * @returns the job id
   */
  async enqueue(job: ContinuationJob): Promise<ContinuationReceipt> {
    const jobId = `${job.runId}.${job.anchorId}`.replace(/:/g, '_');
    await this.#queue.add('continue', job, { jobId, attempts: 1, removeOnComplete: 1_000, removeOnFail: 5_000 });
    return { mode: 'queued', jobId };
  }

  /** Closes the queue's connections. */
  async close(): Promise<void> {
    await this.#queue.close();
  }
}

/**
 * Starts a BullMQ worker that runs continuations through the executor (which verifies each job's
 * token and refuses to run without it). A job that fails is logged with its code only and kept as
 * failed; it is not retried, because an approved call whose executor failed midway must not run
 * twice (recovery reports it instead).
 * @param options - the Redis connection (with `maxRetriesPerRequest: null`), the prefix, the concurrency
 * @param executor - verifies and runs continuations
 * @param logger - for failures (codes only)
 * @returns the worker; close it to stop
 * @category Gateway
 */
export function startContinuationWorker(options: BullMqOptions & { readonly concurrency?: number }, executor: ContinuationExecutor, logger?: Logger): Worker {
  const worker = new Worker(
    CONTINUATION_QUEUE,
    async (job) => {
      const outcome = await executor.execute(job.data);
      return { runId: outcome.run?.runId ?? null, status: outcome.run?.status ?? null, notResumed: outcome.notResumed ?? null };
    },
    { connection: options.connection, prefix: options.prefix ?? 'agent-studio', concurrency: options.concurrency ?? 8 },
  );
  worker.on('failed', (job, error) => {
    logger?.warn({ jobId: job?.id, error: AgentStudioError.is(error) ? error.code : error.name }, 'a continuation failed');
  });
  worker.on('error', (error) => {
    logger?.warn({ error: error.name }, 'the continuation worker lost its connection; it reconnects');
  });
  return worker;
}
