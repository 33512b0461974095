import type { ScriptStep } from '@agent-studio/core';
import { expect } from 'chai';
import { CONTACT, RAW, runAgent, textOf, tokenOf, toolContent, userContent } from './fixtures.js';

/**
 * find_contact; update_contact with the Restricted SSN token; then a reply naming the Restricted
 * (heuristic) SSN, the Confidential maiden name and the e-mail.
 */
function script(): ScriptStep[] {
  return [
    (request) => ({ toolCalls: [{ name: 'find_contact', arguments: { email: tokenOf(userContent(request), 'EMAIL') ?? RAW.email } }] }),
    (request) => ({ toolCalls: [{ name: 'update_contact', arguments: { id: CONTACT.Id, ssn: tokenOf(toolContent(request), 'FIELD_CONTACT_SSN__C') ?? 'none' } }] }),
    (request) => {
      const text = textOf(request);
      return { content: `SSN ${tokenOf(text, 'FIELD_CONTACT_SSN__C')}, maiden name ${tokenOf(text, 'FIELD_MAIDENNAME__C')}, mail ${tokenOf(text, 'EMAIL')}.` };
    },
  ];
}

const INPUT = `Look up ${RAW.email}`;

describe('reply unmasking policy (R-PII-14, SDK)', () => {
  it('R-PII-14: an employee agent reveals every token of its reply by default', async () => {
    const { result } = await runAgent(script(), INPUT);
    expect(result.reply).to.equal(`SSN ${RAW.contactSsn}, maiden name ${RAW.maidenName}, mail ${RAW.email}.`);
  });

  it('R-PII-14: a service agent keeps Restricted FIELD tokens masked for the external user, reveals Confidential ones, and its tool still gets the real value', async () => {
    const { result, updateContact, unmasked, decisions } = await runAgent(script(), INPUT, { audience: 'service' });
    expect(result.status).to.equal('completed');
    expect(result.reply).to.match(/^SSN \[FIELD_CONTACT_SSN__C:\d{3}\], maiden name Okonkwo-Larsen, mail jane@acme\.com\.$/);
    expect(result.reply).to.not.include(RAW.contactSsn);
    expect(updateContact).to.have.been.calledOnceWithExactly({ id: CONTACT.Id, ssn: RAW.contactSsn });
    expect(unmasked.at(-1)?.withheldTokens).to.equal(1);
    expect(decisions.some((d) => d.hook === 'afterModelCall' && /1 token\(s\) withheld/.test(d.reason ?? ''))).to.equal(true);
  });

  it('R-PII-14: withholdInReply overrides the audience default', async () => {
    const service = await runAgent(script(), INPUT, { audience: 'service', pii: { withholdInReply: [] } });
    expect(service.result.reply).to.include(RAW.contactSsn);
    const employee = await runAgent(script(), INPUT, { pii: { withholdInReply: ['Confidential'] } });
    expect(employee.result.reply).to.match(/maiden name \[FIELD_MAIDENNAME__C:\d{3}\]/);
    expect(employee.result.reply).to.include(RAW.contactSsn);
  });

  it('R-PII-14: unmaskReply false leaves every token in the reply, but tool arguments are still unmasked', async () => {
    const { result, updateContact, findContact } = await runAgent(script(), INPUT, { pii: { unmaskReply: false } });
    expect(result.reply).to.match(/^SSN \[FIELD_CONTACT_SSN__C:\d{3}\], maiden name \[FIELD_MAIDENNAME__C:\d{3}\], mail \[EMAIL:001\]\.$/);
    expect(findContact).to.have.been.calledOnceWithExactly({ email: RAW.email });
    expect(updateContact).to.have.been.calledOnceWithExactly({ id: CONTACT.Id, ssn: RAW.contactSsn });
  });

  it('R-PII-12: token-shaped text the session never issued stays as it is in the reply', async () => {
    const { result } = await runAgent([{ content: 'See [SSN:999] and [FIELD_X__C:123].' }], INPUT);
    expect(result.reply).to.equal('See [SSN:999] and [FIELD_X__C:123].');
  });
});
