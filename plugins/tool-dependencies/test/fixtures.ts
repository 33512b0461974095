import { type ChatCompletionRequest, defineAction, defineAgent, type RunResult } from '@agent-studio/core';
import { createTestContainer, type ScriptStep } from '@agent-studio/core/testing';
import { z } from 'zod';
import { type ToolDependencyOptionsInput, toolDependenciesModule } from '../src/index.js';

/** The SPEC §13.3 graph. */
export const GRAPH_13_3 = Object.freeze({
  update_record: { allOf: ['get_record_details'] },
  send_email: { allOf: ['update_record'], anyOf: ['get_email_address', 'get_contact_info'] },
});

/** The tools of the §13.3 graph. */
export const TOOLS = Object.freeze(['get_record_details', 'update_record', 'send_email', 'get_email_address', 'get_contact_info']);

/** What one run saw. */
export interface Observed {
  /** The result. */
  readonly result: RunResult;
  /** The tools that ran, in order. */
  readonly ran: string[];
  /** Every request the model received. */
  readonly seen: ChatCompletionRequest[];
}

/**
 * Runs the `crm` agent with the §13.3 tools; `get_record_details` fails when called with `{ fail: true }`.
 * @param script - the model script
 * @param options - the plugin options (default: the §13.3 graph)
 * @returns what the run saw
 */
export async function runCrm(script: ScriptStep[], options?: ToolDependencyOptionsInput): Promise<Observed> {
  const ran: string[] = [];
  const seen: ChatCompletionRequest[] = [];
  const actions = TOOLS.map((name) =>
    defineAction({
      name,
      description: `The ${name} tool.`,
      audience: 'employee',
      visibility: 'public',
      effect: 'read',
      input: z.object({ fail: z.boolean().optional() }),
      run: (args) => {
        ran.push(name);
        if (args.fail) throw new Error('failed on purpose');
        return { done: name };
      },
    }),
  );
  const agent = defineAgent({
    name: 'crm',
    audience: 'employee',
    model: { name: 'test-model' },
    instructions: 'Work on records.',
    capabilities: TOOLS.map((action) => ({ action })),
  });
  const recorded = script.map(
    (step): ScriptStep =>
      (request) => {
        seen.push(request);
        return typeof step === 'function' ? step(request, 0) : step;
      },
  );
  const t = await createTestContainer({
    agents: [agent],
    actions,
    modules: [toolDependenciesModule(options ?? { agents: { crm: { dependencies: GRAPH_13_3 } } })],
    script: recorded,
  });
  const result = await t.runtime.run({ agent: 'crm', accessToken: await t.token(), input: 'Email the customer about the record.' });
  return { result, ran, seen };
}

/**
 * The tool messages of a request, by call id.
 * @param request - the request
 * @returns the contents by tool call id
 */
export function toolResults(request: ChatCompletionRequest | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of request?.messages ?? []) if (m.role === 'tool') out.set(m.tool_call_id, String(m.content));
  return out;
}
