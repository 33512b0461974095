type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/**
 * Maps provider usage variants onto the chat-completions names (R-LLM-2): `input_tokens` and
 * `output_tokens` become `prompt_tokens` and `completion_tokens` when those are absent, their
 * `*_details` follow, and `total_tokens` is computed when absent. A `null` usage is dropped.
 *
 * @param usage - the provider's `usage` value
 * @returns the normalized usage, or `undefined` when there is none
 * @internal
 */
export function normalizeUsage(usage: unknown): unknown {
  if (usage === null || usage === undefined) return undefined;
  if (!isObject(usage)) return usage;
  const out: JsonObject = { ...usage };
  if (out.prompt_tokens === undefined && out.input_tokens !== undefined) out.prompt_tokens = out.input_tokens;
  if (out.completion_tokens === undefined && out.output_tokens !== undefined) {
    out.completion_tokens = out.output_tokens;
  }
  if (out.prompt_tokens_details === undefined && out.input_tokens_details !== undefined) {
    out.prompt_tokens_details = out.input_tokens_details;
  }
  if (out.completion_tokens_details === undefined && out.output_tokens_details !== undefined) {
    out.completion_tokens_details = out.output_tokens_details;
  }
  const prompt = out.prompt_tokens;
  const completion = out.completion_tokens;
  if (out.total_tokens === undefined && isCount(prompt) && isCount(completion)) {
    out.total_tokens = prompt + completion;
  }
  delete out.input_tokens;
  delete out.output_tokens;
  delete out.input_tokens_details;
  delete out.output_tokens_details;
  return out;
}

/**
 * Whether a tool-call entry is usable (R-LLM-2): type `function` (or no type), a non-empty `id`,
 * a non-empty `function.name` and a string `function.arguments`.
 *
 * @param entry - one entry of `message.tool_calls`
 * @returns true when the entry can be kept
 * @internal
 */
export function isUsableToolCall(entry: unknown): boolean {
  if (!isObject(entry)) return false;
  if (entry.type !== undefined && entry.type !== 'function') return false;
  if (typeof entry.id !== 'string' || entry.id === '') return false;
  const fn = entry.function;
  return isObject(fn) && typeof fn.name === 'string' && fn.name !== '' && typeof fn.arguments === 'string';
}

/**
 * Normalizes a decoded chat-completions body before schema parsing: usage names (R-LLM-2), and
 * `tool_calls` entries that lack an id, a name or string arguments are skipped (R-LLM-2). Anything
 * it does not recognize is left for the schema to reject. The input is not mutated.
 *
 * @param body - the decoded JSON body
 * @returns the normalized body
 * @internal
 */
export function normalizeResponse(body: unknown): unknown {
  if (!isObject(body)) return body;
  const out: JsonObject = { ...body };
  if ('usage' in out) {
    const usage = normalizeUsage(out.usage);
    if (usage === undefined) delete out.usage;
    else out.usage = usage;
  }
  const choices = out.choices;
  if (Array.isArray(choices)) {
    out.choices = choices.map((choice: unknown) => {
      if (!isObject(choice) || !isObject(choice.message)) return choice;
      const message = choice.message;
      const toolCalls = message.tool_calls;
      if (!Array.isArray(toolCalls)) return choice;
      const kept = toolCalls
        .filter(isUsableToolCall)
        .map((call: JsonObject) => (call.type === undefined ? { ...call, type: 'function' } : call));
      return { ...choice, message: { ...message, tool_calls: kept } };
    });
  }
  return out;
}
