// Runtime bench worker: @openai/agents with tracing off (setTracingDisabled(true) and a Runner
// with tracingDisabled), its Model interface implemented by a scripted model that returns the
// same three responses (function call tool_a, function call tool_b, final message). Tools are
// `tool()` with zod parameters (the SDK validates the arguments with them).
import { Agent, Runner, setTracingDisabled, tool, Usage } from '@openai/agents';
import { z } from 'zod';
import { FINAL_TEXT, measure, TOOL_A_ARGS, TOOL_B_ARGS, toolA, toolB } from './harness.js';

setTracingDisabled(true);

const usage = () => new Usage({ requests: 1, inputTokens: 10, outputTokens: 5, totalTokens: 15 });
const call = (id, name, args) => ({ type: 'function_call', callId: id, name, arguments: JSON.stringify(args), status: 'completed' });
const steps = [
  () => ({ usage: usage(), output: [call('a', 'tool_a', TOOL_A_ARGS)], responseId: '1' }),
  () => ({ usage: usage(), output: [call('b', 'tool_b', TOOL_B_ARGS)], responseId: '2' }),
  () => ({ usage: usage(), output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: FINAL_TEXT }] }], responseId: '3' }),
];
/** The step is chosen from the request (how many tool results it holds), so concurrent runs stay correct. */
class ScriptedModel {
  async getResponse(request) {
    let results = 0;
    if (Array.isArray(request.input)) for (const item of request.input) if (item.type === 'function_call_result') results++;
    return steps[results]();
  }
  // biome-ignore lint/correctness/useYield: not used (the bench runs non-streaming)
  async *getStreamedResponse() {
    throw new Error('not used');
  }
}

const agent = new Agent({
  name: 'bench',
  instructions: 'You answer weather questions.',
  model: new ScriptedModel(),
  tools: [
    tool({ name: 'tool_a', description: 'Weather now in a city.', parameters: z.object({ city: z.string() }), execute: toolA }),
    tool({ name: 'tool_b', description: 'Forecast for some days.', parameters: z.object({ days: z.number().int().min(1).max(7) }), execute: toolB }),
  ],
});
const runner = new Runner({ tracingDisabled: true });

await measure('openai-agents', async () => {
  const r = await runner.run(agent, 'What is the weather in Oslo for the next 3 days?');
  return r.finalOutput;
});
