import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { main } from '../../src/main.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const refundApp = fileURLToPath(new URL('../../../../../examples/refund-approval/dist/src/agent.js', import.meta.url));

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(['node', 'agent-studio', ...args], { stdout: { write: (s: string) => (out += s), isTTY: false }, stderr: { write: () => true }, env: {} });
  return { code, out };
}

describe('agent-studio actions (SPEC §12 catalog and lint)', () => {
  it('catalog --format json classifies each action and each input', async () => {
    const { code, out } = await cli('actions', 'catalog', fixture('greeterAgent.js'), '--format', 'json');
    expect(code).to.equal(0);
    const doc = JSON.parse(out) as { agent: string; actions: Record<string, unknown>[] };
    expect(doc.agent).to.equal('greeter');
    expect(doc.actions[0]).to.deep.include({ name: 'greet', audience: 'employee', visibility: 'public', returnsNonPublicData: false, effect: 'read', confirmation: 'none (read)' });
    expect(doc.actions[0]?.inputs).to.deep.equal([{ name: 'email', type: 'string', required: true, userInput: true, pii: true, kind: 'email' }]);
    expect(doc.actions[0]?.agents).to.deep.equal([{ agent: 'greeter', hitl: 'none', async: false }]);
  });

  it('catalog in Markdown shows a context-bound record id as not user input, and the approval', async () => {
    const { code, out } = await cli('actions', 'catalog', refundApp);
    expect(code).to.equal(0);
    expect(out).to.contain('| `refund_order` | employee | private | yes | write |');
    expect(out).to.contain('agent hitl: approval');
    expect(out).to.match(/\| `orderId` \| string \| yes \| no \(from RecordId\) \| no \| recordId \|/);
  });

  it('lint prints one line per problem and exits 1', async () => {
    const { code, out } = await cli('actions', 'lint', fixture('unsafeActionsAgent.js'));
    expect(code).to.equal(1);
    const lines = out.trim().split('\n');
    expect(lines.some((l) => l.startsWith('peek_record.recordId ['))).to.equal(true);
    expect(lines.some((l) => l.startsWith('purge_account ['))).to.equal(true);
    for (const line of lines) expect(line).to.match(/^[a-z_]+(\.[A-Za-z]+)? \[[^\]]+\] .+ \(fix: .+\)$/);
  });

  it('lint exits 0 on a clean app', async () => {
    const { code, out } = await cli('actions', 'lint', fixture('greeterAgent.js'));
    expect(code).to.equal(0);
    expect(out).to.equal('1 action(s): no problems\n');
  });
});
