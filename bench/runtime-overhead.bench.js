// Runtime overhead per agent run: the same scripted workload (the model asks for tool A, then
// tool B, then answers; zod-validated arguments, trivial synchronous tools) run by
//   - a hand-written loop (the floor),
//   - Agent Studio with no plugins,
//   - Agent Studio with three no-op plugins on every hook.
// Side by side in one process, interleaved trials, median µs per run. Prints one JSON line.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createContainer, createLocalAccessAuthority, decide, defineAction, defineAgent } from '@agent-studio/core';
import { z } from 'zod';

const RUNS = 2_000;
const TRIALS = 5;

const schemaA = z.object({ city: z.string() });
const schemaB = z.object({ days: z.number().int().min(1).max(7) });
const toolA = defineAction({ name: 'tool_a', description: 'A', audience: 'employee', visibility: 'public', effect: 'read', input: schemaA, run: ({ city }) => ({ city, t: 21 }) });
const toolB = defineAction({ name: 'tool_b', description: 'B', audience: 'employee', visibility: 'public', effect: 'read', input: schemaB, run: ({ days }) => ({ days, rain: false }) });
const agent = defineAgent({ name: 'bench', audience: 'employee', model: { name: 'm' }, instructions: 'x', capabilities: [{ action: 'tool_a' }, { action: 'tool_b' }] });

const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
const responses = [
  { id: '1', model: 'm', choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'tool_a', arguments: '{"city":"Oslo"}' } }] } }], usage },
  { id: '2', model: 'm', choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'b', type: 'function', function: { name: 'tool_b', arguments: '{"days":3}' } }] } }], usage },
  { id: '3', model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Sunny.' } }], usage },
];
/** A model that cycles through the three responses (a scripted model without recording). */
function cyclingModel() {
  let i = 0;
  return { name: 'scripted', complete: async () => structuredClone(responses[i++ % 3]) };
}

async function handWritten() {
  const model = cyclingModel();
  const tools = { tool_a: { schema: schemaA, run: toolA.run }, tool_b: { schema: schemaB, run: toolB.run } };
  const messages = [{ role: 'system', content: 'x' }, { role: 'user', content: 'weather?' }];
  for (;;) {
    const r = await model.complete({ model: 'm', messages });
    const msg = r.choices[0].message;
    messages.push(msg);
    if (!msg.tool_calls) return msg.content;
    for (const call of msg.tool_calls) {
      const t = tools[call.function.name];
      const out = await t.run(t.schema.parse(JSON.parse(call.function.arguments)));
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify({ isSuccess: true, data: out }) });
    }
  }
}

const noop = (name, priority) => ({
  manifest: { name, version: '1.0.0', priority, failureMode: 'closed', coreRange: '^0.1.0' },
  beforeModelCall: () => decide.continue(),
  afterModelCall: () => decide.continue(),
  beforeToolCall: () => decide.continue(),
  afterToolCall: () => decide.continue(),
});

async function studio(plugins) {
  const { issuer, verifier } = await createLocalAccessAuthority({ ttlSeconds: 900 });
  const container = createContainer({ model: cyclingModel(), verifier, stateKey: randomBytes(32), agents: [agent], actions: [toolA, toolB], plugins });
  const runtime = container.get('core.Runtime');
  await runtime.start();
  // tokens are single-use (R-TOKEN-3): the access layer mints one per request, outside the timing
  const tokens = [];
  const refill = async () => {
    while (tokens.length < RUNS + 400) tokens.push(await issuer.mint({ tenantId: 't', userId: 'u', agent: 'bench', sessionId: 's', surface: 'runtime', audience: 'employee' }));
  };
  await refill();
  const fn = async () => {
    const accessToken = tokens.pop();
    const r = await runtime.run({ agent: 'bench', accessToken, input: 'weather?' });
    if (r.status !== 'completed') throw new Error(`run ${r.status}: ${r.error?.code}`);
  };
  fn.refill = refill;
  return fn;
}

async function time(fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < RUNS; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1_000 / RUNS;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const subjects = {
  handWrittenUs: handWritten,
  agentStudioBareUs: await studio([]),
  agentStudioNoopPluginsUs: await studio([noop('p1', 900), noop('p2', 500), noop('p3', 100)]),
};
for (const fn of Object.values(subjects)) for (let i = 0; i < 300; i++) await fn();
const samples = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
for (let t = 0; t < TRIALS; t++) {
  for (const [k, fn] of Object.entries(subjects)) {
    if (fn.refill) await fn.refill();
    samples[k].push(await time(fn));
  }
}
const result = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(median(v) * 10) / 10]));
console.log(
  JSON.stringify({
    bench: 'runtime-overhead',
    runs: RUNS,
    trials: TRIALS,
    workload: '3 model turns, 2 tool calls, scripted model; token verified on every run',
    ...result,
    bareOverHandWritten: Math.round((result.agentStudioBareUs / result.handWrittenUs) * 10) / 10,
    node: process.version,
  }),
);
