import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '@agent-studio/cli';

const home = mkdtempSync(join(tmpdir(), 'case-triage-'));
const agentFile = fileURLToPath(new URL('../src/agent.js', import.meta.url));
const CASE_1001 = '500000000001001';
const CASE_1002 = '500000000001002';
const CASE_1003 = '500000000001003';

type RunDoc = { status: string; runId: string; reply: string | null; pendingApprovals: { approval: { details: { pendingActionId: string } } }[] };
type Decided = { action: { status: string; decidedBy: string }; run: { status: string; reply: string; runId: string } };

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

async function ask(user: string, message: string, recordId?: string): Promise<RunDoc> {
  const run = await cli('run', agentFile, '--user', user, '--message', message, ...(recordId ? ['--var', `RecordId=${recordId}`] : []), '--json');
  expect(run.code, run.err).to.equal(0);
  return JSON.parse(run.out) as RunDoc;
}

function pendingIdOf(doc: RunDoc): string {
  expect(doc.status).to.equal('suspended');
  return doc.pendingApprovals[0]?.approval.details.pendingActionId as string;
}

describe('example: case triage, an employee agent whose closes and deletes wait for a lead (SPEC §8, §2)', () => {
  let previousHome: string | undefined;
  before(() => {
    // the agent file opens its data file under AGENT_STUDIO_HOME when the CLI first imports it
    previousHome = process.env.AGENT_STUDIO_HOME;
    process.env.AGENT_STUDIO_HOME = home;
  });
  after(() => {
    if (previousHome === undefined) delete process.env.AGENT_STUDIO_HOME;
    else process.env.AGENT_STUDIO_HOME = previousHome;
    rmSync(home, { recursive: true, force: true });
  });

  it('lists only the open cases the user may see: an agent their own, a lead the team\'s, sales none', async () => {
    expect((await ask('u-sam', 'Which of my cases are still open?')).reply).to.equal(
      'You have 2 open case(s): CASE-1001 (medium, working) Printer offline at the Berlin office; CASE-1002 (low, new) Invoice shows the wrong VAT rate.',
    );
    expect((await ask('u-lee', 'Which of my cases are still open?')).reply).to.match(/^You have 3 open case\(s\): CASE-1003 .*CASE-1001 .*CASE-1002 /);
    expect((await ask('u-raj', 'Which of my cases are still open?')).reply).to.equal('You have no open cases.');
  });

  it("changes the priority of the user's own case at once, and treats another agent's case as not found", async () => {
    expect((await ask('u-sam', 'Set the priority to high, please.', CASE_1001)).reply).to.equal('CASE-1001 is now high priority.');
    expect((await ask('u-sam', 'Set the priority to low, please.', CASE_1003)).reply).to.match(/^That did not go through: .*\(RECORD_NOT_FOUND\)$/);
    expect((await ask('u-lee', 'Which of my cases are still open?')).reply).to.include('CASE-1003 (high, escalated)');
  });

  it('suspends a close, refuses approvers who may not see the case and the requester, then closes it once as the requester', async () => {
    const id = pendingIdOf(await ask('u-sam', 'Close this case, resolution: replaced the toner cartridge.', CASE_1001));
    const list = JSON.parse((await cli('approvals', 'list', '--status', 'awaiting', '--json')).out) as { id: string; requester: string }[];
    expect(list.map((p) => [p.id, p.requester])).to.deep.equal([[id, 'u-sam']]);

    // Ada (a peer) and Raj (sales) cannot see Sam's case; Sam cannot approve his own request
    for (const approver of ['u-ada', 'u-raj', 'u-sam']) {
      const refused = await cli('approvals', 'approve', id, '--app', agentFile, '--as', approver);
      expect(refused.code, approver).to.equal(1);
      expect(refused.err, approver).to.match(/^error APPROVER_ACCESS_DENIED/);
    }
    // nothing ran: the case is still open
    expect((await ask('u-sam', 'Which of my cases are still open?')).reply).to.include('CASE-1001');

    const lee = await cli('approvals', 'approve', id, '--app', agentFile, '--as', 'u-lee', '--comment', 'ok', '--json');
    expect(lee.code, lee.err).to.equal(0);
    const outcome = JSON.parse(lee.out) as Decided;
    expect(outcome.action).to.include({ status: 'done', decidedBy: 'u-lee' });
    expect(outcome.run).to.include({ status: 'completed', reply: 'CASE-1001 is closed (approved by u-lee).' });

    // it ran as Sam (ctx.data's user), once
    const shown = JSON.parse((await cli('approvals', 'show', id, '--json')).out) as { result: { isSuccess: boolean; data: Record<string, unknown> } };
    expect(shown.result.data).to.deep.equal({ caseNumber: 'CASE-1001', status: 'closed', closedBy: 'u-sam', approvedBy: 'u-lee' });
    expect((await cli('approvals', 'approve', id, '--app', agentFile, '--as', 'u-lee')).err).to.match(/^error APPROVAL_ALREADY_RESOLVED/);
    expect((await ask('u-sam', 'Which of my cases are still open?')).reply).to.equal('You have 1 open case(s): CASE-1002 (low, new) Invoice shows the wrong VAT rate.');
  });

  it("feeds a lead's rejection of a delete back to the model, and deletes once after an approval", async () => {
    const first = pendingIdOf(await ask('u-sam', 'Delete this case, it is a duplicate.', CASE_1002));
    const rejected = JSON.parse((await cli('approvals', 'reject', first, '--app', agentFile, '--as', 'u-lee', '--comment', 'not a duplicate', '--json')).out) as Decided;
    expect(rejected.action.status).to.equal('rejected');
    expect(rejected.run.reply).to.contain('not a duplicate');
    expect((await ask('u-sam', 'Which of my cases are still open?')).reply).to.include('CASE-1002');

    const second = pendingIdOf(await ask('u-sam', 'Delete this case, it is spam.', CASE_1002));
    expect((await cli('approvals', 'approve', second, '--app', agentFile, '--as', 'u-ada')).err).to.match(/^error APPROVER_ACCESS_DENIED/);
    const approved = JSON.parse((await cli('approvals', 'approve', second, '--app', agentFile, '--as', 'u-lee', '--json')).out) as Decided;
    expect(approved.run.reply).to.equal('CASE-1002 is deleted.');
    expect((await ask('u-sam', 'Which of my cases are still open?')).reply).to.equal('You have no open cases.');
    expect((await ask('u-lee', 'Which of my cases are still open?')).reply).to.equal('You have 1 open case(s): CASE-1003 (high, escalated) Login loop after a password reset.');
  });
});
