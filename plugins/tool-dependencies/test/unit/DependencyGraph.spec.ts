import { expect } from 'chai';
import { DependencyGraph, formatViolation, parseToolDependencyOptions } from '../../src/index.js';
import { GRAPH_13_3, TOOLS } from '../fixtures.js';

const graph = new DependencyGraph({ dependencies: GRAPH_13_3 });
const done = (...names: string[]) => new Map(names.map((n) => [n.toLowerCase(), n]));

describe('DependencyGraph (SPEC §7)', () => {
  it('R-DEP-1: a tool without an entry, or with empty lists, has no prerequisites', () => {
    const g = new DependencyGraph({ dependencies: { a: {}, b: { allOf: [], anyOf: [] } } });
    expect(g.empty).to.equal(true);
    expect(g.check('a', done())).to.equal(undefined);
    expect(graph.check('get_record_details', done())).to.equal(undefined);
  });

  it('R-DEP-2: allOf needs every listed tool', () => {
    const g = new DependencyGraph({ dependencies: { c: { allOf: ['a', 'b'] } } });
    expect(g.check('c', done('a'))?.missingAllOf).to.deep.equal(['b']);
    expect(g.check('c', done('a', 'b'))).to.equal(undefined);
  });

  it('R-DEP-2: anyOf needs at least one listed tool; both lists must hold', () => {
    expect(graph.check('send_email', done('update_record', 'get_contact_info'))).to.equal(undefined);
    const v = graph.check('send_email', done('update_record'));
    expect(v?.missingAllOf).to.deep.equal([]);
    expect(v?.missingAnyOf).to.deep.equal(['get_email_address', 'get_contact_info']);
    expect(graph.check('send_email', done('get_email_address'))?.missingAllOf).to.deep.equal(['update_record']);
  });

  it('R-DEP-2: names are compared case-insensitively', () => {
    expect(graph.check('UPDATE_RECORD', done('Get_Record_Details'))).to.equal(undefined);
  });

  it('R-DEP-11: finds cycles over allOf ∪ anyOf edges', () => {
    expect(graph.findCycle()).to.equal(undefined);
    expect(new DependencyGraph({ dependencies: { a: { allOf: ['b'] }, b: { anyOf: ['x', 'a'] } } }).findCycle()).to.deep.equal(['a', 'b', 'a']);
    expect(new DependencyGraph({ dependencies: { a: { allOf: ['a'] } } }).findCycle()).to.deep.equal(['a', 'a']);
  });

  it('R-DEP-11: names the tools that are not known', () => {
    expect(graph.unknownTools(TOOLS)).to.deep.equal([]);
    expect(graph.unknownTools(['update_record', 'send_email'])).to.deep.equal(['get_contact_info', 'get_email_address', 'get_record_details']);
  });

  it('R-DEP-10: the message names the tool, allOf, anyOf, the next step and what already ran', () => {
    const v = graph.check('send_email', done('get_record_details'), new Set(['update_record']));
    const text = formatViolation(v as NonNullable<typeof v>);
    expect(text).to.include('Tool "send_email" cannot run yet');
    expect(text).to.include('Call these tools first (all of them): update_record.');
    expect(text).to.include('Call at least one of these tools first: get_email_address, get_contact_info.');
    expect(text).to.include('Requested in the same turn but not yet completed: update_record.');
    expect(text).to.include('Next step: call the tools above');
    expect(text).to.include('Tools that already succeeded in this run: get_record_details.');
    const none = graph.check('update_record', done());
    expect(formatViolation(none as NonNullable<typeof none>)).to.include('No tool has succeeded yet in this run.');
  });
});

describe('parseToolDependencyOptions (R-DEP-1, R-DEP-11)', () => {
  it('defaults maxDependencyViolations to 10 (SPEC §15 row 1, R-DEP-9)', () => {
    expect(parseToolDependencyOptions({ agents: {} }).maxDependencyViolations).to.equal(10);
  });

  it('R-DEP-11: rejects a cycle with a ConfigurationError naming it', () => {
    expect(() => parseToolDependencyOptions({ agents: { crm: { dependencies: { a: { allOf: ['b'] }, b: { allOf: ['a'] } } } } }))
      .to.throw(/agent "crm" has a cycle: a → b → a/)
      .with.property('code', 'CONFIG_INVALID');
  });

  it('R-DEP-11: rejects tools outside the given tool list', () => {
    expect(() => parseToolDependencyOptions({ agents: { crm: { tools: ['a'], dependencies: { a: { allOf: ['nope'] } } } } })).to.throw(/unknown tools: nope/);
  });

  it('R-DEP-1: rejects a malformed graph rather than ignoring it', () => {
    expect(() => parseToolDependencyOptions({ agents: { crm: { dependencies: { a: { allOf: 'b' } } } } } as never)).to.throw(/invalid option agents\.crm/);
    expect(() => parseToolDependencyOptions({ agents: {}, maxDependencyViolations: 0 })).to.throw(/maxDependencyViolations/);
  });
});
