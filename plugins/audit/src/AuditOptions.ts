import type { TraceStore } from '@agent-studio/core';
import { z } from 'zod';
import type { ContentMasker } from './ContentMasker.js';
import { ContentPolicySchema } from './ContentPolicy.js';

/**
 * Options of `auditModule`.
 * @category Plugins
 */
export const AuditOptionsSchema = z.strictObject({
  /** The content policy of agents not listed in `agents` (R-AUDIT-4; default `masked`). */
  persistContent: ContentPolicySchema.default('masked'),
  /** Per-agent content policies, by agent name. */
  agents: z.record(z.string().min(1), ContentPolicySchema).default({}),
  /** The longest text kept per field; longer text is cut and flagged `truncated` (default 4,000). */
  maxContentChars: z.number().int().min(16).max(1_000_000).default(4_000),
  /** Where steps go; default: the container's `core.TraceStore`, else an in-memory store. */
  trace: z.custom<TraceStore>((v) => typeof v === 'object' && v !== null && typeof (v as TraceStore).append === 'function', 'Expected a TraceStore').optional(),
  /** The masker of the `masked` policy; default: {@link DetectorContentMasker}. */
  masker: z.custom<ContentMasker>((v) => typeof v === 'object' && v !== null && typeof (v as ContentMasker).mask === 'function', 'Expected a ContentMasker').optional(),
});

/**
 * What `auditModule` takes; see {@link AuditOptionsSchema}.
 * @category Plugins
 */
export type AuditOptionsInput = z.input<typeof AuditOptionsSchema>;

/**
 * The parsed options; see {@link AuditOptionsSchema}.
 * @category Plugins
 */
export type AuditOptions = z.output<typeof AuditOptionsSchema>;
