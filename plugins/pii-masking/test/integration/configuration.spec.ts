import { AgentStudioError, type ScriptStep } from '@agent-studio/core';
import { expect } from 'chai';
import { RAW, runAgent, textOf, tokenOf, toolContent, userContent } from './fixtures.js';

const INPUT = `Mail ${RAW.email}, record ${RAW.mrn}, server 10.0.0.1`;

/** find_contact, then a plain reply. */
function lookup(): ScriptStep[] {
  return [
    (request) => ({ toolCalls: [{ name: 'find_contact', arguments: { email: tokenOf(userContent(request), 'EMAIL') ?? RAW.email } }] }),
    { content: 'ok' },
  ];
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return AgentStudioError.is(e) ? e.code : String(e);
  }
  return undefined;
}

describe('configuration: presets, modes and per-agent settings (R-PII-1, R-PII-2)', () => {
  it('R-PII-1: preset standard masks Financial/Identity/Contact patterns and Confidential+Restricted fields only', async () => {
    const { seen } = await runAgent(lookup(), INPUT, { pii: { preset: 'standard' } });
    const user = userContent(seen[0]);
    expect(user).to.not.include(RAW.email);
    expect(user).to.include('AB12345').and.include('10.0.0.1'); // Health and Technical are not in standard
    const tool = toolContent(seen[1]);
    expect(tool).to.match(/"MaidenName__c":"\[FIELD_MAIDENNAME__C:\d{3}\]"/); // Confidential
    expect(tool).to.include(`"Nickname__c":"${RAW.nickname}"`); // Internal
  });

  it('R-PII-1: preset strict masks every category and Internal fields too (Public stays)', async () => {
    const { seen } = await runAgent(lookup(), INPUT, { pii: { preset: 'Strict' } });
    const user = userContent(seen[0]);
    expect(user).to.not.include('AB12345').and.not.include('10.0.0.1').and.not.include(RAW.email);
    const tool = toolContent(seen[1]);
    expect(tool).to.match(/"Nickname__c":"\[FIELD_NICKNAME__C:\d{3}\]"/);
    expect(tool).to.include(`"Title":"${RAW.title}"`);
  });

  it('R-PII-1: preset off sends everything as it is and records no decision', async () => {
    const { seen, decisions, masked } = await runAgent(lookup(), INPUT, { pii: { preset: 'off' } });
    expect(userContent(seen[0])).to.equal(INPUT);
    expect(toolContent(seen[1])).to.include(RAW.maidenName);
    expect(decisions.filter((d) => d.decision !== 'continue')).to.deep.equal([]);
    expect(masked).to.deep.equal([]);
  });

  it('R-PII-1: explicit keys of a layer override its preset', async () => {
    const { seen } = await runAgent(lookup(), INPUT, { pii: { preset: 'standard', categories: ['Health'] } });
    const user = userContent(seen[0]);
    expect(user).to.include(RAW.email).and.not.include('AB12345');
  });

  it('R-PII-1: without options every category and Confidential+Restricted fields are masked (hybrid)', async () => {
    const { seen } = await runAgent(lookup(), INPUT);
    expect(userContent(seen[0])).to.not.include(RAW.email).and.not.include('AB12345').and.not.include('10.0.0.1');
    expect(toolContent(seen[1])).to.include(`"Nickname__c":"${RAW.nickname}"`).and.not.include(RAW.maidenName);
  });

  it('R-PII-1: mode strings are normalised like REF (case, hyphen/space, SCHEMA+ONLY / PATTERN+ONLY)', async () => {
    const schemaOnly = await runAgent(lookup(), INPUT, { pii: { mode: 'SCHEMA ONLY' } });
    expect(userContent(schemaOnly.seen[0])).to.equal(INPUT);
    const patternOnly = await runAgent(lookup(), INPUT, { pii: { mode: 'Pattern-Only' } });
    expect(toolContent(patternOnly.seen[1])).to.include(RAW.maidenName);
    expect(userContent(patternOnly.seen[0])).to.not.include(RAW.email);
  });

  it('R-PII-1: sensitiveClassifications selects the masked fields (empty means Confidential and Restricted)', async () => {
    const internal = await runAgent(lookup(), INPUT, { pii: { sensitiveClassifications: ['Internal'] } });
    const tool = toolContent(internal.seen[1]);
    expect(tool).to.match(/"Nickname__c":"\[FIELD_NICKNAME__C:\d{3}\]"/).and.include(RAW.maidenName);
    const empty = await runAgent(lookup(), INPUT, { pii: { sensitiveClassifications: [] } });
    expect(toolContent(empty.seen[1])).to.include(RAW.nickname);
    expect(toolContent(empty.seen[1])).to.not.include(RAW.maidenName);
  });

  describe('per agent', () => {
    it('R-PII-1: options.agents[name] preset off disables masking for that agent only', async () => {
      const pii = { agents: { billing: { preset: 'off' } } };
      const billing = await runAgent(lookup(), INPUT, { name: 'billing', moreAgents: ['support'], pii });
      expect(textOf(billing.seen[0])).to.include(RAW.email);
      const support = await runAgent(lookup(), INPUT, { name: 'support', moreAgents: ['billing'], pii });
      expect(textOf(support.seen[0])).to.not.include(RAW.email);
    });

    it("R-PII-1: the agent definition's trust['pii-masking'] section applies, and options.agents overrides it", async () => {
      const trust = { 'pii-masking': { preset: 'strict' } };
      const fromDefinition = await runAgent(lookup(), INPUT, { trust });
      expect(userContent(fromDefinition.seen[0])).to.not.include('AB12345');
      const overridden = await runAgent(lookup(), INPUT, { trust, pii: { agents: { support: { preset: 'standard' } } } });
      expect(userContent(overridden.seen[0])).to.include('AB12345').and.not.include(RAW.email);
    });

    it('R-PII-1: a tenant-level preset off is the default; an agent can turn masking on with a preset', async () => {
      const pii = { preset: 'off', agents: { billing: { preset: 'standard' } } };
      const support = await runAgent(lookup(), INPUT, { name: 'support', moreAgents: ['billing'], pii });
      expect(userContent(support.seen[0])).to.equal(INPUT);
      const billing = await runAgent(lookup(), INPUT, { name: 'billing', moreAgents: ['support'], pii });
      expect(userContent(billing.seen[0])).to.not.include(RAW.email);
    });

    it('R-PII-1: an invalid trust section fails at startup with AGENT_DEFINITION_INVALID', async () => {
      expect(await codeOf(runAgent(lookup(), INPUT, { trust: { 'pii-masking': { mode: 'everything' } } }))).to.equal('AGENT_DEFINITION_INVALID');
      expect(await codeOf(runAgent(lookup(), INPUT, { trust: { 'pii-masking': { preset: 'loose' } } }))).to.equal('AGENT_DEFINITION_INVALID');
    });

    it('R-PII-1: options for an agent that is not registered fail at startup with CONFIG_INVALID (a typo must not drop settings)', async () => {
      expect(await codeOf(runAgent(lookup(), INPUT, { pii: { agents: { suport: { preset: 'strict' } } } }))).to.equal('CONFIG_INVALID');
    });
  });
});
