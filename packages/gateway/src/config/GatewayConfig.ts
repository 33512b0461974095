import { z } from 'zod';
import { LimitsConfigSchema } from './LimitsConfig.js';

/**
 * The gateway's settings. Every field has a default, so `{}` is a working configuration.
 * @category Gateway
 */
export const GatewayConfigSchema = z.strictObject({
  /** The largest body accepted (bytes, default 64 KiB); a larger one gets 413. */
  bodyLimitBytes: z.number().int().min(1_024).max(10_485_760).default(65_536),
  /** The largest request head accepted (bytes, default 16 KiB); a larger one gets 431. */
  maxHeaderBytes: z.number().int().min(4_096).max(65_536).default(16_384),
  /** Session lifetimes (R-SESS-2). */
  sessions: z
    .strictObject({
      /** Idle timeout, slid by each message (ms, default 30 min). */
      ttlMs: z.number().int().min(1_000).default(30 * 60_000),
      /** Absolute maximum lifetime (ms, default 8 h). */
      maxLifetimeMs: z.number().int().min(1_000).default(8 * 3_600_000),
    })
    .prefault({}),
  /** Minted AccessContext tokens (R-TOKEN-1). */
  tokens: z
    .strictObject({
      /** Lifetime of a request's token (s, default 60). */
      ttlSeconds: z.number().int().min(1).max(900).default(60),
      /** Lifetime of a continuation's token, which may wait in a queue (s, default 600). */
      continuationTtlSeconds: z.number().int().min(1).max(900).default(600),
    })
    .prefault({}),
  /** Per-tenant limits (R-RATE-1/2). */
  limits: LimitsConfigSchema.prefault({}),
  /** Runs in flight at once on this instance, shared fairly between tenants (default 64). */
  workers: z.number().int().min(1).max(10_000).default(64),
  /** How long a run's concurrency lease lives if its instance dies (ms, default 5 min). */
  runLeaseMs: z.number().int().min(1_000).default(300_000),
  /** The synthetic canary (R-HEALTH-1). */
  health: z
    .strictObject({
      /** Whether the canary runs (default true). */
      enabled: z.boolean().default(true),
      /** Its cadence (ms, default 30 s). */
      intervalMs: z.number().int().min(100).default(30_000),
      /** A probe slower than this makes the status degraded (ms, default 1,000). */
      slowMs: z.number().int().min(1).default(1_000),
    })
    .prefault({}),
});

/**
 * The gateway's settings, parsed; see {@link GatewayConfigSchema}.
 * @category Gateway
 */
export type GatewayConfig = z.output<typeof GatewayConfigSchema>;

/**
 * The gateway's settings as written (every field optional).
 * @category Gateway
 */
export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;
