/**
 * The leak test (issue 6, R-ACT-LOG-1, R-AUDIT-4): one conversation under every shipped plugin,
 * with secrets and personal data planted in the user's message, in a tool result and in the
 * model's output. Every sink an operator reads is scanned: each log line (pino, at debug level),
 * the Prometheus text, every span name, attribute and event attribute, and every record the audit
 * trail stored in SQLite. Under `none` and `masked` no planted value may appear anywhere; under
 * `full` they appear in the trace records (proof the scan sees them) and still nowhere else.
 * Values the agent's user may not read (FLS) and the credentials of the run appear nowhere in any mode.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  type ChatCompletionRequest,
  contextInput,
  createContainer,
  createLocalAccessAuthority,
  defineAction,
  defineAgent,
  type RunResult,
} from '@agent-studio/core';
import { ScriptedModel, type ScriptStep } from '@agent-studio/core/testing';
import { createSqliteBackend, dataModule } from '@agent-studio/data';
import { OrderActions, orderStatusAgent, securityModel, seedOrders } from '@agent-studio/example-order-status';
import { createLogger, loggingModule, metricsModule, tracingModule } from '@agent-studio/observability';
import { approvalsModule } from '@agent-studio/plugin-approvals';
import { auditModule, type ContentPolicy } from '@agent-studio/plugin-audit';
import { costAccountingModule } from '@agent-studio/plugin-cost-accounting';
import { fieldSecurityModule } from '@agent-studio/plugin-field-security';
import { identityModule } from '@agent-studio/plugin-identity';
import { outputGuardModule } from '@agent-studio/plugin-output-guard';
import { piiMaskingModule } from '@agent-studio/plugin-pii-masking';
import { promptSafetyModule } from '@agent-studio/plugin-prompt-safety';
import { rationaleModule } from '@agent-studio/plugin-rationale';
import { sharingRulesModule } from '@agent-studio/plugin-sharing-rules';
import { toolDependenciesModule } from '@agent-studio/plugin-tool-dependencies';
import { openSqlStores } from '@agent-studio/store-sql';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { expect } from 'chai';
import { z } from 'zod';

/** Planted where content flows: the user's message, a tool result, the model's output. */
const CONTENT = {
  userEmail: 'jane@example.com',
  userCard: '4111 1111 1111 1111',
  userSsn: '536-22-8741',
  userApiKey: 'sk-live-PLANTEDuserKey0123456789',
  toolEmail: 'jane.loyalty@example.net',
  toolPhone: '+1 650 555 0142',
  toolApiKey: 'sk_live_PLANTEDloyaltyKey123456',
  modelIban: 'DE89 3704 0044 0532 0130 00',
} as const;

/** Never readable by the agent's user, or credentials of the run: nowhere, in any mode. */
const FLS_HIDDEN_PHONE = '+1 415 555 0100';

const USER_MESSAGE = `Hi, I'm ${CONTENT.userEmail}, postal code 94105. My card is ${CONTENT.userCard}, SSN ${CONTENT.userSsn}, and my partner key is ${CONTENT.userApiKey}. Where is ORD-1002, what is my loyalty contact, and which phone do you have?`;

const LoyaltyInput = z.object({ customerId: contextInput('VerifiedCustomerId', z.string(), { kind: 'verifiedCustomerId' }) });

const lookupLoyalty = defineAction({
  name: 'lookup_loyalty',
  description: "Read the verified customer's loyalty contact. Asks the customer to confirm first.",
  audience: 'service',
  visibility: 'private',
  effect: 'read',
  requiresConfirmation: true,
  input: LoyaltyInput,
  run: () => ({ contactEmail: CONTENT.toolEmail, contactPhone: CONTENT.toolPhone, partnerKey: CONTENT.toolApiKey }),
});

const agent = defineAgent({
  ...orderStatusAgent,
  capabilities: [...orderStatusAgent.capabilities, { action: 'lookup_loyalty' }],
});

function lastToken(request: ChatCompletionRequest): string {
  const user = request.messages.find((m) => m.role === 'user');
  const text = typeof user?.content === 'string' ? user.content : '';
  return /\[EMAIL:\d{3,}\]/.exec(text)?.[0] ?? CONTENT.userEmail;
}

const script: ScriptStep[] = [
  (request) => ({
    toolCalls: [
      {
        id: 'c-verify',
        name: 'verify_customer',
        arguments: { email: lastToken(request), postalCode: '94105', _rationale: `Verify first; the customer also pasted card ${CONTENT.userCard}.` },
      },
    ],
  }),
  { toolCalls: [{ id: 'c-order', name: 'get_order', arguments: { orderNumber: 'ORD-1002', _rationale: 'The customer is verified and asked about ORD-1002.' } }] },
  { toolCalls: [{ id: 'c-loyalty', name: 'lookup_loyalty', arguments: { _rationale: 'They asked for their loyalty contact.' } }] },
  { toolCalls: [{ id: 'c-phone', name: 'get_contact_details', arguments: { _rationale: 'They asked which phone is on file.' } }] },
  {
    content: `ORD-1002 has shipped. Your loyalty contact is ${CONTENT.toolEmail} or ${CONTENT.toolPhone}. I noted SSN ${CONTENT.userSsn} and will refund to IBAN ${CONTENT.modelIban}. I cannot see your phone number.`,
  },
];

interface Sinks {
  readonly logs: string;
  readonly metrics: string;
  readonly spans: string;
  readonly trace: string;
  readonly results: readonly RunResult[];
  readonly secrets: readonly string[];
}

async function runEverything(policy: ContentPolicy): Promise<Sinks> {
  const dir = mkdtempSync(join(tmpdir(), 'as-leak-'));
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const stores = await openSqlStores({ sqliteFile: join(dir, 'agent-studio.db') });
  const backend = await createSqliteBackend({ filename: ':memory:' });
  await backend.open(securityModel);
  await seedOrders(backend);
  const authority = await createLocalAccessAuthority();
  const stateKey = new Uint8Array(randomBytes(32));
  const results: RunResult[] = [];
  const tokens: string[] = [];
  try {
    const container = createContainer({
      model: new ScriptedModel(script),
      verifier: authority.verifier,
      issuer: authority.issuer,
      stateKey,
      runStates: stores.runStates,
      pendingActions: stores.pendingActions,
      traces: stores.traces,
      costLedger: stores.costLedger,
      logger: createLogger({ level: 'debug', destination }),
      agents: [agent],
      actions: [lookupLoyalty],
      actionProviders: [new OrderActions()],
      modules: [
        dataModule({ model: securityModel, backend }),
        identityModule({ serviceUsers: { 'order-status': 'svc-order-status' } }),
        sharingRulesModule(),
        fieldSecurityModule(),
        promptSafetyModule({ enabled: true, mode: 'block' }),
        piiMaskingModule({ preset: 'standard' }),
        outputGuardModule({ defaults: { maxReplyChars: 2_000 } }),
        toolDependenciesModule({
          agents: { 'order-status': { dependencies: { get_order: { allOf: ['verify_customer'] }, lookup_loyalty: { allOf: ['verify_customer'] }, get_contact_details: { allOf: ['verify_customer'] } } } },
        }),
        rationaleModule({ enabled: true }),
        costAccountingModule({ pricing: { 'scripted:gpt-4o-mini': { input: 0.15, output: 0.6 } } }),
        approvalsModule(),
        auditModule({ persistContent: policy }),
        tracingModule({ tracerProvider }),
        metricsModule(),
        loggingModule(),
      ],
    });
    const runtime = container.get('core.Runtime');
    await runtime.start();
    expect(runtime.plugins.map((p) => p.manifest.name)).to.include.members([
      'identity',
      'sharing-rules',
      'field-security',
      'prompt-safety',
      'pii-masking',
      'output-guard',
      'tool-dependencies',
      'rationale',
      'cost-accounting',
      'approvals',
      'audit',
      'tracing',
      'metrics',
      'logging',
    ]);
    const mint = async () => {
      const token = await authority.issuer.mint({ tenantId: 'acme', userId: 'customer-7', agent: 'order-status', sessionId: 's-leak', surface: 'runtime', audience: 'service' });
      tokens.push(token);
      return token;
    };
    const first = await runtime.run({ agent: 'order-status', accessToken: await mint(), input: USER_MESSAGE });
    results.push(first);
    expect(first.status, JSON.stringify(first.error ?? first.block ?? null)).to.equal('suspended');
    expect(first.pendingApprovals?.map((p) => p.callId)).to.deep.equal(['c-loyalty']);
    const second = await runtime.resume({ accessToken: await mint(), runId: first.runId, decisions: [{ callId: 'c-loyalty', decision: 'approve' }] });
    results.push(second);
    expect(second.status, JSON.stringify(second.error ?? second.block ?? null)).to.equal('completed');
    await runtime.stop();
    const steps = await stores.traces.list(first.runId);
    expect(steps.length).to.be.greaterThan(40);
    const metrics = await container.get('observability.Metrics').metrics();
    const spans = exporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })), status: s.status }));
    expect(spans.length, spans.map((s) => s.name).join(", ")).to.be.greaterThan(10);
    expect(lines.length).to.be.greaterThan(10);
    const hex = Buffer.from(stateKey).toString('hex');
    const b64 = Buffer.from(stateKey).toString('base64');
    return { logs: lines.join(''), metrics, spans: JSON.stringify(spans), trace: JSON.stringify(steps), results, secrets: [...tokens, hex, b64, FLS_HIDDEN_PHONE] };
  } finally {
    await stores.close();
    await tracerProvider.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

function found(haystack: string, values: readonly string[]): string[] {
  return values.filter((v) => haystack.includes(v) || haystack.includes(JSON.stringify(v).slice(1, -1)));
}

describe('leak test: planted secrets and personal data never reach logs, metrics, spans or traces (R-ACT-LOG-1, R-AUDIT-4)', function () {
  this.timeout(60_000);
  const planted = Object.values(CONTENT);

  for (const policy of ['none', 'masked'] as const) {
    it(`persistContent ${policy}: no planted value in any log line, metric, span or stored trace record`, async () => {
      const sinks = await runEverything(policy);
      // the values were really there: the user typed them and the final reply holds the tool's and the model's
      expect(sinks.results.at(-1)?.reply).to.include(CONTENT.toolEmail).and.to.include(CONTENT.modelIban);
      for (const sink of ['logs', 'metrics', 'spans', 'trace'] as const) {
        expect(found(sinks[sink], planted), `${sink} under ${policy}`).to.deep.equal([]);
        expect(found(sinks[sink], sinks.secrets), `${sink} under ${policy}: credentials or FLS-hidden values`).to.deep.equal([]);
      }
    });
  }

  it('persistContent full: the planted values are in the trace records (opted in) and still in no log, metric or span', async () => {
    const sinks = await runEverything('full');
    // the scan sees them where they were opted into: this proves the other assertions can fail
    expect(found(sinks.trace, planted)).to.deep.equal(planted);
    for (const sink of ['logs', 'metrics', 'spans'] as const) expect(found(sinks[sink], planted), sink).to.deep.equal([]);
    for (const sink of ['logs', 'metrics', 'spans', 'trace'] as const) expect(found(sinks[sink], sinks.secrets), `${sink}: credentials or FLS-hidden values`).to.deep.equal([]);
  });
});
