/**
 * The order-status example: a service agent that verifies a customer, then fetches only that
 * customer's order (SPEC §12). `npm start` at the repository root runs it with the scripted model.
 *
 * @packageDocumentation
 */
import 'reflect-metadata';
import { defineAgent, defineAgentApp } from '@agent-studio/core';
import { OrderActions } from './OrderActions.js';
import { demoOrderBook } from './OrderBook.js';
import { orderStatusScript } from './orderStatusScript.js';

/** The agent definition. */
export const orderStatusAgent = defineAgent({
  name: 'order-status',
  description: 'Answers customers about their orders, after verifying them.',
  type: 'conversational',
  audience: 'service',
  model: { name: 'gpt-4o-mini', temperature: 0 },
  instructions:
    'You help customers of Example Shop with the status of their orders. Verify the customer with verify_customer before looking up any order. Only discuss the verified customer\'s own orders.',
  capabilities: [{ action: 'verify_customer' }, { action: 'get_order' }],
});

/** The app: the agent, its actions over the demo data, and the script for the scripted model. */
export default defineAgentApp({
  agent: orderStatusAgent,
  actionProviders: [new OrderActions(demoOrderBook())],
  script: orderStatusScript,
  sampleMessage: "Hi, I'm jane@example.com and my passcode is 424242. Where is my order ORD-1002?",
});
