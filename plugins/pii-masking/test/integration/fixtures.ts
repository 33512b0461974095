import {
  type AgentDefinition,
  type AgentPlugin,
  type ChatCompletionRequest,
  decide,
  defineAction,
  defineAgent,
  type HookDecisionEvent,
  type Logger,
  type RunResult,
  type ScriptStep,
} from '@agent-studio/core';
import { createTestContainer, type TestContainer } from '@agent-studio/core/testing';
import { ContainerModule } from 'inversify';
import sinon from 'sinon';
import { z } from 'zod';
import { type PiiFieldClassification, type PiiMaskedEvent, type PiiMaskingOptionsInput, type PiiUnmaskedEvent, piiMaskingModule } from '../../src/index.js';

/** Raw values; none of them may ever reach the model while masking is on. */
export const RAW = Object.freeze({
  email: 'jane@acme.com',
  ssn: '123-45-6789',
  /** A Restricted field value the pattern catalog does not detect (bare 9 digits, no keyword). */
  contactSsn: '536221234',
  /** A Confidential field value no pattern detects. */
  maidenName: 'Okonkwo-Larsen',
  /** An Internal field value. */
  nickname: 'JD-Rocket',
  /** A Public field value. */
  title: 'Chief Financial Officer',
  /** A medical record number (Health category). */
  mrn: 'patient id: AB12345',
});

/** The Contact record the `find_contact` tool returns (Salesforce-style `attributes.type`). */
export const CONTACT = Object.freeze({
  attributes: { type: 'Contact' },
  Id: '003000000000001AAA',
  Name: 'Jane Doe',
  Email: RAW.email,
  Contact_SSN__c: RAW.contactSsn,
  MaidenName__c: RAW.maidenName,
  Nickname__c: RAW.nickname,
  Title: RAW.title,
});

/** The classifications of the Contact fields (Contact_SSN__c is left unclassified: the name heuristic decides). */
export const FIELDS: readonly PiiFieldClassification[] = Object.freeze([
  { object: 'Contact', field: 'Email', classification: 'Confidential' },
  { object: 'Contact', field: 'MaidenName__c', classification: 'Confidential' },
  { object: 'Contact', field: 'Nickname__c', classification: 'Internal' },
  { object: 'Contact', field: 'Title', classification: 'Public' },
]);

/** What one run saw. */
export interface Observed {
  /** The run's result. */
  readonly result: RunResult;
  /** Every request the model received, in order. */
  readonly seen: ChatCompletionRequest[];
  /** Calls of `find_contact` (its arguments). */
  readonly findContact: sinon.SinonSpy;
  /** Calls of `update_contact` (its arguments). */
  readonly updateContact: sinon.SinonSpy;
  /** `pii:masked` events. */
  readonly masked: PiiMaskedEvent[];
  /** `pii:unmasked` events. */
  readonly unmasked: PiiUnmaskedEvent[];
  /** The pii-masking plugin's hook decisions. */
  readonly decisions: HookDecisionEvent[];
  /** The logger the runtime used. */
  readonly logger: { readonly warn: sinon.SinonSpy; readonly info: sinon.SinonSpy; readonly debug: sinon.SinonSpy; readonly error: sinon.SinonSpy };
  /** The test container. */
  readonly t: TestContainer;
}

/** Options of {@link runAgent}. */
export interface RunOptions {
  /** The masking options. */
  readonly pii?: PiiMaskingOptionsInput;
  /** The agent's audience (default employee). */
  readonly audience?: 'employee' | 'service';
  /** The agent's name (default `support`). */
  readonly name?: string;
  /** The agent's `trust` section. */
  readonly trust?: Record<string, unknown>;
  /** More agents to register (same audience). */
  readonly moreAgents?: readonly string[];
  /** More modules. */
  readonly modules?: readonly ContainerModule[];
  /** More plugins. */
  readonly plugins?: readonly AgentPlugin[];
  /** Earlier turns. */
  readonly history?: RunHistory;
  /** What `find_contact` returns (default `{ records: [CONTACT] }`). */
  readonly result?: unknown;
  /** Request variables (the agent allows them all). */
  readonly variables?: Readonly<Record<string, unknown>>;
}

/** Earlier turns of a run request. */
export type RunHistory = Parameters<TestContainer['runtime']['run']>[0]['history'];

/** Builds an agent of the fixture. */
export function agentOf(name: string, audience: 'employee' | 'service', trust: Record<string, unknown> = {}, requestVariables: string[] = []): AgentDefinition {
  return defineAgent({
    name,
    audience,
    model: { name: 'test-model' },
    instructions: 'Help with contacts.',
    capabilities: [{ action: 'find_contact' }, { action: 'update_contact' }],
    trust,
    requestVariables,
  });
}

/**
 * Runs one agent through the runtime with a scripted model, the pii-masking module and two tools:
 * `find_contact` returns {@link CONTACT} in a `records` list; `update_contact` takes an id and an SSN.
 * Every script step is wrapped so the test sees what the model received.
 */
export async function runAgent(script: ScriptStep[], input: string, options: RunOptions = {}): Promise<Observed> {
  const audience = options.audience ?? 'employee';
  const name = options.name ?? 'support';
  const findContact = sinon.spy();
  const updateContact = sinon.spy();
  const common = { audience, visibility: 'public', effect: 'read' } as const;
  const find = defineAction({
    ...common,
    name: 'find_contact',
    description: 'Find a contact by e-mail.',
    input: z.object({ email: z.string() }),
    run: (args) => {
      findContact(args);
      return options.result ?? { records: [CONTACT] };
    },
  });
  const update = defineAction({
    ...common,
    name: 'update_contact',
    description: 'Check a contact (reads only; the name is historical).',
    input: z.object({ id: z.string(), ssn: z.string().optional(), note: z.string().optional() }),
    run: (args) => {
      updateContact(args);
      return { updated: true };
    },
  });
  const variables = Object.keys(options.variables ?? {});
  const agents = [agentOf(name, audience, options.trust, variables), ...(options.moreAgents ?? []).map((n) => agentOf(n, audience))];
  const seen: ChatCompletionRequest[] = [];
  const wrapped = script.map(
    (step): ScriptStep =>
      (request, index) => {
        seen.push(request);
        return typeof step === 'function' ? step(request, index) : step;
      },
  );
  const logger = { warn: sinon.spy(), info: sinon.spy(), debug: sinon.spy(), error: sinon.spy() };
  const loggerModule = new ContainerModule(({ rebind }) => {
    rebind('core.Logger').toConstantValue(logger satisfies Logger);
  });
  const t = await createTestContainer({
    agents,
    actions: [find, update],
    modules: [piiMaskingModule({ fields: [...FIELDS], ...options.pii }), ...(options.modules ?? []), loggerModule],
    ...(options.plugins ? { plugins: options.plugins } : {}),
    script: wrapped,
  });
  const masked: PiiMaskedEvent[] = [];
  const unmasked: PiiUnmaskedEvent[] = [];
  const decisions: HookDecisionEvent[] = [];
  t.runtime.events.on('pii:masked', (e) => masked.push(e));
  t.runtime.events.on('pii:unmasked', (e) => unmasked.push(e));
  t.runtime.events.on('hook:decision', (e) => e.plugin === 'pii-masking' && decisions.push(e));
  const result = await t.runtime.run({
    agent: name,
    accessToken: await t.token({ agent: name, audience }),
    input,
    ...(options.history ? { history: options.history } : {}),
    ...(options.variables ? { variables: options.variables } : {}),
  });
  return { result, seen, findContact, updateContact, masked, unmasked, decisions, logger, t };
}

/** Everything a request carried, as one string. */
export function textOf(request: ChatCompletionRequest | undefined): string {
  return JSON.stringify(request?.messages ?? []);
}

/** The content of the last tool message of a request. */
export function toolContent(request: ChatCompletionRequest | undefined): string {
  const tool = [...(request?.messages ?? [])].reverse().find((m) => m.role === 'tool');
  return typeof tool?.content === 'string' ? tool.content : JSON.stringify(tool?.content);
}

/** The content of the user message of a request. */
export function userContent(request: ChatCompletionRequest | undefined): string {
  const user = [...(request?.messages ?? [])].reverse().find((m) => m.role === 'user');
  return typeof user?.content === 'string' ? user.content : JSON.stringify(user?.content);
}

/** Finds the token a text gives a prefix, such as `[FIELD_MAIDENNAME__C:003]`. */
export function tokenOf(text: string, prefix: string): string | undefined {
  return new RegExp(String.raw`\[${prefix}:\d{3,}\]`).exec(text)?.[0];
}

/** A plugin that suspends every tool call until a person approves it (to test resume). */
export const holdPlugin: AgentPlugin = {
  manifest: { name: 'hold', version: '1.0.0', priority: 500, failureMode: 'closed', coreRange: '^0.1.0' },
  beforeToolCall: (ctx) => (ctx.resume ? decide.continue() : decide.suspend({ kind: 'approval', reason: 'a person checks every call' })),
};
