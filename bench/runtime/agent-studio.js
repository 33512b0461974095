// Runtime bench worker: Agent Studio. `node --expose-gc agent-studio.js bare|all-plugins`.
//   bare:        no plugins, no modules.
//   all-plugins: the data layer (SQLite in memory, a small security model below)
//                and every security plugin: identity, sharing-rules, field-security, prompt-safety
//                (block), pii-masking (standard), output-guard, tool-dependencies (tool_b needs
//                tool_a), rationale (on; the scripted model sends `_rationale`), cost-accounting
//                (priced), approvals, audit (MemoryTraceStore, masked content). The run checks
//                that every plugin is loaded and that the audit trail of a run was written.
// Every run verifies a single-use Ed25519 AccessContext token, as production does; tokens are
// minted outside the timing (the access layer mints one per request).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createContainer, createLocalAccessAuthority, defineAction, defineAgent, MemoryCostLedger, MemoryPendingActionStore, MemoryRunStateStore, MemoryTraceStore } from '@agent-studio/core';
import { z } from 'zod';
import { allPluginModules } from '../shared/allPluginModules.js';
import { FINAL_TEXT, measure, TOOL_A_ARGS, TOOL_B_ARGS, toolA, toolB } from './harness.js';

const mode = process.argv[2];
if (mode !== 'bare' && mode !== 'all-plugins') throw new Error('usage: agent-studio.js bare|all-plugins');
const all = mode === 'all-plugins';

const schemaA = z.object({ city: z.string() });
const schemaB = z.object({ days: z.number().int().min(1).max(7) });
const actionA = defineAction({ name: 'tool_a', description: 'Weather now in a city.', audience: 'employee', visibility: 'public', effect: 'read', input: schemaA, run: toolA });
const actionB = defineAction({ name: 'tool_b', description: 'Forecast for some days.', audience: 'employee', visibility: 'public', effect: 'read', input: schemaB, run: toolB });
const agent = defineAgent({ name: 'bench', audience: 'employee', model: { name: 'm' }, instructions: 'You answer weather questions.', capabilities: [{ action: 'tool_a' }, { action: 'tool_b' }] });

// the same three responses as the other SDKs' scripted models (OpenAI chat-completions shape)
const rationale = all ? { _rationale: 'The user asked about the weather.' } : {};
const argsA = JSON.stringify({ ...TOOL_A_ARGS, ...rationale });
const argsB = JSON.stringify({ ...TOOL_B_ARGS, ...rationale });
const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
const responses = [
  { id: '1', model: 'm', choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'tool_a', arguments: argsA } }] } }], usage },
  { id: '2', model: 'm', choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'b', type: 'function', function: { name: 'tool_b', arguments: argsB } }] } }], usage },
  { id: '3', model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: FINAL_TEXT } }], usage },
];
/** Scripted model: the step is chosen from the conversation (how many tool results it holds), so concurrent runs stay correct. */
const model = {
  name: 'scripted',
  complete: async (request) => {
    let toolResults = 0;
    for (const m of request.messages) if (m.role === 'tool') toolResults++;
    return structuredClone(responses[toolResults]);
  },
};


const { issuer, verifier } = await createLocalAccessAuthority({ ttlSeconds: 900 });
const traces = new MemoryTraceStore();
const costLedger = new MemoryCostLedger();
const pendingActions = new MemoryPendingActionStore();
const runStates = new MemoryRunStateStore();
let modules = [];
const expectedPlugins = ['identity', 'sharing-rules', 'field-security', 'prompt-safety', 'pii-masking', 'output-guard', 'tool-dependencies', 'rationale', 'cost-accounting', 'approvals', 'audit'];
if (all) {
  modules = await allPluginModules('bench', { tool_b: { allOf: ['tool_a'] } });
}
const container = createContainer({ model, verifier, issuer, stateKey: new Uint8Array(randomBytes(32)), traces, costLedger, pendingActions, runStates, agents: [agent], actions: [actionA, actionB], modules });
const runtime = container.get('core.Runtime');
await runtime.start();
const loaded = runtime.plugins.map((p) => p.manifest.name);
if (all) {
  const missing = expectedPlugins.filter((p) => !loaded.includes(p));
  if (missing.length > 0) throw new Error(`plugins not loaded: ${missing.join(', ')} (loaded: ${loaded.join(', ')})`);
} else if (loaded.length > 0) throw new Error(`bare runtime has plugins: ${loaded.join(', ')}`);

const tokens = [];
const prepare = async (n) => {
  while (tokens.length < n) tokens.push(await issuer.mint({ tenantId: 't', userId: 'u-sam', agent: 'bench', sessionId: 's', surface: 'runtime', audience: 'employee' }));
};
let firstRunId;
const runOnce = async () => {
  const r = await runtime.run({ agent: 'bench', accessToken: tokens.pop(), input: 'What is the weather in Oslo for the next 3 days?' });
  if (r.status !== 'completed') throw new Error(`run ${r.status}: ${JSON.stringify(r.error ?? r.block ?? null)}`);
  firstRunId ??= r.runId;
  return r.reply;
};

await measure(`agent-studio-${mode}`, runOnce, {
  prepare,
  extra: () => ({ plugins: loaded }),
});
if (all) {
  const steps = await traces.list(firstRunId);
  const kinds = new Set(steps.map((s) => s.kind));
  if (steps.length < 5) throw new Error(`audit trail of a run holds ${steps.length} steps`);
  process.stderr.write(`agent-studio-all-plugins: first run's audit trail: ${steps.length} steps (${[...kinds].join(', ')})\n`);
}
