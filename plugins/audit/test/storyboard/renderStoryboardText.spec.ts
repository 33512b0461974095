import { expect } from 'chai';
import { buildStoryboard, renderStoryboardText } from '../../src/index.js';
import { blockedRun, completedRun, suspendedResumedRun, trace } from './storyboardFixtures.js';

describe('renderStoryboardText()', () => {
  context('for a completed run without colour', () => {
    const text = renderStoryboardText(buildStoryboard(completedRun()), { color: false });

    it('prints no escape character', () => {
      expect(text).to.not.contain('\u001b');
    });

    it('prints the header', () => {
      expect(text).to.match(/agent\s+orders/);
      expect(text).to.match(/asked by\s+jane \(tenant acme, runtime surface\)/);
      expect(text).to.match(/acting as\s+svc-orders \(the agent's own user\)/);
      expect(text).to.match(/model\s+gpt-4o-mini via scripted/);
      expect(text).to.match(/status\s+✓ completed · 64 ms/);
      expect(text).to.contain('masked: personal data is replaced by tokens like [EMAIL:001]');
    });

    it('prints each turn heading and each step title in order', () => {
      const titles = ['Turn 1 — the model asked for find_order', 'Tool find_order selected', 'Tool find_order succeeded', 'Turn 2 — the model asked for track_parcel', 'The agent answered'];
      let at = 0;
      for (const title of titles) {
        const next = text.indexOf(title, at);
        expect(next, title).to.be.greaterThan(at);
        at = next;
      }
    });

    it('prints offsets, tokens and cost of model steps', () => {
      expect(text).to.contain('+5.0 ms');
      expect(text).to.contain('12.5 ms · 100 in / 20 out tokens · $0.000100');
    });

    it('prints tool arguments, results and the rationale (R-RAT-3)', () => {
      expect(text).to.contain('arguments: {"number":"42"}');
      expect(text).to.contain('result: {"isSuccess":true');
      expect(text).to.contain('why: The order has shipped; the parcel tells where it is.');
    });

    it('prints the checks compactly, each plugin once', () => {
      expect(text).to.contain('checks passed: identity, field-security');
      expect(text).to.not.contain('field-security, field-security');
    });

    it('prints the totals in the footer', () => {
      expect(text).to.contain('3 model calls · 2 tool calls · 600 in / 60 out tokens · cost $0.000300 · 64 ms');
    });
  });

  context('for decisions', () => {
    it('prints plugin, hook, code and reason of a block', () => {
      const text = renderStoryboardText(buildStoryboard(blockedRun()), { color: false });
      expect(text).to.contain('✗ prompt-safety blocked the model request');
      expect(text).to.contain('decided by: plugin prompt-safety · in beforeModelCall · code PROMPT_UNSAFE');
      expect(text).to.contain('reason: injection score 0.97');
      expect(text).to.match(/status\s+✗ blocked PROMPT_UNSAFE/);
    });

    it('prints an approval request and the resume', () => {
      const text = renderStoryboardText(buildStoryboard(suspendedResumedRun()), { color: false });
      expect(text).to.contain('‖ approvals paused for a decision the tool call');
      expect(text).to.contain('reason: refunds need a manager');
      expect(text).to.contain('── Resumed (invocation 2)');
      expect(text).to.contain('2 invocations');
      expect(text).to.contain('cost not priced');
    });
  });

  context('with colour', () => {
    it('uses ANSI colours', () => {
      expect(renderStoryboardText(buildStoryboard(completedRun()), { color: true })).to.contain('\u001b[32m✓');
    });
  });

  context('when stored text holds control characters', () => {
    const hostile = 'ok\u001b[2J\u001b]0;pwned\u0007\rdone\u0000\u0008 \u202eevil\u009b31m';
    const steps = completedRun();
    const patched = steps.map((s) =>
      (s.data as { stepType?: string }).stepType === 'TOOL_SELECTED' ? { ...s, data: { ...(s.data as object), rationale: hostile, content: hostile } } : s,
    );
    const text = renderStoryboardText(buildStoryboard(patched), { color: false });

    it('strips escape sequences and C0/C1 controls', () => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting they are gone
      expect(text).to.not.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(text).to.contain('why: okdone evil\n');
      expect(text).to.not.contain('pwned');
    });

    it('strips bidirectional overrides', () => {
      expect(text).to.not.contain('\u202e');
    });
  });

  it('cuts long tool results to one line of the width', () => {
    const long = `{"data":"${'x'.repeat(500)}\\nmore"}`;
    const steps = trace([
      { stepType: 'RUN_STARTED', title: 'Run started', turn: 0 },
      { stepType: 'TOOL_RESULT', title: 'Tool t succeeded', turn: 1, content: long },
    ]);
    const text = renderStoryboardText(buildStoryboard(steps), { color: false, width: 80 });
    const line = text.split('\n').find((l) => l.includes('result:')) ?? '';
    expect(line.length).to.be.at.most(80);
    expect(line.endsWith('…')).to.equal(true);
  });

  it('says when invalid steps were left out', () => {
    const steps = completedRun();
    const broken = steps.map((s, i) => (i === 4 ? { ...s, data: { nope: true } } : s));
    expect(renderStoryboardText(buildStoryboard(broken), { color: false })).to.contain('1 invalid step left out');
  });
});
