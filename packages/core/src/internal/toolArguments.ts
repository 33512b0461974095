import type { ModelHints } from '../plugin/HookContexts.js';

/** Internal parameters the model may add to any call; they are stripped before execution (R-LOOP-3). */
const INTERNAL_PARAMS = ['_rationale', '_confidence', '_nextStepSuggestion', '_requiresApproval', '_approvalReason'] as const;

/** The arguments of a tool call, split into what the action gets and what the runtime keeps. */
export interface ParsedToolArguments {
  /** The arguments without internal parameters; undefined when the JSON is not an object. */
  readonly args: Record<string, unknown> | undefined;
  /** The model's rationale, when it gave one. */
  readonly rationale: string | undefined;
  /** The other internal parameters. */
  readonly hints: ModelHints;
  /** Why the arguments could not be read. */
  readonly error: string | undefined;
}

const NO_HINTS: ModelHints = Object.freeze({});

/**
 * Parses a tool call's JSON arguments and strips the internal parameters.
 * @param json - the arguments string
 * @returns the arguments, the rationale and hints, or the reason they could not be read
 */
export function parseToolArguments(json: string): ParsedToolArguments {
  let value: unknown;
  try {
    value = json.trim() === '' ? {} : JSON.parse(json);
  } catch {
    return { args: undefined, rationale: undefined, hints: NO_HINTS, error: 'the arguments are not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { args: undefined, rationale: undefined, hints: NO_HINTS, error: 'the arguments are not a JSON object' };
  }
  const args = { ...(value as Record<string, unknown>) };
  const raw = args._rationale;
  const hints: { -readonly [K in keyof ModelHints]: ModelHints[K] } = {};
  if (typeof args._confidence === 'number' && args._confidence >= 0 && args._confidence <= 100) hints.confidence = args._confidence;
  if (typeof args._nextStepSuggestion === 'string') hints.nextStepSuggestion = args._nextStepSuggestion.trim().slice(0, 255);
  const ra = args._requiresApproval;
  if (ra !== undefined) hints.requiresApproval = ra === true || (typeof ra === 'string' && ['true', '1', 'yes'].includes(ra.trim().toLowerCase()));
  if (typeof args._approvalReason === 'string') hints.approvalReason = args._approvalReason;
  for (const key of INTERNAL_PARAMS) delete args[key];
  return { args, rationale: typeof raw === 'string' ? raw : undefined, hints: Object.freeze(hints), error: undefined };
}
