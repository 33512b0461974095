import { AccessDeniedError, type AccessContextVerifier, type AgentRuntime, ConfigurationError, type RunResult } from '@agent-studio/core';
import type { ApprovalService } from '@agent-studio/plugin-approvals';
import { ContinuationJobSchema, continuationDigest } from './ContinuationJob.js';

/**
 * What a continuation did.
 * @category Gateway
 */
export interface ContinuationOutcome {
  /** The resumed run's result, when it resumed. */
  readonly run?: RunResult;
  /** Why it did not resume, when it did not. */
  readonly notResumed?: string;
}

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
  readonly #runtimes: ReadonlyMap<string, AgentRuntime>;

  /**
   * @param verifier - verifies AccessContext tokens
   * @param approvals - agent name → its approval service
   * @param runtimes - agent name → its runtime (for async calls)
   */
  constructor(verifier: AccessContextVerifier, approvals: ReadonlyMap<string, ApprovalService>, runtimes: ReadonlyMap<string, AgentRuntime> = new Map()) {
    this.#verifier = verifier;
    this.#approvals = approvals;
    this.#runtimes = runtimes;
  }

  /**
   * Verifies and runs one continuation.
   * @param input - the job as received (validated here)
   * @returns what the approval service (or, for async calls, the runtime) did
   * @throws {@link @agent-studio/core!index.AccessDeniedError} `ACCESS_CONTEXT_INVALID` for a missing, forged, expired or rebound token
   * @throws {@link @agent-studio/core!index.ConfigurationError} `SCHEMA_INVALID`-like `CONFIG_INVALID` for a malformed job or an agent without approvals
   */
  async execute(input: unknown): Promise<ContinuationOutcome> {
    const parsed = ContinuationJobSchema.safeParse(input);
    if (!parsed.success) throw new AccessDeniedError('ACCESS_CONTEXT_INVALID', 'Continuation refused: the job is malformed or carries no token (R-API-1).', { details: { check: 'job' } });
    const job = parsed.data;
    const { accessToken, ...rest } = job;
    const access = await this.#verifier.verify(accessToken, { agent: job.agent, requestDigest: continuationDigest(rest) });
    if (access.tenantId !== job.tenantId || access.runId !== job.runId) {
      throw new AccessDeniedError('ACCESS_CONTEXT_INVALID', 'Continuation refused: the token is for another tenant or run.', { details: { check: 'job-binding' } });
    }
    if (job.kind === 'async') {
      const runtime = this.#runtimes.get(job.agent);
      if (!runtime) throw new ConfigurationError('CONFIG_INVALID', `No runtime serves agent "${job.agent}" in this process.`, { details: { agent: job.agent } });
      if (job.calls.length === 0) throw new AccessDeniedError('ACCESS_CONTEXT_INVALID', 'Continuation refused: an async job names no call.', { details: { check: 'job' } });
      // the runtime verifies the token again and spends it: a job delivered twice runs once
      const run = await runtime.resume({ accessToken, runId: job.runId, requestDigest: continuationDigest(rest), decisions: job.calls.map((callId) => ({ callId, decision: 'approve' as const })) });
      return { run };
    }
    const service = this.#approvals.get(job.agent);
    if (!service) throw new ConfigurationError('CONFIG_INVALID', `No approval service serves agent "${job.agent}" in this process.`, { details: { agent: job.agent } });
    const outcome = await service.continueRun({ tenantId: job.tenantId, runId: job.runId, accessToken });
    return { ...(outcome.run ? { run: outcome.run } : {}), ...(outcome.notResumed ? { notResumed: outcome.notResumed } : {}) };
  }
}
