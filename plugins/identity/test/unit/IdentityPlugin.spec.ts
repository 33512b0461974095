import { expect } from 'chai';
import { type AgentPlugin, decide, defineAction, defineAgent } from '@agent-studio/core';
import { createTestContainer } from '@agent-studio/core/testing';
import { dataModule, MemoryDataBackend } from '@agent-studio/data';
import { z } from 'zod';
import { identityModule, type Principal, principalOf } from '../../src/index.js';
import { model } from './fixtures.js';

const ping = defineAction({ name: 'ping', description: 'Ping.', audience: 'employee', visibility: 'public', effect: 'read', input: z.object({}), run: () => ({ pong: true }) });
const employeeAgent = defineAgent({ name: 'helper', audience: 'employee', model: { name: 'm' }, instructions: 'x', capabilities: [{ action: 'ping' }] });

function spy(): { plugin: AgentPlugin; seen: (Principal | undefined)[] } {
  const seen: (Principal | undefined)[] = [];
  return { seen, plugin: { manifest: { name: 'peek', version: '1.0.0', priority: 1, failureMode: 'closed', coreRange: '^0.1.0' }, beforeToolCall: (ctx) => {
        seen.push(principalOf(ctx.bag));
        return decide.continue();
      },
    },
  };
}

describe('IdentityPlugin (SPEC §3)', () => {
  it('R-ACT-ID-1: runs an employee agent as the authenticated user', async () => {
    const { plugin, seen } = spy();
    const t = await createTestContainer({
      agents: [employeeAgent],
      actions: [ping],
      plugins: [plugin],
      modules: [dataModule({ model, backend: new MemoryDataBackend() }), identityModule()],
      script: [{ toolCalls: [{ name: 'ping' }] }, { content: 'ok' }],
    });
    const result = await t.runtime.run({ agent: 'helper', accessToken: await t.token({ userId: 'u-emp' }), input: 'x' });
    expect(result.status).to.equal('completed');
    expect(seen[0]).to.deep.equal({ runAs: 'u-emp', originalUserId: 'u-emp', tenantId: 't-1', kind: 'user' });
  });

  it('R-CTX-1: blocks a user who is not an active user of the model', async () => {
    for (const userId of ['u-gone', 'stranger']) {
      const t = await createTestContainer({ agents: [employeeAgent], actions: [ping], modules: [dataModule({ model, backend: new MemoryDataBackend() }), identityModule()], script: [{ content: 'never' }] });
      const result = await t.runtime.run({ agent: 'helper', accessToken: await t.token({ userId }), input: 'x' });
      expect(result.status).to.equal('blocked');
      expect(result.block).to.include({ plugin: 'identity', code: 'IDENTITY_UNRESOLVED' });
    }
  });

  it('R-CTX-2: runs a service agent as its service user and keeps the original user for audit', async () => {
    const { plugin, seen } = spy();
    const svcPing = defineAction({ ...ping, name: 'svc_ping', audience: 'service' });
    const agent = defineAgent({ name: 'svc', audience: 'service', model: { name: 'm' }, instructions: 'x', capabilities: [{ action: 'svc_ping' }] });
    const t = await createTestContainer({
      agents: [agent],
      actions: [svcPing],
      plugins: [plugin],
      modules: [dataModule({ model, backend: new MemoryDataBackend() }), identityModule({ serviceUsers: { svc: 'svc-orders' } })],
      script: [{ toolCalls: [{ name: 'svc_ping' }] }, { content: 'ok' }],
    });
    await t.runtime.run({ agent: 'svc', accessToken: await t.token({ audience: 'service', userId: 'visitor-9' }), input: 'x' });
    expect(seen[0]).to.deep.equal({ runAs: 'svc-orders', originalUserId: 'visitor-9', tenantId: 't-1', kind: 'service' });
  });

  it('blocks a service agent that has no service user', async () => {
    const agent = defineAgent({ name: 'svc', audience: 'service', model: { name: 'm' }, instructions: 'x' });
    const t = await createTestContainer({ agents: [agent], modules: [dataModule({ model, backend: new MemoryDataBackend() }), identityModule()], script: [{ content: 'never' }] });
    const result = await t.runtime.run({ agent: 'svc', accessToken: await t.token({ audience: 'service' }), input: 'x' });
    expect(result.block).to.include({ code: 'IDENTITY_UNRESOLVED' });
  });

  it('R-CTX-2, R-SHR-9: refuses at startup a service user that holds View All', async () => {
    const t = await createTestContainer({ agents: [], modules: [dataModule({ model, backend: new MemoryDataBackend() }), identityModule({ serviceUsers: { svc: 'svc-admin' } })] });
    await t.runtime.start().then(
      () => expect.fail('should refuse'),
      (e: { code: string; message: string }) => {
        expect(e.code).to.equal('CONFIG_INVALID');
        expect(e.message).to.include('least-privilege');
      },
    );
  });

  it('refuses invalid options when the module is built', () => {
    expect(() => identityModule({ serviceUsers: { svc: '' } })).to.throw().with.property('code', 'CONFIG_INVALID');
  });
});
