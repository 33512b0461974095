import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { main } from '../../src/index.js';

const ORDER_STATUS = fileURLToPath(new URL('../../../../../examples/order-status/dist/src/agent.js', import.meta.url));

describe('agent-studio trace', function () {
  this.timeout(60_000);
  let home: string;
  let runId: string;

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

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'agent-studio-trace-'));
    const run = await cli('run', ORDER_STATUS, '--json');
    expect(run.code, run.err).to.equal(0);
    runId = (JSON.parse(run.out) as { runId: string }).runId;
  });

  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  describe('list', () => {
    it('shows the run with its agent and status', async () => {
      const { code, out } = await cli('trace', 'list');
      expect(code).to.equal(0);
      expect(out).to.match(new RegExp(`${runId}\\s+order-status\\s+completed`));
    });

    it('prints JSON', async () => {
      const { code, out } = await cli('trace', 'list', '--json', '--limit', '5');
      expect(code).to.equal(0);
      expect(JSON.parse(out)).to.deep.include.members([{ ...(JSON.parse(out) as object[])[0], runId, agent: 'order-status', status: 'completed' }]);
    });

    it('says when a tenant has no runs', async () => {
      const { code, out } = await cli('trace', 'list', '--tenant', 'other');
      expect(code).to.equal(0);
      expect(out).to.contain('no runs in tenant other');
    });

    it('refuses a bad limit with exit code 2', async () => {
      expect((await cli('trace', 'list', '--limit', 'x')).code).to.equal(2);
    });
  });

  describe('show', () => {
    let out: string;
    let code: number;

    before(async () => {
      ({ out, code } = await cli('trace', 'show', runId));
    });

    it('exits 0 without colour when stdout is not a terminal', () => {
      expect(code).to.equal(0);
      expect(out).to.not.contain('\u001b');
    });

    it('prints who asked and who the run acted as', () => {
      expect(out).to.match(/asked by\s+local-user/);
      expect(out).to.match(/acting as\s+svc-order-status/);
    });

    it('prints each tool with the rationale the model gave', () => {
      for (const tool of ['verify_customer', 'get_order', 'get_contact_details']) expect(out).to.contain(`Tool ${tool} selected`);
      expect(out).to.contain('why: Orders are private; the customer must be verified first.');
      expect(out).to.contain('why: The customer is verified and asked about this order.');
    });

    it('prints the field-security denial', () => {
      expect(out).to.contain('✗ Tool get_contact_details failed: FIELD_ACCESS_DENIED');
      expect(out).to.contain('reason: FIELD_ACCESS_DENIED: read on Contact as svc-order-status');
    });

    it('prints the totals', () => {
      expect(out).to.match(/── Totals ─+\n {2}4 model calls · 3 tool calls · \d+ in \/ \d+ out tokens · cost not priced · \d+ ms/);
    });

    it('never prints the e-mail address the content policy masked', () => {
      expect(out).to.contain('[EMAIL:001]');
      expect(out).to.not.contain('jane@example.com');
    });

    it('colours with --color', async () => {
      expect((await cli('trace', 'show', runId, '--color')).out).to.contain('\u001b[');
    });

    it('prints the storyboard as JSON', async () => {
      const json = await cli('trace', 'show', runId, '--json');
      expect(json.code).to.equal(0);
      expect(JSON.parse(json.out)).to.deep.include({ schema: 'agent-studio.storyboard/v1' });
    });

    it('exits 1 for an unknown run', async () => {
      const unknown = await cli('trace', 'show', 'no-such-run');
      expect(unknown.code).to.equal(1);
      expect(unknown.err).to.contain('No trace for run no-such-run in SQLite');
    });
  });

  describe('export', () => {
    it('writes a self-contained HTML page with the same titles', async () => {
      const file = join(home, 'out', 'nested', 'run.html');
      const { code, out } = await cli('trace', 'export', runId, '--html', file);
      expect(code).to.equal(0);
      expect(out).to.match(new RegExp(`wrote HTML storyboard of run ${runId} \\(\\d+ steps\\) to ${file}`));
      const html = await readFile(file, 'utf8');
      for (const title of ['Tool verify_customer selected', 'Tool get_order succeeded', 'Tool get_contact_details failed: FIELD_ACCESS_DENIED', 'The agent answered']) expect(html).to.contain(title);
      expect(html).to.contain('Orders are private; the customer must be verified first.');
      expect(html).to.not.match(/https?:\/\//);
      expect(html).to.not.match(/<script/i);
      expect(html).to.not.contain('jane@example.com');
    });

    it('writes the JSON form', async () => {
      const file = join(home, 'run.json');
      const { code } = await cli('trace', 'export', runId, '--json', file);
      expect(code).to.equal(0);
      const json = JSON.parse(await readFile(file, 'utf8')) as { schema: string; run: { runId: string } };
      expect(json.schema).to.equal('agent-studio.storyboard/v1');
      expect(json.run.runId).to.equal(runId);
    });

    it('exits 2 without a format or with both', async () => {
      expect((await cli('trace', 'export', runId)).code).to.equal(2);
      expect((await cli('trace', 'export', runId, '--html', join(home, 'a.html'), '--json', join(home, 'a.json'))).code).to.equal(2);
    });

    it('exits 2 instead of overwriting a directory', async () => {
      const dir = join(home, 'a-directory');
      await mkdir(dir, { recursive: true });
      const { code, err } = await cli('trace', 'export', runId, '--html', dir);
      expect(code).to.equal(2);
      expect(err).to.contain('is a directory');
    });

    it('exits 1 for an unknown run', async () => {
      const { code, err } = await cli('trace', 'export', 'no-such-run', '--json', join(home, 'x.json'));
      expect(code).to.equal(1);
      expect(err).to.contain('No trace for run no-such-run');
    });
  });
});
