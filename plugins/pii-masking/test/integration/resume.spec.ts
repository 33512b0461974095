import type { ScriptStep } from '@agent-studio/core';
import { expect } from 'chai';
import { holdPlugin, RAW, runAgent, textOf, tokenOf, toolContent, userContent } from './fixtures.js';

const TOKEN = /\[[A-Z0-9_]+:\d{3,}\]/;

function script(): ScriptStep[] {
  return [
    (request) => ({ toolCalls: [{ name: 'find_contact', arguments: { email: tokenOf(userContent(request), 'EMAIL') ?? RAW.email } }] }),
    (request) => ({ content: `Maiden name ${tokenOf(toolContent(request), 'FIELD_MAIDENNAME__C') ?? 'none'}, mail ${tokenOf(userContent(request), 'FIELD_EMAIL') ?? 'none'}.` }),
  ];
}

describe('suspension and resume (R-PII-11)', () => {
  it('R-PII-11: the signed run state holds no token map and no tokens (the conversation is kept as the runtime holds it)', async () => {
    const { result } = await runAgent(script(), `Find ${RAW.email}`, { plugins: [holdPlugin] });
    expect(result.status).to.equal('suspended');
    const json = JSON.stringify(result.state);
    expect(json).to.not.match(TOKEN);
    expect(json).to.not.include('piiMasking');
  });

  it('R-PII-11: a resumed run masks the whole history again with a new session; the tool gets real values and the reply is unmasked', async () => {
    const { result, t, seen, findContact } = await runAgent(script(), `Find ${RAW.email}`, { plugins: [holdPlugin] });
    const callId = result.pendingApprovals?.[0]?.callId ?? '';
    const resumed = await t.runtime.resume({ accessToken: await t.token(), state: JSON.parse(JSON.stringify(result.state)), decisions: [{ callId, decision: 'approve' }] });
    expect(resumed.status).to.equal('completed');
    expect(findContact).to.have.been.calledOnceWithExactly({ email: RAW.email });
    const after = seen[1];
    const text = textOf(after);
    expect(text).to.not.include(RAW.email).and.not.include(RAW.maidenName).and.not.include(RAW.contactSsn);
    // the new session re-masks everything consistently: the Confidential Email field's token is used in the history too
    const email = tokenOf(toolContent(after), 'FIELD_EMAIL');
    expect(email).to.be.a('string');
    expect(userContent(after)).to.equal(`Find ${email}`);
    const assistant = after?.messages.find((m) => m.role === 'assistant');
    expect(JSON.stringify(assistant)).to.include(String(email));
    expect(resumed.reply).to.equal(`Maiden name ${RAW.maidenName}, mail ${RAW.email}.`);
  });

  it('R-PII-12: tokens of an earlier session in the history are neither unmasked nor reissued', async () => {
    const history = [
      { role: 'user' as const, content: 'My SSN is [SSN:001]' },
      { role: 'assistant' as const, content: 'Noted [SSN:001] and [FIELD_CONTACT_SSN__C:007].' },
    ];
    const { seen, result } = await runAgent([{ content: 'Old [SSN:001], new [SSN:008].' }], `My SSN is ${RAW.ssn}`, { history });
    // the new value does not take a number an old token uses
    expect(userContent(seen[0])).to.equal('My SSN is [SSN:008]');
    expect(result.reply).to.equal(`Old [SSN:001], new ${RAW.ssn}.`);
  });
});
