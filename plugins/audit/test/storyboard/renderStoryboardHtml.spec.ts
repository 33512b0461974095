import { expect } from 'chai';
import { buildStoryboard, renderStoryboardHtml } from '../../src/index.js';
import { blockedRun, completedRun, suspendedResumedRun } from './storyboardFixtures.js';

const XSS = '<img src=x onerror=alert(1)><script>alert("x")</script>';

describe('renderStoryboardHtml()', () => {
  context('for a completed run', () => {
    const html = renderStoryboardHtml(buildStoryboard(completedRun()));

    it('is one document with lang, charset, title and a strict CSP', () => {
      expect(html.startsWith('<!doctype html>')).to.equal(true);
      expect(html).to.contain('<html lang="en">');
      expect(html).to.contain('<meta charset="utf-8">');
      expect(html).to.contain('<title>Run storyboard: orders — run-1</title>');
      expect(html).to.contain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    });

    it('has no script and no external URL', () => {
      expect(html).to.not.match(/<script/i);
      expect(html).to.not.match(/https?:\/\//i);
      expect(html).to.not.match(/\s(src|href)=/i);
      expect(html).to.not.match(/@import|url\(/i);
    });

    it('has a summary card with who asked, acting as and the content policy explained', () => {
      expect(html).to.contain('<dt>Who asked</dt><dd>jane');
      expect(html).to.contain('<dt>Acting as</dt><dd>svc-orders');
      expect(html).to.contain('<b>masked</b> — personal data is replaced by tokens like [EMAIL:001]');
    });

    it('heads each turn and shows the rationale of each tool call', () => {
      expect(html).to.contain('<h2>Turn 2 — the model asked for track_parcel</h2>');
      expect(html).to.contain('Why the model chose it</span>The order has shipped; the parcel tells where it is.');
    });

    it('puts the checks in a details element', () => {
      expect(html).to.contain('<details class="checks"><summary>Checks passed: identity, field-security</summary>');
    });
  });

  it('highlights a block with its plugin, code and reason', () => {
    const html = renderStoryboardHtml(buildStoryboard(blockedRun()));
    expect(html).to.contain('<li class="step tone-fail">');
    expect(html).to.contain('Decided by plugin <b>prompt-safety</b> in <code>beforeModelCall</code> with code <code class="code">PROMPT_UNSAFE</code>');
    expect(html).to.contain('injection score 0.97');
  });

  it('shows an approval request as waiting', () => {
    const html = renderStoryboardHtml(buildStoryboard(suspendedResumedRun()));
    expect(html).to.contain('<li class="step tone-wait">');
    expect(html).to.contain('<h2>Resumed (invocation 2)</h2>');
  });

  context('when stored text holds markup (R-ACT-OUT-3)', () => {
    const steps = completedRun().map((s) => {
      const data = s.data as { stepType?: string };
      if (data.stepType === 'TOOL_SELECTED') return { ...s, data: { ...data, content: XSS, rationale: XSS } };
      if (data.stepType === 'RUN_STARTED') return { ...s, data: { ...data, run: { agent: XSS, tenantId: 'acme', surface: 'runtime', contentPolicy: 'masked' } } };
      if (data.stepType === 'FINAL_RESPONSE') return { ...s, data: { ...data, content: XSS, title: XSS } };
      return s;
    });
    const html = renderStoryboardHtml(buildStoryboard(steps));

    it('escapes it everywhere', () => {
      expect(html).to.not.match(/<script/i);
      expect(html).to.not.match(/<img/i);
      expect(html).to.contain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    });
  });
});
