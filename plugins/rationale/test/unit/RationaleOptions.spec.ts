import { expect } from 'chai';
import { AgentStudioError, defineAgent } from '@agent-studio/core';
import { RationaleOptionsSchema, RationaleRecorder, rationaleModule, resolveRationaleSettings } from '../../src/index.js';

const agent = (trust: Record<string, unknown> = {}) =>
  defineAgent({ name: 'support', audience: 'employee', model: { name: 'm' }, instructions: 'x', capabilities: [], trust });

describe('rationale options', () => {
  it('is off by default; layers apply tenant, trust, then per-agent settings', () => {
    expect(resolveRationaleSettings(RationaleOptionsSchema.parse({}), agent()).enabled).to.equal(false);
    const options = RationaleOptionsSchema.parse({ enabled: true, maxLength: 50, agents: { support: { required: true } } });
    expect(resolveRationaleSettings(options, agent({ rationale: { maxLength: 70 } }))).to.include({ enabled: true, required: true, maxLength: 70 });
  });

  it('rejects invalid options with CONFIG_INVALID', () => {
    expect(() => rationaleModule({ maxLength: 0 })).to.throw(AgentStudioError).with.property('code', 'CONFIG_INVALID');
  });

  it('rejects an invalid trust section with AGENT_DEFINITION_INVALID', () => {
    expect(() => resolveRationaleSettings(RationaleOptionsSchema.parse({}), agent({ rationale: { enabled: 'yes' } })))
      .to.throw(AgentStudioError)
      .with.property('code', 'AGENT_DEFINITION_INVALID');
  });
});

describe('RationaleRecorder (R-RAT-3)', () => {
  const record = (runId: string, callId: string) => ({ runId, turn: 1, callId, tool: 't', rationale: 'r', length: 1, truncated: false, sha256: 'h', blocked: false });

  it('keeps records per run, once per call, and drops the oldest run past maxRuns', () => {
    const recorder = new RationaleRecorder(2);
    expect(recorder.add(record('a', '1'))).to.equal(true);
    expect(recorder.add(record('a', '1'))).to.equal(false);
    recorder.add(record('b', '1'));
    recorder.add(record('c', '1'));
    expect(recorder.forRun('a')).to.have.length(0);
    expect(recorder.forRun('c')).to.have.length(1);
    expect(recorder.has('c', '1')).to.equal(true);
    expect(recorder.has('a', '1')).to.equal(false);
    expect(recorder.clear('c')).to.equal(true);
  });
});
