import { z } from 'zod';
import { type AgentPlugin, contextInput, defineAction, defineAgent, type PluginManifest } from '../../src/index.js';

/** A public read action for employee agents. */
export const lookupAction = defineAction({
  name: 'lookup',
  description: 'Look up a product by SKU.',
  audience: 'employee',
  visibility: 'public',
  effect: 'read',
  input: z.object({ sku: z.string().min(1) }),
  run: ({ sku }) => ({ sku, price: 10 }),
});

/** A second public read action. */
export const stockAction = defineAction({
  name: 'stock',
  description: 'Stock level for a SKU.',
  audience: 'employee',
  visibility: 'public',
  effect: 'read',
  input: z.object({ sku: z.string().min(1) }),
  run: ({ sku }) => ({ sku, units: 3 }),
});

/** An employee agent offering lookup and stock. */
export const shopAgent = defineAgent({
  name: 'shop',
  audience: 'employee',
  model: { name: 'test-model' },
  instructions: 'Help with products.',
  capabilities: [{ action: 'lookup' }, { action: 'stock' }],
});

/** A service agent action that takes the verified customer from context. */
export const customerOrdersAction = defineAction({
  name: 'customer_orders',
  description: 'Orders of the verified customer.',
  audience: 'service',
  visibility: 'private',
  effect: 'read',
  input: z.object({
    status: z.string().optional(),
    customerId: contextInput('VerifiedCustomerId', z.string().min(1), { kind: 'verifiedCustomerId' }),
  }),
  run: ({ customerId }) => ({ customerId, orders: ['ORD-1'] }),
});

/**
 * A manifest for a test plugin.
 * @param name - the plugin name
 * @param priority - its priority
 * @param extra - overrides
 * @returns the manifest
 */
export function manifest(name: string, priority: number, extra: Partial<PluginManifest> = {}): PluginManifest {
  return { name, version: '1.0.0', priority, failureMode: 'closed', coreRange: '^0.1.0', ...extra };
}

/**
 * A plugin that records the order in which its hooks are called into a shared log.
 * @param name - the plugin name
 * @param priority - its priority
 * @param log - the shared log
 * @returns the plugin
 */
export function recordingPlugin(name: string, priority: number, log: string[]): AgentPlugin {
  return {
    manifest: manifest(name, priority),
    beforeModelCall: () => {
      log.push(`${name}.beforeModelCall`);
      return { type: 'continue' };
    },
    afterModelCall: () => {
      log.push(`${name}.afterModelCall`);
      return { type: 'continue' };
    },
    beforeToolCall: () => {
      log.push(`${name}.beforeToolCall`);
      return { type: 'continue' };
    },
    afterToolCall: () => {
      log.push(`${name}.afterToolCall`);
      return { type: 'continue' };
    },
  };
}
