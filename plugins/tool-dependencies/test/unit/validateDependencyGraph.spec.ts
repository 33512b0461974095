import { expect } from 'chai';
import { ConfigurationError } from '@agent-studio/core';
import { DependencyGraphDraftSchema, graphStatus, parseToolDependencyOptions, toolDependenciesModule, validateDependencyGraph } from '../../src/index.js';

const dependencies = { update_record: { allOf: ['get_record_details'] } };
const approved = {
  version: '1.0' as const,
  status: 'approved' as const,
  agent: 'crm',
  generatedAt: '2025-01-01T00:00:00.000Z',
  generatedBy: { client: 'scripted', model: 'scripted:m' },
  approvedBy: 'admin@example.com',
  approvedAt: '2025-01-02T00:00:00.000Z',
  dependencies,
};
const draft = { status: 'draft', agent: 'crm', generatedAt: '2025-01-01T00:00:00.000Z', generatedBy: { model: 'scripted:m' }, graph: { version: '1.0', dependencies } };

function reasonOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigurationError).with.property('code', 'DEPENDENCY_GRAPH_INVALID');
    return (error as ConfigurationError).details?.reason;
  }
  throw new Error('expected a ConfigurationError');
}

describe('generated graphs need approval (R-DEP-12, SPEC §15 row 10)', () => {
  it('R-DEP-12: the plugin refuses a draft document, fail closed, with CONFIG_INVALID saying it needs approval', () => {
    expect(() => toolDependenciesModule({ agents: { crm: draft } } as never))
      .to.throw(ConfigurationError, /status "draft".*approved by an administrator/)
      .with.property('code', 'CONFIG_INVALID');
  });

  it('R-DEP-12: the plugin refuses any status other than approved, even on a well-formed graph', () => {
    expect(() => parseToolDependencyOptions({ agents: { crm: { ...approved, status: 'pending' } } } as never)).to.throw(/status "pending"/);
  });

  it('R-DEP-12: the plugin loads an approved graph and, as before, a plain graph without status', () => {
    expect(parseToolDependencyOptions({ agents: { crm: approved } }).agents.crm?.status).to.equal('approved');
    expect(parseToolDependencyOptions({ agents: { crm: { dependencies } } }).agents.crm?.dependencies).to.deep.equal(dependencies);
  });

  it('R-DEP-12: an approved graph must say who approved it and when; it must be for the agent it is loaded for', () => {
    const { approvedBy: _by, ...unsigned } = approved;
    expect(() => parseToolDependencyOptions({ agents: { crm: unsigned } })).to.throw(/approvedBy/);
    expect(() => parseToolDependencyOptions({ agents: { other: approved } })).to.throw(/made for agent "crm"/);
  });

  it('R-DEP-12: the draft schema holds the proposed graph and its provenance', () => {
    expect(DependencyGraphDraftSchema.parse(draft).graph.dependencies).to.deep.equal(dependencies);
    expect(graphStatus(draft)).to.equal('draft');
    expect(graphStatus({ dependencies })).to.equal(undefined);
  });
});

describe('validateDependencyGraph (R-DEP-1, R-DEP-11, R-DEP-12)', () => {
  const tools = ['get_record_details', 'update_record', 'search_records'];

  it('R-DEP-1: returns a valid graph for the agent', () => {
    expect(validateDependencyGraph(approved, { agent: 'crm', tools }).dependencies).to.deep.equal(dependencies);
    expect(validateDependencyGraph({ dependencies }, { agent: 'crm', tools }).status).to.equal(undefined);
  });

  it('R-DEP-12: refuses a draft', () => {
    expect(reasonOf(() => validateDependencyGraph(draft, { agent: 'crm', tools }))).to.equal('not-approved');
  });

  it('R-DEP-1: refuses a malformed graph', () => {
    expect(reasonOf(() => validateDependencyGraph({ dependencies: { a: { oneOf: ['b'] } } }, { agent: 'crm' }))).to.equal('schema');
    expect(reasonOf(() => validateDependencyGraph('{}', { agent: 'crm' }))).to.equal('schema');
  });

  it('R-DEP-11: refuses a cycle and tools the agent does not have', () => {
    expect(reasonOf(() => validateDependencyGraph({ dependencies: { a: { allOf: ['b'] }, b: { anyOf: ['a'] } } }, { agent: 'crm' }))).to.equal('cycle');
    expect(reasonOf(() => validateDependencyGraph({ dependencies: { update_record: { allOf: ['drop_table'] } } }, { agent: 'crm', tools }))).to.equal('unknown-tools');
  });

  it('R-DEP-12: refuses a graph made for another agent', () => {
    expect(reasonOf(() => validateDependencyGraph(approved, { agent: 'support' }))).to.equal('agent-mismatch');
  });
});
