import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineAction, defineAgent } from '@agent-studio/core';
import { createTestContainer } from '@agent-studio/core/testing';
import { expect } from 'chai';
import { type Browser, chromium } from 'playwright-core';
import { z } from 'zod';
import { auditModule, buildStoryboard, renderStoryboardHtml, type Storyboard } from '../../src/index.js';

const CHROMIUM = '/usr/bin/chromium';
const WHY_FIND = 'The user asked where order 42 is; find_order reads it.';
const WHY_TRACK = 'The order has shipped, so the parcel tells where it is.';

/** A real two-tool run recorded by the audit module, rendered as HTML. */
async function recordRun(): Promise<Storyboard> {
  const findOrder = defineAction({
    name: 'find_order',
    description: 'Find an order by number.',
    audience: 'employee',
    visibility: 'public',
    effect: 'read',
    input: z.object({ number: z.string() }),
    run: () => ({ status: 'shipped', parcel: 'P-7' }),
  });
  const trackParcel = defineAction({
    name: 'track_parcel',
    description: 'Track a parcel.',
    audience: 'employee',
    visibility: 'public',
    effect: 'read',
    input: z.object({ parcel: z.string() }),
    run: () => ({ where: 'Lyon depot' }),
  });
  const agent = defineAgent({
    name: 'orders',
    audience: 'employee',
    model: { name: 'test-model' },
    instructions: 'Help with orders. <b>Never</b> guess.',
    capabilities: [{ action: 'find_order' }, { action: 'track_parcel' }],
  });
  const t = await createTestContainer({
    agents: [agent],
    actions: [findOrder, trackParcel],
    modules: [auditModule({ persistContent: 'full' })],
    script: [
      { toolCalls: [{ name: 'find_order', arguments: { _rationale: WHY_FIND, number: '42' } }] },
      { toolCalls: [{ name: 'track_parcel', arguments: { _rationale: WHY_TRACK, parcel: 'P-7' } }] },
      { content: 'Order 42 has shipped; the parcel is at the Lyon depot. <script>alert(1)</script>' },
    ],
  });
  const result = await t.runtime.run({ agent: 'orders', accessToken: await t.token(), input: 'Where is order 42?' });
  const trail = t.container.get('audit.Trail');
  await trail.flush();
  return buildStoryboard(await trail.store.list(result.runId));
}

describe('renderStoryboardHtml() in a browser', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let dir: string | undefined;

  after(async () => {
    await browser?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('renders a real multi-turn run readably, loads nothing and logs no error', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`The storyboard browser test needs Chromium at ${CHROMIUM}; install it with: apt-get install -y chromium (CI installs it).`);
    }
    const story = await recordRun();
    expect(story.run.status).to.equal('completed');
    expect(story.run.totals.toolCalls).to.equal(2);
    dir = await mkdtemp(join(tmpdir(), 'storyboard-'));
    const file = join(dir, 'run.html');
    await writeFile(file, renderStoryboardHtml(story));
    const fileUrl = pathToFileURL(file).href;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const requests: string[] = [];
    const aborted: string[] = [];
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) await route.continue();
      else {
        aborted.push(url);
        await route.abort();
      }
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(fileUrl, { waitUntil: 'load' });

    expect(await page.title()).to.equal(`Run storyboard: orders — ${story.run.runId}`);
    expect(await page.isVisible('text=Who asked')).to.equal(true);
    const body = await page.innerText('body');
    expect(body).to.contain('What the agent orders did');
    expect(body).to.match(/acting as/i);
    let at = -1;
    for (const entry of story.turns.flatMap((t) => t.entries)) {
      const next = body.indexOf(entry.step.title, at + 1);
      expect(next, `step ${entry.seq} "${entry.step.title}" after position ${at}`).to.be.greaterThan(at);
      at = next;
    }
    expect(body).to.contain('Turn 2 — the model asked for track_parcel');
    expect(await page.isVisible(`text=${WHY_FIND}`)).to.equal(true);
    expect(await page.isVisible(`text=${WHY_TRACK}`)).to.equal(true);
    expect(body).to.contain('<script>alert(1)</script>');
    expect(await page.locator('script').count()).to.equal(0);
    expect(requests).to.deep.equal([fileUrl]);
    expect(aborted).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });
});
