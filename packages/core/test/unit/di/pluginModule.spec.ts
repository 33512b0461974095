import 'reflect-metadata';
import { expect } from 'chai';
import { ContainerModule, inject, injectable } from 'inversify';
import { z } from 'zod';
import {
  $inject,
  type AgentPlugin,
  decide,
  defineAction,
  type HookDecision,
  type PluginSetupApi,
  PluginPriority,
  type RuntimeEvents,
  type ToolCall,
  type ToolCallContext,
} from '../../../src/index.js';
import { createTestContainer, type ScriptedModel } from '../../../src/testing/index.js';
import { lookupAction, shopAgent, stockAction } from '../../helpers/fixtures.js';

/** The test's own DI id; a real plugin package would add it to ServiceMap by declaration merging. */
const DENY_LIST = Symbol.for('test.DenyList');

/** A plugin class with an injected dependency, as a plugin author writes it (STYLE §2.4). */
@injectable()
class DenyListPlugin implements AgentPlugin {
  readonly manifest = { name: 'deny-list', version: '1.0.0', priority: PluginPriority.SharingRules, failureMode: 'closed', coreRange: '^0.1.0' } as const;
  readonly seen: string[] = [];
  readonly #denied: ReadonlySet<string>;

  constructor(@inject(DENY_LIST) denied: ReadonlySet<string>, @$inject('core.Events') events: RuntimeEvents) {
    this.#denied = denied;
    events.on('tool:finished', (e) => this.seen.push(e.action));
  }

  beforeToolCall(ctx: ToolCallContext): HookDecision<ToolCall> {
    return this.#denied.has(String(ctx.args.sku)) ? decide.block('POLICY_BLOCKED', `sku ${String(ctx.args.sku)} is on the deny list`) : decide.continue();
  }

  setup(api: PluginSetupApi): void {
    api.registerAction(
      defineAction({
        name: 'deny_list_size',
        description: 'How many SKUs are denied.',
        audience: 'employee',
        visibility: 'public',
        effect: 'read',
        input: z.object({}),
        run: () => ({ size: this.#denied.size }),
      }),
    );
  }
}

const denyListModule = (skus: string[]) =>
  new ContainerModule(({ bind }) => {
    bind(DENY_LIST).toConstantValue(new Set(skus));
    bind('core.Plugin').to(DenyListPlugin).inSingletonScope();
  });

describe('plugins loaded through a ContainerModule', () => {
  it('resolves a plugin class with explicit @$inject parameters and runs its hooks', async () => {
    const t = await createTestContainer({
      agents: [shopAgent],
      actions: [lookupAction, stockAction],
      modules: [denyListModule(['BAD'])],
      script: [{ toolCalls: [{ id: 'x', name: 'lookup', arguments: { sku: 'BAD' } }, { id: 'y', name: 'lookup', arguments: { sku: 'OK' } }] }, { content: 'ok' }],
    });
    const result = await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
    const tools = result.messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(String(m.content)) as { isSuccess: boolean; errorCode?: string });
    expect(tools[0]).to.include({ isSuccess: false, errorCode: 'POLICY_BLOCKED' });
    expect(tools[1]).to.include({ isSuccess: true });
    expect(t.runtime.plugins.map((p) => p.manifest.name)).to.deep.equal(['deny-list']);
    const plugin = t.runtime.plugins[0] as DenyListPlugin;
    expect(plugin.seen).to.deep.equal(['lookup']);
  });

  it('lets a plugin register actions in setup', async () => {
    const t = await createTestContainer({
      agents: [{ ...shopAgent, capabilities: [...shopAgent.capabilities, { action: 'deny_list_size', hitl: 'none', failFast: false, async: false }] }],
      actions: [lookupAction, stockAction],
      modules: [denyListModule(['A', 'B'])],
      script: [{ toolCalls: [{ name: 'deny_list_size' }] }, { content: 'two' }],
    });
    const result = await t.runtime.run({ agent: 'shop', accessToken: await t.token(), input: 'x' });
    expect(JSON.parse(String(result.messages.find((m) => m.role === 'tool')?.content))).to.deep.equal({ isSuccess: true, data: { size: 2 } });
    expect((t.model as ScriptedModel).requests[0]?.tools?.map((x) => x.function.name)).to.include('deny_list_size');
  });
});
