import { randomBytes } from 'node:crypto';
import {
  type AgentPlugin,
  type AgentRuntime,
  ConfigurationError,
  contextInput,
  createContainer,
  createLocalAccessAuthority,
  decide,
  defineAction,
  defineAgent,
  type LocalAccessAuthority,
  MemoryPendingActionStore,
} from '@agent-studio/core';
import { approvalsModule } from '@agent-studio/plugin-approvals';
import { z } from 'zod';
import { DirectCallModel } from '../../src/index.js';

/** What the test actions and plugins saw. */
export interface DeskRecord {
  /** beforeToolCall calls seen by the recording plugin. */
  readonly hooks: { action: string; userId: string; tenantId: string; args: Record<string, unknown> }[];
  /** Actions that actually ran. */
  readonly ran: { action: string; userId: string; args: Record<string, unknown> }[];
}

/** A help-desk agent with one action of each effect, a recording plugin, a blocking plugin and approvals. */
export async function deskApp(): Promise<{ runtime: AgentRuntime; authority: LocalAccessAuthority; record: DeskRecord; pending: MemoryPendingActionStore }> {
  const record: DeskRecord = { hooks: [], ran: [] };
  const lookup = defineAction({
    name: 'lookup_ticket',
    description: 'Look up a ticket by its number.',
    audience: 'employee',
    visibility: 'private',
    effect: 'read',
    input: z.object({ ticket: z.string().regex(/^T-\d+$/), tenant: contextInput('TenantId', z.string()) }),
    run: (input, ctx) => {
      record.ran.push({ action: 'lookup_ticket', userId: ctx.access.userId, args: { ...input } });
      return { ticket: input.ticket, status: 'open', seenBy: ctx.access.userId, tenant: input.tenant };
    },
  });
  const update = defineAction({
    name: 'update_ticket',
    description: 'Change the status of a ticket.',
    audience: 'employee',
    visibility: 'private',
    effect: 'write',
    confirmationWaiver: 'status changes are reversible and logged in the ticket history',
    input: z.object({ ticket: z.string(), status: z.enum(['open', 'closed']) }),
    run: (input, ctx) => {
      record.ran.push({ action: 'update_ticket', userId: ctx.access.userId, args: { ...input } });
      if (input.ticket === 'T-500') throw new Error('db password hunter2 leaked at /srv/app.js:12');
      if (input.ticket === 'T-404') throw new ConfigurationError('CONFIG_INVALID', 'That ticket queue is not configured.');
      return { ticket: input.ticket, status: input.status };
    },
  });
  const remove = defineAction({
    name: 'delete_ticket',
    description: 'Delete a ticket for good.',
    audience: 'employee',
    visibility: 'private',
    effect: 'delete',
    requiresConfirmation: true,
    input: z.object({ ticket: z.string() }),
    run: (input, ctx) => {
      record.ran.push({ action: 'delete_ticket', userId: ctx.access.userId, args: { ...input } });
      return { deleted: input.ticket };
    },
  });
  const notify = defineAction({
    name: 'notify_channel',
    description: 'Post a message to a chat channel.',
    audience: 'employee',
    visibility: 'private',
    effect: 'external',
    confirmationWaiver: 'posts only to internal team channels listed in the directory',
    input: z.object({ channel: z.string(), text: z.string() }),
    run: (input, ctx) => {
      record.ran.push({ action: 'notify_channel', userId: ctx.access.userId, args: { ...input } });
      return { posted: true };
    },
  });
  const recorder: AgentPlugin = {
    manifest: { name: 'recorder', version: '1.0.0', priority: 30, failureMode: 'closed', coreRange: '^0.1.0' },
    beforeToolCall: (ctx) => {
      record.hooks.push({ action: ctx.action.name, userId: ctx.access.userId, tenantId: ctx.access.tenantId, args: { ...ctx.args } });
      return decide.continue();
    },
  };
  const channelGuard: AgentPlugin = {
    manifest: { name: 'channel-guard', version: '1.0.0', priority: 20, failureMode: 'closed', coreRange: '^0.1.0' },
    beforeToolCall: (ctx) =>
      ctx.action.name === 'notify_channel' && ctx.args.channel === '#all-company' ? decide.block('POLICY_BLOCKED', 'company-wide channels are off limits') : decide.continue(),
  };
  const agent = defineAgent({
    name: 'desk',
    audience: 'employee',
    model: { name: 'none' },
    instructions: 'Help with tickets.',
    capabilities: [{ action: 'lookup_ticket' }, { action: 'update_ticket' }, { action: 'delete_ticket' }, { action: 'notify_channel' }],
  });
  const authority = await createLocalAccessAuthority();
  const pending = new MemoryPendingActionStore();
  const container = createContainer({
    model: new DirectCallModel(),
    verifier: authority.verifier,
    issuer: authority.issuer,
    stateKey: randomBytes(32),
    agents: [agent],
    actions: [lookup, update, remove, notify],
    plugins: [recorder, channelGuard],
    modules: [approvalsModule({ store: pending, issuer: authority.issuer })],
  });
  return { runtime: container.get('core.Runtime'), authority, record, pending };
}
