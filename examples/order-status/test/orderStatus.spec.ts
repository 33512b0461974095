import 'reflect-metadata';
import { expect } from 'chai';
import { createTestContainer, type ScriptedModel, type ScriptStep } from '@agent-studio/core/testing';
import { createOrderStatusApp } from '../src/agent.js';

async function run(message: string, script?: ScriptStep[]) {
  const app = await createOrderStatusApp({ filename: ':memory:' });
  const t = await createTestContainer({ agents: [app.agent], actionProviders: app.actionProviders ?? [], modules: app.modules ?? [], script: script ?? app.script ?? [] });
  const decisions: { kind: string; reason: string }[] = [];
  t.runtime.events.on('decision:recorded', (e) => decisions.push(e));
  const blocks: string[] = [];
  t.runtime.events.on('hook:decision', (e) => e.decision === 'block' && blocks.push(`${e.plugin}:${e.code}`));
  const result = await t.runtime.run({ agent: app.agent.name, accessToken: await t.token({ audience: 'service', userId: 'web-visitor-1' }), input: message });
  const tools = result.messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(String(m.content)) as { isSuccess: boolean; errorCode?: string; data?: Record<string, unknown> });
  return { result, tools, decisions, blocks, model: t.model as ScriptedModel };
}

describe('example: order-status on the data-security plugins (SPEC §12, §2)', () => {
  it('verifies the customer, returns their order, and shows the refused phone-number read', async () => {
    const { result, decisions } = await run("Hi, I'm jane@example.com, postal code 94105. Where is my order ORD-1002? And which phone number do you have for me?");
    expect(result.status).to.equal('completed');
    expect(result.reply).to.equal(
      "Order ORD-1002 is shipped (total $129.00). Tracking number: 1Z999AA10123456785. I'm not able to see the phone number on your account; please check it in your profile.",
    );
    expect(decisions.map((d) => d.kind)).to.include('data-access-denied');
    expect(decisions.find((d) => d.kind === 'data-access-denied')?.reason).to.include('FIELD_ACCESS_DENIED').and.include('Phone');
    expect(JSON.stringify(result.messages)).to.not.include('555 0100');
  });

  it("R-ACT-VER-3: treats another customer's order as not found", async () => {
    const { result } = await run("I'm omar@example.com, postal code 10001. Status of ORD-1002?");
    expect(result.reply).to.equal("I couldn't find that order on your account.");
  });

  it('R-SHR-5: does not show a partner-channel order, which is not shared with the service agent', async () => {
    const { result } = await run("I'm jane@example.com, postal code 94105. Status of ORD-1003?");
    expect(result.reply).to.equal("I couldn't find that order on your account.");
  });

  it('refuses to look anything up with a wrong postal code', async () => {
    const { result, tools } = await run("I'm jane@example.com, postal code 00000. Where is ORD-1002?");
    expect(result.reply).to.match(/couldn't verify/);
    expect(tools).to.have.length(1);
  });

  it('R-ACT-VER-2: blocks a private action before the customer is verified, even if the model sends a customer id', async () => {
    const { tools, blocks } = await run('Where is ORD-1002?', [
      { toolCalls: [{ name: 'get_order', arguments: { orderNumber: 'ORD-1002', customerId: '003000000000001' } }] },
      { content: 'Please verify first.' },
    ]);
    expect(tools[0]).to.include({ isSuccess: false, errorCode: 'VERIFICATION_REQUIRED' });
    expect(blocks).to.include('identity:VERIFICATION_REQUIRED');
  });

  it('R-ACT-IN-1: never offers the customer id to the model', async () => {
    const { model } = await run("I'm jane@example.com, postal code 94105. Where is ORD-1002?");
    const tools = model.requests[0]?.tools ?? [];
    expect(tools.map((t) => t.function.name)).to.deep.equal(['verify_customer', 'get_order', 'get_contact_details']);
    expect(JSON.stringify(tools)).to.not.match(/customerId|VerifiedCustomerId/);
  });
});
