import { expect } from 'chai';
import { AgentStudioError, assertKnownAgents } from '../../../src/index.js';

describe('assertKnownAgents', () => {
  const agents = [{ name: 'support' }, { name: 'triage' }];

  it('accepts settings keyed by registered agents, and none at all', () => {
    expect(() => assertKnownAgents('myModule', ['support', 'triage'], agents)).to.not.throw();
    expect(() => assertKnownAgents('myModule', [], [])).to.not.throw();
  });

  it('refuses an unknown agent name with CONFIG_INVALID, naming it and the registered agents', () => {
    try {
      assertKnownAgents('myModule', ['support', 'suport'], agents);
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(AgentStudioError).and.include({ code: 'CONFIG_INVALID' });
      expect((error as Error).message).to.equal(
        'myModule: agents.suport names no registered agent (registered: support, triage). Fix the name, or its settings would never apply.',
      );
    }
  });

  it('says "none" when no agent is registered', () => {
    expect(() => assertKnownAgents('myModule', ['x'], [])).to.throw(/registered: none/);
  });
});
