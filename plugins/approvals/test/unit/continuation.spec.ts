import { AgentStudioError } from '@agent-studio/core';
import { expect } from 'chai';
import { harness } from '../helpers/harness.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return AgentStudioError.is(e) ? e.code : String(e);
  }
  return undefined;
}

describe('ApprovalService deferred decisions and continueRun (R-TOKEN-4, R-HITL-12)', () => {
  it('a deferred approval runs nothing and returns the continuation for the original user', async () => {
    const h = await harness({ hitl: 'approval' });
    const first = await h.t.runtime.run({ agent: 'support', accessToken: await h.user(), input: 'refund', variables: { RecordId: 'ORD-1' } });
    const id = String(first.pendingApprovals?.[0]?.approval.details?.pendingActionId);
    const outcome = await h.service.approve({ id, accessToken: await h.approver() }, { defer: true });
    expect(outcome.run).to.equal(undefined);
    expect(outcome.action.status).to.equal('approved');
    expect(outcome.continuation).to.deep.include({ tenantId: 't-1', runId: first.runId, userId: 'u-1', agent: 'support', audience: 'employee' });
    expect(h.refunds).to.have.length(0);
  });

  it('continueRun with a token for the original user resumes once; a second delivery executes nothing', async () => {
    const h = await harness({ hitl: 'approval' });
    const first = await h.t.runtime.run({ agent: 'support', accessToken: await h.user(), input: 'refund', variables: { RecordId: 'ORD-1' } });
    const id = String(first.pendingApprovals?.[0]?.approval.details?.pendingActionId);
    const { continuation } = await h.service.approve({ id, accessToken: await h.approver() }, { defer: true });
    const c = continuation as NonNullable<typeof continuation>;
    const outcome = await h.service.continueRun({ tenantId: c.tenantId, runId: c.runId, accessToken: await h.user() });
    expect(outcome.run?.status).to.equal('completed');
    expect(h.refunds.map((r) => r.runAs)).to.deep.equal(['u-1']);
    // at-least-once queues deliver again: the run is gone and nothing runs twice
    const again = await h.service.continueRun({ tenantId: c.tenantId, runId: c.runId, accessToken: await h.user() });
    expect(again.run).to.equal(undefined);
    expect(again.notResumed).to.match(/no suspended state/);
    expect(h.refunds).to.have.length(1);
  });

  it("refuses a continuation with the approver's token (a service identity would change who acts) and leaves the call approved (attack)", async () => {
    const h = await harness({ hitl: 'approval' });
    const first = await h.t.runtime.run({ agent: 'support', accessToken: await h.user(), input: 'refund', variables: { RecordId: 'ORD-1' } });
    const id = String(first.pendingApprovals?.[0]?.approval.details?.pendingActionId);
    await h.service.approve({ id, accessToken: await h.approver() }, { defer: true });
    expect(await codeOf(h.service.continueRun({ tenantId: 't-1', runId: first.runId, accessToken: await h.approver() }))).to.equal('ACCESS_CONTEXT_INVALID');
    expect(await codeOf(h.service.continueRun({ tenantId: 't-1', runId: first.runId, accessToken: '' }))).to.equal('APPROVER_ACCESS_DENIED');
    expect((await h.store.get(id))?.status).to.equal('approved');
    expect(h.refunds).to.have.length(0);
    const outcome = await h.service.continueRun({ tenantId: 't-1', runId: first.runId, accessToken: await h.user() });
    expect(outcome.run?.status).to.equal('completed');
  });

  it('refuses a continuation for a run of another tenant', async () => {
    const h = await harness({ hitl: 'approval' });
    const first = await h.t.runtime.run({ agent: 'support', accessToken: await h.user(), input: 'refund', variables: { RecordId: 'ORD-1' } });
    expect(await codeOf(h.service.continueRun({ tenantId: 'other', runId: first.runId, accessToken: await h.user() }))).to.equal('APPROVAL_NOT_FOUND');
  });
});
