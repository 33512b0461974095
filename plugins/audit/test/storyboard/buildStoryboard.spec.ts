import { AgentStudioError } from '@agent-studio/core';
import { expect } from 'chai';
import { buildStoryboard } from '../../src/index.js';
import { blockedRun, completedRun, failedRun, RUN_ID, suspendedResumedRun, trace } from './storyboardFixtures.js';

describe('buildStoryboard()', () => {
  context('when the run completed', () => {
    const story = buildStoryboard(completedRun());

    it('fills the header from the run-started and identity steps', () => {
      expect(story.run).to.include({
        runId: RUN_ID,
        agent: 'orders',
        tenantId: 'acme',
        surface: 'runtime',
        model: 'gpt-4o-mini',
        provider: 'scripted',
        contentPolicy: 'masked',
        originalUserId: 'jane',
        executionUserId: 'svc-orders',
        status: 'completed',
        errorCode: null,
        durationMs: 64,
        invocations: 1,
      });
    });

    it('takes the totals from the closing step', () => {
      expect(story.run.totals).to.deep.equal({ modelCalls: 3, toolCalls: 2, promptTokens: 600, completionTokens: 60, costUsd: 0.0003 });
    });

    it('groups the steps by turn, in order, with headings', () => {
      expect(story.turns.map((t) => [t.turn, t.heading])).to.deep.equal([
        [0, 'Start'],
        [1, 'Turn 1 — the model asked for find_order'],
        [2, 'Turn 2 — the model asked for track_parcel'],
        [3, 'Turn 3 — the model answered'],
      ]);
      expect(story.turns.flatMap((t) => t.entries.map((e) => e.seq))).to.deep.equal([...Array(14).keys()].map((i) => i + 1));
    });

    it('gives each entry its offset from the first step', () => {
      const first = story.turns[0]?.entries[0];
      const second = story.turns[0]?.entries[1];
      expect(first?.offsetMs).to.equal(0);
      expect(second?.offsetMs).to.equal(5);
      expect(story.run.endedAt - story.run.startedAt).to.equal(65);
    });

    it('counts the decision steps and skips none', () => {
      expect(story.steps).to.equal(14);
      expect(story.skipped).to.equal(0);
    });
  });

  context('when the run was suspended and resumed', () => {
    const story = buildStoryboard(suspendedResumedRun());

    it('starts a new invocation at the resume', () => {
      expect(story.run.invocations).to.equal(2);
      expect(story.turns.map((t) => [t.invocation, t.resumed, t.heading])).to.deep.equal([
        [1, false, 'Start'],
        [1, false, 'Turn 1 — the model asked for refund_order'],
        [2, true, 'Resumed (invocation 2)'],
        [2, true, 'Turn 1'],
        [2, true, 'Turn 2 — the model answered'],
      ]);
    });

    it('ends as the last invocation ended and sums durations, not the wait', () => {
      expect(story.run.status).to.equal('completed');
      expect(story.run.durationMs).to.equal(70);
    });

    it('sums the totals over invocations; the cost is null when a call was unpriced', () => {
      expect(story.run.totals).to.deep.equal({ modelCalls: 2, toolCalls: 1, promptTokens: 300, completionTokens: 40, costUsd: null });
    });

    it('measures offsets from the run start across the wait', () => {
      const resumed = story.turns[2]?.entries[0];
      expect(resumed?.offsetMs).to.be.greaterThan(3_600_000);
    });
  });

  context('when the run is only suspended', () => {
    it('is suspended', () => {
      const steps = suspendedResumedRun().slice(0, 8);
      expect(buildStoryboard(steps).run.status).to.equal('suspended');
    });
  });

  context('when the run was blocked', () => {
    const story = buildStoryboard(blockedRun());

    it('is blocked with the code of the closing step', () => {
      expect(story.run).to.include({ status: 'blocked', errorCode: 'PROMPT_UNSAFE' });
    });

    it('heads the turn after the block when there was no model reply', () => {
      expect(story.turns.at(-1)?.heading).to.equal('Turn 1 — the run was blocked: PROMPT_UNSAFE');
    });
  });

  context('when the run failed', () => {
    it('is failed with the error code', () => {
      expect(buildStoryboard(failedRun()).run).to.include({ status: 'failed', errorCode: 'MODEL_HTTP_ERROR', durationMs: 5000 });
    });
  });

  context('when the run has not closed yet', () => {
    const story = buildStoryboard(completedRun().slice(0, 7));

    it('is running, with totals counted from its model and tool steps', () => {
      expect(story.run.status).to.equal('running');
      expect(story.run.totals).to.deep.equal({ modelCalls: 1, toolCalls: 1, promptTokens: 100, completionTokens: 20, costUsd: 0.0001 });
      expect(story.run.durationMs).to.equal(30);
    });
  });

  context('when the trace has no audit decision step', () => {
    it('throws CONFIG_INVALID saying to load auditModule()', () => {
      const steps = trace([{ kind: 'rationale:recorded', data: { hash: 'x' } }]);
      let error: unknown;
      try {
        buildStoryboard(steps);
      } catch (e) {
        error = e;
      }
      expect(AgentStudioError.hasCode(error, 'CONFIG_INVALID')).to.equal(true);
      expect((error as Error).message).to.contain('no audit trail').and.to.contain('auditModule()');
    });

    it('throws CONFIG_INVALID for an empty trace', () => {
      expect(() => buildStoryboard([])).to.throw(/no audit trail/);
    });
  });

  context('when some steps are invalid or of other kinds', () => {
    const steps = completedRun();
    const mixed = [
      ...steps.slice(0, 3),
      { ...steps[3], kind: 'audit.execution', data: { stepType: 'message' } },
      { ...steps[4], data: { stepType: 'NOT_A_STEP', title: 1 } },
      { ...steps[5], kind: 'rationale:recorded', data: {} },
      ...steps.slice(6),
    ] as typeof steps;
    const story = buildStoryboard(mixed);

    it('leaves out invalid decision steps and counts them', () => {
      expect(story.skipped).to.equal(1);
      expect(story.steps).to.equal(11);
    });

    it('ignores steps of other kinds', () => {
      expect(story.turns.flatMap((t) => t.entries.map((e) => e.seq))).to.not.include.members([4, 5, 6]);
    });
  });

  it('does not change the steps it is given', () => {
    const steps = completedRun();
    const before = JSON.stringify(steps);
    buildStoryboard([...steps].reverse());
    expect(JSON.stringify(steps)).to.equal(before);
  });
  it('R-AUDIT-2: an approver\'s decision, recorded between the suspension and the resume, gets its own section', () => {
    const steps = suspendedResumedRun();
    const decided = {
      runId: RUN_ID,
      tenantId: 'acme',
      seq: 9,
      at: (steps[7]?.at ?? 0) + 1_000,
      kind: 'audit.decision',
      data: { stepType: 'APPROVAL_RESOLVED', title: 'refund_order approved by mia', description: 'Granted.', turn: 0, success: true, toolName: 'refund_order', originalUserId: 'jane' },
    };
    const all = [...steps.slice(0, 8), decided, ...steps.slice(8).map((s) => ({ ...s, seq: s.seq + 1 }))];
    const story = buildStoryboard(all);
    const headings = story.turns.map((t) => t.heading);
    expect(headings).to.include('A person decided');
    expect(headings.indexOf('A person decided')).to.be.below(headings.findIndex((h) => h.startsWith('Resumed')));
    expect(story.run.invocations).to.equal(2);
  });
});
