import { AccessDeniedError, type AccessContextVerifier, ConfigurationError } from '@agent-studio/core';
import type { ApprovalOutcome, ApprovalService } from '@agent-studio/plugin-approvals';
import { type ContinuationJob, ContinuationJobSchema, continuationDigest } from './ContinuationJob.js';

/**
 * Runs continuations: it verifies the job's token itself (signature, audience, expiry, agent and
 * the binding to this job; R-TOKEN-3) and refuses to run without it, then resumes the run through
 * the agent's approval service as the user who started it. Used in process and by the BullMQ
 * worker alike.
 * @category Gateway
 */
export class ContinuationExecutor {
  readonly #verifier: AccessContextVerifier;
  readonly #approvals: ReadonlyMap<string, ApprovalService>;

  /**
   * @param verifier - verifies AccessContext tokens
   * @param approvals - agent name → its approval service
   */
  constructor(verifier: AccessContextVerifier, approvals: ReadonlyMap<string, ApprovalService>) {
    this.#verifier = verifier;
    this.#approvals = approvals;
  }

  /**
   * Verifies and runs one continuation.
   * @param input - the job as received (validated here)
   * @returns what the approval service did
   * @throws {@link @agent-studio/core!index.AccessDeniedError} `ACCESS_CONTEXT_INVALID` for a missing, forged, expired or rebound token
   * @throws {@link @agent-studio/core!index.ConfigurationError} `SCHEMA_INVALID`-like `CONFIG_INVALID` for a malformed job or an agent without approvals
   */
  async execute(input: unknown): Promise<ApprovalOutcome> {
    const parsed = ContinuationJobSchema.safeParse(input);
    if (!parsed.success) throw new AccessDeniedError('ACCESS_CONTEXT_INVALID', 'Continuation refused: the job is malformed or carries no token (R-API-1).', { details: { check: 'job' } });
    const job: ContinuationJob = parsed.data;
    const { accessToken, ...rest } = job;
    const access = await this.#verifier.verify(accessToken, { agent: job.agent, requestDigest: continuationDigest(rest) });
    if (access.tenantId !== job.tenantId || access.runId !== job.runId) {
      throw new AccessDeniedError('ACCESS_CONTEXT_INVALID', 'Continuation refused: the token is for another tenant or run.', { details: { check: 'job-binding' } });
    }
    const service = this.#approvals.get(job.agent);
    if (!service) throw new ConfigurationError('CONFIG_INVALID', `No approval service serves agent "${job.agent}" in this process.`, { details: { agent: job.agent } });
    return service.continueRun({ tenantId: job.tenantId, runId: job.runId, accessToken });
  }
}
