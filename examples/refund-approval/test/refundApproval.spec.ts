import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '@agent-studio/cli';
import { openSqlStores } from '@agent-studio/store-sql';

const home = mkdtempSync(join(tmpdir(), 'refund-approval-'));
// the agent file reads its data file from AGENT_STUDIO_HOME when it is first imported
process.env.AGENT_STUDIO_HOME = home;
const agentFile = fileURLToPath(new URL('../src/agent.js', import.meta.url));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'agent-studio', ...args], {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s) },
    env: { AGENT_STUDIO_HOME: home },
  });
  return { code, out, err };
}

describe('example: refund approval end to end with agent-studio approvals (SPEC §8)', () => {
  after(() => rmSync(home, { recursive: true, force: true }));

  it('suspends the refund, refuses the wrong approvers, runs it once as the requester after the manager approves, and costs it', async () => {
    const run = await cli('run', agentFile, '--user', 'u-sam', '--var', 'RecordId=801000000000101', '--json');
    expect(run.code, run.err).to.equal(0);
    const doc = JSON.parse(run.out) as { status: string; runId: string; pendingApprovals: { approval: { details: { pendingActionId: string } } }[] };
    expect(doc.status).to.equal('suspended');
    const id = doc.pendingApprovals[0]?.approval.details.pendingActionId as string;

    const list = JSON.parse((await cli('approvals', 'list', '--status', 'awaiting', '--json')).out) as { id: string; requester: string }[];
    expect(list.map((p) => [p.id, p.requester])).to.deep.equal([[id, 'u-sam']]);

    // Fay (finance) cannot see Sam's order; Sam cannot approve his own refund
    const fay = await cli('approvals', 'approve', id, '--app', agentFile, '--as', 'u-fay');
    expect(fay.code).to.equal(1);
    expect(fay.err).to.match(/^error APPROVER_ACCESS_DENIED: .*cannot see the Order record/);
    const sam = await cli('approvals', 'approve', id, '--app', agentFile, '--as', 'u-sam');
    expect(sam.err).to.match(/^error APPROVER_ACCESS_DENIED/);

    const mia = await cli('approvals', 'approve', id, '--app', agentFile, '--as', 'u-mia', '--comment', 'damaged item', '--json');
    expect(mia.code, mia.err).to.equal(0);
    const outcome = JSON.parse(mia.out) as { action: { status: string; decidedBy: string }; run: { status: string; reply: string; runId: string } };
    expect(outcome.action).to.include({ status: 'done', decidedBy: 'u-mia' });
    expect(outcome.run).to.include({ status: 'completed', runId: doc.runId });
    expect(outcome.run.reply).to.equal('The refund is done: 25.00 refunded on this order so far.');

    const again = await cli('approvals', 'approve', id, '--app', agentFile, '--as', 'u-mia');
    expect(again.err).to.match(/^error APPROVAL_ALREADY_RESOLVED/);

    const shown = JSON.parse((await cli('approvals', 'show', id, '--json')).out) as { result: { isSuccess: boolean; data: { refundedCents: number } } };
    expect(shown.result).to.deep.include({ isSuccess: true });
    expect(shown.result.data.refundedCents).to.equal(2500);

    const cost = JSON.parse((await cli('cost', 'report', '--by', 'agent', '--json')).out) as { groups: { key: string; calls: number; totalTokens: number }[] };
    expect(cost.groups).to.deep.equal([{ ...cost.groups[0], key: 'refund-desk', calls: 2, totalTokens: 484 }]);

    // the audit trail spans both processes: the rationale of the approved call is on its decision
    // step, recorded once (R-RAT-3); the resumed part runs the refund once (R-AUDIT-2)
    const stores = await openSqlStores({ sqliteFile: join(home, 'agent-studio.db') });
    try {
      const decisions = (await stores.traces.list(doc.runId)).filter((s) => s.kind === 'audit.decision').map((s) => s.data as { stepType: string; rationale?: string; toolName?: string; success?: boolean });
      expect(decisions.filter((d) => d.stepType === 'TOOL_SELECTED').map((d) => d.rationale)).to.deep.equal(['the customer asked for 25.00 back for a damaged item']);
      const types = decisions.map((d) => d.stepType);
      expect(types).to.include.members(['RUN_STARTED', 'APPROVAL_REQUESTED', 'RUN_SUSPENDED', 'AGENT_RESUMED', 'APPROVAL_RESOLVED', 'TOOL_RESULT', 'FINAL_RESPONSE']);
      // who approved comes from the approver's verified token, recorded in the approver's process
      expect(decisions.filter((d) => d.stepType === 'APPROVAL_RESOLVED').map((d) => [(d as { title?: string }).title, d.success])).to.deep.equal([['refund_order approved by u-mia', true]]);
      expect(types.indexOf('APPROVAL_RESOLVED')).to.be.below(types.indexOf('AGENT_RESUMED'));
      expect(types.indexOf('RUN_SUSPENDED')).to.be.below(types.indexOf('AGENT_RESUMED'));
      expect(decisions.filter((d) => d.stepType === 'TOOL_RESULT').map((d) => [d.toolName, d.success])).to.deep.equal([['refund_order', true]]);
    } finally {
      await stores.close();
    }
  });

  it('refuses a rejection by someone without access, and feeds a manager\'s rejection back to the model', async () => {
    const run = await cli('run', agentFile, '--user', 'u-sam', '--var', 'RecordId=801000000000101', '--json');
    const id = (JSON.parse(run.out) as { pendingApprovals: { approval: { details: { pendingActionId: string } } }[] }).pendingApprovals[0]?.approval.details.pendingActionId as string;
    expect((await cli('approvals', 'reject', id, '--app', agentFile, '--as', 'u-fay')).err).to.match(/^error APPROVER_ACCESS_DENIED/);
    const rejected = await cli('approvals', 'reject', id, '--app', agentFile, '--as', 'u-mia', '--comment', 'already refunded', '--json');
    const outcome = JSON.parse(rejected.out) as { action: { status: string }; run: { status: string; reply: string } };
    expect(outcome.action.status).to.equal('rejected');
    expect(outcome.run.status).to.equal('completed');
    expect(outcome.run.reply).to.contain('already refunded');
  });

  it('rejects unknown options with a typed error', async () => {
    expect((await cli('approvals', 'list', '--status', 'pending')).err).to.match(/^error CONFIG_INVALID/);
    expect((await cli('approvals', 'show', 'nope')).err).to.match(/^error APPROVAL_NOT_FOUND/);
    expect((await cli('cost', 'report', '--by', 'user')).code).to.not.equal(0);
  });
});
