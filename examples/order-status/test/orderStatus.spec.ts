import 'reflect-metadata';
import { expect } from 'chai';
import { createTestContainer, type ScriptedModel } from '@agent-studio/core/testing';
import app from '../src/agent.js';

async function run(message: string) {
  const t = await createTestContainer({ agents: [app.agent], actionProviders: app.actionProviders ?? [], script: app.script ?? [] });
  const result = await t.runtime.run({ agent: app.agent.name, accessToken: await t.token({ audience: 'service', userId: 'agent-user' }), input: message });
  return { result, model: t.model as ScriptedModel };
}

describe('example: order-status (SPEC §12)', () => {
  it('verifies the customer, then returns their order', async () => {
    const { result } = await run(app.sampleMessage ?? '');
    expect(result.status).to.equal('completed');
    expect(result.reply).to.equal('Order ORD-1002 is shipped (total $129.00). Tracking number: 1Z999AA10123456785.');
  });

  it("R-ACT-VER-3: treats another customer's order as not found", async () => {
    const { result } = await run("I'm omar@example.com, code 135790. Status of ORD-1002?");
    expect(result.reply).to.equal("I couldn't find that order on your account.");
  });

  it('refuses to look anything up with a wrong passcode', async () => {
    const { result } = await run("I'm jane@example.com, code 000000. Where is ORD-1002?");
    expect(result.reply).to.match(/couldn't verify/);
    expect(result.messages.filter((m) => m.role === 'tool')).to.have.length(1);
  });

  it('R-ACT-IN-1: never offers the customer id to the model', async () => {
    const { model } = await run(app.sampleMessage ?? '');
    const tools = model.requests[0]?.tools ?? [];
    expect(tools.map((t) => t.function.name)).to.deep.equal(['verify_customer', 'get_order']);
    expect(JSON.stringify(tools)).to.not.match(/customerId|VerifiedCustomerId/);
  });
});

describe('OrderActions.getOrder (R-ACT-VER-2)', () => {
  it('refuses a VerifiedCustomerId that does not resolve to a customer, returning no data', async () => {
    const { OrderActions } = await import('../src/OrderActions.js');
    const { demoOrderBook } = await import('../src/OrderBook.js');
    const actions = new OrderActions(demoOrderBook());
    expect(() => actions.getOrder({ orderNumber: 'ORD-1002', customerId: 'C-9999' })).to.throw(/does not resolve/);
    expect(() => actions.getOrder({ orderNumber: 'ORD-1002', customerId: '' })).to.throw(/does not resolve/);
    expect(() => actions.getOrder({ orderNumber: 'ORD-1002', customerId: "C-0001' OR 1=1" })).to.throw(/does not resolve/);
  });
});
