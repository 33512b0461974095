import { z } from 'zod';

/**
 * The `kind` of the trace steps that hold a {@link DecisionStep}.
 * @category Plugins
 */
export const DECISION_STEP_KIND = 'audit.decision';

/**
 * The steps of the user-facing timeline (R-AUDIT-2, the REF event names plus the SDK's own).
 * @category Plugins
 */
export const DecisionStepTypeSchema = z.enum([
  'RUN_STARTED',
  'AGENT_RESUMED',
  'USER_INPUT',
  'SYSTEM_PROMPT_BUILT',
  'TOOLS_CONFIGURED',
  'CONTEXT_GATHERED',
  'LLM_REQUEST',
  'LLM_RESPONSE',
  'TOOL_SELECTED',
  'TOOL_RESULT',
  'POLICY_DECISION',
  'SAFETY_BLOCKED',
  'APPROVAL_REQUESTED',
  'APPROVAL_RESOLVED',
  'FINAL_RESPONSE',
  'RUN_SUSPENDED',
  'RUN_BLOCKED',
  'ERROR',
]);

/**
 * The type of a {@link DecisionStep}.
 * @category Plugins
 */
export type DecisionStepType = z.infer<typeof DecisionStepTypeSchema>;

/**
 * A step of the decision timeline, the storyboard a person reads (R-AUDIT-2): what happened, in
 * words, with its outcome, cost and reasons. Free text (`content`, `rationale`, `reason`) follows
 * the agent's content policy.
 * @category Plugins
 */
export const DecisionStepSchema = z.strictObject({
  /** What kind of step. */
  stepType: DecisionStepTypeSchema,
  /** A short title, such as `Tool get_order selected`. */
  title: z.string(),
  /** One sentence saying what happened; never free text from the user or the model. */
  description: z.string(),
  /** The model turn (R-AUDIT-3). */
  turn: z.number().int().min(0),
  /** Whether it went well. */
  success: z.boolean(),
  /** The error or block code. */
  errorCode: z.string().optional(),
  /** How long it took. */
  durationMs: z.number().min(0).optional(),
  /** Prompt tokens (model steps and the final step's run totals). */
  promptTokens: z.number().int().min(0).optional(),
  /** Completion tokens. */
  completionTokens: z.number().int().min(0).optional(),
  /** Cost in USD; null when the model is not priced. */
  costUsd: z.number().min(0).nullable().optional(),
  /** The model. */
  model: z.string().optional(),
  /** The model client (provider). */
  provider: z.string().optional(),
  /** The model's rationale for a tool call (R-RAT-3), under the content policy. */
  rationale: z.string().nullable().optional(),
  /** The related tool call. */
  toolCallId: z.string().optional(),
  /** The tool (action) name. */
  toolName: z.string().optional(),
  /** The plugin that decided. */
  plugin: z.string().optional(),
  /** The hook it decided in. */
  hook: z.string().optional(),
  /** The reason it gave, under the content policy. */
  reason: z.string().nullable().optional(),
  /** The plugins whose hooks let this step through unchanged (`identity.beforeToolCall`…). */
  checks: z.array(z.string()).optional(),
  /** The step's text (a message, arguments, a result, the reply), under the content policy. */
  content: z.string().nullable().optional(),
  /** The authenticated user who asked. */
  originalUserId: z.string().optional(),
  /** The user the run acts as (the same user for an employee agent; the agent's user for a service agent). */
  executionUserId: z.string().optional(),
  /** Extra facts for RUN_STARTED: agent, tenant, surface, content policy. */
  run: z
    .strictObject({
      /** The agent. */
      agent: z.string(),
      /** The tenant. */
      tenantId: z.string(),
      /** The API surface. */
      surface: z.string(),
      /** The content policy of this run's trace. */
      contentPolicy: z.enum(['none', 'masked', 'full']),
    })
    .optional(),
  /** Run totals, on the last step of a run invocation (FINAL_RESPONSE, RUN_SUSPENDED, RUN_BLOCKED, ERROR). */
  totals: z
    .strictObject({
      /** Model calls in this invocation. */
      modelCalls: z.number().int().min(0),
      /** Tool calls. */
      toolCalls: z.number().int().min(0),
      /** Prompt tokens. */
      promptTokens: z.number().int().min(0),
      /** Completion tokens. */
      completionTokens: z.number().int().min(0),
      /** Cost in USD; null when any call was not priced. */
      costUsd: z.number().min(0).nullable(),
    })
    .optional(),
});

/**
 * See {@link DecisionStepSchema}.
 * @category Plugins
 */
export type DecisionStep = z.infer<typeof DecisionStepSchema>;
