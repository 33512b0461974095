import type { ChatCompletionRequest } from '@agent-studio/core';
import type { SuggestionTool } from './describeAgentTools.js';

/** The instructions of the graph proposal (R-DEP-1 format, R-DEP-2 semantics). */
const SYSTEM = [
  'You design tool dependency graphs for an AI agent runtime.',
  'A tool may run only after its prerequisites have succeeded in the same run:',
  '"allOf": every listed tool must have succeeded first; "anyOf": at least one listed tool must have succeeded first.',
  'Add a prerequisite only when a tool needs data another tool produces (for example an id it must look up first) or when acting without checking first would be unsafe.',
  'Use only the tool names given. Never create a cycle. Leave out tools without prerequisites.',
  'Reply with one JSON object and nothing else, in this format:',
  '{"version":"1.0","dependencies":{"<tool>":{"allOf":["<tool>"],"anyOf":["<tool>"]}}}',
].join('\n');

/**
 * The request that asks a model to propose an agent's dependency graph (R-DEP-12). It holds the
 * agent's name and its tools' names, descriptions and input field names: developer-written
 * metadata, never user data, instructions or sample messages.
 * @param agent - the agent's name
 * @param model - the model name to request
 * @param tools - the agent's tools
 * @returns the chat-completions request (JSON output, temperature 0)
 * @category CLI
 */
export function buildDependencyPrompt(agent: string, model: string, tools: readonly SuggestionTool[]): ChatCompletionRequest {
  const catalog = tools.map((t) => ({ name: t.name, description: t.description, inputFields: [...t.inputFields] }));
  return {
    model,
    temperature: 0,
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: `Agent: ${agent}\nTools (JSON):\n${JSON.stringify(catalog, null, 2)}\n\nPropose the dependency graph.` },
    ],
  };
}
