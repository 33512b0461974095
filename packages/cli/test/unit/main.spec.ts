import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/index.js';

const home = mkdtempSync(join(tmpdir(), 'agent-studio-cli-'));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'agent-studio', ...args], {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s) },
    env: { AGENT_STUDIO_HOME: home },
  });
  return { code, out, err };
}

describe('agent-studio run', () => {
  it('prints the timeline: model turns, tool calls with arguments, rationale, tokens and the reply', async () => {
    const { code, out } = await cli('run', fixture('greeterAgent.js'));
    expect(code).to.equal(0);
    expect(out).to.include('model turn 1 → m: 2 messages, 1 tools');
    expect(out).to.include('asks for greet');
    expect(out).to.include('tool greet(email="«pii»")');
    expect(out).to.include('rationale: "asked to greet"');
    expect(out).to.include('no-bob.beforeModelCall → continue');
    expect(out).to.match(/completed in \d+ ms · 2 model call\(s\), \d+\+\d+=\d+ tokens/);
    expect(out.trimEnd().split('\n').at(-1)).to.equal('reply: Hello ann!');
    expect(out).to.not.include('\u001b[');
  });

  it('never prints a PII input value', async () => {
    const { out } = await cli('run', fixture('greeterAgent.js'), '--json');
    expect(out).to.not.include('ann@example.com');
  });

  it('prints one JSON document with --json', async () => {
    const { code, out } = await cli('run', fixture('greeterAgent.js'), '--json');
    expect(code).to.equal(0);
    const doc = JSON.parse(out) as { status: string; reply: string; timeline: { type: string }[]; usage: { total_tokens: number } };
    expect(doc.status).to.equal('completed');
    expect(doc.reply).to.equal('Hello ann!');
    expect(doc.timeline.map((e) => e.type)).to.include.members(['model:requested', 'model:responded', 'tool:started', 'tool:finished', 'hook:decision']);
    expect(doc.usage.total_tokens).to.be.greaterThan(0);
  });

  it('exits 3 when a plugin blocks the run', async () => {
    const { code, out } = await cli('run', fixture('greeterAgent.js'), '--message', 'greet bob');
    expect(code).to.equal(3);
    expect(out).to.include('blocked by no-bob.beforeModelCall: POLICY_BLOCKED: no bob');
  });

  it('prints one error line and no stack for a missing file', async () => {
    const { code, err } = await cli('run', 'nope/agent.js');
    expect(code).to.equal(1);
    expect(err.trim().split('\n')).to.have.length(1);
    expect(err).to.match(/^error CONFIG_INVALID: Agent file nope\/agent.js does not exist/);
  });

  it('prints the stack with --debug', async () => {
    const { err } = await cli('--debug', 'run', 'nope/agent.js');
    expect(err).to.include('at loadAgentApp');
  });

  it('refuses a module that exports no app', async () => {
    const { code, err } = await cli('run', fixture('notAnApp.js'));
    expect(code).to.equal(1);
    expect(err).to.include('has no agent app');
  });

  it('refuses --model openai without a key for the public endpoint, in one line', async () => {
    const { code, err } = await cli('run', fixture('greeterAgent.js'), '--model', 'openai');
    expect(code).to.equal(1);
    expect(err).to.match(/^error CONFIG_INVALID: .*OPENAI_API_KEY/);
  });

  it('refuses an unknown model kind with usage exit code 2', async () => {
    const { code, err } = await cli('run', fixture('greeterAgent.js'), '--model', 'gpt');
    expect(code).to.equal(2);
    expect(err).to.include('Allowed choices are scripted, openai');
  });
});
