/**
 * Shared stores on Redis for Agent Studio, so that several gateway instances behave as one:
 *
 * - {@link RedisSessionStore}: sessions with a sliding TTL capped by an absolute lifetime; each
 *   session's key expires with it, so abandoned sessions vanish without a cleanup job;
 * - {@link RedisRateLimiter}: a token bucket per key (tenant plus resource), counted once across
 *   every instance;
 * - {@link RedisTokenReplayGuard}: single-use token ids (`jti`), kept until the token expires;
 * - {@link RedisConcurrencyLimiter}: per-key concurrency leases that free themselves when their
 *   holder dies.
 *
 * Every store is one atomic Lua script (or a single command) per call, reads time from an
 * injected clock, and passes the core conformance suites. Open them all with
 * {@link openRedisStores}.
 *
 * @example
 * ```ts
 * import { openRedisStores } from '@agent-studio/store-redis';
 *
 * const stores = await openRedisStores({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
 * const slot = await stores.concurrency.acquire('acme:runs', { limit: 4, leaseMs: 600_000 });
 * if (slot.allowed && slot.leaseId !== undefined) {
 *   try {
 *     // … run the agent …
 *   } finally {
 *     await stores.concurrency.release('acme:runs', slot.leaseId);
 *   }
 * }
 * await stores.close();
 * ```
 * @packageDocumentation
 */
export type { OpenRedisStoresOptions } from './OpenRedisStoresOptions.js';
export { openRedisStores } from './openRedisStores.js';
export { RedisConcurrencyLimiter } from './RedisConcurrencyLimiter.js';
export { RedisRateLimiter } from './RedisRateLimiter.js';
export { RedisSessionStore } from './RedisSessionStore.js';
export { DEFAULT_REDIS_PREFIX, type RedisStoreOptions } from './RedisStoreOptions.js';
export type { RedisStores } from './RedisStores.js';
export { RedisTokenReplayGuard } from './RedisTokenReplayGuard.js';
