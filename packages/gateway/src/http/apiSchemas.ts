import { z } from 'zod';

/** Path parameter: an agent name. */
export const AgentParamsSchema = z.strictObject({ agent: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/) });
/** Path parameter: a session id. */
export const SessionParamsSchema = z.strictObject({ sessionId: z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/) });
/** Path parameter: a run id. */
export const RunParamsSchema = z.strictObject({ runId: z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/) });
/** Path parameter: a pending action id. */
export const ApprovalParamsSchema = z.strictObject({ id: z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/) });

/** The body of a session creation: nothing yet (an empty object, or no body). */
export const CreateSessionBodySchema = z.strictObject({}).describe('No fields yet; send {} or no body.');

/** A user message. */
export const MessageBodySchema = z.union([
  z.strictObject({
    content: z.string().min(1).max(32_000).describe('The user message.'),
    variables: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/), z.union([z.string().max(1_000), z.number(), z.boolean()]))
      .optional()
      .describe("Request variables the agent declares (such as RecordId, the record the user has open); the runtime refuses any other."),
  }),
  z.strictObject({
    confirm: z.strictObject({
      callId: z.string().min(1).max(128).describe('The pending call to confirm, from pendingApprovals.'),
      decision: z.enum(['approve', 'reject']).default('approve').describe('approve (the default) or reject.'),
      comment: z.string().max(1_000).optional(),
    }),
  }),
]);

/** An approval decision. */
export const DecisionBodySchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().max(1_000).optional(),
});

/** The approvals list query. */
export const ApprovalsQuerySchema = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected', 'expired', 'executing', 'done', 'failed']).default('pending'),
});

/** An authoring update of an agent (a draft, validated against the registered actions). */
export const AgentDraftBodySchema = z.strictObject({
  description: z.string().max(2_000).optional(),
  instructions: z.string().min(1).max(32_000).optional(),
  capabilities: z
    .array(z.strictObject({ action: z.string().min(1).max(64), hitl: z.enum(['none', 'confirmation', 'approval', 'confirmationThenApproval', 'conditionalApproval']).optional() }))
    .max(128)
    .optional(),
});

/** The error shape of every failure. */
export const ErrorBodySchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), requestId: z.string() }),
});

/** 201 of a session creation. */
export const SessionCreatedSchema = z.strictObject({ sessionId: z.string(), expiresAt: z.string().describe('ISO 8601; slides with activity up to an absolute maximum.') });

/** A call waiting for a person. */
export const PendingApprovalSchema = z.strictObject({
  callId: z.string(),
  action: z.string(),
  kind: z.string().describe('confirmation (the user confirms it here) or approval (another person decides it).'),
  pendingActionId: z.string().optional(),
  reason: z.string().optional(),
});

/** 200 of a message. */
export const MessageResultSchema = z.strictObject({
  runId: z.string(),
  status: z.enum(['completed', 'suspended', 'blocked']),
  reply: z.string().optional(),
  pendingApprovals: z.array(PendingApprovalSchema).optional(),
  block: z.strictObject({ code: z.string(), reason: z.string() }).optional(),
});

/** A pending action as the API shows it. */
export const ApprovalViewSchema = z.strictObject({
  id: z.string(),
  runId: z.string(),
  callId: z.string(),
  action: z.string(),
  kind: z.string(),
  status: z.string(),
  requestedBy: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  decidedBy: z.string().optional(),
});

/** 200 of an approvals list. */
export const ApprovalListSchema = z.strictObject({ approvals: z.array(ApprovalViewSchema) });

/** 200 of a decision. */
export const DecisionResultSchema = z.strictObject({
  approval: ApprovalViewSchema,
  continuation: z.enum(['none', 'waiting', 'executed', 'queued']).describe('What happened to the run: waiting for more decisions, executed here, or queued for a worker.'),
  run: z.strictObject({ runId: z.string(), status: z.string() }).optional(),
});

/** 200 of a trace read. */
export const TraceResultSchema = z.strictObject({ runId: z.string(), steps: z.array(z.record(z.string(), z.unknown())) });

/** 200 of an authoring update. */
export const AgentDraftResultSchema = z.strictObject({ agent: z.string(), version: z.string().describe('The draft content hash.'), status: z.literal('validated') });

/** 200 of /readyz and /healthz. */
export const HealthSchema = z.strictObject({
  status: z.enum(['ok', 'degraded', 'down', 'starting']),
  probe: z
    .strictObject({ runs: z.number().int(), successRate: z.number(), lastLatencyMs: z.number().optional(), lastAt: z.string().optional(), lastError: z.string().optional() })
    .optional(),
});
