import { expect } from 'chai';
import {
  type ActionDefinition,
  type AgentDefinition,
  type AgentPlugin,
  CORE_VERSION,
  defineAction,
  defineAgent,
  type HookDecision,
  type HookDecisionEvent,
  validatePlugins,
} from '@agent-studio/core';
import { createTestContainer, type ScriptStep } from '@agent-studio/core/testing';
import type { ContainerModule } from 'inversify';
import { z } from 'zod';

// The plugin contract of STYLE.md §2.7, as a reusable suite: call it from a plugin's spec with a
// factory for the plugin (and, if it has one, its module). @agent-studio/core/testing does not ship
// it yet; this file is written so that it can move there unchanged.

/** A run the plugin is exercised on: an agent, its actions, a script and the user's message. */
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

/** Options of {@link describePluginContract}. */
export interface PluginContractOptions {
  /** The module that loads the plugin the way an app does (checks explicit injection). */
  readonly module?: () => ContainerModule;
  /** More fixtures, such as the calls the plugin exists to block. */
  readonly fixtures?: readonly (() => PluginContractFixture)[];
}

const HOOKS = ['beforeModelCall', 'afterModelCall', 'beforeToolCall', 'afterToolCall'] as const;
type HookName = (typeof HOOKS)[number];
type HookFn = (ctx: object) => unknown;

/**
 * The shared fixture: one harmless read action, called once, then a reply.
 * @returns the fixture
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

function expectWellFormed(decision: HookDecision<unknown>, where: string): void {
  expect(decision, where).to.be.an('object');
  expect(['continue', 'replace', 'block', 'suspend'], where).to.include(decision.type);
  if (decision.type === 'block') {
    expect(decision.code, where).to.be.a('string').and.match(/^[A-Z][A-Z0-9_]*$/);
    expect(decision.reason, where).to.be.a('string').and.not.equal('');
  }
  if (decision.type === 'replace') expect(decision, where).to.have.property('value');
  if (decision.type === 'suspend') {
    expect(['confirmation', 'approval'], where).to.include(decision.approval.kind);
    expect(decision.approval.reason, where).to.be.a('string').and.not.equal('');
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

async function runFixture(fixture: PluginContractFixture, plugin: AgentPlugin) {
  const t = await createTestContainer({ agents: [fixture.agent], actions: fixture.actions, plugins: [plugin], script: fixture.script });
  const decisions: HookDecisionEvent[] = [];
  t.runtime.events.on('hook:decision', (e) => decisions.push(e));
  const result = await t.runtime.run({ agent: fixture.agent.name, accessToken: await t.token(), input: fixture.input });
  await t.runtime.stop();
  return { result, decisions: decisions.filter((d) => d.plugin === plugin.manifest.name) };
}

/**
 * Checks that a plugin keeps the contract every plugin keeps (STYLE.md §2.7): a valid manifest;
 * loadable from its module with explicit injections; every hook returns a well-formed decision on
 * the shared fixtures and the plugin's own; no hook changes its context; a throwing hook counts as
 * a block when the plugin fails closed (and the action never runs), and is skipped when it fails
 * open.
 * @param factory - builds a fresh plugin
 * @param options - its module and its own fixtures
 */
export function describePluginContract(factory: () => AgentPlugin, options: PluginContractOptions = {}): void {
  const fixtures = [echoFixture, ...(options.fixtures ?? [])];

  describe(`plugin contract: ${factory().manifest.name}`, () => {
    it('has a valid manifest that this core accepts', () => {
      const plugin = factory();
      expect(validatePlugins([plugin], CORE_VERSION)).to.deep.equal([plugin]);
      expect(plugin.manifest.name).to.match(/^[a-z][a-z0-9-]*$/);
      expect(Object.isFrozen(plugin.manifest) || Object.getOwnPropertyDescriptor(plugin, 'manifest')?.writable === false, 'the manifest cannot be changed at run time').to.equal(true);
      expect(HOOKS.some((h) => typeof plugin[h] === 'function'), 'implements at least one hook').to.equal(true);
    });

    if (options.module) {
      const module = options.module;
      it('loads from its ContainerModule, with explicit injections (no reflection metadata)', async () => {
        const fixture = echoFixture();
        const t = await createTestContainer({ agents: [fixture.agent], actions: fixture.actions, modules: [module()], script: fixture.script });
        await t.runtime.start();
        expect(t.runtime.plugins.map((p) => p.manifest.name)).to.include(factory().manifest.name);
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
        await runFixture(make(), observed);
        expect(calls, 'the fixture reaches at least one hook').to.not.be.empty;
        for (const [i, c] of calls.entries()) {
          expectWellFormed(c.decision, `${c.hook} #${i}`);
          expect(c.changed, `${c.hook} #${i} changed its context`).to.equal(false);
        }
      });
    }

    it(`treats a throwing hook as its failureMode says (${factory().manifest.failureMode})`, async () => {
      const plugin = factory();
      const throwing = wrapHooks(plugin, () => () => {
        throw new Error('contract: hook failure');
      });
      const fixture = echoFixture();
      const { result, decisions } = await runFixture(fixture, throwing);
      if (plugin.manifest.failureMode === 'closed') {
        expect(decisions.map((d) => [d.decision, d.code])).to.deep.include(['block', 'PLUGIN_HOOK_FAILED']);
        expect(fixture.executed(), 'the guarded action never runs').to.equal(0);
      } else {
        expect(decisions.filter((d) => d.decision === 'block')).to.be.empty;
        expect(result.status).to.equal('completed');
      }
    });
  });
}
