import {
  type ConcurrencyLimiter,
  MemoryConcurrencyLimiter,
  MemoryRateLimiter,
  MemorySessionStore,
  MemoryTokenReplayGuard,
  type RateLimiter,
  type SessionStore,
  type TokenReplayGuard,
} from '@agent-studio/core';
import { openRedisStores } from '@agent-studio/store-redis';
import { Redis } from 'ioredis';

/**
 * The state gateway instances share: in memory for one instance (the embedded default), or in
 * Redis (`REDIS_URL`) so that any number of instances behave as one (R-SCALE-1).
 * @category CLI
 */
export interface SharedStores {
  /** Sessions. */
  readonly sessions: SessionStore;
  /** Budgets. */
  readonly rateLimiter: RateLimiter;
  /** Runs in flight. */
  readonly concurrency: ConcurrencyLimiter;
  /** Spent token ids. */
  readonly replayGuard: TokenReplayGuard;
  /** A Redis connection for BullMQ (`maxRetriesPerRequest: null`), when Redis is used. */
  readonly queueConnection: Redis | undefined;
  /** Where the state is, for people. */
  readonly where: string;
  /** Closes connections. */
  close(): Promise<void>;
}

/**
 * Opens the shared stores from `REDIS_URL` (and `AGENT_STUDIO_REDIS_PREFIX`), or in memory.
 * @param env - the environment
 * @returns the stores
 * @category CLI
 */
export async function openSharedStores(env: NodeJS.ProcessEnv): Promise<SharedStores> {
  const url = env.REDIS_URL;
  if (!url) {
    return {
      sessions: new MemorySessionStore(),
      rateLimiter: new MemoryRateLimiter(),
      concurrency: new MemoryConcurrencyLimiter(),
      replayGuard: new MemoryTokenReplayGuard(),
      queueConnection: undefined,
      where: 'memory (one instance)',
      async close() {},
    };
  }
  const prefix = env.AGENT_STUDIO_REDIS_PREFIX || 'agent-studio:';
  const redis = await openRedisStores({ url, prefix });
  const queueConnection = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  return {
    sessions: redis.sessions,
    rateLimiter: redis.rateLimiter,
    concurrency: redis.concurrency,
    replayGuard: redis.replayGuard,
    queueConnection,
    where: 'Redis (REDIS_URL)',
    async close() {
      await redis.close();
      queueConnection.disconnect();
    },
  };
}
