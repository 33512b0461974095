// Runtime bench worker: `ai` (Vercel AI SDK) ToolLoopAgent with telemetry off
// (`telemetry: { isEnabled: false }`; no integration is registered either), driven by the SDK's
// shipped mock model `MockLanguageModelV4` from `ai/test` (V4 is the provider spec ai 7 speaks
// natively; `MockLanguageModelV3` is also exported and goes through an adapter). The mock returns
// the same three responses: tool call tool_a, tool call tool_b, final text. Tools are `tool()`
// with zod input schemas (the SDK validates the arguments with them).
import { stepCountIs, ToolLoopAgent, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { z } from 'zod';
import { FINAL_TEXT, measure, TOOL_A_ARGS, TOOL_B_ARGS, toolA, toolB } from './harness.js';

const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 5, text: 5, reasoning: undefined } };
const call = (id, name, args) => ({ content: [{ type: 'tool-call', toolCallId: id, toolName: name, input: JSON.stringify(args) }], finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage, warnings: [] });
const steps = [
  () => call('a', 'tool_a', TOOL_A_ARGS),
  () => call('b', 'tool_b', TOOL_B_ARGS),
  () => ({ content: [{ type: 'text', text: FINAL_TEXT }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] }),
];
/** The step is chosen from the prompt (how many tool messages it holds), so concurrent runs stay correct. */
const model = new MockLanguageModelV4({
  doGenerate: async (options) => {
    // the mock records every call in doGenerateCalls; empty it so the recording neither grows the heap nor is timed
    model.doGenerateCalls.length = 0;
    let results = 0;
    for (const m of options.prompt) if (m.role === 'tool') results++;
    return steps[results]();
  },
});

const agent = new ToolLoopAgent({
  model,
  instructions: 'You answer weather questions.',
  tools: {
    tool_a: tool({ description: 'Weather now in a city.', inputSchema: z.object({ city: z.string() }), execute: toolA }),
    tool_b: tool({ description: 'Forecast for some days.', inputSchema: z.object({ days: z.number().int().min(1).max(7) }), execute: toolB }),
  },
  stopWhen: stepCountIs(10),
  telemetry: { isEnabled: false },
});

await measure('ai-sdk', async () => {
  const r = await agent.generate({ prompt: 'What is the weather in Oslo for the next 3 days?' });
  if (r.steps.length !== 3) throw new Error(`ai-sdk: ${r.steps.length} steps`);
  return r.text;
});
