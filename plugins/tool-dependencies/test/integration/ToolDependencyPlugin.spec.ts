import { expect } from 'chai';
import { defineAgent } from '@agent-studio/core';
import { createTestContainer } from '@agent-studio/core/testing';
import { toolDependenciesModule } from '../../src/index.js';
import { GRAPH_13_3, runCrm, toolResults } from '../fixtures.js';

describe('ToolDependencyPlugin with the runtime (SPEC §7, §13.3)', () => {
  it('R-DEP-10: the model gets the structured message, then calls the prerequisite first', async () => {
    const { result, ran, seen } = await runCrm([
      { toolCalls: [{ id: 'c1', name: 'update_record' }] },
      (request) => {
        const text = toolResults(request).get('c1') ?? '';
        return text.includes('get_record_details') ? { toolCalls: [{ id: 'c2', name: 'get_record_details' }] } : { content: 'confused' };
      },
      { toolCalls: [{ id: 'c3', name: 'update_record' }] },
      { content: 'Done.' },
    ]);
    expect(result.status).to.equal('completed');
    expect(ran).to.deep.equal(['get_record_details', 'update_record']);
    const blocked = toolResults(seen[1]).get('c1') ?? '';
    expect(blocked).to.include('DEPENDENCY_VALIDATION_ERROR');
    expect(blocked).to.include('Call these tools first (all of them): get_record_details.');
    expect(blocked).to.include('No tool has succeeded yet in this run.');
  });

  it('§13.3 vector 1 / R-DEP-7: a batch whose prerequisites are only in the same batch is blocked; the root tool runs', async () => {
    const { ran, seen } = await runCrm([
      { toolCalls: [{ id: 's', name: 'send_email' }, { id: 'u', name: 'update_record' }, { id: 'g', name: 'get_record_details' }] },
      { content: 'ok' },
    ]);
    expect(ran).to.deep.equal(['get_record_details']);
    const results = toolResults(seen[1]);
    expect(results.get('s')).to.include('Call at least one of these tools first: get_email_address, get_contact_info.');
    expect(results.get('u')).to.include('Requested in the same turn but not yet completed: get_record_details.');
    expect(results.get('g')).to.not.include('DEPENDENCY_VALIDATION_ERROR');
  });

  it('§13.3 vector 2 / R-DEP-8: a prerequisite that failed does not count; the dependent tool is blocked', async () => {
    const { ran, seen } = await runCrm([
      { toolCalls: [{ id: 'g', name: 'get_record_details', arguments: { fail: true } }] },
      { toolCalls: [{ id: 'u', name: 'update_record' }] },
      { content: 'ok' },
    ]);
    expect(ran).to.deep.equal(['get_record_details']);
    expect(toolResults(seen[2]).get('u')).to.include('DEPENDENCY_VALIDATION_ERROR');
  });

  it('R-DEP-2: anyOf is satisfied by one tool, allOf by all', async () => {
    const { ran, result } = await runCrm([
      { toolCalls: [{ name: 'get_record_details' }, { name: 'get_contact_info' }] },
      { toolCalls: [{ name: 'update_record' }] },
      { toolCalls: [{ name: 'send_email' }] },
      { content: 'sent' },
    ]);
    expect(result.status).to.equal('completed');
    expect(ran).to.deep.equal(['get_record_details', 'get_contact_info', 'update_record', 'send_email']);
  });

  it('§13.3 vector 3 / R-DEP-9: with max 3 and 2 earlier violations, 1 new pre-flight block stops the run before any tool of the batch', async () => {
    const { result, ran } = await runCrm(
      [
        { toolCalls: [{ name: 'update_record' }] },
        { toolCalls: [{ name: 'send_email' }] },
        { toolCalls: [{ name: 'get_record_details' }, { name: 'update_record' }] },
        { content: 'never' },
      ],
      { agents: { crm: { dependencies: GRAPH_13_3 } }, maxDependencyViolations: 3 },
    );
    expect(ran).to.deep.equal([]);
    expect(result.status).to.equal('blocked');
    expect(result.block?.code).to.equal('DEPENDENCY_CIRCUIT_OPEN');
    expect(result.block?.reason).to.include('3 tool dependency violations');
  });

  it('R-DEP-9: the breaker defaults to 10 violations', async () => {
    const script = [...Array.from({ length: 9 }, () => ({ toolCalls: [{ name: 'update_record' }] })), { toolCalls: [{ name: 'update_record' }] }, { content: 'x' }];
    const { result, seen } = await runCrm(script, { agents: { crm: { dependencies: GRAPH_13_3 } } });
    // 9 violations are told to the model; the 10th stops the run
    expect(seen).to.have.length(10);
    expect(result.status).to.equal('blocked');
    expect(result.block?.code).to.equal('DEPENDENCY_CIRCUIT_OPEN');
  });

  it('R-DEP-11: startup rejects a graph naming a tool the agent does not have', async () => {
    const agent = defineAgent({ name: 'crm', audience: 'employee', model: { name: 'm' }, instructions: 'x', capabilities: [] });
    const t = await createTestContainer({ agents: [agent], modules: [toolDependenciesModule({ agents: { crm: { dependencies: { update_record: { allOf: ['get_record_details'] } } } } })], script: [{ content: 'x' }] });
    await expect(t.runtime.run({ agent: 'crm', accessToken: await t.token(), input: 'hi' })).to.be.rejectedWith(/not among its capabilities: get_record_details, update_record/);
  });

  it('R-DEP-11: startup rejects a graph for an unregistered agent', async () => {
    const agent = defineAgent({ name: 'crm', audience: 'employee', model: { name: 'm' }, instructions: 'x', capabilities: [] });
    const t = await createTestContainer({ agents: [agent], modules: [toolDependenciesModule({ agents: { ghost: { dependencies: {} } } })], script: [{ content: 'x' }] });
    await expect(t.runtime.run({ agent: 'crm', accessToken: await t.token(), input: 'hi' })).to.be.rejectedWith(/agents\.ghost names no registered agent/);
  });
});
