import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { type DepsCheckReport, main } from '../../src/index.js';

// the JSON fixtures are data, not compiled: read them from the source tree
const data = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/${name}`, import.meta.url));
// the agent files are compiled next to this spec
const agent = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'agent-studio', ...args], {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s) },
    env: {},
  });
  return { code, out, err };
}

describe('agent-studio deps check', function () {
  this.timeout(20_000);

  it('reports a valid --graph file: tools, prerequisites and topological order, exit 0', async () => {
    const { code, out, err } = await cli('deps', 'check', agent('depsAgent.js'), '--graph', data('deps.valid.json'));
    expect(err).to.equal('');
    expect(code).to.equal(0);
    expect(out).to.contain('agent records: valid');
    expect(out).to.contain('tools: get_record_details, search_records, update_record');
    expect(out).to.contain('update_record <- all of get_record_details');
    expect(out).to.contain('get_record_details <- any of search_records');
    expect(out).to.contain('order: search_records -> get_record_details -> update_record');
  });

  it('prints exactly one JSON object with --json', async () => {
    const { code, out, err } = await cli('deps', 'check', agent('depsAgent.js'), '--graph', data('deps.valid.json'), '--json');
    expect(err).to.equal('');
    expect(code).to.equal(0);
    const report = JSON.parse(out) as DepsCheckReport;
    expect(report.valid).to.equal(true);
    expect(report.source).to.equal('graph-file');
    expect(report.agents).to.have.length(1);
    expect(report.agents[0]?.order).to.deep.equal(['search_records', 'get_record_details', 'update_record']);
    expect(report.agents[0]?.prerequisites).to.deep.equal({
      get_record_details: { allOf: [], anyOf: ['search_records'] },
      update_record: { allOf: ['get_record_details'], anyOf: [] },
    });
  });

  it('uses the agent file\'s dependencyGraphs export when no --graph is given', async () => {
    const { code, out } = await cli('deps', 'check', agent('depsAgent.js'), '--json');
    expect(code).to.equal(0);
    const report = JSON.parse(out) as DepsCheckReport;
    expect(report.source).to.equal('export');
    expect(report.agents.map((a) => a.agent)).to.deep.equal(['records']);
    expect(report.agents[0]?.order).to.deep.equal(['get_record_details', 'search_records', 'update_record']);
  });

  it('rejects a cycle with exit 1 and a DEPENDENCY_GRAPH_INVALID line', async () => {
    const { code, out, err } = await cli('deps', 'check', agent('depsAgent.js'), '--graph', data('deps.cyclic.json'));
    expect(code).to.equal(1);
    expect(err).to.match(/^error DEPENDENCY_GRAPH_INVALID: agent "records": cycle: get_record_details -> update_record -> get_record_details\.\n$/);
    expect(out).to.contain('agent records: invalid');
    expect(out).not.to.contain('order:');
  });

  it('rejects tools unknown to the agent\'s capabilities', async () => {
    const { code, out, err } = await cli('deps', 'check', agent('depsAgent.js'), '--graph', data('deps.unknown.json'), '--json');
    expect(code).to.equal(1);
    expect(err).to.contain('error DEPENDENCY_GRAPH_INVALID:');
    expect(err).to.contain('delete_everything');
    const report = JSON.parse(out) as DepsCheckReport;
    expect(report.valid).to.equal(false);
    expect(report.agents[0]?.order).to.equal(null);
    expect(report.agents[0]?.problems.join(' ')).to.contain('not among the agent\'s capabilities: delete_everything');
  });

  it('rejects a graph that does not match the schema', async () => {
    const { code, err } = await cli('deps', 'check', agent('depsAgent.js'), '--graph', data('deps.badschema.json'));
    expect(code).to.equal(1);
    expect(err).to.contain('error DEPENDENCY_GRAPH_INVALID: agent "records": not a valid graph');
  });

  it('rejects a --graph file that is not JSON', async () => {
    const { code, err } = await cli('deps', 'check', agent('depsAgent.js'), '--graph', data('pii.notjson.jsonl'));
    expect(code).to.equal(1);
    expect(err).to.contain('is not JSON');
  });

  it('exits 2 on usage errors: no graph, missing --graph file, missing argument', async () => {
    const none = await cli('deps', 'check', agent('greeterAgent.js'));
    expect(none.code).to.equal(2);
    expect(none.err).to.contain('has no dependency graph: pass --graph FILE.json');
    const missing = await cli('deps', 'check', agent('depsAgent.js'), '--graph', data('nope.json'));
    expect(missing.code).to.equal(2);
    expect(missing.err).to.contain('nope.json does not exist');
    expect((await cli('deps', 'check')).code).to.equal(2);
  });
});
