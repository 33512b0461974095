import { type AgentPlugin, decide, type ScriptStep } from '@agent-studio/core';
import { dataModule, MemoryDataBackend, ModelIndex } from '@agent-studio/data';
import { expect } from 'chai';
import { CONTACT, RAW, runAgent, textOf, tokenOf, toolContent, userContent } from './fixtures.js';

/** find_contact, then update_contact with the tokens the model saw, then a reply naming the maiden-name token. */
function lookupScript(): ScriptStep[] {
  return [
    (request) => ({ toolCalls: [{ name: 'find_contact', arguments: { email: tokenOf(userContent(request), 'EMAIL') ?? RAW.email } }] }),
    (request) => {
      const tool = toolContent(request);
      return {
        toolCalls: [
          {
            name: 'update_contact',
            arguments: { id: CONTACT.Id, ssn: tokenOf(tool, 'FIELD_CONTACT_SSN__C') ?? 'none', note: tokenOf(tool, 'FIELD_MAIDENNAME__C') ?? 'none' },
          },
        ],
      };
    },
    (request) => ({ content: `Done: ${tokenOf(textOf(request), 'FIELD_MAIDENNAME__C') ?? 'no token'}` }),
  ];
}

const INPUT = `Find ${RAW.email}; her maiden name is ${RAW.maidenName}.`;

describe('schema-based masking with the runtime (R-PII-16..18)', () => {
  it('R-PII-18: masks sensitive fields of a JSON tool result as [FIELD_<NAME>:NNN] before the next model call, sharing the session counter', async () => {
    const { seen } = await runAgent(lookupScript(), INPUT);
    const tool = toolContent(seen[1]);
    // the e-mail was tokenised in turn 1 by the pattern masker; the same value keeps its token (R-PII-10)
    expect(tool).to.include('"Email":"[EMAIL:001]"');
    expect(tool).to.include('"Contact_SSN__c":"[FIELD_CONTACT_SSN__C:002]"');
    expect(tool).to.include('"MaidenName__c":"[FIELD_MAIDENNAME__C:003]"');
    // Public and (by default) Internal fields are not sensitive
    expect(tool).to.include(`"Title":"${RAW.title}"`).and.include(`"Nickname__c":"${RAW.nickname}"`);
    expect(tool).to.not.include(RAW.contactSsn).and.not.include(RAW.maidenName).and.not.include(RAW.email);
  });

  it('R-PII-18: the raw value of a sensitive field is masked wherever else it appears in the request (the user message too)', async () => {
    const { seen } = await runAgent(lookupScript(), INPUT);
    // turn 1: nothing told the plugin yet that the maiden name is sensitive
    expect(userContent(seen[0])).to.include(RAW.maidenName);
    for (const request of seen.slice(1)) {
      expect(userContent(request)).to.equal('Find [EMAIL:001]; her maiden name is [FIELD_MAIDENNAME__C:003].');
      expect(textOf(request)).to.not.include(RAW.maidenName).and.not.include(RAW.contactSsn).and.not.include(RAW.email);
    }
  });

  it('R-PII-14: tool arguments carrying FIELD tokens reach the tool unmasked', async () => {
    const { updateContact, findContact } = await runAgent(lookupScript(), INPUT);
    expect(findContact).to.have.been.calledOnceWithExactly({ email: RAW.email });
    expect(updateContact).to.have.been.calledOnceWithExactly({ id: CONTACT.Id, ssn: RAW.contactSsn, note: RAW.maidenName });
  });

  it('R-PII-14: an employee agent gets the FIELD token of its reply unmasked', async () => {
    const { result } = await runAgent(lookupScript(), INPUT);
    expect(result.status).to.equal('completed');
    expect(result.reply).to.equal(`Done: ${RAW.maidenName}`);
  });

  it('R-PII-16/17: an unclassified Contact_SSN__c is masked by the segment-based name heuristic, and not when nameFallback is off', async () => {
    const on = await runAgent(lookupScript(), INPUT);
    expect(toolContent(on.seen[1])).to.match(/"Contact_SSN__c":"\[FIELD_CONTACT_SSN__C:\d{3}\]"/);
    const off = await runAgent(lookupScript(), INPUT, { pii: { nameFallback: false } });
    // (the pattern masker may still catch the value; what matters is that the schema masker did not)
    expect(toolContent(off.seen[1])).to.not.include('FIELD_CONTACT_SSN__C');
  });

  it('R-PII-16: records without attributes.type are matched by field name across objects; a key naming the object gives the type', async () => {
    const { seen } = await runAgent(lookupScript(), INPUT, {
      result: { rows: [{ MaidenName__c: RAW.maidenName, Title: RAW.title }], contact: { Nickname__c: RAW.nickname }, lead: { Nickname__c: 'Lead-Nick' } },
      pii: { fields: [{ object: 'Contact', field: 'MaidenName__c', classification: 'Restricted' }, { object: 'Contact', field: 'Nickname__c', classification: 'Restricted' }, { object: 'Lead', field: 'Nickname__c', classification: 'Public' }] },
    });
    const tool = toolContent(seen[1]);
    expect(tool).to.match(/"MaidenName__c":"\[FIELD_MAIDENNAME__C:\d{3}\]"/);
    expect(tool).to.match(/"contact":\{"Nickname__c":"\[FIELD_NICKNAME__C:\d{3}\]"\}/);
    expect(tool).to.include('"lead":{"Nickname__c":"Lead-Nick"}');
    expect(tool).to.include(`"Title":"${RAW.title}"`);
  });

  it('R-PII-18: pattern mode skips schema masking (field values stay, patterns still apply)', async () => {
    const { seen } = await runAgent(lookupScript(), INPUT, { pii: { mode: 'PatternOnly' } });
    const tool = toolContent(seen[1]);
    expect(tool).to.include(RAW.maidenName);
    expect(tool).to.not.include(RAW.email);
    expect(textOf(seen[1])).to.not.match(/FIELD_/);
  });

  it('R-PII-18: schema mode skips pattern masking; the e-mail is masked only once a Confidential Email field reveals it', async () => {
    const { seen } = await runAgent(lookupScript(), INPUT, { pii: { mode: 'schema-only' } });
    expect(userContent(seen[0])).to.equal(INPUT);
    expect(toolContent(seen[1])).to.match(/"Email":"\[FIELD_EMAIL:\d{3}\]"/);
    expect(textOf(seen[1])).to.not.include(RAW.email).and.not.include(RAW.maidenName);
  });

  it('R-PII-18: context data formatted into the system prompt (fenced JSON) and sensitive context variables are masked', async () => {
    // a context-formatting plugin that runs before pii-masking (higher priority) and puts variables into the system prompt
    const contextPrompt: AgentPlugin = {
      manifest: { name: 'context-prompt', version: '1.0.0', priority: 450, failureMode: 'closed', coreRange: '^0.1.0' },
      beforeModelCall: (ctx) =>
        decide.replace({
          ...ctx.request,
          messages: ctx.request.messages.map((m) =>
            m.role === 'system' ? { ...m, content: `${String(m.content)}\nContext:\n\`\`\`json\n${JSON.stringify(ctx.variables.Patient)}\n\`\`\`\nSSN on file: ${String(ctx.variables.Contact_SSN__c)}` } : m,
          ),
        }),
    };
    const { seen } = await runAgent([{ content: 'ok' }], `Is ${RAW.contactSsn} right?`, {
      plugins: [contextPrompt],
      variables: { Patient: { attributes: { type: 'Contact' }, MaidenName__c: RAW.maidenName, Title: RAW.title }, Contact_SSN__c: RAW.contactSsn },
    });
    const system = seen[0]?.messages[0];
    const content = String(system?.content);
    expect(content).to.match(/"MaidenName__c":"\[FIELD_MAIDENNAME__C:\d{3}\]"/);
    expect(content).to.include(`"Title":"${RAW.title}"`);
    expect(content).to.match(/SSN on file: \[FIELD_CONTACT_SSN__C:\d{3}\]/);
    expect(content).to.match(/\n```json\n\{.*\}\n```\n/);
    expect(textOf(seen[0])).to.not.include(RAW.maidenName).and.not.include(RAW.contactSsn);
  });

  describe('classifications from @agent-studio/data', () => {
    const index = ModelIndex.from({
      objects: {
        Contact: {
          owd: 'Private',
          fields: {
            Name: { type: 'string' },
            Email: { type: 'email', classification: 'Confidential' },
            MaidenName__c: { type: 'string', classification: 'Restricted' },
            Nickname__c: { type: 'string', classification: 'Internal' },
            Title: { type: 'string', classification: 'Public' },
            Contact_SSN__c: { type: 'string' },
          },
        },
      },
      profiles: [{ name: 'Standard' }],
    });

    it('R-PII-16: resolves the data.Model binding of dataModule when it is loaded', async () => {
      const { seen } = await runAgent(lookupScript(), INPUT, { pii: { fields: [] }, modules: [dataModule({ model: index, backend: new MemoryDataBackend() })] });
      const tool = toolContent(seen[1]);
      expect(tool).to.match(/"MaidenName__c":"\[FIELD_MAIDENNAME__C:\d{3}\]"/);
      // defaulted to Internal by the data package, but its name says SSN: masked (R-PII-17)
      expect(tool).to.match(/"Contact_SSN__c":"\[FIELD_CONTACT_SSN__C:\d{3}\]"/);
      expect(tool).to.include(`"Nickname__c":"${RAW.nickname}"`);
    });

    it('R-PII-16: takes a ModelIndex as the model option, and ignores data.Model with useDataModel false', async () => {
      const given = await runAgent(lookupScript(), INPUT, { pii: { fields: [], model: index } });
      expect(toolContent(given.seen[1])).to.match(/"MaidenName__c":"\[FIELD_MAIDENNAME__C:\d{3}\]"/);
      const ignored = await runAgent(lookupScript(), INPUT, {
        pii: { fields: [], useDataModel: false },
        modules: [dataModule({ model: index, backend: new MemoryDataBackend() })],
      });
      expect(toolContent(ignored.seen[1])).to.include(`"MaidenName__c":"${RAW.maidenName}"`);
    });
  });
});
