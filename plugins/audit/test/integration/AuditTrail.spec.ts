import {
  type AgentPlugin,
  decide,
  defineAction,
  defineAgent,
  type Logger,
  MemoryTraceStore,
  ProviderError,
  type RunResult,
  StoreError,
  type TraceStep,
  type TraceStore,
} from '@agent-studio/core';
import { createTestContainer, type ScriptStep } from '@agent-studio/core/testing';
import { piiMaskingModule } from '@agent-studio/plugin-pii-masking';
import { expect } from 'chai';
import { ContainerModule } from 'inversify';
import sinon from 'sinon';
import { z } from 'zod';
import { type AuditOptionsInput, auditModule, type DecisionStep, type ExecutionStep } from '../../src/index.js';

const EMAIL = 'jane.planted@example.com';
const PHONE = '+1 415 555 0199';
const REPLY_EMAIL = 'billing.planted@example.org';

const lookup = defineAction({
  name: 'lookup_customer',
  description: 'Find a customer by e-mail.',
  audience: 'employee',
  visibility: 'public',
  effect: 'read',
  input: z.object({ email: z.string() }),
  run: () => ({ name: 'Jane', phone: PHONE }),
});

const agent = defineAgent({ name: 'support', audience: 'employee', model: { name: 'gpt-4o-mini' }, instructions: 'Help the user.', capabilities: [{ action: 'lookup_customer' }] });

const script: ScriptStep[] = [
  { toolCalls: [{ id: 'c-1', name: 'lookup_customer', arguments: { email: EMAIL, _rationale: `The user gave ${EMAIL}; look the customer up.` } }] },
  { content: `Jane's phone is ${PHONE}; write to ${REPLY_EMAIL}.` },
];

function spyLogger() {
  return { warn: sinon.spy(), info: sinon.spy(), debug: sinon.spy(), error: sinon.spy() };
}

/** Emits `cost:recorded` as the cost-accounting plugin does, after each model call. */
function fakeCost(costUsd: number | null): AgentPlugin {
  let events: { emit(name: string, payload: unknown): boolean } | undefined;
  return {
    manifest: { name: 'fake-cost', version: '1.0.0', priority: 300, failureMode: 'closed', coreRange: '^0.1.0' },
    setup: (api) => {
      events = api.events as unknown as typeof events;
    },
    afterModelCall: (ctx) => {
      events?.emit('cost:recorded', { runId: ctx.runId, turn: ctx.turn, costUsd });
      return decide.continue();
    },
  };
}

interface Audited {
  readonly result: RunResult;
  readonly steps: TraceStep[];
  readonly decisions: DecisionStep[];
  readonly executions: ExecutionStep[];
  readonly logger: ReturnType<typeof spyLogger>;
  readonly dropped: number;
}

async function audited(options: { audit?: AuditOptionsInput; pii?: boolean; plugins?: AgentPlugin[]; script?: ScriptStep[]; store?: TraceStore } = {}): Promise<Audited> {
  const logger = spyLogger();
  const store = options.store ?? new MemoryTraceStore();
  const modules = [
    auditModule({ trace: store, ...options.audit }),
    new ContainerModule(({ rebind }) => {
      rebind('core.Logger').toConstantValue(logger satisfies Logger);
    }),
  ];
  if (options.pii) modules.push(piiMaskingModule({ preset: 'standard' }));
  const t = await createTestContainer({ agents: [agent], actions: [lookup], modules, plugins: options.plugins ?? [], script: options.script ?? script });
  const result = await t.runtime.run({ agent: 'support', accessToken: await t.token(), input: `Hi, I am ${EMAIL}. What phone do you have for me?` });
  const trail = t.container.get('audit.Trail');
  await trail.flush();
  const steps = options.store && !(options.store instanceof MemoryTraceStore) ? [] : await store.list(result.runId);
  return {
    result,
    steps,
    decisions: steps.filter((s) => s.kind === 'audit.decision').map((s) => s.data as DecisionStep),
    executions: steps.filter((s) => s.kind === 'audit.execution').map((s) => s.data as ExecutionStep),
    logger,
    dropped: trail.dropped,
  };
}

const planted = [EMAIL, PHONE, REPLY_EMAIL];
const leaks = (steps: readonly TraceStep[]) => planted.filter((v) => JSON.stringify(steps).includes(v));

describe('audit trail (SPEC §11)', () => {
  it('R-AUDIT-2 / R-AUDIT-3: the decision timeline reads in order, grouped by turn, with the users who asked and acted', async () => {
    const { decisions, result } = await audited();
    expect(result.status).to.equal('completed');
    expect(decisions.map((d) => d.stepType)).to.deep.equal([
      'RUN_STARTED',
      'SYSTEM_PROMPT_BUILT',
      'TOOLS_CONFIGURED',
      'USER_INPUT',
      'LLM_REQUEST',
      'LLM_RESPONSE',
      'TOOL_SELECTED',
      'TOOL_RESULT',
      'LLM_REQUEST',
      'LLM_RESPONSE',
      'FINAL_RESPONSE',
    ]);
    expect(decisions.map((d) => d.turn)).to.deep.equal([0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2]);
    expect(decisions.every((d) => d.originalUserId === 'u-1' || d.originalUserId !== undefined)).to.equal(true);
    const start = decisions[0] as DecisionStep;
    expect(start.run).to.deep.equal({ agent: 'support', tenantId: start.run?.tenantId, surface: 'runtime', contentPolicy: 'masked' });
    const selected = decisions.find((d) => d.stepType === 'TOOL_SELECTED');
    expect(selected).to.include({ toolName: 'lookup_customer', toolCallId: 'c-1', title: 'Tool lookup_customer selected' });
    expect(decisions.at(-1)).to.deep.include({ stepType: 'FINAL_RESPONSE', success: true });
    expect(decisions.at(-1)?.totals).to.deep.include({ modelCalls: 2, toolCalls: 1 });
  });

  it('R-AUDIT-1 / R-COST-1: one llm_call step per provider call holds the usage and cost; tool steps only reference it', async () => {
    const { executions, decisions, result } = await audited({ plugins: [fakeCost(0.0021)] });
    const calls = executions.filter((e) => e.stepType === 'llm_call');
    expect(calls).to.have.length(2);
    expect(calls.map((c) => c.llmCall?.costUsd)).to.deep.equal([0.0021, 0.0021]);
    const tokens = calls.reduce((n, c) => n + (c.llmCall?.totalTokens ?? 0), 0);
    expect(tokens).to.equal(result.usage.total_tokens);
    const toolSteps = executions.filter((e) => e.stepType === 'tool_call' || e.stepType === 'tool_result');
    expect(toolSteps.map((s) => s.llmCallId)).to.deep.equal([`${result.runId}:1`, `${result.runId}:1`]);
    expect(toolSteps.every((s) => s.llmCall === undefined)).to.equal(true);
    expect(decisions.at(-1)?.totals?.costUsd).to.equal(0.0042);
    // every execution step carries the R-AUDIT-1 flags
    for (const e of executions) expect(e).to.include.keys('isError', 'isDependencyValidationFailure', 'isAsyncToolExecution', 'isInternal', 'isResumed', 'turn', 'contentPolicy');
  });

  it('R-COST-2: an unpriced model call makes the run total null, not 0', async () => {
    const { decisions } = await audited({ plugins: [fakeCost(null)] });
    expect(decisions.find((d) => d.stepType === 'LLM_RESPONSE')?.costUsd).to.equal(null);
    expect(decisions.at(-1)?.totals?.costUsd).to.equal(null);
  });

  it('R-RAT-3: the rationale is on the tool-call step and on the decision step', async () => {
    const { decisions, executions } = await audited({ audit: { persistContent: 'full' } });
    const why = `The user gave ${EMAIL}; look the customer up.`;
    expect(decisions.find((d) => d.stepType === 'TOOL_SELECTED')?.rationale).to.equal(why);
    expect(executions.find((e) => e.stepType === 'tool_call')?.rationale).to.equal(why);
  });

  describe('R-AUDIT-4: content policy', () => {
    it('masked (the default), with the PII plugin: what the model saw, with its tokens; nothing planted is stored', async () => {
      const { steps, decisions } = await audited({ pii: true });
      expect(leaks(steps)).to.deep.equal([]);
      expect(decisions.find((d) => d.stepType === 'USER_INPUT')?.content).to.match(/^Hi, I am \[EMAIL:\d{3}\]\. What phone/);
      expect(decisions.find((d) => d.stepType === 'TOOL_SELECTED')?.content).to.match(/"email":"\[EMAIL(:\d{3})?\]"/);
      expect(decisions.find((d) => d.stepType === 'FINAL_RESPONSE')?.content).to.match(/\[PHONE/);
    });

    it('masked without the PII plugin: the audit masks with its own detector', async () => {
      const { steps, decisions } = await audited();
      expect(leaks(steps)).to.deep.equal([]);
      expect(decisions.find((d) => d.stepType === 'USER_INPUT')?.content).to.equal('Hi, I am [EMAIL]. What phone do you have for me?');
      expect(decisions.find((d) => d.stepType === 'TOOL_SELECTED')?.rationale).to.equal('The user gave [EMAIL]; look the customer up.');
      expect(decisions.find((d) => d.stepType === 'TOOL_RESULT')?.content).to.include('[PHONE]');
      expect(decisions.find((d) => d.stepType === 'FINAL_RESPONSE')?.content).to.equal("Jane's phone is [PHONE]; write to [EMAIL].");
    });

    it('none: no free text at all, only sizes', async () => {
      const { steps, decisions, executions } = await audited({ audit: { persistContent: 'none' } });
      expect(leaks(steps)).to.deep.equal([]);
      for (const d of decisions) {
        expect(d.content ?? null, d.stepType).to.equal(null);
        expect(d.rationale ?? null, d.stepType).to.equal(null);
      }
      for (const e of executions) {
        expect(e.content, e.stepType).to.equal(null);
        expect(e.toolArguments ?? null).to.equal(null);
        expect(e.toolResult ?? null).to.equal(null);
        expect(e.rationale ?? null).to.equal(null);
      }
      expect(executions.find((e) => e.stepType === 'message' && e.role === 'user')?.contentLength).to.equal(`Hi, I am ${EMAIL}. What phone do you have for me?`.length);
      expect(executions.every((e) => e.contentPolicy === 'none')).to.equal(true);
    });

    it('full: values in clear, opted into per agent, and warned about at startup', async () => {
      const { steps, decisions, logger } = await audited({ audit: { persistContent: 'none', agents: { support: 'full' } } });
      expect(leaks(steps)).to.deep.equal(planted);
      expect(decisions.find((d) => d.stepType === 'USER_INPUT')?.content).to.equal(`Hi, I am ${EMAIL}. What phone do you have for me?`);
      const warned = logger.warn.getCalls().map((c) => c.args[0] as Record<string, unknown>);
      expect(warned).to.deep.include({ plugin: 'audit', agent: 'support', persistContent: 'full' });
    });

    it('a masked step is cut at maxContentChars, after masking, and flagged', async () => {
      const long: ScriptStep[] = [{ content: `${'x'.repeat(40)} ${EMAIL}` }];
      const { executions } = await audited({ audit: { maxContentChars: 20 }, script: long });
      const reply = executions.find((e) => e.stepType === 'llm_call');
      expect(reply?.truncated).to.equal(true);
      expect(reply?.content).to.have.length(20);
      expect(reply?.contentLength).to.equal(41 + EMAIL.length);
    });
  });

  it('a tool name the model made up is never echoed in a title', async () => {
    const bogus: ScriptStep[] = [{ toolCalls: [{ id: 'c-x', name: EMAIL, arguments: {} }] }, { content: 'Sorry.' }];
    const { steps } = await audited({ script: bogus, audit: { persistContent: 'none' } });
    expect(leaks(steps)).to.deep.equal([]);
  });

  it('never blocks a run: a failing store loses the steps, logs name and code only, and counts them', async () => {
    const failing: TraceStore = {
      append: async () => {
        throw new StoreError('STORE_CONFLICT', `database down while writing ${EMAIL}`);
      },
      list: async () => [],
      listRuns: async () => [],
    };
    const { result, logger, dropped } = await audited({ store: failing });
    expect(result.status).to.equal('completed');
    expect(dropped).to.be.greaterThan(5);
    const logged = JSON.stringify(logger.warn.getCalls().map((c) => c.args));
    expect(logged).to.include('STORE_CONFLICT');
    expect(logged).to.not.include(EMAIL);
  });

  it('records a blocked run and the plugin decision with its reason', async () => {
    const guard: AgentPlugin = {
      manifest: { name: 'no-lookups', version: '1.0.0', priority: 650, failureMode: 'closed', coreRange: '^0.1.0' },
      beforeToolCall: () => decide.block('POLICY_BLOCKED', 'lookups are off today'),
    };
    const { decisions } = await audited({ plugins: [guard] });
    const decision = decisions.find((d) => d.stepType === 'POLICY_DECISION' && d.plugin === 'no-lookups');
    expect(decision).to.deep.include({ success: false, errorCode: 'POLICY_BLOCKED', reason: 'lookups are off today', hook: 'beforeToolCall', toolCallId: 'c-1' });
    expect(decision?.title).to.equal('no-lookups blocked the tool call');
  });

  it('a beforeModelCall block ends the trail with RUN_BLOCKED and the code', async () => {
    const wall: AgentPlugin = {
      manifest: { name: 'prompt-safety', version: '1.0.0', priority: 900, failureMode: 'closed', coreRange: '^0.1.0' },
      beforeModelCall: () => decide.block('POLICY_BLOCKED', 'score 0.93 over 0.6'),
    };
    const { decisions, result } = await audited({ plugins: [wall] });
    expect(result.status).to.equal('blocked');
    expect(decisions.map((d) => d.stepType)).to.deep.equal(['RUN_STARTED', 'SAFETY_BLOCKED', 'RUN_BLOCKED']);
    expect(decisions.at(-1)).to.deep.include({ errorCode: 'POLICY_BLOCKED', success: false });
  });

  it('a failed run ends with ERROR and the code', async () => {
    const { decisions, result } = await audited({ script: [{ error: new ProviderError('MODEL_NETWORK_ERROR', 'down') }] });
    expect(result.status).to.equal('failed');
    expect(decisions.at(-1)).to.deep.include({ stepType: 'ERROR', errorCode: 'MODEL_NETWORK_ERROR', success: false });
  });

  it('a suspended run continues the same trail on resume: AGENT_RESUMED, then resumed steps flagged isResumed', async () => {
    const gate: AgentPlugin = {
      manifest: { name: 'gate', version: '1.0.0', priority: 500, failureMode: 'closed', coreRange: '^0.1.0' },
      beforeToolCall: (ctx) => (ctx.resume?.decision === 'approve' ? decide.continue() : decide.suspend({ kind: 'approval', reason: 'lookups need approval' })),
    };
    const store = new MemoryTraceStore();
    const t = await createTestContainer({ agents: [agent], actions: [lookup], modules: [auditModule({ trace: store })], plugins: [gate], script });
    const first = await t.runtime.run({ agent: 'support', accessToken: await t.token(), input: 'Look me up.' });
    expect(first.status).to.equal('suspended');
    const resumed = await t.runtime.resume({ accessToken: await t.token(), state: first.state, decisions: [{ callId: 'c-1', decision: 'approve' }] });
    expect(resumed.status).to.equal('completed');
    await t.container.get('audit.Trail').flush();
    const steps = await store.list(first.runId);
    const types = steps.filter((s) => s.kind === 'audit.decision').map((s) => (s.data as DecisionStep).stepType);
    expect(types).to.deep.equal([
      'RUN_STARTED',
      'SYSTEM_PROMPT_BUILT',
      'TOOLS_CONFIGURED',
      'USER_INPUT',
      'LLM_REQUEST',
      'LLM_RESPONSE',
      'TOOL_SELECTED',
      'APPROVAL_REQUESTED',
      'RUN_SUSPENDED',
      'AGENT_RESUMED',
      'TOOL_RESULT',
      'LLM_REQUEST',
      'LLM_RESPONSE',
      'FINAL_RESPONSE',
    ]);
    expect(steps.map((s) => s.seq)).to.deep.equal(steps.map((_, i) => i + 1));
    const resumedStep = steps.map((s) => s.data as DecisionStep).find((d) => d.stepType === 'AGENT_RESUMED');
    expect(resumedStep?.description).to.match(/with the decisions it was waiting for: c-1 approved\.$/);
    const resumedExec = steps.filter((s) => s.kind === 'audit.execution' && (s.data as ExecutionStep).isResumed);
    expect(resumedExec.length).to.be.greaterThan(0);
    // the resumed process has no raw response: the call's arguments are masked from what the action got
    const call = steps.map((s) => s.data as ExecutionStep).find((d) => d.stepType === 'tool_call');
    expect(call?.toolArguments).to.equal('{"email":"[EMAIL]"}');
  });

  it('runtime.stop() disposes the plugin: the trail detaches and flushes', async () => {
    const store = new MemoryTraceStore();
    const t = await createTestContainer({ agents: [agent], actions: [lookup], modules: [auditModule({ trace: store })], script });
    const result = await t.runtime.run({ agent: 'support', accessToken: await t.token(), input: 'hello' });
    await t.runtime.stop();
    const count = (await store.list(result.runId)).length;
    expect(count).to.be.greaterThan(10);
    expect(t.runtime.events.listenerCount('model:responded')).to.equal(0);
  });

  it('rejects invalid options with CONFIG_INVALID', () => {
    expect(() => auditModule({ persistContent: 'everything' as never })).to.throw(/auditModule: invalid option persistContent/);
    expect(() => auditModule({ trace: {} as never })).to.throw(/Expected a TraceStore/);
  });
});
