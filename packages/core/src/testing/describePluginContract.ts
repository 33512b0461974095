import assert from 'node:assert/strict';
import type { ContainerModule } from 'inversify';
import { z } from 'zod';
import type { ActionDefinition } from '../actions/ActionConfig.js';
import { defineAction } from '../actions/defineAction.js';
import type { HookDecisionEvent } from '../events/RuntimeEvents.js';
import type { AgentPlugin } from '../plugin/AgentPlugin.js';
import type { HookDecision } from '../plugin/HookDecision.js';
import { validatePlugins } from '../plugin/validatePlugins.js';
import { type AgentDefinition, defineAgent } from '../runtime/AgentDefinition.js';
import { CORE_VERSION } from '../version.js';
import { createTestContainer } from './createTestContainer.js';
import type { ScriptStep } from './ScriptedModel.js';

/**
 * A run a plugin is exercised on by {@link describePluginContract}: an agent, its actions, a script
 * and the user's message.
 * @category Testing
 */
export interface PluginContractFixture {
  /** A label for the test names. */
  readonly name: string;
  /** The agent. */
  readonly agent: AgentDefinition;
  /** Its actions; `executed()` counts the calls that really ran. */
  readonly actions: readonly ActionDefinition[];
  /** The scripted model's steps. */
  readonly script: readonly ScriptStep[];
  /** The user's message. */
  readonly input: string;
  /** How many times an action of this fixture really ran. */
  readonly executed: () => number;
}

/**
 * Options of {@link describePluginContract}.
 * @category Testing
 */
export interface PluginContractOptions {
  /** The module that loads the plugin the way an app does (checks explicit injection). */
  readonly module?: () => ContainerModule;
  /** The plugins it depends on (`manifest.dependsOn`), loaded with it in every check. */
  readonly companions?: () => readonly AgentPlugin[];
  /** More fixtures, such as the calls the plugin exists to block. */
  readonly fixtures?: readonly (() => PluginContractFixture)[];
}

const HOOKS = ['beforeModelCall', 'afterModelCall', 'beforeToolCall', 'afterToolCall'] as const;
type HookName = (typeof HOOKS)[number];
type HookFn = (ctx: object) => unknown;

/**
 * The shared fixture: one harmless read action, called once, then a reply.
 * @returns the fixture
 * @category Testing
 */
export function echoFixture(): PluginContractFixture {
  let runs = 0;
  const echo = defineAction({
    name: 'contract_echo',
    description: 'Echoes a word back.',
    audience: 'employee',
    visibility: 'public',
    effect: 'read',
    input: z.object({ word: z.string() }),
    run: ({ word }) => {
      runs++;
      return { word };
    },
  });
  return {
    name: 'shared echo fixture',
    agent: defineAgent({ name: 'contract-agent', audience: 'employee', model: { name: 'contract-model' }, instructions: 'Echo.', capabilities: [{ action: 'contract_echo' }] }),
    actions: [echo],
    script: [{ toolCalls: [{ name: 'contract_echo', arguments: { word: 'hello' } }] }, { content: 'done' }],
    input: 'Say hello.',
    executed: () => runs,
  };
}

/** What everything a hook can see looks like, as JSON, to prove that the hook changed none of it. */
function snapshot(ctx: object): string {
  const c = ctx as Record<string, unknown> & { messages?: () => unknown };
  const view: Record<string, unknown> = { variables: c.variables, messages: typeof c.messages === 'function' ? c.messages() : undefined };
  for (const key of ['request', 'response', 'usage', 'call', 'args', 'result', 'hints', 'resume', 'access']) view[key] = c[key];
  return JSON.stringify(view);
}

function assertWellFormed(decision: HookDecision<unknown>, where: string): void {
  assert.ok(typeof decision === 'object' && decision !== null, `${where}: a decision is an object`);
  assert.ok(['continue', 'replace', 'block', 'suspend'].includes(decision.type), `${where}: unknown decision type ${String(decision.type)}`);
  if (decision.type === 'block') {
    assert.match(String(decision.code), /^[A-Z][A-Z0-9_]*$/, `${where}: a block has an UPPER_SNAKE code`);
    assert.ok(typeof decision.reason === 'string' && decision.reason.length > 0, `${where}: a block says why`);
  }
  if (decision.type === 'replace') assert.ok('value' in decision, `${where}: a replace carries the value`);
  if (decision.type === 'suspend') {
    assert.ok(['confirmation', 'approval'].includes(decision.approval.kind), `${where}: a suspension asks for confirmation or approval`);
    assert.ok(typeof decision.approval.reason === 'string' && decision.approval.reason.length > 0, `${where}: a suspension says why`);
  }
}

/** The same plugin, with each of its hooks replaced by `wrap(name, original)`. */
function wrapHooks(plugin: AgentPlugin, wrap: (hook: HookName, original: HookFn) => HookFn): AgentPlugin {
  const wrapped: Record<string, unknown> = { manifest: plugin.manifest };
  if (plugin.setup) wrapped.setup = plugin.setup.bind(plugin);
  if (plugin.dispose) wrapped.dispose = plugin.dispose.bind(plugin);
  for (const hook of HOOKS) {
    const original = plugin[hook] as HookFn | undefined;
    if (original) wrapped[hook] = wrap(hook, original.bind(plugin));
  }
  return wrapped as unknown as AgentPlugin;
}

async function runFixture(fixture: PluginContractFixture, plugin: AgentPlugin, companions: readonly AgentPlugin[]) {
  const t = await createTestContainer({ agents: [fixture.agent], actions: fixture.actions, plugins: [...companions, plugin], script: fixture.script });
  const decisions: HookDecisionEvent[] = [];
  t.runtime.events.on('hook:decision', (e) => decisions.push(e));
  const result = await t.runtime.run({ agent: fixture.agent.name, accessToken: await t.token(), input: fixture.input });
  await t.runtime.stop();
  return { result, decisions: decisions.filter((d) => d.plugin === plugin.manifest.name) };
}

/**
 * Declares a mocha suite that checks a plugin keeps the contract every plugin keeps (STYLE.md
 * §2.7): a valid manifest; loadable from its module with explicit injections; every hook returns a
 * well-formed decision on the shared fixture and the plugin's own; no hook changes its context; a
 * throwing hook counts as a block when the plugin fails closed (and the action never runs), and is
 * skipped when it fails open. Call it at the top level of a spec file; it uses mocha's globals.
 * @param factory - builds a fresh plugin
 * @param options - its module and its own fixtures
 * @returns nothing; the suite is registered with mocha
 * @example
 * ```ts
 * describePluginContract(() => new SpendLimitPlugin({ limits }), { module: () => spendLimitModule({ limits }) });
 * ```
 * @category Testing
 */
export function describePluginContract(factory: () => AgentPlugin, options: PluginContractOptions = {}): void {
  const fixtures = [echoFixture, ...(options.fixtures ?? [])];
  const companions = (): readonly AgentPlugin[] => options.companions?.() ?? [];

  describe(`plugin contract: ${factory().manifest.name}`, () => {
    it('has a valid manifest that this core accepts', () => {
      const plugin = factory();
      assert.ok(validatePlugins([...companions(), plugin], CORE_VERSION).includes(plugin));
      assert.match(plugin.manifest.name, /^[a-z][a-z0-9-]*$/);
      // an observer (events only, through setup) implements no hook; anything else decides something
      assert.ok(HOOKS.some((h) => typeof plugin[h] === 'function') || typeof plugin.setup === 'function', 'implements at least one hook, or observes through setup');
    });

    if (options.module) {
      const module = options.module;
      it('loads from its ContainerModule, with explicit injections (no reflection metadata)', async () => {
        const fixture = echoFixture();
        const t = await createTestContainer({ agents: [fixture.agent], actions: fixture.actions, modules: [module()], script: fixture.script });
        await t.runtime.start();
        assert.ok(t.runtime.plugins.map((p) => p.manifest.name).includes(factory().manifest.name), 'the module loads the plugin');
        await t.runtime.stop();
      });
    }

    for (const make of fixtures) {
      const label = make().name;
      it(`returns well-formed decisions and never changes its context (${label})`, async () => {
        const calls: { hook: HookName; decision: HookDecision<unknown>; changed: boolean }[] = [];
        const observed = wrapHooks(factory(), (hook, original) => async (ctx) => {
          const before = snapshot(ctx);
          const decision = (await original(ctx)) as HookDecision<unknown>;
          calls.push({ hook, decision, changed: snapshot(ctx) !== before });
          return decision;
        });
        await runFixture(make(), observed, companions());
        const plugin = factory();
        if (HOOKS.some((h) => typeof plugin[h] === 'function')) assert.ok(calls.length > 0, 'the fixture reaches at least one hook');
        for (const [i, c] of calls.entries()) {
          assertWellFormed(c.decision, `${c.hook} #${i}`);
          assert.equal(c.changed, false, `${c.hook} #${i} changed its context`);
        }
      });
    }

    it(`treats a throwing hook as its failureMode says (${factory().manifest.failureMode})`, async () => {
      const plugin = factory();
      const throwing = wrapHooks(plugin, () => () => {
        throw new Error('contract: hook failure');
      });
      const fixture = echoFixture();
      const { result, decisions } = await runFixture(fixture, throwing, companions());
      if (!HOOKS.some((h) => typeof plugin[h] === 'function')) {
        assert.equal(result.status, 'completed', 'an observer without hooks never changes a run');
      } else if (plugin.manifest.failureMode === 'closed') {
        assert.ok(decisions.some((d) => d.decision === 'block' && d.code === 'PLUGIN_HOOK_FAILED'), 'a throwing hook blocks with PLUGIN_HOOK_FAILED');
        assert.equal(fixture.executed(), 0, 'the guarded action never runs');
      } else {
        assert.equal(decisions.filter((d) => d.decision === 'block').length, 0, 'a fail-open plugin never blocks for a throw');
        assert.equal(result.status, 'completed');
      }
    });
  });
}
