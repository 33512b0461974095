import type { ScriptStep } from '@agent-studio/core';
import { expect } from 'chai';
import { RAW, runAgent, tokenOf, toolContent, userContent } from './fixtures.js';

function script(): ScriptStep[] {
  return [
    (request) => ({ toolCalls: [{ name: 'find_contact', arguments: { email: tokenOf(userContent(request), 'EMAIL') ?? RAW.email } }] }),
    (request) => ({ content: `Maiden name ${tokenOf(toolContent(request), 'FIELD_MAIDENNAME__C')}` }),
  ];
}

describe('statistics and audit (R-PII-11)', () => {
  it('R-PII-11: pii:masked reports new values per prefix and the session statistics for every model call', async () => {
    const { masked } = await runAgent(script(), `Find ${RAW.email} (SSN ${RAW.ssn})`);
    expect(masked).to.have.length(2);
    expect(masked[0]).to.deep.include({ turn: 1, agent: 'support', mode: 'hybrid', newValues: 2, newPerPrefix: { EMAIL: 1, SSN: 1 }, oversizedTexts: 0 });
    expect(masked[1]?.newPerPrefix).to.deep.equal({ FIELD_CONTACT_SSN__C: 1, FIELD_MAIDENNAME__C: 1 });
    expect(masked[1]?.stats).to.deep.include({ uniqueValues: 4, perPrefix: { EMAIL: 1, SSN: 1, FIELD_CONTACT_SSN__C: 1, FIELD_MAIDENNAME__C: 1 } });
  });

  it('R-PII-11: decision notes give counts per prefix', async () => {
    const { decisions } = await runAgent(script(), `Find ${RAW.email}`);
    const notes = decisions.map((d) => `${d.hook}:${d.decision}:${d.reason ?? ''}`);
    expect(notes).to.include('beforeModelCall:replace:masked personal data: 1 new value(s) (EMAIL +1)');
    expect(notes).to.include('beforeModelCall:replace:masked personal data: 2 new value(s) (FIELD_CONTACT_SSN__C +1, FIELD_MAIDENNAME__C +1)');
  });

  it('R-PII-11: events, decision notes and logs never contain a value', async () => {
    const observed = await Promise.all([
      runAgent(script(), `Find ${RAW.email} (SSN ${RAW.ssn})`),
      runAgent(script(), `Find ${RAW.email} (SSN ${RAW.ssn})`, { audience: 'service', pii: { sizeGuard: { maxChars: 10, onExceed: 'passThrough' } } }),
    ]);
    for (const o of observed) {
      const everything = JSON.stringify([o.masked, o.unmasked, o.decisions, o.logger.warn.args, o.logger.info.args, o.logger.debug.args, o.logger.error.args]);
      for (const value of [RAW.email, RAW.ssn, RAW.contactSsn, RAW.maidenName]) expect(everything).to.not.include(value);
      expect(o.masked.length).to.be.greaterThan(0);
    }
  });
});
