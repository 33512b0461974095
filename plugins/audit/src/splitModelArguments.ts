/** The meta parameters the runtime strips before an action runs. */
const META = new Set(['_rationale', '_confidence', '_nextStepSuggestion', '_requiresApproval', '_approvalReason']);

/**
 * A tool call's arguments as the model wrote them, split into the action's arguments and the
 * model's meta fields.
 * @category Plugins
 */
export interface SplitArguments {
  /** The arguments without meta fields, as JSON (the raw text when it is not a JSON object). */
  readonly arguments: string;
  /** `_rationale`, when it is a string. */
  readonly rationale: string | undefined;
  /** `_confidence`, when it is a number in [0, 100]. */
  readonly confidence: number | undefined;
}

/**
 * Splits a tool call's JSON arguments into the action's arguments and the meta fields
 * (R-RAT-2): text that is not a JSON object is kept as it is, with no rationale.
 * @param json - the arguments as the model wrote them
 * @returns the split
 * @category Plugins
 */
export function splitModelArguments(json: string): SplitArguments {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { arguments: json, rationale: undefined, confidence: undefined };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { arguments: json, rationale: undefined, confidence: undefined };
  const record = parsed as Record<string, unknown>;
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!META.has(key)) rest[key] = value;
  const confidence = record._confidence;
  return {
    arguments: JSON.stringify(rest),
    rationale: typeof record._rationale === 'string' ? record._rationale : undefined,
    confidence: typeof confidence === 'number' && confidence >= 0 && confidence <= 100 ? confidence : undefined,
  };
}
