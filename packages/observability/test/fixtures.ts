import { Writable } from 'node:stream';
import { type AgentDefinition, type AgentPlugin, decide, defineAction, defineAgent, definePlugin, PluginPriority } from '@agent-studio/core';
import { createTestContainer, type ScriptStep } from '@agent-studio/core/testing';
import type { ContainerModule } from 'inversify';
import { z } from 'zod';

/** Unique strings planted in every content-bearing place of a run (R-ACT-LOG-1). */
export const SECRETS = {
  input: 'SECRET-INPUT-7f3a91',
  args: 'SECRET-ARGS-c02e5b',
  rationale: 'SECRET-RATIONALE-1d9e44',
  result: 'SECRET-RESULT-88b1f0',
  reply: 'SECRET-REPLY-4ac7d2',
  reason: 'SECRET-REASON-e5f310',
  instructions: 'SECRET-INSTRUCTIONS-29bd07',
} as const;

/** The agent of every test: `support`, model `test-model`, with `find_order` and `cancel_order`. */
export const support: AgentDefinition = defineAgent({
  name: 'support',
  audience: 'employee',
  model: { name: 'test-model' },
  instructions: `Help with orders. ${SECRETS.instructions}`,
  capabilities: [{ action: 'find_order' }, { action: 'cancel_order' }],
});

/** Finds an order; its result holds a planted secret; the number `bad` makes it throw. */
export const findOrder = defineAction({
  name: 'find_order',
  description: 'Find an order by number.',
  audience: 'employee',
  visibility: 'public',
  effect: 'read',
  input: z.object({ number: z.string() }),
  run: ({ number }) => {
    if (number === 'bad') throw new Error(`lookup failed for ${SECRETS.result}`);
    return { status: 'shipped', note: SECRETS.result };
  },
});

/** Cancels an order (blocked by {@link blockCancels}). */
export const cancelOrder = defineAction({
  name: 'cancel_order',
  description: 'Cancel an order by number.',
  audience: 'employee',
  visibility: 'public',
  effect: 'read',
  input: z.object({ number: z.string() }),
  run: () => ({ cancelled: true }),
});

/** A plugin that blocks `cancel_order` calls with `POLICY_BLOCKED` and a planted reason. */
export const blockCancels: AgentPlugin = definePlugin({
  manifest: { name: 'no-cancels', version: '1.0.0', priority: PluginPriority.Default + 10, failureMode: 'closed', coreRange: '^0.1.0' },
  beforeToolCall: (ctx) => (ctx.action.name === 'cancel_order' ? decide.block('POLICY_BLOCKED', `no cancels ${SECRETS.reason}`) : decide.continue()),
});

/** A plugin whose `beforeModelCall` blocks every run (a blocked run). */
export const blockRuns: AgentPlugin = definePlugin({
  manifest: { name: 'block-all', version: '1.0.0', priority: PluginPriority.Default + 20, failureMode: 'closed', coreRange: '^0.1.0' },
  beforeModelCall: () => decide.block('POLICY_BLOCKED', `not today ${SECRETS.reason}`),
});

/** One model turn asking for `find_order` with planted arguments and rationale. */
export const askFindOrder = (number: string = SECRETS.args, id = 'call_find'): ScriptStep => ({
  toolCalls: [{ id, name: 'find_order', arguments: { number, rationale: SECRETS.rationale } }],
  usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
});

/** A final reply holding a planted secret. */
export const finalReply = (prompt = 50, completion = 10): ScriptStep => ({
  content: `Done. ${SECRETS.reply}`,
  usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
});

/** Options of {@link runOnce}. */
export interface RunOnceOptions {
  readonly modules: readonly ContainerModule[];
  readonly script: readonly ScriptStep[];
  readonly plugins?: readonly AgentPlugin[];
}

/**
 * Builds a fresh test container and runs `support` once with the planted input.
 * @param options - modules, script and plugins
 * @returns the test container and the result
 */
export async function runOnce(options: RunOnceOptions) {
  const t = await createTestContainer({
    agents: [support],
    actions: [findOrder, cancelOrder],
    modules: options.modules,
    script: options.script,
    ...(options.plugins ? { plugins: options.plugins } : {}),
  });
  const result = await t.runtime.run({ agent: 'support', accessToken: await t.token(), input: `Where is my order? ${SECRETS.input}` });
  return { t, result };
}

/** A writable stream that keeps every line written to it. */
export class MemoryStream extends Writable {
  /** The text written, in order. */
  readonly chunks: string[] = [];

  /** The lines written so far. */
  get lines(): string[] {
    return this.chunks
      .join('')
      .split('\n')
      .filter((line) => line.length > 0);
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString());
    callback();
  }
}

/**
 * Asserts that a text holds none of the planted secrets.
 * @param text - the text to scan
 * @returns the secrets found
 */
export function leakedSecrets(text: string): string[] {
  return Object.values(SECRETS).filter((secret) => text.includes(secret));
}

/** A plugin whose `afterToolCall` withholds every `find_order` result (a decision on an open tool span). */
export const withholdResults: AgentPlugin = definePlugin({
  manifest: { name: 'withhold', version: '1.0.0', priority: PluginPriority.Default + 5, failureMode: 'closed', coreRange: '^0.1.0' },
  afterToolCall: (ctx) => (ctx.action.name === 'find_order' ? decide.block('POLICY_BLOCKED', `withheld ${SECRETS.reason}`) : decide.continue()),
});
