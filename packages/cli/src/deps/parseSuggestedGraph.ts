import { AgentStudioError, ChatCompletionResponseSchema, ModelBehaviorError } from '@agent-studio/core';
import { type ToolDependencyGraph, validateDependencyGraph } from '@agent-studio/plugin-tool-dependencies';

/**
 * Reads the graph a model proposed: the reply's text (a single Markdown code fence is tolerated)
 * must be one JSON object that {@link @agent-studio/plugin-tool-dependencies!validateDependencyGraph}
 * accepts for the agent's tools — the R-DEP-1 shape, no cycle, no tool the agent does not have.
 * @param response - the model's response, as the client returned it
 * @param agent - the agent's name
 * @param tools - the agent's tool names
 * @returns the graph, reduced to `version` and `dependencies`
 * @throws {@link @agent-studio/core!index.ModelBehaviorError} `MODEL_RESPONSE_INVALID` when the reply
 *   is not a chat completion with text or the text is not JSON; `DEPENDENCY_GRAPH_INVALID` (with
 *   `details.reason`) when the JSON is not a valid graph for the agent
 * @category CLI
 */
export function parseSuggestedGraph(response: unknown, agent: string, tools: readonly string[]): ToolDependencyGraph {
  const parsed = ChatCompletionResponseSchema.safeParse(response);
  const content = parsed.success ? parsed.data.choices[0]?.message.content : undefined;
  if (typeof content !== 'string' || content.trim() === '') {
    throw new ModelBehaviorError('MODEL_RESPONSE_INVALID', 'The model did not answer with text, so no dependency graph was proposed. Nothing was written.');
  }
  const text = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(content)?.[1] ?? content;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // the reply is not echoed: only its length
    throw new ModelBehaviorError('MODEL_RESPONSE_INVALID', `The model's reply (${content.length} characters) is not JSON (${(error as Error).message}). Nothing was written.`);
  }
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.hasOwn(raw, 'status')) {
    throw new ModelBehaviorError('DEPENDENCY_GRAPH_INVALID', 'The model\'s graph carries a "status": a proposal cannot approve itself. Nothing was written.', {
      details: { agent, reason: 'not-approved' },
    });
  }
  try {
    const graph = validateDependencyGraph(raw, { agent, tools, source: 'The model\'s graph' });
    return { version: '1.0', dependencies: graph.dependencies };
  } catch (error) {
    if (!AgentStudioError.is(error)) throw error;
    throw new ModelBehaviorError(error.code, `${error.message} Nothing was written.`, { cause: error, ...(error.details ? { details: error.details } : {}) });
  }
}
