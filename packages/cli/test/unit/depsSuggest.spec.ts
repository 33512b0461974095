import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentStudioError, ConfigurationError, ModelBehaviorError, type ScriptStep } from '@agent-studio/core';
import { ScriptedModel } from '@agent-studio/core/testing';
import { type DependencyGraphDraft, parseToolDependencyOptions, toolDependenciesModule } from '@agent-studio/plugin-tool-dependencies';
import { depsApproveCommand } from '../../src/deps/depsApproveCommand.js';
import { depsSuggestCommand } from '../../src/deps/depsSuggestCommand.js';
import { main } from '../../src/index.js';

// the agent files are compiled next to this spec
const agent = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

async function cli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'agent-studio', ...args], {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s) },
    env,
  });
  return { code, out, err };
}

const exists = (path: string) => stat(path).then(
  () => true,
  () => false,
);
const readJson = async (path: string): Promise<Record<string, unknown>> => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
const reply = (value: unknown): ScriptStep[] => [{ content: typeof value === 'string' ? value : JSON.stringify(value) }];

async function rejection(promise: Promise<unknown>): Promise<AgentStudioError> {
  try {
    await promise;
  } catch (error) {
    expect(AgentStudioError.is(error), String(error)).to.equal(true);
    return error as AgentStudioError;
  }
  throw new Error('expected a rejection');
}

describe('agent-studio deps suggest / approve (R-DEP-12, SPEC §15 row 10)', function () {
  this.timeout(20_000);
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deps-suggest-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('R-DEP-12: suggest writes a valid draft and says clearly that a scripted model answered', async () => {
    const out = join(dir, 'records.deps.draft.json');
    const { code, out: stdout, err } = await cli({}, 'deps', 'suggest', agent('depsAgent.js'), '--out', out);
    expect(code, err).to.equal(0);
    expect(err).to.contain('a scripted model answered (no LLM was called)');
    expect(stdout).to.contain(`written to ${out}`).and.contain('status: draft').and.contain('model: scripted (no LLM was called');
    expect(stdout).to.contain('update_record <- all of get_record_details');
    const draft = (await readJson(out)) as unknown as DependencyGraphDraft;
    expect(draft).to.include({ status: 'draft', agent: 'records' });
    expect(draft.generatedBy).to.deep.equal({ client: 'scripted', model: 'scripted:m' });
    expect(Number.isNaN(Date.parse(draft.generatedAt))).to.equal(false);
    expect(draft.graph).to.deep.equal({
      version: '1.0',
      dependencies: { get_record_details: { anyOf: ['search_records'] }, update_record: { allOf: ['get_record_details'] } },
    });
  });

  it('R-DEP-12: suggest writes <agent-file-dir>/<agent>.deps.draft.json by default, with --agent and --json', async () => {
    const expected = join(dirname(agent('depsAgent.js')), 'records.deps.draft.json');
    try {
      const { code, out } = await cli({}, 'deps', 'suggest', agent('depsAgent.js'), '--agent', 'records', '--json');
      expect(code).to.equal(0);
      const report = JSON.parse(out) as { written: string; scripted: boolean; draft: DependencyGraphDraft };
      expect(report).to.include({ written: expected, scripted: true });
      expect((await readJson(expected)).status).to.equal('draft');
    } finally {
      await rm(expected, { force: true });
    }
  });

  it('R-DEP-12: the prompt holds tool names, descriptions and input field names, never user data', async () => {
    const model = new ScriptedModel(reply({ dependencies: {} }));
    await depsSuggestCommand(agent('depsAgent.js'), { json: true, out: join(dir, 'd.json'), model }, {});
    const prompt = JSON.stringify(model.requests[0]?.messages);
    for (const text of ['search_records', 'get_record_details', 'update_record', 'Read one record by its id.', 'recordId', 'fields', 'query']) {
      expect(prompt).to.contain(text);
    }
    expect(prompt).not.to.contain('SECRET-SAMPLE-MESSAGE').and.not.to.contain('Jane Doe');
  });

  it('R-DEP-12: the OpenAI-compatible client answers when OPENAI_BASE_URL is set', async () => {
    let body = '';
    const server: Server = createServer((req, res) => {
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            id: 'x',
            object: 'chat.completion',
            created: 1,
            model: 'local-model',
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '```json\n{"dependencies":{"update_record":{"allOf":["get_record_details"]}}}\n```' } }],
          }),
        );
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const out = join(dir, 'draft.json');
      const { code, out: stdout, err } = await cli({ OPENAI_BASE_URL: url }, 'deps', 'suggest', agent('depsAgent.js'), '--out', out);
      expect(code, err).to.equal(0);
      expect(err).to.equal('');
      expect(stdout).not.to.contain('scripted');
      const draft = (await readJson(out)) as unknown as DependencyGraphDraft;
      expect(draft.generatedBy).to.deep.equal({ client: 'openai', model: 'local-model' });
      expect(draft.graph.dependencies).to.deep.equal({ update_record: { allOf: ['get_record_details'] } });
      expect(body).to.contain('update_record').and.not.contain('SECRET-SAMPLE-MESSAGE');
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  const badReplies: ReadonlyArray<[string, unknown, string, string]> = [
    ['an unknown tool', { dependencies: { update_record: { allOf: ['delete_everything'] } } }, 'DEPENDENCY_GRAPH_INVALID', 'delete_everything'],
    ['a cycle', { dependencies: { get_record_details: { allOf: ['update_record'] }, update_record: { allOf: ['get_record_details'] } } }, 'DEPENDENCY_GRAPH_INVALID', 'cycle'],
    ['non-JSON text', 'Sure! update_record needs get_record_details.', 'MODEL_RESPONSE_INVALID', 'is not JSON'],
    ['a malformed graph', { dependencies: { update_record: { oneOf: ['get_record_details'] } } }, 'DEPENDENCY_GRAPH_INVALID', 'not a valid dependency graph'],
    ['a self-approved graph', { status: 'approved', approvedBy: 'model', approvedAt: '2025-01-01T00:00:00Z', dependencies: {} }, 'DEPENDENCY_GRAPH_INVALID', 'cannot approve itself'],
  ];
  for (const [what, value, code, message] of badReplies) {
    it(`R-DEP-11 / R-DEP-12: a model reply with ${what} is a ModelBehaviorError ${code} and nothing is written`, async () => {
      const out = join(dir, 'draft.json');
      const error = await rejection(depsSuggestCommand(agent('depsAgent.js'), { json: false, out, model: new ScriptedModel(reply(value)) }, {}));
      expect(error).to.be.instanceOf(ModelBehaviorError);
      expect(error.code).to.equal(code);
      expect(error.message).to.contain(message).and.contain('Nothing was written');
      expect(await exists(out)).to.equal(false);
    });
  }

  it('R-DEP-12: suggest without a model (no OPENAI_BASE_URL, no script) fails with CONFIG_INVALID', async () => {
    const { code, err } = await cli({}, 'deps', 'suggest', agent('greeterAgent.js'), '--out', join(dir, 'x.json'));
    expect(code).to.equal(1);
    expect(err).to.match(/^error CONFIG_INVALID: No model to ask: set OPENAI_BASE_URL/);
    expect(await exists(join(dir, 'x.json'))).to.equal(false);
  });

  it('R-DEP-12: suggest refuses an unknown --agent and will not overwrite an approved graph', async () => {
    expect((await cli({}, 'deps', 'suggest', agent('depsAgent.js'), '--agent', 'nope', '--out', join(dir, 'a.json'))).err).to.contain('has no agent "nope"');
    const approved = join(dir, 'approved.json');
    await writeFile(approved, JSON.stringify({ dependencies: {} }));
    const { code, err } = await cli({}, 'deps', 'suggest', agent('depsAgent.js'), '--out', approved);
    expect(code).to.equal(1);
    expect(err).to.contain('is not a draft; it is not overwritten');
  });

  it('R-DEP-12: approve promotes a draft to an approved graph that deps check and the plugin accept', async () => {
    const draftFile = join(dir, 'records.deps.draft.json');
    expect((await cli({}, 'deps', 'suggest', agent('depsAgent.js'), '--out', draftFile)).code).to.equal(0);
    const { code, out, err } = await cli({}, 'deps', 'approve', draftFile, '--by', 'ada@example.com', '--app', agent('depsAgent.js'), '--json');
    expect(code, err).to.equal(0);
    const approvedFile = join(dir, 'records.deps.json');
    expect((JSON.parse(out) as { written: string }).written).to.equal(approvedFile);
    const approved = await readJson(approvedFile);
    expect(approved).to.include({ version: '1.0', status: 'approved', agent: 'records', approvedBy: 'ada@example.com' });
    expect(approved.generatedBy).to.deep.equal({ client: 'scripted', model: 'scripted:m' });
    expect(Number.isNaN(Date.parse(String(approved.approvedAt)))).to.equal(false);
    const check = await cli({}, 'deps', 'check', agent('depsAgent.js'), '--graph', approvedFile);
    expect(check.code, check.err).to.equal(0);
    expect(check.out).to.contain('order: search_records -> get_record_details -> update_record');
    expect(parseToolDependencyOptions({ agents: { records: approved as never } }).agents.records?.status).to.equal('approved');
    expect(() => toolDependenciesModule({ agents: { records: approved as never } })).not.to.throw();
  });

  it('R-DEP-12: the plugin and deps check refuse a draft (fail closed)', async () => {
    const draftFile = join(dir, 'records.deps.draft.json');
    await cli({}, 'deps', 'suggest', agent('depsAgent.js'), '--out', draftFile);
    const draft = await readJson(draftFile);
    expect(() => toolDependenciesModule({ agents: { records: draft } } as never))
      .to.throw(ConfigurationError, /status "draft"/)
      .with.property('code', 'CONFIG_INVALID');
    const check = await cli({}, 'deps', 'check', agent('depsAgent.js'), '--graph', draftFile);
    expect(check.code).to.equal(1);
    expect(check.err).to.contain('error DEPENDENCY_GRAPH_INVALID:').and.contain('status "draft"');
  });

  it('R-DEP-12: approve validates again: an edited draft with a cycle, a non-draft or a blank --by writes nothing', async () => {
    const draftFile = join(dir, 'records.deps.draft.json');
    await cli({}, 'deps', 'suggest', agent('depsAgent.js'), '--out', draftFile);
    const draft = (await readJson(draftFile)) as unknown as DependencyGraphDraft;
    const cyclic = { ...draft, graph: { dependencies: { a: { allOf: ['b'] }, b: { allOf: ['a'] } } } };
    const cyclicFile = join(dir, 'cyclic.deps.draft.json');
    await writeFile(cyclicFile, JSON.stringify(cyclic));
    const error = await rejection(depsApproveCommand(cyclicFile, { by: 'ada', json: false }));
    expect(error).to.be.instanceOf(ConfigurationError).with.property('code', 'DEPENDENCY_GRAPH_INVALID');
    expect(await exists(join(dir, 'cyclic.deps.json'))).to.equal(false);

    const unknown = await cli({}, 'deps', 'approve', draftFile, '--by', 'ada', '--app', agent('greeterAgent.js'));
    expect(unknown.code).to.equal(1);
    expect(await exists(join(dir, 'records.deps.json'))).to.equal(false);

    const plain = join(dir, 'plain.json');
    await writeFile(plain, JSON.stringify({ dependencies: {} }));
    expect((await cli({}, 'deps', 'approve', plain, '--by', 'ada')).err).to.contain('is not a draft');
    expect((await cli({}, 'deps', 'approve', draftFile, '--by', '  ')).err).to.contain('--by must name the approving administrator');
    expect((await cli({}, 'deps', 'approve', draftFile)).code).to.equal(2);
    expect(await exists(join(dir, 'records.deps.json'))).to.equal(false);
  });
});
