import { expect } from 'chai';
import { AgentStudioError, createLocalAccessAuthority, RoleAccessPolicy } from '../../../src/index.js';

const policy = new RoleAccessPolicy({
  roles: {
    customer: ['agent:use:order-status'],
    staff: ['agent:use:*'],
    author: ['agent:author:order-status'],
    admin: ['agent:admin'],
    manager: ['approval:decide', 'trace:read'],
  },
  tenants: { globex: { customer: ['agent:use:case-triage'] } },
});
const ask = (roles: string[], operation: Parameters<RoleAccessPolicy['authorize']>[0]['operation'], agent?: string, tenantId = 'acme') =>
  policy.authorize({ tenantId, userId: 'u1', roles, operation, ...(agent === undefined ? {} : { agent }) }).allowed;

describe(RoleAccessPolicy.name, () => {
  it('R-AUTHZ-1: denies by default (no roles, unknown role, unknown operation)', () => {
    expect(ask([], 'agent.use', 'order-status')).to.equal(false);
    expect(ask(['nobody'], 'agent.use', 'order-status')).to.equal(false);
    expect(ask(['admin'], 'launch.missiles' as never)).to.equal(false);
    expect(policy.authorize({ tenantId: 'acme', userId: 'u', roles: 'admin' as never, operation: 'agent.author' }).allowed).to.equal(false);
  });

  it('R-API-3: runtime use needs permission for that agent; a wildcard covers every agent', () => {
    expect(ask(['customer'], 'agent.use', 'order-status')).to.equal(true);
    expect(ask(['customer'], 'agent.use', 'refund-approval')).to.equal(false);
    expect(ask(['staff'], 'agent.use', 'refund-approval')).to.equal(true);
    expect(ask(['customer'], 'agent.use')).to.equal(false);
  });

  it('R-API-3: preview needs authoring permission, authoring needs agent admin', () => {
    expect(ask(['staff'], 'agent.preview', 'order-status')).to.equal(false);
    expect(ask(['author'], 'agent.preview', 'order-status')).to.equal(true);
    expect(ask(['author'], 'agent.author', 'order-status')).to.equal(false);
    expect(ask(['admin'], 'agent.author', 'order-status')).to.equal(true);
    expect(ask(['admin'], 'agent.preview', 'order-status')).to.equal(true);
  });

  it('approval and trace permissions are separate grants', () => {
    expect(ask(['staff'], 'approval.decide')).to.equal(false);
    expect(ask(['manager'], 'approval.decide')).to.equal(true);
    expect(ask(['manager'], 'trace.read')).to.equal(true);
    expect(ask(['manager'], 'act-on-behalf')).to.equal(false);
  });

  it("a tenant's own grants replace the defaults for that tenant only", () => {
    expect(ask(['customer'], 'agent.use', 'order-status', 'globex')).to.equal(false);
    expect(ask(['customer'], 'agent.use', 'case-triage', 'globex')).to.equal(true);
    expect(ask(['customer'], 'agent.use', 'case-triage', 'acme')).to.equal(false);
  });

  it('says which permission is missing', () => {
    expect(policy.authorize({ tenantId: 'acme', userId: 'u', roles: [], operation: 'agent.author' }).reason).to.equal('needs permission agent:admin');
  });

  it('refuses grants that are not valid', () => {
    for (const bad of [{ roles: { x: ['agent:use'] } }, { roles: { x: ['root'] } }, { roles: { 'bad role': [] } }, { roles: {}, extra: 1 }]) {
      expect(() => new RoleAccessPolicy(bad as never)).to.throw(AgentStudioError).with.property('code', 'CONFIG_INVALID');
    }
  });
});

describe('AccessContext synthetic tag (R-HEALTH-2)', () => {
  it('is false unless the issuer sets it, and survives verification when set', async () => {
    const { issuer, verifier } = await createLocalAccessAuthority();
    const grant = { tenantId: 't', userId: 'u', agent: 'a', sessionId: 's', surface: 'runtime', audience: 'employee' } as const;
    expect((await verifier.verify(await issuer.mint(grant))).synthetic).to.equal(false);
    expect((await verifier.verify(await issuer.mint({ ...grant, synthetic: true }))).synthetic).to.equal(true);
  });
});
