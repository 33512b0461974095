import { z } from 'zod';
import { ContentPolicySchema } from '../ContentPolicy.js';
import { LlmCallRecordSchema } from './LlmCallRecord.js';

/**
 * The `kind` of the trace steps that hold an {@link ExecutionStep}.
 * @category Plugins
 */
export const EXECUTION_STEP_KIND = 'audit.execution';

/**
 * What an execution step records.
 * @category Plugins
 */
export const ExecutionStepTypeSchema = z.enum(['message', 'llm_call', 'tool_call', 'tool_result', 'hook_decision', 'runtime_decision', 'run_end']);

/**
 * A fine-grained step of a run (R-AUDIT-1): one message the model was sent, one provider call,
 * one tool call, its result, one plugin decision. Free text (`content`, `toolArguments`,
 * `toolResult`, `rationale`) follows the agent's {@link ContentPolicy}.
 * @category Plugins
 */
export const ExecutionStepSchema = z.strictObject({
  /** What the step records. */
  stepType: ExecutionStepTypeSchema,
  /** The model turn (R-AUDIT-3): steps of one turn share it. */
  turn: z.number().int().min(0),
  /** The message role, for `message` and `llm_call` steps. */
  role: z.enum(['system', 'user', 'assistant', 'tool']).optional(),
  /** The text, under the content policy; null when the policy is `none` or there is none. */
  content: z.string().nullable(),
  /** `text` or `json`. */
  contentType: z.enum(['text', 'json']),
  /** The length of the text before any masking or truncation (0 when none). */
  contentLength: z.number().int().min(0),
  /** Whether the stored text was cut. */
  truncated: z.boolean(),
  /** The policy the content was stored under. */
  contentPolicy: ContentPolicySchema,
  /** The tool call's id. */
  toolCallId: z.string().optional(),
  /** The tool's name. */
  toolName: z.string().optional(),
  /** The arguments the model wrote (meta fields such as `_rationale` removed), under the content policy. */
  toolArguments: z.string().nullable().optional(),
  /** The tool's outcome envelope as JSON, under the content policy. */
  toolResult: z.string().nullable().optional(),
  /** The model's rationale for the call (R-RAT-3), under the content policy. */
  rationale: z.string().nullable().optional(),
  /** The model's confidence (0–100), when it gave one (R-RAT-4). */
  confidence: z.number().min(0).max(100).optional(),
  /** The provider call, on `llm_call` steps: its usage and cost, recorded once (R-COST-1). */
  llmCall: LlmCallRecordSchema.optional(),
  /** The provider call this step came from (`<runId>:<turn>`), on tool steps. */
  llmCallId: z.string().optional(),
  /** The plugin, on `hook_decision` steps. */
  plugin: z.string().optional(),
  /** The hook, on `hook_decision` steps. */
  hook: z.string().optional(),
  /** The decision, on `hook_decision` steps. */
  decision: z.string().optional(),
  /** The reason a plugin or the runtime gave, under the content policy. */
  reason: z.string().nullable().optional(),
  /** How long the step took. */
  durationMs: z.number().min(0).optional(),
  /** Whether the step failed. */
  isError: z.boolean(),
  /** The error or block code. */
  errorCode: z.string().optional(),
  /** Whether a tool dependency check refused the call (SPEC §7). */
  isDependencyValidationFailure: z.boolean(),
  /** Whether the tool ran asynchronously. */
  isAsyncToolExecution: z.boolean(),
  /** Whether the step is the framework's own (a plugin-provided action, a hook decision). */
  isInternal: z.boolean(),
  /** Whether it happened after the run resumed. */
  isResumed: z.boolean(),
});

/**
 * See {@link ExecutionStepSchema}.
 * @category Plugins
 */
export type ExecutionStep = z.infer<typeof ExecutionStepSchema>;
