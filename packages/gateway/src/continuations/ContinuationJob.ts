import { z } from 'zod';
import { requestDigest } from '../http/requestDigest.js';

/**
 * A run to resume after its pending calls were decided, as it travels to a worker (R-TOKEN-4): it
 * carries a token freshly minted for the user who started the run, bound to this run and to this
 * job, never a long-lived service credential.
 * @category Gateway
 */
export const ContinuationJobSchema = z.strictObject({
  /**
   * `approval`: every pending call was decided; the agent's approval service resumes the run.
   * `async`: the run left async calls for a worker (R-LOOP-7); the runtime resumes it with them.
   */
  kind: z.enum(['approval', 'async']).default('approval'),
  /** The async calls to run (for `async`). */
  calls: z.array(z.string().min(1).max(128)).max(64).default([]),
  /** The agent. */
  agent: z.string().min(1).max(64),
  /** The tenant. */
  tenantId: z.string().min(1).max(256),
  /** The run. */
  runId: z.string().min(1).max(128),
  /** The pending action whose decision made the run ready (one job per decision round). */
  anchorId: z.string().min(1).max(128),
  /** The original user's AccessContext token, bound to {@link continuationDigest} of this job. */
  accessToken: z.string().min(1).max(8_192),
});

/**
 * A continuation job; see {@link ContinuationJobSchema}.
 * @category Gateway
 */
export type ContinuationJob = z.input<typeof ContinuationJobSchema>;

/**
 * The request digest a continuation's token is bound to: the verb `CONTINUE`, the run and the job's
 * other fields. A token lifted from one job is refused for any other (R-TOKEN-3).
 * @param job - the job, without its token
 * @returns the digest
 * @category Gateway
 */
export function continuationDigest(job: Omit<ContinuationJob, 'accessToken'>): string {
  return requestDigest('CONTINUE', `/runs/${job.runId}`, JSON.stringify([job.kind ?? 'approval', job.tenantId, job.agent, job.anchorId, job.calls ?? []]));
}
